//! `trainyard build`: render the site and swap it into `--out`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Args;

use super::{load_at, repo_root, Error, ExitStatus};
use crate::diagnostic::Severity;
use crate::report::plural;
use crate::site::{self, write, BuildOptions};

/// Flags of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Output folder. Relative to the current folder when given; without
    /// the flag, `public/` in the repository root.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Absolute URL the site is published at, for links in feeds
    /// (default: `[site] base_url` in trainyard.toml).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// The date pages treat as today (default: today in the calendar's time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    /// Do not read git history (who moved each release, and when); the
    /// pages say the site was built without it.
    #[arg(long)]
    pub no_history: bool,
}

/// The base URL from the flag or the configuration, checked.
pub fn base_url(repo: &crate::load::Repo, flag: Option<&str>) -> Result<Option<String>, Error> {
    flag.map(str::to_string)
        .or_else(|| repo.config.def.site.base_url.clone())
        .filter(|u| !u.trim().is_empty())
        .map(|u| site::normalize_base_url(&u).map_err(|e| miette::miette!("{e}")))
        .transpose()
}

/// Loads, checks, renders and publishes the site; exit 0 even with findings.
pub fn run(root: Option<&Path>, args: &BuildArgs) -> Result<ExitStatus, Error> {
    let started = std::time::Instant::now();
    let root = repo_root(root)?;
    // git reads the stage history while the repository loads and is
    // checked: on a large history that is most of a second.
    let history = (!args.no_history).then(|| {
        let root = root.clone();
        std::thread::spawn(move || crate::git::history(&root))
    });
    let pipeline = load_at(&root)?;
    let today = pipeline.today(args.today);
    let checked = pipeline.check(today);
    let (repo, outcome) = (pipeline.repo(), &checked.outcome);
    let options = BuildOptions::new(today, base_url(repo, args.base_url.as_deref())?);
    let options = match history {
        None => BuildOptions {
            history_note: Some("Built without stage history (--no-history).".to_string()),
            ..options
        },
        Some(reading) => options.with_history(
            reading
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        ),
    };
    let cwd = std::env::current_dir()
        .map_err(|e| miette::miette!("cannot read the current folder: {e}"))?;
    let out = match &args.out {
        Some(out) => write::absolute(out, &cwd),
        None => write::absolute(&repo.root.join("public"), &cwd),
    };
    write::check_out(&out, &repo.root).map_err(|e| miette::miette!("{e}"))?;
    let staging = write::Staging::new(&out).map_err(|e| miette::miette!("{e}"))?;
    let summary = match checked.render(&options, &staging.sink()) {
        Ok(s) => s,
        Err(e) => {
            staging.discard();
            return Err(miette::miette!(
                "{e}; the previous site (if any) is untouched"
            ));
        }
    };
    staging.publish().map_err(|e| miette::miette!("{e}"))?;
    for name in &summary.ignored {
        eprintln!("note: {name} was not used: only *.html and *.xml templates and files under templates/assets/ are");
    }
    if !summary.overridden.is_empty() {
        eprintln!("using the repository's {}", summary.overridden.join(", "));
    }
    let errors = outcome.count(Severity::Error);
    let warnings = outcome.count(Severity::Warning);
    eprintln!(
        "built {} ({}, {} KiB) into {} in {} ms",
        plural(summary.pages, "page"),
        plural(summary.files, "file"),
        summary.bytes.div_ceil(1024),
        out.display(),
        started.elapsed().as_millis()
    );
    if errors + warnings > 0 {
        eprintln!(
            "the site shows {} and {}; `trainyard lint` explains them",
            plural(errors, "error"),
            plural(warnings, "warning")
        );
    }
    // The process ends right after this; see `lint::run`.
    std::mem::forget(options);
    std::mem::forget(checked);
    std::mem::forget(pipeline);
    Ok(ExitStatus::Success)
}

//! `trainyard serve`: build into memory, serve on 127.0.0.1, rebuild on
//! change and reload open pages.

use std::net::TcpListener;
use std::path::Path;

use chrono::NaiveDate;
use clap::Args;

use super::{Error, ExitStatus};
use crate::diagnostic::Rule;
use crate::load::find_root;
use crate::pipeline::Pipeline;
use crate::site::{serve, BuildOptions, Memory};

/// Flags of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 4000)]
    pub port: u16,
    /// The date pages treat as today (default: today in the calendar's time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}

/// The pipeline over `root`, loaded afresh or reloaded: `serve` keeps one
/// between rebuilds.
fn reload<'p>(slot: &'p mut Option<Pipeline>, root: &Path) -> Result<&'p Pipeline, String> {
    let cannot =
        |e: std::io::Error| format!("cannot read the repository at {}: {e}", root.display());
    let pipeline = match slot.take() {
        Some(mut p) => {
            p.reload().map_err(cannot)?;
            p
        }
        None => Pipeline::load(root).map_err(cannot)?,
    };
    Ok(slot.insert(pipeline))
}

/// Checks and renders the loaded repository into memory.
fn render(pipeline: &Pipeline, flag_today: Option<NaiveDate>) -> Result<serve::Built, String> {
    let repo = pipeline.repo();
    let today = pipeline.today(flag_today);
    let checked = pipeline.check(today);
    let base_url = super::build::base_url(repo, None).map_err(|e| e.to_string())?;
    let memory = Memory::new();
    checked
        .render(
            &BuildOptions::new(today, base_url).with_history_of(&repo.root),
            &memory,
        )
        .map_err(|e| e.to_string())?;
    let problems = checked
        .outcome
        .findings
        .iter()
        .filter(|f| matches!(f.rule, Rule::ParseError | Rule::SchemaError))
        .map(|f| {
            let (path, start, _) = crate::report::locate(repo, f);
            format!("{path}:{}:{}: {}", start.line, start.column, f.message)
        })
        .collect();
    Ok(serve::Built {
        files: memory.into_files(),
        problems,
    })
}

/// Serves until interrupted; exit 2 when the port cannot be bound.
pub fn run(root: Option<&Path>, args: &ServeArgs) -> Result<ExitStatus, Error> {
    let cwd = std::env::current_dir()
        .map_err(|e| miette::miette!("cannot read the current folder: {e}"))?;
    let root = find_root(root, &cwd).map_err(|e| miette::miette!("{e}"))?;
    let root = root.canonicalize().unwrap_or(root);
    let listener = TcpListener::bind(("127.0.0.1", args.port)).map_err(|e| {
        miette::miette!(
            "cannot listen on 127.0.0.1:{}: {e}; try another --port",
            args.port
        )
    })?;
    let addr = listener.local_addr().map_err(|e| miette::miette!("{e}"))?;
    let today = args.today;
    let watched = root.clone();
    let mut pipeline = None;
    let mut rebuild = move || render(reload(&mut pipeline, &watched)?, today);
    // Watch before the first build: a save made while it runs is rebuilt
    // after it.
    let watch = serve::Watch::start(&root, vec![root.join("public")])
        .map_err(|e| miette::miette!("{e}"))?;
    let first = rebuild();
    if let Err(e) = &first {
        eprintln!("build failed: {e}");
    }
    let server = serve::Server::new(first);
    {
        let server = server.clone();
        std::thread::spawn(move || serve::run(listener, server));
    }
    eprintln!(
        "serving {} at http://{addr}/ (Ctrl-C stops)",
        root.display()
    );
    watch
        .run(server, rebuild)
        .map_err(|e| miette::miette!("{e}"))?;
    Ok(ExitStatus::Success)
}

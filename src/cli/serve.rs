//! `trainyard serve`: build into memory, serve on 127.0.0.1, rebuild on
//! change and reload open pages.

use std::net::TcpListener;
use std::path::Path;

use chrono::NaiveDate;
use clap::Args;

use super::{today, Error, ExitStatus};
use crate::diagnostic::Rule;
use crate::load::{find_root, Repo};
use crate::resolve::CheckOptions;
use crate::rules::{self};
use crate::site::{self, serve, BuildOptions, Memory};

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

/// Loads, checks and renders the repository at `root` into memory.
fn build(root: &Path, flag_today: Option<NaiveDate>) -> Result<serve::Built, String> {
    let repo = Repo::load(root)
        .map_err(|e| format!("cannot read the repository at {}: {e}", root.display()))?;
    let today = today(&repo, flag_today);
    let outcome = rules::check(&repo, &CheckOptions { today });
    let base_url = super::build::base_url(&repo, None).map_err(|e| e.to_string())?;
    let memory = Memory::new();
    site::render(
        &repo,
        &outcome,
        &BuildOptions::new(today, base_url).with_history_of(&repo.root),
        &memory,
    )
    .map_err(|e| e.to_string())?;
    let problems = outcome
        .findings
        .iter()
        .filter(|f| matches!(f.rule, Rule::ParseError | Rule::SchemaError))
        .map(|f| {
            let (path, start, _) = crate::report::locate(&repo, f);
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
    let first = build(&root, args.today);
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
    let today = args.today;
    let watched = root.clone();
    serve::watch(&root, vec![root.join("public")], server, move || {
        build(&watched, today)
    })
    .map_err(|e| miette::miette!("{e}"))?;
    Ok(ExitStatus::Success)
}

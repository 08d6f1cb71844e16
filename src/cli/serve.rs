//! `trainyard serve`: build into memory, serve on 127.0.0.1, rebuild on
//! change and reload open pages.

use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use clap::Args;

use super::{Error, ExitStatus};
use crate::load::find_root;
use crate::pipeline::incremental::Engine;
use crate::site::serve::{self, Rebuild};

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
    let engine = Arc::new(Engine::new(&root, args.today));
    // Watch before the first build: a save made while it runs is rebuilt
    // after it.
    let watch = serve::Watch::start(&root, vec![root.join("public")])
        .map_err(|e| miette::miette!("{e}"))?;
    let first = engine.full();
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
        .run(server, engine)
        .map_err(|e| miette::miette!("{e}"))?;
    Ok(ExitStatus::Success)
}

//! The command line: argument parsing and one function per command.
//! Commands return an [`ExitStatus`]; only `main` exits.

mod build;
mod check;
mod codeowners;
mod explain;
mod export;
mod gate;
mod init;
mod lint;
mod new;
mod promote;
mod serve;
mod slots;
mod templates;
mod windows;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use crate::load::{find_root, Repo};
use crate::pipeline::Pipeline;
use crate::report::Format;

/// How a command ended: the process exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Clean (warnings allowed).
    Success = 0,
    /// Findings at error severity (or any with `--deny-warnings`), or a
    /// gate that says no.
    Failure = 1,
    /// The command could not run.
    Error = 2,
}

/// A failure to run: the message says what to do.
pub type Error = miette::Report;

#[derive(Debug, Parser)]
#[command(
    name = "trainyard",
    version,
    about = "Release management kept as code: lint releases against policy, publish a release site and calendar feeds",
    propagate_version = true
)]
pub struct Cli {
    /// The release repository (default: the nearest folder at or above the
    /// current one with releases/ or policies/).
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a release repository that lints clean: policies, a calendar,
    /// a service, a person, a first release and a CI workflow.
    Init(init::InitArgs),
    /// Check every release against its policy and the calendar.
    Lint(LintArgs),
    /// Lint, and review the change against a base revision: each stage
    /// moves one legal step, closed releases and approvals stay as they
    /// were, ids are never reused.
    Check(check::CheckArgs),
    /// Print a CODEOWNERS file: service owners review their releases, the
    /// CAB reviews policies.
    Codeowners(codeowners::CodeownersArgs),
    /// Move a release (or train) one stage on, after checking the new
    /// stage's entry criteria; keeps every comment in the file.
    Promote(promote::PromoteArgs),
    /// Start a release at stage plan with the next free id (or copy one
    /// with --from), or a train from the last one (--train NAME --from TRAIN).
    #[command(disable_version_flag = true)]
    New(new::NewArgs),
    /// Render the release site (calendar, release pages, policies, feeds).
    Build(build::BuildArgs),
    /// Serve the site on 127.0.0.1, rebuilding and reloading on change.
    Serve(serve::ServeArgs),
    /// Explain a rule, list all rules, or describe the file formats.
    Explain(explain::ExplainArgs),
    /// The next windows where a release could legally go.
    Slots(slots::SlotsArgs),
    /// Upcoming maintenance windows, blackouts and events.
    Windows(windows::WindowsArgs),
    /// Exit 0 when a deployment of a service, or a release, may start now (or at --at), 1 when not.
    Gate(gate::GateArgs),
    /// Print the blackouts and maintenance windows for GitLab, Argo CD or
    /// AWS Systems Manager, exact over a range or refused.
    Export(export::ExportArgs),
    /// Write the built-in templates and stylesheet into DIR (default:
    /// templates/) to edit them; never overwrites a file.
    Templates(templates::TemplatesArgs),
    /// Print shell completions.
    Completions {
        /// bash, zsh, fish, elvish or powershell
        shell: clap_complete::Shell,
    },
}

/// Flags shared by `lint` and `check`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Print how many findings each rule produced.
    #[arg(long)]
    pub statistics: bool,
    /// The date rules treat as today (default: today in the calendar's time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<ExitStatus, Error> {
    let root = cli.root.as_deref();
    match cli.command {
        Command::Init(args) => init::run(&args),
        Command::Lint(args) => lint::run(root, &args),
        Command::Check(args) => check::run(root, &args),
        Command::Codeowners(args) => codeowners::run(root, &args),
        Command::Promote(args) => promote::run(root, &args),
        Command::New(args) => new::run(root, &args),
        Command::Build(args) => build::run(root, &args),
        Command::Serve(args) => serve::run(root, &args),
        Command::Explain(args) => explain::run(&args),
        Command::Slots(args) => slots::run(root, &args),
        Command::Windows(args) => windows::run(root, &args),
        Command::Gate(args) => gate::run(root, &args),
        Command::Export(args) => export::run(root, &args),
        Command::Templates(args) => templates::run(root, &args),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            // Into memory first: generate() panics when it cannot write,
            // as when the output is piped into `head`.
            let mut text = Vec::new();
            clap_complete::generate(shell, &mut cmd, "trainyard", &mut text);
            emit(None, &String::from_utf8_lossy(&text))?;
            Ok(ExitStatus::Success)
        }
    }
}

/// Loads the repository at `--root` (or found from the current folder).
pub fn load_repo(root: Option<&Path>) -> Result<Repo, Error> {
    load(root).map(Pipeline::into_repo)
}

/// The pipeline over the repository at `--root` (or found from the current
/// folder), loaded.
pub fn load(root: Option<&Path>) -> Result<Pipeline, Error> {
    load_at(&repo_root(root)?)
}

/// The repository's root: `--root`, else the nearest folder upwards that
/// holds one.
pub fn repo_root(root: Option<&Path>) -> Result<PathBuf, Error> {
    let cwd = std::env::current_dir()
        .map_err(|e| miette::miette!("cannot read the current folder: {e}"))?;
    find_root(root, &cwd).map_err(|e| miette::miette!("{e}"))
}

/// Loads the repository whose root is `root`.
pub fn load_at(root: &Path) -> Result<Pipeline, Error> {
    Pipeline::load(root)
        .map_err(|e| miette::miette!("cannot read the repository at {}: {e}", root.display()))
}

/// `--today`, or today's date in the calendar's time zone.
pub fn today(repo: &Repo, flag: Option<NaiveDate>) -> NaiveDate {
    flag.unwrap_or_else(|| crate::resolve::today(repo))
}

/// Whether to colour output on standard output: a terminal, and NO_COLOR
/// unset (CLICOLOR_FORCE forces colour).
pub fn use_color() -> bool {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    if set("NO_COLOR") {
        return false;
    }
    set("CLICOLOR_FORCE") || std::io::stdout().is_terminal()
}

/// Terminal width for wrapping: `COLUMNS`, else 100.
pub fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(100)
}

/// Writes `text` to `path` (through a temporary file beside it, so a
/// failed write never leaves half a report), or to standard output.
pub fn emit(path: Option<&Path>, text: &str) -> Result<(), Error> {
    use std::io::Write;
    match path {
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
            Ok(())
        }
        Some(path) => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let tmp = dir.join(format!(".{name}.trainyard-tmp"));
            std::fs::write(&tmp, text)
                .and_then(|_| std::fs::rename(&tmp, path))
                .map_err(|e| {
                    let _ = std::fs::remove_file(&tmp);
                    miette::miette!("cannot write {}: {e}", path.display())
                })
        }
    }
}

//! The `trainyard` binary: parse arguments, run, exit with 0, 1 or 2.

use std::process::ExitCode;

/// The pipeline allocates many small strings and maps (parsed TOML, page
/// contexts); mimalloc handles that pattern markedly faster than the
/// system allocator, across threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use trainyard::cli::{run, Cli, ExitStatus};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(status) => ExitCode::from(status as u8),
        Err(err) => {
            eprintln!("trainyard: error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(ExitStatus::Error as u8)
        }
    }
}

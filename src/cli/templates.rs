//! `trainyard templates [DIR]`: writes the built-in templates and
//! stylesheet out, to edit them. The site uses a repository's `templates/`
//! file by file, so what is left unchanged can be deleted again.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{Error, ExitStatus};
use crate::load::find_root;
use crate::site::templates::builtins;

#[derive(Debug, Args)]
pub struct TemplatesArgs {
    /// Where to write them (default: `templates/` in the repository root, or
    /// in the current folder outside a repository).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

pub fn run(root: Option<&Path>, args: &TemplatesArgs) -> Result<ExitStatus, Error> {
    let dir = match &args.dir {
        Some(dir) => dir.clone(),
        None => {
            let cwd = std::env::current_dir()
                .map_err(|e| miette::miette!("cannot read the current folder: {e}"))?;
            find_root(root, &cwd).unwrap_or(cwd).join("templates")
        }
    };
    let existing: Vec<&str> = builtins()
        .map(|(name, _)| name)
        .filter(|name| dir.join(name).symlink_metadata().is_ok())
        .collect();
    if !existing.is_empty() {
        return Err(miette::miette!(
            "{} in {} already {}: {}; nothing was written. Move {} aside, or name another \
             folder: `trainyard templates DIR`",
            crate::words::plural(existing.len() as i64, "file"),
            dir.display(),
            if existing.len() == 1 {
                "exists"
            } else {
                "exist"
            },
            existing.join(", "),
            if existing.len() == 1 { "it" } else { "them" },
        ));
    }
    let mut written = 0;
    for (name, bytes) in builtins() {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| miette::miette!("cannot create {}: {e}", parent.display()))?;
        }
        // create_new: a file that appeared since the check above is kept.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, bytes))
            .map_err(|e| miette::miette!("cannot write {}: {e}", path.display()))?;
        written += 1;
    }
    eprintln!(
        "wrote {written} files into {}; edit the ones to change and delete the rest \
         (`trainyard build` uses the built-in version of any file not there)",
        dir.display()
    );
    Ok(ExitStatus::Success)
}

//! Writing a site to disk safely.
//!
//! The site is rendered into a temporary folder beside `--out`; only when
//! every file is written is the old folder swapped out and the new one
//! renamed into place, so a failing build leaves the previous site as it
//! was. An output folder is marked with [`MARKER`]; a later build replaces
//! only a folder that is empty or carries the mark, and never the file
//! system root, the repository or a folder that contains it.

use std::path::{Component, Path, PathBuf};

use super::{Sink, SiteError};

/// The file that marks a folder as a site trainyard built.
pub const MARKER: &str = ".trainyard-site";

const MARKER_TEXT: &str = "This folder is a site built by `trainyard build`.\n\
A later build replaces it as a whole: do not keep other files here.\n";

/// Folders of the repository the site must not be written into: trainyard
/// would read the output back as part of the repository.
const REPO_FOLDERS: [&str; 3] = ["releases", "policies", "templates"];

/// `path` made absolute (against `cwd`) and with `.`/`..` resolved, with
/// symbolic links resolved in the part that exists.
pub fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    // Resolve links in the longest existing prefix.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    resolved
}

/// Checks that `out` (absolute, see [`absolute`]) may receive a site of
/// the repository at `repo_root`.
pub fn check_out(out: &Path, repo_root: &Path) -> Result<(), SiteError> {
    let refuse = |why: String| {
        Err(SiteError::Refused(format!(
            "refusing to write the site to {}: {why}",
            out.display()
        )))
    };
    if out.parent().is_none() {
        return refuse("it is the root of the file system".into());
    }
    let repo = repo_root
        .canonicalize()
        .unwrap_or_else(|_| repo_root.to_path_buf());
    if out == repo {
        return refuse(
            "it is the release repository itself; use a folder inside it, such as public/".into(),
        );
    }
    if repo.starts_with(out) {
        return refuse(
            "it contains the release repository; use a folder inside it, such as public/".into(),
        );
    }
    for folder in REPO_FOLDERS {
        if out.starts_with(repo.join(folder)) {
            return refuse(format!(
                "it is inside the repository's {folder}/ folder, which trainyard reads; use a folder such as public/"
            ));
        }
    }
    if out.exists() {
        if !out.is_dir() {
            return refuse("it is a file, not a folder".into());
        }
        let marked = out.join(MARKER).is_file();
        let empty = std::fs::read_dir(out)
            .map_err(|e| SiteError::Io(format!("cannot read {}: {e}", out.display())))?
            .next()
            .is_none();
        if !marked && !empty {
            return refuse(format!(
                "it is not empty and was not made by trainyard (no {MARKER} file in it); \
                 remove it or choose another --out"
            ));
        }
    }
    Ok(())
}

/// A site being written into a temporary folder beside its destination.
pub struct Staging {
    tmp: PathBuf,
    out: PathBuf,
}

/// Writes files under a folder.
pub struct DirSink {
    dir: PathBuf,
}

impl Sink for DirSink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), SiteError> {
        let rel = Path::new(path);
        if path.is_empty()
            || rel.is_absolute()
            || rel.components().any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(SiteError::Io(format!(
                "refusing to write `{path}`: not a plain relative path"
            )));
        }
        let target = self.dir.join(rel);
        if let Some(parent) = target.parent() {
            // Most pages are alone in a new folder whose parent exists:
            // one mkdir, without first asking whether it is there.
            let made = match std::fs::create_dir(parent) {
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                    std::fs::create_dir_all(parent)
                }
                _ => Ok(()),
            };
            made.map_err(|e| SiteError::Io(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(&target, bytes)
            .map_err(|e| SiteError::Io(format!("cannot write {}: {e}", target.display())))
    }
}

fn sibling(out: &Path, what: &str) -> Option<PathBuf> {
    let name = out.file_name()?.to_string_lossy().to_string();
    Some(out.with_file_name(format!(".{name}.trainyard-{what}-{}", std::process::id())))
}

impl Staging {
    /// Creates the temporary folder beside `out` (absolute, checked).
    pub fn new(out: &Path) -> Result<Staging, SiteError> {
        let parent = out
            .parent()
            .ok_or_else(|| SiteError::Refused(format!("{} has no parent folder", out.display())))?;
        std::fs::create_dir_all(parent)
            .map_err(|e| SiteError::Io(format!("cannot create {}: {e}", parent.display())))?;
        remove_leftovers(out);
        let tmp = sibling(out, "tmp")
            .ok_or_else(|| SiteError::Refused(format!("{} has no name", out.display())))?;
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)
                .map_err(|e| SiteError::Io(format!("cannot remove {}: {e}", tmp.display())))?;
        }
        std::fs::create_dir(&tmp)
            .map_err(|e| SiteError::Io(format!("cannot create {}: {e}", tmp.display())))?;
        std::fs::write(tmp.join(MARKER), MARKER_TEXT).map_err(|e| {
            SiteError::Io(format!("cannot write {}: {e}", tmp.join(MARKER).display()))
        })?;
        Ok(Staging {
            tmp,
            out: out.to_path_buf(),
        })
    }

    /// The sink that writes into the temporary folder.
    pub fn sink(&self) -> DirSink {
        DirSink {
            dir: self.tmp.clone(),
        }
    }

    /// Swaps the finished site into place; the previous one is removed
    /// only once the new one is there.
    pub fn publish(self) -> Result<(), SiteError> {
        let io = |what: &str, p: &Path, e: std::io::Error| {
            SiteError::Io(format!("cannot {what} {}: {e}", p.display()))
        };
        if self.out.exists() {
            let old = sibling(&self.out, "old")
                .ok_or_else(|| SiteError::Refused("no folder name".into()))?;
            if old.exists() {
                std::fs::remove_dir_all(&old).map_err(|e| io("remove", &old, e))?;
            }
            std::fs::rename(&self.out, &old).map_err(|e| io("move aside", &self.out, e))?;
            if let Err(e) = std::fs::rename(&self.tmp, &self.out) {
                // Put the previous site back.
                let _ = std::fs::rename(&old, &self.out);
                let _ = std::fs::remove_dir_all(&self.tmp);
                return Err(io("move into place", &self.out, e));
            }
            // The new site is in place: the previous one goes without
            // making the build wait for thousands of unlinks.
            remove_in_background(&old);
            Ok(())
        } else {
            std::fs::rename(&self.tmp, &self.out).map_err(|e| {
                let _ = std::fs::remove_dir_all(&self.tmp);
                io("move into place", &self.out, e)
            })
        }
    }

    /// Removes the temporary folder (after a failed render).
    pub fn discard(self) {
        let _ = std::fs::remove_dir_all(&self.tmp);
    }
}

/// Removes temporary and previous-site folders that an interrupted build
/// left beside `out` (only ones that carry the marker).
fn remove_leftovers(out: &Path) {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return;
    };
    let prefix = format!(".{}.trainyard-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file_name = e.file_name().to_string_lossy().to_string();
        if file_name.starts_with(&prefix) && e.path().join(MARKER).is_file() {
            remove_in_background(&e.path());
        }
    }
}

/// Removes `dir`, a site folder moved aside (it carries [`MARKER`]), in a
/// detached `rm` process that outlives the build; where no such process
/// can be started, removes it here and now.
fn remove_in_background(dir: &Path) {
    #[cfg(unix)]
    {
        let spawned = std::process::Command::new("rm")
            .arg("-rf")
            .arg("--")
            .arg(dir)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if spawned.is_ok() {
            return;
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_resolves_dots() {
        let cwd = Path::new("/definitely/not/here");
        assert_eq!(
            absolute(Path::new("../x/./y"), cwd),
            PathBuf::from("/definitely/not/x/y")
        );
        assert_eq!(absolute(Path::new("/"), cwd), PathBuf::from("/"));
    }

    #[test]
    fn sink_refuses_escaping_paths() {
        let sink = DirSink {
            dir: PathBuf::from("/nonexistent-trainyard-test"),
        };
        assert!(sink.put("../x", Vec::new()).is_err());
        assert!(sink.put("/x", Vec::new()).is_err());
        assert!(sink.put("", Vec::new()).is_err());
    }
}

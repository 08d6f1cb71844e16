//! Finding the repository root and the files trainyard reads in it.

use std::fs::FileType;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// What a file is to trainyard.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Config,
    Calendar,
    Services,
    People,
    Environments,
    /// A release-type policy named by its stem.
    Policy(String),
    /// `releases/<dir>/release.toml`.
    Release(String),
    Runbook(String),
    Notes(String),
    Train(String),
}

/// A file found in the repository.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    pub kind: Kind,
    /// Relative path with `/`.
    pub rel: String,
    pub path: PathBuf,
}

/// Why a file was passed over.
#[derive(Clone, Debug)]
pub struct Skipped {
    pub rel: String,
    pub reason: String,
    /// What to do about it.
    pub help: &'static str,
}

/// The root to work on: `explicit` when given, else the nearest folder at
/// or above `cwd` that has `releases/` or `policies/`.
pub fn find_root(explicit: Option<&Path>, cwd: &Path) -> Result<PathBuf, String> {
    let is_repo = |p: &Path| p.join("releases").is_dir() || p.join("policies").is_dir();
    match explicit {
        Some(root) => {
            if !root.is_dir() {
                return Err(format!("--root {}: no such folder", root.display()));
            }
            if !is_repo(root) {
                return Err(format!(
                    "{} is not a release repository: it has no releases/ or policies/ folder. \
                     Run trainyard in a release repository or pass --root DIR.",
                    root.display()
                ));
            }
            Ok(root.to_path_buf())
        }
        None => cwd.ancestors().find(|p| is_repo(p)).map(Path::to_path_buf).ok_or_else(|| {
            format!(
                "{} is not in a release repository: no releases/ or policies/ folder here or above. \
                 Run trainyard in a release repository or pass --root DIR.",
                cwd.display()
            )
        }),
    }
}

/// The files in each release folder (and one level of subfolders), by
/// folder name, as paths relative to the folder with `/`, sorted. Rules use
/// them to check links without reading the disk.
pub type FolderFiles = std::collections::BTreeMap<String, Vec<String>>;

/// What one walk of part of the tree found.
#[derive(Default)]
struct Walked {
    found: Vec<Found>,
    skipped: Vec<Skipped>,
    folder_files: FolderFiles,
}

impl Walked {
    fn merge(mut self, other: Walked) -> Walked {
        self.found.extend(other.found);
        self.skipped.extend(other.skipped);
        for (dir, files) in other.folder_files {
            self.folder_files.entry(dir).or_default().extend(files);
        }
        self
    }
}

/// Every file trainyard reads below `root`, sorted; links that lead out of
/// the root are reported in `Skipped` rather than followed. Release
/// folders are walked in parallel: on a large repository the walk is
/// mostly system calls, one folder at a time. The file types come from
/// the folder listings themselves, so a plain file or folder costs no
/// `stat` of its own; only links are looked at further.
pub fn discover(root: &Path) -> std::io::Result<(Vec<Found>, Vec<Skipped>, FolderFiles)> {
    let canon_root = root.canonicalize()?;
    let mut walked = Walked::default();
    let config = root.join("trainyard.toml");
    if config.is_file() {
        walked.found.push(Found {
            kind: Kind::Config,
            rel: "trainyard.toml".into(),
            path: config,
        });
    }
    // The folders to walk: policies/ and each entry of releases/, with the
    // entry's own type when the listing gave it.
    let mut parts = vec![Part {
        path: root.join("policies"),
        rel: "policies".to_string(),
        kind: None,
        depth: 1,
    }];
    let releases = root.join("releases");
    if releases.is_dir() {
        for entry in std::fs::read_dir(&releases)? {
            let entry = entry?;
            parts.push(Part {
                rel: format!("releases/{}", entry.file_name().to_string_lossy()),
                kind: entry.file_type().ok(),
                path: entry.path(),
                depth: 2,
            });
        }
    }
    let parts: Vec<Walked> = parts
        .into_par_iter()
        .map(|part| walk(&canon_root, part))
        .collect::<std::io::Result<_>>()?;
    let mut walked = parts.into_iter().fold(walked, Walked::merge);
    walked.found.sort();
    walked.skipped.sort_by(|a, b| a.rel.cmp(&b.rel));
    for files in walked.folder_files.values_mut() {
        files.sort();
    }
    Ok((walked.found, walked.skipped, walked.folder_files))
}

/// A file or folder to walk: `policies/` or one entry of `releases/`.
struct Part {
    path: PathBuf,
    /// Its path relative to the root, with `/`.
    rel: String,
    /// Its type as the listing of its parent gave it (`None`: look it up).
    kind: Option<FileType>,
    /// How many levels below it to walk.
    depth: usize,
}

const OUTSIDE: &str =
    "is a link to something outside the repository (or to nothing); it was not read";
const OUTSIDE_HELP: &str =
    "replace the link with the file itself, or a link to a file inside the repository";

/// Walks one part down to its depth. A link as the part itself is
/// followed when it stays inside the root; links below it are not.
fn walk(canon_root: &Path, part: Part) -> std::io::Result<Walked> {
    let mut walked = Walked::default();
    let kind = match part.kind {
        Some(kind) => kind,
        None => match std::fs::symlink_metadata(&part.path) {
            Ok(meta) => meta.file_type(),
            // Not there: nothing to walk.
            Err(_) => return Ok(walked),
        },
    };
    let is_dir = if kind.is_symlink() {
        match part.path.canonicalize() {
            Ok(target) if target.starts_with(canon_root) => target.is_dir(),
            _ => {
                walked.skipped.push(Skipped {
                    rel: part.rel,
                    reason: OUTSIDE.into(),
                    help: OUTSIDE_HELP,
                });
                return Ok(walked);
            }
        }
    } else {
        kind.is_dir()
    };
    if is_dir {
        // The folder name under releases/, for the files rules may link to.
        let folder = part
            .rel
            .strip_prefix("releases/")
            .filter(|dir| *dir != "trains")
            .map(str::to_string);
        list(
            canon_root,
            &part.path,
            &part.rel,
            folder.as_deref(),
            "",
            part.depth,
            &mut walked,
        )?;
    }
    Ok(walked)
}

/// Lists the folder at `path` (relative path `rel`, `sub` below the release
/// folder `folder`), then its subfolders while `depth` allows.
fn list(
    canon_root: &Path,
    path: &Path,
    rel: &str,
    folder: Option<&str>,
    sub: &str,
    depth: usize,
    walked: &mut Walked,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let file_type = entry.file_type()?;
        let entry_rel = format!("{rel}/{name}");
        let entry_sub = if sub.is_empty() {
            name.to_string()
        } else {
            format!("{sub}/{name}")
        };
        if file_type.is_dir() {
            if depth > 1 {
                list(
                    canon_root,
                    &entry.path(),
                    &entry_rel,
                    folder,
                    &entry_sub,
                    depth - 1,
                    walked,
                )?;
            }
        } else if let Some(dir) = folder {
            walked
                .folder_files
                .entry(dir.to_string())
                .or_default()
                .push(entry_sub);
        }
        let Some(kind) = classify(&entry_rel) else {
            continue;
        };
        if file_type.is_symlink() {
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(canon_root) && target.is_file() => {}
                _ => {
                    walked.skipped.push(Skipped {
                        rel: entry_rel,
                        reason: OUTSIDE.into(),
                        help: OUTSIDE_HELP,
                    });
                    continue;
                }
            }
        } else if file_type.is_dir() {
            // A folder where trainyard expects a file: say so rather than
            // act as if the file were missing.
            walked.skipped.push(Skipped {
                rel: entry_rel,
                reason: "is a folder, but trainyard reads it as a file; it was not read".into(),
                help: "replace the folder with a file, or rename the folder so that its name does not end in .toml or .md",
            });
            continue;
        } else if !file_type.is_file() {
            continue;
        }
        walked.found.push(Found {
            kind,
            rel: entry_rel,
            path: entry.path(),
        });
    }
    Ok(())
}

/// What the file at relative path `rel` is, if trainyard reads it.
pub(crate) fn classify(rel: &str) -> Option<Kind> {
    let parts: Vec<&str> = rel.split('/').collect();
    match parts.as_slice() {
        ["policies", file] => {
            let stem = file.strip_suffix(".toml")?;
            Some(match stem {
                "calendar" => Kind::Calendar,
                "services" => Kind::Services,
                "people" => Kind::People,
                "environments" => Kind::Environments,
                _ => Kind::Policy(stem.to_string()),
            })
        }
        ["releases", "trains", file] => file
            .strip_suffix(".toml")
            .map(|s| Kind::Train(s.to_string())),
        ["releases", dir, file] if *dir != "trains" => match *file {
            "release.toml" => Some(Kind::Release(dir.to_string())),
            "runbook.md" => Some(Kind::Runbook(dir.to_string())),
            "notes.md" => Some(Kind::Notes(dir.to_string())),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_the_layout() {
        assert_eq!(classify("policies/calendar.toml"), Some(Kind::Calendar));
        assert_eq!(
            classify("policies/major.toml"),
            Some(Kind::Policy("major".into()))
        );
        assert_eq!(classify("policies/README.md"), None);
        assert_eq!(
            classify("releases/REL-2024-03-015/release.toml"),
            Some(Kind::Release("REL-2024-03-015".into()))
        );
        assert_eq!(
            classify("releases/trains/2024-Q1.toml"),
            Some(Kind::Train("2024-Q1".into()))
        );
        assert_eq!(
            classify("releases/REL-2024-03-015/extra/release.toml"),
            None
        );
        assert_eq!(classify("releases/notes.md"), None);
    }
}

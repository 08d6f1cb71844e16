//! What differs between a commit and the working tree under the release
//! root, from git's own listings (one `git ls-tree`, one `git ls-files`),
//! so that `check --base` reads from git only the files that changed.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::tree::{parse_ls_tree, Entry, ROOTS};
use super::{Git, GitError};

/// The files under the release root at one commit, by name and object id,
/// and which of them differ in the working tree.
#[derive(Debug, Default)]
pub struct Listing {
    /// Every file at the commit (links included), in `git ls-tree` order.
    pub(super) entries: Vec<Entry>,
    /// Paths that differ between the commit and the working tree: changed
    /// in the index or on disk (staged or not), added, deleted, or
    /// untracked (not ignored).
    pub changed: BTreeSet<String>,
    /// The working tree's files under `releases/`: tracked and untracked,
    /// not ignored ones.
    pub worktree: Vec<String>,
}

/// The release folder a path lies in (`releases/DIR/...`, not trains).
pub fn release_dir(path: &str) -> Option<&str> {
    let (dir, _) = path.strip_prefix("releases/")?.split_once('/')?;
    (dir != "trains").then_some(dir)
}

impl Listing {
    /// The release folders at the commit, from the names alone.
    pub fn base_dirs(&self) -> BTreeSet<&str> {
        self.entries
            .iter()
            .filter_map(|e| release_dir(&e.path))
            .collect()
    }

    /// The release folders that hold a changed path, or a link at the
    /// commit (whose target may have changed while the link did not).
    pub fn changed_dirs(&self) -> BTreeSet<String> {
        let links = self
            .entries
            .iter()
            .filter(|e| e.mode == "120000")
            .filter_map(|e| release_dir(&e.path));
        self.changed
            .iter()
            .filter_map(|p| release_dir(p))
            .chain(links)
            .map(str::to_string)
            .collect()
    }
}

impl Git {
    /// Lists the files at `commit` and what differs in the working tree
    /// (two git processes, run side by side).
    pub fn listing(&self, commit: &str) -> Result<Listing, GitError> {
        let (tree, files) = std::thread::scope(|s| {
            let files = s.spawn(|| {
                let mut args = vec![
                    "ls-files",
                    "-z",
                    "-t",
                    "-s",
                    "--cached",
                    "--others",
                    "--modified",
                    "--deleted",
                    "--exclude-standard",
                    "--",
                ];
                args.extend(ROOTS);
                self.run(&args)
            });
            let mut args = vec!["ls-tree", "-r", "-z", commit, "--"];
            args.extend(ROOTS);
            let tree = self.run(&args);
            (tree, files.join())
        });
        let tree = tree?;
        if !tree.ok {
            return Err(self.failed("git ls-tree", &tree));
        }
        let files = files.map_err(|_| GitError::Failed {
            command: "git ls-files".into(),
            detail: "it stopped unexpectedly".into(),
        })??;
        if !files.ok {
            return Err(self.failed("git ls-files", &files));
        }
        let entries = parse_ls_tree(&tree.stdout);
        let (changed, worktree) = compare(&entries, &files.stdout);
        Ok(Listing {
            entries,
            changed,
            worktree,
        })
    }

    /// Reads the files of `listing` whose path `want` accepts, as they
    /// were at its commit.
    pub fn read_listed(
        &self,
        listing: &Listing,
        want: impl Fn(&str) -> bool,
    ) -> Result<BTreeMap<String, Vec<u8>>, GitError> {
        self.read_entries(&listing.entries, want)
    }

    /// The working tree's files in the release folders `dirs`, read from
    /// disk; a listed file that cannot be read is gone.
    pub fn worktree_files(&self, listing: &Listing, dirs: &[String]) -> BTreeMap<String, Vec<u8>> {
        let wanted: BTreeSet<&str> = dirs.iter().map(String::as_str).collect();
        let mut files = BTreeMap::new();
        for path in &listing.worktree {
            if !release_dir(path).is_some_and(|d| wanted.contains(d)) || files.contains_key(path) {
                continue;
            }
            if let Ok(bytes) = std::fs::read(self.root.join(path)) {
                files.insert(path.clone(), bytes);
            }
        }
        files
    }
}

/// The paths that differ, and the working tree's files under `releases/`,
/// from `ls-tree` entries and `git ls-files -z -t -s --cached --others
/// --modified --deleted` output.
fn compare(entries: &[Entry], ls_files: &[u8]) -> (BTreeSet<String>, Vec<String>) {
    let mut changed = BTreeSet::new();
    let mut worktree = Vec::new();
    // Path to (mode, id) of the index's entries at stage 0.
    let mut index: HashMap<&str, (&str, &str)> = HashMap::new();
    for rec in ls_files.split(|&b| b == 0) {
        let Ok(rec) = std::str::from_utf8(rec) else {
            continue;
        };
        let Some((tag, rest)) = rec.split_once(' ') else {
            continue;
        };
        if tag == "?" {
            changed.insert(rest.to_string());
            if rest.starts_with("releases/") {
                worktree.push(rest.to_string());
            }
            continue;
        }
        let Some((meta, path)) = rest.split_once('\t') else {
            continue;
        };
        let mut f = meta.split(' ');
        let (Some(mode), Some(id), Some(stage)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        match tag {
            // Modified or deleted on disk, or in the way of a folder.
            "C" | "R" | "K" => {
                changed.insert(path.to_string());
            }
            _ => {
                if stage != "0" {
                    changed.insert(path.to_string());
                } else {
                    index.insert(path, (mode, id));
                }
                if path.starts_with("releases/")
                    && worktree.last().map(String::as_str) != Some(path)
                {
                    worktree.push(path.to_string());
                }
            }
        }
    }
    let mut at_commit: HashMap<&str, (&str, &str)> = HashMap::with_capacity(entries.len());
    for e in entries {
        at_commit.insert(&e.path, (&e.mode, &e.id));
        if index.get(e.path.as_str()) != Some(&(e.mode.as_str(), e.id.as_str())) {
            changed.insert(e.path.clone());
        }
    }
    for path in index.keys() {
        if !at_commit.contains_key(path) {
            changed.insert(path.to_string());
        }
    }
    (changed, worktree)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(mode: &str, id: &str, path: &str) -> Entry {
        Entry {
            mode: mode.into(),
            id: id.into(),
            path: path.into(),
        }
    }

    #[test]
    fn index_disk_and_untracked_differences_are_all_changes() {
        let entries = [
            entry("100644", "a1", "releases/A/release.toml"),
            entry("100644", "b1", "releases/B/release.toml"),
            entry("100644", "c1", "releases/C/release.toml"),
            entry("100644", "d1", "releases/D/release.toml"),
            entry("100644", "p1", "policies/minor.toml"),
        ];
        let out = [
            // Unchanged.
            "H 100644 a1 0\treleases/A/release.toml",
            // Staged.
            "H 100644 b2 0\treleases/B/release.toml",
            // Changed on disk only.
            "H 100644 c1 0\treleases/C/release.toml",
            "C 100644 c1 0\treleases/C/release.toml",
            // Deleted on disk.
            "H 100644 d1 0\treleases/D/release.toml",
            "R 100644 d1 0\treleases/D/release.toml",
            // Added to the index.
            "H 100644 e1 0\treleases/E/release.toml",
            // Untracked.
            "? releases/F/release.toml",
            // policies/minor.toml removed from the index.
        ]
        .join("\0");
        let (changed, worktree) = compare(&entries, out.as_bytes());
        let changed: Vec<&str> = changed.iter().map(String::as_str).collect();
        assert_eq!(
            changed,
            [
                "policies/minor.toml",
                "releases/B/release.toml",
                "releases/C/release.toml",
                "releases/D/release.toml",
                "releases/E/release.toml",
                "releases/F/release.toml",
            ]
        );
        assert_eq!(worktree.len(), 6, "{worktree:?}");
    }

    #[test]
    fn release_folders_exclude_trains() {
        assert_eq!(release_dir("releases/A/runbook.md"), Some("A"));
        assert_eq!(release_dir("releases/trains/2030-Q1.toml"), None);
        assert_eq!(release_dir("policies/minor.toml"), None);
        assert_eq!(release_dir("releases/README"), None);
    }
}

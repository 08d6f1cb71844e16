//! The files of the release root at one revision: one `git ls-tree` to
//! list them, one `git cat-file --batch` to read them all.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{cat_blobs, Git, GitError};

/// The top-level entries of a release root that trainyard reads.
pub(super) const ROOTS: [&str; 3] = ["trainyard.toml", "policies", "releases"];

/// The files under the release root at one commit.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    /// The commit read.
    pub commit: String,
    /// Path relative to the release root (with `/`) to contents, for
    /// `trainyard.toml` and everything under `policies/` and `releases/`.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Tree {
    /// The files as `(path, contents)` pairs, for `Repo::from_files`.
    pub fn pairs(&self) -> Vec<(String, Vec<u8>)> {
        self.files
            .iter()
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect()
    }
}

/// One line of `git ls-tree -r -z`.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Entry {
    pub mode: String,
    pub id: String,
    pub path: String,
}

impl Git {
    /// Reads every file trainyard may need at `commit` (two git processes).
    pub fn read_tree(&self, commit: &str) -> Result<Tree, GitError> {
        let mut args = vec!["ls-tree", "-r", "-z", commit, "--"];
        args.extend(ROOTS);
        let out = self.run(&args)?;
        if !out.ok {
            return Err(self.failed("git ls-tree", &out));
        }
        let entries = parse_ls_tree(&out.stdout);
        Ok(Tree {
            commit: commit.to_string(),
            files: self.read_entries(&entries, |_| true)?,
        })
    }

    /// Reads the files of `entries` whose path `want` accepts (one `git
    /// cat-file --batch`, and a second only when a link points at a file
    /// not asked for).
    pub(super) fn read_entries(
        &self,
        entries: &[Entry],
        want: impl Fn(&str) -> bool,
    ) -> Result<BTreeMap<String, Vec<u8>>, GitError> {
        let wanted: Vec<&Entry> = entries.iter().filter(|e| want(&e.path)).collect();
        let ids = dedup(wanted.iter().map(|e| e.id.as_str()));
        let mut blobs: HashMap<String, Vec<u8>> = ids
            .iter()
            .cloned()
            .zip(cat_blobs(&self.root, &ids)?)
            .filter_map(|(id, b)| Some((id, b?)))
            .collect();
        let by_path: HashMap<&str, &Entry> = entries.iter().map(|e| (e.path.as_str(), e)).collect();
        // A link reads as the file it points at when that is in the tree;
        // links out of the tree are left out, as on disk.
        let mut links: HashMap<&str, &str> = HashMap::new();
        for e in wanted.iter().filter(|e| e.mode == "120000") {
            let target = blobs.get(&e.id).map(|t| String::from_utf8_lossy(t));
            let resolved = target.and_then(|t| resolve_link(&e.path, &t));
            if let Some(t) = resolved.and_then(|p| by_path.get(p.as_str()).copied()) {
                if t.mode != "120000" {
                    links.insert(&e.path, &t.id);
                }
            }
        }
        let missing = dedup(
            links
                .values()
                .copied()
                .filter(|id| !blobs.contains_key(*id)),
        );
        let fetched: Vec<(String, Vec<u8>)> = missing
            .iter()
            .cloned()
            .zip(cat_blobs(&self.root, &missing)?)
            .filter_map(|(id, b)| Some((id, b?)))
            .collect();
        blobs.extend(fetched);
        let mut files = BTreeMap::new();
        for e in &wanted {
            let id = match e.mode.as_str() {
                "120000" => match links.get(e.path.as_str()) {
                    Some(id) => *id,
                    None => continue,
                },
                _ => e.id.as_str(),
            };
            if let Some(bytes) = blobs.get(id) {
                files.insert(e.path.clone(), bytes.clone());
            }
        }
        Ok(files)
    }
}

/// The ids in first-seen order, each once.
pub(super) fn dedup<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen = HashSet::new();
    ids.into_iter()
        .filter(|i| seen.insert(*i))
        .map(str::to_string)
        .collect()
}

/// Parses `git ls-tree -r -z` output, keeping blobs (files and links).
pub(super) fn parse_ls_tree(out: &[u8]) -> Vec<Entry> {
    out.split(|&b| b == 0)
        .filter_map(|rec| {
            let rec = std::str::from_utf8(rec).ok()?;
            let (meta, path) = rec.split_once('\t')?;
            let mut f = meta.split(' ');
            let (mode, kind, id) = (f.next()?, f.next()?, f.next()?);
            (kind == "blob").then(|| Entry {
                mode: mode.to_string(),
                id: id.to_string(),
                path: path.to_string(),
            })
        })
        .collect()
}

/// The path a link at `link` with target `target` points at, relative to
/// the same root; `None` when it leaves the root or is absolute.
fn resolve_link(link: &str, target: &str) -> Option<String> {
    if target.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = link.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{git, write};
    use super::*;
    use crate::load::Repo;

    #[test]
    fn ls_tree_lines_parse() {
        let out = b"100644 blob abc\treleases/A/release.toml\x00160000 commit def\tvendor\x00120000 blob 123\tpolicies/x.toml\0";
        let e = parse_ls_tree(out);
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].path, "releases/A/release.toml");
        assert_eq!(e[1].mode, "120000");
    }

    #[test]
    fn links_resolve_inside_the_root_only() {
        assert_eq!(
            resolve_link("policies/minor.toml", "../shared/minor.toml").as_deref(),
            Some("shared/minor.toml")
        );
        assert_eq!(resolve_link("policies/a.toml", "../../etc/passwd"), None);
        assert_eq!(resolve_link("policies/a.toml", "/etc/passwd"), None);
    }

    #[test]
    fn a_revision_loads_like_the_working_tree() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path();
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        git(top, &["init", "-q"]);
        for entry in walkdir::WalkDir::new(&fixture) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&fixture).unwrap();
                let text = std::fs::read_to_string(entry.path()).unwrap();
                write(&top.join("repo"), rel.to_str().unwrap(), &text);
            }
        }
        write(top, "repo/releases/REL-2030-03-001/attachment.pdf", "%PDF");
        write(top, "outside.toml", "x = 1");
        git(top, &["add", "."]);
        git(top, &["commit", "-q", "-m", "base"]);
        // A change in the working tree is not seen at the revision.
        write(top, "repo/policies/minor.toml", "broken = [");
        let root = top.join("repo");
        let g = Git::open(&root).unwrap();
        let head = g.head().unwrap().unwrap();
        let tree = g.read_tree(&head).unwrap();
        assert!(tree
            .files
            .contains_key("releases/REL-2030-03-001/attachment.pdf"));
        assert!(!tree.files.keys().any(|k| k.contains("outside")));
        let at_rev = Repo::from_files(&root, tree.pairs());
        let on_disk = Repo::load(&fixture).unwrap();
        let paths = |r: &Repo| r.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&at_rev), paths(&on_disk));
        assert_eq!(at_rev.releases.len(), 2);
        assert!(at_rev.findings.is_empty(), "{:?}", at_rev.findings);
        assert_eq!(at_rev.policies.len(), on_disk.policies.len());
    }
}

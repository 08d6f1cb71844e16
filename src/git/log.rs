//! Reading `git log`: commit headers in a format trainyard can split, the
//! release files each commit in a range changed (one `git log --raw` plus
//! one `git cat-file --batch`), and the release folders ever deleted.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::DateTime;

use super::{cat_blobs, tree::dedup, Commit, Git, GitError, RELEASE_FILES};

/// `--format` for commit headers: a record separator, then id, author,
/// email, ISO date, committer, committer email and subject separated by
/// unit separators.
pub(super) const FORMAT: &str = "--format=%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%cn%x1f%ce%x1f%s";

/// Parses a header line written with [`FORMAT`] (the leading record
/// separator included).
pub(super) fn parse_header(line: &str) -> Option<Commit> {
    let rest = line.strip_prefix('\u{1e}')?;
    let mut f = rest.splitn(7, '\u{1f}');
    let mut next = || f.next();
    let (id, author, email, date) = (next()?, next()?, next()?, next()?);
    let (committer, committer_email, message) = (next()?, next()?, next()?);
    Some(Commit {
        id: id.to_string(),
        author: author.to_string(),
        email: email.to_string(),
        date: DateTime::parse_from_rfc3339(date.trim()).ok()?,
        committer: committer.to_string(),
        committer_email: committer_email.to_string(),
        message: message.to_string(),
    })
}

/// Undoes git's C-style quoting of a path (`"a\tb"`), which it applies
/// to unusual characters even with `core.quotePath=false`.
pub(super) fn unquote(path: &str) -> String {
    let Some(inner) = path.strip_prefix('"').and_then(|p| p.strip_suffix('"')) else {
        return path.to_string();
    };
    let mut bytes = Vec::with_capacity(inner.len());
    let mut it = inner.bytes().peekable();
    while let Some(b) = it.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match it.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(b'r') => bytes.push(b'\r'),
            Some(b'a') => bytes.push(7),
            Some(b'b') => bytes.push(8),
            Some(b'f') => bytes.push(12),
            Some(b'v') => bytes.push(11),
            Some(d @ b'0'..=b'7') => {
                let mut v = u32::from(d - b'0');
                for _ in 0..2 {
                    match it.peek() {
                        Some(&o @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(o - b'0');
                            it.next();
                        }
                        _ => break,
                    }
                }
                bytes.push(u8::try_from(v).unwrap_or(b'?'));
            }
            Some(other) => bytes.push(other),
            None => bytes.push(b'\\'),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// One release definition as one commit changed it.
#[derive(Clone, Debug)]
pub struct FileVersion {
    pub commit: Arc<Commit>,
    /// Path relative to the release root.
    pub path: String,
    /// The text before the commit; `None` when the commit created the file
    /// (or it was not UTF-8).
    pub before: Option<String>,
    /// The text after the commit; `None` when the commit deleted the file
    /// (or it is not UTF-8).
    pub after: Option<String>,
}

/// One `--raw` line: old id, new id, path.
pub(super) fn parse_raw(line: &str) -> Option<(&str, &str, &str)> {
    let (meta, path) = line.strip_prefix(':')?.split_once('\t')?;
    let f: Vec<&str> = meta.split(' ').collect();
    match f.as_slice() {
        [_, _, old, new, _status] => Some((old, new, path)),
        _ => None,
    }
}

pub(super) fn is_null(id: &str) -> bool {
    id.bytes().all(|b| b == b'0')
}

impl Git {
    /// Every change to a release definition made by the commits reachable
    /// from `head` but not from `base`, oldest first, with the text before
    /// and after each (two git processes). Merge commits are left out:
    /// what they bring in is seen in the commits they merge.
    pub fn release_changes(&self, base: &str, head: &str) -> Result<Vec<FileVersion>, GitError> {
        let range = format!("{base}..{head}");
        let out = self.run([
            "log",
            "--no-merges",
            "--no-renames",
            "--reverse",
            "--raw",
            "--no-abbrev",
            FORMAT,
            &range,
            "--",
            RELEASE_FILES,
        ])?;
        if !out.ok {
            return Err(self.failed("git log", &out));
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let mut changes: Vec<(Arc<Commit>, String, String, String)> = Vec::new();
        let mut commit: Option<Arc<Commit>> = None;
        for line in text.lines() {
            if line.starts_with('\u{1e}') {
                commit = parse_header(line).map(Arc::new);
            } else if let (Some(c), Some((old, new, path))) = (&commit, parse_raw(line)) {
                let path = unquote(path);
                if let Some(rel) = self.relative(&path) {
                    changes.push((c.clone(), rel.to_string(), old.to_string(), new.to_string()));
                }
            }
        }
        let ids = dedup(
            changes
                .iter()
                .flat_map(|(_, _, o, n)| [o.as_str(), n.as_str()])
                .filter(|id| !is_null(id)),
        );
        let blobs: std::collections::HashMap<String, String> = ids
            .iter()
            .cloned()
            .zip(cat_blobs(&self.root, &ids)?)
            .filter_map(|(id, b)| Some((id, String::from_utf8(b?).ok()?)))
            .collect();
        Ok(changes
            .into_iter()
            .map(|(commit, path, old, new)| FileVersion {
                commit,
                path,
                before: blobs.get(&old).cloned(),
                after: blobs.get(&new).cloned(),
            })
            .collect())
    }

    /// The folder names of every release definition deleted in the history
    /// of `rev` (one git process): ids that must not be used again.
    pub fn deleted_releases(&self, rev: &str) -> Result<BTreeSet<String>, GitError> {
        let out = self.run([
            "log",
            "--no-renames",
            "--diff-filter=D",
            "--name-only",
            "--format=",
            rev,
            "--",
            RELEASE_FILES,
        ])?;
        if !out.ok {
            return Err(self.failed("git log", &out));
        }
        let text = String::from_utf8_lossy(&out.stdout);
        Ok(text
            .lines()
            .map(unquote)
            .filter_map(|p| {
                let rel = self.relative(&p)?;
                let dir = rel
                    .strip_prefix("releases/")?
                    .strip_suffix("/release.toml")?;
                (!dir.contains('/')).then(|| dir.to_string())
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{git, git_as, write};
    use super::*;

    #[test]
    fn headers_and_raw_lines_parse() {
        let c = parse_header(
            "\u{1e}abc123\u{1f}Carol Diaz\u{1f}carol@example.com\u{1f}2030-03-01T10:00:00+01:00\u{1f}GitHub\u{1f}noreply@github.com\u{1f}REL: test -> stage",
        )
        .unwrap();
        assert_eq!(c.author, "Carol Diaz");
        assert_eq!(c.date.to_rfc3339(), "2030-03-01T10:00:00+01:00");
        assert_eq!(c.message, "REL: test -> stage");
        assert!(parse_header("abc").is_none());
        assert_eq!(c.committer_email, "noreply@github.com");
        assert!(
            parse_header("\u{1e}a\u{1f}b\u{1f}c\u{1f}not a date\u{1f}d\u{1f}e\u{1f}m").is_none()
        );
        assert_eq!(
            parse_raw(":100644 100644 aaa bbb M\treleases/A/release.toml"),
            Some(("aaa", "bbb", "releases/A/release.toml"))
        );
        assert_eq!(parse_raw("diff --git"), None);
    }

    #[test]
    fn quoted_paths_unquote() {
        assert_eq!(
            unquote("releases/A/release.toml"),
            "releases/A/release.toml"
        );
        assert_eq!(unquote("\"a\\tb\\\"c\""), "a\tb\"c");
        assert_eq!(unquote("\"caf\\303\\251\""), "café");
    }

    #[test]
    fn a_range_lists_each_commit_s_versions_and_deletions_are_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path();
        git(top, &["init", "-q"]);
        write(top, "r/releases/A/release.toml", "stage = \"plan\"\n");
        write(top, "r/releases/B/release.toml", "stage = \"plan\"\n");
        git(top, &["add", "."]);
        git(top, &["commit", "-q", "-m", "base"]);
        let base = git(top, &["rev-parse", "HEAD"]).trim().to_string();
        write(top, "r/releases/A/release.toml", "stage = \"build\"\n");
        git_as(
            top,
            "Carol",
            "carol@example.com",
            &["commit", "-q", "-am", "A: plan -> build"],
        );
        git(top, &["rm", "-q", "r/releases/B/release.toml"]);
        write(top, "r/releases/C/runbook.md", "# not a definition\n");
        git(top, &["add", "."]);
        git(top, &["commit", "-q", "-m", "drop B"]);
        let g = Git::open(&top.join("r")).unwrap();
        let head = g.head().unwrap().unwrap();
        let changes = g.release_changes(&base, &head).unwrap();
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].path, "releases/A/release.toml");
        assert_eq!(changes[0].commit.email, "carol@example.com");
        assert_eq!(changes[0].before.as_deref(), Some("stage = \"plan\"\n"));
        assert_eq!(changes[0].after.as_deref(), Some("stage = \"build\"\n"));
        assert_eq!(changes[1].path, "releases/B/release.toml");
        assert!(changes[1].after.is_none());
        assert_eq!(
            g.deleted_releases(&head)
                .unwrap()
                .into_iter()
                .collect::<Vec<_>>(),
            vec!["B".to_string()]
        );
        assert!(g.deleted_releases(&base).unwrap().is_empty());
    }
}

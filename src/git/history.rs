//! Release history: every commit that changed a release's `stage`, read
//! with one `git log --raw` over all release definitions, and each version
//! of them from the work tree when it holds that version unchanged, else
//! from one `git cat-file --batch`.
//!
//! Only the `stage = "…"` and window lines of each version are looked at,
//! and each version once, however many commits it appears in; git
//! computes no diffs. A `stage =` line inside a multi-line string would
//! be misread; release files do not put such text in strings in practice.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};

use super::log::{is_null, parse_header, parse_raw, unquote, FORMAT};
use super::{cat_blobs, tree::dedup, Commit, Git, GitError, RELEASE_FILES};
use crate::model::Stage;

/// One stage change of one release, by one commit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Transition {
    /// The stage before; `None` when the commit created the release (or
    /// its earlier stage could not be read).
    #[serde(serialize_with = "stage_opt")]
    pub from: Option<Stage>,
    #[serde(serialize_with = "stage")]
    pub to: Stage,
    pub commit: Commit,
}

fn stage<S: Serializer>(s: &Stage, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(s.as_str())
}

fn stage_opt<S: Serializer>(s: &Option<Stage>, ser: S) -> Result<S::Ok, S::Error> {
    match s {
        Some(s) => ser.serialize_str(s.as_str()),
        None => ser.serialize_none(),
    }
}

/// Who moved each release to each stage, and when.
#[derive(Clone, Debug, Default, Serialize)]
pub struct History {
    /// By release folder name (which is the release id), oldest first.
    pub transitions: BTreeMap<String, Vec<Transition>>,
    /// By release folder name: how many commits after the one that created
    /// the release moved its window (`start`, `duration`, `end`) or its
    /// stage. Calendar feeds use it as the event's SEQUENCE.
    pub revisions: BTreeMap<String, u32>,
    /// By release folder name: when the last commit that changed the
    /// release's definition was made. Calendar feeds use it as
    /// LAST-MODIFIED.
    pub touched: BTreeMap<String, DateTime<Utc>>,
    /// When the revision built (`HEAD`) was committed; `None` before the
    /// first commit. Calendar feeds use it as DTSTAMP.
    pub head_time: Option<DateTime<Utc>>,
    /// False when the clone is shallow, so older changes are missing.
    pub complete: bool,
}

impl History {
    /// A release's transitions, oldest first.
    pub fn of(&self, release_dir: &str) -> &[Transition] {
        self.transitions.get(release_dir).map_or(&[], Vec::as_slice)
    }

    /// The `limit` most recent transitions of all releases, newest first,
    /// with the release folder name.
    pub fn recent(&self, limit: usize) -> Vec<(&str, &Transition)> {
        let mut all: Vec<(&str, &Transition)> = self
            .transitions
            .iter()
            .flat_map(|(dir, ts)| ts.iter().map(move |t| (dir.as_str(), t)))
            .collect();
        all.sort_by(|a, b| {
            (b.1.commit.date, &b.1.commit.id, b.0).cmp(&(a.1.commit.date, &a.1.commit.id, a.0))
        });
        all.truncate(limit);
        all
    }
}

/// The history of the release repository at `root` (two git processes:
/// one to find the work tree, one `git log`). Outside a git work tree, or
/// without git, the error says why; the site then builds without history.
pub fn history(root: &Path) -> Result<History, GitError> {
    Git::open(root)?.history()
}

impl Git {
    /// Every stage change in the history of `HEAD`.
    pub fn history(&self) -> Result<History, GitError> {
        let out = self.run([
            "log",
            "--no-merges",
            "--no-renames",
            "--reverse",
            "--raw",
            "--no-abbrev",
            FORMAT,
            "HEAD",
            "--",
            RELEASE_FILES,
        ])?;
        if !out.ok {
            // A repository without commits has no history yet.
            if self.head()?.is_none() {
                return Ok(History {
                    complete: !self.shallow,
                    ..History::default()
                });
            }
            return Err(self.failed("git log", &out));
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let raw = parse_raw_log(&text);
        let ids = dedup(
            raw.changes
                .iter()
                .flat_map(|c| [c.old.as_str(), c.new.as_str()])
                .filter(|id| !is_null(id)),
        );
        let versions = self.versions(ids)?;
        let mut history = History {
            complete: !self.shallow,
            ..History::default()
        };
        let release_dir = |path: &str| {
            let rel = self.relative(path)?;
            rel.strip_prefix("releases/")
                .and_then(|r| r.strip_suffix("/release.toml"))
                .filter(|d| !d.contains('/'))
                .map(str::to_string)
        };
        let log = compare(&raw, |id| versions.get(id));
        for (path, at) in log.touched {
            if let Some(dir) = release_dir(&path) {
                history.touched.insert(dir, at);
            }
        }
        history.head_time = self.head_time()?;
        for (path, t) in log.transitions {
            if let Some(dir) = release_dir(&path) {
                history.transitions.entry(dir).or_default().push(t);
            }
        }
        for path in log.revised {
            if let Some(dir) = release_dir(&path) {
                *history.revisions.entry(dir).or_default() += 1;
            }
        }
        Ok(history)
    }
}

impl Git {
    /// What each of these versions of release files says. A version the
    /// work tree holds unchanged (most of them: every release's latest)
    /// is read from its file; git reads the rest in one `cat-file`.
    fn versions(&self, ids: Vec<String>) -> Result<HashMap<String, Version>, GitError> {
        let clean = self.clean_files()?;
        let mut versions = HashMap::with_capacity(ids.len());
        let mut from_git = Vec::new();
        for id in ids {
            let text = clean
                .get(id.as_str())
                .and_then(|path| std::fs::read(self.top.join(path)).ok());
            match text {
                Some(bytes) => {
                    versions.insert(id, Version::of(&String::from_utf8_lossy(&bytes)));
                }
                None => from_git.push(id),
            }
        }
        let blobs = cat_blobs(&self.root, &from_git)?;
        for (id, blob) in from_git.into_iter().zip(blobs) {
            let text = String::from_utf8_lossy(blob.as_deref().unwrap_or_default()).into_owned();
            versions.insert(id, Version::of(&text));
        }
        Ok(versions)
    }

    /// The object id of each release file in the index whose work-tree
    /// file matches it (`git diff-files` finds no change), with its path
    /// from the work tree's top.
    fn clean_files(&self) -> Result<HashMap<String, String>, GitError> {
        let listed = self.run(["ls-files", "-s", "-z", "--full-name", "--", RELEASE_FILES])?;
        let dirty = self.run(["diff-files", "--name-only", "-z", "--", RELEASE_FILES])?;
        if !listed.ok || !dirty.ok {
            // Without them every version is read from git.
            return Ok(HashMap::new());
        }
        let dirty: std::collections::HashSet<&[u8]> = dirty
            .stdout
            .split(|&b| b == 0)
            .filter(|p| !p.is_empty())
            .collect();
        let mut clean = HashMap::new();
        for entry in listed.stdout.split(|&b| b == 0) {
            // `<mode> <id> <stage>\t<path>`; a conflicted file (stage
            // other than 0) has no one version in the work tree.
            let Some(tab) = entry.iter().position(|&b| b == b'\t') else {
                continue;
            };
            let (meta, path) = (&entry[..tab], &entry[tab + 1..]);
            let mut fields = meta.split(|&b| b == b' ');
            let (Some(_mode), Some(id), Some(b"0")) = (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            if dirty.contains(path) {
                continue;
            }
            if let (Ok(id), Ok(path)) = (std::str::from_utf8(id), std::str::from_utf8(path)) {
                clean.insert(id.to_string(), path.to_string());
            }
        }
        Ok(clean)
    }

    /// The commit time of `HEAD`, or `None` before the first commit.
    fn head_time(&self) -> Result<Option<DateTime<Utc>>, GitError> {
        let out = self.run(["log", "-1", "--format=%cI", "HEAD", "--"])?;
        if !out.ok {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&out.stdout);
        Ok(DateTime::parse_from_rfc3339(text.trim())
            .ok()
            .map(|t| t.with_timezone(&Utc)))
    }
}

/// The stage a `stage = "…"` line sets, if it is one.
pub(crate) fn stage_line(line: &str) -> Option<Stage> {
    let l = line.trim_start();
    let rest = ["stage", "\"stage\"", "'stage'"]
        .iter()
        .find_map(|k| l.strip_prefix(k))?;
    let rest = rest.trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = rest[1..].split(quote).next()?;
    Stage::parse(value)
}

/// A `start`, `duration` or `end` line (a release window's keys), as
/// `key=value` without spacing or comment, so that reformatting a line is
/// not a move.
fn window_line(line: &str) -> Option<String> {
    let (key, value) = line.split_once('=')?;
    let key = key.trim().trim_matches(['"', '\'']);
    if !matches!(key, "start" | "duration" | "end") {
        return None;
    }
    let value = value.split('#').next()?.trim();
    Some(format!("{key}={value}"))
}

/// What a version of a release file says that history looks at.
#[derive(Debug, Default, PartialEq)]
struct Version {
    /// The stage its last `stage = "…"` line sets.
    stage: Option<Stage>,
    /// Its window lines, normalised and sorted.
    window: Vec<String>,
}

impl Version {
    fn of(text: &str) -> Version {
        let mut v = Version::default();
        for line in text.lines() {
            // Only a line whose key starts like `stage`, `start`,
            // `duration` or `end` (or is quoted) can matter.
            let first = line.bytes().find(|b| !matches!(b, b' ' | b'\t'));
            if !matches!(first, Some(b's' | b'd' | b'e' | b'"' | b'\'')) {
                continue;
            }
            if let Some(s) = stage_line(line) {
                v.stage = Some(s);
            }
            v.window.extend(window_line(line));
        }
        v.window.sort();
        v
    }
}

/// One file changed by one commit: object ids before and after (all
/// zeros when the commit created or deleted it).
struct Change {
    commit: usize,
    path: String,
    old: String,
    new: String,
}

/// `git log --raw` output: the commits, and the changes of each.
#[derive(Default)]
struct RawLog {
    commits: Vec<Commit>,
    changes: Vec<Change>,
}

fn parse_raw_log(text: &str) -> RawLog {
    let mut log = RawLog::default();
    let mut current: Option<usize> = None;
    for line in text.lines() {
        if line.starts_with('\u{1e}') {
            current = parse_header(line).map(|c| {
                log.commits.push(c);
                log.commits.len() - 1
            });
        } else if let (Some(commit), Some((old, new, path))) = (current, parse_raw(line)) {
            // A change of mode alone changes nothing history reads.
            if old != new {
                log.changes.push(Change {
                    commit,
                    path: unquote(path),
                    old: old.to_string(),
                    new: new.to_string(),
                });
            }
        }
    }
    log
}

/// What the log says of release files.
#[derive(Default)]
struct Log {
    /// (path, transition), in the log's order.
    transitions: Vec<(String, Transition)>,
    /// The path of each file a commit revised (moved its window or its
    /// stage) after creating it, once per commit.
    revised: Vec<String>,
    /// (path, commit time) of every commit that changed a file, oldest first.
    touched: Vec<(String, DateTime<Utc>)>,
}

/// Compares each change's versions (looked up by object id) into
/// transitions, revisions and touches, in the log's order.
fn compare<'v>(raw: &RawLog, version: impl Fn(&str) -> Option<&'v Version>) -> Log {
    let none = Version::default();
    let mut out = Log::default();
    for change in &raw.changes {
        let c = &raw.commits[change.commit];
        let created = is_null(&change.old);
        let old = version(&change.old).unwrap_or(&none);
        let new = version(&change.new).unwrap_or(&none);
        out.touched
            .push((change.path.clone(), c.date.with_timezone(&Utc)));
        let moved_stage = new.stage.is_some_and(|to| old.stage != Some(to));
        if !created && (moved_stage || old.window != new.window) {
            out.revised.push(change.path.clone());
        }
        if let (Some(to), true) = (new.stage, moved_stage) {
            out.transitions.push((
                change.path.clone(),
                Transition {
                    from: old.stage,
                    to,
                    commit: c.clone(),
                },
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{git, git_as, write};
    use super::*;

    #[test]
    fn stage_lines_are_recognised() {
        assert_eq!(stage_line("stage = \"test\""), Some(Stage::Test));
        assert_eq!(stage_line("  stage='deploy'   # go"), Some(Stage::Deploy));
        assert_eq!(stage_line("\"stage\" = \"close\""), Some(Stage::Close));
        assert_eq!(stage_line("stages = \"test\""), None);
        assert_eq!(stage_line("stage = \"staging\""), None);
        assert_eq!(stage_line("gate = \"stage\""), None);
    }

    #[test]
    fn a_log_yields_the_stage_change_and_creation() {
        let log = "\u{1e}c1\u{1f}Alice\u{1f}a@x\u{1f}2030-03-01T10:00:00+00:00\u{1f}Alice\u{1f}a@x\u{1f}add\n\
\n\
:000000 100644 0000000000000000000000000000000000000000 aaaa A\treleases/A/release.toml\n\
\u{1e}c2\u{1f}Carol\u{1f}c@x\u{1f}2030-03-02T10:00:00+00:00\u{1f}Carol\u{1f}c@x\u{1f}A: plan -> build\n\
\n\
:100644 100644 aaaa bbbb M\treleases/A/release.toml\n\
:100644 100644 cccc dddd M\treleases/B/release.toml\n\
:100644 100755 dddd dddd M\treleases/B/release.toml\n";
        let raw = parse_raw_log(log);
        assert_eq!(raw.changes.len(), 3, "a change of mode alone is left out");
        let versions: std::collections::HashMap<&str, Version> = [
            ("aaaa", "id = \"A\"\nstage = \"plan\"\n"),
            ("bbbb", "id = \"A\"\nstage = \"build\"\n"),
            ("cccc", "stage = \"test\"\ntitle = \"x\"\n"),
            ("dddd", "stage = \"test\"\ntitle = \"y\"\n"),
        ]
        .into_iter()
        .map(|(id, text)| (id, Version::of(text)))
        .collect();
        let out = compare(&raw, |id| versions.get(id));
        let ts = out.transitions;
        assert_eq!(ts.len(), 2);
        assert_eq!(ts[0].0, "releases/A/release.toml");
        assert_eq!((ts[0].1.from, ts[0].1.to), (None, Stage::Plan));
        assert_eq!(
            (ts[1].1.from, ts[1].1.to),
            (Some(Stage::Plan), Stage::Build)
        );
        assert_eq!(ts[1].1.commit.author, "Carol");
        // A's stage move is a revision; B's title change is not.
        assert_eq!(out.revised, vec!["releases/A/release.toml".to_string()]);
        assert_eq!(out.touched.len(), 3);
    }

    #[test]
    fn versions_come_from_the_work_tree_only_when_it_holds_them_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path();
        git(top, &["init", "-q"]);
        let file = "releases/R/release.toml";
        write(top, file, "id = \"R\"\nstage = \"plan\"\n");
        git(top, &["add", "."]);
        git(top, &["commit", "-q", "-m", "plan"]);
        write(top, file, "id = \"R\"\nstage = \"build\"\n");
        git(top, &["commit", "-q", "-am", "build"]);
        let stages = |h: &History| h.of("R").iter().map(|t| t.to).collect::<Vec<_>>();
        let g = Git::open(top).unwrap();
        assert_eq!(
            g.clean_files().unwrap().len(),
            1,
            "the committed file is clean"
        );
        assert_eq!(stages(&g.history().unwrap()), [Stage::Plan, Stage::Build]);
        // An edit not yet committed is not history, and the version it
        // replaced is then read from git.
        write(top, file, "id = \"R\"\nstage = \"deploy\"\n");
        assert!(g.clean_files().unwrap().is_empty());
        assert_eq!(stages(&g.history().unwrap()), [Stage::Plan, Stage::Build]);
    }

    #[test]
    fn history_of_a_real_repository() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path();
        git(top, &["init", "-q"]);
        let file = "ops/releases/REL-2030-03-001/release.toml";
        write(
            top,
            file,
            "id = \"REL-2030-03-001\"\nstage = \"plan\" # first\n",
        );
        git(top, &["add", "."]);
        git(top, &["commit", "-q", "-m", "Plan REL-2030-03-001"]);
        write(
            top,
            file,
            "id = \"REL-2030-03-001\"\nstage = \"build\" # first\n",
        );
        git_as(
            top,
            "Carol Diaz",
            "carol@example.com",
            &["commit", "-q", "-am", "REL-2030-03-001: plan -> build"],
        );
        // A comment-only edit of the stage line is no transition.
        write(
            top,
            file,
            "id = \"REL-2030-03-001\"\nstage = \"build\" # second\n",
        );
        git(top, &["commit", "-q", "-am", "comment"]);
        // Moving the window is a revision too; reformatting it is not.
        write(
            top,
            file,
            "id = \"REL-2030-03-001\"\nstage = \"build\" # second\n[window]\nstart = 2030-03-09T20:00:00\n",
        );
        git(top, &["commit", "-q", "-am", "window"]);
        write(
            top,
            file,
            "id = \"REL-2030-03-001\"\nstage = \"build\" # second\n[window]\nstart = 2030-03-16T20:00:00 # moved\n",
        );
        git(top, &["commit", "-q", "-am", "move"]);
        write(
            top,
            file,
            "id = \"REL-2030-03-001\"\nstage = \"build\" # second\n[window]\nstart   =   2030-03-16T20:00:00\n",
        );
        git(top, &["commit", "-q", "-am", "reformat"]);
        let h = history(&top.join("ops")).unwrap();
        assert!(h.complete);
        // plan -> build, adding the window, moving it.
        assert_eq!(h.revisions.get("REL-2030-03-001"), Some(&3));
        let ts = h.of("REL-2030-03-001");
        assert_eq!(ts.len(), 2, "{ts:#?}");
        assert_eq!(ts[1].from, Some(Stage::Plan));
        assert_eq!(ts[1].to, Stage::Build);
        assert_eq!(ts[1].commit.email, "carol@example.com");
        assert_eq!(ts[1].commit.message, "REL-2030-03-001: plan -> build");
        assert_eq!(h.recent(1).len(), 1);
        // Every commit touched the file; the last is the newest, and HEAD.
        let touched = h.touched.get("REL-2030-03-001").copied();
        assert!(touched.is_some());
        assert_eq!(touched, h.head_time);
        let json = serde_json::to_value(&h).unwrap();
        assert_eq!(json["transitions"]["REL-2030-03-001"][1]["to"], "build");
        // An empty repository has an empty history; a plain folder none.
        let empty = tempfile::tempdir().unwrap();
        git(empty.path(), &["init", "-q"]);
        assert!(history(empty.path()).unwrap().transitions.is_empty());
    }
}

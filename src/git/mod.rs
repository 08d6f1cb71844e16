//! Reading a release repository's git history: the files at a revision
//! (for `check --base`), who changed which release file in a range of
//! commits (for `approvals = "author"`), and every stage change ever made
//! (for the site's history).
//!
//! trainyard shells out to the `git` binary. Every question costs a fixed
//! number of git processes however many files or commits it covers: a
//! tree is one `git ls-tree` plus one `git cat-file --batch`, a history is
//! one `git log`. Nothing here runs git once per file.

mod changes;
mod history;
mod log;
mod tree;

use std::ffi::OsStr;
use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

pub use changes::{release_dir, Listing};
pub use history::{history, History, Transition};
pub use log::FileVersion;
pub use tree::Tree;

/// Pathspec of every release definition, relative to the release root.
pub(crate) const RELEASE_FILES: &str = "releases/*/release.toml";

/// Why git could not answer. The message says how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GitError {
    /// The `git` program could not be started.
    NotInstalled(String),
    /// The folder is not inside a git work tree.
    NotARepository { path: PathBuf, detail: String },
    /// The revision does not exist in this clone.
    UnknownRevision { rev: String, shallow: bool },
    /// A git command failed for another reason.
    Failed { command: String, detail: String },
}

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GitError::NotInstalled(e) => write!(
                f,
                "cannot run git ({e}). Install git and make sure it is on PATH \
                 (in a container image: `apt-get install git` or `apk add git`)"
            ),
            GitError::NotARepository { path, detail } => {
                write!(f, "{} is not inside a git repository", path.display())?;
                if !detail.is_empty() {
                    write!(f, " (git says: {detail})")?;
                }
                write!(
                    f,
                    ". Run trainyard in a clone of the release repository; in CI, check the repository out with git rather than downloading an archive"
                )
            }
            GitError::UnknownRevision { rev, shallow: true } => write!(
                f,
                "`{rev}` is not in this clone, which is shallow (it holds only the latest commits). \
                 Fetch the whole history with `git fetch --unshallow` (GitHub Actions: \
                 `actions/checkout` with `fetch-depth: 0`; GitLab CI: `GIT_DEPTH: 0`)"
            ),
            GitError::UnknownRevision { rev, shallow: false } => write!(
                f,
                "git does not know the revision `{rev}`. Fetch it first (for a branch: \
                 `git fetch origin BRANCH` and pass `origin/BRANCH`); in GitHub Actions check out \
                 with `fetch-depth: 0`, in GitLab CI set `GIT_DEPTH: 0`"
            ),
            GitError::Failed { command, detail } => {
                write!(f, "`{command}` failed")?;
                if !detail.is_empty() {
                    write!(f, ": {detail}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for GitError {}

/// One commit, as shown in history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Commit {
    /// The full object id.
    pub id: String,
    pub author: String,
    pub email: String,
    /// The author date, with the author's offset.
    pub date: DateTime<FixedOffset>,
    pub committer: String,
    pub committer_email: String,
    /// The subject line of the commit message.
    pub message: String,
}

impl Commit {
    /// The first seven characters of the id.
    pub fn short(&self) -> &str {
        self.id.get(..7).unwrap_or(&self.id)
    }
}

/// A git work tree that holds a release repository, possibly in a
/// subfolder.
#[derive(Clone, Debug)]
pub struct Git {
    /// The release root (where git runs).
    root: PathBuf,
    /// The work tree's top folder.
    pub top: PathBuf,
    /// The release root's path within the work tree, with `/` and a
    /// trailing `/`, or empty at the top.
    pub prefix: String,
    /// Whether the clone is shallow (its history is cut off).
    pub shallow: bool,
}

impl Git {
    /// The git work tree holding `root` (one git process).
    pub fn open(root: &Path) -> Result<Git, GitError> {
        let out = run_git(
            root,
            [
                "rev-parse",
                "--show-toplevel",
                "--show-prefix",
                "--is-shallow-repository",
            ],
        )?;
        if !out.ok {
            return Err(GitError::NotARepository {
                path: root.to_path_buf(),
                detail: out.stderr_line(),
            });
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let mut lines = text.lines();
        let (Some(top), Some(prefix), Some(shallow)) = (lines.next(), lines.next(), lines.next())
        else {
            // `--show-toplevel` prints nothing in a bare repository or
            // inside `.git`.
            return Err(GitError::NotARepository {
                path: root.to_path_buf(),
                detail: "not in a work tree".into(),
            });
        };
        Ok(Git {
            root: root.to_path_buf(),
            top: PathBuf::from(top),
            prefix: prefix.to_string(),
            shallow: shallow.trim() == "true",
        })
    }

    /// The commit `rev` names, as a full object id.
    pub fn resolve(&self, rev: &str) -> Result<String, GitError> {
        let spec = format!("{rev}^{{commit}}");
        let out = self.run([
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ])?;
        let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !out.ok || id.is_empty() {
            return Err(GitError::UnknownRevision {
                rev: rev.to_string(),
                shallow: self.shallow,
            });
        }
        Ok(id)
    }

    /// The commit `HEAD` names, or `None` before the first commit.
    pub fn head(&self) -> Result<Option<String>, GitError> {
        match self.resolve("HEAD") {
            Ok(id) => Ok(Some(id)),
            Err(GitError::UnknownRevision { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Where the current branch left `base`: the best common ancestor of
    /// `base` and `head`, or `None` when they share no history.
    pub fn merge_base(&self, base: &str, head: &str) -> Result<Option<String>, GitError> {
        let out = self.run(["merge-base", "--end-of-options", base, head])?;
        let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
        match (out.ok, id.is_empty()) {
            (true, false) => Ok(Some(id)),
            // Exit 1 with no output: no common ancestor.
            (false, true) if out.code == Some(1) && out.stderr.trim().is_empty() => Ok(None),
            _ => Err(self.failed("git merge-base", &out)),
        }
    }

    /// Runs git in the release root.
    fn run<I, S>(&self, args: I) -> Result<Output, GitError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        run_git(&self.root, args)
    }

    /// A path relative to the work tree's top as a path relative to the
    /// release root, when it lies inside the root.
    fn relative<'p>(&self, path: &'p str) -> Option<&'p str> {
        path.strip_prefix(self.prefix.as_str())
    }

    fn failed(&self, command: &str, out: &Output) -> GitError {
        GitError::Failed {
            command: command.to_string(),
            detail: out.stderr_line(),
        }
    }
}

/// `git config user.email` for the repository at `dir`: who is
/// committing, when git is installed and the setting is made.
pub fn user_email(dir: &Path) -> Option<String> {
    let out = run_git(dir, ["config", "user.email"]).ok()?;
    let email = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (out.ok && !email.is_empty()).then_some(email)
}

/// What a finished git process left behind.
struct Output {
    ok: bool,
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

impl Output {
    /// The first line of standard error, for messages.
    fn stderr_line(&self) -> String {
        let line = self
            .stderr
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("");
        line.strip_prefix("fatal: ").unwrap_or(line).to_string()
    }
}

/// A git command in `dir`, insulated from settings that change output:
/// no pager, no colour, no external diff, C locale, paths unquoted.
fn git_command<I, S>(dir: &Path, args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .args(["-c", "core.quotePath=false", "-c", "color.ui=never"])
        .args(args)
        .env("GIT_PAGER", "cat")
        .env("LC_ALL", "C")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env_remove("GIT_EXTERNAL_DIFF");
    cmd
}

fn spawn_error(e: std::io::Error) -> GitError {
    GitError::NotInstalled(e.to_string())
}

/// Runs git to completion with no input.
fn run_git<I, S>(dir: &Path, args: I) -> Result<Output, GitError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = git_command(dir, args)
        .stdin(Stdio::null())
        .output()
        .map_err(spawn_error)?;
    Ok(Output {
        ok: out.status.success(),
        code: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

/// Runs git with `input` on standard input, written from a second thread
/// so that neither side blocks on a full pipe.
fn run_git_with_input<I, S>(dir: &Path, args: I, input: Vec<u8>) -> Result<Output, GitError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut child = git_command(dir, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(spawn_error)?;
    let mut stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let Some(stdin) = stdin.as_mut() {
            // A failed write shows up as git's own error below.
            let _ = stdin.write_all(&input);
        }
    });
    let mut stdout = Vec::new();
    let mut stderr = String::new();
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read_to_end(&mut stdout);
    }
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut stderr);
    }
    let _ = writer.join();
    let status = child.wait().map_err(spawn_error)?;
    Ok(Output {
        ok: status.success(),
        code: status.code(),
        stdout,
        stderr,
    })
}

/// Reads the objects `ids` with one `git cat-file --batch`, in order.
/// Missing objects come back as `None`.
fn cat_blobs(dir: &Path, ids: &[String]) -> Result<Vec<Option<Vec<u8>>>, GitError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut input = Vec::with_capacity(ids.len() * 41);
    for id in ids {
        input.extend_from_slice(id.as_bytes());
        input.push(b'\n');
    }
    let out = run_git_with_input(dir, ["cat-file", "--batch"], input)?;
    if !out.ok {
        return Err(GitError::Failed {
            command: "git cat-file --batch".into(),
            detail: out.stderr_line(),
        });
    }
    parse_batch(&out.stdout, ids.len()).ok_or_else(|| GitError::Failed {
        command: "git cat-file --batch".into(),
        detail: "its output could not be read".into(),
    })
}

/// Splits `cat-file --batch` output: `<id> <type> <size>\n<bytes>\n` per
/// object, or `<id> missing\n`.
fn parse_batch(mut out: &[u8], expected: usize) -> Option<Vec<Option<Vec<u8>>>> {
    let mut objects = Vec::with_capacity(expected);
    while objects.len() < expected {
        let nl = out.iter().position(|&b| b == b'\n')?;
        let header = std::str::from_utf8(&out[..nl]).ok()?;
        out = &out[nl + 1..];
        let mut fields = header.split(' ');
        let _id = fields.next()?;
        match (fields.next(), fields.next()) {
            (Some(_kind), Some(size)) => {
                let size: usize = size.parse().ok()?;
                let body = out.get(..size)?.to_vec();
                out = out.get(size + 1..)?;
                objects.push(Some(body));
            }
            // "missing" or "ambiguous"
            _ => objects.push(None),
        }
    }
    Some(objects)
}

#[cfg(test)]
pub(crate) mod testing {
    //! Throwaway git repositories for unit tests.

    use std::path::Path;
    use std::process::Command;

    /// Runs git in `dir` with a fixed identity and dates, panicking on
    /// failure (tests only).
    pub fn git(dir: &Path, args: &[&str]) -> String {
        git_as(dir, "Alice Ng", "alice@example.com", args)
    }

    /// Runs git as the author `name <email>`.
    pub fn git_as(dir: &Path, name: &str, email: &str, args: &[&str]) -> String {
        let out = Command::new("git")
            .current_dir(dir)
            .args([
                "-c",
                "init.defaultBranch=main",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .env("GIT_AUTHOR_NAME", name)
            .env("GIT_AUTHOR_EMAIL", email)
            .env("GIT_COMMITTER_NAME", name)
            .env("GIT_COMMITTER_EMAIL", email)
            .env("GIT_AUTHOR_DATE", "2030-03-01T10:00:00+00:00")
            .env("GIT_COMMITTER_DATE", "2030-03-01T10:00:00+00:00")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Writes `text` to `dir/rel`, creating folders.
    pub fn write(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{git, write};
    use super::*;

    #[test]
    fn batch_output_splits_into_objects() {
        let out = b"aaa blob 3\nabc\nbbb missing\nccc blob 0\n\n";
        let objs = parse_batch(out, 3).unwrap();
        assert_eq!(objs, vec![Some(b"abc".to_vec()), None, Some(Vec::new())]);
        // Truncated output is an error, not a panic.
        assert!(parse_batch(b"aaa blob 10\nabc", 1).is_none());
    }

    #[test]
    fn opens_a_subfolder_and_resolves_revisions() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path();
        git(top, &["init", "-q"]);
        write(top, "ops/releases/README", "x");
        git(top, &["add", "."]);
        git(top, &["commit", "-q", "-m", "first"]);
        let g = Git::open(&top.join("ops")).unwrap();
        assert_eq!(g.prefix, "ops/");
        assert!(!g.shallow);
        let head = g.head().unwrap().unwrap();
        assert_eq!(g.resolve("main").unwrap(), head);
        assert_eq!(g.merge_base(&head, &head).unwrap(), Some(head.clone()));
        let err = g.resolve("origin/nope").unwrap_err();
        assert!(matches!(
            err,
            GitError::UnknownRevision { shallow: false, .. }
        ));
        assert!(err.to_string().contains("fetch-depth: 0"));
    }

    #[test]
    fn outside_a_repository_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let err = Git::open(dir.path()).unwrap_err();
        assert!(matches!(err, GitError::NotARepository { .. }), "{err}");
    }
}

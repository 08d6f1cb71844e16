//! `trainyard check --base REV`: lint of the working tree plus the
//! change-review rules against the repository at REV.
//!
//! The comparison is with where the current branch left REV (their merge
//! base), as `git diff REV...` compares: a pull request is judged on what
//! it changes, not on what landed on the target branch since it forked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use clap::Args;

use super::lint::report_outcome;
use super::{load_repo, today, Error, ExitStatus, LintArgs};
use crate::git::{release_dir, Git, GitError, Listing};
use crate::load::{find_root, Repo};
use crate::pipeline::Checked;
use crate::resolve::{CheckOptions, Resolved};
use crate::rules::review::{self, Base};
use crate::rules::{self};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The revision to compare with, usually the pull request's target
    /// branch (`origin/main`). Needs the history: `fetch-depth: 0`.
    #[arg(long, value_name = "REV")]
    pub base: String,
    #[command(flatten)]
    pub lint: LintArgs,
}

fn git_error(e: GitError) -> Error {
    miette::miette!("{e}")
}

/// Everything read from git for one review.
struct Gathered {
    repo: Repo,
    label: String,
    files: BTreeMap<String, Vec<u8>>,
    changed: BTreeSet<String>,
    worktree: std::collections::BTreeMap<String, Vec<u8>>,
    deleted: std::collections::BTreeSet<String>,
    commits: Option<Vec<crate::git::FileVersion>>,
}

/// What git says before the working tree is loaded: the commit to
/// compare with, how messages name it, and what differs since.
struct Prepared {
    git: Git,
    head_commit: Option<String>,
    fork: String,
    label: String,
    listing: Listing,
    deleted: BTreeSet<String>,
}

/// The first half of [`gather`], which needs only the root: it runs
/// while the working tree loads.
fn prepare(root: &Path, rev: &str) -> Result<Prepared, GitError> {
    let git = Git::open(root)?;
    let base = git.resolve(rev)?;
    let head_commit = git.head()?;
    let fork = match &head_commit {
        Some(h) => match git.merge_base(&base, h)? {
            Some(m) => m,
            // A shallow clone may hold both commits but not the history
            // that joins them.
            None if git.shallow => {
                return Err(GitError::UnknownRevision {
                    rev: format!("the history joining {rev} and HEAD"),
                    shallow: true,
                })
            }
            None => base.clone(),
        },
        None => base.clone(),
    };
    let label = if fork == base {
        rev.to_string()
    } else {
        format!("{rev}'s merge base {}", &fork[..fork.len().min(7)])
    };
    let listing = git.listing(&fork)?;
    let deleted = git.deleted_releases(&fork)?;
    Ok(Prepared {
        git,
        head_commit,
        fork,
        label,
        listing,
        deleted,
    })
}

/// Reads the base revision and the history the review needs: a fixed
/// number of git processes whatever the size of the repository.
#[cfg(test)]
fn gather(head: &Repo, rev: &str) -> Result<Gathered, GitError> {
    finish(head, prepare(&head.root, rev)?)
}

/// The second half of [`gather`]: what depends on the working tree.
fn finish(head: &Repo, p: Prepared) -> Result<Gathered, GitError> {
    let Prepared {
        git,
        head_commit,
        fork,
        label,
        listing,
        deleted,
    } = p;
    let (base_files, changed) = read_base(&git, &listing, head)?;
    let repo = Repo::from_files(&head.root, base_files.clone().into_iter().collect());
    let worktree = git.worktree_files(&listing, &review::closed_dirs(head, &repo));
    if git.shallow {
        eprintln!(
            "trainyard: warning: this clone is shallow, so ids of releases deleted before its oldest commit are not checked for reuse (fetch the whole history: `git fetch --unshallow`, or `fetch-depth: 0` in GitHub Actions)"
        );
    }
    let commits = if review::approvals_by_author(head, &repo) {
        Some(match &head_commit {
            Some(h) => git.release_changes(&fork, h)?,
            None => Vec::new(),
        })
    } else {
        None
    };
    Ok(Gathered {
        repo,
        label,
        files: base_files,
        changed,
        worktree,
        deleted,
        commits,
    })
}

/// Files by path relative to the root.
type Files = BTreeMap<String, Vec<u8>>;

/// The files at the base that the review compares: every file outside
/// the release folders (configuration, policies, trains), and the release
/// folders that differ from the working tree, whole. A release folder
/// that git lists no change in is the same in both revisions, so the
/// rules need only the working tree's copy, and it is not read again.
fn read_base(
    git: &Git,
    listing: &Listing,
    head: &Repo,
) -> Result<(Files, BTreeSet<String>), GitError> {
    let mut dirs = listing.changed_dirs();
    // A folder on disk that git does not list at the base is new, even
    // when its files are ignored.
    let at_base = listing.base_dirs();
    for (dir, _) in &head.release_dirs {
        if !at_base.contains(dir.as_str()) {
            dirs.insert(dir.clone());
        }
    }
    let files = git.read_listed(listing, |path| match release_dir(path) {
        Some(dir) => dirs.contains(dir),
        None => true,
    })?;
    Ok((files, dirs))
}

pub fn run(root: Option<&Path>, args: &CheckArgs) -> Result<ExitStatus, Error> {
    let cwd = std::env::current_dir()
        .map_err(|e| miette::miette!("cannot read the current folder: {e}"))?;
    let root = find_root(root, &cwd).map_err(|e| miette::miette!("{e}"))?;
    // git lists the changes while the working tree loads.
    let (loaded, prepared) = std::thread::scope(|s| {
        let prepared = s.spawn(|| prepare(&root, &args.base));
        (load_repo(Some(&root)), prepared.join())
    });
    let mut repo = loaded?;
    let prepared = prepared.map_err(|_| miette::miette!("reading git stopped unexpectedly"))?;
    let base = prepared.and_then(|p| finish(&repo, p)).map_err(git_error)?;
    let reviewed = review::check(
        &repo,
        &Base {
            repo: &base.repo,
            label: &base.label,
            files: &base.files,
            changed: Some(&base.changed),
            worktree: &base.worktree,
            deleted: &base.deleted,
            commits: base.commits.as_deref(),
        },
    );
    // Deleted releases are shown as they were at the base.
    repo.files.extend(reviewed.files);
    let options = CheckOptions {
        today: today(&repo, args.lint.today),
    };
    let cx = Resolved::new(&repo, &options);
    let mut findings = rules::unfinished(&cx);
    findings.extend(reviewed.findings);
    let outcome = rules::finish(&cx, findings);
    report_outcome(&Checked { cx, outcome }, &args.lint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::git::testing::{git, write};
    use crate::rules::review::closed_dirs;

    /// The base fixture, release 002 closed with a runbook, committed.
    fn committed() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        for entry in walkdir::WalkDir::new(&fixture) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&fixture).unwrap();
                let text = std::fs::read_to_string(entry.path()).unwrap();
                write(root, rel.to_str().unwrap(), &text);
            }
        }
        let closed = root.join("releases/REL-2030-03-002/release.toml");
        let text = std::fs::read_to_string(&closed).unwrap();
        std::fs::write(
            &closed,
            text.replace("stage = \"plan\"", "stage = \"close\""),
        )
        .unwrap();
        write(
            root,
            "releases/REL-2030-03-002/runbook.md",
            "# Deployment\n",
        );
        git(root, &["init", "-q"]);
        git(root, &["add", "."]);
        git(root, &["commit", "-q", "-m", "base"]);
        dir
    }

    /// The review's findings, as text.
    fn shown(head: &Repo, reviewed: &review::Reviewed) -> Vec<String> {
        let mut all = head.files.clone();
        all.extend(reviewed.files.iter().cloned());
        reviewed
            .findings
            .iter()
            .map(|f| {
                format!(
                    "{} {} {}: {}",
                    f.rule, all[f.file].path, f.span.start, f.message
                )
            })
            .collect()
    }

    /// Reviews the working tree against HEAD twice: reading only what git
    /// lists as changed, and reading the whole base tree. Both must agree.
    fn both_ways(root: &Path) -> Vec<String> {
        let head = Repo::load(root).unwrap();
        let g = gather(&head, "HEAD").unwrap();
        let partial = review::check(
            &head,
            &Base {
                repo: &g.repo,
                label: &g.label,
                files: &g.files,
                changed: Some(&g.changed),
                worktree: &g.worktree,
                deleted: &g.deleted,
                commits: None,
            },
        );
        let git = Git::open(root).unwrap();
        let fork = git.head().unwrap().unwrap();
        let tree = git.read_tree(&fork).unwrap();
        let repo = Repo::from_files(root, tree.pairs());
        let worktree = git.worktree_files(&git.listing(&fork).unwrap(), &closed_dirs(&head, &repo));
        let whole = review::check(
            &head,
            &Base {
                repo: &repo,
                label: &g.label,
                files: &tree.files,
                changed: None,
                worktree: &worktree,
                deleted: &g.deleted,
                commits: None,
            },
        );
        let (a, b) = (shown(&head, &partial), shown(&head, &whole));
        assert_eq!(a, b);
        a
    }

    fn edit(root: &Path, rel: &str, from: &str, to: &str) {
        let p = root.join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} has no {from}");
        std::fs::write(&p, text.replace(from, to)).unwrap();
    }

    const R1: &str = "releases/REL-2030-03-001/release.toml";
    const R2: &str = "releases/REL-2030-03-002/release.toml";

    #[test]
    fn unchanged_the_review_reads_no_release_and_finds_nothing() {
        let dir = committed();
        let head = Repo::load(dir.path()).unwrap();
        let g = gather(&head, "HEAD").unwrap();
        assert!(g.changed.is_empty(), "{:?}", g.changed);
        assert!(g.repo.releases.is_empty());
        assert!(both_ways(dir.path()).is_empty());
    }

    #[test]
    fn a_change_only_in_the_working_tree_is_reviewed() {
        let dir = committed();
        edit(dir.path(), R1, "stage = \"plan\"", "stage = \"deploy\"");
        let found = both_ways(dir.path());
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("illegal-transition"), "{found:?}");
    }

    #[test]
    fn a_staged_change_is_reviewed_and_an_unstaged_undo_of_it_is_not() {
        let dir = committed();
        let root = dir.path();
        edit(root, R1, "stage = \"plan\"", "stage = \"deploy\"");
        git(root, &["add", R1]);
        assert_eq!(both_ways(root).len(), 1);
        // Staged, then put back on disk: the files read are the base's.
        edit(root, R1, "stage = \"deploy\"", "stage = \"plan\"");
        assert!(both_ways(root).is_empty());
    }

    #[test]
    fn an_untracked_new_release_is_reviewed() {
        let dir = committed();
        let root = dir.path();
        let text = std::fs::read_to_string(root.join(R1)).unwrap();
        write(
            root,
            "releases/REL-2030-03-003/release.toml",
            &text
                .replace("REL-2030-03-001", "REL-2030-03-003")
                .replace("stage = \"plan\"", "stage = \"build\""),
        );
        let found = both_ways(root);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("REL-2030-03-003 is new"), "{found:?}");
    }

    #[test]
    fn deleted_and_renamed_releases_are_reviewed() {
        let dir = committed();
        let root = dir.path();
        std::fs::remove_dir_all(root.join("releases/REL-2030-03-001")).unwrap();
        let found = both_ways(root);
        assert!(
            found.iter().any(|f| f.starts_with("id-reused")),
            "{found:?}"
        );
        // The closed release moves folder and gains a file.
        std::fs::rename(
            root.join("releases/REL-2030-03-002"),
            root.join("releases/REL-2030-03-009"),
        )
        .unwrap();
        write(root, "releases/REL-2030-03-009/extra.txt", "x");
        git(root, &["add", "-A", "releases"]);
        let found = both_ways(root);
        assert!(
            found.iter().any(|f| f.contains("folder moved")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|f| f.contains("extra.txt was added")),
            "{found:?}"
        );
    }

    #[test]
    fn a_changed_policy_and_a_closed_runbook_are_reviewed() {
        let dir = committed();
        let root = dir.path();
        // The base's policy decides the legal moves, not the changed one.
        write(
            root,
            "policies/minor.toml",
            "description = \"Minor\"\nskip_stages = [\"build\", \"test\", \"stage\"]\n",
        );
        edit(root, R1, "stage = \"plan\"", "stage = \"deploy\"");
        edit(
            root,
            "releases/REL-2030-03-002/runbook.md",
            "Deployment",
            "Deploy",
        );
        let found = both_ways(root);
        assert!(
            found.iter().any(|f| f.starts_with("illegal-transition")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|f| f.contains("runbook.md changed")),
            "{found:?}"
        );
        assert!(!found.iter().any(|f| f.contains(R2)), "{found:?}");
    }
}

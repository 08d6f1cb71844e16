//! `trainyard check --base REV`: lint of the working tree plus the
//! change-review rules against the repository at REV.
//!
//! The comparison is with where the current branch left REV (their merge
//! base), as `git diff REV...` compares: a pull request is judged on what
//! it changes, not on what landed on the target branch since it forked.

use std::path::Path;

use clap::Args;

use super::lint::report_outcome;
use super::{load_repo, today, Error, ExitStatus, LintArgs};
use crate::git::{Git, GitError};
use crate::load::Repo;
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
    files: std::collections::BTreeMap<String, Vec<u8>>,
    worktree: std::collections::BTreeMap<String, Vec<u8>>,
    deleted: std::collections::BTreeSet<String>,
    commits: Option<Vec<crate::git::FileVersion>>,
}

/// Reads the base revision and the history the review needs: a fixed
/// number of git processes whatever the size of the repository.
fn gather(head: &Repo, rev: &str) -> Result<Gathered, GitError> {
    let git = Git::open(&head.root)?;
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
    let tree = git.read_tree(&fork)?;
    let repo = Repo::from_files(&head.root, tree.pairs());
    let worktree = git.worktree_files(&review::closed_dirs(head, &repo))?;
    let deleted = git.deleted_releases(&fork)?;
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
        files: tree.files,
        worktree,
        deleted,
        commits,
    })
}

pub fn run(root: Option<&Path>, args: &CheckArgs) -> Result<ExitStatus, Error> {
    let mut repo = load_repo(root)?;
    let base = gather(&repo, &args.base).map_err(git_error)?;
    let reviewed = review::check(
        &repo,
        &Base {
            repo: &base.repo,
            label: &base.label,
            files: &base.files,
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

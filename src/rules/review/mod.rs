//! The change-review family (`check --base`): compares the working tree
//! with the repository at a base revision. A stage moves one legal step
//! per change, a closed release is never edited, approvals are
//! append-only, an id is never reused, and (with `[review] approvals =
//! "author"`) each new approval is committed by its approver.
//!
//! A release's identity across the two revisions is its folder. A folder
//! that disappears while its id turns up in a new folder is a rename: the
//! two are compared as one release, and the id is not reused.

mod approval_not_by_approver;
mod approval_rewritten;
mod closed_release_modified;
#[cfg(test)]
mod fixture;
mod id_reused;
mod illegal_transition;
mod pairs;
mod signoffs;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Finding;
use crate::git::FileVersion;
use crate::load::Repo;
use crate::model::SourceFile;

pub use approval_not_by_approver::approvals_by_author;
pub use closed_release_modified::closed_dirs;

/// The repository at the base revision, and what git knows about the
/// change since. Gathered by `check --base`; the rules read no files.
#[derive(Clone, Copy, Debug)]
pub struct Base<'a> {
    /// The repository as it was at the base.
    pub repo: &'a Repo,
    /// How messages name the base (`origin/main`).
    pub label: &'a str,
    /// Files under the release root at the base, by path: at least every
    /// file of the release folders in `changed`.
    pub files: &'a BTreeMap<String, Vec<u8>>,
    /// The release folders that differ between the base and the working
    /// tree, when `repo` holds only those (with every file outside the
    /// release folders); `None` when `repo` is the whole base. A folder
    /// left out is the same in both revisions, so nothing in it is
    /// reviewed.
    pub changed: Option<&'a BTreeSet<String>>,
    /// The working tree's files in the folders [`closed_dirs`] names, by
    /// path: tracked and untracked files, not ignored ones.
    pub worktree: &'a BTreeMap<String, Vec<u8>>,
    /// Release folders deleted in the history before the base.
    pub deleted: &'a BTreeSet<String>,
    /// Changes to release and train files in the commits since the base,
    /// oldest first, when `approvals = "author"` asks who made them.
    pub commits: Option<&'a [FileVersion]>,
}

/// What the review found, and files it points into that the working tree
/// no longer has (deleted releases as they were at the base). Their ids
/// follow on from the working tree's files.
#[derive(Debug, Default)]
pub struct Reviewed {
    pub findings: Vec<Finding>,
    pub files: Vec<SourceFile>,
}

/// Runs the change-review rules over the working tree `head` against
/// `base`.
pub fn check(head: &Repo, base: &Base) -> Reviewed {
    let mut out = Reviewed::default();
    let pairs = pairs::pair(head, base.repo, base.changed);
    for (b, h) in &pairs.both {
        illegal_transition::check(base, b, h, &mut out.findings);
        closed_release_modified::check(head, base, b, h, &mut out.findings);
        approval_rewritten::check(head, base, b, h, &mut out.findings);
    }
    for h in &pairs.new {
        illegal_transition::new_release(base, h, &mut out.findings);
        id_reused::new_release(base, h, &mut out.findings);
    }
    for b in &pairs.gone {
        id_reused::deleted(head, base, b, &mut out);
    }
    illegal_transition::trains(head, base, &mut out.findings);
    approval_rewritten::trains(head, base, &mut out.findings);
    if approvals_by_author(head, base.repo) {
        approval_not_by_approver::check(head, base, &pairs.both, &pairs.new, &mut out.findings);
    }
    out
}

//! A file of a release that was closed or cancelled at the base revision changed (check --base)
//!
//! ## What it does
//! Compares every file in the folder of a release that was at stage close or
//! cancelled at the base revision (release.toml, runbook.md, notes.md and
//! anything else in the folder, tracked or new) with the working tree, and
//! reports each file added, removed or changed, and a folder that was moved.
//!
//! ## Why
//! A closed release is the record of what was deployed, approved and learnt.
//! Editing it afterwards rewrites that record.
//!
//! ## Example
//! ```toml
//! # at the base: stage = "close"
//! [outcome]
//! status = "successful"    # was "partial"
//! ```
//!
//! Use instead: leave the closed release as it is; record what came later in a
//! new release or in the post-implementation review.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::pairs::{is_closed, pair, stage_of};
use super::Base;
use crate::diagnostic::{Finding, Rule};
use crate::load::{Release, Repo};
use crate::model::{FileId, Stage};

/// The folders whose working-tree files the review compares with the
/// base: releases closed at the base, under their folder now (which
/// differs after a rename).
pub fn closed_dirs(head: &Repo, base: &Repo) -> Vec<String> {
    let pairs = pair(head, base, None);
    let mut dirs: BTreeSet<String> = base
        .releases
        .iter()
        .filter(|b| is_closed(stage_of(b)))
        .map(|b| b.dir.clone())
        .collect();
    for (b, h) in &pairs.both {
        if is_closed(stage_of(b)) {
            dirs.insert(h.dir.clone());
        }
    }
    dirs.into_iter().collect()
}

/// The folder of a release closed or cancelled at the base, compared
/// file by file with the working tree.
pub(super) fn check(head: &Repo, base: &Base, b: &Release, h: &Release, out: &mut Vec<Finding>) {
    let stage = stage_of(b);
    if !is_closed(stage) {
        return;
    }
    let label = base.label;
    let id = h.id();
    let state = if stage == Stage::Cancelled {
        "cancelled"
    } else {
        "closed"
    };
    let was = format!("{id} was {state} at {label}");
    if b.dir != h.dir {
        out.push(
            Finding::new(
                Rule::ClosedReleaseModified,
                h.file,
                h.def.id.span(),
                format!(
                    "{was}, but its folder moved from releases/{}/ to releases/{}/",
                    b.dir, h.dir
                ),
            )
            .help(format!(
                "move it back to releases/{}/: links to a closed release must keep working",
                b.dir
            ))
            .release(id),
        );
    }
    let before = folder(base.files, &b.dir);
    let after = folder(base.worktree, &h.dir);
    let names: BTreeSet<&str> = before.iter().chain(&after).map(|(n, _)| *n).collect();
    for name in names {
        let old = before.iter().find(|(n, _)| *n == name).map(|(_, b)| *b);
        let new = after.iter().find(|(n, _)| *n == name).map(|(_, b)| *b);
        let change = match (old, new) {
            (Some(o), Some(n)) if o == n => continue,
            (Some(_), Some(_)) => Change::Changed,
            (None, Some(_)) => Change::Added,
            (Some(_), None) => Change::Removed,
            (None, None) => continue,
        };
        let (file, span) = place(head, h, name, old, &change);
        let what = match change {
            Change::Added => "was added",
            Change::Removed => "was removed",
            Change::Changed => "changed",
        };
        out.push(
            Finding::new(
                Rule::ClosedReleaseModified,
                file,
                span,
                format!(
                    "{was}: its files are a record, but releases/{}/{name} {what}",
                    h.dir
                ),
            )
            .help(format!(
                "restore releases/{}/{name} as it was at {label}; record what came after in a new release or the post-implementation review",
                h.dir
            ))
            .release(id),
        );
    }
}

/// How one file of a closed release differs.
#[derive(Debug, PartialEq, Eq)]
enum Change {
    Added,
    Removed,
    Changed,
}

/// The files under `releases/DIR/` in `files`, by path within the folder.
fn folder<'a>(files: &'a BTreeMap<String, Vec<u8>>, dir: &str) -> Vec<(&'a str, &'a [u8])> {
    let prefix = format!("releases/{dir}/");
    files
        .range(prefix.clone()..)
        .map_while(|(p, b)| Some((p.strip_prefix(&prefix)?, b.as_slice())))
        .collect()
}

/// Where a finding about `name` points: the first changed line of a file
/// trainyard loaded, else the release's id.
fn place(
    head: &Repo,
    h: &Release,
    name: &str,
    old: Option<&[u8]>,
    change: &Change,
) -> (FileId, Range<usize>) {
    let loaded = match name {
        "release.toml" => Some(h.file),
        "runbook.md" => h.runbook.as_ref().map(|m| m.file),
        "notes.md" => h.notes.as_ref().map(|m| m.file),
        _ => None,
    };
    match (loaded, change) {
        (Some(file), Change::Changed) => {
            let src = &head.files[file];
            let at = first_difference(old.unwrap_or_default(), src.text.as_bytes());
            let line = src.position(at).line;
            (file, src.line_range(line))
        }
        (Some(file), Change::Added) => (file, head.files[file].line_range(1)),
        _ => (h.file, h.def.id.span()),
    }
}

/// The byte offset where `a` and `b` first differ.
fn first_difference(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::first_difference;
    use crate::rules::review::fixture::{release, review, rules, R};

    #[test]
    fn differences_are_found_at_the_first_byte() {
        assert_eq!(first_difference(b"abc", b"abd"), 2);
        assert_eq!(first_difference(b"abc", b"abc\n"), 3);
        assert_eq!(first_difference(b"", b"x"), 0);
    }

    #[test]
    fn a_closed_release_is_a_record() {
        let closed = release("REL-2030-03-001", "minor", "close", "");
        let edited = closed.replace("title = \"Billing\"", "title = \"Billing v2\"");
        let runbook = "releases/REL-2030-03-001/runbook.md";
        let found = review(
            &[(R, &closed), (runbook, "# Deployment\n")],
            &[
                (R, &edited),
                (runbook, "# Deployment\n"),
                ("releases/REL-2030-03-001/extra.txt", "x"),
            ],
        );
        assert_eq!(
            rules(&found),
            ["closed-release-modified", "closed-release-modified"],
            "{found:?}"
        );
        assert!(found[0].1.contains("extra.txt was added"), "{found:?}");
        assert!(found[1].1.contains("release.toml changed"));
        assert_eq!(found[1].2, "title = \"Billing v2\"");
        // Unchanged, it passes.
        assert!(review(&[(R, &closed)], &[(R, &closed)]).is_empty());
        // Moved to another folder: still the same release, and a change.
        let moved = "releases/REL-2030-03-009/release.toml";
        let found = review(&[(R, &closed)], &[(moved, &closed)]);
        assert_eq!(rules(&found), ["closed-release-modified"], "{found:?}");
        assert!(
            found[0].1.contains("moved from releases/REL-2030-03-001/"),
            "{found:?}"
        );
    }
}

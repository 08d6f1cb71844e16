//! closed-release-modified: the folder of a release that was closed or
//! cancelled at the base is compared, file by file, with the working tree.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::{is_closed, stage_of, Base};
use crate::diagnostic::Rule;
use crate::load::{Release, Repo};
use crate::model::FileId;
use crate::rules::Finding;

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

pub(super) fn modified(head: &Repo, base: &Base, b: &Release, h: &Release, out: &mut Vec<Finding>) {
    let stage = stage_of(b);
    if !is_closed(stage) {
        return;
    }
    let label = base.label;
    let id = h.id();
    let state = if stage == crate::model::Stage::Cancelled {
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
    use super::*;

    #[test]
    fn differences_are_found_at_the_first_byte() {
        assert_eq!(first_difference(b"abc", b"abd"), 2);
        assert_eq!(first_difference(b"abc", b"abc\n"), 3);
        assert_eq!(first_difference(b"", b"x"), 0);
    }
}

//! The same change id is included in two releases
//!
//! ## What it does
//! Reports a `[[changes]]` id that another release already includes (or that
//! appears twice in one release). The finding goes on the later release (by
//! window start, then id) and names the earlier one. Cancelled releases and
//! releases closed with `outcome.status = "rolled-back"` do not hold their
//! changes: those may be included again.
//!
//! ## Why
//! The procedure checks that a change "has not been included in a previous
//! release". A change shipped twice, or planned into two releases, makes it
//! unclear which release delivers it and which rollback removes it.
//!
//! ## Example
//! ```toml
//! # REL-2026-03-001
//! [[changes]]
//! id = "CHG-2026-0892"
//! # REL-2026-04-002
//! [[changes]]
//! id = "CHG-2026-0892"
//! ```
//!
//! Use instead: keep the change in one release, or cancel the other
//! (`stage = "cancelled"`).

use rayon::slice::ParallelSliceMut;

use chrono::{DateTime, Utc};

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::{OutcomeStatus, Spanned, Stage};
use crate::resolve::Resolved;
use crate::rules::criteria::window_start;

/// change-in-multiple-releases over the repository.
pub(super) fn check(cx: &Resolved, out: &mut Vec<Finding>) {
    // Sort key: releases with a window first, by window start, then id
    // and position.
    type Key<'a> = (bool, Option<DateTime<Utc>>, &'a str, usize);
    type Entry<'a> = (Key<'a>, &'a Release, &'a Spanned<String>);
    // One flat list sorted by change id, then key: a map of a vector per
    // change would allocate once for each of hundreds of thousands of
    // changes, nearly all of them listed once.
    let mut entries: Vec<(&str, Entry)> = Vec::new();
    for r in cx.repo.releases.iter().filter(|r| holds_changes(r)) {
        let start = window_start(r).and_then(|w| cx.instant(w));
        for (i, c) in r.def.changes.iter().enumerate() {
            let id = &c.get_ref().id;
            entries.push((
                id.get_ref().as_str(),
                ((start.is_none(), start, r.id(), i), r, id),
            ));
        }
    }
    // Stable, so that equal keys keep the releases' order.
    entries.par_sort_by(|a, b| a.0.cmp(b.0).then_with(|| a.1 .0.cmp(&b.1 .0)));
    let shared = entries
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|group| group.len() > 1)
        .map(|group| group.iter().map(|(_, e)| *e).collect::<Vec<Entry>>());
    for entries in shared {
        let (_, first, _) = entries[0];
        for (_, r, id) in &entries[1..] {
            let (message, help) = if std::ptr::eq(*r, first) {
                (
                    format!("change {} is listed twice in this release", id.get_ref()),
                    "remove the second [[changes]] entry".to_string(),
                )
            } else {
                (
                    format!(
                        "change {} is already in {} ({}, stage {}); a change ships in one release",
                        id.get_ref(),
                        first.id(),
                        first.def.title.get_ref(),
                        first.def.stage.get_ref()
                    ),
                    format!(
                        "remove it from one of the two releases, or cancel {} (stage = \"cancelled\") if this release replaces it",
                        first.id()
                    ),
                )
            };
            out.push(
                Finding::new(Rule::ChangeInMultipleReleases, r.file, id.span(), message)
                    .help(help)
                    .release(r.id()),
            );
        }
    }
}

/// Whether a release holds its changes: not cancelled, not rolled back.
fn holds_changes(r: &Release) -> bool {
    let rolled_back = r
        .def
        .outcome
        .as_ref()
        .is_some_and(|o| *o.get_ref().status.get_ref() == OutcomeStatus::RolledBack);
    *r.def.stage.get_ref() != Stage::Cancelled && !rolled_back
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::{line_of, only, run, Fixture, GOOD};

    #[test]
    fn a_change_belongs_to_one_release() {
        let second = GOOD
            .replace("REL-2026-03-001", "REL-2026-03-002")
            .replace("stage = \"close\"", "stage = \"plan\"")
            .replace("2026-03-14T20:00:00", "2026-03-21T20:00:00");
        let seen = only(
            run(
                &Fixture::new().release(GOOD).release(&second),
                super::super::check,
            ),
            "change-in-multiple-releases",
        );
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].path, "releases/REL-2026-03-002/release.toml");
        assert_eq!(seen[0].line, line_of(&second, "[[changes]]", "id ="));
        assert_eq!(
            seen[0].message,
            "change CHG-1 is already in REL-2026-03-001 (Finance system v2.4.0, stage close); a change ships in one release"
        );
        let rolled_back = GOOD.replace("status = \"successful\"", "status = \"rolled-back\"");
        let seen = only(
            run(
                &Fixture::new().release(&rolled_back).release(&second),
                super::super::check,
            ),
            "change-in-multiple-releases",
        );
        assert!(seen.is_empty(), "{seen:#?}");
        let twice = GOOD.replace(
            "[[known_issues]]",
            "[[changes]]\nid = \"CHG-1\"\nsummary = \"again\"\nstatus = \"approved\"\n\n[[known_issues]]",
        );
        let seen = only(
            run(&Fixture::new().release(&twice), super::super::check),
            "change-in-multiple-releases",
        );
        assert_eq!(seen.len(), 1);
        assert_eq!(
            seen[0].message,
            "change CHG-1 is listed twice in this release"
        );
    }
}

//! The plan family: what a release definition must say and how it must
//! relate to other releases before it moves on (versions, changes,
//! definition fields, runbook, links, schedule, dependencies).

mod behind_schedule;
mod broken_link;
mod change_in_multiple_releases;
mod change_not_approved;
mod dependency_order;
mod invalid_version;
mod missing_definition_field;
mod missing_runbook;
mod runbook_section_missing;
mod runbook_sections;
mod too_many_changes;
mod version;
mod version_not_increasing;

use rayon::prelude::*;

use crate::diagnostic::Finding;
use crate::resolve::Resolved;

pub use version::{parse_version, Version};

/// Every plan finding: per live or closed release, then over the
/// repository.
pub fn check(cx: &Resolved) -> Vec<Finding> {
    let mut out: Vec<Finding> = cx
        .repo
        .releases
        .par_iter()
        .filter(|r| super::criteria::live_or_closed(r))
        .flat_map_iter(|r| {
            let mut v = Vec::new();
            invalid_version::check(cx, r, &mut v);
            missing_definition_field::check(cx, r, &mut v);
            change_not_approved::check(cx, r, &mut v);
            too_many_changes::check(cx, r, &mut v);
            missing_runbook::check(cx, r, &mut v);
            runbook_section_missing::check(cx, r, &mut v);
            broken_link::check(cx, r, &mut v);
            behind_schedule::check(cx, r, &mut v);
            dependency_order::check(cx, r, &mut v);
            v
        })
        .collect();
    version_not_increasing::check(cx, &mut out);
    change_in_multiple_releases::check(cx, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::{run, Fixture, GOOD};

    #[test]
    fn the_good_release_is_silent() {
        assert!(run(&Fixture::new().release(GOOD), super::check).is_empty());
    }

    #[test]
    fn cancelled_releases_are_exempt_from_every_lifecycle_family() {
        let broken = GOOD
            .replace("stage = \"close\"", "stage = \"cancelled\"")
            .replace("version = \"2.4.0\"", "version = \"two\"")
            .replace("risk = \"Low\"\n", "")
            .replace("status = \"approved\"", "status = \"rejected\"")
            .replace("status = \"fixed\"", "status = \"open\"")
            .replace(
                "procedure = \"runbook.md#rollback\"",
                "procedure = \"runbook.md#nope\"",
            )
            .replace("by = \"ivan\"", "by = \"jun\"");
        let fx = Fixture::new()
            .release(&broken)
            .without("releases/REL-2026-03-001/runbook.md");
        for check in [
            super::check,
            crate::rules::test::check,
            crate::rules::approval::check,
            crate::rules::deploy::check,
        ] {
            let seen = run(&fx, check);
            assert!(seen.is_empty(), "{seen:#?}");
        }
        // The same release, not cancelled, breaks rules of every family.
        let live = broken.replace("stage = \"cancelled\"", "stage = \"close\"");
        let fx = Fixture::new()
            .release(&live)
            .without("releases/REL-2026-03-001/runbook.md");
        assert!(!run(&fx, super::check).is_empty());
        assert!(!run(&fx, crate::rules::test::check).is_empty());
        assert!(!run(&fx, crate::rules::deploy::check).is_empty());
    }
}

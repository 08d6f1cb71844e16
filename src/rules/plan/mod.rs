//! The plan family: what a release definition must say and how it must
//! relate to other releases before it moves on (versions, changes,
//! definition fields, runbook, links, schedule, dependencies).

mod definition;
mod runbook;
mod schedule;
mod version;

use rayon::prelude::*;

use crate::diagnostic::Finding;
use crate::resolve::Resolved;

pub use version::{parse_version, Version};

/// Every plan finding.
pub fn check(cx: &Resolved) -> Vec<Finding> {
    let mut out: Vec<Finding> = cx
        .repo
        .releases
        .par_iter()
        .filter(|r| super::criteria::live_or_closed(r))
        .flat_map_iter(|r| {
            let mut v = Vec::new();
            version::invalid(cx, r, &mut v);
            definition::fields(cx, r, &mut v);
            definition::changes(cx, r, &mut v);
            runbook::check(cx, r, &mut v);
            schedule::behind(cx, r, &mut v);
            schedule::dependencies(cx, r, &mut v);
            v
        })
        .collect();
    version::increasing(cx, &mut out);
    definition::shared_changes(cx, &mut out);
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

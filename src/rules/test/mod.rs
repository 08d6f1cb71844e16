//! The test family: the evidence a release needs to enter stage (required
//! tests passed, no blocking defect, the rest documented as known issues).

mod failed_tests;
mod missing_tests;
mod open_blocking_defect;
mod runs;
mod undocumented_defect;
mod unfixed_defects;

use rayon::prelude::*;

use super::criteria::due;
use crate::diagnostic::Finding;
use crate::model::Stage;
use crate::resolve::Resolved;

/// Every test-family finding.
pub fn check(cx: &Resolved) -> Vec<Finding> {
    cx.repo
        .releases
        .par_iter()
        .flat_map_iter(|r| {
            let mut v = Vec::new();
            if let Some(due) = due(cx, r, Stage::Stage) {
                // Both rules judge the same latest runs: found once.
                let latest = runs::latest_runs(cx, r);
                missing_tests::check(cx, &due, &latest, &mut v);
                failed_tests::check(&due, &latest, &mut v);
                open_blocking_defect::check(&due, &mut v);
                undocumented_defect::check(cx, &due, &mut v);
            }
            v
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::{run, Fixture, GOOD};

    #[test]
    fn the_good_release_is_silent() {
        assert!(run(&Fixture::new().release(GOOD), super::check).is_empty());
    }
}

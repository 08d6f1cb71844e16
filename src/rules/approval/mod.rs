//! The approval family: each gate's sign-offs as the policy's
//! `[approvals]` asks, given by people who hold the role on the day,
//! not by the release's own manager, and dated sensibly.

mod approval_time_invalid;
mod approver_lacks_role;
mod missing_approval;
mod self_approval;
mod who_holds;

use rayon::prelude::*;

use crate::diagnostic::Finding;
use crate::resolve::Resolved;

/// Every approval-family finding.
pub fn check(cx: &Resolved) -> Vec<Finding> {
    cx.repo
        .releases
        .par_iter()
        .filter(|r| super::criteria::live_or_closed(r))
        .flat_map_iter(|r| {
            let mut v = Vec::new();
            missing_approval::check(cx, r, &mut v);
            self_approval::check(cx, r, &mut v);
            approver_lacks_role::check(cx, r, &mut v);
            approval_time_invalid::check(cx, r, &mut v);
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

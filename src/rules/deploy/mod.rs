//! The deploy family: turnovers follow the environment path and are made
//! by people allowed to, the outcome and review are recorded at close, and
//! an emergency names its incident; and no record of something done is
//! dated after today.

mod deployer_lacks_role;
mod evidence_in_future;
mod missing_incident;
mod missing_outcome;
mod missing_pir;
mod promotion_order;

use rayon::prelude::*;

use crate::diagnostic::Finding;
use crate::resolve::Resolved;

/// Every deploy-family finding.
pub fn check(cx: &Resolved) -> Vec<Finding> {
    cx.repo
        .releases
        .par_iter()
        .filter(|r| super::criteria::live_or_closed(r))
        .flat_map_iter(|r| {
            let mut v = Vec::new();
            promotion_order::check(cx, r, &mut v);
            deployer_lacks_role::check(cx, r, &mut v);
            missing_outcome::check(cx, r, &mut v);
            missing_pir::check(cx, r, &mut v);
            missing_incident::check(cx, r, &mut v);
            evidence_in_future::check(cx, r, &mut v);
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

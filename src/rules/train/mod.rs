//! The train family: a release train passes its stage gates only with
//! their exit criteria done, its members far enough along, and executive
//! approval for deployment. Also the milestones member releases inherit.

#[cfg(test)]
mod fixture;
mod members;
mod train_approval_missing;
mod train_gate_unmet;

use crate::diagnostic::Finding;
use crate::resolve::Resolved;

pub use members::{inherited_milestones, members};

/// Every train-family finding.
pub fn check(cx: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for t in &cx.repo.trains {
        train_gate_unmet::check(cx, t, &mut out);
        train_approval_missing::check(cx, t, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fixture::{on_train, TRAIN};
    use crate::rules::fixture::{run, Fixture, GOOD};

    #[test]
    fn a_train_in_order_is_silent() {
        let fx = Fixture::new()
            .release(&on_train(GOOD))
            .file("releases/trains/2026-Q1.toml", TRAIN);
        assert!(run(&fx, super::check).is_empty());
    }
}

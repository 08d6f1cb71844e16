//! A train is past a gate with an exit criterion not done, or in verification with a member before test
//!
//! ## What it does
//! A train's stages are scope → construction → verification → deployment →
//! closed, and `[[exit_criteria]]` name the gate (the stage) they must be done
//! to leave. Reports each criterion with `done = false` whose gate the train
//! has already passed, and a train at verification or later with a member
//! release (one whose `train` names it, not cancelled) still at plan or build.
//!
//! ## Why
//! The train cannot proceed if a stage's exit criteria are not met; QA
//! verification of a train means every application release on it is built and
//! under test.
//!
//! ## Example
//! ```toml
//! stage = "verification"
//!
//! [[exit_criteria]]
//! gate = "construction"
//! item = "All member releases built"
//! done = false
//! ```
//!
//! Use instead: finish the item, then move the train:
//! ```toml
//! stage = "verification"
//!
//! [[exit_criteria]]
//! gate = "construction"
//! item = "All member releases built"
//! done = true
//! ```

use super::members::members;
use crate::diagnostic::{Finding, Rule};
use crate::load::Train;
use crate::model::{Stage, TrainStage};
use crate::resolve::Resolved;
use crate::rules::criteria::and_list;

pub(super) fn check(cx: &Resolved, t: &Train, out: &mut Vec<Finding>) {
    let stage = *t.def.stage.get_ref();
    let name = t.def.name.get_ref();
    for c in &t.def.exit_criteria {
        let c = c.get_ref();
        let gate = *c.gate.get_ref();
        if *c.done.get_ref() || gate >= stage {
            continue;
        }
        out.push(
            Finding::new(
                Rule::TrainGateUnmet,
                t.file,
                c.done.span(),
                format!(
                    "train {name} is at {stage}, past the {gate} gate, but its exit criterion \"{}\" is not done",
                    c.item.get_ref()
                ),
            )
            .label(t.def.stage.span(), "the train's stage")
            .help(format!(
                "write done = true once \"{}\" is done; until then the train belongs at stage = \"{gate}\"",
                c.item.get_ref()
            )),
        );
    }
    if stage < TrainStage::Verification {
        return;
    }
    let behind: Vec<String> = members(cx.repo, name)
        .filter(|r| {
            let s = *r.def.stage.get_ref();
            s != Stage::Cancelled && !s.reached(Stage::Test)
        })
        .map(|r| format!("{} (stage {})", r.id(), r.def.stage.get_ref()))
        .collect();
    if !behind.is_empty() {
        out.push(
            Finding::new(
                Rule::TrainGateUnmet,
                t.file,
                t.def.stage.span(),
                format!(
                    "train {name} is at {stage}, which needs every member release at test or later; {} {} not",
                    and_list(&behind),
                    if behind.len() == 1 { "is" } else { "are" }
                ),
            )
            .help(format!(
                "move the train back to stage = \"construction\" until its members reach test, or take a member off the train (remove train = \"{name}\" from its release.toml)"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::{line_of, run, Fixture, GOOD};
    use crate::rules::train::check;
    use crate::rules::train::fixture::{on_train, TRAIN};

    #[test]
    fn passed_gates_need_their_criteria_done() {
        let t = TRAIN.replace("done = true", "done = false");
        let fx = Fixture::new().file("releases/trains/2026-Q1.toml", &t);
        let seen = run(&fx, check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].rule, "train-gate-unmet");
        assert_eq!(
            seen[0].line,
            line_of(&t, "All member releases built", "done")
        );
        assert_eq!(
            seen[0].message,
            "train 2026-Q1 is at deployment, past the construction gate, but its exit criterion \"All member releases built\" is not done"
        );
    }

    #[test]
    fn verification_needs_members_at_test() {
        let member = on_train(GOOD).replace("stage = \"close\"", "stage = \"build\"");
        let cancelled = on_train(GOOD)
            .replace("REL-2026-03-001", "REL-2026-03-002")
            .replace("stage = \"close\"", "stage = \"cancelled\"");
        let t = TRAIN.replace("stage = \"deployment\"", "stage = \"verification\"");
        let fx = Fixture::new()
            .release(&member)
            .release(&cancelled)
            .file("releases/trains/2026-Q1.toml", &t);
        let seen = run(&fx, check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].line, line_of(&t, "", "stage ="));
        assert_eq!(
            seen[0].message,
            "train 2026-Q1 is at verification, which needs every member release at test or later; REL-2026-03-001 (stage build) is not"
        );
    }
}

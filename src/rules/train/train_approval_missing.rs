//! A train at deployment or later has no executive approval
//!
//! ## What it does
//! Once a train is at `deployment` or `closed`, checks for an `[[approvals]]`
//! entry with `gate = "deployment"` and `role = "executive"` given by someone
//! who holds `executive` (in policies/people.toml, or by delegation on the day).
//!
//! ## Why
//! After verification, a release train goes to executive approval; only then
//! is it deployed to production.
//!
//! ## Example
//! ```toml
//! stage = "deployment"
//! ```
//!
//! Use instead:
//! ```toml
//! stage = "deployment"
//!
//! [[approvals]]
//! gate = "deployment"
//! role = "executive"
//! by = "grace"
//! at = 2026-03-10T15:00:00
//! ```

use crate::diagnostic::{Finding, Rule};
use crate::load::Train;
use crate::model::{TrainStage, When};
use crate::resolve::Resolved;
use crate::rules::criteria::{and_list, holds, local_date};

pub(super) fn check(cx: &Resolved, t: &Train, out: &mut Vec<Finding>) {
    let stage = *t.def.stage.get_ref();
    if stage < TrainStage::Deployment {
        return;
    }
    let name = t.def.name.get_ref();
    let approvals: Vec<_> = t
        .def
        .approvals
        .iter()
        .map(|a| a.get_ref())
        .filter(|a| *a.gate.get_ref() == TrainStage::Deployment && a.role.get_ref() == "executive")
        .collect();
    // Trains are not tied to one service; a service-specific delegation
    // of executive does not make a train approver.
    let valid = |by: &str, when: &When| holds(cx, by, "executive", "", local_date(cx, when));
    if approvals
        .iter()
        .any(|a| valid(a.by.get_ref(), a.at.get_ref()))
    {
        return;
    }
    let executives: Vec<&str> = cx
        .repo
        .people
        .def
        .people
        .iter()
        .filter(|(_, p)| p.get_ref().has_role("executive"))
        .map(|(k, _)| k.get_ref().as_str())
        .collect();
    let by = executives.first().copied().unwrap_or("…");
    let snippet = format!(
        "[[approvals]]\ngate = \"deployment\"\nrole = \"executive\"\nby = \"{by}\"\nat = …"
    );
    match approvals.first() {
        Some(a) => out.push(
            Finding::new(
                Rule::TrainApprovalMissing,
                t.file,
                a.by.span(),
                format!(
                    "train {name} is at {stage}, which needs an executive approval; {} does not hold executive",
                    a.by.get_ref()
                ),
            )
            .help(format!(
                "executives in policies/people.toml: {}",
                if executives.is_empty() { "none".to_string() } else { and_list(&executives) }
            )),
        ),
        None => out.push(
            Finding::new(
                Rule::TrainApprovalMissing,
                t.file,
                t.def.stage.span(),
                format!(
                    "train {name} is at {stage}, which needs an executive approval with gate = \"deployment\"; there is none"
                ),
            )
            .help(format!("add to {}:\n{snippet}", cx.repo.path(t.file))),
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::{line_of, run, Fixture};
    use crate::rules::train::check;
    use crate::rules::train::fixture::TRAIN;

    #[test]
    fn deployment_needs_an_executive() {
        let start = TRAIN.find("[[approvals]]").unwrap();
        let t = &TRAIN[..start];
        let fx = Fixture::new().file("releases/trains/2026-Q1.toml", t);
        let seen = run(&fx, check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].rule, "train-approval-missing");
        assert_eq!(
            seen[0].help,
            "add to releases/trains/2026-Q1.toml:\n[[approvals]]\ngate = \"deployment\"\nrole = \"executive\"\nby = \"grace\"\nat = …"
        );
        let wrong = TRAIN.replace("by = \"grace\"", "by = \"eve\"");
        let fx = Fixture::new().file("releases/trains/2026-Q1.toml", &wrong);
        let seen = run(&fx, check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].line, line_of(&wrong, "", "by = \"eve\""));
        assert_eq!(
            seen[0].message,
            "train 2026-Q1 is at deployment, which needs an executive approval; eve does not hold executive"
        );
    }
}

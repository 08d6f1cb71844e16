//! The train family: a release train passes its stage gates only with
//! their exit criteria done, its members far enough along, and executive
//! approval for deployment. Also the milestones member releases inherit.

use super::criteria::{and_list, holds, local_date};
use crate::diagnostic::{Finding, Rule};
use crate::load::{Release, Repo, Train};
use crate::model::{Milestone, Stage, TrainStage};
use crate::resolve::Resolved;

/// Every train-family finding.
pub fn check(cx: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    for t in &cx.repo.trains {
        gates(cx, t, &mut out);
        approval(cx, t, &mut out);
    }
    out
}

fn train_name(t: &Train) -> &str {
    t.def.name.get_ref()
}

fn gates(cx: &Resolved, t: &Train, out: &mut Vec<Finding>) {
    let stage = *t.def.stage.get_ref();
    let name = train_name(t);
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

fn approval(cx: &Resolved, t: &Train, out: &mut Vec<Finding>) {
    let stage = *t.def.stage.get_ref();
    if stage < TrainStage::Deployment {
        return;
    }
    let name = train_name(t);
    let approvals: Vec<_> = t
        .def
        .approvals
        .iter()
        .map(|a| a.get_ref())
        .filter(|a| *a.gate.get_ref() == TrainStage::Deployment && a.role.get_ref() == "executive")
        .collect();
    // Trains are not tied to one service; a service-specific delegation
    // of executive does not make a train approver.
    let valid =
        |by: &str, when: &crate::model::When| holds(cx, by, "executive", "", local_date(cx, when));
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

/// The releases on train `name`, in folder order.
pub fn members<'a>(repo: &'a Repo, name: &'a str) -> impl Iterator<Item = &'a Release> + 'a {
    repo.releases
        .iter()
        .filter(move |r| r.def.train.as_ref().is_some_and(|t| t.get_ref() == name))
}

/// The milestones a release inherits from its train, by date: what a
/// release page shows beside its own dates.
pub fn inherited_milestones<'a>(repo: &'a Repo, r: &Release) -> Vec<&'a Milestone> {
    let Some(name) = &r.def.train else {
        return Vec::new();
    };
    let mut out: Vec<&Milestone> = repo
        .trains
        .iter()
        .filter(|t| t.def.name.get_ref() == name.get_ref())
        .flat_map(|t| t.def.milestones.iter().map(|m| m.get_ref()))
        .collect();
    out.sort_by(|a, b| {
        (a.date.get_ref(), a.name.get_ref()).cmp(&(b.date.get_ref(), b.name.get_ref()))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{line_of, load, run, Fixture, GOOD};

    const TRAIN: &str = r#"name = "2026-Q1"
title = "Q1 2026"
manager = "alice"
stage = "deployment"
from = 2026-01-01
until = 2026-03-31

[[milestones]]
name = "Code freeze"
date = 2026-03-02

[[milestones]]
name = "Scope agreed"
date = 2026-01-15

[[exit_criteria]]
gate = "construction"
item = "All member releases built"
done = true

[[exit_criteria]]
gate = "deployment"
item = "Production turnover accepted"
done = false

[[approvals]]
gate = "deployment"
role = "executive"
by = "grace"
at = 2026-03-10T15:00:00
"#;

    fn on_train(text: &str) -> String {
        text.replace(
            "manager = \"alice\"",
            "manager = \"alice\"\ntrain = \"2026-Q1\"",
        )
    }

    #[test]
    fn a_train_in_order_is_silent() {
        let fx = Fixture::new()
            .release(&on_train(GOOD))
            .file("releases/trains/2026-Q1.toml", TRAIN);
        assert!(run(&fx, check).is_empty());
    }

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

    #[test]
    fn members_inherit_milestones_by_date() {
        let fx = Fixture::new()
            .release(&on_train(GOOD))
            .file("releases/trains/2026-Q1.toml", TRAIN);
        let repo = load(&fx);
        let names: Vec<&str> = inherited_milestones(&repo, &repo.releases[0])
            .iter()
            .map(|m| m.name.get_ref().as_str())
            .collect();
        assert_eq!(names, ["Scope agreed", "Code freeze"]);
        let other = Fixture::new()
            .release(GOOD)
            .file("releases/trains/2026-Q1.toml", TRAIN);
        let repo = load(&other);
        assert!(inherited_milestones(&repo, &repo.releases[0]).is_empty());
    }
}

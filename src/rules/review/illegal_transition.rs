//! A release's stage moves more than one legal step in one change (check --base)
//!
//! ## What it does
//! Compares each release's `stage` with its stage at the base revision of
//! `trainyard check --base REV`. In one change a stage may move one step:
//! plan → build → test → stage → deploy → close, back to build from test or
//! stage (a fix cycle), or to cancelled from any stage but close. A type's
//! `skip_stages` lets it jump over those stages (emergency: test → deploy).
//! The moves allowed are those of the release's type as the policy stood at
//! the base, so a change cannot widen `skip_stages` and use it at once.
//!
//! A release that is new in the change starts at plan. Trains pass one gate
//! per change (scope → construction → verification → deployment → closed) and
//! start at scope.
//!
//! ## Why
//! Each stage has entry criteria that someone reviews. Moving two stages in
//! one pull request skips the review of the stage in between.
//!
//! ## Example
//! ```toml
//! # at the base: stage = "plan"
//! stage = "deploy"
//! ```
//!
//! Use instead (one pull request each, `trainyard promote` checks the
//! criteria):
//! ```toml
//! stage = "build"
//! ```

use std::collections::BTreeMap;
use std::ops::Range;

use super::pairs::stage_of;
use super::Base;
use crate::diagnostic::{Finding, Rule};
use crate::load::{Release, Repo, Train};
use crate::model::{Stage, TrainStage};

/// A release in both revisions: its stage moved one legal step or not at all.
pub(super) fn check(base: &Base, b: &Release, h: &Release, out: &mut Vec<Finding>) {
    let (from, to) = (stage_of(b), stage_of(h));
    if from == to {
        return;
    }
    // The moves allowed are those of the type as it stood at the base: a
    // change cannot widen its own `skip_stages`.
    let skips = base
        .repo
        .policies
        .get(b.def.kind.get_ref())
        .map(|p| p.def.skips())
        .unwrap_or_default();
    let legal = from.next_stages(&skips);
    if legal.contains(&to) {
        return;
    }
    let label = base.label;
    let message = if legal.is_empty() {
        format!(
            "stage moves from {from} (at {label}) to {to}, but {from} is final: a {from} release never changes stage"
        )
    } else {
        format!(
            "stage moves from {from} (at {label}) to {to} in one change; from {from} a {} release may move only to {}",
            b.def.kind.get_ref(),
            or_list(&legal)
        )
    };
    let forward = legal.iter().find(|s| s.rank().is_some() && s.reached(from));
    let help = match forward {
        Some(next) if to.reached(from) => format!(
            "move one stage per reviewed change: set stage = \"{next}\" here (`trainyard promote {} --to {next}` checks its entry criteria) and {to} in a later change",
            h.id()
        ),
        _ if legal.is_empty() => format!("restore stage = \"{from}\""),
        _ => format!(
            "restore stage = \"{from}\", or move it to {}",
            or_list(&legal)
        ),
    };
    out.push(
        Finding::new(Rule::IllegalTransition, h.file, h.def.stage.span(), message)
            .help(help)
            .release(h.id()),
    );
}

/// "build, stage or cancelled".
fn or_list<T: std::fmt::Display>(items: &[T]) -> String {
    let words: Vec<String> = items.iter().map(ToString::to_string).collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// A release new in the working tree starts at plan.
pub(super) fn new_release(base: &Base, h: &Release, out: &mut Vec<Finding>) {
    let stage = stage_of(h);
    if stage == Stage::Plan {
        return;
    }
    out.push(
        Finding::new(
            Rule::IllegalTransition,
            h.file,
            h.def.stage.span(),
            format!(
                "{} is new since {} but starts at stage = \"{stage}\"; a release starts at plan and moves one stage per reviewed change",
                h.id(),
                base.label
            ),
        )
        .help("set stage = \"plan\" (`trainyard new` writes a release at plan)")
        .release(h.id()),
    );
}

/// The legal one-step moves of a train: the next gate, or none when closed.
fn train_next(from: TrainStage) -> Option<TrainStage> {
    let i = TrainStage::ALL.iter().position(|s| *s == from)?;
    TrainStage::ALL.get(i + 1).copied()
}

/// Every train: a new one starts at scope, and one gate per change.
pub(super) fn trains(head: &Repo, base: &Base, out: &mut Vec<Finding>) {
    let base_trains: BTreeMap<&str, &Train> = base
        .repo
        .trains
        .iter()
        .map(|t| (t.stem.as_str(), t))
        .collect();
    for h in &head.trains {
        let to = *h.def.stage.get_ref();
        let span: Range<usize> = h.def.stage.span();
        let Some(b) = base_trains.get(h.stem.as_str()) else {
            if to != TrainStage::Scope {
                out.push(
                    Finding::new(
                        Rule::IllegalTransition,
                        h.file,
                        span,
                        format!(
                            "train {} is new since {} but starts at stage {to}; a train starts at scope",
                            h.def.name.get_ref(),
                            base.label
                        ),
                    )
                    .help("set stage = \"scope\""),
                );
            }
            continue;
        };
        let from = *b.def.stage.get_ref();
        if from == to || train_next(from) == Some(to) {
            continue;
        }
        let message = match train_next(from) {
            Some(next) => format!(
                "train stage moves from {from} (at {}) to {to}; a train passes one gate per change, from {from} only to {next}",
                base.label
            ),
            None => format!(
                "train stage moves from {from} (at {}) to {to}, but a closed train never changes stage",
                base.label
            ),
        };
        out.push(
            Finding::new(Rule::IllegalTransition, h.file, span, message).help(
                match train_next(from) {
                    Some(next) => format!("set stage = \"{next}\""),
                    None => format!("restore stage = \"{from}\""),
                },
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::review::fixture::{release, review, rules, EMERGENCY, R};

    #[test]
    fn one_legal_step_passes_and_two_do_not() {
        let base = release("REL-2030-03-001", "minor", "plan", "");
        let build = release("REL-2030-03-001", "minor", "build", "");
        assert!(review(&[(R, &base)], &[(R, &build)]).is_empty());
        let deploy = release("REL-2030-03-001", "minor", "deploy", "");
        let found = review(&[(R, &base)], &[(R, &deploy)]);
        assert_eq!(rules(&found), ["illegal-transition"]);
        let (_, message, at) = &found[0];
        assert!(
            message.contains("from plan (at main) to deploy"),
            "{message}"
        );
        assert!(message.contains("only to build or cancelled"), "{message}");
        assert_eq!(at, "\"deploy\"");
    }

    #[test]
    fn fix_cycles_cancellation_and_skips_are_legal() {
        let at = |kind: &str, stage: &str| release("REL-2030-03-001", kind, stage, "");
        for (kind, from, to) in [
            ("minor", "test", "build"),
            ("minor", "stage", "build"),
            ("minor", "deploy", "cancelled"),
            ("emergency", "test", "deploy"),
            ("minor", "stage", "stage"),
        ] {
            let found = review(&[(R, &at(kind, from))], &[(R, &at(kind, to))]);
            assert!(found.is_empty(), "{kind} {from} -> {to}: {found:?}");
        }
        for (kind, from, to) in [("minor", "test", "deploy"), ("minor", "deploy", "test")] {
            let found = review(&[(R, &at(kind, from))], &[(R, &at(kind, to))]);
            assert_eq!(
                rules(&found),
                ["illegal-transition"],
                "{kind} {from} -> {to}"
            );
        }
        // A cancelled release is also a record: its file changed too.
        let found = review(
            &[(R, &at("minor", "cancelled"))],
            &[(R, &at("minor", "plan"))],
        );
        assert_eq!(
            rules(&found),
            ["illegal-transition", "closed-release-modified"]
        );
        assert!(found[0].1.contains("cancelled is final"), "{}", found[0].1);
    }

    #[test]
    fn the_skip_stages_of_the_base_policy_apply() {
        // Turning minor into a type that skips stage in the same change does
        // not let a release jump.
        let before = release("REL-2030-03-001", "minor", "test", "");
        let after = release("REL-2030-03-001", "minor", "deploy", "");
        let found = review(
            &[(R, &before)],
            &[(R, &after), ("policies/minor.toml", EMERGENCY)],
        );
        assert_eq!(rules(&found), ["illegal-transition"]);
    }

    #[test]
    fn a_new_release_starts_at_plan() {
        let found = review(
            &[],
            &[(R, &release("REL-2030-03-001", "minor", "build", ""))],
        );
        assert_eq!(rules(&found), ["illegal-transition"]);
    }

    #[test]
    fn trains_pass_one_gate_at_a_time() {
        let train = |stage: &str| {
            format!("name = \"2030-Q1\"\ntitle = \"Q1\"\nmanager = \"alice\"\nstage = \"{stage}\"\nfrom = 2030-01-01\nuntil = 2030-03-31\n")
        };
        let t = "releases/trains/2030-Q1.toml";
        assert!(review(&[(t, &train("scope"))], &[(t, &train("construction"))]).is_empty());
        let found = review(&[(t, &train("scope"))], &[(t, &train("verification"))]);
        assert_eq!(rules(&found), ["illegal-transition"]);
        assert!(
            found[0].1.contains("from scope only to construction"),
            "{}",
            found[0].1
        );
    }
}

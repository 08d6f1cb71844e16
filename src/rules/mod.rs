//! The rules: pure functions from the resolved repository to findings, one
//! folder per family and one file per rule, and the engine that runs them,
//! applies `[lint]` levels and waives what a release's `[[exceptions]]`
//! allow. Which rules exist is [`crate::diagnostic::Rule`]; each family's
//! `check` runs its rules.

pub mod approval;
pub mod calendar;
pub(crate) mod criteria;
pub mod deploy;
pub(crate) mod evidence;
#[cfg(test)]
mod fixture;
pub mod load;
pub mod plan;
pub mod review;
pub mod subset;
pub mod test;
pub mod train;
pub mod unloaded;
mod waivers;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::diagnostic::{Finding, Level, Severity};
pub use crate::resolve::CheckOptions;
use crate::resolve::Resolved;

/// A family's check: all its findings over the repository.
type Check = fn(&Resolved) -> Vec<Finding>;

/// The checks of every family that looks at the repository alone (the
/// review family looks at a change, in `trainyard check --base`), run in
/// parallel.
const CHECKS: &[Check] = &[
    load::check,
    plan::check,
    test::check,
    approval::check,
    deploy::check,
    train::check,
    calendar::check,
];

/// The outcome of checking a repository.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// Findings in file, line, rule order.
    pub findings: Vec<Finding>,
    /// Findings waived by `[[exceptions]]`, by rule.
    pub waived: BTreeMap<&'static str, usize>,
    /// Findings silenced by `[lint]` `"off"`, by rule.
    pub disabled: BTreeMap<&'static str, usize>,
    /// What was not checked because a file did not load, in file order.
    pub not_checked: Vec<unloaded::NotChecked>,
}

impl Outcome {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Runs every rule over the resolved repository.
pub fn check(cx: &Resolved) -> Outcome {
    finish(cx, unfinished(cx))
}

/// Every family's findings (and the loader's) before [`finish`]: for a
/// command that adds findings of its own and then finishes them all once.
pub fn unfinished(cx: &Resolved) -> Vec<Finding> {
    let mut findings: Vec<Finding> = cx.repo.findings.clone();
    let per_family: Vec<Vec<Finding>> = CHECKS.par_iter().map(|check| check(cx)).collect();
    findings.extend(per_family.into_iter().flatten());
    findings
}

/// Applies exceptions and severities, then sorts. Also used by commands
/// that add findings of their own (such as `check --base`).
pub fn finish(cx: &Resolved, findings: Vec<Finding>) -> Outcome {
    let mut outcome = Outcome {
        not_checked: unloaded::not_checked(cx),
        ..Outcome::default()
    };
    let (mut findings, waived, exception_findings) = waivers::apply(cx, findings);
    outcome.waived = waived;
    findings.extend(exception_findings);
    let levels = &cx.repo.levels;
    findings.retain_mut(|f| match levels.get(&f.rule) {
        Some(Level::Off) => {
            *outcome.disabled.entry(f.rule.name()).or_default() += 1;
            false
        }
        Some(Level::Warning) => {
            f.severity = Severity::Warning;
            true
        }
        Some(Level::Error) => {
            f.severity = Severity::Error;
            true
        }
        None => true,
    });
    let repo = cx.repo;
    // Each finding's position is found once, not in every comparison.
    let mut keyed: Vec<(crate::model::Position, Finding)> = findings
        .into_iter()
        .map(|f| (repo.files[f.file].position(f.span.start), f))
        .collect();
    keyed.sort_by(|(pa, a), (pb, b)| {
        (repo.path(a.file), pa, a.rule.name(), &a.message).cmp(&(
            repo.path(b.file),
            pb,
            b.rule.name(),
            &b.message,
        ))
    });
    let mut findings: Vec<Finding> = keyed.into_iter().map(|(_, f)| f).collect();
    findings.dedup();
    outcome.findings = findings;
    outcome
}

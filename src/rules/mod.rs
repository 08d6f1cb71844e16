//! The rules: pure functions from a loaded [`Repo`] to findings, one file
//! per family, and the engine that runs them, applies `[lint]` severities
//! and waives what a release's `[[exceptions]]` allow.

pub mod approval;
pub mod calendar;
mod context;
pub mod deploy;
pub mod evidence;
mod exceptions;
mod finding;
#[cfg(test)]
mod life_testing;
pub(crate) mod lifecycle;
pub mod load;
pub mod plan;
pub mod registry;
pub mod review;
pub mod train;
mod words;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rayon::prelude::*;

pub use context::{zone, Context};
pub use finding::{Finding, Severity};
pub use registry::RuleInfo;

use crate::load::Repo;

/// Every family's rules, for the registry.
pub(crate) const FAMILIES: &[&[RuleInfo]] = &[
    load::RULES,
    exceptions::RULES,
    plan::RULES,
    evidence::RULES,
    approval::RULES,
    deploy::RULES,
    train::RULES,
    calendar::RULES,
    review::RULES,
];

/// A family's check: all its findings over the repository.
type Check = fn(&Context) -> Vec<Finding>;

/// The checks of every family, run in parallel.
const CHECKS: &[Check] = &[
    load::check,
    plan::check,
    evidence::check,
    approval::check,
    deploy::check,
    train::check,
    calendar::check,
];

/// Settings for one run of the rules.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    /// The date rules that depend on "now" use.
    pub today: NaiveDate,
}

/// The outcome of checking a repository.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// Findings in file, line, rule order.
    pub findings: Vec<Finding>,
    /// Findings waived by `[[exceptions]]`, by rule.
    pub waived: BTreeMap<&'static str, usize>,
    /// Findings silenced by `[lint]` `"off"`, by rule.
    pub disabled: BTreeMap<&'static str, usize>,
}

impl Outcome {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Runs every rule over `repo`.
pub fn check(repo: &Repo, options: &CheckOptions) -> Outcome {
    let cx = Context::new(repo, options);
    let findings = unfinished(&cx);
    finish(&cx, findings)
}

/// Every family's findings (and the loader's) before [`finish`]: for a
/// command that adds findings of its own and then finishes them all once.
pub fn unfinished(cx: &Context) -> Vec<Finding> {
    let mut findings: Vec<Finding> = cx.repo.findings.clone();
    let per_family: Vec<Vec<Finding>> = CHECKS.par_iter().map(|check| check(cx)).collect();
    findings.extend(per_family.into_iter().flatten());
    findings
}

/// Applies exceptions and severities, then sorts. Also used by commands
/// that add findings of their own (such as `check --base`).
pub fn finish(cx: &Context, findings: Vec<Finding>) -> Outcome {
    let mut outcome = Outcome::default();
    let (mut findings, waived, exception_findings) = exceptions::apply(cx, findings);
    outcome.waived = waived;
    findings.extend(exception_findings);
    let overrides = &cx.repo.config.def.lint;
    findings.retain_mut(|f| {
        let level = overrides
            .iter()
            .find(|(k, _)| k.get_ref() == f.rule)
            .map(|(_, v)| v.get_ref().as_str());
        match level {
            Some("off") => {
                *outcome.disabled.entry(f.rule).or_default() += 1;
                false
            }
            Some("warning") => {
                f.severity = Severity::Warning;
                true
            }
            Some("error") => {
                f.severity = Severity::Error;
                true
            }
            _ => true,
        }
    });
    let repo = cx.repo;
    findings.sort_by(|a, b| {
        let pa = repo.files[a.file].position(a.span.start);
        let pb = repo.files[b.file].position(b.span.start);
        (repo.path(a.file), pa, a.rule, &a.message).cmp(&(
            repo.path(b.file),
            pb,
            b.rule,
            &b.message,
        ))
    });
    findings.dedup();
    outcome.findings = findings;
    outcome
}

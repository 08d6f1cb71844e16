//! Test support for the lifecycle families: a small repository (the
//! shipped policies' values, a few services and people) written to a
//! temporary folder, plus a release that keeps every lifecycle rule.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::diagnostic::Finding;
use crate::load::Repo;
use crate::resolve::{CheckOptions, Resolved};

pub(crate) const CALENDAR: &str = r#"timezone = "Europe/London"
readiness_hours = 24

[[holidays]]
date = 2026-04-03
name = "Good Friday"

[[holidays]]
date = 2026-04-06
name = "Easter Monday"
"#;

pub(crate) const SERVICES: &str = r#"[services.finance]
name = "Finance"
owner = "carol"
versioning = "semver"

[services.hr-portal]
name = "HR portal"
owner = "liam"

[services.data-platform]
name = "Data platform"
owner = "oscar"
versioning = "calver"
"#;

pub(crate) const PEOPLE: &str = r#"[people.alice]
name = "Alice"
roles = ["release-manager", "cab"]

[people.bilal]
name = "Bilal"
roles = ["release-manager"]

[people.carol]
name = "Carol"
roles = ["cab"]

[people.dave]
name = "Dave"
roles = ["cab", "emergency-cab"]

[people.grace]
name = "Grace"
roles = ["executive", "emergency-cab"]

[people.eve]
name = "Eve"
roles = ["release-engineer"]

[people.jun]
name = "Jun"
roles = ["developer"]

[people.ivan]
name = "Ivan"
roles = ["operations"]

[people.kemi]
name = "Kemi"
roles = ["qa"]

[people.tom]
name = "Tom"
roles = ["developer"]

[people.liam]
name = "Liam"

[people.oscar]
name = "Oscar"
roles = ["operations"]

[[delegations]]
from = "carol"
to = "tom"
role = "service-owner"
service = "finance"
from_date = 2026-08-03
until = 2026-08-14
"#;

pub(crate) const ENVIRONMENTS: &str = r#"path = ["dev", "test", "staging", "production"]

[environments.dev]
deployers = ["developer", "release-engineer"]

[environments.test]
deployers = ["qa", "release-engineer"]

[environments.staging]
locked = true
deployers = ["release-engineer", "operations"]

[environments.production]
locked = true
deployers = ["operations", "release-engineer"]
"#;

pub(crate) const MAJOR: &str = include_str!("../../policies/major.toml");

pub(crate) const MINOR: &str = include_str!("../../policies/minor.toml");

pub(crate) const PATCH: &str = include_str!("../../policies/patch.toml");

pub(crate) const EMERGENCY: &str = include_str!("../../policies/emergency.toml");

/// A closed minor release of finance that keeps every lifecycle rule.
pub(crate) const GOOD: &str = r#"id = "REL-2026-03-001"
title = "Finance system v2.4.0"
service = "finance"
version = "2.4.0"
type = "minor"
impact = "medium"
stage = "close"
manager = "alice"
rationale = "Enhancements"
risk = "Low"

[window]
start = 2026-03-14T20:00:00
duration = "2h"

[rollback]
window = "4h"
procedure = "runbook.md#rollback"

[[changes]]
id = "CHG-1"
summary = "Export"
status = "approved"

[[known_issues]]
summary = "PDF export fails over 500 pages"
defect = "DEF-311"

[[tests]]
category = "smoke"
result = "passed"
at = 2026-03-06T11:00:00

[[tests]]
category = "functional-changed"
level = "required"
result = "passed"
at = 2026-03-09T16:00:00

[[tests]]
category = "functional-unchanged"
level = "required"
result = "passed"
at = 2026-03-10T12:00:00

[[tests]]
category = "regression"
level = "full"
result = "passed"
at = 2026-03-10T17:00:00

[[tests]]
category = "integration"
level = "all"
result = "passed"
at = 2026-03-10T15:00:00

[[tests]]
category = "performance"
level = "baseline"
result = "passed"
at = 2026-03-10T18:00:00

[[tests]]
category = "security"
level = "vulnerability-scan"
result = "passed"
at = 2026-03-09T09:00:00

[[defects]]
id = "DEF-305"
severity = "high"
status = "fixed"

[[defects]]
id = "DEF-311"
severity = "medium"
status = "open"

[[approvals]]
gate = "build"
role = "service-owner"
by = "carol"
at = 2026-03-03T11:00:00

[[approvals]]
gate = "deploy"
role = "service-owner"
by = "carol"
at = 2026-03-12T16:00:00

[[deployments]]
environment = "dev"
status = "deployed"
at = 2026-03-05T15:00:00
by = "jun"

[[deployments]]
environment = "test"
status = "deployed"
at = 2026-03-06T10:00:00
by = "kemi"

[[deployments]]
environment = "staging"
status = "deployed"
at = 2026-03-11T09:30:00
by = "eve"

[[deployments]]
environment = "production"
status = "deployed"
at = 2026-03-14T20:05:00
by = "ivan"

[outcome]
status = "successful"
started = 2026-03-14T20:00:00
finished = 2026-03-14T21:50:00
"#;

/// The runbook of [`GOOD`].
pub(crate) const RUNBOOK: &str =
    "# Runbook\n\n## Deployment\n\nSteps.\n\n## Verification\n\nChecks.\n\n## Rollback\n\nUndo.\n";

/// A repository to write out: relative path to text.
#[derive(Clone, Debug)]
pub(crate) struct Fixture {
    pub files: BTreeMap<String, String>,
}

impl Fixture {
    /// The catalogues and the four policies, no releases.
    pub fn new() -> Self {
        let mut files = BTreeMap::new();
        for (path, text) in [
            ("policies/calendar.toml", CALENDAR),
            ("policies/services.toml", SERVICES),
            ("policies/people.toml", PEOPLE),
            ("policies/environments.toml", ENVIRONMENTS),
            ("policies/major.toml", MAJOR),
            ("policies/minor.toml", MINOR),
            ("policies/patch.toml", PATCH),
            ("policies/emergency.toml", EMERGENCY),
        ] {
            files.insert(path.to_string(), text.to_string());
        }
        Fixture { files }
    }

    /// Adds `releases/<id>/release.toml` (the id is read from the text) and
    /// the standard runbook.
    pub fn release(mut self, text: &str) -> Self {
        let id = text
            .lines()
            .find_map(|l| l.strip_prefix("id = \""))
            .and_then(|l| l.strip_suffix('"'))
            .unwrap_or("REL-2026-03-001")
            .to_string();
        self.files
            .insert(format!("releases/{id}/release.toml"), text.to_string());
        self.files
            .entry(format!("releases/{id}/runbook.md"))
            .or_insert_with(|| RUNBOOK.to_string());
        self
    }

    /// Adds or replaces any file.
    pub fn file(mut self, path: &str, text: &str) -> Self {
        self.files.insert(path.to_string(), text.to_string());
        self
    }

    /// Removes a file.
    pub fn without(mut self, path: &str) -> Self {
        self.files.remove(path);
        self
    }
}

/// Writes `fx` to a temporary folder and loads it.
pub(crate) fn load(fx: &Fixture) -> Repo {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, text) in &fx.files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("a folder");
        std::fs::write(p, text).expect("a written file");
    }
    std::fs::create_dir_all(dir.path().join("releases")).expect("a folder");
    let mut repo = Repo::load(dir.path()).expect("a repository");
    repo.root = std::path::PathBuf::new();
    assert!(
        repo.findings.is_empty(),
        "the fixture does not load cleanly: {:?}",
        repo.findings
    );
    repo
}

/// The options the tests use: today is 2026-03-20.
pub(crate) fn options() -> CheckOptions {
    options_on("2026-03-20")
}

pub(crate) fn options_on(day: &str) -> CheckOptions {
    CheckOptions {
        today: NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("a date"),
    }
}

/// A finding as tests compare it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Seen {
    pub rule: &'static str,
    pub path: String,
    pub line: usize,
    pub message: String,
    pub help: String,
}

/// Runs `check` over `fx` on `today` and returns its findings in file
/// and line order.
pub(crate) fn run_on(fx: &Fixture, today: &str, check: fn(&Resolved) -> Vec<Finding>) -> Vec<Seen> {
    let repo = load(fx);
    let cx = Resolved::new(&repo, &options_on(today));
    let mut seen: Vec<Seen> = check(&cx)
        .into_iter()
        .map(|f| Seen {
            rule: f.rule.name(),
            path: repo.path(f.file).to_string(),
            line: repo.files[f.file].position(f.span.start).line,
            message: f.message,
            help: f.help.unwrap_or_default(),
        })
        .collect();
    seen.sort_by(|a, b| (&a.path, a.line, a.rule).cmp(&(&b.path, b.line, b.rule)));
    seen
}

/// [`run_on`] with today 2026-03-20, after everything [`GOOD`] records.
/// The findings of one rule among `seen`.
pub(crate) fn only(seen: Vec<Seen>, rule: &str) -> Vec<Seen> {
    seen.into_iter().filter(|s| s.rule == rule).collect()
}

pub(crate) fn run(fx: &Fixture, check: fn(&Resolved) -> Vec<Finding>) -> Vec<Seen> {
    run_on(fx, "2026-03-20", check)
}

/// The 1-based line of the first line of `text` containing `needle` after
/// the first line containing `after` (use `""` for the whole text).
pub(crate) fn line_of(text: &str, after: &str, needle: &str) -> usize {
    let start = text.lines().position(|l| l.contains(after)).unwrap_or(0);
    text.lines()
        .enumerate()
        .skip(start)
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("`{needle}` after `{after}` is not in the text"))
}

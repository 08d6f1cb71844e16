//! `releases/ID/release.toml`: one release, as written.

use serde::Deserialize;

use super::{Day, Spanned, Stage, When};

/// How much a release affects users; drives notice and audience.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    Low,
    Medium,
    High,
}

impl Impact {
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Low => "low",
            Impact::Medium => "medium",
            Impact::High => "high",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeStatus {
    Approved,
    Pending,
    Rejected,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TestResult {
    Passed,
    Failed,
    Blocked,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DefectSeverity {
    Low,
    Medium,
    High,
    Critical,
}

impl DefectSeverity {
    pub fn as_str(self) -> &'static str {
        match self {
            DefectSeverity::Low => "low",
            DefectSeverity::Medium => "medium",
            DefectSeverity::High => "high",
            DefectSeverity::Critical => "critical",
        }
    }

    /// Critical and high defects block a release.
    pub fn blocks(self) -> bool {
        self >= DefectSeverity::High
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DefectStatus {
    Open,
    Fixed,
    Deferred,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeployStatus {
    Ready,
    Deployed,
    Failed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutcomeStatus {
    Successful,
    Partial,
    RolledBack,
}

impl OutcomeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeStatus::Successful => "successful",
            OutcomeStatus::Partial => "partial",
            OutcomeStatus::RolledBack => "rolled-back",
        }
    }
}

/// The whole of `release.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseDef {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub service: Spanned<String>,
    pub version: Spanned<String>,
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    pub impact: Spanned<Impact>,
    pub stage: Spanned<Stage>,
    pub manager: Spanned<String>,
    pub train: Option<Spanned<String>>,
    pub rationale: Option<Spanned<String>>,
    pub risk: Option<Spanned<String>>,
    #[serde(default)]
    pub depends_on: Vec<Spanned<String>>,
    pub incident: Option<Spanned<String>>,
    #[serde(default)]
    pub requirements: Vec<Spanned<String>>,
    pub window: Option<Spanned<Window>>,
    pub rollback: Option<Spanned<Rollback>>,
    #[serde(default)]
    pub changes: Vec<Spanned<Change>>,
    #[serde(default)]
    pub known_issues: Vec<Spanned<KnownIssue>>,
    #[serde(default)]
    pub tests: Vec<Spanned<TestRun>>,
    #[serde(default)]
    pub defects: Vec<Spanned<Defect>>,
    #[serde(default)]
    pub approvals: Vec<Spanned<Approval>>,
    #[serde(default)]
    pub notifications: Vec<Spanned<Notification>>,
    pub readiness: Option<Spanned<Readiness>>,
    #[serde(default)]
    pub deployments: Vec<Spanned<Deployment>>,
    #[serde(default)]
    pub exceptions: Vec<Spanned<Exception>>,
    pub outcome: Option<Spanned<Outcome>>,
}

/// `[window]`: when the release deploys. Either `duration` or `end`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub start: Spanned<When>,
    pub duration: Option<Spanned<String>>,
    /// A wall-clock end, `"HH:MM"`: the first such time after the start.
    pub end: Option<Spanned<String>>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rollback {
    pub window: Option<Spanned<String>>,
    pub procedure: Option<Spanned<String>>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub id: Spanned<String>,
    pub summary: Spanned<String>,
    pub status: Spanned<ChangeStatus>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnownIssue {
    pub summary: Spanned<String>,
    pub workaround: Option<Spanned<String>>,
    pub defect: Option<Spanned<String>>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestRun {
    pub category: Spanned<String>,
    pub level: Option<Spanned<String>>,
    pub result: Spanned<TestResult>,
    pub at: Option<Spanned<When>>,
    pub passed: Option<u32>,
    pub failed: Option<u32>,
    pub blocked: Option<u32>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defect {
    pub id: Spanned<String>,
    pub severity: Spanned<DefectSeverity>,
    pub status: Spanned<DefectStatus>,
    pub summary: Option<Spanned<String>>,
}

/// An approval; `gate` is the stage it lets the release enter.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub gate: Spanned<Stage>,
    pub role: Spanned<String>,
    pub by: Spanned<String>,
    pub at: Spanned<When>,
    pub note: Option<Spanned<String>>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notification {
    pub at: Spanned<When>,
    pub audience: Spanned<Vec<Spanned<String>>>,
    pub note: Option<Spanned<String>>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Readiness {
    pub at: Spanned<When>,
    pub go: Spanned<bool>,
    pub note: Option<Spanned<String>>,
}

/// A turnover to one environment.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deployment {
    pub environment: Spanned<String>,
    pub status: Spanned<DeployStatus>,
    pub at: Option<Spanned<When>>,
    pub by: Option<Spanned<String>>,
}

/// Waives one rule for this release.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    pub rule: Spanned<String>,
    pub reason: Option<Spanned<String>>,
    pub approved_by: Option<Spanned<String>>,
    pub until: Option<Spanned<Day>>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub status: Spanned<OutcomeStatus>,
    pub started: Option<Spanned<When>>,
    pub finished: Option<Spanned<When>>,
    pub defects_after: Option<u32>,
    pub pir: Option<Spanned<Day>>,
    pub lessons: Option<Spanned<String>>,
}

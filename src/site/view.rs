//! The site model: plain serialisable values that templates receive.
//!
//! Every string here is text, never HTML, except fields named `*_html`,
//! which hold sanitized Markdown or fragments rendered by our own
//! autoescaping templates. URLs are relative to the site root (no leading
//! `/`); templates put the page's `root` (`""`, `"../"`, `"../../"`) in
//! front, so the site works from `file://` and from any base path.
//! docs/templates.md lists what each template receives.

use serde::Serialize;

use super::markdown::TocEntry;

/// What every page receives as `site`.
#[derive(Clone, Debug, Serialize)]
pub struct SiteInfo {
    pub title: String,
    pub description: Option<String>,
    /// Absolute base URL with a trailing `/`, when known.
    pub base_url: Option<String>,
    /// The build's "today", `YYYY-MM-DD`.
    pub today: String,
    /// `Sat 14 Mar 2026`.
    pub today_label: String,
    /// The calendar's IANA time zone; every time shown is in it.
    pub zone: String,
    pub release_count: usize,
    /// Release types in order, with their CSS class, for legends.
    pub types: Vec<TypeInfo>,
    /// The site-wide iCal feeds (every release; windows and blackouts).
    pub feeds: Vec<Link>,
    /// The span windows.ics covers: "Mon 24 Aug 2026 to Wed 24 May 2028".
    pub feed_horizon: String,
}

/// A release type and the class that colours it.
#[derive(Clone, Debug, Serialize)]
pub struct TypeInfo {
    pub name: String,
    pub class: String,
    pub description: Option<String>,
    pub url: String,
}

/// A label with a root-relative URL.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    pub label: String,
    pub url: String,
}

/// A person as shown: name and key; `known` is false when the key is not
/// in people.toml (the name is then the key).
#[derive(Clone, Debug, Serialize)]
pub struct PersonRef {
    pub key: String,
    pub name: String,
    pub email: Option<String>,
    pub known: bool,
}

/// A release window in the calendar's zone.
#[derive(Clone, Debug, Serialize)]
pub struct WindowView {
    /// `Sat 14 Mar 2026, 20:00–22:00 GMT`.
    pub label: String,
    /// Local start date, `2026-03-14`.
    pub date: String,
    /// `20:00`.
    pub time: String,
    /// `2h`.
    pub length: String,
    /// RFC 3339 UTC instants.
    pub start_utc: String,
    pub end_utc: String,
}

/// A release as a row in lists and calendars.
#[derive(Clone, Debug, Serialize)]
pub struct ReleaseRow {
    pub id: String,
    pub slug: String,
    pub url: String,
    pub title: String,
    pub service: Link,
    pub version: String,
    pub kind: String,
    pub kind_class: String,
    pub impact: String,
    pub stage: String,
    pub window: Option<WindowView>,
    pub train: Option<Link>,
    pub manager: String,
    pub errors: usize,
    pub warnings: usize,
}

/// A finding as shown.
#[derive(Clone, Debug, Serialize)]
pub struct FindingView {
    pub rule: String,
    pub severity: String,
    pub message: String,
    pub help: Option<String>,
    /// `releases/REL-…/release.toml:12:1`.
    pub location: String,
    /// The release's page (its findings section), when it has one.
    pub release: Option<Link>,
}

/// One row of a simple two-column table.
#[derive(Clone, Debug, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
    pub url: Option<String>,
}

/// A change in a release.
#[derive(Clone, Debug, Serialize)]
pub struct ChangeView {
    pub id: String,
    pub summary: String,
    pub status: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct KnownIssueView {
    pub summary: String,
    pub workaround: Option<String>,
    pub defect: Option<String>,
}

/// A test run, with what the policy asks of its category.
#[derive(Clone, Debug, Serialize)]
pub struct TestView {
    pub category: String,
    pub level: String,
    pub required: Option<String>,
    pub result: String,
    pub at: String,
    pub passed: Option<u32>,
    pub failed: Option<u32>,
    pub blocked: Option<u32>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DefectView {
    pub id: String,
    pub severity: String,
    pub status: String,
    pub summary: String,
}

/// An approval given.
#[derive(Clone, Debug, Serialize)]
pub struct ApprovalView {
    pub gate: String,
    pub role: String,
    pub by: PersonRef,
    pub at: String,
    pub note: Option<String>,
}

/// An approval the policy asks for, and whether it was given.
#[derive(Clone, Debug, Serialize)]
pub struct RequiredApproval {
    pub gate: String,
    pub role: String,
    /// Names of those who gave it.
    pub given_by: Vec<String>,
}

/// A planned-versus-actual row.
#[derive(Clone, Debug, Serialize)]
pub struct Milestone {
    pub name: String,
    pub planned: String,
    pub actual: String,
    /// `done`, `late`, `pending`, `overdue` or `none`.
    pub status: String,
    /// The status in words, so colour is never the only signal.
    pub status_label: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct DeploymentView {
    pub environment: String,
    pub status: String,
    pub at: String,
    pub by: Option<PersonRef>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExceptionView {
    pub rule: String,
    pub reason: String,
    pub approved_by: Option<PersonRef>,
    pub until: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct OutcomeView {
    pub status: String,
    pub started: Option<String>,
    pub finished: Option<String>,
    pub defects_after: Option<u32>,
    pub pir: Option<String>,
    pub lessons: Option<String>,
}

/// The release notes in the release procedure's format.
#[derive(Clone, Debug, Serialize)]
pub struct NotesView {
    /// `Finance system v2.4.0`.
    pub application: String,
    pub version: String,
    /// Local date of the window, or "not scheduled".
    pub date: String,
    pub kind: String,
    pub changes: Vec<ChangeView>,
    pub known_issues: Vec<KnownIssueView>,
    /// Requirements and the releases this one depends on.
    pub dependencies: Vec<Link>,
    pub rollback_window: Option<String>,
    /// The rollback procedure as written, and where it points on the site.
    pub rollback_procedure: Option<Link>,
    /// notes.md, rendered and sanitized.
    pub intro_html: Option<String>,
}

/// Everything the release page shows.
#[derive(Clone, Debug, Serialize)]
pub struct ReleasePage {
    pub row: ReleaseRow,
    pub manager: PersonRef,
    pub service_owner: Option<PersonRef>,
    pub stages: Vec<StageStep>,
    pub facts: Vec<Fact>,
    pub rationale: Option<String>,
    pub risk: Option<String>,
    pub incident: Option<String>,
    pub depends_on: Vec<Link>,
    pub dependents: Vec<Link>,
    pub requirements: Vec<String>,
    pub notes: NotesView,
    /// The notes rendered once by `partials/notes.html` (also the feed's
    /// entry content).
    pub notes_html: String,
    pub tests: Vec<TestView>,
    /// Categories the policy requires that no passed test covers.
    pub missing_tests: Vec<String>,
    pub defects: Vec<DefectView>,
    pub approvals: Vec<ApprovalView>,
    pub required_approvals: Vec<RequiredApproval>,
    pub timeline: Vec<Milestone>,
    pub notifications: Vec<Fact>,
    pub readiness: Option<Fact>,
    pub deployments: Vec<DeploymentView>,
    pub exceptions: Vec<ExceptionView>,
    pub outcome: Option<OutcomeView>,
    pub runbook_html: Option<String>,
    pub runbook_toc: Vec<TocEntry>,
    pub findings: Vec<FindingView>,
    /// Who moved the release to each stage, oldest first (from git).
    pub history: Vec<TransitionView>,
    /// Why the history is missing or partial.
    pub history_note: Option<String>,
    /// Path of the release file, for "edit this release".
    pub source: String,
}

/// One stage change, as git recorded it.
#[derive(Clone, Debug, Serialize)]
pub struct TransitionView {
    /// The stage before; `None` when the commit created the release.
    pub from: Option<String>,
    pub to: String,
    /// The author date in the calendar's zone.
    pub when: String,
    pub author: String,
    pub email: String,
    /// The commit's short id.
    pub commit: String,
    /// The commit's subject line.
    pub message: String,
}

/// A recent stage change on the dashboard.
#[derive(Clone, Debug, Serialize)]
pub struct RecentTransition {
    pub release: Link,
    pub title: String,
    pub transition: TransitionView,
}

/// A step of the lifecycle bar.
#[derive(Clone, Debug, Serialize)]
pub struct StageStep {
    pub name: String,
    /// `done`, `current`, `todo` or `skipped`.
    pub state: String,
}

/// A facet of the releases index: one value and its page.
#[derive(Clone, Debug, Serialize)]
pub struct Facet {
    pub name: String,
    pub url: String,
    pub count: usize,
    pub current: bool,
}

/// A service's page.
#[derive(Clone, Debug, Serialize)]
pub struct ServicePage {
    pub key: String,
    pub slug: String,
    pub url: String,
    pub name: String,
    pub description: Option<String>,
    pub owner: PersonRef,
    pub versioning: String,
    pub depends_on: Vec<Link>,
    pub dependents: Vec<Link>,
    pub upcoming: Vec<ReleaseRow>,
    pub past: Vec<ReleaseRow>,
    pub release_count: usize,
    /// The maintenance windows and blackouts that apply to the service.
    pub windows: Vec<PeriodView>,
    pub blackouts: Vec<PeriodView>,
    /// The service's iCal feed.
    pub feed: String,
}

/// A train's page.
#[derive(Clone, Debug, Serialize)]
pub struct TrainPage {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub title: String,
    pub purpose: Option<String>,
    pub manager: PersonRef,
    pub stage: String,
    pub from: String,
    pub until: String,
    pub milestones: Vec<Fact>,
    pub exit_criteria: Vec<ExitView>,
    pub approvals: Vec<ApprovalView>,
    pub releases: Vec<ReleaseRow>,
    pub findings: Vec<FindingView>,
    /// The train's iCal feed.
    pub feed: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExitView {
    pub gate: String,
    pub item: String,
    pub done: bool,
}

/// A period of the calendar in words.
#[derive(Clone, Debug, Serialize)]
pub struct PeriodView {
    pub name: String,
    /// `Every Saturday, 18:00–06:00` or the one-off span.
    pub when: String,
    pub rrule: Option<String>,
    pub applies: Option<String>,
    /// The services a maintenance window or blackout applies to, in words
    /// (`payments only`); `None` for every service.
    pub services: Option<String>,
    /// The zone the period is read in, when it is not the calendar's.
    pub zone: Option<String>,
    pub description: Option<String>,
}

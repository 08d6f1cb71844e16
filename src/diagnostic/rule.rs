//! Rule identity: every rule trainyard has, as one enum. This is the one
//! registration list: a rule's name, code, family, default severity and the
//! file in `src/rules/` that implements it. A finding can only name a rule
//! listed here.
//!
//! A rule's documentation is the `//!` comment at the top of its file (the
//! first paragraph is its one-line summary, the rest What it does / Why /
//! Example); `trainyard explain`, the SARIF rule help and the site's
//! findings pages all show that text.

use std::fmt;

use serde::Serialize;

use super::Severity;

/// The family a rule belongs to, in the order `trainyard explain` lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    Load,
    Plan,
    Calendar,
    Test,
    Approval,
    Deploy,
    Train,
    Review,
}

impl Family {
    /// Every family, in listing order.
    pub const ALL: [Family; 8] = [
        Family::Load,
        Family::Plan,
        Family::Calendar,
        Family::Test,
        Family::Approval,
        Family::Deploy,
        Family::Train,
        Family::Review,
    ];

    /// The family's name, also its folder under `src/rules/`.
    pub const fn name(self) -> &'static str {
        match self {
            Family::Load => "load",
            Family::Plan => "plan",
            Family::Calendar => "calendar",
            Family::Test => "test",
            Family::Approval => "approval",
            Family::Deploy => "deploy",
            Family::Train => "train",
            Family::Review => "review",
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

macro_rules! rules {
    ($($variant:ident = ($name:literal, $code:literal, $family:ident, $severity:ident, $dir:ident / $module:ident),)*) => {
        /// A rule. Its variants are in code order.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $(
                #[doc = concat!("`", $name, "` (", $code, "), in `src/rules/", stringify!($dir), "/", stringify!($module), ".rs`.")]
                $variant,
            )*
        }

        impl Rule {
            /// Every rule, in code order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable kebab-case name used in output, `[lint]` and `[[exceptions]]`.
            pub const fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name,)* }
            }

            /// The stable short code (`TY202`).
            pub const fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code,)* }
            }

            pub const fn family(self) -> Family {
                match self { $(Rule::$variant => Family::$family,)* }
            }

            /// The severity a finding has unless `[lint]` says otherwise.
            pub const fn default_severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity,)* }
            }

            /// The source of the file that implements the rule.
            const fn source(self) -> &'static str {
                match self {
                    $(Rule::$variant => include_str!(concat!("../rules/", stringify!($dir), "/", stringify!($module), ".rs")),)*
                }
            }
        }
    };
}

rules! {
    ParseError = ("parse-error", "TY001", Load, Error, load/parse_error),
    SchemaError = ("schema-error", "TY002", Load, Error, load/schema_error),
    DuplicateId = ("duplicate-id", "TY003", Load, Error, load/duplicate_id),
    IdFormat = ("id-format", "TY004", Load, Error, load/id_format),
    IdMonthMismatch = ("id-month-mismatch", "TY005", Load, Warning, load/id_month_mismatch),
    UnknownReference = ("unknown-reference", "TY006", Load, Error, load/unknown_reference),
    DependencyCycle = ("dependency-cycle", "TY007", Load, Error, load/dependency_cycle),
    InvalidException = ("invalid-exception", "TY008", Load, Warning, load/invalid_exception),
    UnusedException = ("unused-exception", "TY009", Load, Warning, load/unused_exception),
    UnknownTestCategory = ("unknown-test-category", "TY010", Load, Warning, load/unknown_test_category),
    InvalidVersion = ("invalid-version", "TY101", Plan, Error, plan/invalid_version),
    VersionNotIncreasing = ("version-not-increasing", "TY102", Plan, Error, plan/version_not_increasing),
    ChangeNotApproved = ("change-not-approved", "TY103", Plan, Error, plan/change_not_approved),
    ChangeInMultipleReleases = ("change-in-multiple-releases", "TY104", Plan, Error, plan/change_in_multiple_releases),
    TooManyChanges = ("too-many-changes", "TY105", Plan, Warning, plan/too_many_changes),
    MissingDefinitionField = ("missing-definition-field", "TY106", Plan, Error, plan/missing_definition_field),
    MissingRunbook = ("missing-runbook", "TY107", Plan, Error, plan/missing_runbook),
    RunbookSectionMissing = ("runbook-section-missing", "TY108", Plan, Error, plan/runbook_section_missing),
    BrokenLink = ("broken-link", "TY109", Plan, Error, plan/broken_link),
    BehindSchedule = ("behind-schedule", "TY110", Plan, Warning, plan/behind_schedule),
    DependencyOrder = ("dependency-order", "TY111", Plan, Error, plan/dependency_order),
    OutsideMaintenanceWindow = ("outside-maintenance-window", "TY201", Calendar, Error, calendar/outside_maintenance_window),
    Blackout = ("blackout", "TY202", Calendar, Error, calendar/blackout),
    WindowConflict = ("window-conflict", "TY203", Calendar, Error, calendar/window_conflict),
    CapacityExceeded = ("capacity-exceeded", "TY204", Calendar, Error, calendar/capacity_exceeded),
    EventConflict = ("event-conflict", "TY205", Calendar, Error, calendar/event_conflict),
    PersonnelUnavailable = ("personnel-unavailable", "TY206", Calendar, Warning, calendar/personnel_unavailable),
    InsufficientNotice = ("insufficient-notice", "TY207", Calendar, Error, calendar/insufficient_notice),
    MissingReadinessReview = ("missing-readiness-review", "TY208", Calendar, Error, calendar/missing_readiness_review),
    WindowInPast = ("window-in-past", "TY209", Calendar, Warning, calendar/window_in_past),
    OutsideTrainPeriod = ("outside-train-period", "TY210", Calendar, Error, calendar/outside_train_period),
    AmbiguousLocalTime = ("ambiguous-local-time", "TY211", Calendar, Error, calendar/ambiguous_local_time),
    MissingTests = ("missing-tests", "TY301", Test, Error, test/missing_tests),
    FailedTests = ("failed-tests", "TY302", Test, Error, test/failed_tests),
    OpenBlockingDefect = ("open-blocking-defect", "TY303", Test, Error, test/open_blocking_defect),
    UndocumentedDefect = ("undocumented-defect", "TY304", Test, Error, test/undocumented_defect),
    MissingApproval = ("missing-approval", "TY401", Approval, Error, approval/missing_approval),
    ApproverLacksRole = ("approver-lacks-role", "TY402", Approval, Error, approval/approver_lacks_role),
    SelfApproval = ("self-approval", "TY403", Approval, Error, approval/self_approval),
    ApprovalTimeInvalid = ("approval-time-invalid", "TY404", Approval, Error, approval/approval_time_invalid),
    PromotionOrder = ("promotion-order", "TY501", Deploy, Error, deploy/promotion_order),
    DeployerLacksRole = ("deployer-lacks-role", "TY502", Deploy, Error, deploy/deployer_lacks_role),
    MissingOutcome = ("missing-outcome", "TY503", Deploy, Error, deploy/missing_outcome),
    MissingPir = ("missing-pir", "TY504", Deploy, Error, deploy/missing_pir),
    MissingIncident = ("missing-incident", "TY505", Deploy, Error, deploy/missing_incident),
    EvidenceInFuture = ("evidence-in-future", "TY506", Deploy, Error, deploy/evidence_in_future),
    TrainGateUnmet = ("train-gate-unmet", "TY601", Train, Error, train/train_gate_unmet),
    TrainApprovalMissing = ("train-approval-missing", "TY602", Train, Error, train/train_approval_missing),
    IllegalTransition = ("illegal-transition", "TY701", Review, Error, review/illegal_transition),
    ClosedReleaseModified = ("closed-release-modified", "TY702", Review, Error, review/closed_release_modified),
    ApprovalRewritten = ("approval-rewritten", "TY703", Review, Error, review/approval_rewritten),
    IdReused = ("id-reused", "TY704", Review, Error, review/id_reused),
    ApprovalNotByApprover = ("approval-not-by-approver", "TY705", Review, Error, review/approval_not_by_approver),
}

impl Rule {
    /// The rule called `name`.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.name() == name)
    }

    /// The closest rule name to a misspelt one.
    pub fn suggest(name: &str) -> Option<&'static str> {
        crate::suggest::closest(name, Rule::ALL.iter().map(|r| r.name()))
    }

    /// One line: what the rule checks (the first paragraph of its file's
    /// doc comment).
    pub fn summary(self) -> String {
        let doc = doc_comment(self.source());
        let end = doc.find("\n\n").unwrap_or(doc.len());
        doc[..end].trim().replace('\n', " ")
    }

    /// Markdown: what it does, why it matters, an example that breaks it and
    /// the fix (the rest of its file's doc comment).
    pub fn doc(self) -> String {
        let doc = doc_comment(self.source());
        match doc.find("\n\n") {
            Some(i) => doc[i + 2..].to_string(),
            None => String::new(),
        }
    }
}

/// The leading `//!` lines of a source file, without their markers, each
/// ending in a newline.
fn doc_comment(source: &str) -> String {
    let mut out = String::new();
    for line in source.lines() {
        let Some(text) = line.strip_prefix("//!") else {
            break;
        };
        out.push_str(text.strip_prefix(' ').unwrap_or(text));
        out.push('\n');
    }
    out
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_are_unique_and_well_formed() {
        let rules = Rule::ALL;
        for (i, r) in rules.iter().enumerate() {
            assert!(
                r.name().chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{r}"
            );
            let code = r.code();
            assert!(code.starts_with("TY") && code.len() == 5, "{code}");
            assert!(!r.summary().is_empty(), "{r} has no summary");
            for heading in ["## What it does\n", "## Why\n", "## Example\n"] {
                assert!(r.doc().contains(heading), "{r}: no {heading:?}");
            }
            for other in &rules[i + 1..] {
                assert_ne!(r.name(), other.name());
                assert!(r.code() < other.code(), "{r} is out of code order");
            }
        }
    }

    #[test]
    fn names_are_found_and_misspellings_suggested() {
        assert_eq!(Rule::from_name("blackout"), Some(Rule::Blackout));
        assert_eq!(Rule::from_name("blackouts"), None);
        assert_eq!(Rule::suggest("window-conflcit"), Some("window-conflict"));
    }
}

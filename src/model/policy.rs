//! `policies/<type>.toml`: what a release type needs at each stage.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Notice, Spanned, Stage};

/// A release-type policy. Its name is the file's stem.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub description: Option<Spanned<String>>,
    pub max_changes: Option<Spanned<u32>>,
    /// Hours before the window the readiness review is held by, for this
    /// type; the calendar's when left out.
    pub readiness_hours: Option<Spanned<u32>>,
    #[serde(default)]
    pub require_incident: bool,
    #[serde(default)]
    pub skip_stages: Vec<Spanned<Stage>>,
    /// Headings a runbook must have (default: Deployment, Verification, Rollback).
    pub runbook_sections: Option<Spanned<Vec<Spanned<String>>>>,
    /// Gate (the stage entered) to the roles whose approval it needs.
    #[serde(default)]
    pub approvals: BTreeMap<Spanned<Stage>, Spanned<Vec<Spanned<String>>>>,
    /// Test category to the minimum level.
    #[serde(default)]
    pub tests: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub schedule: Schedule,
    #[serde(default)]
    pub close: Close,
    /// Business days of notice by impact, for this type; each impact left
    /// out takes the calendar's.
    #[serde(default)]
    pub notice: Notice,
}

/// `[schedule]`: days before the window start each stage is done.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub plan: Option<Spanned<u32>>,
    pub build: Option<Spanned<u32>>,
    pub test: Option<Spanned<u32>>,
    pub stage: Option<Spanned<u32>>,
    #[serde(default = "yes")]
    pub maintenance_window: bool,
    #[serde(default = "yes")]
    pub blackouts: bool,
}

fn yes() -> bool {
    true
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            plan: None,
            build: None,
            test: None,
            stage: None,
            maintenance_window: true,
            blackouts: true,
        }
    }
}

impl Schedule {
    /// Days before the window by which `stage` must be done, if the policy says.
    pub fn days_before(&self, stage: Stage) -> Option<u32> {
        let v = match stage {
            Stage::Plan => &self.plan,
            Stage::Build => &self.build,
            Stage::Test => &self.test,
            Stage::Stage => &self.stage,
            _ => &None,
        };
        v.as_ref().map(|s| *s.get_ref())
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Close {
    pub pir_business_days: Option<Spanned<u32>>,
}

/// The default runbook headings.
pub const DEFAULT_RUNBOOK_SECTIONS: [&str; 3] = ["Deployment", "Verification", "Rollback"];

impl Policy {
    pub fn skips(&self) -> Vec<Stage> {
        self.skip_stages.iter().map(|s| *s.get_ref()).collect()
    }

    /// Roles whose approval the gate `stage` needs.
    pub fn approvals_for(&self, stage: Stage) -> Vec<&str> {
        self.approvals
            .iter()
            .filter(|(k, _)| *k.get_ref() == stage)
            .flat_map(|(_, v)| v.get_ref().iter().map(|r| r.get_ref().as_str()))
            .collect()
    }

    pub fn runbook_sections(&self) -> Vec<String> {
        match &self.runbook_sections {
            Some(s) => s.get_ref().iter().map(|h| h.get_ref().clone()).collect(),
            None => DEFAULT_RUNBOOK_SECTIONS
                .iter()
                .map(|s| s.to_string())
                .collect(),
        }
    }
}

/// The ordered levels of each known test category, lowest first.
/// A category not listed here has the single level `required`.
pub const TEST_LEVELS: [(&str, &[&str]); 7] = [
    ("smoke", &["required"]),
    ("functional-changed", &["required"]),
    ("functional-unchanged", &["sample", "required"]),
    ("regression", &["critical-paths", "full"]),
    ("integration", &["affected", "all"]),
    ("performance", &["baseline", "full-load"]),
    ("security", &["vulnerability-scan", "penetration-test"]),
];

/// The levels of `category`, lowest first.
pub fn test_levels(category: &str) -> &'static [&'static str] {
    TEST_LEVELS
        .iter()
        .find(|(c, _)| *c == category)
        .map(|(_, l)| *l)
        .unwrap_or(&["required"])
}

/// The known category `category` is one edit away from (a letter added,
/// dropped, changed or two swapped), when it is not itself known: most
/// likely a typo, since a new category has only the level `required`.
pub fn near_test_category(category: &str) -> Option<&'static str> {
    if TEST_LEVELS.iter().any(|(c, _)| *c == category) {
        return None;
    }
    TEST_LEVELS
        .iter()
        .map(|(c, _)| *c)
        .find(|c| strsim::osa_distance(c, category) == 1)
}

/// The rank of `level` within `category`, if it is one of its levels.
pub fn test_level_rank(category: &str, level: &str) -> Option<usize> {
    test_levels(category).iter().position(|l| *l == level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_rank_within_their_category() {
        assert_eq!(test_level_rank("regression", "full"), Some(1));
        assert_eq!(test_level_rank("regression", "critical-paths"), Some(0));
        assert_eq!(test_level_rank("regression", "sample"), None);
        assert_eq!(test_level_rank("accessibility", "required"), Some(0));
    }

    #[test]
    fn near_misses_of_known_categories_are_found() {
        assert_eq!(near_test_category("regresion"), Some("regression"));
        assert_eq!(near_test_category("smkoe"), Some("smoke"));
        assert_eq!(near_test_category("regression"), None);
        assert_eq!(near_test_category("accessibility"), None);
    }

    #[test]
    fn approvals_by_gate() {
        let p: Policy = toml::from_str(
            "[approvals]\nbuild = [\"service-owner\"]\ndeploy = [\"service-owner\", \"cab\"]\n",
        )
        .unwrap();
        assert_eq!(p.approvals_for(Stage::Deploy), vec!["service-owner", "cab"]);
        assert!(p.approvals_for(Stage::Test).is_empty());
        assert!(p.schedule.maintenance_window);
    }
}

//! The sections a release's runbook must have: those its type's policy
//! names, or the default ones when the type has no policy.

use crate::load::Release;
use crate::resolve::Resolved;

/// The sections required of a release's runbook, and whose requirement
/// they are.
pub(super) struct RequiredSections {
    pub names: Vec<String>,
    /// `the minor policy`, or `the default`.
    pub source: String,
}

pub(super) fn required_sections(cx: &Resolved, r: &Release) -> RequiredSections {
    match cx.policy_of(r) {
        Some(p) => RequiredSections {
            names: p.runbook_sections(),
            source: format!("the {} policy", r.def.kind.get_ref()),
        },
        None => RequiredSections {
            names: crate::model::DEFAULT_RUNBOOK_SECTIONS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            source: "the default".to_string(),
        },
    }
}

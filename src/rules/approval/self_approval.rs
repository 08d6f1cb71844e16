//! The release's manager approves their own release as cab, emergency-cab or service-owner
//!
//! ## What it does
//! Reports an `[[approvals]]` entry whose `by` is the release's `manager` and
//! whose `role` is `cab`, `emergency-cab` or `service-owner`: the roles that
//! exist to check the release manager's work. (A `release-manager` approval by
//! the manager, as a patch needs, is fine.)
//!
//! ## Why
//! Independent approval is the point of a change advisory board and of the
//! service owner's sign-off; approving one's own release defeats it even when
//! the manager happens to hold the role.
//!
//! ## Example
//! ```toml
//! manager = "alice"
//!
//! [[approvals]]
//! gate = "deploy"
//! role = "cab"
//! by = "alice"
//! at = 2026-03-12T16:00:00
//! ```
//!
//! Use instead:
//! ```toml
//! [[approvals]]
//! gate = "deploy"
//! role = "cab"
//! by = "dave"
//! at = 2026-03-12T16:00:00
//! ```

use super::who_holds::who_holds;
use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::resolve::Resolved;
use crate::rules::criteria::local_date;

/// Roles whose approval must come from someone other than the manager.
const INDEPENDENT: [&str; 3] = ["cab", "emergency-cab", "service-owner"];

pub(super) fn check(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    for a in &r.def.approvals {
        let a = a.get_ref();
        let by = a.by.get_ref();
        let role = a.role.get_ref();
        if cx.person(by).is_none() {
            // unknown-reference reports it.
            continue;
        }
        if r.def.manager.get_ref() != by || !INDEPENDENT.contains(&role.as_str()) {
            continue;
        }
        let day = local_date(cx, a.at.get_ref());
        out.push(
            Finding::new(
                Rule::SelfApproval,
                r.file,
                a.by.span(),
                format!(
                    "{by} manages {} and cannot give its {role} approval (gate = \"{}\"); {role} approval must be independent of the release manager",
                    r.id(),
                    a.gate.get_ref()
                ),
            )
            .label(a.role.span(), "this role needs someone else")
            .help(format!(
                "have someone other than the release manager give the {role} approval: {}",
                who_holds(cx, role, r.def.service.get_ref(), day, by)
            ))
            .release(r.id()),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::approval::check;
    use crate::rules::fixture::{run, Fixture, GOOD};

    #[test]
    fn managers_do_not_approve_their_own_release() {
        let text = GOOD.replace("manager = \"alice\"", "manager = \"carol\"");
        let seen = run(&Fixture::new().release(&text), check);
        assert_eq!(seen.len(), 2, "{seen:#?}");
        assert!(seen.iter().all(|s| s.rule == "self-approval"));
        assert_eq!(
            seen[0].message,
            "carol manages REL-2026-03-001 and cannot give its service-owner approval (gate = \"build\"); service-owner approval must be independent of the release manager"
        );
    }
}

//! A release at or past a gate lacks an approval its policy's [approvals] requires
//!
//! ## What it does
//! For each gate in the type's `[approvals]` (`deploy = ["service-owner",
//! "cab"]`), once the release is at that stage or past it, checks that an
//! `[[approvals]]` entry with that `gate` exists for every role listed. An
//! approval's `gate` is the stage it lets the release enter: `gate = "build"` is
//! the sign-off of the release definition, `gate = "deploy"` the acceptance
//! sign-off after staging. A gate the type skips is owed from the next stage the
//! release enters. Whether the approver holds the role is approver-lacks-role's
//! business.
//!
//! ## Why
//! The approval level is what distinguishes release types: a patch needs a
//! release manager, a major release the service owner and the change advisory
//! board. A release cannot proceed to deployment without documented sign-off.
//!
//! ## Example
//! ```toml
//! type = "major"                  # deploy = ["service-owner", "cab"]
//! stage = "deploy"
//!
//! [[approvals]]
//! gate = "deploy"
//! role = "service-owner"
//! by = "carol"
//! at = 2026-03-12T16:00:00
//! ```
//!
//! Use instead:
//! ```toml
//! [[approvals]]
//! gate = "deploy"
//! role = "service-owner"
//! by = "carol"
//! at = 2026-03-12T16:00:00
//!
//! [[approvals]]
//! gate = "deploy"
//! role = "cab"
//! by = "dave"
//! at = 2026-03-12T17:30:00
//! ```

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::{Approval, Stage};
use crate::resolve::Resolved;
use crate::rules::criteria::{add_to, and_list, article, due, holders, local_date};

pub(super) fn check(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    let Some(policy) = cx.policy_of(r) else {
        return;
    };
    for gate in Stage::LIFECYCLE {
        let roles = policy.approvals_for(gate);
        if roles.is_empty() {
            continue;
        }
        let Some(due) = due(cx, r, gate) else {
            continue;
        };
        let given: Vec<&Approval> = r
            .def
            .approvals
            .iter()
            .map(|a| a.get_ref())
            .filter(|a| *a.gate.get_ref() == gate)
            .collect();
        let lacking: Vec<&str> = roles
            .iter()
            .copied()
            .filter(|role| !given.iter().any(|a| a.role.get_ref() == role))
            .collect();
        if lacking.is_empty() {
            continue;
        }
        let found = if given.is_empty() {
            "none".to_string()
        } else {
            given
                .iter()
                .map(|a| format!("{} ({})", a.role.get_ref(), a.by.get_ref()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let service = r.def.service.get_ref();
        let manager = r.def.manager.get_ref();
        let day = r.def.window.as_ref().map_or(cx.today, |w| {
            local_date(cx, w.get_ref().start.get_ref()).min(cx.today)
        });
        let snippets: Vec<String> = lacking
            .iter()
            .map(|role| {
                let who = holders(cx, role, service, day, manager, 3);
                let by = match who.as_slice() {
                    [] => format!("by = \"…\"            # someone holding {role}"),
                    [one] => format!("by = \"{one}\""),
                    many => format!("by = \"{}\"            # or {}", many[0], many[1..].join(", ")),
                };
                format!(
                    "[[approvals]]\ngate = \"{gate}\"\nrole = \"{role}\"\n{by}\nat = …                 # when it was given"
                )
            })
            .collect();
        out.push(
            Finding::new(
                Rule::MissingApproval,
                r.file,
                due.stage_span(),
                format!(
                    "{} {} with gate = \"{gate}\"; found: {found}",
                    due.needs(),
                    roles_phrase(&roles)
                ),
            )
            .help(add_to(cx, r, &snippets.join("\n\n")))
            .release(r.id()),
        );
    }
}

/// `a service-owner and a cab approval`.
fn roles_phrase(roles: &[&str]) -> String {
    let each: Vec<String> = roles
        .iter()
        .map(|r| format!("{} {r}", article(r)))
        .collect();
    format!("{} approval", and_list(&each))
}

#[cfg(test)]
mod tests {
    use super::roles_phrase;
    use crate::rules::approval::check;
    use crate::rules::fixture::{line_of, run, Fixture, GOOD, MAJOR};

    #[test]
    fn phrases_read_naturally() {
        assert_eq!(
            roles_phrase(&["service-owner", "cab"]),
            "a service-owner and a cab approval"
        );
        assert_eq!(
            roles_phrase(&["emergency-cab"]),
            "an emergency-cab approval"
        );
    }

    #[test]
    fn each_gate_lists_what_is_missing() {
        let major = GOOD.replace("type = \"minor\"", "type = \"major\"");
        let fx = Fixture::new()
            .release(&major)
            .file("policies/major.toml", MAJOR);
        let seen = run(&fx, check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].rule, "missing-approval");
        assert_eq!(seen[0].line, line_of(&major, "", "stage ="));
        assert_eq!(
            seen[0].message,
            "stage = \"close\" needs a service-owner and a cab approval with gate = \"deploy\"; found: service-owner (carol)"
        );
        assert_eq!(
            seen[0].help,
            "add to releases/REL-2026-03-001/release.toml:\n[[approvals]]\ngate = \"deploy\"\nrole = \"cab\"\nby = \"carol\"            # or dave\nat = …                 # when it was given"
        );
        // At stage, the deploy gate is not yet owed.
        let staged = major.replace("stage = \"close\"", "stage = \"stage\"");
        assert!(run(&Fixture::new().release(&staged), check).is_empty());
    }
}

//! An approval is given by someone who did not hold its role on the approval's date
//!
//! ## What it does
//! Checks each `[[approvals]]` entry's `by` against its `role` on the date of
//! `at`. `service-owner` is the service's `owner` in policies/services.toml, or
//! someone the owner delegated it to in policies/people.toml (`[[delegations]]`
//! with `role = "service-owner"`, this service or none named, and `from_date`
//! to `until` covering the day). Any other role must be in the person's
//! `roles`, or delegated to them for that day by someone who holds it.
//!
//! ## Why
//! An approval by someone without authority is no approval. Delegations are
//! the documented way to approve while the owner is away.
//!
//! ## Example
//! ```toml
//! service = "finance"             # owner = "carol"
//!
//! [[approvals]]
//! gate = "deploy"
//! role = "service-owner"
//! by = "tom"
//! at = 2026-03-12T16:00:00
//! ```
//!
//! Use instead: the owner approves, or a delegation covers the day:
//! ```toml
//! # policies/people.toml
//! [[delegations]]
//! from = "carol"
//! to = "tom"
//! role = "service-owner"
//! service = "finance"
//! from_date = 2026-03-09
//! until = 2026-03-13
//! ```

use chrono::NaiveDate;

use super::who_holds::who_holds;
use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::Approval;
use crate::resolve::Resolved;
use crate::rules::criteria::{and_list, holds, local_date};

pub(super) fn check(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    for a in &r.def.approvals {
        approver(cx, r, a.get_ref(), out);
    }
}

fn approver(cx: &Resolved, r: &Release, a: &Approval, out: &mut Vec<Finding>) {
    let by = a.by.get_ref();
    let role = a.role.get_ref();
    let service = r.def.service.get_ref();
    if cx.person(by).is_none() {
        // unknown-reference reports it.
        return;
    }
    let day = local_date(cx, a.at.get_ref());
    if holds(cx, by, role, service, day) {
        return;
    }
    let why = if role == "service-owner" {
        match cx.service(service) {
            Some(s) => format!(
                "the owner of {service} is {} and no delegation to {by} covers that day",
                s.owner.get_ref()
            ),
            None => return,
        }
    } else {
        let roles: Vec<&str> = cx
            .person(by)
            .map(|p| p.roles.iter().map(|r| r.get_ref().as_str()).collect())
            .unwrap_or_default();
        if roles.is_empty() {
            format!("{by} holds no roles in policies/people.toml")
        } else {
            format!("{by}'s roles are {}", and_list(&roles))
        }
    };
    out.push(
        Finding::new(
            Rule::ApproverLacksRole,
            r.file,
            a.by.span(),
            format!(
                "{by} did not hold {role} for {service} on {day}, the date of this {} approval: {why}",
                a.gate.get_ref()
            ),
        )
        .label(a.role.span(), "the role approved as")
        .help(grant_or_replace(cx, r, a, day))
        .release(r.id()),
    );
}

/// The help: the right person, or the delegation or role that would make
/// this one right.
fn grant_or_replace(cx: &Resolved, r: &Release, a: &Approval, day: NaiveDate) -> String {
    let role = a.role.get_ref();
    let by = a.by.get_ref();
    let service = r.def.service.get_ref();
    let others = who_holds(cx, role, service, day, r.def.manager.get_ref());
    let grant = match (role.as_str(), cx.service(service)) {
        ("service-owner", Some(s)) => format!(
            "if the owner delegated it, add to policies/people.toml:\n[[delegations]]\nfrom = \"{}\"\nto = \"{by}\"\nrole = \"service-owner\"\nservice = \"{service}\"\nfrom_date = {day}\nuntil = {day}",
            s.owner.get_ref()
        ),
        _ => format!("if {by} does hold it, add \"{role}\" to {by}'s roles in policies/people.toml"),
    };
    format!("have the approval given by someone who holds the role ({others}); {grant}")
}

#[cfg(test)]
mod tests {
    use crate::rules::approval::check;
    use crate::rules::fixture::{line_of, run, Fixture, GOOD};

    #[test]
    fn approvers_need_the_role_on_the_day() {
        let text = GOOD.replacen("by = \"carol\"", "by = \"tom\"", 1);
        let seen = run(&Fixture::new().release(&text), check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].rule, "approver-lacks-role");
        assert_eq!(seen[0].line, line_of(&text, "", "by = \"tom\""));
        assert_eq!(
            seen[0].message,
            "tom did not hold service-owner for finance on 2026-03-03, the date of this build approval: the owner of finance is carol and no delegation to tom covers that day"
        );
        // Inside carol's delegation to tom it is fine.
        let delegated = text
            .replacen("at = 2026-03-03T11:00:00", "at = 2026-08-04T11:00:00", 1)
            .replace("2026-03-14T20:00:00", "2026-08-15T20:00:00");
        let seen = run(&Fixture::new().release(&delegated), check);
        assert!(
            !seen.iter().any(|s| s.rule == "approver-lacks-role"),
            "{seen:#?}"
        );
    }
}

//! The approval family: each gate's sign-offs as the policy's
//! `[approvals]` asks, given by people who hold the role on the day,
//! not by the release's own manager, and dated sensibly.

use rayon::prelude::*;

use super::criteria::{add_to, and_list, article, due, holders, holds, local_date};
use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::{Approval, Stage};
use crate::resolve::Resolved;
use chrono::NaiveDate;

/// Roles whose approval must come from someone other than the manager.
const INDEPENDENT: [&str; 3] = ["cab", "emergency-cab", "service-owner"];

/// Every approval-family finding.
pub fn check(cx: &Resolved) -> Vec<Finding> {
    cx.repo
        .releases
        .par_iter()
        .filter(|r| super::criteria::live_or_closed(r))
        .flat_map_iter(|r| {
            let mut v = Vec::new();
            missing(cx, r, &mut v);
            for a in &r.def.approvals {
                approver(cx, r, a.get_ref(), &mut v);
                timing(cx, r, a.get_ref(), &mut v);
            }
            v
        })
        .collect()
}

/// `a service-owner and a cab approval`.
fn roles_phrase(roles: &[&str]) -> String {
    let each: Vec<String> = roles
        .iter()
        .map(|r| format!("{} {r}", article(r)))
        .collect();
    format!("{} approval", and_list(&each))
}

fn missing(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
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

fn approver(cx: &Resolved, r: &Release, a: &Approval, out: &mut Vec<Finding>) {
    let by = a.by.get_ref();
    let role = a.role.get_ref();
    let service = r.def.service.get_ref();
    if cx.person(by).is_none() {
        // unknown-reference reports it.
        return;
    }
    let day = local_date(cx, a.at.get_ref());
    if r.def.manager.get_ref() == by && INDEPENDENT.contains(&role.as_str()) {
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
            .help(approve_instead(cx, role, service, day, by))
            .release(r.id()),
        );
    }
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

/// `alice or carol hold cab for finance on 2026-03-12`, or that nobody does.
fn who_holds(cx: &Resolved, role: &str, service: &str, day: NaiveDate, except: &str) -> String {
    let who = holders(cx, role, service, day, except, 4);
    match who.as_slice() {
        [] => format!("nobody else holds {role} for {service} on {day}"),
        [one] => format!("{one} holds {role} for {service} on {day}"),
        many => format!(
            "{} hold {role} for {service} on {day}",
            and_list(many).replace(" and ", " or ")
        ),
    }
}

/// Help for self-approval: someone else approves.
fn approve_instead(
    cx: &Resolved,
    role: &str,
    service: &str,
    day: NaiveDate,
    manager: &str,
) -> String {
    format!(
        "have someone other than the release manager give the {role} approval: {}",
        who_holds(cx, role, service, day, manager)
    )
}

/// Help for approver-lacks-role: the right person, or the delegation or
/// role that would make this one right.
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

fn timing(cx: &Resolved, r: &Release, a: &Approval, out: &mut Vec<Finding>) {
    let gate = *a.gate.get_ref();
    let at = a.at.get_ref();
    let finding = |message: String, help: String| {
        Finding::new(Rule::ApprovalTimeInvalid, r.file, a.at.span(), message)
            .help(help)
            .release(r.id())
    };
    if local_date(cx, at) > cx.today {
        out.push(finding(
            format!(
                "this {gate} approval is dated {at}, after today ({}); an approval is recorded once it is given",
                cx.today
            ),
            "write the date and time the approval was given, or remove the entry until it is".into(),
        ));
        return;
    }
    if !(Stage::Build..=Stage::Deploy).contains(&gate) {
        return;
    }
    let Some(w) = &r.def.window else { return };
    let start = w.get_ref().start.get_ref();
    if let (Some(a_t), Some(w_t)) = (cx.instant(at), cx.instant(start)) {
        if a_t >= w_t {
            out.push(
                finding(
                    format!(
                        "this {gate} approval is dated {at}, not before the window start {start}; an approval to enter {gate} comes before the deployment"
                    ),
                    format!(
                        "write when the approval was actually given (before {start}); an approval given late needs an [[exceptions]] entry for approval-time-invalid"
                    ),
                )
                .label(w.get_ref().start.span(), "the window starts here"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
    fn the_good_release_is_silent() {
        assert!(run(&Fixture::new().release(GOOD), check).is_empty());
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

    #[test]
    fn approvals_come_before_the_window_and_today() {
        let text = GOOD.replace("at = 2026-03-12T16:00:00", "at = 2026-03-14T20:00:00");
        let seen = run(&Fixture::new().release(&text), check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].rule, "approval-time-invalid");
        assert_eq!(seen[0].line, line_of(&text, "gate = \"deploy\"", "at ="));
        assert!(seen[0].message.starts_with(
            "this deploy approval is dated 2026-03-14T20:00:00, not before the window start"
        ));
        let future = GOOD.replace("at = 2026-03-12T16:00:00", "at = 2026-03-11T16:00:00");
        let seen =
            crate::rules::fixture::run_on(&Fixture::new().release(&future), "2026-03-10", check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert!(seen[0].message.contains("after today (2026-03-10)"));
    }
}

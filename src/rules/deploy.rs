//! The deploy family: turnovers follow the environment path and are made
//! by people allowed to, the outcome and review are recorded at close, and
//! an emergency names its incident.

use rayon::prelude::*;

use super::criteria::{add_to, and_list, blank, due, holds, local_date, window_start};
use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::{DeployStatus, Stage};
use crate::resolve::Resolved;

/// Every deploy-family finding.
pub fn check(cx: &Resolved) -> Vec<Finding> {
    cx.repo
        .releases
        .par_iter()
        .filter(|r| super::criteria::live_or_closed(r))
        .flat_map_iter(|r| {
            let mut v = Vec::new();
            promotion(cx, r, &mut v);
            deployers(cx, r, &mut v);
            close(cx, r, &mut v);
            incident(cx, r, &mut v);
            v
        })
        .collect()
}

fn promotion(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    let path: Vec<&str> = cx
        .repo
        .environments
        .def
        .path
        .iter()
        .map(|p| p.get_ref().as_str())
        .collect();
    let Some(&last) = path.last() else { return };
    let shown_path = path.join(" → ");
    let stage = *r.def.stage.get_ref();
    let deps = &r.def.deployments;
    for (i, d) in deps.iter().enumerate() {
        let d = d.get_ref();
        let status = *d.status.get_ref();
        if status == DeployStatus::Ready {
            continue;
        }
        let env = d.environment.get_ref().as_str();
        let Some(pos) = path.iter().position(|p| *p == env) else {
            continue;
        };
        let finding = |message: String, help: String| {
            Finding::new(Rule::PromotionOrder, r.file, d.environment.span(), message)
                .help(help)
                .release(r.id())
        };
        if env == last && !stage.reached(Stage::Deploy) {
            out.push(finding(
                format!(
                    "stage = \"{stage}\" but this {} to {env} is recorded; {env} is deployed to only from stage = \"deploy\"",
                    if status == DeployStatus::Failed { "failed deployment" } else { "deployment" }
                ),
                "move the release to stage = \"deploy\" once its deploy approvals and readiness review are in, then deploy".into(),
            ));
        }
        if pos == 0 {
            continue;
        }
        let before = path[pos - 1];
        let at = d.at.as_ref().and_then(|a| cx.instant(a.get_ref()));
        let promoted = deps[..i].iter().any(|p| {
            let p = p.get_ref();
            let p_at = p.at.as_ref().and_then(|a| cx.instant(a.get_ref()));
            p.environment.get_ref() == before
                && *p.status.get_ref() == DeployStatus::Deployed
                && match (p_at, at) {
                    (Some(a), Some(b)) => a <= b,
                    _ => true,
                }
        });
        if !promoted {
            let when =
                d.at.as_ref()
                    .map_or(String::new(), |a| format!(" at {}", a.get_ref()));
            out.push(finding(
                format!(
                    "this deployment to {env}{when} has no earlier successful deployment to {before}, the environment before it on the path {shown_path}"
                ),
                format!(
                    "deploy to {before} first and record it above this entry:\n[[deployments]]\nenvironment = \"{before}\"\nstatus = \"deployed\"\nat = …\nby = \"…\""
                ),
            ));
        }
    }
}

fn deployers(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    let envs = &cx.repo.environments.def.environments;
    let service = r.def.service.get_ref();
    for d in &r.def.deployments {
        let d = d.get_ref();
        let Some(by) = &d.by else { continue };
        let Some(env) = envs
            .iter()
            .find(|(k, _)| k.get_ref() == d.environment.get_ref())
            .map(|(_, v)| v.get_ref())
        else {
            continue;
        };
        let allowed: Vec<&str> = env.deployers.iter().map(|x| x.get_ref().as_str()).collect();
        if allowed.is_empty() || cx.person(by.get_ref()).is_none() {
            continue;
        }
        let day =
            d.at.as_ref()
                .map_or(cx.today, |a| local_date(cx, a.get_ref()));
        if allowed
            .iter()
            .any(|role| holds(cx, by.get_ref(), role, service, day))
        {
            continue;
        }
        let roles: Vec<&str> = cx
            .person(by.get_ref())
            .map(|p| p.roles.iter().map(|x| x.get_ref().as_str()).collect())
            .unwrap_or_default();
        let theirs = if roles.is_empty() {
            "no roles".to_string()
        } else {
            and_list(&roles)
        };
        let mut who: Vec<&str> = cx
            .repo
            .people
            .def
            .people
            .iter()
            .filter(|(_, p)| allowed.iter().any(|role| p.get_ref().has_role(role)))
            .map(|(k, _)| k.get_ref().as_str())
            .collect();
        who.truncate(4);
        let env_name = d.environment.get_ref();
        out.push(
            Finding::new(
                Rule::DeployerLacksRole,
                r.file,
                by.span(),
                format!(
                    "{} deployed to {env_name} but holds {theirs}; deployments to {env_name} are made by {} (deployers in policies/environments.toml)",
                    by.get_ref(),
                    and_list(&allowed).replace(" and ", " or ")
                ),
            )
            .help(if who.is_empty() {
                "give the deployer one of those roles in policies/people.toml".to_string()
            } else {
                format!(
                    "write the person who deployed, such as {} (policies/people.toml)",
                    and_list(&who).replace(" and ", " or ")
                )
            })
            .release(r.id()),
        );
    }
}

fn close(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    let Some(due) = due(cx, r, Stage::Close) else {
        return;
    };
    let Some(outcome) = &r.def.outcome else {
        out.push(
            Finding::new(
                Rule::MissingOutcome,
                r.file,
                due.stage_span(),
                format!("{} the outcome recorded; there is no [outcome]", due.needs()),
            )
            .help(add_to(
                cx,
                r,
                "[outcome]\nstatus = \"successful\"      # successful | partial | rolled-back\nstarted = …\nfinished = …\ndefects_after = 0",
            ))
            .release(r.id()),
        );
        return;
    };
    let Some(days) = due
        .policy
        .and_then(|p| p.close.pir_business_days.as_ref())
        .map(|d| *d.get_ref())
    else {
        return;
    };
    let Some(start) = window_start(r) else { return };
    let window_day = local_date(cx, start);
    let Some(deadline) = cx.business.add(window_day, i64::from(days)) else {
        return;
    };
    let kind = due.kind();
    let o = outcome.get_ref();
    let finding = |span, message: String, help: String| {
        Finding::new(Rule::MissingPir, r.file, span, message)
            .help(help)
            .release(r.id())
    };
    match &o.pir {
        None => out.push(finding(
            outcome.span(),
            format!(
                "{} a post-implementation review within {days} business days of the window ({kind} policy); [outcome] has no `pir`",
                due.needs()
            ),
            format!(
                "hold the review by {deadline} and add under [outcome] in {}:\npir = {deadline}",
                cx.repo.path(r.file)
            ),
        )),
        Some(p) if p.get_ref().0 > deadline => out.push(finding(
            p.span(),
            format!(
                "{} a post-implementation review within {days} business days of the window on {window_day} ({kind} policy), by {deadline}; pir = {} is later",
                due.needs(),
                p.get_ref()
            ),
            format!("hold the review by {deadline}; a later one needs an [[exceptions]] entry for missing-pir"),
        )),
        Some(p) if p.get_ref().0 < window_day => out.push(finding(
            p.span(),
            format!(
                "the post-implementation review on {} is before the window on {window_day}; it reviews the deployment, so it comes after",
                p.get_ref()
            ),
            format!("write the date the review was held, between {window_day} and {deadline}"),
        )),
        Some(_) => {}
    }
}

fn incident(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    let Some(policy) = cx.policy_of(r) else {
        return;
    };
    if !policy.require_incident || !blank(r.def.incident.as_ref()) {
        return;
    }
    let kind = r.def.kind.get_ref();
    let (span, what) = match &r.def.incident {
        Some(i) => (i.span(), "it is blank"),
        None => (r.def.kind.span(), "there is none"),
    };
    out.push(
        Finding::new(
            Rule::MissingIncident,
            r.file,
            span,
            format!(
                "type = \"{kind}\" needs the incident the release answers (require_incident in policies/{kind}.toml); {what}"
            ),
        )
        .help(format!(
            "add near the top of {}, before the first [table]:\nincident = \"INC-…\"",
            cx.repo.path(r.file)
        ))
        .release(r.id()),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{line_of, run, Fixture, GOOD, MAJOR};

    #[test]
    fn the_good_release_is_silent() {
        assert!(run(&Fixture::new().release(GOOD), check).is_empty());
    }

    #[test]
    fn deployments_follow_the_path() {
        let skip = GOOD.replace(
            "[[deployments]]\nenvironment = \"staging\"\nstatus = \"deployed\"\nat = 2026-03-11T09:30:00\nby = \"eve\"\n\n",
            "",
        );
        let seen = run(&Fixture::new().release(&skip), check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].rule, "promotion-order");
        assert_eq!(
            seen[0].line,
            line_of(&skip, "", "environment = \"production\"")
        );
        assert_eq!(
            seen[0].message,
            "this deployment to production at 2026-03-14T20:05:00 has no earlier successful deployment to staging, the environment before it on the path dev → test → staging → production"
        );
        // A failed staging deployment followed by a retry is fine.
        let retry = GOOD.replace(
            "[[deployments]]\nenvironment = \"staging\"",
            "[[deployments]]\nenvironment = \"staging\"\nstatus = \"failed\"\nat = 2026-03-10T09:30:00\n\n[[deployments]]\nenvironment = \"staging\"",
        );
        assert!(run(&Fixture::new().release(&retry), check).is_empty());
        // Dated after the production deployment, staging does not count.
        let late = GOOD.replace("at = 2026-03-11T09:30:00", "at = 2026-03-15T09:30:00");
        let seen = run(&Fixture::new().release(&late), check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
    }

    #[test]
    fn production_waits_for_stage_deploy() {
        let staged = GOOD.replace("stage = \"close\"", "stage = \"stage\"");
        let seen = run(&Fixture::new().release(&staged), check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(
            seen[0].message,
            "stage = \"stage\" but this deployment to production is recorded; production is deployed to only from stage = \"deploy\""
        );
    }

    #[test]
    fn deployers_need_an_environment_role() {
        let text = GOOD.replace("by = \"ivan\"", "by = \"jun\"");
        let seen = run(&Fixture::new().release(&text), check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].rule, "deployer-lacks-role");
        assert_eq!(
            seen[0].line,
            line_of(&text, "environment = \"production\"", "by =")
        );
        assert_eq!(
            seen[0].message,
            "jun deployed to production but holds developer; deployments to production are made by operations or release-engineer (deployers in policies/environments.toml)"
        );
        assert_eq!(
            seen[0].help,
            "write the person who deployed, such as eve, ivan or oscar (policies/people.toml)"
        );
    }

    #[test]
    fn close_needs_outcome_and_review() {
        let start = GOOD.find("[outcome]").unwrap();
        let bare = &GOOD[..start];
        let seen = run(&Fixture::new().release(bare), check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].rule, "missing-outcome");
        assert_eq!(seen[0].line, line_of(bare, "", "stage ="));
        let major = GOOD
            .replace("type = \"minor\"", "type = \"major\"")
            .replace(
                "[[approvals]]\ngate = \"deploy\"",
                "[[approvals]]\ngate = \"deploy\"\nrole = \"cab\"\nby = \"dave\"\nat = 2026-03-12T17:00:00\n\n[[approvals]]\ngate = \"deploy\"",
            );
        let fx = Fixture::new()
            .release(&major)
            .file("policies/major.toml", MAJOR);
        let seen = run(&fx, check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].rule, "missing-pir");
        assert_eq!(seen[0].line, line_of(&major, "", "[outcome]"));
        assert_eq!(
            seen[0].help,
            "hold the review by 2026-03-20 and add under [outcome] in releases/REL-2026-03-001/release.toml:\npir = 2026-03-20"
        );
        let late = major.replace(
            "finished = 2026-03-14T21:50:00",
            "finished = 2026-03-14T21:50:00\npir = 2026-03-23",
        );
        let seen = run(&Fixture::new().release(&late), check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert!(
            seen[0].message.contains("by 2026-03-20"),
            "{}",
            seen[0].message
        );
        let ok = major.replace(
            "finished = 2026-03-14T21:50:00",
            "finished = 2026-03-14T21:50:00\npir = 2026-03-20",
        );
        assert!(run(&Fixture::new().release(&ok), check).is_empty());
    }

    #[test]
    fn emergencies_name_their_incident() {
        let text = GOOD.replace("type = \"minor\"", "type = \"emergency\"");
        let seen = run(&Fixture::new().release(&text), check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].rule, "missing-incident");
        assert_eq!(seen[0].line, line_of(&text, "", "type ="));
        let named = text.replace("rationale = ", "incident = \"INC-1\"\nrationale = ");
        assert!(run(&Fixture::new().release(&named), check).is_empty());
    }
}

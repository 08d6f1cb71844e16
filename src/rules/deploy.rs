//! The deploy family: turnovers follow the environment path and are made
//! by people allowed to, the outcome and review are recorded at close, and
//! an emergency names its incident.

use rayon::prelude::*;

use super::lifecycle::{add_to, and_list, blank, due, holds, local_date, window_start};
use super::{Context, Finding, RuleInfo, Severity};
use crate::load::Release;
use crate::model::{DeployStatus, Stage};

pub const RULES: &[RuleInfo] = &[
    RuleInfo {
        name: "promotion-order",
        code: "TY501",
        family: "deploy",
        severity: Severity::Error,
        summary: "A deployment skips an environment on the path, or reaches production before stage deploy",
        doc: r###"## What it does
Walks `[[deployments]]` in file order. A deployment (status `deployed` or
`failed`) to an environment on the path in policies/environments.toml needs
an earlier entry with `status = "deployed"` to the environment before it on
the path (and, where both have `at`, not dated after it). The last
environment on the path (production) may only be deployed to from stage
`deploy` on. A failed deployment followed by another to the same
environment is a retry, not a violation; `ready` entries are turnovers not
yet started and are not checked.

## Why
Turnovers that were successfully deployed are what get promoted. Staging
validates the runbook before production; skipping it means production is
where the runbook is first run.

## Example
```toml
stage = "deploy"

[[deployments]]
environment = "test"
status = "deployed"

[[deployments]]
environment = "production"
status = "deployed"
```

Use instead:
```toml
[[deployments]]
environment = "test"
status = "deployed"

[[deployments]]
environment = "staging"
status = "deployed"

[[deployments]]
environment = "production"
status = "deployed"
```
"###,
    },
    RuleInfo {
        name: "deployer-lacks-role",
        code: "TY502",
        family: "deploy",
        severity: Severity::Error,
        summary: "A deployment's `by` holds none of the roles the environment's deployers lists",
        doc: r###"## What it does
Checks each `[[deployments]]` entry with a `by` against the environment's
`deployers` in policies/environments.toml (an empty or absent list lets
anyone deploy). A role counts when the person holds it, or holds it by a
delegation covering the day of `at`.

## Why
Production is a locked environment: operations and release engineers
deploy there, developers do not.

## Example
```toml
[[deployments]]
environment = "production"     # deployers = ["operations", "release-engineer"]
status = "deployed"
by = "jun"                     # a developer
```

Use instead:
```toml
[[deployments]]
environment = "production"
status = "deployed"
by = "ivan"                    # operations
```
"###,
    },
    RuleInfo {
        name: "missing-outcome",
        code: "TY503",
        family: "deploy",
        severity: Severity::Error,
        summary: "A closed release has no [outcome]",
        doc: r###"## What it does
At stage `close` (entering close needs the outcome recorded), checks that
the release has an `[outcome]` table.

## Why
Closing a release records what happened: successful, partial or rolled
back, when it started and finished, defects found after deployment. The
metrics (planned against actual) come from it.

## Example
```toml
stage = "close"
```

Use instead:
```toml
stage = "close"

[outcome]
status = "successful"
started = 2026-03-14T20:00:00
finished = 2026-03-14T22:15:00
defects_after = 0
```
"###,
    },
    RuleInfo {
        name: "missing-pir",
        code: "TY504",
        family: "deploy",
        severity: Severity::Error,
        summary: "A closed release whose policy asks for a PIR has none within pir_business_days of the window",
        doc: r###"## What it does
At stage `close`, when the type's policy has `[close] pir_business_days`,
checks that `[outcome] pir` is set and falls on or before that many business
days (Monday to Friday, less the calendar's holidays) after the day the
window starts, and not before it.

## Why
Major releases require a formal post-implementation review within five
business days of deployment; minor and patch releases are reviewed together
in periodic sessions, so their policies leave `[close]` out.

## Example
```toml
type = "major"                 # pir_business_days = 5
[window]
start = 2026-03-14T20:00:00    # a Saturday
[outcome]
status = "successful"
pir = 2026-03-27
```

Use instead:
```toml
[outcome]
status = "successful"
pir = 2026-03-20               # the fifth business day after
```
"###,
    },
    RuleInfo {
        name: "missing-incident",
        code: "TY505",
        family: "deploy",
        severity: Severity::Error,
        summary: "A release whose type requires an incident (emergency) does not name one",
        doc: r###"## What it does
When the type's policy says `require_incident = true` (emergency), checks
that the release has a non-blank `incident`.

## Why
Emergency releases bypass normal scheduling and some approval gates. The
incident they answer is what justifies that, and it makes the use of the
emergency type auditable.

## Example
```toml
type = "emergency"
```

Use instead:
```toml
type = "emergency"
incident = "INC-1234"
```
"###,
    },
];

/// Every deploy-family finding.
pub fn check(cx: &Context) -> Vec<Finding> {
    cx.repo
        .releases
        .par_iter()
        .filter(|r| super::lifecycle::live_or_closed(r))
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

fn promotion(cx: &Context, r: &Release, out: &mut Vec<Finding>) {
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
            Finding::new("promotion-order", r.file, d.environment.span(), message)
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

fn deployers(cx: &Context, r: &Release, out: &mut Vec<Finding>) {
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
                "deployer-lacks-role",
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

fn close(cx: &Context, r: &Release, out: &mut Vec<Finding>) {
    let Some(due) = due(cx, r, Stage::Close) else {
        return;
    };
    let Some(outcome) = &r.def.outcome else {
        out.push(
            Finding::new(
                "missing-outcome",
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
        Finding::new("missing-pir", r.file, span, message)
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

fn incident(cx: &Context, r: &Release, out: &mut Vec<Finding>) {
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
            "missing-incident",
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
    use crate::rules::life_testing::{line_of, run, Fixture, GOOD, MAJOR};

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

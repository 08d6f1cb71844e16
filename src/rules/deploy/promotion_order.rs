//! A deployment skips an environment on the path, or reaches production before stage deploy
//!
//! ## What it does
//! Walks `[[deployments]]` in file order. A deployment (status `deployed` or
//! `failed`) to an environment on the path in policies/environments.toml needs
//! an earlier entry with `status = "deployed"` to the environment before it on
//! the path (and, where both have `at`, not dated after it). The last
//! environment on the path (production) may only be deployed to from stage
//! `deploy` on. A failed deployment followed by another to the same
//! environment is a retry, not a violation; `ready` entries are turnovers not
//! yet started and are not checked.
//!
//! ## Why
//! Turnovers that were successfully deployed are what get promoted. Staging
//! validates the runbook before production; skipping it means production is
//! where the runbook is first run.
//!
//! ## Example
//! ```toml
//! stage = "deploy"
//!
//! [[deployments]]
//! environment = "test"
//! status = "deployed"
//!
//! [[deployments]]
//! environment = "production"
//! status = "deployed"
//! ```
//!
//! Use instead:
//! ```toml
//! [[deployments]]
//! environment = "test"
//! status = "deployed"
//!
//! [[deployments]]
//! environment = "staging"
//! status = "deployed"
//!
//! [[deployments]]
//! environment = "production"
//! status = "deployed"
//! ```

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::{DeployStatus, Stage};
use crate::resolve::Resolved;
use crate::rules::evidence::Evidence;

pub(super) fn check(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
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
    // A deployment dated after today has not happened (evidence-in-future
    // reports it).
    let deps = Evidence::of(cx, r).deployments;
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

#[cfg(test)]
mod tests {
    use crate::rules::deploy::check;
    use crate::rules::fixture::{line_of, run, Fixture, GOOD};

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
}

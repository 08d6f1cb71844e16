//! A deployment's `by` holds none of the roles the environment's deployers lists
//!
//! ## What it does
//! Checks each `[[deployments]]` entry with a `by` against the environment's
//! `deployers` in policies/environments.toml (an empty or absent list lets
//! anyone deploy). A role counts when the person holds it, or holds it by a
//! delegation covering the day of `at`.
//!
//! ## Why
//! Production is a locked environment: operations and release engineers
//! deploy there, developers do not.
//!
//! ## Example
//! ```toml
//! [[deployments]]
//! environment = "production"     # deployers = ["operations", "release-engineer"]
//! status = "deployed"
//! by = "jun"                     # a developer
//! ```
//!
//! Use instead:
//! ```toml
//! [[deployments]]
//! environment = "production"
//! status = "deployed"
//! by = "ivan"                    # operations
//! ```

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::resolve::Resolved;
use crate::rules::criteria::{and_list, holds, local_date};

pub(super) fn check(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
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

#[cfg(test)]
mod tests {
    use crate::rules::deploy::check;
    use crate::rules::fixture::{line_of, run, Fixture, GOOD};

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
}

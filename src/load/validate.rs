//! Shape checks that serde cannot express: values that must come from a
//! fixed list which depends on other data (rule names, test levels), and
//! fields that belong to only some kinds of period. All `schema-error`.

use crate::model::{test_level_rank, test_levels, Stage};
use crate::rules::{registry, Finding};

use super::Repo;

pub fn validate(repo: &Repo) -> Vec<Finding> {
    let mut out = Vec::new();
    config(repo, &mut out);
    policies(repo, &mut out);
    calendar(repo, &mut out);
    out
}

fn config(repo: &Repo, out: &mut Vec<Finding>) {
    let Some(file) = repo.config.file else { return };
    for (rule, level) in &repo.config.def.lint {
        if registry::lookup(rule.get_ref()).is_none() {
            let mut f = Finding::new(
                "schema-error",
                file,
                rule.span(),
                format!("`{}` in [lint] is not a rule", rule.get_ref()),
            );
            f = match registry::suggest(rule.get_ref()) {
                Some(s) => f.help(format!(
                    "did you mean `{s}`? `trainyard explain` lists the rules"
                )),
                None => f.help("`trainyard explain` lists the rules"),
            };
            out.push(f);
        }
        if !["error", "warning", "off"].contains(&level.get_ref().as_str()) {
            out.push(
                Finding::new(
                    "schema-error",
                    file,
                    level.span(),
                    format!("`{}` is not a severity", level.get_ref()),
                )
                .help("write \"error\", \"warning\" or \"off\""),
            );
        }
    }
    if let Some(a) = &repo.config.def.review.approvals {
        if !["author", "any"].contains(&a.get_ref().as_str()) {
            out.push(
                Finding::new(
                    "schema-error",
                    file,
                    a.span(),
                    format!("[review] approvals = `{}` is not a setting", a.get_ref()),
                )
                .help(
                    "write \"author\" (an approval must be committed by its approver) or \"any\"",
                ),
            );
        }
    }
}

fn policies(repo: &Repo, out: &mut Vec<Finding>) {
    for (name, doc) in &repo.policies {
        let p = &doc.def;
        for (category, level) in &p.tests {
            if test_level_rank(category.get_ref(), level.get_ref()).is_none() {
                let levels = test_levels(category.get_ref());
                out.push(
                    Finding::new(
                        "schema-error",
                        doc.file,
                        level.span(),
                        format!(
                            "`{}` is not a level of test category `{}` in policy `{name}`",
                            level.get_ref(),
                            category.get_ref()
                        ),
                    )
                    .help(format!(
                        "levels of `{}`, lowest first: {}",
                        category.get_ref(),
                        levels.join(" < ")
                    )),
                );
            }
        }
        for s in &p.skip_stages {
            if matches!(s.get_ref(), Stage::Plan | Stage::Close | Stage::Cancelled) {
                out.push(
                    Finding::new(
                        "schema-error",
                        doc.file,
                        s.span(),
                        format!("stage `{}` cannot be skipped", s.get_ref()),
                    )
                    .help("only build, test, stage and deploy can be skipped"),
                );
            }
        }
        for gate in p.approvals.keys() {
            if matches!(gate.get_ref(), Stage::Plan | Stage::Cancelled) {
                out.push(
                    Finding::new(
                        "schema-error",
                        doc.file,
                        gate.span(),
                        format!("`{}` is not a gate that needs approval", gate.get_ref()),
                    )
                    .help("an approval's gate is the stage it lets a release enter: build, test, stage, deploy or close"),
                );
            }
        }
    }
}

fn calendar(repo: &Repo, out: &mut Vec<Finding>) {
    let Some(file) = repo.calendar.file else {
        return;
    };
    let cal = &repo.calendar.def;
    if let Some(tz) = &cal.timezone {
        if tz.get_ref().parse::<chrono_tz::Tz>().is_err() {
            out.push(
                Finding::new(
                    "schema-error",
                    file,
                    tz.span(),
                    format!("`{}` is not an IANA time zone", tz.get_ref()),
                )
                .help("write a zone name such as \"Europe/London\" or \"America/New_York\""),
            );
        }
    }
    let kinds = [
        ("maintenance window", &cal.maintenance_windows, false, false),
        ("blackout", &cal.blackouts, true, false),
        ("event", &cal.events, false, true),
    ];
    for (what, periods, exempt_ok, services_ok) in kinds {
        for p in periods {
            let p = p.get_ref();
            if let (Some(e), false) = (&p.exempt, exempt_ok) {
                out.push(
                    Finding::new(
                        "schema-error",
                        file,
                        e.span(),
                        format!("a {what} has no `exempt`"),
                    )
                    .help("only blackouts exempt release types; remove `exempt`"),
                );
            }
            if let (Some(s), false) = (&p.services, services_ok) {
                out.push(
                    Finding::new(
                        "schema-error",
                        file,
                        s.span(),
                        format!("a {what} has no `services`"),
                    )
                    .help("only events name the services they affect; remove `services`"),
                );
            }
        }
    }
}

//! Shape checks that serde cannot express: values that must come from a
//! fixed list which depends on other data (rule names, test levels), and
//! fields that belong to only some kinds of period. All `schema-error`.

use crate::model::{near_test_category, test_level_rank, test_levels, Stage};
use std::collections::BTreeMap;

use crate::diagnostic::{Finding, Level, Rule};
use crate::time::{parse_duration, parse_hhmm, parse_zone, RecurError, Recurrence};

use super::{Release, Repo};

/// What to write instead, for a period that does not compile.
fn period_help(e: &RecurError) -> &'static str {
    match e.field() {
        "rrule" => "write an RFC 5545 rule such as \"FREQ=WEEKLY;BYDAY=SA\" with `start` and `duration` or `end`, or a one-off `from` and `until`",
        "start" => "write the local start time as \"HH:MM\", such as \"18:00\"",
        "duration" => "write `duration = \"12h\"` (elapsed time) or `end = \"06:00\"` (wall clock)",
        "end" => "keep one of `duration` (elapsed time) and `end` (wall clock)",
        _ => "write `from` and `until` as date-times, `until` after `from`",
    }
}

pub fn validate(repo: &Repo) -> Vec<Finding> {
    let mut out = Vec::new();
    config(repo, &mut out);
    policies(repo, &mut out);
    calendar(repo, &mut out);
    for r in &repo.releases {
        release_times(r, &mut out);
    }
    out
}

/// Durations and wall-clock ends in a release: `[window]` takes exactly one
/// of `duration` and `end`; `[rollback] window` is a duration.
fn release_times(r: &Release, out: &mut Vec<Finding>) {
    let err = |span: std::ops::Range<usize>, msg: String, help: &str| {
        Finding::new(Rule::SchemaError, r.file, span, msg)
            .help(help)
            .release(r.id())
    };
    if let Some(w) = &r.def.window {
        let win = w.get_ref();
        match (&win.duration, &win.end) {
            (Some(_), Some(end)) => out.push(err(
                end.span(),
                "[window] has both `duration` and `end`".into(),
                "keep one: `duration = \"2h\"` (elapsed time) or `end = \"22:00\"` (wall clock)",
            )),
            (None, None) => out.push(err(
                w.span(),
                "[window] has neither `duration` nor `end`".into(),
                "add `duration = \"2h\"` (elapsed time) or `end = \"22:00\"` (wall clock)",
            )),
            (Some(d), None) => {
                if let Err(e) = parse_duration(d.get_ref()) {
                    out.push(err(
                        d.span(),
                        e.to_string(),
                        "write a duration such as \"2h\", \"90m\" or \"1d12h\"",
                    ));
                }
            }
            (None, Some(e)) => {
                if let Err(message) = parse_hhmm(e.get_ref()) {
                    out.push(err(
                        e.span(),
                        format!("`end = \"{}\"`: {message}", e.get_ref()),
                        "write the wall-clock end as \"HH:MM\", such as \"22:00\"",
                    ));
                }
            }
        }
    }
    if let Some(rb) = &r.def.rollback {
        if let Some(d) = &rb.get_ref().window {
            if let Err(e) = parse_duration(d.get_ref()) {
                out.push(err(
                    d.span(),
                    e.to_string(),
                    "write the rollback window as a duration such as \"4h\"",
                ));
            }
        }
    }
}

/// The `[lint]` levels that name a rule and a level; [`validate`] reports
/// the others.
pub fn levels(repo: &Repo) -> BTreeMap<Rule, Level> {
    repo.config
        .def
        .lint
        .iter()
        .filter_map(|(rule, level)| {
            Some((
                Rule::from_name(rule.get_ref())?,
                Level::parse(level.get_ref())?,
            ))
        })
        .collect()
}

fn config(repo: &Repo, out: &mut Vec<Finding>) {
    let Some(file) = repo.config.file else { return };
    for (rule, level) in &repo.config.def.lint {
        if Rule::from_name(rule.get_ref()).is_none() {
            let mut f = Finding::new(
                Rule::SchemaError,
                file,
                rule.span(),
                format!("`{}` in [lint] is not a rule", rule.get_ref()),
            );
            f = match Rule::suggest(rule.get_ref()) {
                Some(s) => f.help(format!(
                    "did you mean `{s}`? `trainyard explain` lists the rules"
                )),
                None => f.help("`trainyard explain` lists the rules"),
            };
            out.push(f);
        }
        if Level::parse(level.get_ref()).is_none() {
            out.push(
                Finding::new(
                    Rule::SchemaError,
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
                    Rule::SchemaError,
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
            // A misspelt category is unknown-test-category's: its level is
            // most likely one of the category meant.
            if near_test_category(category.get_ref()).is_some() {
                continue;
            }
            if test_level_rank(category.get_ref(), level.get_ref()).is_none() {
                let levels = test_levels(category.get_ref());
                out.push(
                    Finding::new(
                        Rule::SchemaError,
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
                        Rule::SchemaError,
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
                        Rule::SchemaError,
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
    let mut tz = chrono_tz::UTC;
    if let Some(name) = &cal.timezone {
        match parse_zone(name.get_ref()) {
            Ok(z) => tz = z,
            Err(message) => out.push(
                Finding::new(Rule::SchemaError, file, name.span(), message).help(
                    "write an IANA zone name such as \"Europe/London\" or \"America/New_York\"",
                ),
            ),
        }
    }
    if let Some(max) = &cal.max_concurrent {
        if *max.get_ref() == 0 {
            out.push(
                Finding::new(Rule::SchemaError, file, max.span(), "max_concurrent = 0 would forbid every release")
                    .help("write how many release windows may overlap at once (at least 1), or leave it out for no limit"),
            );
        }
    }
    let kinds = [
        ("maintenance window", &cal.maintenance_windows, false),
        ("blackout", &cal.blackouts, true),
        ("event", &cal.events, false),
    ];
    for (what, periods, exempt_ok) in kinds {
        for spanned in periods {
            let p = spanned.get_ref();
            let name = p.name.get_ref();
            // A period is read in its own zone; one that does not parse is
            // reported here, and its times are not checked until it does.
            let tz = match (p.zone(tz), &p.timezone) {
                (Ok(z), _) => Some(z),
                (Err(message), Some(zone)) => {
                    out.push(
                        Finding::new(
                            Rule::SchemaError,
                            file,
                            zone.span(),
                            format!("{what} '{name}': {message}"),
                        )
                        .help("write an IANA zone name such as \"America/New_York\", or leave `timezone` out to use the calendar's"),
                    );
                    None
                }
                (Err(_), None) => None,
            };
            let compiled = tz.map(|tz| {
                p.spec()
                    .and_then(|spec| Recurrence::new(&spec, tz).map(drop))
            });
            if let Some(Err(e)) = compiled {
                let span = if e.is_missing() {
                    spanned.span()
                } else {
                    p.field_span(e.field()).unwrap_or(spanned.span())
                };
                out.push(
                    Finding::new(
                        Rule::SchemaError,
                        file,
                        span,
                        format!("{what} '{name}': {e}"),
                    )
                    .help(period_help(&e)),
                );
            }
            if let (Some(e), false) = (&p.exempt, exempt_ok) {
                out.push(
                    Finding::new(
                        Rule::SchemaError,
                        file,
                        e.span(),
                        format!("a {what} has no `exempt`"),
                    )
                    .help("only blackouts exempt release types; remove `exempt`"),
                );
            }
        }
    }
}

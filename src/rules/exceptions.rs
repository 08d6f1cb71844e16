//! `[[exceptions]]`: a release waives one rule, for itself only, with a
//! reason and the approval of someone holding `cab`.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::resolve::Resolved;

/// Drops the findings that valid exceptions waive. Returns the kept
/// findings, the count waived by rule, and findings about the exceptions.
pub fn apply(
    cx: &Resolved,
    findings: Vec<Finding>,
) -> (Vec<Finding>, BTreeMap<&'static str, usize>, Vec<Finding>) {
    let mut notes = Vec::new();
    // rule -> release id -> (release, exception index), for valid ones.
    let mut valid: HashMap<Rule, HashMap<&str, (&Release, usize)>> = HashMap::new();
    for r in &cx.repo.releases {
        for (i, e) in r.def.exceptions.iter().enumerate() {
            match validity(cx, r, i) {
                Ok(()) => {
                    if let Some(rule) = Rule::from_name(e.get_ref().rule.get_ref()) {
                        valid.entry(rule).or_default().insert(r.id(), (r, i));
                    }
                }
                Err(f) => {
                    if let Some(f) = f {
                        notes.push(f);
                    }
                }
            }
        }
    }
    let mut used: HashSet<(Rule, &str)> = HashSet::new();
    let mut waived: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut kept = Vec::with_capacity(findings.len());
    for f in findings {
        let hit = f
            .release
            .as_deref()
            .and_then(|id| valid.get(&f.rule)?.get_key_value(id))
            .map(|(id, _)| *id);
        match hit {
            Some(id) => {
                used.insert((f.rule, id));
                *waived.entry(f.rule.name()).or_default() += 1;
            }
            None => kept.push(f),
        }
    }
    let mut unused: Vec<_> = valid
        .iter()
        .flat_map(|(rule, by_id)| by_id.iter().map(move |(id, v)| ((*rule, *id), *v)))
        .filter(|(k, _)| !used.contains(k))
        .map(|(_, v)| v)
        .collect();
    unused.sort_by_key(|(r, i)| (r.dir.clone(), *i));
    for (r, i) in unused {
        let e = r.def.exceptions[i].get_ref();
        notes.push(
            Finding::new(
                Rule::UnusedException,
                r.file,
                e.rule.span(),
                format!(
                    "the exception for `{}` waives nothing: the rule does not fire on {}",
                    e.rule.get_ref(),
                    r.id()
                ),
            )
            .help("remove this [[exceptions]] entry")
            .release(r.id()),
        );
    }
    (kept, waived, notes)
}

/// Whether exception `i` of `r` may waive its rule; `Err(Some)` explains
/// why not, `Err(None)` when it has lapsed.
fn validity(cx: &Resolved, r: &Release, i: usize) -> Result<(), Option<Finding>> {
    let e = r.def.exceptions[i].get_ref();
    let rule = e.rule.get_ref();
    let bad = |span: std::ops::Range<usize>, msg: String, help: String| {
        Err(Some(
            Finding::new(Rule::InvalidException, r.file, span, msg)
                .help(help)
                .release(r.id()),
        ))
    };
    if Rule::from_name(rule).is_none() {
        let help = match Rule::suggest(rule) {
            Some(s) => format!("did you mean `{s}`? `trainyard explain` lists the rules"),
            None => "`trainyard explain` lists the rules".to_string(),
        };
        return bad(
            e.rule.span(),
            format!("the exception names `{rule}`, which is not a rule"),
            help,
        );
    }
    let reason_ok = e
        .reason
        .as_ref()
        .is_some_and(|s| !s.get_ref().trim().is_empty());
    if !reason_ok {
        let span = e.reason.as_ref().map_or(e.rule.span(), |s| s.span());
        return bad(
            span,
            format!("the exception for `{rule}` gives no reason, so it waives nothing"),
            "add `reason = \"…\"` saying why the release may break this rule".into(),
        );
    }
    let Some(approver) = &e.approved_by else {
        return bad(
            e.rule.span(),
            format!("the exception for `{rule}` has no approver, so it waives nothing"),
            "add `approved_by = \"…\"` naming a person who holds the cab role".into(),
        );
    };
    match cx.person(approver.get_ref()) {
        Some(p) if p.has_role("cab") => {}
        Some(_) => return bad(
            approver.span(),
            format!(
                "{} does not hold cab, so the exception for `{rule}` waives nothing",
                approver.get_ref()
            ),
            "an exception needs the approval of a person with the cab role in policies/people.toml"
                .into(),
        ),
        None => {
            return bad(
                approver.span(),
                format!(
                "`{}` is not in policies/people.toml, so the exception for `{rule}` waives nothing",
                approver.get_ref()
            ),
                "name a person who holds the cab role".into(),
            )
        }
    }
    if let Some(until) = &e.until {
        if until.get_ref().0 < cx.today {
            return Err(None);
        }
    }
    Ok(())
}

//! The release definition document: fields each stage needs
//! (missing-definition-field) and the changes it includes
//! (change-not-approved, too-many-changes, change-in-multiple-releases).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::{ChangeStatus, OutcomeStatus, Spanned, Stage};
use crate::resolve::Resolved;
use crate::rules::criteria::{add_to, blank, due, window_start};

/// missing-definition-field for one release.
pub(super) fn fields(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    let d = &r.def;
    let path = cx.repo.path(r.file);
    let missing = |span: std::ops::Range<usize>, message: String, help: String| {
        Finding::new(Rule::MissingDefinitionField, r.file, span, message)
            .help(help)
            .release(r.id())
    };
    if let Some(due) = due(cx, r, Stage::Plan) {
        if d.window.is_none() {
            out.push(missing(
                0..0,
                format!("{} a [window]; {} has none", due.needs(), r.id()),
                add_to(
                    cx,
                    r,
                    "[window]\nstart = 2026-03-14T20:00:00   # local time in the calendar's zone\nduration = \"2h\"",
                ),
            ));
        }
    }
    let Some(due) = due(cx, r, Stage::Build) else {
        return;
    };
    let top =
        |field: &str, value: Option<&Spanned<String>>, example: &str, out: &mut Vec<Finding>| {
            if !blank(value) {
                return;
            }
            let (span, what) = match value {
                Some(v) => (v.span(), "is blank"),
                None => (0..0, "is missing"),
            };
            out.push(missing(
                span,
                format!(
                    "{} `{field}` (the release definition's {example}); it {what}",
                    due.needs()
                ),
                format!("add near the top of {path}, before the first [table]:\n{field} = \"…\""),
            ));
        };
    top(
        "rationale",
        d.rationale.as_ref(),
        "classification rationale",
        out,
    );
    top("risk", d.risk.as_ref(), "risk assessment summary", out);
    match &d.rollback {
        None => out.push(missing(
            0..0,
            format!(
                "{} a [rollback] table with the rollback window and procedure; it is missing",
                due.needs()
            ),
            add_to(
                cx,
                r,
                "[rollback]\nwindow = \"4h\"                      # how long after deployment rollback is possible\nprocedure = \"runbook.md#rollback\"",
            ),
        )),
        Some(rb) => {
            let header = rb.span();
            let rb = rb.get_ref();
            for (field, value, example) in [
                ("window", &rb.window, "window = \"4h\""),
                ("procedure", &rb.procedure, "procedure = \"runbook.md#rollback\""),
            ] {
                if blank(value.as_ref()) {
                    let span = value.as_ref().map_or(header.clone(), |v| v.span());
                    let what = if value.is_some() { "is blank" } else { "is missing" };
                    out.push(missing(
                        span,
                        format!("{} [rollback] `{field}`; it {what}", due.needs()),
                        format!("add under [rollback] in {path}:\n{example}"),
                    ));
                }
            }
        }
    }
}

/// change-not-approved and too-many-changes for one release.
pub(super) fn changes(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    let d = &r.def;
    if let Some(due) = due(cx, r, Stage::Build) {
        for c in &d.changes {
            let c = c.get_ref();
            let status = *c.status.get_ref();
            if status == ChangeStatus::Approved {
                continue;
            }
            let (word, help) = match status {
                ChangeStatus::Rejected => (
                    "rejected",
                    format!(
                        "remove the [[changes]] entry for {} from {}: a rejected change cannot ship",
                        c.id.get_ref(),
                        cx.repo.path(r.file)
                    ),
                ),
                _ => (
                    "pending",
                    format!(
                        "once {} is approved in change management, write status = \"approved\"; otherwise remove it from the release",
                        c.id.get_ref()
                    ),
                ),
            };
            out.push(
                Finding::new(
                    Rule::ChangeNotApproved,
                    r.file,
                    c.status.span(),
                    format!(
                        "{} every change approved; {} is {word}",
                        due.needs(),
                        c.id.get_ref()
                    ),
                )
                .help(help)
                .release(r.id()),
            );
        }
    }
    let Some(policy) = cx.policy_of(r) else {
        return;
    };
    let Some(max) = policy.max_changes.as_ref().map(|m| *m.get_ref()) else {
        return;
    };
    let limit = usize::try_from(max).unwrap_or(usize::MAX);
    if let Some(first_over) = d.changes.get(limit) {
        let n = d.changes.len();
        let extra = n - limit;
        out.push(
            Finding::new(
                Rule::TooManyChanges,
                r.file,
                first_over.span(),
                format!(
                    "{n} changes is more than the {max} a {} release may hold (max_changes in policies/{}.toml); this is change {}",
                    d.kind.get_ref(),
                    d.kind.get_ref(),
                    limit + 1
                ),
            )
            .help(format!(
                "split the release: move {} into a new release (trainyard new --service {} --type {} --window …), which is easier to test and to roll back",
                if extra == 1 { "the last change".to_string() } else { format!("the last {extra} changes") },
                d.service.get_ref(),
                d.kind.get_ref()
            ))
            .release(r.id()),
        );
    }
}

/// Whether a release holds its changes: not cancelled, not rolled back.
fn holds_changes(r: &Release) -> bool {
    let rolled_back = r
        .def
        .outcome
        .as_ref()
        .is_some_and(|o| *o.get_ref().status.get_ref() == OutcomeStatus::RolledBack);
    *r.def.stage.get_ref() != Stage::Cancelled && !rolled_back
}

/// change-in-multiple-releases over the repository.
pub(super) fn shared_changes(cx: &Resolved, out: &mut Vec<Finding>) {
    // Sort key: releases with a window first, by window start, then id
    // and position.
    type Key<'a> = (bool, Option<DateTime<Utc>>, &'a str, usize);
    type Entry<'a> = (Key<'a>, &'a Release, &'a Spanned<String>);
    let mut by_change: HashMap<&str, Vec<Entry>> = HashMap::new();
    for r in cx.repo.releases.iter().filter(|r| holds_changes(r)) {
        let start = window_start(r).and_then(|w| cx.instant(w));
        for (i, c) in r.def.changes.iter().enumerate() {
            let id = &c.get_ref().id;
            by_change.entry(id.get_ref()).or_default().push((
                (start.is_none(), start, r.id(), i),
                r,
                id,
            ));
        }
    }
    let mut shared: Vec<_> = by_change.into_values().filter(|v| v.len() > 1).collect();
    for entries in &mut shared {
        entries.sort_by(|a, b| a.0.cmp(&b.0));
    }
    shared.sort_by(|a, b| a[0].2.get_ref().cmp(b[0].2.get_ref()));
    for entries in shared {
        let (_, first, _) = entries[0];
        for (_, r, id) in &entries[1..] {
            let (message, help) = if std::ptr::eq(*r, first) {
                (
                    format!("change {} is listed twice in this release", id.get_ref()),
                    "remove the second [[changes]] entry".to_string(),
                )
            } else {
                (
                    format!(
                        "change {} is already in {} ({}, stage {}); a change ships in one release",
                        id.get_ref(),
                        first.id(),
                        first.def.title.get_ref(),
                        first.def.stage.get_ref()
                    ),
                    format!(
                        "remove it from one of the two releases, or cancel {} (stage = \"cancelled\") if this release replaces it",
                        first.id()
                    ),
                )
            };
            out.push(
                Finding::new(Rule::ChangeInMultipleReleases, r.file, id.span(), message)
                    .help(help)
                    .release(r.id()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::{line_of, run, Fixture, Seen, GOOD};

    fn only(seen: Vec<Seen>, rule: &str) -> Vec<Seen> {
        seen.into_iter().filter(|s| s.rule == rule).collect()
    }

    #[test]
    fn fields_are_owed_by_stage() {
        let bare = GOOD
            .replace("rationale = \"Enhancements\"\n", "")
            .replace("risk = \"Low\"\n", "risk = \" \"\n")
            .replace("procedure = \"runbook.md#rollback\"\n", "");
        let seen = only(
            run(&Fixture::new().release(&bare), super::super::check),
            "missing-definition-field",
        );
        assert_eq!(seen.len(), 3, "{seen:#?}");
        assert_eq!(seen[0].line, 1);
        assert_eq!(
            seen[0].message,
            "stage = \"close\" needs `rationale` (the release definition's classification rationale); it is missing"
        );
        assert_eq!(
            seen[0].help,
            "add near the top of releases/REL-2026-03-001/release.toml, before the first [table]:\nrationale = \"…\""
        );
        assert_eq!(seen[1].line, line_of(&bare, "", "risk ="));
        assert!(seen[1].message.contains("it is blank"));
        assert_eq!(seen[2].line, line_of(&bare, "", "[rollback]"));
        assert_eq!(
            seen[2].message,
            "stage = \"close\" needs [rollback] `procedure`; it is missing"
        );
        let plan = bare.replace("stage = \"close\"", "stage = \"plan\"");
        assert!(only(
            run(&Fixture::new().release(&plan), super::super::check),
            "missing-definition-field"
        )
        .is_empty());
    }

    #[test]
    fn a_window_is_needed_from_plan() {
        let start = GOOD.find("[window]").unwrap();
        let end = GOOD.find("[rollback]").unwrap();
        let text = format!("{}{}", &GOOD[..start], &GOOD[end..])
            .replace("stage = \"close\"", "stage = \"plan\"");
        let seen = only(
            run(&Fixture::new().release(&text), super::super::check),
            "missing-definition-field",
        );
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(
            seen[0].message,
            "stage = \"plan\" needs a [window]; REL-2026-03-001 has none"
        );
        assert!(seen[0]
            .help
            .starts_with("add to releases/REL-2026-03-001/release.toml:\n[window]\nstart = "));
        let cancelled = text.replace("stage = \"plan\"", "stage = \"cancelled\"");
        assert!(run(&Fixture::new().release(&cancelled), super::super::check).is_empty());
    }

    #[test]
    fn unapproved_changes_fail_from_build() {
        let text = GOOD.replace("status = \"approved\"", "status = \"pending\"");
        let seen = only(
            run(&Fixture::new().release(&text), super::super::check),
            "change-not-approved",
        );
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].line, line_of(&text, "[[changes]]", "status ="));
        assert_eq!(
            seen[0].message,
            "stage = \"close\" needs every change approved; CHG-1 is pending"
        );
        let plan = text.replace("stage = \"close\"", "stage = \"plan\"");
        assert!(only(
            run(&Fixture::new().release(&plan), super::super::check),
            "change-not-approved"
        )
        .is_empty());
    }

    #[test]
    fn too_many_changes_points_at_the_first_over_the_limit() {
        let mut text = GOOD.to_string();
        let mut extra = String::new();
        for i in 2..=22 {
            extra.push_str(&format!(
                "\n[[changes]]\nid = \"CHG-{i}\"\nsummary = \"s\"\nstatus = \"approved\"\n"
            ));
        }
        text.push_str(&extra);
        let seen = only(
            run(&Fixture::new().release(&text), super::super::check),
            "too-many-changes",
        );
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].line, line_of(&text, "CHG-20\"", "[[changes]]"));
        assert_eq!(
            seen[0].message,
            "22 changes is more than the 20 a minor release may hold (max_changes in policies/minor.toml); this is change 21"
        );
        assert!(seen[0]
            .help
            .starts_with("split the release: move the last 2 changes into a new release"));
    }

    #[test]
    fn a_change_belongs_to_one_release() {
        let second = GOOD
            .replace("REL-2026-03-001", "REL-2026-03-002")
            .replace("stage = \"close\"", "stage = \"plan\"")
            .replace("2026-03-14T20:00:00", "2026-03-21T20:00:00");
        let seen = only(
            run(
                &Fixture::new().release(GOOD).release(&second),
                super::super::check,
            ),
            "change-in-multiple-releases",
        );
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].path, "releases/REL-2026-03-002/release.toml");
        assert_eq!(seen[0].line, line_of(&second, "[[changes]]", "id ="));
        assert_eq!(
            seen[0].message,
            "change CHG-1 is already in REL-2026-03-001 (Finance system v2.4.0, stage close); a change ships in one release"
        );
        let rolled_back = GOOD.replace("status = \"successful\"", "status = \"rolled-back\"");
        let seen = only(
            run(
                &Fixture::new().release(&rolled_back).release(&second),
                super::super::check,
            ),
            "change-in-multiple-releases",
        );
        assert!(seen.is_empty(), "{seen:#?}");
        let twice = GOOD.replace(
            "[[known_issues]]",
            "[[changes]]\nid = \"CHG-1\"\nsummary = \"again\"\nstatus = \"approved\"\n\n[[known_issues]]",
        );
        let seen = only(
            run(&Fixture::new().release(&twice), super::super::check),
            "change-in-multiple-releases",
        );
        assert_eq!(seen.len(), 1);
        assert_eq!(
            seen[0].message,
            "change CHG-1 is listed twice in this release"
        );
    }
}

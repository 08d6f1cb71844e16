//! A field the release's stage needs is missing or blank (window, rationale, risk, rollback)
//!
//! ## What it does
//! Checks the release definition document's fields against the stage:
//!
//! | from stage | needs |
//! |---|---|
//! | plan | `[window]` |
//! | build | `rationale`, `risk`, `[rollback]` with `window` and `procedure` |
//!
//! A blank string counts as missing. The finding points at the file start (or
//! at the `[rollback]` header) and the help gives the lines to add.
//!
//! ## Why
//! The procedure's release definition document holds the classification
//! rationale, the risk assessment and the rollback constraints, and the
//! service owner signs it off before build.
//!
//! ## Example
//! ```toml
//! stage = "build"
//! # no rationale, no risk, no [rollback]
//! ```
//!
//! Use instead:
//! ```toml
//! stage = "build"
//! rationale = "Enhancements and non-critical fixes"
//! risk = "Low: export module is isolated"
//!
//! [rollback]
//! window = "4h"
//! procedure = "runbook.md#rollback"
//! ```

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::{Spanned, Stage};
use crate::resolve::Resolved;
use crate::rules::criteria::{add_to, blank, due};

/// missing-definition-field for one release.
pub(super) fn check(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
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

#[cfg(test)]
mod tests {
    use crate::rules::fixture::{line_of, only, run, Fixture, GOOD};

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
}

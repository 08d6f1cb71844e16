//! A release from stage build on has no runbook.md
//!
//! ## What it does
//! From stage `build` on, checks that the release folder has a `runbook.md`.
//!
//! ## Why
//! The deployment runbook is part of the release package: it is rehearsed in
//! staging and executed exactly as written in production.
//!
//! ## Example
//! ```toml
//! # releases/REL-2026-03-015/release.toml, with no runbook.md beside it
//! stage = "build"
//!
//! [rollback]
//! procedure = "runbook.md#rollback"
//! ```
//!
//! Use instead: keep the release as it is and add
//! releases/REL-2026-03-015/runbook.md:
//! ```markdown
//! # Runbook: Finance system v2.4.0
//!
//! ## Deployment
//! 1. `helm upgrade finance charts/finance --version 2.4.0 --wait`
//!
//! ## Verification
//! 1. `curl -fsS https://finance.example.com/healthz` returns the new version.
//!
//! ## Rollback
//! 1. `helm rollback finance`
//! ```

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::Stage;
use crate::resolve::Resolved;
use crate::rules::criteria::due;

use super::runbook_sections::required_sections;

/// missing-runbook for one release.
pub(super) fn check(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    let Some(due) = due(cx, r, Stage::Build) else {
        return;
    };
    if r.runbook.is_some() {
        return;
    }
    let sections = required_sections(cx, r).names;
    out.push(
        Finding::new(
            Rule::MissingRunbook,
            r.file,
            due.stage_span(),
            format!(
                "{} a deployment runbook; {}/runbook.md does not exist",
                due.needs(),
                folder(r)
            ),
        )
        .help(format!(
            "create {}/runbook.md with the steps under these headings:\n{}",
            folder(r),
            headings_to_add(&sections)
        ))
        .release(r.id()),
    );
}

fn folder(r: &Release) -> String {
    format!("releases/{}", r.dir)
}

/// The required headings as Markdown lines.
fn headings_to_add(sections: &[String]) -> String {
    sections
        .iter()
        .map(|s| format!("## {s}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::{line_of, only, run, Fixture, GOOD};

    #[test]
    fn a_runbook_is_needed_from_build() {
        let fx = Fixture::new()
            .release(GOOD)
            .without("releases/REL-2026-03-001/runbook.md");
        let seen = only(run(&fx, super::super::check), "missing-runbook");
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].line, line_of(GOOD, "", "stage ="));
        assert_eq!(
            seen[0].message,
            "stage = \"close\" needs a deployment runbook; releases/REL-2026-03-001/runbook.md does not exist"
        );
        assert!(seen[0]
            .help
            .ends_with("## Deployment\n## Verification\n## Rollback"));
        let plan = GOOD.replace("stage = \"close\"", "stage = \"plan\"");
        let fx = Fixture::new()
            .release(&plan)
            .without("releases/REL-2026-03-001/runbook.md");
        let seen = only(run(&fx, super::super::check), "missing-runbook");
        assert!(seen.is_empty(), "{seen:#?}");
    }
}

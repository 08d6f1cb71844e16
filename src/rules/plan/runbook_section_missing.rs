//! A runbook lacks a section its policy requires (Deployment, Verification, Rollback)
//!
//! ## What it does
//! From stage `test` on, checks that runbook.md has a heading for each section
//! of the type's `runbook_sections` (default: Deployment, Verification,
//! Rollback). Any heading level counts; case, a leading number ("7.") and
//! words after the name ("Rollback procedure") do not matter. A near miss is
//! pointed at with a suggestion.
//!
//! ## Why
//! The deployment team follows the runbook under time pressure; a runbook
//! without a rollback section is found out at the worst moment.
//!
//! ## Example
//! ```toml
//! # release.toml
//! type = "minor"                 # runbook_sections = ["Deployment", "Verification", "Rollback"]
//! stage = "test"
//! ```
//! ```markdown
//! <!-- runbook.md -->
//! # Runbook
//! ## Deployment
//! ## Checks
//! ```
//!
//! Use instead:
//! ```markdown
//! # Runbook
//! ## Deployment
//! ## Verification
//! ## Rollback
//! ```

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::Stage;
use crate::resolve::Resolved;
use crate::rules::criteria::{and_list, due};

use super::runbook_sections::{required_sections, RequiredSections};

/// runbook-section-missing for one release with a runbook.
pub(super) fn check(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    let Some(due) = due(cx, r, Stage::Test) else {
        return;
    };
    let Some(runbook) = &r.runbook else { return };
    let RequiredSections {
        names: required,
        source,
    } = required_sections(cx, r);
    let headings = &runbook.outline.headings;
    let path = cx.repo.path(runbook.file);
    let keys: Vec<String> = headings.iter().map(|h| heading_key(&h.text)).collect();
    for section in &required {
        if keys.iter().any(|k| names_section(k, section)) {
            continue;
        }
        let near = crate::suggest::closest(
            &section.to_lowercase(),
            headings.iter().map(|h| h.text.as_str()),
        )
        .and_then(|t| headings.iter().find(|h| h.text == t));
        let present: Vec<&str> = headings.iter().map(|h| h.text.as_str()).collect();
        let have = if present.is_empty() {
            "it has no headings".to_string()
        } else {
            format!("its headings are {}", and_list(&present))
        };
        let (span, help) = match near {
            Some(h) => (
                h.span.clone(),
                format!(
                    "rename this heading to `{} {section}` (or add that section)",
                    "#".repeat(usize::from(h.level))
                ),
            ),
            None => (
                headings.first().map_or(0..0, |h| h.span.clone()),
                format!("add to {path}:\n## {section}\n…the steps…"),
            ),
        };
        out.push(
            Finding::new(
                Rule::RunbookSectionMissing,
                runbook.file,
                span,
                format!(
                    "{} a \"{section}\" section in runbook.md ({source} requires {}); {have}",
                    due.needs(),
                    and_list(&required)
                ),
            )
            .help(help)
            .release(r.id()),
        );
    }
}

/// Whether a heading (by its [`heading_key`]) names `section`: the same
/// words, or those words first (`Rollback procedure`).
fn names_section(h: &str, section: &str) -> bool {
    let s = section.trim().to_lowercase();
    h == s
        || h.strip_prefix(&s)
            .is_some_and(|rest| rest.starts_with(|c: char| !c.is_alphanumeric()))
}

/// A heading's text with leading numbering (`7.`, `7)`, `Step 7:`) removed,
/// lower-cased.
fn heading_key(text: &str) -> String {
    let t = text.trim().to_lowercase();
    let t = t.strip_prefix("step ").unwrap_or(&t);
    let t = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let t = t
        .strip_prefix(')')
        .or_else(|| t.strip_prefix(':'))
        .unwrap_or(t);
    t.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{only, run, Fixture, GOOD};

    proptest::proptest! {
        #[test]
        fn heading_matching_never_panics(heading in "\\PC{0,30}") {
            let _ = names_section(&heading_key(&heading), "Rollback");
        }
    }

    #[test]
    fn headings_match_loosely() {
        assert!(names_section(&heading_key("Rollback"), "Rollback"));
        assert!(names_section(
            &heading_key("7. Rollback procedure"),
            "Rollback"
        ));
        assert!(names_section(
            &heading_key("Step 3: Verification"),
            "Verification"
        ));
        assert!(!names_section(&heading_key("Rollbacks"), "Rollback"));
        assert!(!names_section(&heading_key("Pre-deployment"), "Deployment"));
    }

    #[test]
    fn sections_are_required_from_test() {
        let runbook = "# Runbook\n\n## Deployment\n\n## Checks\n\n## Roll back\n";
        let fx = Fixture::new()
            .release(GOOD)
            .file("releases/REL-2026-03-001/runbook.md", runbook);
        let seen = run(&fx, super::super::check);
        let sec = only(seen.clone(), "runbook-section-missing");
        assert_eq!(sec.len(), 2, "{seen:#?}");
        assert_eq!(sec[0].path, "releases/REL-2026-03-001/runbook.md");
        assert_eq!(sec[0].line, 1);
        assert_eq!(
            sec[0].message,
            "stage = \"close\" needs a \"Verification\" section in runbook.md (the minor policy requires Deployment, Verification and Rollback); its headings are Runbook, Deployment, Checks and Roll back"
        );
        assert_eq!(sec[1].line, 7);
        assert_eq!(
            sec[1].help,
            "rename this heading to `## Rollback` (or add that section)"
        );
    }
}

//! An open (or deferred) medium or low defect is not listed as a known issue
//!
//! ## What it does
//! From stage `stage` on, reports each `[[defects]]` entry of severity `medium`
//! or `low` that is not fixed and that no `[[known_issues]]` entry names in its
//! `defect`.
//!
//! ## Why
//! Medium and low defects may ship, but only documented as known issues with a
//! workaround where there is one: the release notes are where support and users
//! learn about them.
//!
//! ## Example
//! ```toml
//! [[defects]]
//! id = "DEF-311"
//! severity = "medium"
//! status = "open"
//! ```
//!
//! Use instead:
//! ```toml
//! [[defects]]
//! id = "DEF-311"
//! severity = "medium"
//! status = "open"
//!
//! [[known_issues]]
//! summary = "Export to PDF fails for reports over 500 pages"
//! workaround = "Export in batches"
//! defect = "DEF-311"
//! ```

use std::collections::HashSet;

use super::unfixed_defects::unfixed;
use crate::diagnostic::{Finding, Rule};
use crate::resolve::Resolved;
use crate::rules::criteria::{add_to, Due};

/// undocumented-defect for one release that owes the entry criteria of
/// stage: every medium or low defect not yet fixed that no
/// `[[known_issues]]` entry names.
pub(super) fn check(cx: &Resolved, due: &Due, out: &mut Vec<Finding>) {
    let r = due.release;
    let documented: HashSet<&str> = r
        .def
        .known_issues
        .iter()
        .filter_map(|k| k.get_ref().defect.as_ref().map(|d| d.get_ref().as_str()))
        .collect();
    for u in unfixed(r) {
        let d = u.defect;
        let severity = *d.severity.get_ref();
        let id = d.id.get_ref();
        if severity.blocks() || documented.contains(id.as_str()) {
            continue;
        }
        let snippet = format!(
            "[[known_issues]]\nsummary = \"{}\"\nworkaround = \"…\"   # if there is one\ndefect = \"{id}\"",
            d.summary
                .as_ref()
                .map_or("…".to_string(), |s| s.get_ref().replace('"', "\\\""))
        );
        out.push(
            Finding::new(
                Rule::UndocumentedDefect,
                r.file,
                d.id.span(),
                format!(
                    "{} open medium and low defects listed as known issues; {id}{} is {} and {}, and no [[known_issues]] entry names it",
                    due.needs(),
                    u.summary,
                    severity.as_str(),
                    u.state
                ),
            )
            .help(add_to(cx, r, &snippet))
            .release(r.id()),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::{line_of, run, Fixture, GOOD};
    use crate::rules::test::check as family;

    #[test]
    fn an_open_low_defect_needs_a_known_issue_and_a_fixed_one_does_not() {
        let text = GOOD.replace("defect = \"DEF-311\"\n", "").replacen(
            "[[approvals]]",
            "[[defects]]\nid = \"DEF-320\"\nseverity = \"low\"\nstatus = \"fixed\"\n\n[[approvals]]",
            1,
        );
        let seen = run(&Fixture::new().release(&text), family);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].rule, "undocumented-defect");
        assert_eq!(seen[0].line, line_of(&text, "", "id = \"DEF-311\""));
        assert_eq!(
            seen[0].help,
            "add to releases/REL-2026-03-001/release.toml:\n[[known_issues]]\nsummary = \"…\"\nworkaround = \"…\"   # if there is one\ndefect = \"DEF-311\""
        );
    }
}

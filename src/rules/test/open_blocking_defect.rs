//! An open (or deferred) critical or high defect, at stage or later
//!
//! ## What it does
//! From stage `stage` on, reports each `[[defects]]` entry of severity
//! `critical` or `high` whose status is not `fixed`. A deferred defect ships
//! with the release just like an open one, so deferring a blocking defect needs
//! an `[[exceptions]]` entry approved by CAB.
//!
//! ## Why
//! Critical defects prevent core functionality and block the release; high
//! defects significantly impair it and require a fix before release. Both
//! trigger a fix cycle: the change is corrected, a new build made, testing
//! restarted.
//!
//! ## Example
//! ```toml
//! stage = "stage"
//!
//! [[defects]]
//! id = "DEF-305"
//! severity = "high"
//! status = "open"
//! ```
//!
//! Use instead, after the fix cycle:
//! ```toml
//! [[defects]]
//! id = "DEF-305"
//! severity = "high"
//! status = "fixed"
//! ```

use super::unfixed_defects::unfixed;
use crate::diagnostic::{Finding, Rule};
use crate::model::DefectStatus;
use crate::rules::criteria::Due;

/// open-blocking-defect for one release that owes the entry criteria of
/// stage: every critical or high defect not yet fixed.
pub(super) fn check(due: &Due, out: &mut Vec<Finding>) {
    let r = due.release;
    for u in unfixed(r) {
        let d = u.defect;
        let severity = *d.severity.get_ref();
        if !severity.blocks() {
            continue;
        }
        let deferred = if *d.status.get_ref() == DefectStatus::Deferred {
            "; deferring a blocking defect needs an [[exceptions]] entry for open-blocking-defect approved by CAB"
        } else {
            ""
        };
        out.push(
            Finding::new(
                Rule::OpenBlockingDefect,
                r.file,
                d.status.span(),
                format!(
                    "{} no open critical or high defect; {}{} is {} and {}",
                    due.needs(),
                    d.id.get_ref(),
                    u.summary,
                    severity.as_str(),
                    u.state
                ),
            )
            .help(format!(
                "fix it in a fix cycle (stage = \"build\", a new build, tests again), then write status = \"fixed\"{deferred}"
            ))
            .release(r.id()),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::{line_of, run, Fixture, GOOD};
    use crate::rules::test::check as family;

    #[test]
    fn a_deferred_blocking_defect_needs_an_exception() {
        let text = GOOD.replace(
            "id = \"DEF-305\"\nseverity = \"high\"\nstatus = \"fixed\"",
            "id = \"DEF-305\"\nseverity = \"high\"\nstatus = \"deferred\"",
        );
        let seen = run(&Fixture::new().release(&text), family);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].rule, "open-blocking-defect");
        assert_eq!(seen[0].line, line_of(&text, "DEF-305", "status"));
        assert_eq!(
            seen[0].message,
            "stage = \"close\" needs no open critical or high defect; DEF-305 is high and deferred"
        );
        assert!(seen[0].help.contains("approved by CAB"));
    }
}

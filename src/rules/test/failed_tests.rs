//! The latest run of a test category failed or was blocked, at stage or later
//!
//! ## What it does
//! From stage `stage` on, reports each category whose latest `[[tests]]` run
//! has `result = "failed"`, or `"blocked"` for a category the policy requires.
//! An earlier passed run does not help: a failure after it means the build under
//! test no longer passes.
//!
//! ## Why
//! Acceptable results are a condition of leaving test. A failed run is either
//! fixed (a fix cycle back to build, then a new passed run) or the release does
//! not go on.
//!
//! ## Example
//! ```toml
//! stage = "stage"
//!
//! [[tests]]
//! category = "regression"
//! level = "full"
//! result = "failed"
//! at = 2026-03-10T17:00:00
//! failed = 3
//! ```
//!
//! Use instead: fix, rerun, and add the passing run (keep the failed one; the
//! record is append-only):
//! ```toml
//! [[tests]]
//! category = "regression"
//! level = "full"
//! result = "passed"
//! at = 2026-03-11T17:00:00
//! ```

use std::collections::HashSet;

use super::runs::{level_of, Latest};
use crate::diagnostic::{Finding, Rule};
use crate::model::TestResult;
use crate::rules::criteria::Due;

/// failed-tests for one release that owes the entry criteria of stage:
/// the latest run of a category failed, or is blocked where the policy
/// requires the category.
pub(super) fn check(due: &Due, latest: &Latest, out: &mut Vec<Finding>) {
    let r = due.release;
    let required: HashSet<&str> = due
        .policy
        .map(|p| p.tests.keys().map(|c| c.get_ref().as_str()).collect())
        .unwrap_or_default();
    for (category, run) in latest {
        let t = run.get_ref();
        let result = *t.result.get_ref();
        let fails = match result {
            TestResult::Passed => false,
            TestResult::Failed => true,
            TestResult::Blocked => required.contains(category),
        };
        if !fails {
            continue;
        }
        let when =
            t.at.as_ref()
                .map_or(String::new(), |a| format!(", {}", a.get_ref()));
        let counts = match (t.failed, t.blocked, t.passed) {
            (Some(f), _, Some(p)) if result == TestResult::Failed => {
                format!(
                    ": {f} of {} cases failed",
                    u64::from(f) + u64::from(p) + u64::from(t.blocked.unwrap_or(0))
                )
            }
            (Some(f), _, None) if result == TestResult::Failed => format!(": {f} cases failed"),
            (_, Some(b), _) if result == TestResult::Blocked => format!(": {b} cases blocked"),
            _ => String::new(),
        };
        out.push(
            Finding::new(
                Rule::FailedTests,
                r.file,
                t.result.span(),
                format!(
                    "{} passing tests; the latest {category} run ({}{when}) {}{counts}",
                    due.needs(),
                    level_of(t),
                    result_word(result)
                ),
            )
            .help(format!(
                "fix the failures (a fix cycle: stage = \"build\", a new build, testing again), then add a new [[tests]] entry for {category} with result = \"passed\"; keep this one, the record is append-only"
            ))
            .release(r.id()),
        );
    }
}

fn result_word(r: TestResult) -> &'static str {
    match r {
        TestResult::Passed => "passed",
        TestResult::Failed => "failed",
        TestResult::Blocked => "blocked",
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::{line_of, run, Fixture, GOOD};
    use crate::rules::test::check as family;

    #[test]
    fn the_latest_run_counts() {
        let text = GOOD.replacen(
            "[[defects]]",
            "[[tests]]\ncategory = \"regression\"\nlevel = \"full\"\nresult = \"failed\"\nat = 2026-03-11T09:00:00\npassed = 409\nfailed = 3\n\n[[tests]]\ncategory = \"accessibility\"\nresult = \"blocked\"\n\n[[defects]]",
            1,
        );
        let seen = run(&Fixture::new().release(&text), family);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].rule, "failed-tests");
        assert_eq!(
            seen[0].line,
            line_of(&text, "result = \"failed\"", "result")
        );
        assert_eq!(
            seen[0].message,
            "stage = \"close\" needs passing tests; the latest regression run (full, 2026-03-11T09:00:00) failed: 3 of 412 cases failed"
        );
        // A passing rerun after the failure clears it.
        let rerun = text.replacen(
            "[[defects]]",
            "[[tests]]\ncategory = \"regression\"\nlevel = \"full\"\nresult = \"passed\"\nat = 2026-03-12T09:00:00\n\n[[defects]]",
            1,
        );
        assert!(run(&Fixture::new().release(&rerun), family).is_empty());
    }
}

//! A release at stage or later lacks a passed run of a test category its policy requires
//!
//! ## What it does
//! From stage `stage` on (entering stage needs the required tests passed),
//! checks every category in the type's `[tests]`: the latest `[[tests]]` run of
//! that category must have `result = "passed"` at the required level or a
//! higher one (levels are ordered: sample < required, critical-paths < full,
//! affected < all, baseline < full-load, vulnerability-scan < penetration-test).
//! The latest run is the one with the latest `at` (runs without `at` count as
//! older, in file order). A run without `level` counts at its category's lowest
//! level. The finding lists every missing category at once. A failed latest run
//! is reported by failed-tests instead.
//!
//! A type that skips `stage` (emergency) owes its test evidence from `deploy` on.
//!
//! ## Why
//! The procedure's test matrix scales with the release type: a patch needs
//! smoke tests and targeted functional tests, a major release the full
//! regression suite, a full load test and a penetration test.
//!
//! ## Example
//! ```toml
//! type = "major"
//! stage = "stage"
//!
//! [[tests]]
//! category = "regression"
//! level = "critical-paths"
//! result = "passed"
//! at = 2026-03-10T17:00:00
//! ```
//!
//! Use instead: run what the policy asks and record it:
//! ```toml
//! [[tests]]
//! category = "regression"
//! level = "full"
//! result = "passed"
//! at = 2026-03-11T17:00:00
//! ```

use super::runs::{level_of, Latest};
use crate::diagnostic::{Finding, Rule};
use crate::model::{test_level_rank, test_levels, TestResult};
use crate::resolve::Resolved;
use crate::rules::criteria::{add_to, and_list, Due};

/// missing-tests for one release that owes the entry criteria of stage.
pub(super) fn check(cx: &Resolved, due: &Due, latest: &Latest, out: &mut Vec<Finding>) {
    let r = due.release;
    let mut required: Vec<(&str, &str)> = due
        .policy
        .map(|p| {
            p.tests
                .iter()
                .map(|(c, l)| (c.get_ref().as_str(), l.get_ref().as_str()))
                .collect()
        })
        .unwrap_or_default();
    // The release procedure's matrix order, then other categories by name.
    required.sort_by_key(|(c, _)| (matrix_position(c), *c));
    let mut missing: Vec<String> = Vec::new();
    let mut snippets: Vec<String> = Vec::new();
    for (category, level) in &required {
        let Some(need) = test_level_rank(category, level) else {
            // Not a level of the category: schema-error on the policy.
            continue;
        };
        let run = latest.get(category).map(|s| s.get_ref());
        let note = match run {
            None => String::new(),
            Some(t) if *t.result.get_ref() != TestResult::Passed => continue,
            Some(t) => {
                let have = level_of(t);
                match test_level_rank(category, have) {
                    Some(rank) if rank >= need => continue,
                    Some(_) => format!(" (the latest run is at {have})"),
                    None => format!(
                        " (the latest run's level `{have}` is not one of {})",
                        test_levels(category).join(", ")
                    ),
                }
            }
        };
        missing.push(format!("{category} at {level}{note}"));
        snippets.push(format!(
            "[[tests]]\ncategory = \"{category}\"\nlevel = \"{level}\"\nresult = \"passed\"\nat = …"
        ));
    }
    if !missing.is_empty() {
        out.push(
            Finding::new(
                Rule::MissingTests,
                r.file,
                due.stage_span(),
                format!(
                    "{} every test the {} policy requires passed; missing: {}",
                    due.needs(),
                    due.kind(),
                    and_list(&missing)
                ),
            )
            .help(format!(
                "run the tests, then {}",
                add_to(cx, r, &snippets.join("\n\n"))
            ))
            .release(r.id()),
        );
    }
}

/// A category's row in the release procedure's test matrix (unknown ones last).
fn matrix_position(category: &str) -> usize {
    crate::model::TEST_LEVELS
        .iter()
        .position(|(c, _)| *c == category)
        .unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::{line_of, only, run, Fixture, GOOD};
    use crate::rules::test::check as family;

    #[test]
    fn missing_tests_list_every_category_and_level() {
        let text = GOOD
            .replace("level = \"full\"", "level = \"critical-paths\"")
            .replace("category = \"performance\"", "category = \"load\"");
        let seen = run(&Fixture::new().release(&text), family);
        let m = only(seen, "missing-tests");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].line, line_of(&text, "", "stage ="));
        assert_eq!(
            m[0].message,
            "stage = \"close\" needs every test the minor policy requires passed; missing: regression at full (the latest run is at critical-paths) and performance at baseline"
        );
        assert!(m[0].help.starts_with("run the tests, then add to releases/REL-2026-03-001/release.toml:\n[[tests]]\ncategory = \"regression\"\nlevel = \"full\"\nresult = \"passed\"\nat = …\n\n[[tests]]\ncategory = \"performance\""), "{}", m[0].help);
        let test_stage = text.replace("stage = \"close\"", "stage = \"test\"");
        assert!(run(&Fixture::new().release(&test_stage), family).is_empty());
    }

    #[test]
    fn emergency_evidence_is_owed_from_deploy() {
        let start = GOOD.find("[[tests]]").unwrap();
        let end = GOOD.find("[[defects]]").unwrap();
        let none = format!("{}{}", &GOOD[..start], &GOOD[end..])
            .replace("type = \"minor\"", "type = \"emergency\"")
            .replace("stage = \"close\"", "stage = \"deploy\"");
        let m = only(run(&Fixture::new().release(&none), family), "missing-tests");
        assert_eq!(
            m[0].message,
            "stage = \"deploy\" (the entry criteria of stage, which emergency releases skip, are owed from deploy on) needs every test the emergency policy requires passed; missing: smoke at required"
        );
        let at_test = none.replace("stage = \"deploy\"", "stage = \"test\"");
        assert!(run(&Fixture::new().release(&at_test), family).is_empty());
    }
}

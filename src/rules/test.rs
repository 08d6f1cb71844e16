//! The test family: the evidence a release needs to enter stage (required
//! tests passed, no blocking defect, the rest documented as known issues).

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use super::criteria::{add_to, and_list, due, Due};
use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::{
    test_level_rank, test_levels, DefectStatus, Spanned, Stage, TestResult, TestRun,
};
use crate::resolve::Resolved;

/// Every test-family finding.
pub fn check(cx: &Resolved) -> Vec<Finding> {
    cx.repo
        .releases
        .par_iter()
        .flat_map_iter(|r| {
            let mut v = Vec::new();
            if let Some(due) = due(cx, r, Stage::Stage) {
                tests(cx, &due, &mut v);
                defects(cx, &due, &mut v);
            }
            v
        })
        .collect()
}

/// The latest run of each category: the latest `at`, runs without one
/// counting as older, ties going to the later entry in the file.
pub(crate) fn latest_runs<'a>(
    cx: &Resolved,
    r: &'a Release,
) -> BTreeMap<&'a str, &'a Spanned<TestRun>> {
    let mut best: BTreeMap<&str, (Option<DateTime<Utc>>, &Spanned<TestRun>)> = BTreeMap::new();
    for run in &r.def.tests {
        let t = run.get_ref();
        let at = t.at.as_ref().and_then(|a| cx.instant(a.get_ref()));
        let slot = best.entry(t.category.get_ref()).or_insert((at, run));
        if at >= slot.0 {
            *slot = (at, run);
        }
    }
    best.into_iter().map(|(k, (_, v))| (k, v)).collect()
}

/// A category's row in the release procedure's test matrix (unknown ones last).
fn matrix_position(category: &str) -> usize {
    crate::model::TEST_LEVELS
        .iter()
        .position(|(c, _)| *c == category)
        .unwrap_or(usize::MAX)
}

/// The level of a run as written, or its category's lowest.
fn level_of(t: &TestRun) -> &str {
    match &t.level {
        Some(l) => l.get_ref(),
        None => test_levels(t.category.get_ref())
            .first()
            .copied()
            .unwrap_or("required"),
    }
}

fn result_word(r: TestResult) -> &'static str {
    match r {
        TestResult::Passed => "passed",
        TestResult::Failed => "failed",
        TestResult::Blocked => "blocked",
    }
}

fn tests(cx: &Resolved, due: &Due, out: &mut Vec<Finding>) {
    let r = due.release;
    let latest = latest_runs(cx, r);
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
    let required_set: HashSet<&str> = required.iter().map(|(c, _)| *c).collect();
    for (category, run) in &latest {
        let t = run.get_ref();
        let result = *t.result.get_ref();
        let fails = match result {
            TestResult::Passed => false,
            TestResult::Failed => true,
            TestResult::Blocked => required_set.contains(category),
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

fn defects(cx: &Resolved, due: &Due, out: &mut Vec<Finding>) {
    let r = due.release;
    let documented: HashSet<&str> = r
        .def
        .known_issues
        .iter()
        .filter_map(|k| k.get_ref().defect.as_ref().map(|d| d.get_ref().as_str()))
        .collect();
    for d in &r.def.defects {
        let d = d.get_ref();
        let status = *d.status.get_ref();
        if status == DefectStatus::Fixed {
            continue;
        }
        let state = if status == DefectStatus::Open {
            "open"
        } else {
            "deferred"
        };
        let severity = *d.severity.get_ref();
        let id = d.id.get_ref();
        let summary = d
            .summary
            .as_ref()
            .map_or(String::new(), |s| format!(" ({})", s.get_ref()));
        if severity.blocks() {
            let deferred = if status == DefectStatus::Deferred {
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
                        "{} no open critical or high defect; {id}{summary} is {} and {state}",
                        due.needs(),
                        severity.as_str()
                    ),
                )
                .help(format!(
                    "fix it in a fix cycle (stage = \"build\", a new build, tests again), then write status = \"fixed\"{deferred}"
                ))
                .release(r.id()),
            );
        } else if !documented.contains(id.as_str()) {
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
                        "{} open medium and low defects listed as known issues; {id}{summary} is {} and {state}, and no [[known_issues]] entry names it",
                        due.needs(),
                        severity.as_str()
                    ),
                )
                .help(add_to(cx, r, &snippet))
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
    fn the_good_release_is_silent() {
        assert!(run(&Fixture::new().release(GOOD), super::check).is_empty());
    }

    #[test]
    fn missing_tests_list_every_category_and_level() {
        let text = GOOD
            .replace("level = \"full\"", "level = \"critical-paths\"")
            .replace("category = \"performance\"", "category = \"load\"");
        let seen = run(&Fixture::new().release(&text), super::check);
        let m = only(seen, "missing-tests");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].line, line_of(&text, "", "stage ="));
        assert_eq!(
            m[0].message,
            "stage = \"close\" needs every test the minor policy requires passed; missing: regression at full (the latest run is at critical-paths) and performance at baseline"
        );
        assert!(m[0].help.starts_with("run the tests, then add to releases/REL-2026-03-001/release.toml:\n[[tests]]\ncategory = \"regression\"\nlevel = \"full\"\nresult = \"passed\"\nat = …\n\n[[tests]]\ncategory = \"performance\""), "{}", m[0].help);
        let test_stage = text.replace("stage = \"close\"", "stage = \"test\"");
        assert!(run(&Fixture::new().release(&test_stage), super::check).is_empty());
    }

    #[test]
    fn emergency_evidence_is_owed_from_deploy() {
        let start = GOOD.find("[[tests]]").unwrap();
        let end = GOOD.find("[[defects]]").unwrap();
        let none = format!("{}{}", &GOOD[..start], &GOOD[end..])
            .replace("type = \"minor\"", "type = \"emergency\"")
            .replace("stage = \"close\"", "stage = \"deploy\"");
        let m = only(
            run(&Fixture::new().release(&none), super::check),
            "missing-tests",
        );
        assert_eq!(
            m[0].message,
            "stage = \"deploy\" (the entry criteria of stage, which emergency releases skip, are owed from deploy on) needs every test the emergency policy requires passed; missing: smoke at required"
        );
        let at_test = none.replace("stage = \"deploy\"", "stage = \"test\"");
        assert!(run(&Fixture::new().release(&at_test), super::check).is_empty());
    }

    #[test]
    fn the_latest_run_counts() {
        let text = GOOD.replacen(
            "[[defects]]",
            "[[tests]]\ncategory = \"regression\"\nlevel = \"full\"\nresult = \"failed\"\nat = 2026-03-11T09:00:00\npassed = 409\nfailed = 3\n\n[[tests]]\ncategory = \"accessibility\"\nresult = \"blocked\"\n\n[[defects]]",
            1,
        );
        let seen = run(&Fixture::new().release(&text), super::check);
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
        assert!(run(&Fixture::new().release(&rerun), super::check).is_empty());
    }

    #[test]
    fn defects_block_or_need_documenting() {
        let text = GOOD
            .replace(
                "id = \"DEF-305\"\nseverity = \"high\"\nstatus = \"fixed\"",
                "id = \"DEF-305\"\nseverity = \"high\"\nstatus = \"deferred\"",
            )
            .replace("defect = \"DEF-311\"\n", "")
            .replacen(
                "[[approvals]]",
                "[[defects]]\nid = \"DEF-320\"\nseverity = \"low\"\nstatus = \"fixed\"\n\n[[approvals]]",
                1,
            );
        let seen = run(&Fixture::new().release(&text), super::check);
        assert_eq!(seen.len(), 2, "{seen:#?}");
        assert_eq!(seen[0].rule, "open-blocking-defect");
        assert_eq!(seen[0].line, line_of(&text, "DEF-305", "status"));
        assert_eq!(
            seen[0].message,
            "stage = \"close\" needs no open critical or high defect; DEF-305 is high and deferred"
        );
        assert!(seen[0].help.contains("approved by CAB"));
        assert_eq!(seen[1].rule, "undocumented-defect");
        assert_eq!(seen[1].line, line_of(&text, "", "id = \"DEF-311\""));
        assert_eq!(
            seen[1].help,
            "add to releases/REL-2026-03-001/release.toml:\n[[known_issues]]\nsummary = \"…\"\nworkaround = \"…\"   # if there is one\ndefect = \"DEF-311\""
        );
    }
}

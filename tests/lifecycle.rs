//! The lifecycle rule families (plan, test, approval, deploy, train) run
//! through the real binary: every rule fires at the right line of the
//! `life-rules` fixture and nowhere else, the shipped example keeps them
//! all, `explain` documents them, and the release procedure's test matrix holds for the
//! four shipped policies.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// Every rule of the lifecycle families.
const LIFECYCLE_RULES: &[&str] = &[
    "invalid-version",
    "version-not-increasing",
    "change-not-approved",
    "change-in-multiple-releases",
    "too-many-changes",
    "missing-definition-field",
    "missing-runbook",
    "runbook-section-missing",
    "broken-link",
    "behind-schedule",
    "dependency-order",
    "missing-tests",
    "failed-tests",
    "open-blocking-defect",
    "undocumented-defect",
    "missing-approval",
    "approver-lacks-role",
    "self-approval",
    "approval-time-invalid",
    "promotion-order",
    "deployer-lacks-role",
    "missing-outcome",
    "missing-pir",
    "missing-incident",
    "train-gate-unmet",
    "train-approval-missing",
];

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn trainyard() -> Command {
    let mut cmd = Command::cargo_bin("trainyard").unwrap();
    cmd.env("NO_COLOR", "1").env("COLUMNS", "100");
    cmd
}

/// `lint --format json` on `root` as of `today`: exit code and report.
fn lint(root: &Path, today: &str) -> (i32, Value) {
    let out = trainyard()
        .args(["lint", "--format", "json", "--today", today, "--root"])
        .arg(root)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), doc)
}

/// The lifecycle diagnostics of a report.
fn lifecycle(doc: &Value) -> Vec<&Value> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| LIFECYCLE_RULES.contains(&d["rule"].as_str().unwrap()))
        .collect()
}

/// The 1-based line of the first line of `file` (in the fixture) that
/// contains `needle`, at or after the first line containing `after`.
fn line_of(root: &Path, file: &str, after: &str, needle: &str) -> u64 {
    let text = std::fs::read_to_string(root.join(file)).unwrap();
    let start = text.lines().position(|l| l.contains(after)).unwrap();
    let i = text
        .lines()
        .enumerate()
        .skip(start)
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("`{needle}` after `{after}` is not in {file}"));
    u64::try_from(i).unwrap() + 1
}

/// Where each rule must fire in `life-rules`: rule, file, and the text on
/// the line (the first line with it after the first line with the third
/// element). Every other release and train there keeps every lifecycle rule.
const EXPECTED: &[(&str, &str, &str, &str)] = &[
    (
        "invalid-version",
        "releases/REL-2030-03-002/release.toml",
        "",
        "version = \"2.4\"",
    ),
    (
        "change-not-approved",
        "releases/REL-2030-03-004/release.toml",
        "",
        "status = \"pending\"",
    ),
    (
        "change-in-multiple-releases",
        "releases/REL-2030-03-005/release.toml",
        "",
        "id = \"CHG-2030-03-001-1\"",
    ),
    (
        "too-many-changes",
        "releases/REL-2030-03-006/release.toml",
        "id = \"CHG-2030-03-006-20\"",
        "[[changes]]",
    ),
    (
        "missing-definition-field",
        "releases/REL-2030-03-007/release.toml",
        "",
        "id = \"REL-2030-03-007\"",
    ),
    (
        "missing-runbook",
        "releases/REL-2030-03-008/release.toml",
        "",
        "stage = ",
    ),
    (
        "runbook-section-missing",
        "releases/REL-2030-03-009/runbook.md",
        "",
        "# Runbook",
    ),
    (
        "broken-link",
        "releases/REL-2030-04-001/release.toml",
        "",
        "procedure = ",
    ),
    (
        "version-not-increasing",
        "releases/REL-2030-04-002/release.toml",
        "",
        "version = \"2.5.0\"",
    ),
    (
        "dependency-order",
        "releases/REL-2030-04-003/release.toml",
        "",
        "depends_on = ",
    ),
    (
        "missing-tests",
        "releases/REL-2030-04-005/release.toml",
        "",
        "stage = ",
    ),
    (
        "failed-tests",
        "releases/REL-2030-04-006/release.toml",
        "",
        "result = \"failed\"",
    ),
    (
        "open-blocking-defect",
        "releases/REL-2030-05-001/release.toml",
        "",
        "status = \"open\"",
    ),
    (
        "undocumented-defect",
        "releases/REL-2030-05-002/release.toml",
        "",
        "id = \"DEF-1\"",
    ),
    (
        "missing-approval",
        "releases/REL-2030-05-003/release.toml",
        "",
        "stage = ",
    ),
    (
        "approver-lacks-role",
        "releases/REL-2030-05-004/release.toml",
        "",
        "by = \"tom\"",
    ),
    (
        "self-approval",
        "releases/REL-2030-05-005/release.toml",
        "",
        "by = \"dave\"",
    ),
    (
        "approval-time-invalid",
        "releases/REL-2030-05-006/release.toml",
        "",
        "at = 2030-05-18T21:00:00",
    ),
    (
        "promotion-order",
        "releases/REL-2030-05-007/release.toml",
        "",
        "environment = \"production\"",
    ),
    (
        "deployer-lacks-role",
        "releases/REL-2030-05-008/release.toml",
        "environment = \"production\"",
        "by = \"jun\"",
    ),
    (
        "missing-outcome",
        "releases/REL-2030-06-001/release.toml",
        "",
        "stage = ",
    ),
    (
        "missing-pir",
        "releases/REL-2030-06-002/release.toml",
        "",
        "pir = ",
    ),
    (
        "missing-incident",
        "releases/REL-2030-06-003/release.toml",
        "",
        "type = ",
    ),
    (
        "behind-schedule",
        "releases/REL-2030-07-001/release.toml",
        "",
        "stage = ",
    ),
    (
        "train-gate-unmet",
        "releases/trains/2030-Q2.toml",
        "",
        "stage = ",
    ),
    (
        "train-gate-unmet",
        "releases/trains/2030-Q2.toml",
        "",
        "done = false",
    ),
    (
        "train-approval-missing",
        "releases/trains/2030-Q3.toml",
        "",
        "stage = ",
    ),
];

#[test]
fn every_lifecycle_rule_fires_at_its_line_and_nowhere_else() {
    let root = fixture("life-rules");
    let (code, doc) = lint(&root, "2030-06-30");
    assert_eq!(code, 1, "{doc:#}");
    let seen: BTreeSet<(String, String, u64)> = lifecycle(&doc)
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String, u64)> = EXPECTED
        .iter()
        .map(|(rule, file, after, needle)| {
            let line = line_of(&root, file, after, needle);
            (rule.to_string(), file.to_string(), line)
        })
        .collect();
    assert_eq!(seen, expected);
    let covered: BTreeSet<&str> = EXPECTED.iter().map(|(r, _, _, _)| *r).collect();
    for rule in LIFECYCLE_RULES {
        assert!(covered.contains(rule), "{rule} has no breaking fixture");
    }
    // Each finding names its release; train findings none.
    for d in lifecycle(&doc) {
        let file = d["file"].as_str().unwrap();
        match file.strip_prefix("releases/trains/") {
            Some(_) => assert!(d["release"].is_null(), "{d}"),
            None => assert_eq!(d["release"].as_str().unwrap(), &file[9..24], "{d}"),
        }
    }
}

#[test]
fn warnings_and_errors_are_as_documented() {
    let (_, doc) = lint(&fixture("life-rules"), "2030-06-30");
    for d in lifecycle(&doc) {
        let rule = d["rule"].as_str().unwrap();
        let expected = if rule == "too-many-changes" || rule == "behind-schedule" {
            "warning"
        } else {
            "error"
        };
        assert_eq!(d["severity"], expected, "{rule}");
        assert!(d["code"].as_str().unwrap().starts_with("TY"), "{rule}");
        assert!(
            !d["help"].as_str().unwrap_or("").is_empty(),
            "{rule} has no help"
        );
    }
}

#[test]
fn messages_say_what_to_add_where() {
    let (_, doc) = lint(&fixture("life-rules"), "2030-06-30");
    let mut text = String::new();
    for d in lifecycle(&doc) {
        text.push_str(&format!(
            "{}:{} {} ({})\n  {}\n  help: {}\n\n",
            d["file"].as_str().unwrap(),
            d["line"],
            d["rule"].as_str().unwrap(),
            d["severity"].as_str().unwrap(),
            d["message"].as_str().unwrap(),
            d["help"].as_str().unwrap().replace('\n', "\n        ")
        ));
    }
    insta::assert_snapshot!("life_rules_messages", text);
}

#[test]
fn a_later_today_changes_only_the_time_rules() {
    // Before any of the fixture's approvals, they are all in the future;
    // behind-schedule is measured against the same day.
    let (_, doc) = lint(&fixture("life-rules"), "2030-02-01");
    let rules: BTreeSet<&str> = lifecycle(&doc)
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains("approval-time-invalid"));
    assert!(!rules.contains("behind-schedule"), "{doc:#}");
}

#[test]
fn the_shipped_example_keeps_every_lifecycle_rule() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join("releases").is_dir() {
        // Only in a checkout without the example (never on main).
        return;
    }
    let (_, doc) = lint(root, "2026-11-24");
    let found = lifecycle(&doc);
    assert!(found.is_empty(), "{found:#?}");
    // A year on, slipping schedules may warn but nothing is an error.
    let (_, doc) = lint(root, "2027-11-24");
    let errors: Vec<_> = lifecycle(&doc)
        .into_iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn explain_documents_every_lifecycle_rule_with_broken_and_fixed_toml() {
    for rule in LIFECYCLE_RULES {
        let out = trainyard().args(["explain", rule]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{rule}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.starts_with(&format!("# {rule} (TY")), "{rule}: {text}");
        for part in [
            "## What it does",
            "## Why",
            "## Example",
            "Use instead",
            "```toml",
        ] {
            assert!(text.contains(part), "{rule} lacks {part}");
        }
    }
    let out = trainyard().arg("explain").output().unwrap();
    let list = String::from_utf8(out.stdout).unwrap();
    for family in ["plan", "test", "approval", "deploy", "train"] {
        assert!(
            list.lines().any(|l| l == family),
            "no {family} family in\n{list}"
        );
    }
}

// ---------------------------------------------------------------------------
// The release procedure's test matrix over the four shipped policies
// ---------------------------------------------------------------------------

/// One column of the release procedure's matrix: category and level.
type Evidence = &'static [(&'static str, &'static str)];

const PATCH: Evidence = &[
    ("smoke", "required"),
    ("functional-changed", "required"),
    ("functional-unchanged", "sample"),
    ("regression", "critical-paths"),
    ("integration", "affected"),
    ("security", "vulnerability-scan"),
];
const MINOR: Evidence = &[
    ("smoke", "required"),
    ("functional-changed", "required"),
    ("functional-unchanged", "required"),
    ("regression", "full"),
    ("integration", "all"),
    ("performance", "baseline"),
    ("security", "vulnerability-scan"),
];
const MAJOR: Evidence = &[
    ("smoke", "required"),
    ("functional-changed", "required"),
    ("functional-unchanged", "required"),
    ("regression", "full"),
    ("integration", "all"),
    ("performance", "full-load"),
    ("security", "penetration-test"),
];
const SMOKE: Evidence = &[("smoke", "required")];
const NONE: Evidence = &[];

/// (type, stage, evidence, what missing-tests lists; None when silent).
const MATRIX: &[(&str, &str, Evidence, Option<&str>)] = &[
    ("patch", "stage", PATCH, None),
    (
        "major",
        "stage",
        PATCH,
        Some(
            "functional-unchanged at required (the latest run is at sample), \
             regression at full (the latest run is at critical-paths), \
             integration at all (the latest run is at affected), \
             performance at full-load and \
             security at penetration-test (the latest run is at vulnerability-scan)",
        ),
    ),
    (
        "minor",
        "stage",
        PATCH,
        Some(
            "functional-unchanged at required (the latest run is at sample), \
             regression at full (the latest run is at critical-paths), \
             integration at all (the latest run is at affected) and \
             performance at baseline",
        ),
    ),
    ("minor", "stage", MINOR, None),
    (
        "major",
        "stage",
        MINOR,
        Some(
            "performance at full-load (the latest run is at baseline) and \
             security at penetration-test (the latest run is at vulnerability-scan)",
        ),
    ),
    ("major", "close", MAJOR, None),
    // A higher level satisfies a lower requirement.
    ("patch", "deploy", MAJOR, None),
    ("minor", "stage", MAJOR, None),
    // Emergency: minimum viable verification, owed from deploy (it skips stage).
    ("emergency", "deploy", SMOKE, None),
    ("emergency", "deploy", NONE, Some("smoke at required")),
    ("emergency", "test", NONE, None),
    // Before stage no evidence is owed.
    ("major", "test", NONE, None),
    (
        "patch",
        "stage",
        NONE,
        Some(
            "smoke at required, functional-changed at required, functional-unchanged at sample, \
         regression at critical-paths, integration at affected and security at vulnerability-scan",
        ),
    ),
];

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn matrix_release(id: &str, kind: &str, stage: &str, evidence: Evidence) -> String {
    let mut t = format!(
        "id = \"{id}\"\ntitle = \"Matrix row\"\nservice = \"billing\"\nversion = \"1.0.0\"\n\
         type = \"{kind}\"\nimpact = \"low\"\nstage = \"{stage}\"\nmanager = \"alice\"\n\n\
         [window]\nstart = 2030-09-07T20:00:00\nduration = \"2h\"\n"
    );
    for (category, level) in evidence {
        t.push_str(&format!(
            "\n[[tests]]\ncategory = \"{category}\"\nlevel = \"{level}\"\nresult = \"passed\"\nat = 2030-08-30T10:00:00\n"
        ));
    }
    t
}

#[test]
fn the_seed_test_matrix_holds_for_the_shipped_policies() {
    let dir = tempfile::tempdir().unwrap();
    // The shipped policies' values, as copied into the fixture.
    copy_dir(
        &fixture("life-rules/policies"),
        &dir.path().join("policies"),
    );
    for (i, (kind, stage, evidence, _)) in MATRIX.iter().enumerate() {
        let id = format!("REL-2030-09-{:03}", i + 1);
        let folder = dir.path().join("releases").join(&id);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("release.toml"),
            matrix_release(&id, kind, stage, evidence),
        )
        .unwrap();
    }
    let (_, doc) = lint(dir.path(), "2030-09-01");
    let missing: Vec<&Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "missing-tests")
        .collect();
    for (i, (kind, stage, _, want)) in MATRIX.iter().enumerate() {
        let id = format!("REL-2030-09-{:03}", i + 1);
        let got: Vec<&str> = missing
            .iter()
            .filter(|d| d["release"] == id.as_str())
            .map(|d| d["message"].as_str().unwrap())
            .collect();
        match want {
            None => assert!(got.is_empty(), "row {i} ({kind} at {stage}): {got:?}"),
            Some(list) => {
                assert_eq!(got.len(), 1, "row {i} ({kind} at {stage}): {got:?}");
                let (_, listed) = got[0].split_once("; missing: ").unwrap();
                assert_eq!(listed, *list, "row {i} ({kind} at {stage})");
            }
        }
    }
    // No failed runs here, so failed-tests stays silent.
    assert!(!doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["rule"] == "failed-tests"));
}

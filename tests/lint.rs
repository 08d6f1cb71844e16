//! `trainyard lint` on fixture repositories: each load rule fires where
//! it should, exit codes are right, and the shipped example is clean. The
//! output formats are in lint_formats.rs.

mod common;

use serde_json::Value;

use common::lint::*;
use common::{copy_dir, fixture, trainyard, TODAY};

#[test]
fn base_fixture_is_clean() {
    let (code, doc) = lint_json("base", &[]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["summary"]["errors"], 0);
    assert_eq!(doc["summary"]["releases"], 2);
}

#[test]
fn broken_files_each_get_their_finding_and_the_rest_still_loads() {
    let (code, doc) = lint_json("load-broken", &[]);
    assert_eq!(code, 1);
    let d = "releases/";
    assert_has(
        &doc,
        "parse-error",
        &format!("{d}REL-2030-03-003/release.toml"),
        2,
    );
    assert_has(
        &doc,
        "schema-error",
        &format!("{d}REL-2030-03-004/release.toml"),
        9,
    );
    assert_has(
        &doc,
        "parse-error",
        &format!("{d}REL-2030-03-005/release.toml"),
        2,
    );
    // A release that loads still gets its own findings.
    assert_has(
        &doc,
        "unknown-reference",
        &format!("{d}REL-2030-03-002/release.toml"),
        8,
    );
    assert_eq!(doc["summary"]["releases"], 5);
    let schema = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "schema-error")
        .unwrap();
    assert_eq!(schema["help"], "did you mean `rationale`?");
    assert_eq!(schema["release"], "REL-2030-03-004");
    // A file that cannot be parsed at all is named by its folder.
    let utf8 = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == "releases/REL-2030-03-005/release.toml")
        .unwrap();
    assert_eq!(utf8["release"], "REL-2030-03-005");
    assert_eq!(utf8["column"], 20);
}

#[test]
fn duplicate_id() {
    let (_, doc) = lint_json("load-duplicate-id", &[]);
    assert_has(
        &doc,
        "duplicate-id",
        "releases/REL-2030-03-003/release.toml",
        1,
    );
    assert_has(&doc, "duplicate-id", "releases/trains/2030-Q1-copy.toml", 1);
    assert_eq!(count(&doc, "duplicate-id"), 2);
}

#[test]
fn id_format() {
    let (_, doc) = lint_json("load-id-format", &[]);
    assert_has(&doc, "id-format", "releases/REL-2030-3-7/release.toml", 1);
    assert_has(
        &doc,
        "id-format",
        "releases/REL-2030-03-004/release.toml",
        1,
    );
    assert_eq!(count(&doc, "id-format"), 2);
}

#[test]
fn id_month_mismatch_is_a_warning() {
    let (code, doc) = lint_json("load-id-month-mismatch", &[]);
    assert_has(
        &doc,
        "id-month-mismatch",
        "releases/REL-2030-04-001/release.toml",
        1,
    );
    assert_eq!(code, 0, "a warning alone does not fail");
    let (code, _) = lint_json("load-id-month-mismatch", &["--deny-warnings"]);
    assert_eq!(code, 1);
}

#[test]
fn unknown_reference() {
    let (_, doc) = lint_json("load-unknown-reference", &[]);
    let f = "releases/REL-2030-03-003/release.toml";
    for line in [3, 5, 8, 9] {
        assert_has(&doc, "unknown-reference", f, line);
    }
    assert_has(&doc, "unknown-reference", "policies/services.toml", 12);
    let helps: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["help"].as_str())
        .collect();
    assert!(helps.contains(&"did you mean `billing`?"), "{helps:?}");
    assert!(helps.contains(&"did you mean `minor`?"), "{helps:?}");
    assert!(helps.contains(&"did you mean `olivia`?"), "{helps:?}");
}

#[test]
fn dependency_cycle_names_the_whole_cycle() {
    let (_, doc) = lint_json("load-dependency-cycle", &[]);
    assert_has(
        &doc,
        "dependency-cycle",
        "releases/REL-2030-03-001/release.toml",
        10,
    );
    assert_has(&doc, "dependency-cycle", "policies/services.toml", 4);
    let messages: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(messages
        .iter()
        .any(|m| m
            .contains("REL-2030-03-001 -> REL-2030-03-002 -> REL-2030-03-003 -> REL-2030-03-001")));
}

#[test]
fn exceptions_waive_only_with_reason_and_cab_and_report_the_rest() {
    let (code, doc) = lint_json("load-exceptions", &["--deny-warnings"]);
    let f = "releases/REL-2030-04-001/release.toml";
    // The valid exception waives id-month-mismatch.
    assert_eq!(count(&doc, "id-month-mismatch"), 0, "{doc:#}");
    assert_has(&doc, "unused-exception", f, 20);
    assert_has(&doc, "invalid-exception", f, 25);
    assert_has(&doc, "invalid-exception", f, 30);
    assert_eq!(code, 1);
}

#[test]
fn lint_severity_overrides_and_off() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("load-id-month-mismatch"), dir.path());
    std::fs::write(
        dir.path().join("trainyard.toml"),
        "[lint]\nid-month-mismatch = \"error\"\n",
    )
    .unwrap();
    let out = trainyard()
        .args(["lint", "--format", "json", "--today", TODAY, "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    std::fs::write(
        dir.path().join("trainyard.toml"),
        "[lint]\nid-month-mismatch = \"off\"\n",
    )
    .unwrap();
    let out = trainyard()
        .args([
            "lint",
            "--format",
            "json",
            "--deny-warnings",
            "--today",
            TODAY,
            "--root",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    std::fs::write(
        dir.path().join("trainyard.toml"),
        "[lint]\nid-month-mismatsh = \"off\"\n",
    )
    .unwrap();
    let out = trainyard()
        .args(["lint", "--format", "json", "--today", TODAY, "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_has(&doc, "schema-error", "trainyard.toml", 2);
    assert!(doc
        .to_string()
        .contains("did you mean `id-month-mismatch`?"));
}

#[test]
fn not_a_release_repository_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = trainyard()
        .args(["lint", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no releases/ or policies/ folder"), "{err}");
    let out = trainyard()
        .args(["lint", "--format", "yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn explain_lists_and_documents_rules() {
    let out = trainyard().args(["explain"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for rule in LOAD_RULES {
        assert!(text.contains(rule), "{rule} missing from explain");
    }
    let out = trainyard()
        .args(["explain", "schema-error"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("# schema-error (TY002)"));
    assert!(text.contains("Use instead"));
    let out = trainyard()
        .args(["explain", "schema-eror"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Did you mean `schema-error`?"));
}

/// Lints the repository's own shipped example on `today`.
fn lint_example(today: &str) -> (i32, Value) {
    let out = trainyard()
        .args([
            "lint",
            "--format",
            "json",
            "--today",
            today,
            "--root",
            env!("CARGO_MANIFEST_DIR"),
        ])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

#[test]
fn shipped_example_is_clean_now_and_has_no_errors_a_year_on() {
    let (code, doc) = lint_example("2026-11-24");
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["summary"]["errors"], 0, "{doc:#}");
    assert!(doc["summary"]["releases"].as_u64().unwrap() >= 12);
    for rule in LOAD_RULES {
        assert_eq!(count(&doc, rule), 0, "{rule} fires on the shipped example");
    }
    let (code, doc) = lint_example("2027-11-24");
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["summary"]["errors"], 0, "{doc:#}");
}

#[test]
fn malformed_times_are_schema_errors_at_the_value() {
    let (code, doc) = lint_json("load-times", &[]);
    assert_eq!(code, 1);
    assert_has(&doc, "schema-error", "policies/calendar.toml", 5);
    assert_has(&doc, "schema-error", "policies/calendar.toml", 12);
    assert_has(
        &doc,
        "schema-error",
        "releases/REL-2030-03-001/release.toml",
        12,
    );
    assert_has(
        &doc,
        "schema-error",
        "releases/REL-2030-03-002/release.toml",
        13,
    );
    assert_eq!(count(&doc, "schema-error"), 4, "{doc:#}");
}

#[test]
fn links_out_of_the_repository_are_reported_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    std::fs::create_dir_all(&root).unwrap();
    copy_dir(&fixture("base"), &root);
    let outside = dir.path().join("secret.toml");
    std::fs::write(&outside, "id = \"REL-2030-03-009\"\n").unwrap();
    let release = root.join("releases/REL-2030-03-009");
    std::fs::create_dir_all(&release).unwrap();
    std::os::unix::fs::symlink(&outside, release.join("release.toml")).unwrap();
    // A whole release folder linked from outside is not walked either.
    let outside_dir = dir.path().join("elsewhere");
    copy_dir(
        &fixture("base").join("releases/REL-2030-03-002"),
        &outside_dir,
    );
    std::os::unix::fs::symlink(&outside_dir, root.join("releases/REL-2030-03-010")).unwrap();
    // A link that stays inside the repository is read as usual.
    std::os::unix::fs::symlink(
        root.join("releases/REL-2030-03-001/release.toml"),
        root.join("releases/REL-2030-03-001/notes.md"),
    )
    .unwrap();
    let out = trainyard()
        .args(["lint", "--format", "json", "--today", TODAY, "--root"])
        .arg(&root)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_has(
        &doc,
        "parse-error",
        "releases/REL-2030-03-009/release.toml",
        1,
    );
    assert_has(&doc, "parse-error", "releases/REL-2030-03-010", 1);
    assert!(doc.to_string().contains("outside the repository"));
    assert_eq!(count(&doc, "parse-error"), 2, "{doc:#}");
    assert_eq!(
        doc["summary"]["releases"], 2,
        "linked files are not releases"
    );
}

//! `trainyard lint` on fixture repositories: each load rule fires where
//! it should, every output format parses back, exit codes are right.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

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

/// Runs lint with `--format json` and returns the exit code and document.
fn lint_json(name: &str, extra: &[&str]) -> (i32, Value) {
    let out = trainyard()
        .args([
            "lint",
            "--format",
            "json",
            "--today",
            "2026-11-24",
            "--root",
        ])
        .arg(fixture(name))
        .args(extra)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), doc)
}

/// The (rule, file, line) triples of a JSON report.
fn triples(doc: &Value) -> Vec<(String, String, u64)> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn assert_has(doc: &Value, rule: &str, file: &str, line: u64) {
    let t = triples(doc);
    assert!(
        t.iter()
            .any(|(r, f, l)| r == rule && f == file && *l == line),
        "expected {rule} at {file}:{line}, got {t:#?}"
    );
}

fn count(doc: &Value, rule: &str) -> usize {
    triples(doc).iter().filter(|(r, _, _)| r == rule).count()
}

const LOAD_RULES: [&str; 7] = [
    "parse-error",
    "schema-error",
    "duplicate-id",
    "id-format",
    "id-month-mismatch",
    "unknown-reference",
    "dependency-cycle",
];

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
        .args(["lint", "--format", "json", "--root"])
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
        .args(["lint", "--format", "json", "--deny-warnings", "--root"])
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
        .args(["lint", "--format", "json", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_has(&doc, "schema-error", "trainyard.toml", 2);
    assert!(doc
        .to_string()
        .contains("did you mean `id-month-mismatch`?"));
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
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
fn json_matches_the_documented_schema() {
    let (_, doc) = lint_json("load-broken", &[]);
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&doc), ["diagnostics", "summary", "version"]);
    assert_eq!(doc["version"], 1);
    assert_eq!(keys(&doc["summary"]), ["errors", "releases", "warnings"]);
    for d in doc["diagnostics"].as_array().unwrap() {
        assert_eq!(
            keys(d),
            [
                "code",
                "column",
                "end_column",
                "end_line",
                "file",
                "help",
                "line",
                "message",
                "release",
                "rule",
                "severity"
            ]
        );
        assert!(d["code"].as_str().unwrap().starts_with("TY"));
        assert!(["error", "warning"].contains(&d["severity"].as_str().unwrap()));
        for k in ["line", "column", "end_line", "end_column"] {
            assert!(d[k].as_u64().unwrap() >= 1);
        }
        assert!(!d["file"].as_str().unwrap().contains('\\'));
    }
}

fn lint_text(name: &str, format: &str) -> (i32, String) {
    let out = trainyard()
        .args([
            "lint",
            "--today",
            "2026-11-24",
            "--format",
            format,
            "--root",
        ])
        .arg(fixture(name))
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn sarif_has_the_2_1_0_shape() {
    let (_, text) = lint_text("load-broken", "sarif");
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "trainyard");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "parse-error"));
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    for r in results {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(r["partialFingerprints"]["trainyard/v1"].is_string());
    }
}

#[test]
fn junit_has_one_testcase_per_release() {
    let (_, text) = lint_text("load-broken", "junit");
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut cases = Vec::new();
    let mut failures = 0;
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                match e.name().as_ref() {
                    b"testcase" => {
                        let name = e.try_get_attribute("name").unwrap().unwrap();
                        cases.push(String::from_utf8(name.value.to_vec()).unwrap());
                    }
                    b"failure" => failures += 1,
                    _ => {}
                }
            }
            _ => {}
        }
    }
    assert_eq!(
        cases,
        [
            "REL-2030-03-001",
            "REL-2030-03-002",
            "REL-2030-03-003",
            "REL-2030-03-004",
            "REL-2030-03-005"
        ]
    );
    assert_eq!(failures, 4);
}

#[test]
fn gitlab_code_quality_has_unique_stable_fingerprints() {
    let (_, a) = lint_text("load-unknown-reference", "gitlab");
    let (_, b) = lint_text("load-unknown-reference", "gitlab");
    assert_eq!(a, b);
    let doc: Value = serde_json::from_str(&a).unwrap();
    let issues = doc.as_array().unwrap();
    assert_eq!(issues.len(), 5);
    let mut prints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    prints.sort();
    prints.dedup();
    assert_eq!(prints.len(), 5);
    for i in issues {
        assert_eq!(i["severity"], "major");
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn github_annotations() {
    let (_, text) = lint_text("load-broken", "github");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines.contains(
        &"::error file=releases/REL-2030-03-004/release.toml,line=9,col=1,endLine=9,endColumn=9,title=schema-error::unknown field `rationle`%0Ahelp: did you mean `rationale`?"
    ), "{text}");
}

#[test]
fn human_output_snapshot() {
    let (code, text) = lint_text("load-broken", "human");
    assert_eq!(code, 1);
    insta::assert_snapshot!("human_load_broken", text);
    let (_, text) = lint_text("load-exceptions", "human");
    insta::assert_snapshot!("human_load_exceptions", text);
}

#[test]
fn output_file_and_statistics() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.json");
    let out = trainyard()
        .args(["lint", "--format", "json", "--statistics", "--output-file"])
        .arg(&file)
        .arg("--root")
        .arg(fixture("load-unknown-reference"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let doc: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(doc["summary"]["errors"], 5);
    assert!(String::from_utf8_lossy(&out.stderr).contains("5 errors"));
    let (_, text) = {
        let out = trainyard()
            .args(["lint", "--statistics", "--root"])
            .arg(fixture("load-unknown-reference"))
            .output()
            .unwrap();
        (0, String::from_utf8(out.stdout).unwrap())
    };
    assert!(text.contains("     5  TY006  unknown-reference"), "{text}");
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
        .args(["lint", "--format", "json", "--root"])
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

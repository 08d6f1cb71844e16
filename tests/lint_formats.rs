//! `trainyard lint` output formats on fixture repositories: every format
//! parses back or has its documented shape, the human report matches its
//! snapshots, and reports can go to a file with statistics.

mod common;

use serde_json::Value;

use common::lint::*;
use common::{fixture, trainyard};

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
        .args([
            "lint",
            "--format",
            "json",
            "--statistics",
            "--today",
            "2026-11-24",
        ])
        .arg("--output-file")
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
            .args(["lint", "--statistics", "--today", "2026-11-24", "--root"])
            .arg(fixture("load-unknown-reference"))
            .output()
            .unwrap();
        (0, String::from_utf8(out.stdout).unwrap())
    };
    assert!(text.contains("     5  TY006  unknown-reference"), "{text}");
}

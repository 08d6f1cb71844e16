//! Helpers for `trainyard lint` tests (tests/lint.rs, tests/lint_formats.rs):
//! a JSON run on a fixture and assertions on its findings.

use serde_json::Value;

use super::{fixture, trainyard};

/// Runs lint with `--format json` and returns the exit code and document.
pub fn lint_json(name: &str, extra: &[&str]) -> (i32, Value) {
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
pub fn triples(doc: &Value) -> Vec<(String, String, u64)> {
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

pub fn assert_has(doc: &Value, rule: &str, file: &str, line: u64) {
    let t = triples(doc);
    assert!(
        t.iter()
            .any(|(r, f, l)| r == rule && f == file && *l == line),
        "expected {rule} at {file}:{line}, got {t:#?}"
    );
}

pub fn count(doc: &Value, rule: &str) -> usize {
    triples(doc).iter().filter(|(r, _, _)| r == rule).count()
}

pub const LOAD_RULES: [&str; 7] = [
    "parse-error",
    "schema-error",
    "duplicate-id",
    "id-format",
    "id-month-mismatch",
    "unknown-reference",
    "dependency-cycle",
];

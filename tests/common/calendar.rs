//! Helpers for the calendar rule tests (tests/calendar.rs,
//! tests/calendar_dst.rs): a JSON lint run on a fixture on a given day and
//! lookups of its findings by rule, release and line.

use std::path::PathBuf;

use serde_json::Value;

use super::{fixture, root, trainyard};

/// The repository itself, with its shipped example.
pub fn shipped() -> PathBuf {
    root()
}

/// `lint --format json --today TODAY` on a fixture: exit code and document.
pub fn lint(name: &str, today: &str) -> (i32, Value) {
    let out = trainyard()
        .args(["lint", "--format", "json", "--today", today, "--root"])
        .arg(fixture(name))
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), doc)
}

/// The diagnostics of one rule.
pub fn of_rule<'a>(doc: &'a Value, rule: &str) -> Vec<&'a Value> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .collect()
}

/// The 1-based line of the first line containing `needle` in a fixture file.
pub fn line_of(name: &str, file: &str, needle: &str) -> u64 {
    let text = std::fs::read_to_string(fixture(name).join(file)).unwrap();
    let i = text
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in {file}"));
    i as u64 + 1
}

/// The diagnostic of `rule` on the line of `needle` in a release's file.
pub fn finding<'a>(doc: &'a Value, fx: &str, rule: &str, id: &str, needle: &str) -> &'a Value {
    let file = format!("releases/{id}/release.toml");
    let line = line_of(fx, &file, needle);
    of_rule(doc, rule)
        .into_iter()
        .find(|d| d["file"] == file.as_str() && d["line"] == line)
        .unwrap_or_else(|| {
            let all: Vec<String> = doc["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| format!("{} {}:{} {}", d["rule"], d["file"], d["line"], d["message"]))
                .collect();
            panic!("expected {rule} at {file}:{line}, got {all:#?}")
        })
}

/// The release ids with a finding of `rule`, sorted.
pub fn ids(doc: &Value, rule: &str) -> Vec<String> {
    let mut v: Vec<String> = of_rule(doc, rule)
        .iter()
        .map(|d| d["release"].as_str().unwrap_or("").to_string())
        .collect();
    v.sort();
    v
}

pub fn message(d: &Value) -> &str {
    d["message"].as_str().unwrap()
}

pub const START: &str = "start = ";

//! `--format sarif`: SARIF 2.1.0, for code scanning (GitHub and others).

use serde_json::{json, Value};

use super::{fingerprints, locate};
use crate::diagnostic::{Rule, Severity};
use crate::load::Repo;
use crate::rules::Outcome;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

pub fn render(repo: &Repo, outcome: &Outcome) -> String {
    let rules = Rule::ALL;
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|r| {
            let (summary, doc) = (r.summary(), r.doc());
            json!({
                "id": r.name(),
                "name": r.code(),
                "shortDescription": { "text": summary },
                "fullDescription": { "text": summary },
                "help": { "text": doc, "markdown": doc },
                "defaultConfiguration": { "level": level(r.default_severity()) },
                "properties": { "tags": [r.family().name()], "code": r.code() }
            })
        })
        .collect();
    let prints = fingerprints(repo, &outcome.findings);
    let results: Vec<Value> = outcome
        .findings
        .iter()
        .zip(prints)
        .map(|(f, print)| {
            let (path, start, end) = locate(repo, f);
            let mut text = f.message.clone();
            if let Some(help) = &f.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": path, "uriBaseId": "%SRCROOT%" },
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.column,
                            "endLine": end.line,
                            "endColumn": end.column
                        }
                    }
                }],
                "partialFingerprints": { "trainyard/v1": print }
            });
            if let Some(i) = rules.iter().position(|r| *r == f.rule) {
                result["ruleIndex"] = json!(i);
            }
            if let Some(id) = &f.release {
                result["properties"] = json!({ "release": id });
            }
            result
        })
        .collect();
    let mut doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "trainyard",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": descriptors
            }},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "The release repository's root" } } },
            "results": results
        }]
    });
    // What a file that did not load kept from being checked: notes on the
    // run, not results.
    if !outcome.not_checked.is_empty() {
        let notes: Vec<serde_json::Value> = outcome
            .not_checked
            .iter()
            .map(|n| {
                json!({
                    "level": "note",
                    "message": { "text": n.note },
                    "locations": [{ "physicalLocation": { "artifactLocation": {
                        "uri": n.file, "uriBaseId": "%SRCROOT%"
                    } } }]
                })
            })
            .collect();
        doc["runs"][0]["invocations"] = json!([{
            "executionSuccessful": true,
            "toolExecutionNotifications": notes
        }]);
    }
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

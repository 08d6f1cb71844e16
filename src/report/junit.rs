//! `--format junit`: JUnit XML with one test case per release (and one per
//! other file that has findings), for CI test dashboards.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::locate;
use crate::diagnostic::{Finding, Severity};
use crate::load::Repo;
use crate::model::FileId;
use crate::rules::Outcome;

/// Escapes text for XML content and attribute values.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

struct Case<'a> {
    name: String,
    file: &'a str,
    findings: Vec<&'a Finding>,
}

pub fn render(repo: &Repo, outcome: &Outcome) -> String {
    // One case per release folder, keyed by its release.toml.
    let mut releases: BTreeMap<FileId, Case> = repo
        .release_dirs
        .iter()
        .map(|(dir, file)| {
            let name = repo
                .releases
                .iter()
                .find(|r| r.file == *file)
                .map_or_else(|| dir.clone(), |r| r.id().to_string());
            (
                *file,
                Case {
                    name,
                    file: repo.path(*file),
                    findings: Vec::new(),
                },
            )
        })
        .collect();
    let by_name: std::collections::HashMap<String, FileId> = releases
        .iter()
        .map(|(file, c)| (c.name.clone(), *file))
        .collect();
    let mut others: BTreeMap<&str, Case> = BTreeMap::new();
    for f in &outcome.findings {
        // A release's runbook findings belong to the release.
        let by_release = f
            .release
            .as_deref()
            .and_then(|id| by_name.get(id))
            .and_then(|file| releases.get_mut(file));
        match by_release {
            Some(case) => case.findings.push(f),
            None => {
                let path = repo.path(f.file);
                others
                    .entry(path)
                    .or_insert_with(|| Case {
                        name: path.to_string(),
                        file: path,
                        findings: Vec::new(),
                    })
                    .findings
                    .push(f);
            }
        }
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let cases: Vec<(&str, Vec<&Case>)> = vec![
        ("releases", releases.values().collect()),
        ("repository", others.values().collect()),
    ];
    let total: usize = cases.iter().map(|(_, c)| c.len()).sum();
    let failing = |c: &Case| c.findings.iter().any(|f| f.severity == Severity::Error);
    let failures: usize = cases
        .iter()
        .map(|(_, c)| c.iter().filter(|c| failing(c)).count())
        .sum();
    let _ = writeln!(
        out,
        "<testsuites name=\"trainyard\" tests=\"{total}\" failures=\"{failures}\">"
    );
    for (suite, list) in cases {
        let f = list.iter().filter(|c| failing(c)).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{suite}\" tests=\"{}\" failures=\"{f}\">",
            list.len()
        );
        for case in list {
            let _ = write!(
                out,
                "    <testcase classname=\"{suite}\" name=\"{}\" file=\"{}\"",
                xml(&case.name),
                xml(case.file)
            );
            if case.findings.is_empty() {
                out.push_str("/>\n");
                continue;
            }
            out.push_str(">\n");
            let details = |sev: Severity| {
                case.findings
                    .iter()
                    .filter(|f| f.severity == sev)
                    .map(|f| {
                        let (path, start, _) = locate(repo, f);
                        let help = f
                            .help
                            .as_deref()
                            .map(|h| format!(" (help: {h})"))
                            .unwrap_or_default();
                        format!(
                            "{path}:{}:{}: {} [{}]{help}",
                            start.line, start.column, f.message, f.rule
                        )
                    })
                    .collect::<Vec<_>>()
            };
            let errors = details(Severity::Error);
            if !errors.is_empty() {
                let _ = writeln!(
                    out,
                    "      <failure message=\"{}\" type=\"trainyard\">{}</failure>",
                    xml(&super::plural(errors.len(), "error")),
                    xml(&errors.join("\n"))
                );
            }
            let warnings = details(Severity::Warning);
            if !warnings.is_empty() {
                let _ = writeln!(
                    out,
                    "      <system-out>{}</system-out>",
                    xml(&warnings.join("\n"))
                );
            }
            out.push_str("    </testcase>\n");
        }
        // What a file that did not load kept from being checked, with the
        // repository's own files.
        if suite == "repository" && !outcome.not_checked.is_empty() {
            let notes: Vec<&str> = outcome
                .not_checked
                .iter()
                .map(|n| n.note.as_str())
                .collect();
            let _ = writeln!(
                out,
                "    <system-out>{}</system-out>",
                xml(&notes.join("\n"))
            );
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

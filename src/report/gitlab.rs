//! `--format gitlab`: GitLab Code Quality report (a JSON array).

use serde::Serialize;

use super::{fingerprints, locate};
use crate::diagnostic::Severity;
use crate::load::Repo;
use crate::rules::Outcome;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

pub fn render(repo: &Repo, outcome: &Outcome) -> String {
    let prints = fingerprints(repo, &outcome.findings);
    let issues: Vec<Issue> = outcome
        .findings
        .iter()
        .zip(prints)
        .map(|(f, fingerprint)| {
            let (path, start, end) = locate(repo, f);
            Issue {
                description: format!("{}: {}", f.rule, f.message),
                check_name: f.rule.name(),
                fingerprint,
                severity: match f.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                location: Location {
                    path,
                    lines: Lines {
                        begin: start.line,
                        end: end.line,
                    },
                },
            }
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&issues).unwrap_or_default();
    s.push('\n');
    s
}

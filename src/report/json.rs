//! `--format json`: the stable machine format (version 1).

use serde::Serialize;

use super::{locate, release_count};
use crate::diagnostic::Severity;
use crate::load::Repo;
use crate::rules::Outcome;

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    summary: Summary<'a>,
    diagnostics: Vec<Diagnostic<'a>>,
}

#[derive(Serialize)]
struct Summary<'a> {
    errors: usize,
    warnings: usize,
    releases: usize,
    /// What was not checked because a file did not load (left out when
    /// every file loaded).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    not_checked: &'a [crate::rules::unloaded::NotChecked],
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    rule: &'a str,
    code: &'a str,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    release: Option<&'a str>,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

pub fn render(repo: &Repo, outcome: &Outcome) -> String {
    let diagnostics = outcome
        .findings
        .iter()
        .map(|f| {
            let (file, start, end) = locate(repo, f);
            Diagnostic {
                rule: f.rule.name(),
                code: f.rule.code(),
                severity: f.severity,
                message: &f.message,
                help: f.help.as_deref(),
                release: f.release.as_deref(),
                file,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
            }
        })
        .collect();
    let doc = Doc {
        version: 1,
        summary: Summary {
            errors: outcome.count(Severity::Error),
            warnings: outcome.count(Severity::Warning),
            releases: release_count(repo),
            not_checked: &outcome.not_checked,
        },
        diagnostics,
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

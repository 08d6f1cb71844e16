//! `--format json`: the stable machine format (version 1).

use serde::{Serialize, Serializer};

use super::{locate, release_count};
use crate::diagnostic::{Finding, Severity};
use crate::load::Repo;
use crate::rules::Outcome;

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    summary: Summary<'a>,
    diagnostics: Diagnostics<'a>,
}

/// The findings, each turned into its [`Diagnostic`] only as it is written.
struct Diagnostics<'a> {
    repo: &'a Repo,
    findings: &'a [Finding],
}

impl Serialize for Diagnostics<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.findings.iter().map(|f| diagnostic(self.repo, f)))
    }
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

fn diagnostic<'a>(repo: &'a Repo, f: &'a Finding) -> Diagnostic<'a> {
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
}

/// Writes the report to `out` as each finding is formatted, without a
/// copy of the whole report in memory.
pub fn write(repo: &Repo, outcome: &Outcome, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let doc = Doc {
        version: 1,
        summary: Summary {
            errors: outcome.count(Severity::Error),
            warnings: outcome.count(Severity::Warning),
            releases: release_count(repo),
            not_checked: &outcome.not_checked,
        },
        diagnostics: Diagnostics {
            repo,
            findings: &outcome.findings,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

pub fn render(repo: &Repo, outcome: &Outcome) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write(repo, outcome, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Rule;

    /// A writer that takes at most a few bytes at a time, as a pipe may.
    struct Trickle(Vec<u8>);

    impl std::io::Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let n = buf.len().min(3);
            self.0.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn written_report_is_the_rendered_one() {
        let mut repo = Repo::default();
        repo.files.push(crate::model::SourceFile::new(
            "releases/R/release.toml",
            "id = \"R\"\ntitle = \"\u{e9}\"\n".to_string(),
        ));
        repo.release_dirs.push(("R".into(), 0));
        let outcome = Outcome {
            findings: vec![
                Finding::new(Rule::ParseError, 0, 10..21, "a \"quoted\" message").help("do this"),
                Finding::new(Rule::SchemaError, 0, 0..2, "second").release("R"),
            ],
            ..Outcome::default()
        };
        let mut out = Trickle(Vec::new());
        write(&repo, &outcome, &mut out).unwrap();
        let written = String::from_utf8(out.0).unwrap();
        assert_eq!(written, render(&repo, &outcome));
        assert!(written.ends_with("}\n"));
        let doc: serde_json::Value = serde_json::from_str(&written).unwrap();
        assert_eq!(doc["diagnostics"][1]["release"], "R");
        assert_eq!(doc["diagnostics"][0]["line"], 2);
    }
}

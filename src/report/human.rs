//! `--format human`: miette's graphical report, one per finding, with the
//! offending value underlined and the help under it; then a summary line.

use std::collections::BTreeMap;
use std::fmt::Write;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::{plural, release_count};
use crate::diagnostic::{Rule, Severity};
use crate::load::Repo;
use crate::rules::Outcome;

/// How to draw the report.
#[derive(Clone, Debug)]
pub struct Style {
    pub color: bool,
    /// Terminal width to wrap at.
    pub width: usize,
    /// Print per-rule counts after the findings.
    pub statistics: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            width: 100,
            statistics: false,
        }
    }
}

pub fn render(repo: &Repo, outcome: &Outcome, style: &Style) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write(repo, outcome, style, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the report to `out` one finding at a time, each drawn into one
/// reused buffer.
pub fn write(
    repo: &Repo,
    outcome: &Outcome,
    style: &Style,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_context_lines(1);
    let mut buf = String::new();
    for f in &outcome.findings {
        buf.clear();
        let file = &repo.files[f.file];
        let span = file.clamp(&f.span);
        let code = format!("{}({})", f.rule.name(), f.rule.code());
        let mut diag = MietteDiagnostic::new(f.message.clone())
            .with_code(code)
            .with_severity(match f.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
            })
            .with_label(LabeledSpan::new_primary_with_span(
                None,
                span.start..span.end,
            ));
        for (range, text) in &f.labels {
            let r = file.clamp(range);
            diag = diag.and_label(LabeledSpan::new_with_span(
                Some(text.clone()),
                r.start..r.end,
            ));
        }
        if let Some(help) = &f.help {
            diag = diag.with_help(help.clone());
        }
        // The file's text is lent to the drawing rather than copied into a
        // `miette::Report`, whose hook would also ask the terminal for its
        // size for every finding.
        let sourced = Sourced {
            diag: &diag,
            source: Named {
                name: &file.path,
                text: &file.text,
            },
        };
        if handler.render_report(&mut buf, &sourced).is_err() {
            // Rendering into a String cannot fail; keep the plain line anyway.
            let _ = writeln!(buf, "{}: {} [{}]", file.path, f.message, f.rule);
        }
        buf.push('\n');
        out.write_all(buf.as_bytes())?;
    }
    if style.statistics {
        out.write_all(statistics(outcome).as_bytes())?;
    }
    out.write_all(summary(repo, outcome).as_bytes())
}

/// A file's text under its path, borrowed.
struct Named<'a> {
    name: &'a str,
    text: &'a str,
}

impl SourceCode for Named<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// A diagnostic with the source it points into.
struct Sourced<'a> {
    diag: &'a MietteDiagnostic,
    source: Named<'a>,
}

impl std::fmt::Debug for Sourced<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.diag.fmt(f)
    }
}

impl std::fmt::Display for Sourced<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.diag, f)
    }
}

impl std::error::Error for Sourced<'_> {}

impl Diagnostic for Sourced<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.diag.code()
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.diag.severity()
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.diag.help()
    }

    fn url<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.diag.url()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.diag.labels()
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
}

/// Per-rule counts, most frequent first.
fn statistics(outcome: &Outcome) -> String {
    let mut counts: BTreeMap<(&str, Severity), usize> = BTreeMap::new();
    for f in &outcome.findings {
        *counts.entry((f.rule.name(), f.severity)).or_default() += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = String::new();
    for ((rule, sev), n) in rows {
        let code = Rule::from_name(rule).map_or("", Rule::code);
        let _ = writeln!(out, "{n:>6}  {code:<6} {rule:<28} {sev}");
    }
    for (what, map) in [
        ("waived by exceptions", &outcome.waived),
        ("turned off in [lint]", &outcome.disabled),
    ] {
        for (rule, n) in map {
            let _ = writeln!(
                out,
                "{n:>6}  {:<6} {rule:<28} {what}",
                Rule::from_name(rule).map_or("", Rule::code)
            );
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// The summary at the end: one line of counts, then one line for each file
/// that did not load and what was not checked against it.
pub fn summary(repo: &Repo, outcome: &Outcome) -> String {
    let mut out = counts(repo, outcome);
    for n in &outcome.not_checked {
        out.push_str(&format!("trainyard: {}\n", n.note));
    }
    out
}

/// The line of counts.
fn counts(repo: &Repo, outcome: &Outcome) -> String {
    let errors = outcome.count(Severity::Error);
    let warnings = outcome.count(Severity::Warning);
    let releases = plural(release_count(repo), "release");
    let waived: usize = outcome.waived.values().sum();
    let waived = if waived > 0 {
        format!(" ({} waived by exceptions)", plural(waived, "finding"))
    } else {
        String::new()
    };
    match (errors, warnings) {
        (0, 0) => format!("trainyard: {releases} checked, no problems{waived}\n"),
        _ => format!(
            "trainyard: {} and {} in {releases}{waived}\n",
            plural(errors, "error"),
            plural(warnings, "warning")
        ),
    }
}

//! `--format github`: GitHub Actions workflow commands, which show as
//! annotations on the pull request's changed lines.

use std::fmt::Write;

use super::locate;
use crate::diagnostic::Severity;
use crate::load::Repo;
use crate::rules::Outcome;

/// Escapes the message part of a workflow command.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(repo: &Repo, outcome: &Outcome) -> String {
    let mut out = String::new();
    for f in &outcome.findings {
        let (file, start, end) = locate(repo, f);
        let kind = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = f.message.clone();
        if let Some(help) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let _ = writeln!(
            out,
            "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(file),
            start.line,
            start.column,
            end.line,
            end.column,
            property(f.rule.name()),
            data(&message)
        );
    }
    // What a file that did not load kept from being checked.
    for n in &outcome.not_checked {
        let _ = writeln!(
            out,
            "::notice file={},title=not checked::{}",
            property(&n.file),
            data(&n.note)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_actions_expects() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}

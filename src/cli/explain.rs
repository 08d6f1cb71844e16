//! `trainyard explain`: rule documentation and the file format reference.

use std::fmt::Write;

use clap::Args;

use super::{emit, Error, ExitStatus};
use crate::diagnostic::{Family, Rule};

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule name or code (`blackout`, `TY202`), or `schema` for the file
    /// formats. Leave out to list every rule.
    pub topic: Option<String>,
}

/// The reference of every file format.
pub const SCHEMA: &str = include_str!("schema.md");

pub fn run(args: &ExplainArgs) -> Result<ExitStatus, Error> {
    let text = match args.topic.as_deref() {
        None => list(),
        Some("schema") => SCHEMA.to_string(),
        Some(topic) => {
            let rule = Rule::ALL
                .iter()
                .find(|r| r.name() == topic || r.code().eq_ignore_ascii_case(topic));
            match rule {
                Some(r) => format!(
                    "# {} ({})\n\n{}\nFamily: {}. Default severity: {}.\n\n{}",
                    r.name(),
                    r.code(),
                    r.summary(),
                    r.family(),
                    r.default_severity(),
                    r.doc()
                ),
                None => {
                    let hint = Rule::suggest(topic)
                        .map(|s| format!(" Did you mean `{s}`?"))
                        .unwrap_or_default();
                    return Err(miette::miette!(
                        "`{topic}` is not a rule.{hint} Run `trainyard explain` to list the rules."
                    ));
                }
            }
        }
    };
    emit(None, &text)?;
    Ok(ExitStatus::Success)
}

fn list() -> String {
    let mut out = String::new();
    for family in Family::ALL {
        let _ = writeln!(out, "\n{family}");
        for r in Rule::ALL.iter().filter(|r| r.family() == family) {
            let _ = writeln!(
                out,
                "  {:<6} {:<28} {:<8} {}",
                r.code(),
                r.name(),
                r.default_severity(),
                r.summary()
            );
        }
    }
    out.push_str("\n`trainyard explain RULE` shows a rule's documentation; `trainyard explain schema` the file formats.\n");
    out.trim_start().to_string()
}

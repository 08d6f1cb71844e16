//! Findings: what a rule reports, pointing into the source it came from,
//! and the severities a finding can have.

use std::fmt;
use std::ops::Range;

use serde::Serialize;

use super::Rule;
use crate::model::FileId;

/// How serious a finding is. `Error` fails `lint`; `Warning` does not
/// (unless `--deny-warnings`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What `[lint]` in trainyard.toml may set a rule to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    /// The rule does not run; its findings are counted as disabled.
    Off,
}

impl Level {
    /// The level written as `text` in trainyard.toml.
    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "error" => Some(Level::Error),
            "warning" => Some(Level::Warning),
            "off" => Some(Level::Off),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// One problem found in the repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule that found it.
    pub rule: Rule,
    /// Filled from the rule's default and `[lint]` by the engine.
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// The release the finding belongs to, as written in its file (or its
    /// folder name when the file cannot be read).
    pub release: Option<String>,
    pub file: FileId,
    /// Byte range of the offending value in `file`.
    pub span: Range<usize>,
    /// Further places in the same file worth pointing at.
    pub labels: Vec<(Range<usize>, String)>,
}

impl Finding {
    /// A finding of `rule` at `span` in `file`, at the rule's default severity.
    pub fn new(rule: Rule, file: FileId, span: Range<usize>, message: impl Into<String>) -> Self {
        Finding {
            rule,
            severity: rule.default_severity(),
            message: message.into(),
            help: None,
            release: None,
            file,
            span,
            labels: Vec::new(),
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn release(mut self, id: impl Into<String>) -> Self {
        self.release = Some(id.into());
        self
    }

    pub fn label(mut self, span: Range<usize>, text: impl Into<String>) -> Self {
        self.labels.push((span, text.into()));
        self
    }
}

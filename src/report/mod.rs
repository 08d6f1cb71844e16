//! Output formats for findings: for people (`human`) and for CI (`json`,
//! `github`, `sarif`, `junit`, `gitlab`).

mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod sarif;

use crate::diagnostic::Finding;
use crate::load::Repo;
use crate::model::Position;
use crate::rules::Outcome;

pub use human::{summary, Style};

/// The formats `lint` and `check` can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
    Sarif,
    Junit,
    Gitlab,
}

/// Renders `outcome` in `format`.
pub fn render(format: Format, repo: &Repo, outcome: &Outcome, style: &Style) -> String {
    match format {
        Format::Human => human::render(repo, outcome, style),
        Format::Json => json::render(repo, outcome),
        Format::Github => github::render(repo, outcome),
        Format::Sarif => sarif::render(repo, outcome),
        Format::Junit => junit::render(repo, outcome),
        Format::Gitlab => gitlab::render(repo, outcome),
    }
}

/// Writes `outcome` in `format` to `out`. JSON and the human report are
/// written as they are formatted (a large report never sits whole in
/// memory); the other formats are rendered first.
pub fn write(
    format: Format,
    repo: &Repo,
    outcome: &Outcome,
    style: &Style,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Json => json::write(repo, outcome, out),
        Format::Human => human::write(repo, outcome, style, out),
        _ => out.write_all(render(format, repo, outcome, style).as_bytes()),
    }
}

/// Where a finding is: path, start and end positions.
pub fn locate<'a>(repo: &'a Repo, f: &Finding) -> (&'a str, Position, Position) {
    let file = &repo.files[f.file];
    let span = file.clamp(&f.span);
    let (start, end) = file.range(&span);
    (&file.path, start, end)
}

/// Number of releases, for summaries: every release folder, parsed or not.
pub fn release_count(repo: &Repo) -> usize {
    repo.release_dirs.len()
}

/// A stable fingerprint of a finding that does not change when lines
/// move: rule, file, release and message, plus an occurrence number that
/// tells identical findings apart. FNV-1a, written out so it never
/// changes with a dependency.
pub fn fingerprints(repo: &Repo, findings: &[Finding]) -> Vec<String> {
    let mut seen = std::collections::HashMap::new();
    findings
        .iter()
        .map(|f| {
            let key = format!(
                "{}\u{0}{}\u{0}{}\u{0}{}",
                f.rule,
                repo.path(f.file),
                f.release.as_deref().unwrap_or(""),
                f.message
            );
            let n: &mut u32 = seen.entry(key.clone()).or_default();
            *n += 1;
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for b in key.bytes().chain(n.to_le_bytes()) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            format!("{h:016x}")
        })
        .collect()
}

/// "1 error", "2 warnings".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

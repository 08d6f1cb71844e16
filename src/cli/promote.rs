//! `trainyard promote ID --to STAGE`: move a release (or a train) one
//! legal step, after checking the new stage's entry criteria.
//!
//! The criteria are lint's own rules: the repository is checked as it is
//! and again with the stage changed in memory, and an error that the move
//! brings in (a rule firing more often on the release than before) refuses
//! the move. Only then is the file edited, with toml_edit, so that every
//! comment and the layout stay byte for byte; only the stage value changes.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use chrono::NaiveDate;
use clap::Args;

use super::{emit, load_repo, today, Error, ExitStatus};
use crate::diagnostic::{Finding, Rule, Severity};
use crate::load::Repo;
use crate::model::{FileId, Spanned, Stage, TrainStage};
use crate::report::locate;
use crate::resolve::{CheckOptions, Resolved};
use crate::rules::{self};

#[derive(Debug, Args)]
pub struct PromoteArgs {
    /// The release id (or a train's name).
    pub id: String,
    /// The stage to move to.
    #[arg(long, value_name = "STAGE")]
    pub to: String,
    /// Show the change as a diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The date rules treat as today (default: today in the calendar's time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}

/// What is being moved.
struct Target {
    /// How messages name it: the release id or `train NAME`.
    name: String,
    file: FileId,
    from: String,
    to: String,
    /// The legal next stages, for messages.
    legal: Vec<String>,
    /// A copy of the repository with the stage changed.
    moved: Repo,
    /// Findings for this target: by release id, or by file for a train.
    release: Option<String>,
}

impl Target {
    fn owns(&self, f: &Finding) -> bool {
        match &self.release {
            Some(id) => f.release.as_deref() == Some(id),
            None => f.file == self.file,
        }
    }
}

fn target(repo: &Repo, args: &PromoteArgs) -> Result<Target, Error> {
    if let Some(r) = repo
        .releases
        .iter()
        .find(|r| r.id() == args.id || r.dir == args.id)
    {
        let to = Stage::parse(&args.to).ok_or_else(|| {
            let names: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
            miette::miette!("`{}` is not a stage: {}", args.to, names.join(", "))
        })?;
        let skips = repo
            .policies
            .get(r.def.kind.get_ref())
            .map(|p| p.def.skips())
            .unwrap_or_default();
        let from = *r.def.stage.get_ref();
        let mut moved = repo.clone();
        if let Some(m) = moved.releases.iter_mut().find(|m| m.file == r.file) {
            m.def.stage = Spanned::new(r.def.stage.span(), to);
        }
        return Ok(Target {
            name: r.id().to_string(),
            file: r.file,
            from: from.as_str().into(),
            to: to.as_str().into(),
            legal: from
                .next_stages(&skips)
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
            moved,
            release: Some(r.id().to_string()),
        });
    }
    if let Some(t) = repo
        .trains
        .iter()
        .find(|t| t.def.name.get_ref() == &args.id || t.stem == args.id)
    {
        let to = TrainStage::ALL
            .into_iter()
            .find(|s| s.as_str() == args.to)
            .ok_or_else(|| {
                let names: Vec<&str> = TrainStage::ALL.iter().map(|s| s.as_str()).collect();
                miette::miette!("`{}` is not a train stage: {}", args.to, names.join(", "))
            })?;
        let from = *t.def.stage.get_ref();
        let next = TrainStage::ALL
            .iter()
            .position(|s| *s == from)
            .and_then(|i| TrainStage::ALL.get(i + 1));
        let mut moved = repo.clone();
        if let Some(m) = moved.trains.iter_mut().find(|m| m.file == t.file) {
            m.def.stage = Spanned::new(t.def.stage.span(), to);
        }
        return Ok(Target {
            name: format!("train {}", t.def.name.get_ref()),
            file: t.file,
            from: from.as_str().into(),
            to: to.as_str().into(),
            legal: next.map(|s| s.as_str().to_string()).into_iter().collect(),
            moved,
            release: None,
        });
    }
    let ids = repo
        .releases
        .iter()
        .map(|r| r.id())
        .chain(repo.trains.iter().map(|t| t.def.name.get_ref().as_str()));
    let hint = crate::suggest::closest(&args.id, ids)
        .map(|s| format!(" Did you mean {s}?"))
        .unwrap_or_default();
    Err(miette::miette!(
        "there is no release or train `{}` in {}.{hint}",
        args.id,
        repo.root.display()
    ))
}

/// Error findings for the target, by rule.
fn errors<'a>(t: &Target, findings: &'a [Finding]) -> BTreeMap<&'static str, Vec<&'a Finding>> {
    let mut by_rule: BTreeMap<&'static str, Vec<&Finding>> = BTreeMap::new();
    for f in findings
        .iter()
        .filter(|f| f.severity == Severity::Error && t.owns(f))
    {
        by_rule.entry(f.rule.name()).or_default().push(f);
    }
    by_rule
}

/// One finding as a line or two for the terminal.
fn describe(repo: &Repo, f: &Finding) -> String {
    let (path, start, _) = locate(repo, f);
    let mut s = format!("  - {} [{}] ({path}:{})\n", f.message, f.rule, start.line);
    if let Some(h) = &f.help {
        // Help often holds TOML to paste: indent it under the finding.
        let mut lines = h.lines();
        let _ = writeln!(s, "    help: {}", lines.next().unwrap_or(""));
        for l in lines {
            let _ = writeln!(s, "{}", format!("          {l}").trim_end());
        }
    }
    s
}

pub fn run(root: Option<&Path>, args: &PromoteArgs) -> Result<ExitStatus, Error> {
    let repo = load_repo(root)?;
    let t = target(&repo, args)?;
    let mut out = String::new();
    if t.from == t.to {
        let _ = writeln!(out, "{} is already at {}; nothing to change", t.name, t.to);
        emit(None, &out)?;
        return Ok(ExitStatus::Success);
    }
    if !t.legal.contains(&t.to) {
        let legal = if t.legal.is_empty() {
            format!("{} is final", t.from)
        } else {
            format!("from {} it may move only to {}", t.from, or_list(&t.legal))
        };
        let _ = writeln!(
            out,
            "{}: {} -> {} is not one legal step; {legal}. Nothing was changed.",
            t.name, t.from, t.to
        );
        emit(None, &out)?;
        return Ok(ExitStatus::Failure);
    }
    let options = CheckOptions {
        today: today(&repo, args.today),
    };
    let before = rules::check(&Resolved::new(&repo, &options)).findings;
    let after = rules::check(&Resolved::new(&t.moved, &options)).findings;
    let (was, now) = (errors(&t, &before), errors(&t, &after));
    // A rule that fires more often after the move is a criterion of the
    // new stage that is not met.
    let mut missing: Vec<&Finding> = Vec::new();
    for (rule, fs) in &now {
        let old = was.get(rule).map_or(&[][..], Vec::as_slice);
        if fs.len() > old.len() {
            let fresh: Vec<&Finding> = fs
                .iter()
                .copied()
                .filter(|f| old.iter().all(|o| o.message != f.message))
                .collect();
            missing.extend(if fresh.is_empty() { fs.clone() } else { fresh });
        } else if *rule == Rule::EvidenceInFuture.name() {
            // A record dated after today satisfies no criterion, whether or
            // not the move is what brings a rule to read it.
            missing.extend(fs.iter().copied());
        }
    }
    if !missing.is_empty() {
        let _ = writeln!(
            out,
            "{} cannot move from {} to {} yet; it needs:",
            t.name, t.from, t.to,
        );
        for f in &missing {
            out.push_str(&describe(&t.moved, f));
        }
        out.push_str("Nothing was changed.\n");
        emit(None, &out)?;
        return Ok(ExitStatus::Failure);
    }
    let path = repo.path(t.file).to_string();
    let old_text = &repo.files[t.file].text;
    let new_text =
        set_stage(old_text, &t.to).map_err(|e| miette::miette!("cannot edit {path}: {e}"))?;
    let message = format!("{}: {} -> {}", t.name, t.from, t.to);
    if args.dry_run {
        out.push_str(&diff(&path, old_text, &new_text));
        let _ = writeln!(
            out,
            "\nDry run: nothing was written. The commit message would be:\n  {message}"
        );
        emit(None, &out)?;
        return Ok(ExitStatus::Success);
    }
    let full = repo.root.join(&path);
    emit(Some(&full), &new_text)?;
    let _ = writeln!(out, "{path}: stage = \"{}\" (was \"{}\")", t.to, t.from);
    let still: usize = was.values().map(Vec::len).sum();
    if still > 0 {
        let _ = writeln!(
            out,
            "Note: {} error(s) already found on {} remain; `trainyard lint` lists them.",
            still, t.name
        );
    }
    let _ = writeln!(
        out,
        "Suggested commit:\n  git commit -m \"{message}\" -- {path}"
    );
    emit(None, &out)?;
    Ok(ExitStatus::Success)
}

/// "build, stage or cancelled".
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The file with its top-level `stage` value replaced, every comment and
/// the rest of the layout kept.
pub fn set_stage(text: &str, stage: &str) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.message().to_string())?;
    let value = doc
        .get_mut("stage")
        .and_then(toml_edit::Item::as_value_mut)
        .ok_or("it has no top-level `stage = \"…\"`")?;
    let decor = value.decor().clone();
    *value = toml_edit::Value::from(stage);
    *value.decor_mut() = decor;
    Ok(doc.to_string())
}

/// A unified diff of two texts that differ in a run of lines, with three
/// lines of context.
fn diff(path: &str, old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a_end, b_end) = (a.len() - tail, b.len() - tail);
    let start = head.saturating_sub(3);
    let (a_stop, b_stop) = ((a_end + 3).min(a.len()), (b_end + 3).min(b.len()));
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    let _ = writeln!(
        out,
        "@@ -{},{} +{},{} @@",
        start + 1,
        a_stop - start,
        start + 1,
        b_stop - start
    );
    for l in &a[start..head] {
        let _ = writeln!(out, " {l}");
    }
    for l in &a[head..a_end] {
        let _ = writeln!(out, "-{l}");
    }
    for l in &b[head..b_end] {
        let _ = writeln!(out, "+{l}");
    }
    for l in &b[b_end..b_stop] {
        let _ = writeln!(out, " {l}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_stage_value_changes_in_every_shipped_release() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("releases");
        let mut n = 0;
        for entry in std::fs::read_dir(root).unwrap() {
            let file = entry.unwrap().path().join("release.toml");
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            let new = set_stage(&text, "cancelled").unwrap();
            let old_line = text.lines().find(|l| l.starts_with("stage")).unwrap();
            let new_line = new.lines().find(|l| l.starts_with("stage")).unwrap();
            let value = old_line.split('"').nth(1).unwrap();
            assert_eq!(
                new_line,
                old_line.replacen(&format!("\"{value}\""), "\"cancelled\"", 1)
            );
            assert_eq!(
                new.replacen(new_line, "", 1),
                text.replacen(old_line, "", 1),
                "{}",
                file.display()
            );
            n += 1;
        }
        assert!(n >= 12);
    }

    #[test]
    fn comments_beside_the_value_stay() {
        let text = "# head\nid = \"x\"\nstage = 'test'    # moved by alice\n\n[window]\n# note\nstart = 2030-01-01T10:00:00\n";
        let new = set_stage(text, "stage").unwrap();
        assert_eq!(new, text.replace("'test'", "\"stage\""));
        assert!(set_stage("id = \"x\"\n", "build").is_err());
        assert!(set_stage("stage = [", "build").is_err());
    }

    #[test]
    fn the_diff_shows_the_changed_line_in_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\n";
        let new = "a\nb\nc\nD\ne\nf\ng\n";
        assert_eq!(
            diff("x.toml", old, new),
            "--- a/x.toml\n+++ b/x.toml\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n"
        );
    }
}

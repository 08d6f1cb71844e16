//! The change-review family (`check --base`): compares the working tree
//! with the repository at a base revision. A stage moves one legal step
//! per change, a closed release is never edited, approvals are
//! append-only, an id is never reused, and (with `[review] approvals =
//! "author"`) each new approval is committed by its approver.
//!
//! A release's identity across the two revisions is its folder. A folder
//! that disappears while its id turns up in a new folder is a rename: the
//! two are compared as one release, and the id is not reused.

mod closed;

mod signoff;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use crate::diagnostic::{Finding, Rule};
use crate::git::FileVersion;
use crate::load::{Release, Repo, Train};
use crate::model::{FileId, SourceFile, Stage, TrainStage};

/// The repository at the base revision, and what git knows about the
/// change since. Gathered by `check --base`; the rules read no files.
#[derive(Clone, Copy, Debug)]
pub struct Base<'a> {
    /// The repository as it was at the base.
    pub repo: &'a Repo,
    /// How messages name the base (`origin/main`).
    pub label: &'a str,
    /// Every file under the release root at the base, by path.
    pub files: &'a BTreeMap<String, Vec<u8>>,
    /// The working tree's files in the folders [`closed_dirs`] names, by
    /// path: tracked and untracked files, not ignored ones.
    pub worktree: &'a BTreeMap<String, Vec<u8>>,
    /// Release folders deleted in the history before the base.
    pub deleted: &'a BTreeSet<String>,
    /// Changes to release and train files in the commits since the base,
    /// oldest first, when `approvals = "author"` asks who made them.
    pub commits: Option<&'a [FileVersion]>,
}

/// What the review found, and files it points into that the working tree
/// no longer has (deleted releases as they were at the base). Their ids
/// follow on from the working tree's files.
#[derive(Debug, Default)]
pub struct Reviewed {
    pub findings: Vec<Finding>,
    pub files: Vec<SourceFile>,
}

/// Whether `[review] approvals = "author"` is set in the working tree or
/// at the base: a change cannot switch the check off for itself.
pub fn approvals_by_author(head: &Repo, base: &Repo) -> bool {
    let on = |r: &Repo| {
        r.config
            .def
            .review
            .approvals
            .as_ref()
            .is_some_and(|a| a.get_ref() == "author")
    };
    on(head) || on(base)
}

/// A closed or cancelled release is a record: its files never change.
fn is_closed(stage: Stage) -> bool {
    matches!(stage, Stage::Close | Stage::Cancelled)
}

/// The folders whose working-tree files the review compares with the
/// base: releases closed at the base, under their folder now (which
/// differs after a rename).
pub fn closed_dirs(head: &Repo, base: &Repo) -> Vec<String> {
    let pairs = pair(head, base);
    let mut dirs: BTreeSet<String> = base
        .releases
        .iter()
        .filter(|b| is_closed(stage_of(b)))
        .map(|b| b.dir.clone())
        .collect();
    for (b, h) in &pairs.both {
        if is_closed(stage_of(b)) {
            dirs.insert(h.dir.clone());
        }
    }
    dirs.into_iter().collect()
}

fn stage_of(r: &Release) -> Stage {
    *r.def.stage.get_ref()
}

/// The matching of releases across the two revisions.
struct Pairs<'a> {
    /// (base, head), same folder or renamed.
    both: Vec<(&'a Release, &'a Release)>,
    /// At the base only: deleted.
    gone: Vec<&'a Release>,
    /// In the working tree only: new.
    new: Vec<&'a Release>,
}

fn pair<'a>(head: &'a Repo, base: &'a Repo) -> Pairs<'a> {
    let head_dirs: BTreeMap<&str, &Release> =
        head.releases.iter().map(|r| (r.dir.as_str(), r)).collect();
    let base_dirs: BTreeSet<&str> = base.releases.iter().map(|r| r.dir.as_str()).collect();
    // Folders that exist in both revisions but failed to parse on one side
    // are neither new nor gone: lint reports the broken file.
    let head_any: BTreeSet<&str> = head.release_dirs.iter().map(|(d, _)| d.as_str()).collect();
    let base_any: BTreeSet<&str> = base.release_dirs.iter().map(|(d, _)| d.as_str()).collect();
    let mut pairs = Pairs {
        both: Vec::new(),
        gone: Vec::new(),
        new: Vec::new(),
    };
    // Releases in folders that are new, by id: where a vanished folder's
    // release may have moved.
    let mut arrived: BTreeMap<&str, Vec<&Release>> = BTreeMap::new();
    for h in head
        .releases
        .iter()
        .filter(|h| !base_any.contains(h.dir.as_str()))
    {
        arrived.entry(h.id()).or_default().push(h);
    }
    let mut renamed: BTreeSet<&str> = BTreeSet::new();
    for b in &base.releases {
        if let Some(h) = head_dirs.get(b.dir.as_str()) {
            pairs.both.push((b, h));
            continue;
        }
        if head_any.contains(b.dir.as_str()) {
            continue;
        }
        let moved = arrived
            .get(b.id())
            .and_then(|hs| hs.iter().find(|h| !renamed.contains(h.dir.as_str())));
        match moved {
            Some(h) => {
                renamed.insert(&h.dir);
                pairs.both.push((b, h));
            }
            None => pairs.gone.push(b),
        }
    }
    for h in &head.releases {
        if !base_dirs.contains(h.dir.as_str())
            && !base_any.contains(h.dir.as_str())
            && !renamed.contains(h.dir.as_str())
        {
            pairs.new.push(h);
        }
    }
    pairs
}

/// Runs the change-review rules over the working tree `head` against
/// `base`.
pub fn check(head: &Repo, base: &Base) -> Reviewed {
    let mut out = Reviewed::default();
    let pairs = pair(head, base.repo);
    for (b, h) in &pairs.both {
        transition(base, b, h, &mut out.findings);
        closed::modified(head, base, b, h, &mut out.findings);
        signoff::rewritten(head, base, b, h, &mut out.findings);
    }
    for h in &pairs.new {
        new_release(base, h, &mut out.findings);
    }
    for b in &pairs.gone {
        deleted(head, base, b, &mut out);
    }
    trains(head, base, &mut out.findings);
    signoff::train_rewritten(head, base, &mut out.findings);
    if approvals_by_author(head, base.repo) {
        signoff::by_author(head, base, &pairs.both, &pairs.new, &mut out.findings);
    }
    out
}

/// "build, stage or cancelled".
fn or_list<T: std::fmt::Display>(items: &[T]) -> String {
    let words: Vec<String> = items.iter().map(ToString::to_string).collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn transition(base: &Base, b: &Release, h: &Release, out: &mut Vec<Finding>) {
    let (from, to) = (stage_of(b), stage_of(h));
    if from == to {
        return;
    }
    // The moves allowed are those of the type as it stood at the base: a
    // change cannot widen its own `skip_stages`.
    let skips = base
        .repo
        .policies
        .get(b.def.kind.get_ref())
        .map(|p| p.def.skips())
        .unwrap_or_default();
    let legal = from.next_stages(&skips);
    if legal.contains(&to) {
        return;
    }
    let label = base.label;
    let message = if legal.is_empty() {
        format!(
            "stage moves from {from} (at {label}) to {to}, but {from} is final: a {from} release never changes stage"
        )
    } else {
        format!(
            "stage moves from {from} (at {label}) to {to} in one change; from {from} a {} release may move only to {}",
            b.def.kind.get_ref(),
            or_list(&legal)
        )
    };
    let forward = legal.iter().find(|s| s.rank().is_some() && s.reached(from));
    let help = match forward {
        Some(next) if to.reached(from) => format!(
            "move one stage per reviewed change: set stage = \"{next}\" here (`trainyard promote {} --to {next}` checks its entry criteria) and {to} in a later change",
            h.id()
        ),
        _ if legal.is_empty() => format!("restore stage = \"{from}\""),
        _ => format!(
            "restore stage = \"{from}\", or move it to {}",
            or_list(&legal)
        ),
    };
    out.push(
        Finding::new(Rule::IllegalTransition, h.file, h.def.stage.span(), message)
            .help(help)
            .release(h.id()),
    );
}

fn new_release(base: &Base, h: &Release, out: &mut Vec<Finding>) {
    let stage = stage_of(h);
    if stage != Stage::Plan {
        out.push(
            Finding::new(
                Rule::IllegalTransition,
                h.file,
                h.def.stage.span(),
                format!(
                    "{} is new since {} but starts at stage {stage}; a release starts at plan and moves one stage per reviewed change",
                    h.id(),
                    base.label
                ),
            )
            .help("set stage = \"plan\" (`trainyard new` writes a release at plan)")
            .release(h.id()),
        );
    }
    let id = h.id();
    if base.deleted.contains(id) || base.deleted.contains(&h.dir) {
        out.push(
            Finding::new(
                Rule::IdReused,
                h.file,
                h.def.id.span(),
                format!("{id} was used by a release deleted earlier in the history; ids are never reused"),
            )
            .help("give this release the next free id for its month (`trainyard new` picks one)")
            .release(id),
        );
    }
}

fn deleted(head: &Repo, base: &Base, b: &Release, out: &mut Reviewed) {
    let path = base.repo.path(b.file).to_string();
    let file: FileId = head.files.len() + out.files.len();
    out.files
        .push(SourceFile::new(path, base.repo.files[b.file].text.clone()));
    let closed = if is_closed(stage_of(b)) {
        format!(" (it was {}: a record)", stage_of(b))
    } else {
        String::new()
    };
    out.findings.push(
        Finding::new(
            Rule::IdReused,
            file,
            b.def.id.span(),
            format!(
                "release {} at {} was deleted{closed}; ids are never reused, so a release is never deleted",
                b.id(),
                base.label
            ),
        )
        .help(format!(
            "restore releases/{}/ and set stage = \"cancelled\" if the release will not go ahead",
            b.dir
        ))
        .release(b.id()),
    );
}

/// The legal one-step moves of a train: the next gate, or none when closed.
fn train_next(from: TrainStage) -> Option<TrainStage> {
    let i = TrainStage::ALL.iter().position(|s| *s == from)?;
    TrainStage::ALL.get(i + 1).copied()
}

fn trains(head: &Repo, base: &Base, out: &mut Vec<Finding>) {
    let base_trains: BTreeMap<&str, &Train> = base
        .repo
        .trains
        .iter()
        .map(|t| (t.stem.as_str(), t))
        .collect();
    for h in &head.trains {
        let to = *h.def.stage.get_ref();
        let span: Range<usize> = h.def.stage.span();
        let Some(b) = base_trains.get(h.stem.as_str()) else {
            if to != TrainStage::Scope {
                out.push(
                    Finding::new(
                        Rule::IllegalTransition,
                        h.file,
                        span,
                        format!(
                            "train {} is new since {} but starts at stage {to}; a train starts at scope",
                            h.def.name.get_ref(),
                            base.label
                        ),
                    )
                    .help("set stage = \"scope\""),
                );
            }
            continue;
        };
        let from = *b.def.stage.get_ref();
        if from == to || train_next(from) == Some(to) {
            continue;
        }
        let message = match train_next(from) {
            Some(next) => format!(
                "train stage moves from {from} (at {}) to {to}; a train passes one gate per change, from {from} only to {next}",
                base.label
            ),
            None => format!(
                "train stage moves from {from} (at {}) to {to}, but a closed train never changes stage",
                base.label
            ),
        };
        out.push(
            Finding::new(Rule::IllegalTransition, h.file, span, message).help(
                match train_next(from) {
                    Some(next) => format!("set stage = \"{next}\""),
                    None => format!("restore stage = \"{from}\""),
                },
            ),
        );
    }
}

#[cfg(test)]
mod tests;

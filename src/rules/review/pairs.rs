//! Releases matched across the two revisions: by folder, or by id when a
//! folder was renamed; and the stage each one is at.

use std::collections::{BTreeMap, BTreeSet};

use crate::load::{Release, Repo};
use crate::model::Stage;

/// A closed or cancelled release is a record: its files never change.
pub(super) fn is_closed(stage: Stage) -> bool {
    matches!(stage, Stage::Close | Stage::Cancelled)
}

pub(super) fn stage_of(r: &Release) -> Stage {
    *r.def.stage.get_ref()
}

/// The matching of releases across the two revisions.
pub(super) struct Pairs<'a> {
    /// (base, head), same folder or renamed.
    pub both: Vec<(&'a Release, &'a Release)>,
    /// At the base only: deleted.
    pub gone: Vec<&'a Release>,
    /// In the working tree only: new.
    pub new: Vec<&'a Release>,
}

/// Pairs the releases of `head` and `base`; with `changed`, only those in
/// the folders it names (the others are the same on both sides).
pub(super) fn pair<'a>(
    head: &'a Repo,
    base: &'a Repo,
    changed: Option<&BTreeSet<String>>,
) -> Pairs<'a> {
    let kept = |dir: &str| changed.is_none_or(|c| c.contains(dir));
    let head_releases: Vec<&Release> = head.releases.iter().filter(|r| kept(&r.dir)).collect();
    let head_dirs: BTreeMap<&str, &Release> =
        head_releases.iter().map(|r| (r.dir.as_str(), *r)).collect();
    let base_dirs: BTreeSet<&str> = base.releases.iter().map(|r| r.dir.as_str()).collect();
    // Folders that exist in both revisions but failed to parse on one side
    // are neither new nor gone: lint reports the broken file.
    let head_any: BTreeSet<&str> = head
        .release_dirs
        .iter()
        .map(|(d, _)| d.as_str())
        .filter(|d| kept(d))
        .collect();
    let base_any: BTreeSet<&str> = base.release_dirs.iter().map(|(d, _)| d.as_str()).collect();
    let mut pairs = Pairs {
        both: Vec::new(),
        gone: Vec::new(),
        new: Vec::new(),
    };
    // Releases in folders that are new, by id: where a vanished folder's
    // release may have moved.
    let mut arrived: BTreeMap<&str, Vec<&Release>> = BTreeMap::new();
    for h in head_releases
        .iter()
        .copied()
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
    for h in head_releases {
        if !base_dirs.contains(h.dir.as_str())
            && !base_any.contains(h.dir.as_str())
            && !renamed.contains(h.dir.as_str())
        {
            pairs.new.push(h);
        }
    }
    pairs
}

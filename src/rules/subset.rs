//! Checking a few releases rather than all: the rules run over the
//! repository with only those releases in it, for `serve` to find a saved
//! release's findings before the whole repository is checked again.

use std::collections::{BTreeSet, HashSet};

use chrono::Duration;

use super::{check, Outcome};
use crate::load::Repo;
use crate::model::FileId;
use crate::resolve::{CheckOptions, Resolved};

/// How far apart in time two windows may be and still bear on each
/// other's findings: conflicts, capacity and people's clashes need an
/// overlap, so two days is a wide margin (ordering by version and by
/// dependency goes through the same service and the dependencies).
const NEAR: i64 = 2;

/// The releases whose presence can change the findings of release `i`
/// (an index into `repo.releases`), `i` included: the same id, the same
/// service or train, a change ticket in common, what it depends on (all
/// the way down) and what depends on it, and every window within two days
/// of its own.
pub fn neighbourhood(cx: &Resolved, i: usize) -> BTreeSet<usize> {
    let releases = &cx.repo.releases;
    let x = &releases[i];
    let d = &x.def;
    let changes: HashSet<&str> = d
        .changes
        .iter()
        .map(|c| c.get_ref().id.get_ref().as_str())
        .collect();
    let near = cx.window(x).map(|w| {
        let margin = Duration::days(NEAR);
        (w.start - margin, w.end + margin)
    });
    let mut ids: HashSet<&str> = d.depends_on.iter().map(|s| s.get_ref().as_str()).collect();
    // What it depends on, all the way down: cycles and order run through it.
    let mut frontier: Vec<&str> = ids.iter().copied().collect();
    while let Some(id) = frontier.pop() {
        for r in cx.releases_with_id(id) {
            for dep in &r.def.depends_on {
                if ids.insert(dep.get_ref().as_str()) {
                    frontier.push(dep.get_ref().as_str());
                }
            }
        }
    }
    let mut keep = BTreeSet::from([i]);
    for (j, r) in releases.iter().enumerate() {
        let rd = &r.def;
        let related = r.id() == x.id()
            || rd.service.get_ref() == d.service.get_ref()
            || (d.train.is_some()
                && rd.train.as_ref().map(|t| t.get_ref()) == d.train.as_ref().map(|t| t.get_ref()))
            || ids.contains(r.id())
            || rd.depends_on.iter().any(|s| s.get_ref() == x.id())
            || rd
                .changes
                .iter()
                .any(|c| changes.contains(c.get_ref().id.get_ref().as_str()))
            || near.is_some_and(|(from, until)| {
                cx.window(r)
                    .is_some_and(|w| w.start < until && w.end > from)
            });
        if related {
            keep.insert(j);
        }
    }
    keep
}

/// Every rule over `repo` with only the releases `keep` (indices into
/// `repo.releases`) in it; the repository is as it was afterwards. The
/// findings of a release are those of a whole check when `keep` holds its
/// [`neighbourhood`].
pub fn check_releases(repo: &mut Repo, keep: &BTreeSet<usize>, options: &CheckOptions) -> Outcome {
    let all = std::mem::take(&mut repo.releases);
    let dirs = std::mem::take(&mut repo.release_dirs);
    repo.releases = keep.iter().map(|&j| all[j].clone()).collect();
    let parsed: HashSet<FileId> = all.iter().map(|r| r.file).collect();
    let kept: HashSet<FileId> = repo.releases.iter().map(|r| r.file).collect();
    // Folders whose release did not parse stay: they are few, and rules
    // about ids and folders look at them too.
    repo.release_dirs = dirs
        .iter()
        .filter(|(_, f)| kept.contains(f) || !parsed.contains(f))
        .cloned()
        .collect();
    let outcome = check(&Resolved::new(repo, options));
    repo.releases = all;
    repo.release_dirs = dirs;
    outcome
}

//! Files that did not load, and what is therefore not checked against them.
//!
//! A catalogue or policy file with a `parse-error` or `schema-error` gives
//! that finding once; defaults stand in for it, and the rules that would
//! check other files against it hold back instead of reporting every
//! dependant (`` `major` is not a release type `` on every major release).
//! The same holds for a maintenance window that does not compile: releases
//! are not checked against the maintenance windows until it does. What was
//! held back is told once, in the summary: "12 releases not checked against
//! policies/major.toml, which did not load".

use serde::Serialize;

use crate::calendar::{needs_maintenance_window, window_applies};
use crate::model::FileId;
use crate::model::Period;
use crate::resolve::Resolved;
use crate::time::Recurrence;

/// What was not checked because a file, or part of one, did not load.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotChecked {
    /// The file that did not load, relative to the root.
    pub file: String,
    /// How many releases were not checked against it.
    pub releases: usize,
    /// The sentence the summary shows.
    pub note: String,
}

/// The names of the maintenance windows of policies/calendar.toml that do
/// not compile (their `schema-error` says why).
pub(crate) fn broken_maintenance_windows<'a>(cx: &Resolved<'a>) -> Vec<&'a Period> {
    cx.repo
        .calendar
        .def
        .maintenance_windows
        .iter()
        .map(|p| p.get_ref())
        .filter(|p| {
            let zone = p.zone(cx.tz).ok();
            p.spec()
                .ok()
                .zip(zone)
                .and_then(|(s, tz)| Recurrence::new(&s, tz).ok())
                .is_none()
        })
        .collect()
}

/// Everything held back in a run, in file order.
pub fn not_checked(cx: &Resolved) -> Vec<NotChecked> {
    let repo = cx.repo;
    let u = &repo.unloaded;
    let all = repo.releases.len();
    let mut out = Vec::new();
    let mut push = |file: FileId, releases: usize, against: String| {
        if releases > 0 {
            out.push(NotChecked {
                file: repo.path(file).to_string(),
                releases,
                note: format!(
                    "{} not checked against {against}",
                    crate::words::plural(releases as i64, "release")
                ),
            });
        }
    };
    let whole = |file: FileId| format!("{}, which did not load", repo.path(file));
    for file in [u.calendar, u.services, u.people, u.environments]
        .into_iter()
        .flatten()
    {
        push(file, all, whole(file));
    }
    for (name, file) in &u.policies {
        let n = repo
            .releases
            .iter()
            .filter(|r| r.def.kind.get_ref() == name)
            .count();
        push(*file, n, whole(*file));
    }
    let broken = broken_maintenance_windows(cx);
    if let (Some(file), [first, rest @ ..]) = (repo.calendar.file, broken.as_slice()) {
        let def = &repo.calendar.def;
        let n = repo
            .releases
            .iter()
            .filter(|r| r.def.stage.get_ref().is_live() && cx.window(r).is_some())
            .filter(|r| needs_maintenance_window(cx, r))
            .filter(|r| {
                let service = r.def.service.get_ref();
                broken.iter().any(|w| window_applies(def, w, service))
            })
            .count();
        let first = first.name.get_ref();
        let which = if rest.is_empty() {
            format!("maintenance window '{first}', which did not load")
        } else {
            format!("{} maintenance windows that did not load", rest.len() + 1)
        };
        push(
            file,
            n,
            format!("the maintenance windows of {} ({which})", repo.path(file)),
        );
    }
    out.sort_by(|a, b| a.file.cmp(&b.file));
    out
}

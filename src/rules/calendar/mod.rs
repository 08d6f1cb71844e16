//! The calendar family: whether each release window is legal against the
//! calendar (maintenance windows, blackouts, events, train periods),
//! against other releases (conflicts, capacity), against people (the
//! release manager's availability) and in time (notice, readiness, windows
//! left in the past, local times that DST makes meaningless).
//!
//! Which releases each rule looks at:
//!
//! * window legality (outside-maintenance-window, blackout, event-conflict,
//!   window-conflict, capacity-exceeded, personnel-unavailable,
//!   outside-train-period, window-in-past): every live release, from
//!   stage `plan` on, so a bad window is caught the day it is planned.
//!   Closed and cancelled releases are left out (they never conflict);
//! * insufficient-notice and missing-readiness-review: from stage `deploy`
//!   on (entry criteria of deploy, owed at or past it); insufficient-notice
//!   also warns earlier once today is past the notice deadline;
//! * ambiguous-local-time: every release, whatever its stage.
//!
//! The calendar is compiled and expanded once per run by the calendar
//! engine ([`crate::calendar`]) into a [`CalendarIndex`] over the span of
//! the live release windows; each window is looked up by binary search.
//! Conflicts and capacity are found by sorting and sweeping, never by
//! comparing all pairs.

mod conflicts;
mod local_time;
mod notice;
mod people;
mod windows;

pub(crate) use crate::words::{and_list, plural};
use std::ops::Range;

use rayon::prelude::*;

use crate::calendar::{absences, index_for, Absence, CalendarIndex};
use crate::diagnostic::Finding;
use crate::load::Release;
use crate::resolve::Resolved;
use crate::time::Interval;

/// Every calendar finding over the repository.
pub fn check(cx: &Resolved) -> Vec<Finding> {
    let cal = Calendar::new(cx);
    let per_release: Vec<Vec<Finding>> = cx
        .repo
        .releases
        .par_iter()
        .map(|r| {
            let mut out = Vec::new();
            local_time::release(cx, r, &mut out);
            if let Some(w) = cx.window(r) {
                if r.def.stage.get_ref().is_live() {
                    windows::check(&cal, r, &w, &mut out);
                    people::check(&cal, r, &w, &mut out);
                }
                notice::check(&cal, r, &w, &mut out);
            }
            out
        })
        .collect();
    let mut out: Vec<Finding> = per_release.into_iter().flatten().collect();
    conflicts::check(&cal, &mut out);
    local_time::catalogs(cx, &mut out);
    out
}

/// What the calendar rules share during one run.
pub(crate) struct Calendar<'a, 'c> {
    pub cx: &'c Resolved<'a>,
    pub index: CalendarIndex,
    /// Each person's absences from `people.toml`.
    pub absences: std::collections::HashMap<&'a str, Vec<Absence>>,
}

impl<'a, 'c> Calendar<'a, 'c> {
    fn new(cx: &'c Resolved<'a>) -> Self {
        Calendar {
            cx,
            index: index_for(cx),
            absences: absences(cx.repo, cx.tz),
        }
    }
}

/// `window Sat 29 Mar 2025 20:00-22:00 Europe/London`.
pub(crate) fn window_words(cx: &Resolved, w: &Interval) -> String {
    format!("window {} {}", cx.fmt_span(w), cx.tz.name())
}

/// The span of a release's `[window] start` value (its `stage` when it has
/// no window).
pub(crate) fn window_span(r: &Release) -> Range<usize> {
    r.def
        .window
        .as_ref()
        .map_or(r.def.stage.span(), |w| w.get_ref().start.span())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_prose() {
        assert_eq!(and_list::<&str>(&[]), "");
        assert_eq!(and_list(&["a"]), "a");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(plural(1, "day"), "1 day");
        assert_eq!(plural(0, "day"), "0 days");
    }
}

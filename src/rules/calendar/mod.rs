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
//! engine ([`crate::calendar`]) into a
//! [`CalendarIndex`](crate::calendar::CalendarIndex) over the span of the
//! live release windows; each window is looked up by binary search.
//! Conflicts and capacity are found by sorting and sweeping, never by
//! comparing all pairs. What the rules share has a file of its own:
//! `lookup` holds what they look windows up in, `window_words` how
//! their messages name a window, `occurrences` how blackouts and events
//! group the occurrences a window overlaps.

mod ambiguous_local_time;
mod blackout;
mod capacity_exceeded;
mod event_conflict;
mod insufficient_notice;
mod lookup;
mod missing_readiness_review;
mod occurrences;
mod outside_maintenance_window;
mod outside_train_period;
mod personnel_unavailable;
mod window_conflict;
mod window_in_past;
mod window_words;

use rayon::prelude::*;

use crate::diagnostic::Finding;
use crate::resolve::Resolved;
use lookup::Calendar;

/// Every calendar finding over the repository.
pub fn check(cx: &Resolved) -> Vec<Finding> {
    let cal = Calendar::new(cx);
    let per_release: Vec<Vec<Finding>> = cx
        .repo
        .releases
        .par_iter()
        .map(|r| {
            let mut out = Vec::new();
            ambiguous_local_time::check(cx, r, &mut out);
            if let Some(w) = cx.window(r) {
                if r.def.stage.get_ref().is_live() {
                    outside_maintenance_window::check(&cal, r, &w, &mut out);
                    blackout::check(&cal, r, &w, &mut out);
                    event_conflict::check(&cal, r, &w, &mut out);
                    window_in_past::check(cx, r, &w, &mut out);
                    outside_train_period::check(cx, r, &w, &mut out);
                    personnel_unavailable::check(&cal, r, &w, &mut out);
                }
                insufficient_notice::check(cx, r, &w, &mut out);
                missing_readiness_review::check(cx, r, &w, &mut out);
            }
            out
        })
        .collect();
    let mut out: Vec<Finding> = per_release.into_iter().flatten().collect();
    window_conflict::check(&cal, &mut out);
    capacity_exceeded::check(&cal, &mut out);
    ambiguous_local_time::check_catalogs(cx, &mut out);
    out
}

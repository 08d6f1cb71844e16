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
//! The calendar is compiled and expanded once per run into a
//! [`CalendarIndex`] over the span of the live release windows; each
//! window is looked up by binary search. Conflicts and capacity are found
//! by sorting and sweeping ([`conflicts`]), never by comparing all pairs.
//! The same index drives `trainyard slots` ([`slots`]), `windows` and
//! `gate` ([`gate`]).

mod conflicts;
pub mod gate;
mod index;
mod local_time;
mod notice;
mod people;
mod period;
pub mod slots;
mod windows;

pub(crate) use super::words::{and_list, plural};
use std::ops::Range;

use rayon::prelude::*;

use super::{Context, Finding, RuleInfo};
use crate::load::Release;
use crate::model::Schedule;
use crate::time::Interval;

pub use conflicts::{conflict_pairs, precedence, Booking, Neighbours, Precedence};
pub use index::CalendarIndex;
pub use notice::earliest_window_day;
pub use people::{absences, Absence};
pub use period::{CalendarPeriod, InvalidPeriod, Occurrence, PeriodKind};

/// The calendar rules, in code order.
pub const RULES: &[RuleInfo] = &[
    windows::OUTSIDE_MAINTENANCE_WINDOW,
    windows::BLACKOUT,
    conflicts::WINDOW_CONFLICT,
    conflicts::CAPACITY_EXCEEDED,
    windows::EVENT_CONFLICT,
    people::PERSONNEL_UNAVAILABLE,
    notice::INSUFFICIENT_NOTICE,
    notice::MISSING_READINESS_REVIEW,
    windows::WINDOW_IN_PAST,
    windows::OUTSIDE_TRAIN_PERIOD,
    local_time::AMBIGUOUS_LOCAL_TIME,
];

/// Every calendar finding over the repository.
pub fn check(cx: &Context) -> Vec<Finding> {
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

/// The index a run over `cx` needs: every period expanded over the span of
/// the live release windows (around `--today` when there are none).
pub fn index_for(cx: &Context) -> CalendarIndex {
    let windows = cx
        .repo
        .releases
        .iter()
        .filter(|r| r.def.stage.get_ref().is_live())
        .filter_map(|r| cx.window(r));
    let horizon = CalendarIndex::horizon_for(windows, cx.today_start());
    CalendarIndex::new(&cx.repo.calendar.def, cx.tz, horizon)
}

/// What the calendar rules share during one run.
pub(crate) struct Calendar<'a, 'c> {
    pub cx: &'c Context<'a>,
    pub index: CalendarIndex,
    /// Each person's absences from `people.toml`.
    pub absences: std::collections::HashMap<&'a str, Vec<Absence>>,
}

impl<'a, 'c> Calendar<'a, 'c> {
    fn new(cx: &'c Context<'a>) -> Self {
        Calendar {
            cx,
            index: index_for(cx),
            absences: absences(cx.repo, cx.tz),
        }
    }
}

/// The schedule settings of a release's type (defaults when the type names
/// no policy: windows and blackouts apply).
pub(crate) fn schedule<'a>(cx: &Context<'a>, r: &Release) -> Option<&'a Schedule> {
    cx.policy_of(r).map(|p| &p.schedule)
}

/// Whether the release's type must deploy inside a maintenance window.
pub(crate) fn needs_maintenance_window(cx: &Context, r: &Release) -> bool {
    schedule(cx, r).is_none_or(|s| s.maintenance_window)
}

/// Whether blackouts apply to the release's type at all.
pub(crate) fn blackouts_apply(cx: &Context, r: &Release) -> bool {
    schedule(cx, r).is_none_or(|s| s.blackouts)
}

/// `window Sat 29 Mar 2025 20:00-22:00 Europe/London`.
pub(crate) fn window_words(cx: &Context, w: &Interval) -> String {
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

    #[test]
    fn rules_have_calendar_codes_in_order() {
        let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        let expected: Vec<String> = (201..=211).map(|n| format!("TY{n}")).collect();
        assert_eq!(codes, expected);
        assert!(RULES.iter().all(|r| r.family == "calendar"));
        assert_eq!(
            RULES.iter().find(|r| r.code == "TY202").map(|r| r.name),
            Some("blackout")
        );
    }
}

//! The calendar engine: maintenance windows, blackouts and events compiled
//! and expanded once into a [`CalendarIndex`], and the questions the
//! calendar rules, `slots`, `windows`, `gate`, the site and the feeds ask
//! of it (which periods hold or overlap a window, which releases conflict,
//! who is away, how much notice a date gives).
//!
//! It declares no rule: the rules that report on the calendar live in
//! `src/rules/calendar/` and use this engine.

pub mod conflicts;
pub mod gate;
mod index;
mod notice;
mod people;
mod period;
mod scope;
pub mod slots;

use crate::load::Release;
use crate::model::Schedule;
use crate::resolve::Resolved;

pub use conflicts::{conflict_pairs, precedence, rank, Booking, Neighbours, Precedence};
pub use index::CalendarIndex;
pub use notice::earliest_window_day;
pub use people::{absences, clash, duty, Absence};
pub use period::{CalendarPeriod, InvalidPeriod, Occurrence, PeriodKind};
pub use scope::{window_applies, Scope};

/// The index a run over `cx` needs: every period expanded over the span of
/// the live release windows (around `--today` when there are none).
pub fn index_for(cx: &Resolved) -> CalendarIndex {
    let windows = cx
        .repo
        .releases
        .iter()
        .filter(|r| r.def.stage.get_ref().is_live())
        .filter_map(|r| cx.window(r));
    let horizon = CalendarIndex::horizon_for(windows, cx.today_start());
    CalendarIndex::new(&cx.repo.calendar.def, cx.tz, horizon)
}

/// The schedule settings of a release's type (defaults when the type names
/// no policy: windows and blackouts apply).
pub fn schedule<'a>(cx: &Resolved<'a>, r: &Release) -> Option<&'a Schedule> {
    cx.policy_of(r).map(|p| &p.schedule)
}

/// Whether the release's type must deploy inside a maintenance window. Not
/// known, and so not checked, while the type's policy does not load.
pub fn needs_maintenance_window(cx: &Resolved, r: &Release) -> bool {
    !cx.repo.unloaded.policy(r.def.kind.get_ref())
        && schedule(cx, r).is_none_or(|s| s.maintenance_window)
}

/// Whether blackouts apply to the release's type at all. Not known, and so
/// not checked, while the type's policy does not load.
pub fn blackouts_apply(cx: &Resolved, r: &Release) -> bool {
    !cx.repo.unloaded.policy(r.def.kind.get_ref()) && schedule(cx, r).is_none_or(|s| s.blackouts)
}

/// The calendar's holidays from `from` until before `until`, one per day
/// (the first name listed for a day), in date order.
pub fn holidays_between(
    def: &crate::model::CalendarDef,
    from: chrono::NaiveDate,
    until: chrono::NaiveDate,
) -> Vec<(chrono::NaiveDate, &str)> {
    let mut days: Vec<(chrono::NaiveDate, &str)> = def
        .holidays
        .iter()
        .map(|h| h.get_ref())
        .map(|h| {
            let name = h.name.as_ref().map_or("Holiday", |n| n.get_ref().as_str());
            (h.date.get_ref().0, name)
        })
        .filter(|(d, _)| *d >= from && *d < until)
        .collect();
    // Stable: two names on one day keep the one listed first.
    days.sort_by_key(|(d, _)| *d);
    days.dedup_by_key(|(d, _)| *d);
    days
}

//! The release manager is unavailable during the window or the day after it
//!
//! ## What it does
//! Compares each live release's `manager` with the `[[unavailable]]` entries of
//! policies/people.toml. The manager must be available from the start of the
//! window to the end of the day after the day the window ends (local time).
//! Entries written as dates are whole days with `until` included; entries
//! written as date-times are exact, `until` excluded.
//!
//! ## Why
//! The release manager decides on rollback during the window and owns the
//! immediate post-deployment period; an absent manager leaves nobody with that
//! authority.
//!
//! ## Example
//! ```toml
//! # policies/people.toml
//! [[unavailable]]
//! person = "alice"
//! from = 2030-03-18
//! until = 2030-03-22
//! # release: manager = "alice", window Sun 17 Mar 2030 20:00-22:00
//! ```
//!
//! Use instead: hand the release to another release manager, or move the
//! window.

use chrono::TimeDelta;

use super::lookup::Calendar;
use super::window_words::window_words;
use crate::calendar::{clash, duty};
use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::time::{self, Interval};

/// personnel-unavailable for one live release. What counts as away, and
/// for how long the manager is on duty, is the calendar engine's
/// ([`crate::calendar::absences`], [`duty`]).
pub(super) fn check(cal: &Calendar, r: &Release, w: &Interval, out: &mut Vec<Finding>) {
    let cx = cal.cx;
    let manager = r.def.manager.get_ref();
    let Some(list) = cal.absences.get(manager.as_str()) else {
        return;
    };
    let Some(duty) = duty(cx.tz, w) else { return };
    let Some(a) = clash(list, &duty) else { return };
    let name = cx
        .person(manager)
        .map(|p| format!("{manager} ({})", p.name.get_ref()))
        .unwrap_or_else(|| manager.clone());
    let reason = a
        .reason
        .as_ref()
        .map(|r| format!(" ({r})"))
        .unwrap_or_default();
    let message = if a.interval.overlaps(w) {
        format!(
            "release manager {name} is unavailable {}{reason}, during the {}",
            a.text,
            window_words(cx, w)
        )
    } else {
        format!(
            "release manager {name} is unavailable {}{reason}, which includes {}, the day after the {}",
            a.text,
            time::fmt_date(cx.local_date(
                duty.end.checked_sub_signed(TimeDelta::hours(12)).unwrap_or(duty.end)
            )),
            window_words(cx, w)
        )
    };
    out.push(
        Finding::new(
            Rule::PersonnelUnavailable,
            r.file,
            r.def.manager.span(),
            message,
        )
        .help(
            "hand the release to another release manager, or move the window; the manager must be reachable during the window and the day after it",
        )
        .release(r.id()),
    );
}

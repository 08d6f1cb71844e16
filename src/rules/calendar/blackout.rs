//! A release window overlaps a blackout that applies to its type
//!
//! ## What it does
//! Reports a live release whose `[window]` overlaps any occurrence of a
//! `[[blackouts]]` period that applies to it. A blackout applies to the services
//! its `services` list names (every service when it names none or `"*"`),
//! unless its `exempt` list names the release's type or the type's policy says
//! `blackouts = false`. It is read in its own `timezone` (the calendar's when
//! absent). The message names the blackout and the occurrence hit, in the
//! calendar's time zone (and in the blackout's, when that differs).
//!
//! ## Why
//! Blackouts protect high-risk business periods: month-end close, the year-end
//! freeze when support is thin.
//!
//! ## Example
//! ```toml
//! # calendar: Month-end close, BYMONTHDAY=28,29,30,31,1,2, 00:00 for 24h
//! [window]
//! start = 2030-03-30T20:00:00
//! duration = "2h"
//! ```
//!
//! Use instead:
//! ```toml
//! [window]
//! start = 2030-03-23T20:00:00
//! duration = "2h"
//! ```
//!
//! A blackout scoped with `services = ["payments"]` stops payments releases
//! only; a ledger release in the same days is not reported.

use super::lookup::Calendar;
use super::occurrences::{by_period, occurrence_words};
use super::window_words::{slots_help, window_span, window_words};
use crate::calendar::blackouts_apply;
use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::time::Interval;
use crate::words::and_list;

/// blackout for one live release: one finding per blackout it overlaps.
pub(super) fn check(cal: &Calendar, r: &Release, w: &Interval, out: &mut Vec<Finding>) {
    let cx = cal.cx;
    if !blackouts_apply(cx, r) {
        return;
    }
    let kind = r.def.kind.get_ref();
    let service = r.def.service.get_ref();
    for group in by_period(cal.index.blackouts_for(w, Some(kind), Some(service))) {
        let Some(first) = group.first() else { continue };
        let p = first.period;
        let exempt = if p.exempt.is_empty() {
            "it exempts no release type".to_string()
        } else {
            format!("it exempts only {} releases", and_list(&p.exempt))
        };
        out.push(
            Finding::new(
                Rule::Blackout,
                r.file,
                window_span(r),
                format!(
                    "{} overlaps blackout '{}' {}",
                    window_words(cx, w),
                    p.name,
                    occurrence_words(cx, &group)
                ),
            )
            .help(format!(
                "move the window out of the blackout ({}); {exempt}, and this is a {kind} release",
                slots_help(r)
            ))
            .release(r.id()),
        );
    }
}

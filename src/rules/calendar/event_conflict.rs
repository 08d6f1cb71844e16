//! A release window overlaps an organisational event or infrastructure work on its service
//!
//! ## What it does
//! Reports a live release whose `[window]` overlaps an occurrence of an
//! `[[events]]` period that affects its service (`services` lists the service,
//! or is `["*"]`, or is left out). An event is read in its own `timezone` (the
//! calendar's when absent), and the message gives its times in both zones when
//! they differ. Events apply to every release type, emergency releases
//! included: they are conflicts, not policy.
//!
//! ## Why
//! A board meeting, a trading peak or data-centre work makes a change on the
//! affected service riskier and harder to support.
//!
//! ## Example
//! ```toml
//! # calendar: "DC2 switch replacement", services = ["payments"],
//! #           timezone = "America/New_York",
//! #           from = 2030-02-16T13:00:00, until = 2030-02-17T01:00:00
//! service = "payments"
//! [window]
//! start = 2030-02-16T20:00:00
//! duration = "2h"
//! ```
//!
//! Use instead: a window on another night, or agree the timing with the event's
//! owner and record an approved exception.

use super::lookup::Calendar;
use super::occurrences::{by_period, occurrence_words};
use super::window_words::{slots_help, window_span, window_words};
use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::time::Interval;

/// event-conflict for one live release: one finding per event it overlaps.
pub(super) fn check(cal: &Calendar, r: &Release, w: &Interval, out: &mut Vec<Finding>) {
    let cx = cal.cx;
    let service = r.def.service.get_ref();
    for group in by_period(cal.index.events_for(w, Some(service))) {
        let Some(first) = group.first() else { continue };
        let p = first.period;
        let affects = cal.index.scope(p).words();
        out.push(
            Finding::new(
                Rule::EventConflict,
                r.file,
                window_span(r),
                format!(
                    "{} overlaps event '{}' {}, which affects {affects}",
                    window_words(cx, w),
                    p.name,
                    occurrence_words(cx, &group)
                ),
            )
            .help(format!(
                "move the window clear of the event ({}), or agree the timing with the event's owner and record an approved exception",
                slots_help(r)
            ))
            .release(r.id()),
        );
    }
}

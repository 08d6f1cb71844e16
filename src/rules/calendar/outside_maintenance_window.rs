//! A release window does not sit wholly inside one maintenance window occurrence
//!
//! ## What it does
//! Checks that each live release's `[window]` (from stage `plan` on) lies
//! entirely inside a single occurrence of one of the calendar's
//! `[[maintenance_windows]]` that apply to its service, each expanded in its
//! own `timezone` (the calendar's when absent). A service that at least one
//! window names in `services` uses only the windows that name it (its own
//! replace the organisation's); every other service uses the windows that name
//! no service. Occurrences that touch are not merged: a window from Saturday 05:00 to 07:00
//! is outside both the Saturday-night and the Sunday-night windows. Types whose
//! policy says `maintenance_window = false` (emergency) are not checked, nor are
//! any releases when the calendar defines no maintenance windows.
//!
//! Durations are exact elapsed time: on the night the clocks go forward in
//! London, a Saturday window from 18:00 to `end = "06:00"` lasts 11 hours, so a
//! release from 22:00 for `duration = "8h"` ends at 07:00 and is outside it.
//!
//! ## Why
//! Maintenance windows are when users are fewest and support is staffed.
//!
//! ## Example
//! ```toml
//! [window]
//! start = 2030-03-13T20:00:00   # a Wednesday
//! duration = "2h"
//! ```
//!
//! Use instead (`trainyard slots ID` lists the next legal windows):
//! ```toml
//! [window]
//! start = 2030-03-16T20:00:00   # Saturday night
//! duration = "2h"
//! ```
//!
//! A service with a window of its own, in its own zone:
//! ```toml
//! # calendar: "Payments late Saturday", services = ["payments"],
//! #           timezone = "America/New_York", BYDAY=SA, 22:00 for 4h
//! service = "payments"
//! [window]
//! start = 2030-03-16T20:00:00   # inside the organisation's window only
//! duration = "2h"
//! ```
//!
//! Use instead (22:30 in New York, whatever London's clocks say):
//! ```toml
//! service = "payments"
//! [window]
//! start = 2030-03-16T22:30:00-04:00
//! duration = "2h"
//! ```

use super::lookup::Calendar;
use super::window_words::{slots_help, window_span, window_words};
use crate::calendar::{needs_maintenance_window, PeriodKind};
use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::time::{format_duration, Interval};

/// outside-maintenance-window for one live release.
pub(super) fn check(cal: &Calendar, r: &Release, w: &Interval, out: &mut Vec<Finding>) {
    let cx = cal.cx;
    let service = Some(r.def.service.get_ref().as_str());
    if !needs_maintenance_window(cx, r) || !cal.index.has_maintenance_windows(service) {
        return;
    }
    // A window that does not compile is left out of the index: until it is
    // fixed, a release it would apply to may well sit inside it (the
    // summary says so). Services it does not apply to are still checked.
    if cal.index.broken_window_for(service) {
        return;
    }
    if cal.index.maintenance_covering(w, service).is_some() {
        return;
    }
    let window = window_words(cx, w);
    let overlapping = cal
        .index
        .overlapping(PeriodKind::MaintenanceWindow, w, service);
    let message = match overlapping.first() {
        Some(o) if w.start >= o.interval.start => format!(
            "{window} runs {} past the end of maintenance window '{}' ({})",
            format_duration(w.end - o.interval.end),
            o.period.name,
            cx.fmt_period_span(o.period.tz, &o.interval)
        ),
        Some(o) => format!(
            "{window} starts {} before maintenance window '{}' opens ({})",
            format_duration(o.interval.start - w.start),
            o.period.name,
            cx.fmt_period_span(o.period.tz, &o.interval)
        ),
        None => {
            let next = cal
                .index
                .of_kind_for(PeriodKind::MaintenanceWindow, service)
                .filter_map(|p| p.next_at_or_after(w.start).map(|o| (o, p)))
                .min_by_key(|(o, p)| (o.start, p.position));
            match next {
                Some((o, p)) => format!(
                    "{window} is outside every maintenance window; the next is '{}' ({})",
                    p.name,
                    cx.fmt_period_span(p.tz, &o)
                ),
                None => match cal.index.nearest_maintenance(w, service) {
                    Some(o) => format!(
                        "{window} is outside every maintenance window; the last is '{}' ({})",
                        o.period.name,
                        cx.fmt_period_span(o.period.tz, &o.interval)
                    ),
                    None => format!("{window} is outside every maintenance window"),
                },
            }
        }
    };
    out.push(
        Finding::new(Rule::OutsideMaintenanceWindow, r.file, window_span(r), message)
            .help(format!(
                "move the window wholly inside one maintenance window occurrence ({}); if it cannot move, record an [[exceptions]] entry approved by the CAB",
                slots_help(r)
            ))
            .release(r.id()),
    );
}

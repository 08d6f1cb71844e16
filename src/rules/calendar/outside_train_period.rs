//! A train member's window falls outside its train's from..until period
//!
//! ## What it does
//! For a live release that names a `train`, checks that its `[window]` lies
//! within the train's period: from the start of its `from` day to the end of its
//! `until` day (both days included), in the calendar's time zone.
//!
//! ## Why
//! A train ships its members together within its period; a member scheduled
//! outside it escapes the train's gates and milestones.
//!
//! ## Example
//! ```toml
//! # releases/trains/2030-Q1.toml: from = 2030-01-06, until = 2030-03-31
//! train = "2030-Q1"
//! [window]
//! start = 2030-04-06T20:00:00
//! duration = "2h"
//! ```
//!
//! Use instead: a window inside the period, or move the release to the next
//! train.

use chrono::{NaiveDate, NaiveTime};

use super::window_words::{slots_help, window_span, window_words};
use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::resolve::Resolved;
use crate::time::{self, Interval};

/// outside-train-period for one live release that belongs to a train.
pub(super) fn check(cx: &Resolved, r: &Release, w: &Interval, out: &mut Vec<Finding>) {
    let Some(name) = &r.def.train else { return };
    let Some(train) = cx
        .repo
        .trains
        .iter()
        .find(|t| t.def.name.get_ref() == name.get_ref())
    else {
        return;
    };
    let from = train.def.from.get_ref().0;
    let until = train.def.until.get_ref().0;
    let midnight = |d: NaiveDate| time::resolve_local_lenient(cx.tz, d.and_time(NaiveTime::MIN));
    let (Some(open), Some(close)) = (midnight(from), until.succ_opt().and_then(midnight)) else {
        return;
    };
    let problem = if w.start < open {
        "starts before the train's period opens"
    } else if w.end > close {
        "ends after the train's period closes"
    } else {
        return;
    };
    out.push(
        Finding::new(
            Rule::OutsideTrainPeriod,
            r.file,
            window_span(r),
            format!(
                "{} {problem}: train '{}' runs from {} to {} (both days included)",
                window_words(cx, w),
                name.get_ref(),
                time::fmt_date(from),
                time::fmt_date(until)
            ),
        )
        .label(name.span(), "the train this release belongs to")
        .help(format!(
            "move the window inside the train's period ({}), or move the release to another train",
            slots_help(r)
        ))
        .release(r.id()),
    );
}

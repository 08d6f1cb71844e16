//! No go decision from a readiness review held at least readiness_hours before the window
//!
//! ## What it does
//! From stage `deploy` on, checks `[readiness]`: a review must be recorded, held
//! at least `readiness_hours` (policies/calendar.toml, default 24) before the
//! window starts, with `go = true`.
//!
//! ## Why
//! The readiness review confirms the package, runbook, rollback, on-call
//! staff, monitoring and communications; holding it a day ahead leaves time to
//! fix what it finds.
//!
//! ## Example
//! ```toml
//! stage = "deploy"
//! [window]
//! start = 2030-03-16T20:00:00
//! duration = "2h"
//! [readiness]
//! at = 2030-03-16T09:00:00   # 11 hours before
//! go = true
//! ```
//!
//! Use instead:
//! ```toml
//! [readiness]
//! at = 2030-03-15T14:00:00
//! go = true
//! ```

use chrono::TimeDelta;

use super::window_words::window_words;
use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::Stage;
use crate::resolve::Resolved;
use crate::time::{self, format_duration, Interval};
use crate::words::plural;

/// missing-readiness-review for one release with a window, from stage
/// `deploy` on.
pub(super) fn check(cx: &Resolved, r: &Release, w: &Interval, out: &mut Vec<Finding>) {
    if !r.def.stage.get_ref().reached(Stage::Deploy) {
        return;
    }
    let hours = cx
        .repo
        .calendar
        .def
        .readiness_hours
        .as_ref()
        .map_or(24, |h| *h.get_ref());
    let lead = TimeDelta::try_hours(i64::from(hours)).unwrap_or(TimeDelta::zero());
    let by = w.start.checked_sub_signed(lead).unwrap_or(w.start);
    let window = window_words(cx, w);
    let finding = |span, message: String, help: String| {
        Finding::new(Rule::MissingReadinessReview, r.file, span, message)
            .help(help)
            .release(r.id())
    };
    let Some(review) = &r.def.readiness else {
        out.push(finding(
            r.def.stage.span(),
            format!(
                "stage = \"{}\" needs a readiness review with a go decision at least {} before the {window}; none is recorded",
                r.def.stage.get_ref(),
                plural(hours, "hour")
            ),
            format!(
                "hold the review by {} and add:\n[readiness]\nat = {}\ngo = true",
                cx.fmt_local(by),
                time::to_local(cx.tz, by)
                    .map_or_else(|| by.to_rfc3339(), |t| t.format("%Y-%m-%dT%H:%M:%S").to_string())
            ),
        ));
        return;
    };
    let review = review.get_ref();
    if let Some(at) = cx.instant(review.at.get_ref()) {
        if at > by {
            let gap = w.start - at;
            let when = if gap <= TimeDelta::zero() {
                format!("{} after the window opened", format_duration(-gap))
            } else {
                format!("only {} before the window opened", format_duration(gap))
            };
            out.push(finding(
                review.at.span(),
                format!(
                    "the readiness review at {} was held {when}; it must be held at least {} before the {window}, by {}",
                    cx.fmt_local(at),
                    plural(hours, "hour"),
                    cx.fmt_local(by)
                ),
                "hold the review earlier next time; for this release hold it again in time, or move the window".to_string(),
            ));
        }
    }
    if !*review.go.get_ref() {
        out.push(finding(
            review.go.span(),
            format!("the readiness review decided no-go (go = false), so the release cannot deploy in the {window}"),
            "fix what the review found and record a new review with go = true, or move the release back to stage = \"build\" or cancel it".to_string(),
        ));
    }
}

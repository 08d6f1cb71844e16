//! No go decision from a readiness review held at least readiness_hours before the window
//!
//! ## What it does
//! From stage `deploy` on, checks `[readiness]`: a review must be recorded, held
//! at least `readiness_hours` before the window starts, with `go = true`.
//! The hours are the release type's `readiness_hours` where its policy sets
//! them, else policies/calendar.toml's (default 24); with 0 the review is
//! held any time before the window opens (the shipped emergency policy).
//! A review dated after today has not been held and counts as none
//! (`evidence-in-future` reports it).
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
use crate::rules::evidence::Evidence;
use crate::time::{format_duration, Interval};
use crate::words::plural;

/// missing-readiness-review for one release with a window, from stage
/// `deploy` on.
pub(super) fn check(cx: &Resolved, r: &Release, w: &Interval, out: &mut Vec<Finding>) {
    if !r.def.stage.get_ref().reached(Stage::Deploy) {
        return;
    }
    let hours = cx.readiness_hours(r);
    let lead = TimeDelta::try_hours(i64::from(hours)).unwrap_or(TimeDelta::zero());
    let by = w.start.checked_sub_signed(lead).unwrap_or(w.start);
    let window = window_words(cx, w);
    let lead = if hours == 0 {
        "before".to_string()
    } else {
        format!("at least {} before", plural(hours, "hour"))
    };
    let finding = |span, message: String, help: String| {
        Finding::new(Rule::MissingReadinessReview, r.file, span, message)
            .help(help)
            .release(r.id())
    };
    // A review dated after today has not been held.
    let Some(review) = Evidence::of(cx, r).readiness else {
        let none = if r.def.readiness.is_some() {
            "the one recorded is dated after today, so it has not been held yet"
        } else {
            "none is recorded"
        };
        out.push(finding(
            r.def.stage.span(),
            format!(
                "stage = \"{}\" needs a readiness review with a go decision {lead} the {window}; {none}",
                r.def.stage.get_ref(),
            ),
            format!(
                "hold the review no later than {}; once it has been held, record when and what it decided:\n[readiness]\nat = YYYY-MM-DDTHH:MM:SS\ngo = true",
                cx.fmt_local(by),
            ),
        ));
        return;
    };
    let review = review.get_ref();
    if let Some(at) = cx.instant(review.at.get_ref()) {
        if at > by || at >= w.start {
            let gap = w.start - at;
            let when = if gap <= TimeDelta::zero() {
                format!("{} after the window opened", format_duration(-gap))
            } else {
                format!("only {} before the window opened", format_duration(gap))
            };
            out.push(finding(
                review.at.span(),
                format!(
                    "the readiness review at {} was held {when}; it must be held {lead} the {window}, by {}",
                    cx.fmt_local(at),
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

#[cfg(test)]
mod tests {
    use crate::rules::calendar::check;
    use crate::rules::fixture::{only, run_on, Fixture, GOOD};

    #[test]
    fn a_policy_readiness_hours_overrides_the_calendar() {
        let end = GOOD.find("[outcome]").unwrap();
        let text = GOOD[..end]
            .replace("stage = \"close\"", "stage = \"deploy\"")
            .replace("type = \"minor\"", "type = \"emergency\"")
            .replace("rationale =", "incident = \"INC-1\"\nrationale =")
            .replacen(
                "[[deployments]]",
                "[readiness]\nat = 2026-03-14T19:30:00\ngo = true\n\n[[deployments]]",
                1,
            );
        let policy = "require_incident = true\nskip_stages = [\"stage\"]\n";
        let fx = |p: &str| {
            Fixture::new()
                .file("policies/emergency.toml", p)
                .release(&text)
        };
        let seen = only(
            run_on(&fx(policy), "2026-03-20", check),
            "missing-readiness-review",
        );
        assert_eq!(seen.len(), 1, "the calendar's 24 hours apply: {seen:#?}");
        let zero = format!("readiness_hours = 0\n{policy}");
        let seen = only(
            run_on(&fx(&zero), "2026-03-20", check),
            "missing-readiness-review",
        );
        assert!(seen.is_empty(), "{seen:#?}");
        // With 0 hours the review still comes before the window opens.
        let after = text.replace("at = 2026-03-14T19:30:00", "at = 2026-03-14T20:00:00");
        let fx = Fixture::new()
            .file("policies/emergency.toml", &zero)
            .release(&after);
        let seen = only(run_on(&fx, "2026-03-20", check), "missing-readiness-review");
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert!(
            seen[0]
                .message
                .contains("it must be held before the window"),
            "{seen:#?}"
        );
    }
}

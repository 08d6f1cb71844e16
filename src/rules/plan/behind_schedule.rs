//! A release's stage lags the dates its type's [schedule] computes back from the window
//!
//! ## What it does
//! The type's `[schedule]` says how many days before the window start each
//! stage is done (minor: plan 10, build 8, test 4, stage 2; major half as long
//! again). Using `--today` (default: today in the calendar's zone), reports a
//! release still at or before a stage whose done-by date has passed, listing
//! each missed date. Stages the type skips, and releases at deploy or later,
//! are not checked.
//!
//! ## Why
//! The backward-planned timeline is what makes the window realistic. A release
//! still in build four days before its window will not have been tested and
//! staged in time; move it or the window now, not on the night.
//!
//! ## Example
//! ```toml
//! type = "minor"
//! stage = "build"                  # today is 2026-03-11
//! [window]
//! start = 2026-03-14T20:00:00      # build was due done on 2026-03-06
//! ```
//!
//! Use instead: move the release on, or move the window:
//! ```toml
//! stage = "build"
//! [window]
//! start = 2026-03-21T20:00:00      # at least 8 days after today
//! ```

// `[schedule]` in the summary is the policy's TOML table, not a link.
#![allow(rustdoc::broken_intra_doc_links)]

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::Stage;
use crate::resolve::Resolved;
use crate::rules::criteria::{and_list, days_after, days_before, local_date, window_start};

/// behind-schedule for one release.
pub(super) fn check(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    let stage = *r.def.stage.get_ref();
    let Some(rank) = stage.rank() else { return };
    if stage.reached(Stage::Deploy) {
        return;
    }
    let Some(policy) = cx.policy_of(r) else {
        return;
    };
    let Some(start) = window_start(r) else { return };
    let window_day = local_date(cx, start);
    let skips = policy.skips();
    // Stages not yet done: the current one and those after it, up to stage.
    let missed: Vec<(Stage, u32, chrono::NaiveDate)> = Stage::LIFECYCLE[rank..]
        .iter()
        .copied()
        .filter(|s| !skips.contains(s))
        .filter_map(|s| {
            let days = policy.schedule.days_before(s)?;
            let by = days_before(window_day, days);
            (cx.today > by).then_some((s, days, by))
        })
        .collect();
    if missed.is_empty() {
        return;
    }
    let kind = r.def.kind.get_ref();
    let dates: Vec<String> = missed
        .iter()
        .map(|(s, days, by)| format!("{s} by {by} ({days} days before)"))
        .collect();
    let most = missed.iter().map(|(_, d, _)| *d).max().unwrap_or(0);
    let earliest_window = days_after(cx.today, most);
    out.push(
        Finding::new(
            Rule::BehindSchedule,
            r.file,
            r.def.stage.span(),
            format!(
                "stage = \"{stage}\" lags the {kind} schedule for the window on {window_day}: it should have finished {}; today is {}",
                and_list(&dates),
                cx.today
            ),
        )
        .help(format!(
            "move the release on once each stage's entry criteria are met, or move the window to {earliest_window} or later (the {kind} schedule needs {most} days from stage = \"{stage}\")"
        ))
        .release(r.id()),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::{line_of, only, run_on, Fixture, GOOD};

    #[test]
    fn behind_lists_each_missed_date() {
        let build = GOOD.replace("stage = \"close\"", "stage = \"build\"");
        let fx = Fixture::new().release(&build);
        // Window Saturday 2026-03-14; minor: build by 03-06, test by 03-10.
        let seen = only(
            run_on(&fx, "2026-03-11", super::super::check),
            "behind-schedule",
        );
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].line, line_of(&build, "", "stage ="));
        assert_eq!(
            seen[0].message,
            "stage = \"build\" lags the minor schedule for the window on 2026-03-14: it should have finished build by 2026-03-06 (8 days before) and test by 2026-03-10 (4 days before); today is 2026-03-11"
        );
        assert_eq!(
            seen[0].help,
            "move the release on once each stage's entry criteria are met, or move the window to 2026-03-19 or later (the minor schedule needs 8 days from stage = \"build\")"
        );
        // On the deadline itself it is not late yet.
        assert!(only(
            run_on(&fx, "2026-03-06", super::super::check),
            "behind-schedule"
        )
        .is_empty());
        // Emergency releases have no schedule.
        let emergency = build.replace("type = \"minor\"", "type = \"emergency\"");
        let fx = Fixture::new().release(&emergency);
        assert!(only(
            run_on(&fx, "2026-03-13", super::super::check),
            "behind-schedule"
        )
        .is_empty());
    }
}

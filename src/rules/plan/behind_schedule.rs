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

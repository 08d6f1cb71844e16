//! An approval is dated after the window start (for gates up to deploy) or after today
//!
//! ## What it does
//! Reports an `[[approvals]]` entry for a gate up to `deploy` whose `at` is
//! at or after the window start, and any approval dated after `--today`
//! (default: today in the calendar's zone). Times are compared as instants:
//! local date-times in the calendar's zone.
//!
//! ## Why
//! An approval to build, test, stage or deploy given after the deployment
//! began approved nothing. An approval in the future has not happened yet:
//! record it when it is given.
//!
//! ## Example
//! ```toml
//! [window]
//! start = 2026-03-14T20:00:00
//!
//! [[approvals]]
//! gate = "deploy"
//! role = "service-owner"
//! by = "carol"
//! at = 2026-03-15T09:00:00
//! ```
//!
//! Use instead: the time the approval was actually given, before the window:
//! ```toml
//! [[approvals]]
//! gate = "deploy"
//! role = "service-owner"
//! by = "carol"
//! at = 2026-03-12T16:00:00
//! ```

//! A local date-time falls in a DST gap (does not exist) or overlap (happens twice)
//!
//! ## What it does
//! Reads every local date-time of every release (the window's start and its
//! wall-clock `end`, notifications, the readiness review, approvals, tests,
//! deployments, the outcome), of trains (approvals) and of
//! policies/people.toml (`[[unavailable]]`) in the calendar's time zone, and
//! reports one that does not name exactly one instant:
//!
//! * in the spring-forward gap the time does not exist: in Europe/London
//!   2030-03-31T01:30:00 is never shown on a clock (01:00 jumps to 02:00);
//! * in the autumn overlap it happens twice: 2030-10-27T01:30:00 is first BST
//!   (+01:00), then an hour later GMT (+00:00).
//!
//! Until fixed, the other rules read a gap time as the same time after the gap
//! (02:30) and an ambiguous one as its first instant, as RFC 5545 does.
//!
//! ## Why
//! A window "at 01:30" on the night the clocks change is an hour off for
//! someone. Most tools shift it silently; trainyard makes the author choose.
//!
//! ## Example
//! ```toml
//! [window]
//! start = 2030-10-27T01:30:00
//! duration = "1h"
//! ```
//!
//! Use instead (an explicit offset says which 01:30 is meant):
//! ```toml
//! [window]
//! start = 2030-10-27T01:30:00+01:00
//! duration = "1h"
//! ```

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

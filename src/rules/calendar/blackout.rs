//! A release window overlaps a blackout that applies to its type
//!
//! ## What it does
//! Reports a live release whose `[window]` overlaps any occurrence of a
//! `[[blackouts]]` period. A blackout applies unless its `exempt` list names the
//! release's type or the type's policy says `blackouts = false`. The message
//! names the blackout and the occurrence hit, in the calendar's time zone.
//!
//! ## Why
//! Blackouts protect high-risk business periods: month-end close, the year-end
//! freeze when support is thin.
//!
//! ## Example
//! ```toml
//! # calendar: Month-end close, BYMONTHDAY=28,29,30,31,1,2, 00:00 for 24h
//! [window]
//! start = 2030-03-30T20:00:00
//! duration = "2h"
//! ```
//!
//! Use instead:
//! ```toml
//! [window]
//! start = 2030-03-23T20:00:00
//! duration = "2h"
//! ```

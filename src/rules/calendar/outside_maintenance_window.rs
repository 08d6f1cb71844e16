//! A release window does not sit wholly inside one maintenance window occurrence
//!
//! ## What it does
//! Checks that each live release's `[window]` (from stage `plan` on) lies
//! entirely inside a single occurrence of one of the calendar's
//! `[[maintenance_windows]]`, as expanded in the calendar's time zone.
//! Occurrences that touch are not merged: a window from Saturday 05:00 to 07:00
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

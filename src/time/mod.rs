//! Time: durations, local date-times in the calendar's zone, recurring
//! periods, business days and the interval sweep.
//!
//! Everything here is a pure function of its arguments (no clock, no
//! files) and never panics on user data. The rest of the crate loads
//! calendar files into these types and asks questions of them.
//!
//! Conventions:
//!
//! * **Half-open intervals.** Every window is `[start, end)` in UTC
//!   ([`Interval`]); windows that touch do not overlap.
//! * **Local times** in calendar files are read in the calendar's IANA zone
//!   ([`parse_zone`], [`resolve_local`]); a time in a DST gap or overlap is
//!   an error that says how to fix it. Offset date-times are taken as
//!   written ([`LocalOrFixed`]).
//! * **Durations are exact** elapsed time ([`parse_duration`]): `"12h"`
//!   from 18:00 on the night the clocks go back ends at 05:00 local.
//! * **Recurrences expand in local time** ([`Recurrence`]): Saturday 18:00
//!   stays 18:00 local across DST; a wall-clock end is `end = "06:00"`.
//! * **Business days** are Monday to Friday less holidays
//!   ([`BusinessDays`]).
//! * **Overlaps are found by sorting and sweeping** ([`overlapping_pairs`],
//!   [`max_overlap_groups`]), never by comparing all pairs; recurrences are
//!   expanded once per horizon and looked up by binary search
//!   ([`Expanded`]).
//!
//! Messages show times in the zone with the year, via [`fmt_local`] and
//! [`fmt_span`]: `Sat 29 Mar 2025 18:00 - Sun 30 Mar 2025 06:00`.

pub mod business;
pub mod duration;
pub mod format;
pub mod interval;
pub mod local;
pub mod recur;
pub mod zone;

pub use business::BusinessDays;
pub use duration::{format_duration, parse_duration, DurationError, DurationErrorKind};
pub use format::{
    atom_time, fmt_date, fmt_hhmm, fmt_length, fmt_local, fmt_month, fmt_span, ical_date, ical_utc,
    label_instant, label_span, label_when, toml_local, toml_offset, zone_label,
};
pub use interval::{max_overlap_groups, overlapping_pairs, EmptyInterval, Interval};
pub use local::{
    parse_zone, resolve_local, resolve_local_lenient, to_local, LocalOrFixed, LocalTimeError,
};
pub use recur::{parse_hhmm, parse_wall_end, Expanded, Length, PeriodSpec, RecurError, Recurrence};

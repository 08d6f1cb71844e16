//! The uncompiled form of a period, as the loader reads it from
//! `policies/calendar.toml`: [`PeriodSpec`], its [`Length`] and the
//! `"HH:MM"` time-of-day parsers.

use chrono::{NaiveTime, TimeDelta};

use super::RecurError;
use crate::time::duration::parse_duration;
use crate::time::local::LocalOrFixed;

/// How long each occurrence of a recurring period lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Length {
    /// `duration = "12h"`: exact elapsed time from the start.
    Exact(TimeDelta),
    /// `end = "06:00"`: until the next time the wall clock shows this time,
    /// strictly after the start's wall-clock time (`18:00`-`06:00` ends the
    /// next morning; an end equal to the start is one whole day later).
    WallEnd(NaiveTime),
}

impl Length {
    /// The length from the TOML keys `duration` and `end`, as written:
    /// exactly one may be given. `Ok(None)` when neither is.
    pub fn from_fields(
        duration: Option<&str>,
        end: Option<&str>,
    ) -> Result<Option<Length>, RecurError> {
        match (duration, end) {
            (Some(_), Some(_)) => Err(RecurError::BothLengths),
            (Some(d), None) => parse_duration(d)
                .map(|d| Some(Length::Exact(d)))
                .map_err(RecurError::Duration),
            (None, Some(e)) => {
                parse_wall_end(e)
                    .map(|t| Some(Length::WallEnd(t)))
                    .map_err(|message| RecurError::Time {
                        field: "end",
                        message,
                    })
            }
            (None, None) => Ok(None),
        }
    }
}

/// A period as written in `policies/calendar.toml`, before compilation.
///
/// Recurring: `rrule`, `start` and `length` (from `duration` or `end`),
/// with optional `from` and `until` bounds. One-off: `from` and `until`
/// only. See [`Recurrence::new`](super::Recurrence::new) for what is rejected.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeriodSpec {
    /// An RFC 5545 RRULE such as `"FREQ=WEEKLY;BYDAY=SA"` (an `RRULE:`
    /// prefix is allowed; DTSTART is not: `start` and `from` supply it).
    pub rrule: Option<String>,
    /// The local start time of each occurrence (`start = "18:00"`).
    pub start: Option<NaiveTime>,
    /// The length of each occurrence (`duration` or `end`).
    pub length: Option<Length>,
    /// One-off: the start. Recurring: no occurrence starts before this;
    /// also the first day of the series for `INTERVAL` and `COUNT`.
    pub from: Option<LocalOrFixed>,
    /// One-off: the end (exclusive). Recurring: no occurrence starts at or
    /// after this.
    pub until: Option<LocalOrFixed>,
}

/// Parses a local time of day `"HH:MM"` (`"18:00"`, `"8:30"`), 00:00 to
/// 23:59.
pub fn parse_hhmm(s: &str) -> Result<NaiveTime, String> {
    let bad = |why: &str| {
        format!("invalid time {s:?}: {why}; write a time of day as \"HH:MM\", e.g. \"18:00\"")
    };
    let Some((h, m)) = s.split_once(':') else {
        if s.contains('.') || s.contains('h') {
            return Err(bad("separate hours and minutes with `:`"));
        }
        return Err(bad("expected hours and minutes"));
    };
    if m.contains(':') {
        return Err(bad("leave out the seconds"));
    }
    let digits = |x: &str| !x.is_empty() && x.chars().all(|c| c.is_ascii_digit());
    if !digits(h) || h.len() > 2 || !digits(m) || m.len() != 2 {
        return Err(bad("expected hours and minutes"));
    }
    let (hour, minute): (u32, u32) = match (h.parse(), m.parse()) {
        (Ok(h), Ok(m)) => (h, m),
        _ => return Err(bad("expected hours and minutes")),
    };
    if hour == 24 && minute == 0 {
        return Err(bad(
            "24:00 is not a time of day (for a window that runs to midnight, write \
             end = \"00:00\")",
        ));
    }
    if hour > 23 {
        return Err(bad("hours run from 00 to 23"));
    }
    if minute > 59 {
        return Err(bad("minutes run from 00 to 59"));
    }
    NaiveTime::from_hms_opt(hour, minute, 0).ok_or_else(|| bad("not a time of day"))
}

/// Parses the `end` of a recurring period: like [`parse_hhmm`], and also
/// `"24:00"`, which means the same as `"00:00"` (the next midnight).
pub fn parse_wall_end(s: &str) -> Result<NaiveTime, String> {
    if s == "24:00" {
        return Ok(NaiveTime::MIN);
    }
    parse_hhmm(s)
}

#[cfg(test)]
mod tests;

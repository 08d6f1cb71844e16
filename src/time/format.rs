//! How times read, for messages, pages and feeds: the one place that turns
//! an instant, a date or a length into words or into a file format.
//!
//! * **Messages** (findings, command output), in the calendar's zone and
//!   always with the year: [`fmt_local`] `Sat 29 Mar 2025 20:00`,
//!   [`fmt_span`] `Sat 29 Mar 2025 20:00-22:00`. A wall-clock time that
//!   occurs twice gets its zone abbreviation (`Sun 26 Oct 2025 01:30 GMT`).
//!   The DST errors of [`LocalTimeError`] read the same way.
//! * **Pages**, always with the zone because stakeholders read them across
//!   DST changes: [`label_instant`] `Sat 14 Mar 2026, 20:00 GMT`,
//!   [`label_span`] `Sat 14 Mar 2026, 20:00–22:00 GMT`, [`fmt_month`]
//!   `March 2026`, [`fmt_length`] `2h 15m`.
//! * Both: [`fmt_date`] `Sat 14 Mar 2026`.
//! * **Feeds**: RFC 5545 [`ical_utc`] `20260314T200000Z` and [`ical_date`]
//!   `20260314`; Atom [`atom_time`] `2026-03-14T20:00:00Z`.
//! * **Files** a message asks the author to write: [`toml_local`]
//!   `2026-03-14T20:00:00`.
//!
//! Lengths as written in files (`"2h15m"`) are [`super::format_duration`],
//! beside the parser they round-trip with.

use chrono::offset::LocalResult;
use std::fmt;

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Timelike, Utc,
};
use chrono_tz::{OffsetName, Tz};

use super::local::{overlap_bounds, to_local, LocalOrFixed, LocalTimeError};

/// The zone's abbreviation at `t` (`BST`, `EST`) when it is a word rather
/// than a numeric offset.
fn abbreviation(tz: Tz, t: DateTime<Utc>) -> Option<String> {
    let off = tz.offset_from_utc_datetime(&t.naive_utc());
    off.abbreviation()
        .filter(|a| a.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_string)
}

/// `HH:MM`, or `HH:MM:SS` when the seconds are not zero.
fn fmt_clock(t: &NaiveDateTime) -> String {
    if t.second() == 0 {
        format!("{:02}:{:02}", t.hour(), t.minute())
    } else {
        format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
    }
}

/// `2025-03-30 01:30` (seconds only when not zero).
fn fmt_naive(t: &NaiveDateTime) -> String {
    format!("{} {}", t.date().format("%Y-%m-%d"), fmt_clock(t))
}

/// A date for messages: `Sat 29 Mar 2025`.
pub fn fmt_date(d: NaiveDate) -> String {
    format!(
        "{} {} {} {}",
        d.weekday(),
        d.day(),
        MONTHS[d.month0() as usize % 12],
        d.year()
    )
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

const MONTHS_LONG: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The wall-clock time of `t` in `tz` with a zone abbreviation appended
/// when that wall-clock time occurs twice (so the two are told apart).
fn clock_in(tz: Tz, t: DateTime<Utc>, wall: &NaiveDateTime) -> String {
    let mut s = fmt_clock(wall);
    if matches!(tz.from_local_datetime(wall), LocalResult::Ambiguous(..)) {
        let off = tz.offset_from_utc_datetime(&t.naive_utc()).fix();
        s.push(' ');
        match abbreviation(tz, t) {
            Some(a) => s.push_str(&a),
            None => s.push_str(&off.to_string()),
        }
    }
    s
}

/// An instant for messages, in the zone: `Sat 29 Mar 2025 20:00`.
///
/// Seconds appear only when not zero; a wall-clock time that occurs twice
/// (autumn overlap) gets its abbreviation, `Sun 26 Oct 2025 01:30 BST`.
pub fn fmt_local(tz: Tz, t: DateTime<Utc>) -> String {
    match to_local(tz, t) {
        Some(wall) => format!("{} {}", fmt_date(wall.date()), clock_in(tz, t, &wall)),
        None => t.to_rfc3339(),
    }
}

/// A span `[start, end)` for messages, in the zone, always with the year:
///
/// * same day: `Sat 29 Mar 2025 20:00-22:00`;
/// * ending at the next local midnight: `Sat 29 Mar 2025 00:00-24:00`;
/// * otherwise: `Sat 29 Mar 2025 18:00 - Sun 30 Mar 2025 06:00`.
pub fn fmt_span(tz: Tz, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let (Some(ls), Some(le)) = (to_local(tz, start), to_local(tz, end)) else {
        return format!("{} - {}", fmt_local(tz, start), fmt_local(tz, end));
    };
    if end > start {
        let date = fmt_date(ls.date());
        let from = clock_in(tz, start, &ls);
        if le.date() == ls.date() {
            return format!("{date} {from}-{}", clock_in(tz, end, &le));
        }
        let midnight = le.time() == chrono::NaiveTime::MIN;
        if midnight && ls.date().succ_opt() == Some(le.date()) {
            return format!("{date} {from}-24:00");
        }
    }
    format!("{} - {}", fmt_local(tz, start), fmt_local(tz, end))
}

/// The wall-clock time of `t` in `tz` (UTC's when out of range).
fn wall(tz: Tz, t: DateTime<Utc>) -> NaiveDateTime {
    to_local(tz, t).unwrap_or_else(|| t.naive_utc())
}

/// A month for pages: `March 2026`.
pub fn fmt_month(year: i32, month: u32) -> String {
    let name = MONTHS_LONG[(month.clamp(1, 12) - 1) as usize];
    format!("{name} {year}")
}

/// A clock time for pages: `20:00`.
pub fn fmt_hhmm(t: NaiveTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// The zone's name at `t` for pages: its abbreviation (`GMT`, `BST`,
/// `UTC`), else the offset (`+05:30`).
pub fn zone_label(tz: Tz, t: DateTime<Utc>) -> String {
    let off = tz.offset_from_utc_datetime(&t.naive_utc());
    off.abbreviation()
        .map(str::to_string)
        .unwrap_or_else(|| t.with_timezone(&tz).format("%:z").to_string())
}

/// An instant for pages: `Sat 14 Mar 2026, 20:00 GMT`.
pub fn label_instant(tz: Tz, t: DateTime<Utc>) -> String {
    let l = wall(tz, t);
    format!(
        "{}, {} {}",
        fmt_date(l.date()),
        fmt_hhmm(l.time()),
        zone_label(tz, t)
    )
}

/// A span for pages: `Sat 14 Mar 2026, 20:00–22:00 GMT`, or across days
/// `Sat 14 Mar 2026, 18:00 GMT – Sun 15 Mar 2026, 06:00 GMT`.
pub fn label_span(tz: Tz, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let (ls, le) = (wall(tz, start), wall(tz, end));
    let (za, zb) = (zone_label(tz, start), zone_label(tz, end));
    let ends_at_midnight = le.time() == NaiveTime::MIN && ls.date().succ_opt() == Some(le.date());
    if ends_at_midnight && za == zb {
        return format!(
            "{}, {}\u{2013}24:00 {za}",
            fmt_date(ls.date()),
            fmt_hhmm(ls.time())
        );
    }
    if ls.date() == le.date() && za == zb {
        format!(
            "{}, {}\u{2013}{} {za}",
            fmt_date(ls.date()),
            fmt_hhmm(ls.time()),
            fmt_hhmm(le.time())
        )
    } else {
        format!(
            "{} \u{2013} {}",
            label_instant(tz, start),
            label_instant(tz, end)
        )
    }
}

/// A value as written in a file, for pages: `Sat 14 Mar 2026, 20:00 GMT`
/// (as written when it names no instant).
pub fn label_when(tz: Tz, w: &LocalOrFixed) -> String {
    w.instant(tz)
        .map_or_else(|| w.to_string(), |t| label_instant(tz, t))
}

/// A length for people: `2h`, `1d 12h`, `2h 15m`.
pub fn fmt_length(d: Duration) -> String {
    let mut secs = d.num_seconds().max(0);
    let mut parts = Vec::new();
    for (unit, name) in [(86_400, "d"), (3_600, "h"), (60, "m")] {
        if secs >= unit {
            parts.push(format!("{}{name}", secs / unit));
            secs %= unit;
        }
    }
    if parts.is_empty() {
        parts.push(format!("{secs}s"));
    }
    parts.join(" ")
}

/// An RFC 5545 UTC date-time: `20260314T200000Z`.
pub fn ical_utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// An Atom (RFC 3339) instant: `2026-03-14T20:00:00Z`.
pub fn atom_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// An RFC 5545 date: `20260314`.
pub fn ical_date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// A TOML local date-time, as a help text asks the author to write it:
/// `2026-03-14T20:00:00`.
pub fn toml_local(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// A TOML offset date-time: `2025-10-26T01:30:00+01:00`.
pub fn toml_offset(t: DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

// How a local time that names no single instant reads in a message.
impl fmt::Display for LocalTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocalTimeError::Gap {
                local,
                zone,
                gap_start,
                next_valid,
            } => {
                let one_day = gap_start.date() == local.date() && next_valid.date() == local.date();
                let same_day = |t: &NaiveDateTime| {
                    if one_day {
                        fmt_clock(t)
                    } else {
                        fmt_naive(t)
                    }
                };
                write!(
                    f,
                    "{} does not exist in {}: clocks go forward from {} to {}; use {} or later",
                    fmt_naive(local),
                    zone.name(),
                    same_day(gap_start),
                    same_day(next_valid),
                    same_day(next_valid),
                )
            }
            LocalTimeError::Ambiguous {
                local,
                zone,
                earlier,
                later,
            } => {
                write!(f, "{} occurs twice in {}", fmt_naive(local), zone.name())?;
                if let Some((from, to)) = overlap_bounds(*zone, earlier, later) {
                    let one_day = from.date() == local.date() && to.date() == local.date();
                    let same_day = |t: &NaiveDateTime| {
                        if one_day {
                            fmt_clock(t)
                        } else {
                            fmt_naive(t)
                        }
                    };
                    write!(
                        f,
                        ": clocks go back from {} to {}",
                        same_day(&from),
                        same_day(&to)
                    )?;
                }
                let abbr = |t: &DateTime<FixedOffset>| {
                    abbreviation(*zone, t.with_timezone(&Utc))
                        .map(|a| format!(", {a}"))
                        .unwrap_or_default()
                };
                write!(
                    f,
                    "; write an explicit offset: {} for the first (earlier{}) or {} for the \
                     second (later{})",
                    toml_offset(*earlier),
                    abbr(earlier),
                    toml_offset(*later),
                    abbr(later),
                )
            }
            LocalTimeError::OutOfRange { local, zone } => write!(
                f,
                "{} cannot be converted in {}: it is outside the supported range of dates",
                fmt_naive(local),
                zone.name()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;
    use chrono_tz::Europe::London;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
            .and_utc()
    }

    #[test]
    fn extremes_do_not_panic() {
        let _ = fmt_local(chrono_tz::Pacific::Kiritimati, DateTime::<Utc>::MAX_UTC);
        let _ = fmt_span(
            chrono_tz::Pacific::Pago_Pago,
            DateTime::<Utc>::MIN_UTC,
            DateTime::<Utc>::MAX_UTC,
        );
        let _ = label_span(London, DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
    }

    #[test]
    fn lengths_read_for_people() {
        assert_eq!(fmt_length(Duration::minutes(135)), "2h 15m");
        assert_eq!(fmt_length(Duration::hours(36)), "1d 12h");
        assert_eq!(fmt_length(Duration::seconds(5)), "5s");
    }

    #[test]
    fn page_labels_carry_the_zone() {
        let t = utc(2026, 3, 14, 20, 0);
        assert_eq!(label_instant(London, t), "Sat 14 Mar 2026, 20:00 GMT");
        assert_eq!(
            label_span(London, t, utc(2026, 3, 14, 22, 0)),
            "Sat 14 Mar 2026, 20:00\u{2013}22:00 GMT"
        );
        assert_eq!(fmt_month(2026, 3), "March 2026");
        assert_eq!(ical_utc(t), "20260314T200000Z");
        assert_eq!(
            zone_label(chrono_tz::Asia::Kolkata, t),
            "IST",
            "an abbreviation where the zone has one"
        );
    }

    #[test]
    fn formats_instants_and_spans() {
        assert_eq!(
            fmt_local(London, utc(2025, 3, 29, 20, 0)),
            "Sat 29 Mar 2025 20:00"
        );
        assert_eq!(
            fmt_local(London, utc(2025, 4, 5, 17, 0)),
            "Sat 5 Apr 2025 18:00"
        );
        assert_eq!(
            fmt_local(
                London,
                utc(2025, 4, 5, 17, 0) + TimeDelta::try_seconds(7).unwrap()
            ),
            "Sat 5 Apr 2025 18:00:07"
        );
        assert_eq!(
            fmt_span(London, utc(2025, 3, 29, 20, 0), utc(2025, 3, 29, 22, 0)),
            "Sat 29 Mar 2025 20:00-22:00"
        );
        assert_eq!(
            fmt_span(London, utc(2025, 3, 29, 0, 0), utc(2025, 3, 30, 0, 0)),
            "Sat 29 Mar 2025 00:00-24:00"
        );
        assert_eq!(
            fmt_span(London, utc(2025, 3, 29, 18, 0), utc(2025, 3, 30, 5, 0)),
            "Sat 29 Mar 2025 18:00 - Sun 30 Mar 2025 06:00"
        );
        // Two days apart, ending at midnight: not "24:00".
        assert_eq!(
            fmt_span(London, utc(2025, 3, 28, 0, 0), utc(2025, 3, 30, 0, 0)),
            "Fri 28 Mar 2025 00:00 - Sun 30 Mar 2025 00:00"
        );
        // Across the year end.
        assert_eq!(
            fmt_span(London, utc(2024, 12, 31, 22, 0), utc(2025, 1, 1, 2, 0)),
            "Tue 31 Dec 2024 22:00 - Wed 1 Jan 2025 02:00"
        );
        // Times that occur twice are told apart.
        assert_eq!(
            fmt_span(London, utc(2025, 10, 26, 0, 30), utc(2025, 10, 26, 1, 30)),
            "Sun 26 Oct 2025 01:30 BST-01:30 GMT"
        );
        assert_eq!(
            fmt_date(NaiveDate::from_ymd_opt(2025, 3, 17).unwrap()),
            "Mon 17 Mar 2025"
        );
        // An empty or reversed span still formats.
        assert_eq!(
            fmt_span(London, utc(2025, 3, 29, 22, 0), utc(2025, 3, 29, 20, 0)),
            "Sat 29 Mar 2025 22:00 - Sat 29 Mar 2025 20:00"
        );
    }
}

//! Times for messages, in the calendar's zone and always with the year:
//! `Sat 29 Mar 2025 20:00`, `Sat 29 Mar 2025 20:00-22:00`. A wall-clock
//! time that occurs twice gets its zone abbreviation
//! (`Sun 26 Oct 2025 01:30 GMT`).

use chrono::offset::LocalResult;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike, Utc};
use chrono_tz::{OffsetName, Tz};

use super::local::to_local;

/// The zone's abbreviation at `t` (`BST`, `EST`) when it is a word rather
/// than a numeric offset.
pub(super) fn abbreviation(tz: Tz, t: DateTime<Utc>) -> Option<String> {
    let off = tz.offset_from_utc_datetime(&t.naive_utc());
    off.abbreviation()
        .filter(|a| a.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_string)
}

/// `HH:MM`, or `HH:MM:SS` when the seconds are not zero.
pub(super) fn fmt_clock(t: &NaiveDateTime) -> String {
    if t.second() == 0 {
        format!("{:02}:{:02}", t.hour(), t.minute())
    } else {
        format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
    }
}

/// `2025-03-30 01:30` (seconds only when not zero).
pub(super) fn fmt_naive(t: &NaiveDateTime) -> String {
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

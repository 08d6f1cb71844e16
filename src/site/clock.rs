//! Time as the site shows it: instants read through the shared time
//! layer ([`crate::time`]), periods expanded over a range, and the labels
//! pages print (`Sat 14 Mar 2026, 20:00\u{2013}22:00 GMT`), always with the
//! zone's abbreviation because stakeholders read them across DST changes.

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc,
};
use chrono_tz::{OffsetName, Tz};

use crate::model::{Period, When};
use crate::time::{self, Interval, Recurrence};

/// The instant a wall-clock time in `tz` names (a time in a DST gap moves
/// forward, an ambiguous one is the earlier instant).
pub fn resolve_local(tz: Tz, t: NaiveDateTime) -> Option<DateTime<Utc>> {
    time::resolve_local_lenient(tz, t)
}

/// The instant a value as written names.
pub fn resolve(tz: Tz, w: &When) -> Option<DateTime<Utc>> {
    w.instant(tz)
}

/// The wall-clock time of `t` in `tz`.
pub fn to_local(tz: Tz, t: DateTime<Utc>) -> NaiveDateTime {
    time::to_local(tz, t).unwrap_or_else(|| t.naive_utc())
}

/// `"2h"`, `"90m"`, `"1d12h"` as a length, if valid.
pub fn parse_duration(s: &str) -> Option<Duration> {
    time::parse_duration(s).ok()
}

/// One occurrence of a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub name: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Occurrences of `period` that overlap `[from, to)`, in start order; a
/// period that does not compile has none (the loader reports it).
pub fn occurrences(tz: Tz, p: &Period, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Occurrence> {
    let Ok(rec) = p.spec().and_then(|s| Recurrence::new(&s, tz)) else {
        return Vec::new();
    };
    let Ok(range) = Interval::new(from, to) else {
        return Vec::new();
    };
    rec.occurrences(&range)
        .into_iter()
        .map(|iv| Occurrence {
            name: p.name.get_ref().clone(),
            start: iv.start,
            end: iv.end,
        })
        .collect()
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

/// `Sat 14 Mar 2026`.
pub fn fmt_date(d: NaiveDate) -> String {
    format!(
        "{} {} {} {}",
        d.weekday(),
        d.day(),
        MONTHS[d.month0() as usize],
        d.year()
    )
}

/// `March 2026`.
pub fn fmt_month(year: i32, month: u32) -> String {
    let name = MONTHS_LONG[(month.clamp(1, 12) - 1) as usize];
    format!("{name} {year}")
}

/// `20:00`.
pub fn fmt_clock(t: NaiveTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// The zone's abbreviation at `t` (`GMT`, `BST`, `UTC`).
pub fn abbreviation(tz: Tz, t: DateTime<Utc>) -> String {
    let off = tz.offset_from_utc_datetime(&t.naive_utc());
    off.abbreviation()
        .map(str::to_string)
        .unwrap_or_else(|| t.with_timezone(&tz).format("%:z").to_string())
}

/// `Sat 14 Mar 2026, 20:00 GMT`.
pub fn fmt_instant(tz: Tz, t: DateTime<Utc>) -> String {
    let l = to_local(tz, t);
    format!(
        "{}, {} {}",
        fmt_date(l.date()),
        fmt_clock(l.time()),
        abbreviation(tz, t)
    )
}

/// A value as written, shown in the zone: `Sat 14 Mar 2026, 20:00 GMT`.
pub fn fmt_when(tz: Tz, w: &When) -> String {
    resolve(tz, w).map_or_else(|| w.to_string(), |t| fmt_instant(tz, t))
}

/// `Sat 14 Mar 2026, 20:00–22:00 GMT`, or across days
/// `Sat 14 Mar 2026, 18:00 GMT – Sun 15 Mar 2026, 06:00 GMT`.
pub fn fmt_span(tz: Tz, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let (ls, le) = (to_local(tz, start), to_local(tz, end));
    let (za, zb) = (abbreviation(tz, start), abbreviation(tz, end));
    let ends_at_midnight = le.time() == NaiveTime::MIN && ls.date().succ_opt() == Some(le.date());
    if ends_at_midnight && za == zb {
        return format!(
            "{}, {}\u{2013}24:00 {za}",
            fmt_date(ls.date()),
            fmt_clock(ls.time())
        );
    }
    if ls.date() == le.date() && za == zb {
        format!(
            "{}, {}\u{2013}{} {za}",
            fmt_date(ls.date()),
            fmt_clock(ls.time()),
            fmt_clock(le.time())
        )
    } else {
        format!(
            "{} \u{2013} {}",
            fmt_instant(tz, start),
            fmt_instant(tz, end)
        )
    }
}

/// `2h`, `1d 12h`, `2h 15m`: a length for people.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn london() -> Tz {
        "Europe/London".parse().unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn lengths_read_for_people() {
        assert_eq!(fmt_length(Duration::minutes(135)), "2h 15m");
        assert_eq!(fmt_length(Duration::hours(36)), "1d 12h");
        assert_eq!(fmt_length(Duration::seconds(5)), "5s");
    }

    #[test]
    fn weekly_windows_stay_local_across_dst() {
        let p: Period = toml::from_str(
            "name = \"Sat\"\nrrule = \"FREQ=WEEKLY;BYDAY=SA\"\nstart = \"18:00\"\nend = \"06:00\"\n",
        )
        .unwrap();
        let tz = london();
        let from = resolve_local(tz, day(2026, 3, 21).and_hms_opt(0, 0, 0).unwrap()).unwrap();
        let to = resolve_local(tz, day(2026, 4, 5).and_hms_opt(0, 0, 0).unwrap()).unwrap();
        let occ = occurrences(tz, &p, from, to);
        let labels: Vec<String> = occ.iter().map(|o| fmt_span(tz, o.start, o.end)).collect();
        assert_eq!(
            labels,
            [
                "Sat 21 Mar 2026, 18:00 GMT \u{2013} Sun 22 Mar 2026, 06:00 GMT",
                "Sat 28 Mar 2026, 18:00 GMT \u{2013} Sun 29 Mar 2026, 06:00 BST",
                "Sat 4 Apr 2026, 18:00 BST \u{2013} Sun 5 Apr 2026, 06:00 BST",
            ]
        );
        assert_eq!(
            fmt_span(tz, occ[2].start, occ[2].start + Duration::hours(6)),
            "Sat 4 Apr 2026, 18:00\u{2013}24:00 BST"
        );
        // The night the clocks go forward is an hour shorter.
        assert_eq!(occ[1].end - occ[1].start, Duration::hours(11));
    }
}

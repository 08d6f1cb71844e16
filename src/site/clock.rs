//! Time for the site: the calendar's zone, release windows as instants,
//! recurring periods expanded over a range, and the labels pages show.
//!
//! A small bridge kept in one place so that it can give way to the shared
//! time layer (`crate::time`) without touching the rest of `site`.
//! Local date-times are read in the calendar's zone the RFC 5545 way: a
//! time in a spring-forward gap moves forward by the gap, an ambiguous one
//! is the first of its two instants.

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc,
};
use chrono_tz::{OffsetName, Tz};

use crate::load::Repo;
use crate::model::{Period, When, Window};

/// The calendar's time zone (UTC when absent or not a zone name).
pub fn zone(repo: &Repo) -> Tz {
    repo.calendar
        .def
        .timezone
        .as_ref()
        .and_then(|t| t.get_ref().parse().ok())
        .unwrap_or(chrono_tz::UTC)
}

/// The instant a wall-clock time in `tz` names, leniently.
pub fn resolve_local(tz: Tz, t: NaiveDateTime) -> Option<DateTime<Utc>> {
    use chrono::offset::LocalResult;
    match tz.from_local_datetime(&t) {
        LocalResult::Single(d) => Some(d.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, _) => Some(a.with_timezone(&Utc)),
        LocalResult::None => {
            // In a gap: read with the offset from before it.
            let before = tz.from_local_datetime(&(t - Duration::hours(3))).earliest()?;
            let offset = before.offset().clone();
            let utc = t - Duration::seconds(i64::from(offset_seconds(&offset)));
            Some(Utc.from_utc_datetime(&utc))
        }
    }
}

fn offset_seconds(o: &<Tz as TimeZone>::Offset) -> i32 {
    use chrono::Offset;
    o.fix().local_minus_utc()
}

/// The instant a value as written names.
pub fn resolve(tz: Tz, w: &When) -> Option<DateTime<Utc>> {
    match w {
        When::Local(t) => resolve_local(tz, *t),
        When::Offset(t) => Some(t.with_timezone(&Utc)),
    }
}

/// The wall-clock time of `t` in `tz`.
pub fn to_local(tz: Tz, t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&tz).naive_local()
}

/// `"2h"`, `"90m"`, `"1d12h"`: days, hours, minutes and seconds, largest
/// first. `None` for anything else or zero.
pub fn parse_duration(s: &str) -> Option<Duration> {
    let mut total: i64 = 0;
    let mut number = String::new();
    for c in s.trim().chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            'w' => 604_800,
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        let n: i64 = number.parse().ok()?;
        number.clear();
        total = total.checked_add(n.checked_mul(unit)?)?;
    }
    (number.is_empty() && total > 0)
        .then(|| Duration::try_seconds(total))
        .flatten()
}

/// `"HH:MM"` as a time of day.
pub fn parse_clock(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").ok()
}

/// A release window as a half-open UTC interval. `end = "HH:MM"` is the
/// first such wall-clock time after the start.
pub fn window(tz: Tz, w: &Window) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let start = resolve(tz, w.start.get_ref())?;
    let end = match (&w.duration, &w.end) {
        (Some(d), _) => start + parse_duration(d.get_ref())?,
        (None, Some(e)) => {
            let local = to_local(tz, start);
            let clock = parse_clock(e.get_ref())?;
            let mut day = local.date();
            if clock <= local.time() {
                day = day.succ_opt()?;
            }
            resolve_local(tz, day.and_time(clock))?
        }
        (None, None) => return None,
    };
    (end > start).then_some((start, end))
}

/// One occurrence of a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub name: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// The end of an occurrence that starts at local `start`.
fn period_end(tz: Tz, p: &Period, start_local: NaiveDateTime) -> Option<DateTime<Utc>> {
    let start = resolve_local(tz, start_local)?;
    match (&p.duration, &p.end) {
        (Some(d), _) => Some(start + parse_duration(d.get_ref())?),
        (None, Some(e)) => {
            let clock = parse_clock(e.get_ref())?;
            let mut day = start_local.date();
            if clock <= start_local.time() {
                day = day.succ_opt()?;
            }
            resolve_local(tz, day.and_time(clock))
        }
        (None, None) => None,
    }
}

/// Occurrences of `period` that overlap `[from, to)`, in start order.
/// A one-off period (`from`/`until`) is one occurrence; a recurring one is
/// expanded from its RRULE in the zone, anchored a week before `from`
/// (longer than any sensible occurrence) so that one already under way
/// at `from` is included.
pub fn occurrences(tz: Tz, p: &Period, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Occurrence> {
    let name = p.name.get_ref().clone();
    if let (Some(a), Some(b)) = (&p.from, &p.until) {
        let (Some(s), Some(e)) = (resolve(tz, a.get_ref()), resolve(tz, b.get_ref())) else {
            return Vec::new();
        };
        return if s < to && e > from && e > s {
            vec![Occurrence {
                name,
                start: s,
                end: e,
            }]
        } else {
            Vec::new()
        };
    }
    let (Some(rule), Some(start)) = (&p.rrule, &p.start) else {
        return Vec::new();
    };
    let Some(clock) = parse_clock(start.get_ref()) else {
        return Vec::new();
    };
    let anchor_day = to_local(tz, from - Duration::days(8)).date();
    let Some(dtstart) = anchor_local(tz, anchor_day, clock) else {
        return Vec::new();
    };
    let Ok(unvalidated) = rule.get_ref().parse::<rrule::RRule<rrule::Unvalidated>>() else {
        return Vec::new();
    };
    let Ok(set) = unvalidated.build(dtstart) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for occ in set.into_iter() {
        let local = occ.naive_local();
        let Some(s) = resolve_local(tz, local) else {
            continue;
        };
        if s >= to {
            break;
        }
        let Some(e) = period_end(tz, p, local) else {
            break;
        };
        if e > from {
            out.push(Occurrence {
                name: name.clone(),
                start: s,
                end: e,
            });
        }
        // A guard against rules that recur every second.
        if out.len() > 100_000 {
            break;
        }
    }
    out
}

fn anchor_local(tz: Tz, day: NaiveDate, clock: NaiveTime) -> Option<DateTime<rrule::Tz>> {
    let rtz = rrule::Tz::Tz(tz);
    rtz.from_local_datetime(&day.and_time(clock)).earliest()
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
    if ls.date() == le.date() && za == zb {
        format!(
            "{}, {}\u{2013}{} {za}",
            fmt_date(ls.date()),
            fmt_clock(ls.time()),
            fmt_clock(le.time())
        )
    } else {
        format!("{} \u{2013} {}", fmt_instant(tz, start), fmt_instant(tz, end))
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

/// Whether `d` is a business day: Monday to Friday and not a holiday.
pub fn is_business_day(d: NaiveDate, holidays: &[NaiveDate]) -> bool {
    d.weekday().num_days_from_monday() < 5 && holidays.binary_search(&d).is_err()
}

/// The date `n` business days before `d` (`holidays` sorted).
pub fn business_days_before(d: NaiveDate, n: u32, holidays: &[NaiveDate]) -> Option<NaiveDate> {
    let mut day = d;
    let mut left = n;
    while left > 0 {
        day = day.pred_opt()?;
        if is_business_day(day, holidays) {
            left -= 1;
        }
    }
    Some(day)
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
    fn durations_parse_largest_unit_first() {
        assert_eq!(parse_duration("2h"), Some(Duration::hours(2)));
        assert_eq!(parse_duration("1d12h"), Some(Duration::hours(36)));
        assert_eq!(parse_duration("90m"), Some(Duration::minutes(90)));
        assert_eq!(parse_duration("0h"), None);
        assert_eq!(parse_duration("2x"), None);
        assert_eq!(parse_duration("12"), None);
        assert_eq!(fmt_length(Duration::minutes(135)), "2h 15m");
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
        // The night the clocks go forward is an hour shorter.
        assert_eq!(occ[1].end - occ[1].start, Duration::hours(11));
    }

    #[test]
    fn business_days_skip_weekends_and_holidays() {
        let holidays = [day(2026, 4, 6)];
        // Tuesday 7 April 2026, 3 business days before: Fri 3, Thu 2, Wed 1
        // (Monday 6 is a holiday, the weekend does not count).
        assert_eq!(
            business_days_before(day(2026, 4, 7), 3, &holidays),
            Some(day(2026, 4, 1))
        );
    }
}

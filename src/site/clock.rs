//! Time as the site reads it: instants through the shared time layer
//! ([`crate::time`]), never failing (a page shows something for any
//! value), and periods expanded over a range. How they read on a page is
//! [`crate::time::format`].

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use chrono_tz::Tz;

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
    /// The zone the period is read in (its own, else the calendar's).
    pub zone: Tz,
}

/// Occurrences of `period` that overlap `[from, to)`, in start order, read
/// in the period's zone (`tz`, the calendar's, unless it names one); a
/// period that does not compile has none (the loader reports it).
pub fn occurrences(tz: Tz, p: &Period, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Occurrence> {
    let Ok(zone) = p.zone(tz) else {
        return Vec::new();
    };
    let Ok(rec) = p.spec().and_then(|s| Recurrence::new(&s, zone)) else {
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
            zone,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn london() -> Tz {
        "Europe/London".parse().unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
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
        let labels: Vec<String> = occ
            .iter()
            .map(|o| time::label_span(tz, o.start, o.end))
            .collect();
        assert_eq!(
            labels,
            [
                "Sat 21 Mar 2026, 18:00 GMT \u{2013} Sun 22 Mar 2026, 06:00 GMT",
                "Sat 28 Mar 2026, 18:00 GMT \u{2013} Sun 29 Mar 2026, 06:00 BST",
                "Sat 4 Apr 2026, 18:00 BST \u{2013} Sun 5 Apr 2026, 06:00 BST",
            ]
        );
        assert_eq!(
            time::label_span(tz, occ[2].start, occ[2].start + Duration::hours(6)),
            "Sat 4 Apr 2026, 18:00\u{2013}24:00 BST"
        );
        // The night the clocks go forward is an hour shorter.
        assert_eq!(occ[1].end - occ[1].start, Duration::hours(11));
    }
}

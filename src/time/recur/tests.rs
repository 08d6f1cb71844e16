//! Unit tests for [`Recurrence`]: expansion across DST changes, bounds,
//! lookups, and (in `prop`) property tests against brute-force expansion.
//! The helpers here are shared with the tests beside `error` and
//! `expanded`.

use super::*;
use crate::time::format::fmt_span;
use crate::time::local::LocalOrFixed;
use chrono::Timelike;
use chrono_tz::America::New_York;
use chrono_tz::Europe::London;
use proptest::prelude::*;

pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub(super) fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    date(y, m, d).and_hms_opt(h, min, 0).unwrap().and_utc()
}

pub(super) fn hm(s: &str) -> NaiveTime {
    parse_hhmm(s).unwrap()
}

pub(super) fn iv(a: DateTime<Utc>, b: DateTime<Utc>) -> Interval {
    Interval::new(a, b).unwrap()
}

pub(super) fn recurring(
    rule: &str,
    start: &str,
    duration: Option<&str>,
    end: Option<&str>,
) -> PeriodSpec {
    PeriodSpec {
        rrule: Some(rule.to_string()),
        start: Some(hm(start)),
        length: Length::from_fields(duration, end).unwrap(),
        from: None,
        until: None,
    }
}

pub(super) fn rec(spec: &PeriodSpec, tz: Tz) -> Recurrence {
    Recurrence::new(spec, tz).unwrap_or_else(|e| panic!("{e}"))
}

pub(super) fn local_dt(y: i32, m: u32, d: u32, h: u32, min: u32) -> LocalOrFixed {
    LocalOrFixed::Local(date(y, m, d).and_hms_opt(h, min, 0).unwrap())
}

pub(super) fn spans(tz: Tz, occ: &[Interval]) -> Vec<String> {
    occ.iter().map(|o| fmt_span(tz, o.start, o.end)).collect()
}

#[test]
fn saturday_evening_stays_local_across_london_spring_change() {
    let r = rec(
        &recurring("FREQ=WEEKLY;BYDAY=SA", "18:00", Some("12h"), None),
        London,
    );
    let occ = r.occurrences(&iv(utc(2025, 3, 20, 0, 0), utc(2025, 4, 10, 0, 0)));
    let starts: Vec<_> = occ.iter().map(|o| o.start).collect();
    assert_eq!(
        starts,
        vec![
            utc(2025, 3, 22, 18, 0),
            utc(2025, 3, 29, 18, 0),
            utc(2025, 4, 5, 17, 0)
        ]
    );
    assert!(occ
        .iter()
        .all(|o| o.duration() == TimeDelta::try_hours(12).unwrap()));
    assert_eq!(
        spans(London, &occ),
        vec![
            "Sat 22 Mar 2025 18:00 - Sun 23 Mar 2025 06:00",
            // 12 h of elapsed time across the change ends at 07:00 BST.
            "Sat 29 Mar 2025 18:00 - Sun 30 Mar 2025 07:00",
            "Sat 5 Apr 2025 18:00 - Sun 6 Apr 2025 06:00",
        ]
    );
}

#[test]
fn exact_duration_and_wall_end_on_the_night_the_clocks_go_back() {
    let exact = rec(
        &recurring("FREQ=WEEKLY;BYDAY=SA", "18:00", Some("12h"), None),
        London,
    );
    let night = iv(utc(2025, 10, 25, 12, 0), utc(2025, 10, 26, 12, 0));
    let occ = exact.occurrences(&night);
    assert_eq!(
        occ,
        vec![iv(utc(2025, 10, 25, 17, 0), utc(2025, 10, 26, 5, 0))]
    );
    assert_eq!(
        spans(London, &occ),
        vec!["Sat 25 Oct 2025 18:00 - Sun 26 Oct 2025 05:00"]
    );
    let wall = rec(
        &recurring("FREQ=WEEKLY;BYDAY=SA", "18:00", None, Some("06:00")),
        London,
    );
    let occ = wall.occurrences(&night);
    assert_eq!(
        occ,
        vec![iv(utc(2025, 10, 25, 17, 0), utc(2025, 10, 26, 6, 0))]
    );
    assert_eq!(occ[0].duration(), TimeDelta::try_hours(13).unwrap());
    assert_eq!(
        spans(London, &occ),
        vec!["Sat 25 Oct 2025 18:00 - Sun 26 Oct 2025 06:00"]
    );
    // A week later: 12 h again.
    let next = wall
        .next_occurrence_at_or_after(utc(2025, 10, 27, 0, 0))
        .unwrap();
    assert_eq!(next, iv(utc(2025, 11, 1, 18, 0), utc(2025, 11, 2, 6, 0)));
}

#[test]
fn new_york_march_and_november() {
    let r = rec(
        &recurring("FREQ=WEEKLY;BYDAY=SA", "18:00", Some("12h"), None),
        New_York,
    );
    let starts =
        |a, b| -> Vec<DateTime<Utc>> { r.occurrences(&iv(a, b)).iter().map(|o| o.start).collect() };
    // New York changes on Sunday 9 March and Sunday 2 November 2025.
    assert_eq!(
        starts(utc(2025, 3, 7, 0, 0), utc(2025, 3, 17, 0, 0)),
        vec![utc(2025, 3, 8, 23, 0), utc(2025, 3, 15, 22, 0)]
    );
    assert_eq!(
        starts(utc(2025, 10, 31, 0, 0), utc(2025, 11, 10, 0, 0)),
        vec![utc(2025, 11, 1, 22, 0), utc(2025, 11, 8, 23, 0)]
    );
    // 12 h from 18:00 EDT on 1 November ends 05:00 EST.
    let occ = r.occurrence_containing(utc(2025, 11, 2, 9, 59)).unwrap();
    assert_eq!(occ.end, utc(2025, 11, 2, 10, 0));
    assert_eq!(to_local(New_York, occ.end).unwrap().hour(), 5);
    let wall = rec(
        &recurring("FREQ=WEEKLY;BYDAY=SA", "18:00", None, Some("06:00")),
        New_York,
    );
    let occ = wall
        .occurrence_containing(utc(2025, 11, 2, 10, 30))
        .unwrap();
    assert_eq!(occ.end, utc(2025, 11, 2, 11, 0));
    let occ = wall.occurrence_containing(utc(2025, 3, 9, 3, 0)).unwrap();
    assert_eq!(occ, iv(utc(2025, 3, 8, 23, 0), utc(2025, 3, 9, 10, 0)));
    assert_eq!(occ.duration(), TimeDelta::try_hours(11).unwrap());
}

fn days_of(r: &Recurrence, a: DateTime<Utc>, b: DateTime<Utc>) -> Vec<u32> {
    r.occurrences(&iv(a, b))
        .iter()
        .map(|o| to_local(r.zone(), o.start).unwrap().day())
        .collect()
}

#[test]
fn month_end_blackout_in_short_and_long_months() {
    let r = rec(
        &recurring(
            "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31,1,2",
            "00:00",
            Some("24h"),
            None,
        ),
        London,
    );
    // February 2025 has 28 days: the 28th, then 1 and 2 March.
    assert_eq!(
        days_of(&r, utc(2025, 2, 3, 0, 0), utc(2025, 3, 3, 0, 0)),
        vec![28, 1, 2]
    );
    // March has 31, April 30.
    assert_eq!(
        days_of(&r, utc(2025, 3, 3, 0, 0), utc(2025, 4, 3, 0, 0)),
        vec![28, 29, 30, 31, 1, 2]
    );
    assert_eq!(
        days_of(&r, utc(2025, 4, 3, 0, 0), utc(2025, 5, 2, 23, 0)),
        vec![28, 29, 30, 1, 2]
    );
    // Sunday 30 March 2025 is a 23-hour day in London: the exact 24 h
    // blackout starting at its midnight runs to 01:00 on the 31st.
    let occ = r.occurrence_containing(utc(2025, 3, 30, 12, 0)).unwrap();
    assert_eq!(occ, iv(utc(2025, 3, 30, 0, 0), utc(2025, 3, 31, 0, 0)));
    assert_eq!(
        fmt_span(London, occ.start, occ.end),
        "Sun 30 Mar 2025 00:00 - Mon 31 Mar 2025 01:00"
    );
    // With end = "00:00" each blackout is the whole wall-clock day.
    let days = rec(
        &recurring(
            "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31,1,2",
            "00:00",
            None,
            Some("00:00"),
        ),
        London,
    );
    let occ = days.occurrence_containing(utc(2025, 3, 30, 12, 0)).unwrap();
    assert_eq!(
        fmt_span(London, occ.start, occ.end),
        "Sun 30 Mar 2025 00:00-24:00"
    );
    assert_eq!(occ.duration(), TimeDelta::try_hours(23).unwrap());
    let twenty_four = rec(
        &recurring(
            "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31,1,2",
            "00:00",
            None,
            Some("24:00"),
        ),
        London,
    );
    assert_eq!(
        twenty_four.occurrence_containing(utc(2025, 3, 30, 12, 0)),
        Some(occ)
    );
}

#[test]
fn start_in_a_gap_shifts_and_ambiguous_start_takes_the_first() {
    let r = rec(&recurring("FREQ=DAILY", "01:30", Some("1h"), None), London);
    let occ = r.occurrences(&iv(utc(2025, 3, 29, 12, 0), utc(2025, 3, 31, 12, 0)));
    assert_eq!(
        occ.iter().map(|o| o.start).collect::<Vec<_>>(),
        // 01:30 GMT; 01:30 in the gap = 02:30 BST = 01:30Z; 01:30 BST.
        vec![utc(2025, 3, 30, 1, 30), utc(2025, 3, 31, 0, 30)]
    );
    let occ = r.occurrences(&iv(utc(2025, 10, 25, 12, 0), utc(2025, 10, 26, 12, 0)));
    assert_eq!(
        occ,
        vec![iv(utc(2025, 10, 26, 0, 30), utc(2025, 10, 26, 1, 30))]
    );
    // Havana springs forward at midnight: the occurrence is kept and
    // moved to 01:00 (expansion inside the rrule crate would drop it).
    let havana = chrono_tz::America::Havana;
    let r = rec(&recurring("FREQ=DAILY", "00:00", Some("2h"), None), havana);
    let occ = r.occurrences(&iv(utc(2025, 3, 8, 12, 0), utc(2025, 3, 10, 12, 0)));
    assert_eq!(
        occ.iter()
            .map(|o| to_local(havana, o.start).unwrap())
            .collect::<Vec<_>>(),
        vec![
            date(2025, 3, 9).and_hms_opt(1, 0, 0).unwrap(),
            date(2025, 3, 10).and_hms_opt(0, 0, 0).unwrap(),
        ]
    );
}

#[test]
fn an_occurrence_running_into_the_range_is_included() {
    let r = rec(
        &recurring("FREQ=WEEKLY;BYDAY=SA", "18:00", Some("12h"), None),
        London,
    );
    let range = iv(utc(2025, 3, 30, 3, 0), utc(2025, 3, 30, 4, 0));
    assert_eq!(
        r.occurrences(&range),
        vec![iv(utc(2025, 3, 29, 18, 0), utc(2025, 3, 30, 6, 0))]
    );
    // Touching is not overlapping.
    let after = iv(utc(2025, 3, 30, 6, 0), utc(2025, 3, 30, 7, 0));
    assert!(r.occurrences(&after).is_empty());
    // A long duration reaches back further than the period.
    let long = rec(&recurring("FREQ=DAILY", "00:00", Some("3d"), None), Tz::UTC);
    assert_eq!(long.occurrences(&range).len(), 3);
}

#[test]
fn covering_needs_one_occurrence() {
    let r = rec(
        &recurring("FREQ=WEEKLY;BYDAY=SA", "18:00", Some("12h"), None),
        London,
    );
    let release = iv(utc(2025, 3, 15, 20, 0), utc(2025, 3, 15, 22, 0));
    assert_eq!(
        r.covering(&release),
        Some(iv(utc(2025, 3, 15, 18, 0), utc(2025, 3, 16, 6, 0)))
    );
    // Exactly the occurrence is covered; one minute more is not.
    let whole = iv(utc(2025, 3, 15, 18, 0), utc(2025, 3, 16, 6, 0));
    assert_eq!(r.covering(&whole), Some(whole));
    assert_eq!(r.covering(&iv(whole.start, utc(2025, 3, 16, 6, 1))), None);
    assert_eq!(
        r.covering(&iv(utc(2025, 3, 14, 20, 0), utc(2025, 3, 14, 22, 0))),
        None
    );
    // Adjacent daily occurrences are not merged.
    let daily = rec(
        &recurring("FREQ=DAILY", "00:00", Some("24h"), None),
        Tz::UTC,
    );
    let across = iv(utc(2025, 3, 15, 23, 0), utc(2025, 3, 16, 1, 0));
    assert_eq!(daily.covering(&across), None);
    assert_eq!(daily.occurrences(&across).len(), 2);
    let e = daily.expand(&iv(utc(2025, 3, 1, 0, 0), utc(2025, 4, 1, 0, 0)));
    assert_eq!(e.covering(&across), None);
    assert_eq!(e.overlapping(&across).len(), 2);
}

#[test]
fn next_and_containing() {
    let r = rec(
        &recurring("FREQ=WEEKLY;BYDAY=SA", "18:00", Some("12h"), None),
        London,
    );
    let sat = iv(utc(2025, 3, 15, 18, 0), utc(2025, 3, 16, 6, 0));
    assert_eq!(
        r.next_occurrence_at_or_after(utc(2025, 3, 15, 18, 0)),
        Some(sat)
    );
    assert_eq!(
        r.next_occurrence_at_or_after(utc(2025, 3, 10, 0, 0)),
        Some(sat)
    );
    assert_eq!(
        r.next_occurrence_at_or_after(utc(2025, 3, 15, 18, 1))
            .map(|o| o.start),
        Some(utc(2025, 3, 22, 18, 0))
    );
    assert_eq!(r.occurrence_containing(utc(2025, 3, 16, 5, 59)), Some(sat));
    assert_eq!(r.occurrence_containing(utc(2025, 3, 16, 6, 0)), None);
    assert_eq!(r.occurrence_containing(utc(2025, 3, 15, 18, 0)), Some(sat));
}

#[test]
fn one_off_periods() {
    let spec = PeriodSpec {
        from: Some(local_dt(2024, 12, 15, 0, 0)),
        until: Some(local_dt(2025, 1, 6, 0, 0)),
        ..PeriodSpec::default()
    };
    let r = rec(&spec, London);
    let freeze = iv(utc(2024, 12, 15, 0, 0), utc(2025, 1, 6, 0, 0));
    assert_eq!(r.one_off(), Some(freeze));
    assert!(!r.is_recurring());
    assert_eq!(
        r.occurrences(&iv(utc(2024, 12, 31, 0, 0), utc(2025, 1, 1, 0, 0))),
        vec![freeze]
    );
    assert!(r
        .occurrences(&iv(utc(2025, 1, 6, 0, 0), utc(2025, 1, 7, 0, 0)))
        .is_empty());
    assert_eq!(
        r.covering(&iv(utc(2024, 12, 20, 0, 0), utc(2024, 12, 21, 0, 0))),
        Some(freeze)
    );
    assert_eq!(
        r.next_occurrence_at_or_after(utc(2024, 12, 1, 0, 0)),
        Some(freeze)
    );
    assert_eq!(r.next_occurrence_at_or_after(utc(2024, 12, 15, 0, 1)), None);
    // A summer one-off in London is in BST.
    let spec = PeriodSpec {
        from: Some(local_dt(2025, 6, 1, 9, 0)),
        until: Some(LocalOrFixed::Fixed(
            DateTime::parse_from_rfc3339("2025-06-01T17:00:00+02:00").unwrap(),
        )),
        ..PeriodSpec::default()
    };
    assert_eq!(
        rec(&spec, London).one_off(),
        Some(iv(utc(2025, 6, 1, 8, 0), utc(2025, 6, 1, 15, 0)))
    );
}

#[test]
fn from_and_until_bound_a_recurrence_and_anchor_interval() {
    let mut spec = recurring("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA", "18:00", Some("4h"), None);
    spec.from = Some(local_dt(2025, 3, 8, 0, 0));
    spec.until = Some(local_dt(2025, 5, 1, 0, 0));
    let r = rec(&spec, London);
    let days = days_of(&r, utc(2025, 1, 1, 0, 0), utc(2025, 12, 31, 0, 0));
    assert_eq!(days, vec![8, 22, 5, 19]);
    // The same series queried far from its start keeps its phase.
    spec.until = None;
    let r = rec(&spec, London);
    let far = r.occurrences(&iv(utc(2027, 6, 1, 0, 0), utc(2027, 7, 1, 0, 0)));
    let weeks: Vec<i64> = far
        .iter()
        .map(|o| (o.start.date_naive() - date(2025, 3, 8)).num_days() % 14)
        .collect();
    assert_eq!(weeks, vec![0, 0]);
    // FREQ=WEEKLY without BYDAY takes the weekday of `from`.
    let mut spec = recurring("FREQ=WEEKLY", "09:00", Some("1h"), None);
    spec.from = Some(local_dt(2025, 3, 5, 0, 0)); // a Wednesday
    let r = rec(&spec, London);
    let occ = r
        .next_occurrence_at_or_after(utc(2026, 1, 1, 0, 0))
        .unwrap();
    assert_eq!(occ.start, utc(2026, 1, 7, 9, 0));
    // COUNT counts from `from`.
    let mut spec = recurring("FREQ=DAILY;COUNT=3", "09:00", Some("1h"), None);
    spec.from = Some(local_dt(2025, 3, 5, 12, 0)); // after 09:00: starts the 6th
    let r = rec(&spec, London);
    assert_eq!(
        days_of(&r, utc(2025, 3, 1, 0, 0), utc(2025, 4, 1, 0, 0)),
        vec![6, 7]
    );
    // The RRULE's own UNTIL is inclusive, in local time or UTC.
    let r = rec(
        &recurring(
            "FREQ=DAILY;UNTIL=20250305T090000",
            "09:00",
            Some("1h"),
            None,
        ),
        London,
    );
    assert_eq!(
        r.next_occurrence_at_or_after(utc(2025, 3, 5, 0, 0))
            .map(|o| o.start),
        Some(utc(2025, 3, 5, 9, 0))
    );
    assert_eq!(r.next_occurrence_at_or_after(utc(2025, 3, 5, 9, 1)), None);
    let r = rec(
        &recurring("FREQ=DAILY;UNTIL=20250605", "09:00", Some("1h"), None),
        London,
    );
    assert_eq!(
        r.next_occurrence_at_or_after(utc(2025, 6, 5, 0, 0))
            .map(|o| o.start),
        Some(utc(2025, 6, 5, 8, 0))
    );
    assert_eq!(r.next_occurrence_at_or_after(utc(2025, 6, 5, 9, 0)), None);
    let r = rec(
        &recurring(
            "FREQ=DAILY;UNTIL=20250605T075959Z",
            "09:00",
            Some("1h"),
            None,
        ),
        London,
    );
    assert_eq!(r.next_occurrence_at_or_after(utc(2025, 6, 4, 9, 0)), None);
}

mod prop;

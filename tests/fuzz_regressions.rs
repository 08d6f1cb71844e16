//! What the fuzz targets (fuzz/) found, kept as ordinary tests.

use chrono::{TimeDelta, TimeZone, Utc};
use trainyard::feeds::ics::Writer;
use trainyard::time::{parse_hhmm, Interval, Length, PeriodSpec, Recurrence};

/// A URL value is written as given, leading space included, and a reader
/// gets it back unchanged.
#[test]
fn a_raw_value_with_a_leading_space_reads_back_unchanged() {
    let mut w = Writer::new();
    w.begin("VCALENDAR");
    w.raw("VERSION", "2.0");
    w.raw("PRODID", "-//trainyard//test//EN");
    w.begin("VEVENT");
    w.raw("UID", "x@trainyard");
    w.raw("URL", " 12");
    w.end("VEVENT");
    w.end("VCALENDAR");
    let doc = w.finish();
    let unfolded = icalendar::parser::unfold(&doc);
    let cal = icalendar::parser::read_calendar(&unfolded).unwrap();
    let url = cal.components[0]
        .find_prop("URL")
        .unwrap()
        .val
        .as_str()
        .to_string();
    assert_eq!(url, " 12");
}

/// Daily occurrences that each last 30 weeks overlap one another: a span
/// sees one starting each day in it and each of the 210 days before.
#[test]
fn daily_occurrences_longer_than_a_day_are_all_listed_and_sorted() {
    let spec = PeriodSpec {
        rrule: Some("FREQ=DAILY;".into()),
        start: Some(parse_hhmm("01:30").unwrap()),
        length: Length::from_fields(Some("30w"), None).unwrap(),
        from: None,
        until: None,
    };
    let rec = Recurrence::new(&spec, chrono_tz::Europe::London).unwrap();
    assert_eq!(rec.max_length(), TimeDelta::days(210));
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let horizon = Interval::new(start, start + TimeDelta::days(731)).unwrap();
    let all = rec.expand(&horizon).all().to_vec();
    assert!(
        (731 + 209..=731 + 211).contains(&all.len()),
        "{} occurrences",
        all.len()
    );
    assert!(all.windows(2).all(|p| p[0].start < p[1].start));
    assert!(all.iter().all(|iv| iv.overlaps(&horizon) && !iv.is_empty()));
}

/// The `rrule` crate panics on a character of more than one byte in some
/// places of a rule; such a rule is refused before it gets there.
#[test]
fn an_rrule_with_a_non_ascii_character_is_refused_not_a_panic() {
    for rrule in [
        "FREQ=WEEKLY;BYDAY=\u{3022}",
        "FREQ=MONTHLY;BYDAY=1\u{3022}",
        "FREQ=WEEKLY;BYDAY=SA,\u{e9}",
        "FREQ=D\u{c4}ILY",
    ] {
        let spec = PeriodSpec {
            rrule: Some(rrule.into()),
            start: Some(parse_hhmm("22:00").unwrap()),
            length: Length::from_fields(Some("4h"), None).unwrap(),
            from: None,
            until: None,
        };
        let err = Recurrence::new(&spec, chrono_tz::Europe::London).unwrap_err();
        assert_eq!(err.field(), "rrule");
        assert!(
            err.to_string().contains("which no RRULE uses"),
            "{rrule:?}: {err}"
        );
    }
}

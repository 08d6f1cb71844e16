//! Compiles and expands a period from fuzzer-chosen fields, one a line:
//! RRULE, start, duration (or `end` when it has a colon), from, until and
//! zone. Whatever the RRULE, compiling and expanding two years must finish
//! quickly (libFuzzer's `-timeout` and `-rss_limit_mb` enforce the bound)
//! and give sorted, non-empty occurrences that start no more often than
//! daily.
#![no_main]

use chrono::{NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use libfuzzer_sys::fuzz_target;
use trainyard::time::{parse_hhmm, Interval, Length, LocalOrFixed, PeriodSpec, Recurrence};

fn when(line: &str) -> Option<LocalOrFixed> {
    let line = line.trim();
    if let Ok(t) = NaiveDateTime::parse_from_str(line, "%Y-%m-%dT%H:%M:%S") {
        return Some(LocalOrFixed::Local(t));
    }
    if let Ok(d) = NaiveDate::parse_from_str(line, "%Y-%m-%d") {
        return Some(LocalOrFixed::Local(d.and_hms_opt(0, 0, 0)?));
    }
    chrono::DateTime::parse_from_rfc3339(line)
        .ok()
        .map(LocalOrFixed::Fixed)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.split('\n');
    let mut next = || lines.next().unwrap_or("");
    let rrule = next();
    let start = next();
    let length = next();
    let from = next();
    let until = next();
    let zone = next();
    let length = if length.contains(':') {
        Length::from_fields(None, Some(length))
    } else if length.is_empty() {
        Ok(None)
    } else {
        Length::from_fields(Some(length), None)
    };
    let Ok(length) = length else {
        return;
    };
    let spec = PeriodSpec {
        rrule: (!rrule.is_empty()).then(|| rrule.to_string()),
        start: parse_hhmm(start).ok(),
        length,
        from: when(from),
        until: when(until),
    };
    let tz: Tz = zone.trim().parse().unwrap_or(chrono_tz::Europe::London);
    let Ok(rec) = Recurrence::new(&spec, tz) else {
        return;
    };
    let base = spec
        .from
        .and_then(|f| f.instant(tz))
        .unwrap_or_else(|| Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap());
    let Some(end) = base.checked_add_signed(TimeDelta::days(731)) else {
        return;
    };
    let horizon = Interval::new(base, end).unwrap();
    let expanded = rec.expand(&horizon);
    let all = expanded.all();
    if rec.is_recurring() {
        // No more often than daily: one a day over the horizon, plus those
        // that began up to the longest occurrence before it.
        let bound = 732 + rec.max_length().num_days() as usize + 1;
        assert!(
            all.len() <= bound,
            "{} occurrences in two years (at most {bound})",
            all.len()
        );
    }
    for pair in all.windows(2) {
        assert!(pair[0].start < pair[1].start, "unsorted: {pair:?}");
    }
    for iv in all {
        assert!(!iv.is_empty(), "an empty occurrence {iv:?}");
        assert!(iv.overlaps(&horizon), "{iv:?} is outside {horizon:?}");
    }
    let _ = rec.next_occurrence_at_or_after(end);
    let _ = rec.occurrence_containing(base);
});

//! Writes one iCal event from fuzzer-chosen text (fields separated by the
//! byte 0x1F; categories by 0x1E) and reads it back with a parser other
//! than ours: every line is at most 75 octets and ends in CRLF, and each
//! value reads back equal to what was written (less the control
//! characters a content line cannot carry, which become spaces).
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use trainyard::feeds::ics::Writer;

/// What a TEXT value reads back as: a carriage return is dropped and other
/// control characters but tab and newline become spaces.
fn expected_text(s: &str) -> String {
    s.chars()
        .filter(|&c| c != '\r')
        .map(|c| {
            if c.is_control() && c != '\t' && c != '\n' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// What a non-TEXT value reads back as: every control character a space.
fn expected_raw(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Splits a CATEGORIES value on unescaped commas and unescapes each item.
fn split_list(raw: &str) -> Vec<String> {
    let mut items = vec![String::new()];
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => items.last_mut().unwrap().push('\n'),
                Some(o) => items.last_mut().unwrap().push(o),
                None => items.last_mut().unwrap().push('\\'),
            },
            ',' => items.push(String::new()),
            c => items.last_mut().unwrap().push(c),
        }
    }
    items
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut fields = text.split('\u{1f}');
    let mut next = || fields.next().unwrap_or("");
    let summary = next();
    let description = next();
    let location = next();
    let categories: Vec<&str> = next().split('\u{1e}').collect();
    let organizer = next();
    let url = next();
    let seconds = next().chars().map(|c| c as i64).sum::<i64>() * 3_600;
    let start =
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + chrono::TimeDelta::seconds(seconds);

    let mut w = Writer::new();
    w.begin("VCALENDAR");
    w.raw("VERSION", "2.0");
    w.raw("PRODID", "-//trainyard//fuzz//EN");
    w.begin("VEVENT");
    w.raw("UID", "fuzz@trainyard");
    w.utc("DTSTAMP", start);
    w.utc("DTSTART", start);
    w.text("SUMMARY", summary);
    w.text("DESCRIPTION", description);
    w.text("LOCATION", location);
    w.text_list("CATEGORIES", &categories);
    w.with_params(
        "ORGANIZER",
        &[("CN", organizer)],
        "mailto:someone@example.com",
    );
    w.raw("URL", url);
    w.end("VEVENT");
    w.end("VCALENDAR");
    let doc = w.finish();

    assert!(doc.ends_with("\r\n"));
    for line in doc.split("\r\n") {
        assert!(line.len() <= 75, "a line of {} octets", line.len());
        assert!(
            !line.contains(['\r', '\n']),
            "a bare line break in {line:?}"
        );
    }
    let unfolded = icalendar::parser::unfold(&doc);
    let cal = icalendar::parser::read_calendar(&unfolded)
        .unwrap_or_else(|e| panic!("the parser rejects what was written: {e}\n{doc}"));
    let event = cal
        .components
        .iter()
        .find(|c| c.name == "VEVENT")
        .expect("the event reads back");
    let prop = |name: &str| -> String {
        event
            .find_prop(name)
            .map(|p| p.val.as_str().to_string())
            .unwrap_or_else(|| panic!("{name} is missing\n{doc}"))
    };
    assert_eq!(prop("SUMMARY"), expected_text(summary));
    assert_eq!(prop("DESCRIPTION"), expected_text(description));
    assert_eq!(prop("LOCATION"), expected_text(location));
    let read: Vec<String> = split_list(&prop("CATEGORIES"));
    let wrote: Vec<String> = categories.iter().map(|c| expected_text(c)).collect();
    assert_eq!(read, wrote);
    assert_eq!(prop("DTSTART"), trainyard::time::ical_utc(start));
    assert_eq!(prop("URL"), expected_raw(url));
    let organizer_prop = event.find_prop("ORGANIZER").expect("ORGANIZER");
    let cn = organizer_prop
        .params
        .iter()
        .find(|p| p.key == "CN")
        .and_then(|p| p.val.as_ref())
        .map(|v| v.as_str().to_string())
        .unwrap_or_default();
    let want = expected_raw(organizer).replace('"', "'");
    assert_eq!(cn.trim_matches('"'), want);
    assert_eq!(organizer_prop.val.as_str(), "mailto:someone@example.com");
});

//! Tests of `duration`.

use super::*;
use proptest::prelude::*;

fn secs(s: i64) -> TimeDelta {
    TimeDelta::try_seconds(s).unwrap()
}

#[test]
fn parses_the_documented_forms() {
    assert_eq!(parse_duration("2h"), Ok(secs(7_200)));
    assert_eq!(parse_duration("90m"), Ok(secs(5_400)));
    assert_eq!(parse_duration("1d12h"), Ok(secs(36 * 3_600)));
    assert_eq!(parse_duration("45m"), Ok(secs(2_700)));
    assert_eq!(parse_duration("1h30m"), Ok(secs(5_400)));
    assert_eq!(parse_duration("30s"), Ok(secs(30)));
    assert_eq!(parse_duration("1w"), Ok(secs(7 * 86_400)));
    assert_eq!(
        parse_duration("1w2d3h4m5s"),
        Ok(secs(9 * 86_400 + 3 * 3_600 + 245))
    );
    assert_eq!(parse_duration(" 2h "), Ok(secs(7_200)));
    assert_eq!(parse_duration("1h0m"), Ok(secs(3_600)));
    assert_eq!(parse_duration("007m"), Ok(secs(420)));
}

fn kind(s: &str) -> DurationErrorKind {
    parse_duration(s).unwrap_err().kind
}

#[test]
fn rejects_bad_input_with_a_reason() {
    use DurationErrorKind as K;
    assert_eq!(kind(""), K::Empty);
    assert_eq!(kind("   "), K::Empty);
    assert_eq!(kind("0h"), K::Zero);
    assert_eq!(kind("0h0m"), K::Zero);
    assert_eq!(kind("-2h"), K::Negative);
    assert_eq!(kind("1h-30m"), K::Negative);
    assert_eq!(kind("+2h"), K::Sign);
    assert_eq!(kind("1.5h"), K::Fraction);
    assert_eq!(kind("1h 30m"), K::Whitespace);
    assert_eq!(
        kind("90"),
        K::MissingUnit {
            number: "90".into()
        }
    );
    assert_eq!(
        kind("1h30"),
        K::MissingUnit {
            number: "30".into()
        }
    );
    assert_eq!(kind("h"), K::MissingNumber { unit: 'h' });
    assert_eq!(kind("2H"), K::UpperCaseUnit { unit: 'H' });
    assert_eq!(kind("2x"), K::UnknownUnit { unit: 'x' });
    assert_eq!(kind("2é"), K::UnknownUnit { unit: 'é' });
    assert_eq!(kind("1h2h"), K::RepeatedUnit { unit: 'h' });
    assert_eq!(
        kind("30m1h"),
        K::OutOfOrder {
            unit: 'h',
            after: 'm'
        }
    );
    assert_eq!(kind("99999999999999999999s"), K::Overflow);
    assert_eq!(kind("9223372036854775807w"), K::Overflow);
    // Fits in i64 seconds but not in a TimeDelta (i64 milliseconds).
    assert_eq!(kind("9223372036854776s"), K::Overflow);
}

#[test]
fn messages_say_what_is_wrong_and_show_an_example() {
    let msg = parse_duration("2x").unwrap_err().to_string();
    assert_eq!(
        msg,
        "invalid duration \"2x\": `x` is not a unit; use w (weeks), d (days), h (hours), \
         m (minutes) or s (seconds), e.g. \"2h\", \"90m\" or \"1d12h\""
    );
    let msg = parse_duration("0h").unwrap_err().to_string();
    assert!(
        msg.contains("longer than zero") && msg.contains("\"90m\""),
        "{msg}"
    );
    let msg = parse_duration("30m1h").unwrap_err().to_string();
    assert!(
        msg.contains("largest unit first") && msg.contains("\"1d12h\""),
        "{msg}"
    );
    let msg = parse_duration("1h 30m").unwrap_err().to_string();
    assert!(msg.contains("\"1h30m\""), "{msg}");
    assert_eq!(
        unit_help(),
        "w (weeks), d (days), h (hours), m (minutes), s (seconds)"
    );
}

#[test]
fn reads_iso_8601_and_refuses_what_varies() {
    assert_eq!(parse_duration("PT2H"), Ok(secs(7_200)));
    assert_eq!(parse_duration("PT1H30M"), Ok(secs(5_400)));
    assert_eq!(parse_duration("P1DT12H"), Ok(secs(36 * 3_600)));
    assert_eq!(parse_duration("P2D"), Ok(secs(2 * 86_400)));
    assert_eq!(parse_duration("P1W"), Ok(secs(7 * 86_400)));
    assert_eq!(parse_duration("PT90M"), Ok(secs(5_400)));
    assert_eq!(parse_duration("PT45S"), Ok(secs(45)));
    use DurationErrorKind as K;
    assert_eq!(kind("P1M"), K::IsoAmbiguous { unit: "months" });
    assert_eq!(kind("P1Y"), K::IsoAmbiguous { unit: "years" });
    assert_eq!(kind("PT1.5H"), K::Fraction);
    assert_eq!(kind("PT0H"), K::Zero);
    for bad in ["P", "PT", "P2", "PT2", "P2H", "PT2D", "PT1M2H", "PX"] {
        assert_eq!(kind(bad), K::IsoMalformed, "{bad}");
    }
    let msg = parse_duration("P1M").unwrap_err().to_string();
    assert!(msg.contains("no fixed length"), "{msg}");
    let msg = parse_duration("PT2").unwrap_err().to_string();
    assert!(msg.contains("\"PT2H\""), "{msg}");
}

#[test]
fn spelled_out_units_say_what_to_write() {
    for (s, want) in [
        ("2 hours", "2h"),
        ("2hours", "2h"),
        ("2 h", "2h"),
        ("1 hour 30 minutes", "1h30m"),
        ("90 mins", "90m"),
        ("3 days", "3d"),
    ] {
        assert_eq!(
            kind(s),
            DurationErrorKind::Spelled { write: want.into() },
            "{s}"
        );
    }
    let msg = parse_duration("2 hours").unwrap_err().to_string();
    assert!(msg.contains("write 2h"), "{msg}");
    // Not a unit word: the usual messages.
    assert_eq!(kind("2 x"), DurationErrorKind::Whitespace);
    assert_eq!(kind("2x"), DurationErrorKind::UnknownUnit { unit: 'x' });
}

#[test]
fn formats_compactly() {
    assert_eq!(format_duration(secs(7_200)), "2h");
    assert_eq!(format_duration(secs(36 * 3_600)), "1d12h");
    assert_eq!(format_duration(secs(2 * 3_600 + 15 * 60)), "2h15m");
    assert_eq!(format_duration(secs(5_400)), "1h30m");
    assert_eq!(format_duration(secs(30)), "30s");
    assert_eq!(format_duration(secs(14 * 86_400)), "14d");
    assert_eq!(format_duration(secs(86_400 + 1)), "1d1s");
    assert_eq!(format_duration(TimeDelta::zero()), "0s");
    assert_eq!(format_duration(secs(-5_400)), "-1h30m");
    assert_eq!(
        format_duration(TimeDelta::try_milliseconds(1_500).unwrap()),
        "1.5s"
    );
    assert_eq!(
        format_duration(TimeDelta::try_milliseconds(-250).unwrap()),
        "-0.25s"
    );
    // Extremes do not panic.
    assert!(!format_duration(TimeDelta::MAX).is_empty());
    assert!(format_duration(TimeDelta::MIN).starts_with('-'));
}

proptest! {
    #[test]
    fn format_then_parse_round_trips(s in 1i64..10_000_000_000) {
        let d = secs(s);
        prop_assert_eq!(parse_duration(&format_duration(d)), Ok(d));
    }

    #[test]
    fn never_panics(s in "\\PC{0,12}") {
        let _ = parse_duration(&s);
    }

    #[test]
    fn accepts_every_well_formed_string(
        parts in proptest::collection::vec(proptest::option::of(0u32..1000), 5)
    ) {
        let mut text = String::new();
        let mut total = 0i64;
        for ((unit, len, _), n) in UNITS.iter().zip(&parts) {
            if let Some(n) = n {
                text.push_str(&format!("{n}{unit}"));
                total += i64::from(*n) * len;
            }
        }
        let parsed = parse_duration(&text);
        if total == 0 {
            prop_assert!(parsed.is_err());
        } else {
            prop_assert_eq!(parsed, Ok(secs(total)));
        }
    }
}

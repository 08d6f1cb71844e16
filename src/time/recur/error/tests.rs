//! Each bad spec is rejected with the TOML key it concerns.

use crate::time::recur::tests::*;
use crate::time::recur::*;
use chrono_tz::Europe::London;

fn err(spec: &PeriodSpec) -> RecurError {
    Recurrence::new(spec, London).unwrap_err()
}

#[test]
fn rejects_bad_specs_with_the_field() {
    let base = recurring("FREQ=WEEKLY;BYDAY=SA", "18:00", Some("12h"), None);
    let with_rule = |rule: &str| PeriodSpec {
        rrule: Some(rule.into()),
        ..base.clone()
    };
    let e = err(&with_rule(
        "DTSTART:20250101T000000Z\nRRULE:FREQ=WEEKLY;BYDAY=SA",
    ));
    assert!(matches!(e, RecurError::RruleHasDtstart { .. }), "{e}");
    assert_eq!(e.field(), "rrule");
    let e = err(&with_rule("FREQ=WEEKLY;BYDAY=XX"));
    assert!(e.to_string().contains("`XX` is not a valid weekday"), "{e}");
    assert!(!e.to_string().contains("RRule parsing error"), "{e}");
    let e = err(&with_rule("FREQ=FORTNIGHTLY"));
    assert!(e.to_string().contains("INTERVAL=2"), "{e}");
    let e = err(&with_rule("FREQ=WEEKLY;BYDAYS=SA"));
    assert!(e.to_string().contains("did you mean BYDAY?"), "{e}");
    assert!(err(&with_rule("BYDAY=SA"))
        .to_string()
        .contains("FREQ is missing"));
    assert!(err(&with_rule("FREQ=WEEKLY;FREQ=DAILY"))
        .to_string()
        .contains("more than once"));
    assert!(err(&with_rule("")).to_string().contains("empty"));
    assert!(matches!(
        err(&with_rule("FREQ=HOURLY")),
        RecurError::RruleUnsupported { .. }
    ));
    assert!(err(&with_rule("FREQ=DAILY;BYHOUR=2"))
        .to_string()
        .contains("`start`"));
    assert!(err(&with_rule("FREQ=WEEKLY"))
        .to_string()
        .contains("BYDAY=SA"));
    assert!(err(&with_rule("FREQ=MONTHLY"))
        .to_string()
        .contains("BYMONTHDAY"));
    assert!(err(&with_rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA"))
        .to_string()
        .contains("`from`"));
    assert!(err(&with_rule("FREQ=DAILY;COUNT=3"))
        .to_string()
        .contains("`from`"));
    assert!(err(&with_rule("FREQ=DAILY;INTERVAL=0"))
        .to_string()
        .contains("at least 1"));
    assert!(err(&with_rule("FREQ=DAILY;UNTIL=2025"))
        .to_string()
        .contains("UNTIL"));
    let e = err(&with_rule("FREQ=WEEKLY;BYDAY=SA;BYWEEKNO=1"));
    assert!(e.to_string().contains("BYWEEKNO"), "{e}");
    let e = err(&with_rule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"));
    assert!(matches!(e, RecurError::NeverOccurs { .. }), "{e}");
    assert!(matches!(
        err(&with_rule("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31")),
        RecurError::NeverOccurs { .. }
    ));
    // RRULE: prefix and lower case are fine.
    assert!(Recurrence::new(&with_rule("RRULE:freq=weekly;byday=sa"), London).is_ok());

    let e = err(&PeriodSpec {
        start: None,
        ..base.clone()
    });
    assert_eq!((e.field(), e.is_missing()), ("start", true));
    let e = err(&PeriodSpec {
        length: None,
        ..base.clone()
    });
    assert_eq!(e.field(), "duration");
    assert!(e.to_string().contains("end = \"06:00\""), "{e}");
    let e = Length::from_fields(Some("2h"), Some("06:00")).unwrap_err();
    assert_eq!(e, RecurError::BothLengths);
    assert_eq!(Length::from_fields(None, None), Ok(None));
    let e = Length::from_fields(Some("2x"), None).unwrap_err();
    assert_eq!(e.field(), "duration");
    let e = Length::from_fields(None, Some("25:00")).unwrap_err();
    assert_eq!(e.field(), "end");
    let e = err(&PeriodSpec {
        length: Some(Length::Exact(TimeDelta::zero())),
        ..base.clone()
    });
    assert!(matches!(e, RecurError::BadLength { .. }));
    let e = err(&PeriodSpec {
        length: Some(Length::Exact(TimeDelta::try_days(400).unwrap())),
        ..base.clone()
    });
    assert!(e.to_string().contains("366 days"), "{e}");

    // One-off shapes.
    let from = Some(local_dt(2025, 1, 1, 0, 0));
    let until = Some(local_dt(2025, 1, 2, 0, 0));
    let e = err(&PeriodSpec {
        from,
        ..PeriodSpec::default()
    });
    assert_eq!(e, RecurError::MissingUntil);
    assert!(e.to_string().contains("until = 2025-01-06T00:00:00"), "{e}");
    assert_eq!(
        err(&PeriodSpec {
            until,
            ..PeriodSpec::default()
        }),
        RecurError::MissingFrom
    );
    assert_eq!(err(&PeriodSpec::default()), RecurError::Empty);
    let e = err(&PeriodSpec {
        from: until,
        until: from,
        ..PeriodSpec::default()
    });
    assert_eq!(e.field(), "until");
    assert!(e.to_string().contains("must be after"), "{e}");
    let e = err(&PeriodSpec {
        from,
        until,
        start: Some(hm("18:00")),
        ..PeriodSpec::default()
    });
    assert_eq!(e, RecurError::NotRecurring { field: "start" });
    let e = err(&PeriodSpec {
        from,
        until,
        length: base.length,
        ..PeriodSpec::default()
    });
    assert_eq!(e.field(), "duration");
    // Local times in a gap or overlap.
    let e = err(&PeriodSpec {
        from: Some(local_dt(2025, 3, 30, 1, 30)),
        until,
        ..PeriodSpec::default()
    });
    assert_eq!(e.field(), "from");
    assert!(e.to_string().contains("use 02:00 or later"), "{e}");
    let e = err(&PeriodSpec {
        from,
        until: Some(local_dt(2025, 10, 26, 1, 30)),
        ..PeriodSpec::default()
    });
    assert_eq!(e.field(), "until");
    assert!(e.to_string().contains("+01:00"), "{e}");
}

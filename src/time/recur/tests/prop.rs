//! Property tests: the DTSTART shortcut agrees with expansion from the
//! series' first day, and no rule or range panics.

use super::*;

/// Rules built from parts, with or without `from`, for property tests.
fn arb_spec() -> impl Strategy<Value = (PeriodSpec, Tz)> {
    let rules = prop_oneof![
        Just("FREQ=DAILY"),
        Just("FREQ=WEEKLY;BYDAY=SA"),
        Just("FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        Just("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU"),
        Just("FREQ=WEEKLY;INTERVAL=3;BYDAY=TU;WKST=SU"),
        Just("FREQ=WEEKLY;BYDAY=MO,TU,WE;BYSETPOS=-1"),
        Just("FREQ=MONTHLY;BYMONTHDAY=28,29,30,31,1,2"),
        Just("FREQ=MONTHLY;BYDAY=-1FR"),
        Just("FREQ=MONTHLY;INTERVAL=2;BYDAY=1SA"),
        Just("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"),
        Just("FREQ=MONTHLY;INTERVAL=5"),
        Just("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24,31"),
        Just("FREQ=YEARLY;BYWEEKNO=1,52,53;BYDAY=MO"),
        Just("FREQ=YEARLY;INTERVAL=2"),
        Just("FREQ=DAILY;INTERVAL=3"),
        Just("FREQ=DAILY;BYMONTH=3,10;COUNT=40"),
    ];
    let zones = prop_oneof![
        Just(London),
        Just(New_York),
        Just(chrono_tz::America::Havana),
        Just(chrono_tz::Australia::Lord_Howe),
        Just(Tz::UTC),
    ];
    (
        rules,
        zones,
        0u32..24,
        prop_oneof![Just(0u32), Just(30)],
        prop_oneof![
            (1i64..72).prop_map(|h| Length::Exact(TimeDelta::try_hours(h).unwrap())),
            (0u32..24).prop_map(|h| Length::WallEnd(NaiveTime::from_hms_opt(h, 0, 0).unwrap())),
        ],
        proptest::option::weighted(0.7, 0u64..3000),
    )
        .prop_map(|(rule, tz, h, m, length, from_day)| {
            let from = from_day.map(|k| {
                let t = date(2018, 1, 1)
                    .checked_add_days(Days::new(k))
                    .unwrap()
                    .and_hms_opt(12, 0, 0)
                    .unwrap();
                LocalOrFixed::Local(t)
            });
            let spec = PeriodSpec {
                rrule: Some(rule.to_string()),
                start: NaiveTime::from_hms_opt(h, m, 0),
                length: Some(length),
                from,
                until: None,
            };
            (spec, tz)
        })
}

/// Occurrences overlapping `range`, expanded from the series' first
/// day (no DTSTART shortcut).
fn brute(r: &Recurrence, range: &Interval) -> Vec<Interval> {
    let Kind::Rule(rule) = &r.kind else {
        unreachable!()
    };
    // Without `from` the series has no first day: any day long before
    // the range will do.
    let first = rule.anchor.unwrap_or(date(2000, 1, 1)).and_time(rule.start);
    let mut out = Vec::new();
    r.walk_from(rule, first, DateTime::<Utc>::MIN_UTC, |o| {
        if o.start >= range.end {
            return ControlFlow::Break(());
        }
        if o.overlaps(range) {
            out.push(o);
        }
        ControlFlow::Continue(())
    });
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn moved_dtstart_gives_the_same_occurrences(
        (spec, tz) in arb_spec(),
        offset in 0i64..4000,
        hours in 1i64..2000,
    ) {
        let Ok(r) = Recurrence::new(&spec, tz) else {
            // Only rules that never occur, or that need `from` and
            // lack it, may fail here.
            let e = Recurrence::new(&spec, tz).unwrap_err();
            let needs_from = spec.from.is_none()
                && matches!(e, RecurError::RruleUnsupported { .. });
            prop_assert!(
                needs_from || matches!(e, RecurError::NeverOccurs { .. }),
                "{}",
                e
            );
            return Ok(());
        };
        let start = utc(2018, 1, 1, 0, 0) + TimeDelta::try_hours(offset * 24).unwrap();
        let range = iv(start, start + TimeDelta::try_hours(hours).unwrap());
        let got = r.occurrences(&range);
        prop_assert_eq!(&got, &brute(&r, &range));
        // Sorted: starts strictly increasing, ends non-decreasing.
        for w in got.windows(2) {
            prop_assert!(w[0].start < w[1].start && w[0].end <= w[1].end);
        }
        // Expanded lookups agree with the direct ones.
        let horizon = iv(range.start - TimeDelta::try_days(30).unwrap(), range.end + TimeDelta::try_days(30).unwrap());
        let e = r.expand(&horizon);
        prop_assert_eq!(e.overlapping(&range), got.as_slice());
        prop_assert_eq!(e.covering(&range).copied(), r.covering(&range));
        prop_assert_eq!(e.containing(range.start).copied(), r.occurrence_containing(range.start));
        let next = r.next_occurrence_at_or_after(range.start);
        if next.is_some_and(|n| n.start < horizon.end) {
            prop_assert_eq!(e.next_at_or_after(range.start).copied(), next);
        }
    }

    #[test]
    fn arbitrary_rrule_text_never_panics(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("FREQ=DAILY"), Just("FREQ=WEEKLY"), Just("FREQ=MONTHLY"), Just("FREQ=YEARLY"),
                Just("INTERVAL=1"), Just("INTERVAL=7"), Just("INTERVAL=65535"), Just("INTERVAL=99999"),
                Just("COUNT=0"), Just("COUNT=2"), Just("UNTIL=20250101"), Just("UNTIL=19991231T000000Z"),
                Just("BYDAY=SA"), Just("BYDAY=-1FR"), Just("BYDAY=53MO"), Just("BYDAY=+5SU"),
                Just("BYMONTHDAY=-1"), Just("BYMONTHDAY=31"), Just("BYMONTHDAY=0"),
                Just("BYYEARDAY=366"), Just("BYYEARDAY=-366"), Just("BYWEEKNO=53"), Just("BYWEEKNO=-1"),
                Just("BYMONTH=2"), Just("BYMONTH=13"), Just("BYSETPOS=1"), Just("BYSETPOS=-366"),
                Just("WKST=SU"), Just("X=1"), Just(";"), Just("="), Just("FREQ="),
            ],
            0..6,
        ),
        with_from in any::<bool>(),
    ) {
        let mut spec = recurring("FREQ=DAILY", "12:00", Some("1h"), None);
        spec.rrule = Some(parts.join(";"));
        if with_from {
            spec.from = Some(local_dt(2025, 1, 1, 0, 0));
        }
        if let Ok(r) = Recurrence::new(&spec, London) {
            let _ = r.occurrences(&iv(utc(2025, 1, 1, 0, 0), utc(2026, 1, 1, 0, 0)));
            let _ = r.next_occurrence_at_or_after(utc(2030, 1, 1, 0, 0));
        }
    }
}

#[test]
fn extreme_ranges_do_not_panic() {
    let r = rec(
        &recurring(
            "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=1",
            "12:00",
            Some("1h"),
            None,
        ),
        London,
    );
    let all = iv(DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
    let _ = r.occurrence_containing(DateTime::<Utc>::MAX_UTC);
    let _ = r.occurrence_containing(DateTime::<Utc>::MIN_UTC);
    let _ = r.next_occurrence_at_or_after(DateTime::<Utc>::MAX_UTC);
    let _ = r.covering(&iv(utc(9999, 6, 1, 11, 0), utc(9999, 6, 1, 11, 30)));
    let near_end = iv(utc(9998, 1, 1, 0, 0), DateTime::<Utc>::MAX_UTC);
    assert!(!r.occurrences(&near_end).is_empty());
    let early = iv(DateTime::<Utc>::MIN_UTC, utc(1, 12, 31, 0, 0));
    let _ = r.occurrences(&early);
    let _ = all;
}

//! Local date-times in the calendar's IANA time zone.
//!
//! TOML local date-times (`2025-03-29T18:00:00`) are read in
//! `policies/calendar.toml`'s `timezone`; offset date-times are taken as
//! written ([`LocalOrFixed`]). A local time can fail to name one instant:
//!
//! * in the spring-forward **gap** it does not exist (London has no
//!   2025-03-30 01:30); [`resolve_local`] reports
//!   [`LocalTimeError::Gap`] with the first valid time after the gap;
//! * in the autumn **overlap** it happens twice (2025-10-26 01:30 is both
//!   BST and GMT); [`resolve_local`] reports [`LocalTimeError::Ambiguous`]
//!   with both instants, so the author can write an explicit offset.
//!
//! Recurrence expansion cannot ask the author, so it uses
//! [`resolve_local_lenient`], the RFC 5545 rule (section 3.3.5): a time in
//! a gap is read with the offset from before the gap (01:30 becomes 02:30,
//! the same elapsed time after midnight), an ambiguous time means the
//! first of its two instants.
//!
//! Messages show these times (and these errors) as [`super::format`]
//! writes them.

use std::fmt;

use chrono::offset::LocalResult;
use chrono::{DateTime, FixedOffset, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

pub use super::zone::parse_zone;

/// A date-time as written in a file: local (read in the calendar's zone)
/// or with an explicit UTC offset (taken as written).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LocalOrFixed {
    /// A TOML local date-time such as `2025-03-29T18:00:00`.
    Local(NaiveDateTime),
    /// A TOML offset date-time such as `2025-10-26T01:30:00+01:00`.
    Fixed(DateTime<FixedOffset>),
}

impl LocalOrFixed {
    /// The instant this names: a local value is resolved strictly in `tz`
    /// (see [`resolve_local`]); an offset value is taken as written.
    pub fn resolve(&self, tz: Tz) -> Result<DateTime<Utc>, LocalTimeError> {
        match self {
            LocalOrFixed::Local(t) => resolve_local(tz, *t),
            LocalOrFixed::Fixed(t) => Ok(t.with_timezone(&Utc)),
        }
    }

    /// The wall-clock date-time as written (any offset ignored).
    pub fn naive(&self) -> NaiveDateTime {
        match self {
            LocalOrFixed::Local(t) => *t,
            LocalOrFixed::Fixed(t) => t.naive_local(),
        }
    }

    /// The date as written.
    pub fn date(&self) -> chrono::NaiveDate {
        self.naive().date()
    }

    /// The instant this names, read leniently as RFC 5545 reads
    /// recurrence instances (see [`resolve_local_lenient`]); `None` only at
    /// the limits of the calendar.
    pub fn instant(&self, tz: Tz) -> Option<DateTime<Utc>> {
        match self {
            LocalOrFixed::Local(t) => resolve_local_lenient(tz, *t),
            LocalOrFixed::Fixed(t) => Some(t.with_timezone(&Utc)),
        }
    }
}

impl fmt::Display for LocalOrFixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocalOrFixed::Local(t) => write!(f, "{}", t.format("%Y-%m-%dT%H:%M:%S")),
            LocalOrFixed::Fixed(t) => write!(f, "{}", t.format("%Y-%m-%dT%H:%M:%S%:z")),
        }
    }
}

/// A local date-time that does not name exactly one instant in its zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocalTimeError {
    /// The time falls in a spring-forward gap and does not exist.
    Gap {
        /// The time as written.
        local: NaiveDateTime,
        /// The zone it was read in.
        zone: Tz,
        /// The wall-clock time at which the clocks jumped (01:00).
        gap_start: NaiveDateTime,
        /// The first valid wall-clock time after the gap (02:00).
        next_valid: NaiveDateTime,
    },
    /// The time falls in an autumn overlap and happens twice.
    Ambiguous {
        /// The time as written.
        local: NaiveDateTime,
        /// The zone it was read in.
        zone: Tz,
        /// The first instant with that wall-clock time (summer time).
        earlier: DateTime<FixedOffset>,
        /// The second instant with that wall-clock time (standard time).
        later: DateTime<FixedOffset>,
    },
    /// The time is too close to the limits of the calendar to convert.
    OutOfRange {
        /// The time as written.
        local: NaiveDateTime,
        /// The zone it was read in.
        zone: Tz,
    },
}

impl std::error::Error for LocalTimeError {}

/// Resolves a local date-time in `tz` to the one instant it names.
///
/// Errors when the time does not exist (spring-forward gap) or exists
/// twice (autumn overlap); both errors carry what the author needs to fix
/// the file (the first valid time after the gap; both instants of the
/// overlap).
///
/// ```
/// use chrono::NaiveDate;
/// use trainyard::time::resolve_local;
/// let t = NaiveDate::from_ymd_opt(2025, 3, 30).unwrap().and_hms_opt(1, 30, 0).unwrap();
/// let err = resolve_local(chrono_tz::Europe::London, t).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "2025-03-30 01:30 does not exist in Europe/London: clocks go forward from 01:00 \
///      to 02:00; use 02:00 or later"
/// );
/// ```
pub fn resolve_local(tz: Tz, t: NaiveDateTime) -> Result<DateTime<Utc>, LocalTimeError> {
    match tz.from_local_datetime(&t) {
        LocalResult::Single(d) => Ok(d.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => {
            let (a, b) = (a.with_timezone(&Utc), b.with_timezone(&Utc));
            let (first, second) = if a <= b { (a, b) } else { (b, a) };
            let fixed = |u: DateTime<Utc>| {
                let off = tz.offset_from_utc_datetime(&u.naive_utc()).fix();
                u.with_timezone(&off)
            };
            Err(LocalTimeError::Ambiguous {
                local: t,
                zone: tz,
                earlier: fixed(first),
                later: fixed(second),
            })
        }
        LocalResult::None => match find_gap(tz, t) {
            Some(gap) => Err(LocalTimeError::Gap {
                local: t,
                zone: tz,
                gap_start: gap.gap_start,
                next_valid: gap.next_valid,
            }),
            None => Err(LocalTimeError::OutOfRange { local: t, zone: tz }),
        },
    }
}

/// Resolves a local date-time the way RFC 5545 (section 3.3.5) reads a
/// recurrence instance: a time that occurs twice means the first of its
/// instants; a time in a spring-forward gap is read with the UTC offset
/// from before the gap, so it lands as far after the gap's end as it was
/// after the gap's start (London 2025-03-30 01:30 becomes 02:30 BST).
///
/// `None` only for times at the very limits of the calendar.
pub fn resolve_local_lenient(tz: Tz, t: NaiveDateTime) -> Option<DateTime<Utc>> {
    match tz.from_local_datetime(&t) {
        LocalResult::Single(d) => Some(d.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => Some(a.with_timezone(&Utc).min(b.with_timezone(&Utc))),
        LocalResult::None => {
            let gap = find_gap(tz, t)?;
            t.checked_sub_offset(gap.before).map(|u| u.and_utc())
        }
    }
}

/// The wall-clock time in `tz` of the instant `t`; `None` only at the very
/// limits of the calendar.
pub fn to_local(tz: Tz, t: DateTime<Utc>) -> Option<NaiveDateTime> {
    let off = tz.offset_from_utc_datetime(&t.naive_utc()).fix();
    t.naive_utc().checked_add_offset(off)
}

/// A spring-forward gap around a non-existent local time.
struct GapInfo {
    /// The offset in force before the gap.
    before: FixedOffset,
    /// Wall-clock start of the gap (the jump's "from").
    gap_start: NaiveDateTime,
    /// Wall-clock end of the gap (the first valid time after it).
    next_valid: NaiveDateTime,
}

/// Finds the transition whose gap contains the local time `t`, by a binary
/// search over whole seconds for the first instant whose wall-clock time is
/// later than `t` (tz transitions fall on whole seconds).
fn find_gap(tz: Tz, t: NaiveDateTime) -> Option<GapInfo> {
    // A day either side brackets the transition: no offset exceeds 24 h.
    let day = TimeDelta::try_days(1)?;
    let lo = t.checked_sub_signed(day)?.and_utc().timestamp();
    let hi = t.checked_add_signed(day)?.and_utc().timestamp();
    let wall = |secs: i64| -> Option<NaiveDateTime> {
        let u = DateTime::<Utc>::from_timestamp(secs, 0)?;
        to_local(tz, u)
    };
    let after_t = |secs: i64| wall(secs).map(|w| w > t);
    if after_t(lo)? || !after_t(hi)? {
        return None;
    }
    let (mut lo, mut hi) = (lo, hi);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if after_t(mid)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let at = DateTime::<Utc>::from_timestamp(hi, 0)?.naive_utc();
    let before = tz
        .offset_from_utc_datetime(&DateTime::<Utc>::from_timestamp(lo, 0)?.naive_utc())
        .fix();
    let after = tz.offset_from_utc_datetime(&at).fix();
    Some(GapInfo {
        before,
        gap_start: at.checked_add_offset(before)?,
        next_valid: at.checked_add_offset(after)?,
    })
}

/// For an overlap with instants `earlier` and `later` of one wall-clock
/// time, the wall-clock times the clocks went back from and to (02:00 and
/// 01:00 in London).
pub(super) fn overlap_bounds(
    tz: Tz,
    earlier: &DateTime<FixedOffset>,
    later: &DateTime<FixedOffset>,
) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let first = tz.offset_from_utc_datetime(&earlier.naive_utc()).fix();
    let (mut lo, mut hi) = (earlier.timestamp(), later.timestamp());
    let changed = |secs: i64| -> Option<bool> {
        let u = DateTime::<Utc>::from_timestamp(secs, 0)?;
        Some(tz.offset_from_utc_datetime(&u.naive_utc()).fix() != first)
    };
    if !changed(hi)? {
        return None;
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if changed(mid)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let at = DateTime::<Utc>::from_timestamp(hi, 0)?.naive_utc();
    let after = tz.offset_from_utc_datetime(&at).fix();
    Some((at.checked_add_offset(first)?, at.checked_add_offset(after)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use chrono_tz::America::New_York;
    use chrono_tz::Europe::London;

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        local(y, m, d, h, min).and_utc()
    }

    #[test]
    fn resolves_ordinary_times() {
        assert_eq!(
            resolve_local(London, local(2025, 3, 29, 18, 0)),
            Ok(utc(2025, 3, 29, 18, 0))
        );
        assert_eq!(
            resolve_local(London, local(2025, 4, 5, 18, 0)),
            Ok(utc(2025, 4, 5, 17, 0))
        );
        assert_eq!(
            resolve_local(New_York, local(2025, 3, 8, 18, 0)),
            Ok(utc(2025, 3, 8, 23, 0))
        );
    }

    #[test]
    fn london_spring_gap() {
        let err = resolve_local(London, local(2025, 3, 30, 1, 30)).unwrap_err();
        assert_eq!(
            err,
            LocalTimeError::Gap {
                local: local(2025, 3, 30, 1, 30),
                zone: London,
                gap_start: local(2025, 3, 30, 1, 0),
                next_valid: local(2025, 3, 30, 2, 0),
            }
        );
        assert_eq!(
            err.to_string(),
            "2025-03-30 01:30 does not exist in Europe/London: clocks go forward from 01:00 to \
             02:00; use 02:00 or later"
        );
        // The edges: 01:00 is in the gap, 02:00 and 00:59 are not.
        assert!(resolve_local(London, local(2025, 3, 30, 1, 0)).is_err());
        assert_eq!(
            resolve_local(London, local(2025, 3, 30, 2, 0)),
            Ok(utc(2025, 3, 30, 1, 0))
        );
        assert_eq!(
            resolve_local(London, local(2025, 3, 30, 0, 59)),
            Ok(utc(2025, 3, 30, 0, 59))
        );
    }

    #[test]
    fn london_autumn_overlap() {
        let err = resolve_local(London, local(2025, 10, 26, 1, 30)).unwrap_err();
        let LocalTimeError::Ambiguous { earlier, later, .. } = &err else {
            panic!("{err:?}");
        };
        assert_eq!(earlier.to_rfc3339(), "2025-10-26T01:30:00+01:00");
        assert_eq!(later.to_rfc3339(), "2025-10-26T01:30:00+00:00");
        assert_eq!(
            err.to_string(),
            "2025-10-26 01:30 occurs twice in Europe/London: clocks go back from 02:00 to 01:00; \
             write an explicit offset: 2025-10-26T01:30:00+01:00 for the first (earlier, BST) \
             or 2025-10-26T01:30:00+00:00 for the second (later, GMT)"
        );
    }

    #[test]
    fn new_york_gap_and_overlap() {
        let err = resolve_local(New_York, local(2025, 3, 9, 2, 30)).unwrap_err();
        assert!(
            err.to_string()
                .contains("clocks go forward from 02:00 to 03:00; use 03:00 or later"),
            "{err}"
        );
        let err = resolve_local(New_York, local(2025, 11, 2, 1, 30)).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("clocks go back from 02:00 to 01:00"), "{msg}");
        assert!(msg.contains("2025-11-02T01:30:00-04:00"), "{msg}");
        assert!(msg.contains("2025-11-02T01:30:00-05:00"), "{msg}");
    }

    #[test]
    fn lenient_follows_rfc_5545() {
        // Gap: read with the offset before the gap (GMT), so 01:30 GMT =
        // 02:30 BST.
        assert_eq!(
            resolve_local_lenient(London, local(2025, 3, 30, 1, 30)),
            Some(utc(2025, 3, 30, 1, 30))
        );
        // Overlap: the first instant (BST).
        assert_eq!(
            resolve_local_lenient(London, local(2025, 10, 26, 1, 30)),
            Some(utc(2025, 10, 26, 0, 30))
        );
        // New York 02:30 EST = 03:30 EDT.
        assert_eq!(
            resolve_local_lenient(New_York, local(2025, 3, 9, 2, 30)),
            Some(utc(2025, 3, 9, 7, 30))
        );
    }

    #[test]
    fn gap_at_midnight_and_whole_day_gap() {
        // Samoa skipped 30 Dec 2011 entirely.
        let apia = chrono_tz::Pacific::Apia;
        let err = resolve_local(apia, local(2011, 12, 30, 12, 0)).unwrap_err();
        assert!(
            err.to_string().contains(
                "clocks go forward from 2011-12-30 00:00 to 2011-12-31 00:00; use 2011-12-31 00:00"
            ),
            "{err}"
        );
        let u = resolve_local_lenient(apia, local(2011, 12, 30, 12, 0)).unwrap();
        assert_eq!(to_local(apia, u), Some(local(2011, 12, 31, 12, 0)));
        // Havana springs forward at midnight.
        let havana = chrono_tz::America::Havana;
        let err = resolve_local(havana, local(2025, 3, 9, 0, 30)).unwrap_err();
        assert!(err.to_string().contains("from 00:00 to 01:00"), "{err}");
    }

    #[test]
    fn extremes_do_not_panic() {
        let _ = resolve_local(London, NaiveDateTime::MIN);
        let _ = resolve_local(London, NaiveDateTime::MAX);
        let _ = resolve_local_lenient(London, NaiveDateTime::MAX);
    }

    #[test]
    fn local_or_fixed() {
        let l = LocalOrFixed::Local(local(2025, 6, 1, 12, 0));
        assert_eq!(l.resolve(London), Ok(utc(2025, 6, 1, 11, 0)));
        assert_eq!(l.to_string(), "2025-06-01T12:00:00");
        let f =
            LocalOrFixed::Fixed(DateTime::parse_from_rfc3339("2025-10-26T01:30:00+00:00").unwrap());
        assert_eq!(f.resolve(London), Ok(utc(2025, 10, 26, 1, 30)));
        assert_eq!(f.to_string(), "2025-10-26T01:30:00+00:00");
        assert_eq!(f.naive(), local(2025, 10, 26, 1, 30));
    }
}

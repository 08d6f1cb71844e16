//! Recurring and one-off periods from `policies/calendar.toml`:
//! maintenance windows, blackouts and events.
//!
//! A period is either
//!
//! * **recurring**: `rrule` (an RFC 5545 RRULE without DTSTART), `start`
//!   (`"HH:MM"`, local) and a length, `duration = "12h"` (exact elapsed
//!   time) or `end = "06:00"` (the next time the wall clock shows 06:00 after
//!   the start); optionally bounded by `from` (no occurrence starts before
//!   it; it also anchors `INTERVAL` and `COUNT`) and `until` (no occurrence
//!   starts at or after it); or
//! * **one-off**: `from` and `until`, the interval `[from, until)`.
//!
//! The loader fills a [`PeriodSpec`] (with [`parse_hhmm`],
//! [`Length::from_fields`] and [`LocalOrFixed`](super::LocalOrFixed)) and
//! compiles it once with [`Recurrence::new`]; errors name the TOML key
//! they concern ([`RecurError::field`]).
//!
//! # Expansion
//!
//! Occurrences are expanded in **local wall-clock time**, as RFC 5545 says:
//! "every Saturday at 18:00" in Europe/London is 18:00 GMT (18:00Z) before
//! 30 March 2025 and 18:00 BST (17:00Z) after. The RRULE is parsed and
//! validated once by the `rrule` crate and expanded in floating time (the
//! crate's UTC, which has no DST, standing in for the wall clock); each
//! local start is then placed in the zone by the RFC 5545 rule
//! ([`resolve_local_lenient`]): a start in a spring-forward gap moves
//! forward by the gap (01:30 becomes 02:30), an ambiguous start takes the
//! first instant. (Expanding with the zone inside the `rrule` crate would
//! silently drop every occurrence on a day whose local midnight does not
//! exist, as in Havana or Santiago.)
//!
//! A `duration` is exact: `"12h"` from 18:00 on 25 October 2025, the night
//! London's clocks go back, ends at 05:00 local. An `end = "06:00"` ends at
//! 06:00 local, 13 hours later that night. `end` equal to `start`
//! (`start = "00:00"`, `end = "00:00"`, or `"24:00"`) means one whole
//! wall-clock day, 23 or 25 hours on change days, where `duration = "24h"`
//! would drift by an hour.
//!
//! For speed, each query expands from a DTSTART moved close to the query
//! (by whole `INTERVAL` periods, so the series is unchanged) rather than
//! from the start of the series; [`Expanded`] expands once over a horizon
//! and answers lookups by binary search.
//!
//! Occurrences come sorted, with strictly increasing starts and
//! non-decreasing ends; adjacent or overlapping occurrences are never
//! merged.
//!
//! The spec and its parsers are in `spec`, the errors in `error`, the
//! RRULE checks in `rule` and the expanded form in `expanded`.

mod error;
mod expanded;
mod rule;
mod spec;

use std::ops::ControlFlow;

use chrono::{
    DateTime, Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc,
};
use chrono_tz::Tz;
use rrule::{Frequency, RRule, RRuleError, RRuleSet, Unvalidated};

use super::interval::Interval;
use super::local::{resolve_local_lenient, to_local, LocalTimeError};
use rule::{default_anchor, floating, prepare_rrule, rrule_message, RuleUntil};

pub use error::RecurError;
pub use expanded::Expanded;
pub use spec::{parse_hhmm, parse_wall_end, Length, PeriodSpec};

/// A compiled recurring rule.
#[derive(Clone, Debug)]
struct Rule {
    /// The rule as written, for messages.
    text: String,
    /// Parsed and validated once; DTSTART-derived parts already filled.
    rrule: RRule,
    freq: Frequency,
    interval: u32,
    has_count: bool,
    /// The local date of `from`: the first day of the series. `None` when
    /// the series has no first day (no `from`; then INTERVAL is 1, there is
    /// no COUNT and nothing is derived from DTSTART).
    anchor: Option<NaiveDate>,
    start: NaiveTime,
    length: Length,
    from: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    rule_until: Option<RuleUntil>,
}

#[derive(Clone, Debug)]
enum Kind {
    Once(Interval),
    Rule(Box<Rule>),
}

/// A compiled period: a one-off interval or a recurrence in a zone.
///
/// Build with [`Recurrence::new`]; query with [`occurrences`],
/// [`covering`], [`occurrence_containing`] and
/// [`next_occurrence_at_or_after`], or expand once with [`expand`] for
/// many lookups.
///
/// [`occurrences`]: Recurrence::occurrences
/// [`covering`]: Recurrence::covering
/// [`occurrence_containing`]: Recurrence::occurrence_containing
/// [`next_occurrence_at_or_after`]: Recurrence::next_occurrence_at_or_after
/// [`expand`]: Recurrence::expand
#[derive(Clone, Debug)]
pub struct Recurrence {
    tz: Tz,
    kind: Kind,
}

/// The longest an occurrence may last.
const MAX_DAYS: i64 = 366;

impl Recurrence {
    /// Compiles a period in the zone `tz`.
    ///
    /// Rejected, each with a message naming the key ([`RecurError::field`]):
    /// nothing given; an RRULE that does not parse (the `rrule` crate's
    /// message), contains DTSTART, recurs more often than daily (FREQ=HOURLY
    /// and finer, BYHOUR/BYMINUTE/BYSECOND: the time comes from `start`), or
    /// never occurs; `INTERVAL` above 1, `COUNT`, or a day left to DTSTART
    /// (`FREQ=WEEKLY` without BYDAY) without `from` to fix the series' first
    /// day; a recurrence without `start` or a length; a length that is not
    /// positive or exceeds 366 days; `start`/`duration`/`end` without an
    /// RRULE; a one-off without `from` or `until`; `until` not after `from`;
    /// a local `from`/`until` in a DST gap or overlap.
    pub fn new(spec: &PeriodSpec, tz: Tz) -> Result<Self, RecurError> {
        let from = spec
            .from
            .map(|v| v.resolve(tz))
            .transpose()
            .map_err(|error| RecurError::Local {
                field: "from",
                error,
            })?;
        let until = spec
            .until
            .map(|v| v.resolve(tz))
            .transpose()
            .map_err(|error| RecurError::Local {
                field: "until",
                error,
            })?;
        if let (Some(f), Some(u), Some(fv), Some(uv)) = (from, until, spec.from, spec.until) {
            if u <= f {
                return Err(RecurError::UntilNotAfterFrom {
                    from: fv,
                    until: uv,
                });
            }
        }
        let Some(text) = &spec.rrule else {
            if spec.start.is_some() {
                return Err(RecurError::NotRecurring { field: "start" });
            }
            match spec.length {
                Some(Length::Exact(_)) => {
                    return Err(RecurError::NotRecurring { field: "duration" })
                }
                Some(Length::WallEnd(_)) => return Err(RecurError::NotRecurring { field: "end" }),
                None => {}
            }
            return match (from, until) {
                (Some(f), Some(u)) => Interval::new(f, u)
                    .map(|iv| Recurrence {
                        tz,
                        kind: Kind::Once(iv),
                    })
                    .map_err(|_| RecurError::MissingUntil),
                (Some(_), None) => Err(RecurError::MissingUntil),
                (None, Some(_)) => Err(RecurError::MissingFrom),
                (None, None) => Err(RecurError::Empty),
            };
        };
        let prepared = prepare_rrule(text)?;
        let start = spec.start.ok_or(RecurError::MissingStart)?;
        let length = spec.length.ok_or(RecurError::MissingLength)?;
        if let Length::Exact(d) = length {
            let too_long = TimeDelta::try_days(MAX_DAYS).is_none_or(|max| d > max);
            if d <= TimeDelta::zero() || too_long {
                return Err(RecurError::BadLength { length: d });
            }
        }
        let unsupported = |message: String| RecurError::RruleUnsupported {
            rule: text.clone(),
            message,
        };
        let parsed: RRule<Unvalidated> =
            prepared
                .rest
                .parse()
                .map_err(|e: RRuleError| RecurError::Rrule {
                    rule: text.clone(),
                    message: rrule_message(&e),
                })?;
        let freq = parsed.get_freq();
        let interval = u32::from(parsed.get_interval());
        let has_count = parsed.get_count().is_some();
        if interval == 0 {
            return Err(RecurError::Rrule {
                rule: text.clone(),
                message: "INTERVAL must be at least 1".into(),
            });
        }
        let needs_day = matches!(
            freq,
            Frequency::Weekly | Frequency::Monthly | Frequency::Yearly
        ) && parsed.get_by_week_no().is_empty()
            && parsed.get_by_year_day().is_empty()
            && parsed.get_by_month_day().is_empty()
            && parsed.get_by_weekday().is_empty();
        let anchor = match from {
            Some(f) => {
                Some(
                    to_local(tz, f)
                        .map(|t| t.date())
                        .ok_or_else(|| RecurError::Local {
                            field: "from",
                            error: LocalTimeError::OutOfRange {
                                local: spec.from.map(|v| v.naive()).unwrap_or_default(),
                                zone: tz,
                            },
                        })?,
                )
            }
            None => {
                if needs_day {
                    let example = match freq {
                        Frequency::Weekly => "add BYDAY, e.g. \"FREQ=WEEKLY;BYDAY=SA\"",
                        Frequency::Monthly => "add BYMONTHDAY or BYDAY, e.g. \"FREQ=MONTHLY;BYMONTHDAY=1\" or \"FREQ=MONTHLY;BYDAY=1SA\"",
                        _ => "add BYMONTH and BYMONTHDAY, e.g. \"FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24\"",
                    };
                    return Err(unsupported(format!(
                        "it does not say which day: {example}, or give `from` to start the series"
                    )));
                }
                if interval > 1 {
                    return Err(unsupported(format!(
                        "INTERVAL={interval} counts from the first occurrence: give `from` to \
                         say where the series starts"
                    )));
                }
                if has_count {
                    return Err(unsupported(
                        "COUNT counts from the first occurrence: give `from` to say where the \
                         series starts (or use `until`)"
                            .into(),
                    ));
                }
                None
            }
        };
        let dtstart = floating(anchor.unwrap_or_else(default_anchor).and_time(start));
        let rrule = parsed
            .validate(dtstart)
            .map_err(|e: RRuleError| RecurError::Rrule {
                rule: text.clone(),
                message: rrule_message(&e),
            })?;
        let rule = Rule {
            text: text.clone(),
            rrule,
            freq,
            interval,
            has_count,
            anchor,
            start,
            length,
            from,
            until,
            rule_until: prepared.until,
        };
        let rec = Recurrence {
            tz,
            kind: Kind::Rule(Box::new(rule)),
        };
        let lower = match (from, anchor) {
            (Some(f), _) => f,
            _ => resolve_local_lenient(tz, default_anchor().and_time(start))
                .unwrap_or(DateTime::<Utc>::MIN_UTC),
        };
        let mut any = false;
        rec.walk(lower, |_| {
            any = true;
            ControlFlow::Break(())
        });
        if !any {
            return Err(RecurError::NeverOccurs { rule: text.clone() });
        }
        Ok(rec)
    }

    /// The zone the period is expanded in.
    pub fn zone(&self) -> Tz {
        self.tz
    }

    /// The RRULE as written, for a recurrence.
    pub fn rule(&self) -> Option<&str> {
        match &self.kind {
            Kind::Once(_) => None,
            Kind::Rule(r) => Some(&r.text),
        }
    }

    /// Whether this is a recurrence (rather than a one-off interval).
    pub fn is_recurring(&self) -> bool {
        matches!(self.kind, Kind::Rule(_))
    }

    /// The one-off interval, for a one-off period.
    pub fn one_off(&self) -> Option<Interval> {
        match &self.kind {
            Kind::Once(iv) => Some(*iv),
            Kind::Rule(_) => None,
        }
    }

    /// An upper bound on the elapsed length of any occurrence.
    pub fn max_length(&self) -> TimeDelta {
        match &self.kind {
            Kind::Once(iv) => iv.duration(),
            Kind::Rule(r) => match r.length {
                Length::Exact(d) => d,
                // A wall-clock day plus the largest possible DST gap.
                Length::WallEnd(_) => TimeDelta::try_days(2).unwrap_or(TimeDelta::MAX),
            },
        }
    }

    /// Calls `f` with each occurrence starting at or after `lower`, in
    /// order, until `f` breaks or the series ends.
    fn walk(&self, lower: DateTime<Utc>, mut f: impl FnMut(Interval) -> ControlFlow<()>) {
        let rule = match &self.kind {
            Kind::Once(iv) => {
                if iv.start >= lower {
                    let _ = f(*iv);
                }
                return;
            }
            Kind::Rule(r) => r,
        };
        self.walk_from(rule, rule.dtstart_for(self.tz, lower), lower, f);
    }

    /// [`Recurrence::walk`] for a rule, expanding from `dtstart`.
    fn walk_from(
        &self,
        rule: &Rule,
        dtstart: NaiveDateTime,
        lower: DateTime<Utc>,
        mut f: impl FnMut(Interval) -> ControlFlow<()>,
    ) {
        let tz = self.tz;
        let set = RRuleSet::new(floating(dtstart))
            .rrule(rule.rrule.clone())
            .limit();
        let mut last_start: Option<DateTime<Utc>> = None;
        for dt in &set {
            let local = dt.naive_utc();
            match rule.rule_until {
                Some(RuleUntil::Date(d)) if local.date() > d => break,
                Some(RuleUntil::Floating(u)) if local > u => break,
                _ => {}
            }
            let Some(start) = resolve_local_lenient(tz, local) else {
                continue;
            };
            if matches!(rule.rule_until, Some(RuleUntil::Instant(u)) if start > u) {
                break;
            }
            if rule.until.is_some_and(|u| start >= u) {
                break;
            }
            if start < lower || rule.from.is_some_and(|f| start < f) {
                continue;
            }
            if last_start.is_some_and(|s| start <= s) {
                continue;
            }
            let Some(iv) = rule.occurrence(tz, local, start) else {
                continue;
            };
            last_start = Some(start);
            if f(iv).is_break() {
                break;
            }
        }
    }

    /// Every occurrence that overlaps `range` (including one that began
    /// before `range.start` and is still running), sorted by start.
    ///
    /// Parses nothing: the RRULE was compiled in [`Recurrence::new`]. For
    /// many lookups over one span, [`Recurrence::expand`] once instead.
    pub fn occurrences(&self, range: &Interval) -> Vec<Interval> {
        let mut out = Vec::new();
        if range.is_empty() {
            return out;
        }
        let lower = range
            .start
            .checked_sub_signed(self.max_length())
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        self.walk(lower, |iv| {
            if iv.start >= range.end {
                return ControlFlow::Break(());
            }
            if iv.overlaps(range) {
                out.push(iv);
            }
            ControlFlow::Continue(())
        });
        out
    }

    /// The first occurrence that starts at or after `t`.
    pub fn next_occurrence_at_or_after(&self, t: DateTime<Utc>) -> Option<Interval> {
        let mut found = None;
        self.walk(t, |iv| {
            found = Some(iv);
            ControlFlow::Break(())
        });
        found
    }

    /// The occurrence running at `t` (`start <= t < end`); when several
    /// overlap there, the one that started last.
    pub fn occurrence_containing(&self, t: DateTime<Utc>) -> Option<Interval> {
        let end = t.checked_add_signed(TimeDelta::nanoseconds(1))?;
        let probe = Interval::new(t, end).ok()?;
        self.occurrences(&probe)
            .into_iter()
            .rfind(|o| o.contains_instant(t))
    }

    /// The one occurrence that wholly contains `iv` (the maintenance-window
    /// check: a release window must sit inside a single occurrence;
    /// adjacent occurrences are not merged). When several contain it, the
    /// one that started last. `None` for an empty `iv`.
    pub fn covering(&self, iv: &Interval) -> Option<Interval> {
        self.occurrences(iv).into_iter().rfind(|o| o.contains(iv))
    }

    /// Expands every occurrence overlapping `horizon` once, for
    /// O(log n) lookups (see [`Expanded`]).
    pub fn expand(&self, horizon: &Interval) -> Expanded {
        Expanded {
            horizon: *horizon,
            occurrences: self.occurrences(horizon),
        }
    }
}

impl Rule {
    /// The interval of the occurrence whose local start is `local` and
    /// instant `start`; `None` if it would be empty.
    fn occurrence(&self, tz: Tz, local: NaiveDateTime, start: DateTime<Utc>) -> Option<Interval> {
        let end = match self.length {
            Length::Exact(d) => start.checked_add_signed(d)?,
            Length::WallEnd(t) => {
                let date = if t > local.time() {
                    local.date()
                } else {
                    local.date().succ_opt()?
                };
                resolve_local_lenient(tz, date.and_time(t))?
            }
        };
        Interval::new(start, end).ok()
    }

    /// The length of one INTERVAL period, in days (an upper bound).
    fn period_days(&self) -> u64 {
        let unit: u64 = match self.freq {
            Frequency::Daily => 1,
            Frequency::Weekly => 7,
            Frequency::Monthly => 31,
            _ => 366,
        };
        unit * u64::from(self.interval)
    }

    /// A DTSTART date from which expansion yields exactly the series'
    /// occurrences on the days that can start at or after `lower`.
    ///
    /// Expansion from a later DTSTART can differ from expansion from the
    /// series' first day only within one period of it (a partial week with
    /// BYSETPOS, a week 53 that spills into January), so the date is a
    /// whole number of INTERVAL periods after the first day and at least a
    /// period and a week before the earliest day that matters.
    fn dtstart_for(&self, tz: Tz, lower: DateTime<Utc>) -> NaiveDateTime {
        let earliest = to_local(tz, lower)
            .map(|t| t.date())
            .unwrap_or(NaiveDate::MIN)
            .max(NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN));
        let margin = Days::new(self.period_days() + 7 + 2);
        let target = earliest.checked_sub_days(margin).unwrap_or(earliest);
        let date = match self.anchor {
            None => target,
            Some(anchor) if self.has_count || target <= anchor => anchor,
            Some(anchor) => aligned(anchor, target, self.freq, self.interval).unwrap_or(anchor),
        };
        date.and_time(self.start)
    }
}

/// The latest date on or before `target` that starts an INTERVAL period of
/// the series whose first day is `anchor` (`anchor < target`), such that
/// expansion from it matches expansion from `anchor`.
fn aligned(
    anchor: NaiveDate,
    target: NaiveDate,
    freq: Frequency,
    interval: u32,
) -> Option<NaiveDate> {
    let n = i64::from(interval.max(1));
    let days = |k: i64| -> Option<NaiveDate> {
        anchor.checked_add_days(Days::new(u64::try_from(k).ok()?))
    };
    match freq {
        Frequency::Daily => {
            let gap = target.signed_duration_since(anchor).num_days();
            days(gap / n * n)
        }
        Frequency::Weekly => {
            // Same weekday and week phase as the anchor.
            let gap = target.signed_duration_since(anchor).num_days();
            days(gap / (7 * n) * 7 * n)
        }
        Frequency::Monthly => {
            let months = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
            let k = (months(target) - months(anchor)) / n * n;
            if k <= 0 {
                return Some(anchor);
            }
            // The first of an aligned month: the whole month is expanded.
            let first = anchor.with_day(1)?;
            first.checked_add_months(Months::new(u32::try_from(k).ok()?))
        }
        _ => {
            let k = i64::from(target.year() - anchor.year()) / n * n;
            if k <= 0 {
                return Some(anchor);
            }
            NaiveDate::from_ymd_opt(anchor.year() + i32::try_from(k).ok()?, 1, 1)
        }
    }
}

#[cfg(test)]
mod tests;

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
//! [`Length::from_fields`] and [`LocalOrFixed`]) and compiles it once with
//! [`Recurrence::new`]; errors name the TOML key they concern
//! ([`RecurError::field`]).
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

use std::fmt;
use std::ops::ControlFlow;

use chrono::{
    DateTime, Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc,
};
use chrono_tz::Tz;
use rrule::{Frequency, RRule, RRuleError, RRuleSet, Unvalidated};

use super::duration::{parse_duration, DurationError};
use super::interval::Interval;
use super::local::{resolve_local_lenient, to_local, LocalOrFixed, LocalTimeError};

/// How long each occurrence of a recurring period lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Length {
    /// `duration = "12h"`: exact elapsed time from the start.
    Exact(TimeDelta),
    /// `end = "06:00"`: until the next time the wall clock shows this time,
    /// strictly after the start's wall-clock time (`18:00`-`06:00` ends the
    /// next morning; an end equal to the start is one whole day later).
    WallEnd(NaiveTime),
}

impl Length {
    /// The length from the TOML keys `duration` and `end`, as written:
    /// exactly one may be given. `Ok(None)` when neither is.
    pub fn from_fields(
        duration: Option<&str>,
        end: Option<&str>,
    ) -> Result<Option<Length>, RecurError> {
        match (duration, end) {
            (Some(_), Some(_)) => Err(RecurError::BothLengths),
            (Some(d), None) => parse_duration(d)
                .map(|d| Some(Length::Exact(d)))
                .map_err(RecurError::Duration),
            (None, Some(e)) => {
                parse_wall_end(e)
                    .map(|t| Some(Length::WallEnd(t)))
                    .map_err(|message| RecurError::Time {
                        field: "end",
                        message,
                    })
            }
            (None, None) => Ok(None),
        }
    }
}

/// A period as written in `policies/calendar.toml`, before compilation.
///
/// Recurring: `rrule`, `start` and `length` (from `duration` or `end`),
/// with optional `from` and `until` bounds. One-off: `from` and `until`
/// only. See [`Recurrence::new`] for what is rejected.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeriodSpec {
    /// An RFC 5545 RRULE such as `"FREQ=WEEKLY;BYDAY=SA"` (an `RRULE:`
    /// prefix is allowed; DTSTART is not: `start` and `from` supply it).
    pub rrule: Option<String>,
    /// The local start time of each occurrence (`start = "18:00"`).
    pub start: Option<NaiveTime>,
    /// The length of each occurrence (`duration` or `end`).
    pub length: Option<Length>,
    /// One-off: the start. Recurring: no occurrence starts before this;
    /// also the first day of the series for `INTERVAL` and `COUNT`.
    pub from: Option<LocalOrFixed>,
    /// One-off: the end (exclusive). Recurring: no occurrence starts at or
    /// after this.
    pub until: Option<LocalOrFixed>,
}

/// Parses a local time of day `"HH:MM"` (`"18:00"`, `"8:30"`), 00:00 to
/// 23:59.
pub fn parse_hhmm(s: &str) -> Result<NaiveTime, String> {
    let bad = |why: &str| {
        format!("invalid time {s:?}: {why}; write a time of day as \"HH:MM\", e.g. \"18:00\"")
    };
    let Some((h, m)) = s.split_once(':') else {
        if s.contains('.') || s.contains('h') {
            return Err(bad("separate hours and minutes with `:`"));
        }
        return Err(bad("expected hours and minutes"));
    };
    if m.contains(':') {
        return Err(bad("leave out the seconds"));
    }
    let digits = |x: &str| !x.is_empty() && x.chars().all(|c| c.is_ascii_digit());
    if !digits(h) || h.len() > 2 || !digits(m) || m.len() != 2 {
        return Err(bad("expected hours and minutes"));
    }
    let (hour, minute): (u32, u32) = match (h.parse(), m.parse()) {
        (Ok(h), Ok(m)) => (h, m),
        _ => return Err(bad("expected hours and minutes")),
    };
    if hour == 24 && minute == 0 {
        return Err(bad(
            "24:00 is not a time of day (for a window that runs to midnight, write \
             end = \"00:00\")",
        ));
    }
    if hour > 23 {
        return Err(bad("hours run from 00 to 23"));
    }
    if minute > 59 {
        return Err(bad("minutes run from 00 to 59"));
    }
    NaiveTime::from_hms_opt(hour, minute, 0).ok_or_else(|| bad("not a time of day"))
}

/// Parses the `end` of a recurring period: like [`parse_hhmm`], and also
/// `"24:00"`, which means the same as `"00:00"` (the next midnight).
pub fn parse_wall_end(s: &str) -> Result<NaiveTime, String> {
    if s == "24:00" {
        return Ok(NaiveTime::MIN);
    }
    parse_hhmm(s)
}

/// Why a period could not be compiled. [`RecurError::field`] names the
/// TOML key to point at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecurError {
    /// Neither `rrule` nor `from`/`until` was given.
    Empty,
    /// The RRULE does not parse or validate.
    Rrule {
        /// The rule as written.
        rule: String,
        /// What is wrong, in words.
        message: String,
    },
    /// The RRULE contains a DTSTART (or other iCalendar lines).
    RruleHasDtstart {
        /// The rule as written.
        rule: String,
    },
    /// A valid RRULE that trainyard does not accept, with the reason.
    RruleUnsupported {
        /// The rule as written.
        rule: String,
        /// What to write instead.
        message: String,
    },
    /// The RRULE (within `from`/`until`) never produces an occurrence.
    NeverOccurs {
        /// The rule as written.
        rule: String,
    },
    /// A recurring period without `start`.
    MissingStart,
    /// A recurring period with neither `duration` nor `end`.
    MissingLength,
    /// Both `duration` and `end` were given.
    BothLengths,
    /// A `duration` that is not positive, or longer than the 366 days a
    /// recurring occurrence may last.
    BadLength {
        /// The duration given.
        length: TimeDelta,
    },
    /// `start`, `duration` or `end` on a one-off period (no `rrule`).
    NotRecurring {
        /// The key that needs an `rrule`.
        field: &'static str,
    },
    /// A one-off period with `until` but no `from`.
    MissingFrom,
    /// A one-off period with `from` but no `until`.
    MissingUntil,
    /// `until` is not after `from`.
    UntilNotAfterFrom {
        /// `from`, as written.
        from: LocalOrFixed,
        /// `until`, as written.
        until: LocalOrFixed,
    },
    /// `from` or `until` does not name one instant in the zone.
    Local {
        /// `"from"` or `"until"`.
        field: &'static str,
        /// The gap or overlap.
        error: LocalTimeError,
    },
    /// `duration` does not parse.
    Duration(DurationError),
    /// `start` or `end` does not parse.
    Time {
        /// `"start"` or `"end"`.
        field: &'static str,
        /// What is wrong (from [`parse_hhmm`]).
        message: String,
    },
}

impl RecurError {
    /// The TOML key this error is about: `rrule`, `start`, `duration`,
    /// `end`, `from` or `until`. For a missing key (`MissingStart`,
    /// `MissingLength`, `MissingFrom`, `MissingUntil`, `Empty`) it is the
    /// absent key; point at the table instead.
    pub fn field(&self) -> &'static str {
        match self {
            RecurError::Empty
            | RecurError::Rrule { .. }
            | RecurError::RruleHasDtstart { .. }
            | RecurError::RruleUnsupported { .. }
            | RecurError::NeverOccurs { .. } => "rrule",
            RecurError::MissingStart => "start",
            RecurError::MissingLength | RecurError::BadLength { .. } | RecurError::Duration(_) => {
                "duration"
            }
            RecurError::BothLengths => "end",
            RecurError::NotRecurring { field }
            | RecurError::Local { field, .. }
            | RecurError::Time { field, .. } => field,
            RecurError::MissingFrom => "from",
            RecurError::MissingUntil | RecurError::UntilNotAfterFrom { .. } => "until",
        }
    }

    /// Whether the error is about a key that is absent (point at the table).
    pub fn is_missing(&self) -> bool {
        matches!(
            self,
            RecurError::Empty
                | RecurError::MissingStart
                | RecurError::MissingLength
                | RecurError::MissingFrom
                | RecurError::MissingUntil
        )
    }
}

const RECURRING_EXAMPLE: &str =
    "rrule = \"FREQ=WEEKLY;BYDAY=SA\", start = \"18:00\", duration = \"12h\"";
const ONE_OFF_EXAMPLE: &str = "from = 2024-12-15T00:00:00, until = 2025-01-06T00:00:00";

impl fmt::Display for RecurError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecurError::Empty => write!(
                f,
                "a period needs either a recurrence ({RECURRING_EXAMPLE}) or a one-off range \
                 ({ONE_OFF_EXAMPLE})"
            ),
            RecurError::Rrule { rule, message } => write!(
                f,
                "invalid rrule {rule:?}: {message} (example: rrule = \"FREQ=WEEKLY;BYDAY=SA\")"
            ),
            RecurError::RruleHasDtstart { rule } => write!(
                f,
                "invalid rrule {rule:?}: give only the RRULE, without DTSTART or other lines; \
                 the time comes from `start` and the first day from `from` \
                 (example: rrule = \"FREQ=WEEKLY;BYDAY=SA\", start = \"18:00\")"
            ),
            RecurError::RruleUnsupported { rule, message } => {
                write!(f, "unsupported rrule {rule:?}: {message}")
            }
            RecurError::NeverOccurs { rule } => write!(
                f,
                "rrule {rule:?} never produces an occurrence (check BYMONTH, BYMONTHDAY, \
                 BYSETPOS, UNTIL and the `from`/`until` bounds)"
            ),
            RecurError::MissingStart => write!(
                f,
                "a recurring period needs `start`, the local time each occurrence begins \
                 (e.g. start = \"18:00\")"
            ),
            RecurError::MissingLength => write!(
                f,
                "a recurring period needs `duration` (exact elapsed time, e.g. duration = \
                 \"12h\") or `end` (a wall-clock time, e.g. end = \"06:00\")"
            ),
            RecurError::BothLengths => write!(
                f,
                "give `duration` or `end`, not both: duration = \"12h\" is exact elapsed time, \
                 end = \"06:00\" is the next 06:00 on the wall clock"
            ),
            RecurError::BadLength { length } => write!(
                f,
                "an occurrence must last more than zero and at most 366 days, not {}",
                super::duration::format_duration(*length)
            ),
            RecurError::NotRecurring { field } => write!(
                f,
                "`{field}` applies to recurring periods: add an `rrule` ({RECURRING_EXAMPLE}), \
                 or for a one-off period give only `from` and `until` ({ONE_OFF_EXAMPLE})"
            ),
            RecurError::MissingFrom => write!(
                f,
                "a one-off period needs `from` as well as `until` ({ONE_OFF_EXAMPLE})"
            ),
            RecurError::MissingUntil => write!(
                f,
                "a one-off period needs `until` as well as `from` ({ONE_OFF_EXAMPLE}); \
                 for a repeating period add an `rrule`"
            ),
            RecurError::UntilNotAfterFrom { from, until } => write!(
                f,
                "`until` ({until}) must be after `from` ({from}): periods are half-open, \
                 [from, until)"
            ),
            RecurError::Local { field, error } => write!(f, "`{field}`: {error}"),
            RecurError::Duration(e) => write!(f, "{e}"),
            RecurError::Time { message, .. } => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for RecurError {}

/// The RRULE's own UNTIL, which trainyard applies itself (the `rrule`
/// crate would read a floating UNTIL in the machine's zone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RuleUntil {
    /// `UNTIL=20251231`: starts on or before that local date.
    Date(NaiveDate),
    /// `UNTIL=20251231T180000`: local starts at or before that time.
    Floating(NaiveDateTime),
    /// `UNTIL=20251231T180000Z`: starts at or before that instant.
    Instant(DateTime<Utc>),
}

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

/// The keys accepted in an RRULE, in RFC 5545 order.
const RRULE_KEYS: [&str; 14] = [
    "FREQ",
    "UNTIL",
    "COUNT",
    "INTERVAL",
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
];

/// The longest an occurrence may last.
const MAX_DAYS: i64 = 366;

/// The first day of the series used to validate a rule without `from`
/// (nothing is derived from it; see [`Rule::anchor`]).
fn default_anchor() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The RRULE split into its parts, with UNTIL taken out.
struct Prepared {
    /// `KEY=VALUE;...` upper-cased, without UNTIL.
    rest: String,
    until: Option<RuleUntil>,
}

fn prepare_rrule(rule: &str) -> Result<Prepared, RecurError> {
    let err = |message: String| RecurError::Rrule {
        rule: rule.to_string(),
        message,
    };
    let unsupported = |message: String| RecurError::RruleUnsupported {
        rule: rule.to_string(),
        message,
    };
    let upper = rule.trim().to_ascii_uppercase();
    if upper.contains("DTSTART") {
        return Err(RecurError::RruleHasDtstart {
            rule: rule.to_string(),
        });
    }
    let body = upper.strip_prefix("RRULE:").unwrap_or(&upper).trim();
    if body.contains(['\n', '\r', ':']) {
        return Err(err(
            "give one RRULE only, without other iCalendar properties such as EXDATE".into(),
        ));
    }
    if body.is_empty() {
        return Err(err("it is empty".into()));
    }
    let mut seen: Vec<&str> = Vec::new();
    let mut kept: Vec<String> = Vec::new();
    let mut until = None;
    for part in body.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((key, value)) = part.split_once('=') else {
            return Err(err(format!("`{part}` is not of the form NAME=VALUE")));
        };
        let (key, value) = (key.trim(), value.trim());
        if !RRULE_KEYS.contains(&key) {
            let hint = RRULE_KEYS
                .iter()
                .map(|k| (strsim::jaro_winkler(k, key), k))
                .filter(|(s, _)| *s > 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, k)| format!(" (did you mean {k}?)"))
                .unwrap_or_default();
            return Err(err(format!(
                "`{key}` is not an RRULE part{hint}; use FREQ, INTERVAL, COUNT, UNTIL, BYDAY, \
                 BYMONTHDAY, BYMONTH, BYYEARDAY, BYWEEKNO, BYSETPOS or WKST"
            )));
        }
        if seen.contains(&key) {
            return Err(err(format!("`{key}` is given more than once")));
        }
        seen.push(key);
        if value.is_empty() {
            return Err(err(format!("`{key}` has no value")));
        }
        match key {
            "FREQ" => match value {
                "DAILY" | "WEEKLY" | "MONTHLY" | "YEARLY" => {}
                "HOURLY" | "MINUTELY" | "SECONDLY" => {
                    return Err(unsupported(format!(
                        "FREQ={value} is finer than a day; periods recur at most daily, at the \
                         `start` time (use FREQ=DAILY, or one period per time of day)"
                    )))
                }
                _ => {
                    return Err(err(format!(
                        "`{value}` is not a frequency; use DAILY, WEEKLY, MONTHLY or YEARLY \
                         (every other week: FREQ=WEEKLY;INTERVAL=2 with `from`)"
                    )))
                }
            },
            "BYHOUR" | "BYMINUTE" | "BYSECOND" => {
                return Err(unsupported(format!(
                    "{key} is not used: the time of day comes from `start` (write one period \
                     per time of day)"
                )))
            }
            "UNTIL" => {
                until = Some(parse_rule_until(value).ok_or_else(|| {
                    err(format!(
                        "UNTIL={value} is not a date (20251231) or date-time \
                         (20251231T235959 local, or 20251231T235959Z in UTC)"
                    ))
                })?);
                continue;
            }
            _ => {}
        }
        kept.push(format!("{key}={value}"));
    }
    if !seen.contains(&"FREQ") {
        return Err(err(
            "FREQ is missing; start with FREQ=DAILY, WEEKLY, MONTHLY or YEARLY".into(),
        ));
    }
    Ok(Prepared {
        rest: kept.join(";"),
        until,
    })
}

/// `20251231`, `20251231T180000` (local) or `20251231T180000Z`.
fn parse_rule_until(value: &str) -> Option<RuleUntil> {
    if value.len() == 8 {
        return NaiveDate::parse_from_str(value, "%Y%m%d")
            .ok()
            .map(RuleUntil::Date);
    }
    let (text, utc) = match value.strip_suffix('Z') {
        Some(t) => (t, true),
        None => (value, false),
    };
    if text.len() != 15 {
        return None;
    }
    let t = NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%S").ok()?;
    Some(if utc {
        RuleUntil::Instant(t.and_utc())
    } else {
        RuleUntil::Floating(t)
    })
}

/// The `rrule` crate's message without its "RRule parsing error:" prefix.
fn rrule_message(e: &RRuleError) -> String {
    match e {
        RRuleError::ParserError(p) => p.to_string(),
        RRuleError::ValidationError(v) => v.to_string(),
        RRuleError::IterError(s) => s.clone(),
    }
}

/// A floating (wall-clock) date-time as the `rrule` crate's UTC.
fn floating(t: NaiveDateTime) -> DateTime<rrule::Tz> {
    rrule::Tz::UTC.from_utc_datetime(&t)
}

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

    /// The same as [`Recurrence::occurrences`].
    pub fn occurrences_in(&self, range: &Interval) -> Vec<Interval> {
        self.occurrences(range)
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

/// Every occurrence of a period over a horizon, expanded once, for
/// O(log n) lookups by binary search.
///
/// Expand each period once over the span of all release windows, then
/// look up each window. Lookups are exact for intervals and instants
/// inside the horizon; outside it they see only the occurrences that
/// overlap the horizon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expanded {
    horizon: Interval,
    /// Sorted by start (strictly increasing); ends non-decreasing.
    occurrences: Vec<Interval>,
}

impl Expanded {
    /// The span expanded.
    pub fn horizon(&self) -> &Interval {
        &self.horizon
    }

    /// Every occurrence overlapping the horizon, sorted by start.
    pub fn all(&self) -> &[Interval] {
        &self.occurrences
    }

    /// The occurrences that overlap `iv`, sorted by start.
    pub fn overlapping(&self, iv: &Interval) -> &[Interval] {
        if iv.is_empty() {
            return &[];
        }
        let hi = self.occurrences.partition_point(|o| o.start < iv.end);
        let lo = self.occurrences[..hi].partition_point(|o| o.end <= iv.start);
        &self.occurrences[lo..hi]
    }

    /// The one occurrence that wholly contains `iv` (the started-last one
    /// if several do), as [`Recurrence::covering`].
    pub fn covering(&self, iv: &Interval) -> Option<&Interval> {
        if iv.is_empty() {
            return None;
        }
        let idx = self.occurrences.partition_point(|o| o.start <= iv.start);
        // Ends are non-decreasing, so the last occurrence starting at or
        // before iv.start reaches furthest: if it does not cover iv, no
        // earlier one does.
        let candidate = self.occurrences.get(idx.checked_sub(1)?)?;
        candidate.contains(iv).then_some(candidate)
    }

    /// The occurrence running at `t`, as
    /// [`Recurrence::occurrence_containing`].
    pub fn containing(&self, t: DateTime<Utc>) -> Option<&Interval> {
        let idx = self.occurrences.partition_point(|o| o.start <= t);
        let candidate = self.occurrences.get(idx.checked_sub(1)?)?;
        candidate.contains_instant(t).then_some(candidate)
    }

    /// The first occurrence starting at or after `t`.
    pub fn next_at_or_after(&self, t: DateTime<Utc>) -> Option<&Interval> {
        let idx = self.occurrences.partition_point(|o| o.start < t);
        self.occurrences.get(idx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::local::fmt_span;
    use chrono::Timelike;
    use chrono_tz::America::New_York;
    use chrono_tz::Europe::London;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        date(y, m, d).and_hms_opt(h, min, 0).unwrap().and_utc()
    }

    fn hm(s: &str) -> NaiveTime {
        parse_hhmm(s).unwrap()
    }

    fn iv(a: DateTime<Utc>, b: DateTime<Utc>) -> Interval {
        Interval::new(a, b).unwrap()
    }

    fn recurring(rule: &str, start: &str, duration: Option<&str>, end: Option<&str>) -> PeriodSpec {
        PeriodSpec {
            rrule: Some(rule.to_string()),
            start: Some(hm(start)),
            length: Length::from_fields(duration, end).unwrap(),
            from: None,
            until: None,
        }
    }

    fn rec(spec: &PeriodSpec, tz: Tz) -> Recurrence {
        Recurrence::new(spec, tz).unwrap_or_else(|e| panic!("{e}"))
    }

    fn local_dt(y: i32, m: u32, d: u32, h: u32, min: u32) -> LocalOrFixed {
        LocalOrFixed::Local(date(y, m, d).and_hms_opt(h, min, 0).unwrap())
    }

    fn spans(tz: Tz, occ: &[Interval]) -> Vec<String> {
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
        let starts = |a, b| -> Vec<DateTime<Utc>> {
            r.occurrences(&iv(a, b)).iter().map(|o| o.start).collect()
        };
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

    #[test]
    fn parses_times_of_day() {
        assert_eq!(
            parse_hhmm("18:00"),
            Ok(NaiveTime::from_hms_opt(18, 0, 0).unwrap())
        );
        assert_eq!(
            parse_hhmm("8:30"),
            Ok(NaiveTime::from_hms_opt(8, 30, 0).unwrap())
        );
        assert_eq!(parse_hhmm("00:00"), Ok(NaiveTime::MIN));
        for bad in [
            "",
            "18",
            "18:0",
            "18:000",
            "25:00",
            "18:60",
            "18:00:00",
            "-1:00",
            "18.00",
            "ab:cd",
            "１８:00",
        ] {
            let e = parse_hhmm(bad).unwrap_err();
            assert!(e.contains("\"18:00\""), "{bad}: {e}");
        }
        assert!(parse_hhmm("24:00").unwrap_err().contains("end = \"00:00\""));
        assert_eq!(parse_wall_end("24:00"), Ok(NaiveTime::MIN));
        assert!(parse_wall_end("24:01").is_err());
    }

    #[test]
    fn expanded_lookups() {
        let r = rec(
            &recurring("FREQ=WEEKLY;BYDAY=SA", "18:00", Some("12h"), None),
            London,
        );
        let horizon = iv(utc(2025, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0));
        let e = r.expand(&horizon);
        assert_eq!(e.horizon(), &horizon);
        assert_eq!(e.all().len(), 104);
        let release = iv(utc(2025, 3, 15, 20, 0), utc(2025, 3, 15, 22, 0));
        assert_eq!(e.covering(&release), r.covering(&release).as_ref());
        assert_eq!(e.overlapping(&release), r.occurrences(&release).as_slice());
        assert_eq!(
            e.containing(utc(2025, 3, 16, 5, 0)).copied(),
            r.occurrence_containing(utc(2025, 3, 16, 5, 0))
        );
        assert_eq!(
            e.next_at_or_after(utc(2025, 3, 16, 5, 0)).map(|o| o.start),
            Some(utc(2025, 3, 22, 18, 0))
        );
        assert!(e
            .overlapping(&iv(utc(2025, 3, 16, 6, 0), utc(2025, 3, 22, 18, 0)))
            .is_empty());
        assert_eq!(
            e.overlapping(&iv(utc(2025, 3, 16, 5, 0), utc(2025, 3, 22, 19, 0)))
                .len(),
            2
        );
    }

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
}

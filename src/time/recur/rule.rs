//! RRULE text checked and split before the `rrule` crate sees it: the
//! keys trainyard accepts, its own handling of UNTIL, and floating time.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use rrule::RRuleError;

use super::RecurError;

/// The RRULE's own UNTIL, which trainyard applies itself (the `rrule`
/// crate would read a floating UNTIL in the machine's zone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RuleUntil {
    /// `UNTIL=20251231`: starts on or before that local date.
    Date(NaiveDate),
    /// `UNTIL=20251231T180000`: local starts at or before that time.
    Floating(NaiveDateTime),
    /// `UNTIL=20251231T180000Z`: starts at or before that instant.
    Instant(DateTime<Utc>),
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

/// The first day of the series used to validate a rule without `from`
/// (nothing is derived from it; see [`Rule::anchor`](super::Rule::anchor)).
pub(super) fn default_anchor() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The RRULE split into its parts, with UNTIL taken out.
pub(super) struct Prepared {
    /// `KEY=VALUE;...` upper-cased, without UNTIL.
    pub(super) rest: String,
    pub(super) until: Option<RuleUntil>,
}

pub(super) fn prepare_rrule(rule: &str) -> Result<Prepared, RecurError> {
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
    // The `rrule` crate slices the text by bytes and panics inside a
    // character of more than one byte; no RRULE needs one.
    if let Some(c) = body
        .chars()
        .find(|c| !c.is_ascii() || (c.is_ascii_control() && *c != '\t'))
    {
        return Err(err(format!(
            "it contains {c:?}, which no RRULE uses; write only letters, digits and the characters ; = , + -"
        )));
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
pub(super) fn parse_rule_until(value: &str) -> Option<RuleUntil> {
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
pub(super) fn rrule_message(e: &RRuleError) -> String {
    match e {
        RRuleError::ParserError(p) => p.to_string(),
        RRuleError::ValidationError(v) => v.to_string(),
        RRuleError::IterError(s) => s.clone(),
    }
}

/// A floating (wall-clock) date-time as the `rrule` crate's UTC.
pub(super) fn floating(t: NaiveDateTime) -> DateTime<rrule::Tz> {
    rrule::Tz::UTC.from_utc_datetime(&t)
}

//! `policies/calendar.toml`: zone, notice, windows, blackouts, events, holidays.

use serde::Deserialize;

use super::{Day, Impact, Spanned, When};
use chrono_tz::Tz;

use crate::time::{parse_hhmm, parse_zone, Length, PeriodSpec, RecurError};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarDef {
    /// IANA time zone for local date-times (default UTC).
    pub timezone: Option<Spanned<String>>,
    pub readiness_hours: Option<Spanned<u32>>,
    pub max_concurrent: Option<Spanned<u32>>,
    #[serde(default)]
    pub notice: Notice,
    #[serde(default)]
    pub audience: Audience,
    #[serde(default)]
    pub maintenance_windows: Vec<Spanned<Period>>,
    #[serde(default)]
    pub blackouts: Vec<Spanned<Period>>,
    #[serde(default)]
    pub events: Vec<Spanned<Period>>,
    #[serde(default)]
    pub holidays: Vec<Spanned<Holiday>>,
}

/// `[notice]`: business days of advance notice by impact.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    pub high: Option<Spanned<u32>>,
    pub medium: Option<Spanned<u32>>,
    pub low: Option<Spanned<u32>>,
}

impl Notice {
    /// The business days set for `impact`, if any.
    pub fn days(&self, impact: Impact) -> Option<u32> {
        let v = match impact {
            Impact::High => &self.high,
            Impact::Medium => &self.medium,
            Impact::Low => &self.low,
        };
        v.as_ref().map(|d| *d.get_ref())
    }
}

/// `[audience]`: who must be notified, by impact.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    #[serde(default)]
    pub high: Vec<Spanned<String>>,
    #[serde(default)]
    pub medium: Vec<Spanned<String>>,
    #[serde(default)]
    pub low: Vec<Spanned<String>>,
}

/// A maintenance window, blackout or event: a recurrence (`rrule` with
/// `start` and `duration` or `end`) or a one-off range (`from`, `until`).
/// `exempt` belongs to blackouts; the loader reports it elsewhere.
/// `services` scopes any period to the services it names, and `timezone`
/// is the zone its RRULE and times are read in.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub name: Spanned<String>,
    pub rrule: Option<Spanned<String>>,
    pub start: Option<Spanned<String>>,
    pub duration: Option<Spanned<String>>,
    pub end: Option<Spanned<String>>,
    pub from: Option<Spanned<When>>,
    pub until: Option<Spanned<When>>,
    pub exempt: Option<Spanned<Vec<Spanned<String>>>>,
    pub services: Option<Spanned<Vec<Spanned<String>>>>,
    /// IANA zone the RRULE, `start`, `end`, `from` and `until` are read in
    /// (default the calendar's).
    pub timezone: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
}

impl Period {
    /// The period in the time layer's terms; errors name the key at fault
    /// (see [`RecurError::field`]). Compile it with
    /// [`crate::time::Recurrence::new`].
    pub fn spec(&self) -> Result<PeriodSpec, RecurError> {
        let start = match &self.start {
            Some(s) => Some(parse_hhmm(s.get_ref()).map_err(|message| RecurError::Time {
                field: "start",
                message,
            })?),
            None => None,
        };
        let length = Length::from_fields(
            self.duration.as_ref().map(|d| d.get_ref().as_str()),
            self.end.as_ref().map(|e| e.get_ref().as_str()),
        )?;
        Ok(PeriodSpec {
            rrule: self.rrule.as_ref().map(|r| r.get_ref().clone()),
            start,
            length,
            from: self.from.as_ref().map(|f| *f.get_ref()),
            until: self.until.as_ref().map(|u| *u.get_ref()),
        })
    }

    /// The byte range of key `field` (`rrule`, `start`, …) if present.
    pub fn field_span(&self, field: &str) -> Option<std::ops::Range<usize>> {
        match field {
            "rrule" => self.rrule.as_ref().map(|v| v.span()),
            "start" => self.start.as_ref().map(|v| v.span()),
            "duration" => self.duration.as_ref().map(|v| v.span()),
            "end" => self.end.as_ref().map(|v| v.span()),
            "from" => self.from.as_ref().map(|v| v.span()),
            "until" => self.until.as_ref().map(|v| v.span()),
            _ => None,
        }
    }

    /// Release types this blackout does not apply to.
    pub fn exempts(&self, kind: &str) -> bool {
        self.exempt
            .as_ref()
            .is_some_and(|e| e.get_ref().iter().any(|t| t.get_ref() == kind))
    }

    /// The services this period is scoped to; `None` when it names none
    /// or names `"*"` (every service).
    pub fn scoped_services(&self) -> Option<Vec<&str>> {
        let list = self.services.as_ref()?.get_ref();
        let names: Vec<&str> = list.iter().map(|s| s.get_ref().as_str()).collect();
        (!names.contains(&"*")).then_some(names)
    }

    /// The zone the period is read in: its own `timezone`, else
    /// `default` (the calendar's). The error is the zone parser's, with
    /// its suggestion.
    pub fn zone(&self, default: Tz) -> Result<Tz, String> {
        match &self.timezone {
            Some(name) => parse_zone(name.get_ref()),
            None => Ok(default),
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub date: Spanned<Day>,
    pub name: Option<Spanned<String>>,
}

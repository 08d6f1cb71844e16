//! `policies/calendar.toml`: zone, notice, windows, blackouts, events, holidays.

use serde::Deserialize;

use super::{Day, Impact, Spanned, When};
use crate::time::{parse_hhmm, Length, PeriodSpec, RecurError};

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
/// `exempt` belongs to blackouts and `services` to events; the loader
/// reports them elsewhere.
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

    /// Whether this event affects `service` (`"*"` is every service; no
    /// list means every service).
    pub fn affects(&self, service: &str) -> bool {
        match &self.services {
            None => true,
            Some(list) => list
                .get_ref()
                .iter()
                .any(|s| s.get_ref() == "*" || s.get_ref() == service),
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub date: Spanned<Day>,
    pub name: Option<Spanned<String>>,
}

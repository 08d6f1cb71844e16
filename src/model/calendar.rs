//! `policies/calendar.toml`: zone, notice, windows, blackouts, events, holidays.

use serde::Deserialize;

use super::{Day, Spanned, When};

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

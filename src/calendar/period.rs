//! One period of `policies/calendar.toml` (a maintenance window, blackout
//! or event), compiled once and expanded over a horizon, with lookups that
//! stay exact outside it.

use std::borrow::Cow;
use std::ops::Range;

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;

use crate::model::{Period, Spanned};
use crate::time::{Expanded, Interval, Recurrence};

/// The three kinds of period in `policies/calendar.toml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeriodKind {
    /// `[[maintenance_windows]]`: when scheduled releases may deploy.
    MaintenanceWindow,
    /// `[[blackouts]]`: when releases may not deploy (types in `exempt`
    /// excepted).
    Blackout,
    /// `[[events]]`: organisational events and infrastructure work that
    /// touch the services they list.
    Event,
}

impl PeriodKind {
    /// Every kind, in file order.
    pub const ALL: [PeriodKind; 3] = [
        PeriodKind::MaintenanceWindow,
        PeriodKind::Blackout,
        PeriodKind::Event,
    ];

    /// In words: `maintenance window`, `blackout`, `event`.
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::MaintenanceWindow => "maintenance window",
            PeriodKind::Blackout => "blackout",
            PeriodKind::Event => "event",
        }
    }

    /// The stable machine name, for JSON: `maintenance-window`,
    /// `blackout`, `event`.
    pub fn key(self) -> &'static str {
        match self {
            PeriodKind::MaintenanceWindow => "maintenance-window",
            PeriodKind::Blackout => "blackout",
            PeriodKind::Event => "event",
        }
    }
}

/// One period of the calendar, compiled and expanded.
#[derive(Clone, Debug)]
pub struct CalendarPeriod {
    /// Maintenance window, blackout or event.
    pub kind: PeriodKind,
    /// The `name` as written.
    pub name: String,
    /// The period's position within its list in `calendar.toml` (0-based).
    pub position: usize,
    /// The byte range of the period's table in `calendar.toml`.
    pub span: Range<usize>,
    /// Release types a blackout does not apply to.
    pub exempt: Vec<String>,
    /// The services the period names (`services = [...]`); `None` when it
    /// names none or `"*"`. Who it applies to follows from this and, for a
    /// maintenance window, from the other windows: ask
    /// [`CalendarIndex::scope`](super::CalendarIndex::scope).
    pub services: Option<Vec<String>>,
    /// The zone its RRULE and times are read in (its `timezone`, else the
    /// calendar's).
    pub tz: Tz,
    /// The `description`, if any.
    pub description: Option<String>,
    recurrence: Recurrence,
    expanded: Expanded,
}

impl CalendarPeriod {
    /// `blackout 'Month-end close'`.
    pub fn label(&self) -> String {
        format!("{} '{}'", self.kind.as_str(), self.name)
    }

    /// Whether a blackout applies to a release of type `kind` (it does
    /// unless `exempt` lists the type). Always true for other periods.
    pub fn applies_to_type(&self, kind: &str) -> bool {
        !self.exempt.iter().any(|t| t == kind)
    }

    /// The compiled recurrence (or one-off range).
    pub fn recurrence(&self) -> &Recurrence {
        &self.recurrence
    }

    /// Whether the period repeats (an RRULE) rather than being one range.
    pub fn is_recurring(&self) -> bool {
        self.recurrence.is_recurring()
    }

    /// The occurrences that overlap `iv`, sorted by start.
    pub fn overlapping(&self, iv: &Interval) -> Cow<'_, [Interval]> {
        if self.expanded.horizon().contains(iv) {
            Cow::Borrowed(self.expanded.overlapping(iv))
        } else {
            Cow::Owned(self.recurrence.occurrences(iv))
        }
    }

    /// The one occurrence that wholly contains `iv`, if any.
    pub fn covering(&self, iv: &Interval) -> Option<Interval> {
        if self.expanded.horizon().contains(iv) {
            self.expanded.covering(iv).copied()
        } else {
            self.recurrence.covering(iv)
        }
    }

    /// The occurrence running at `t` (`start <= t < end`).
    pub fn containing(&self, t: DateTime<Utc>) -> Option<Interval> {
        if self.expanded.horizon().contains_instant(t) {
            self.expanded.containing(t).copied()
        } else {
            self.recurrence.occurrence_containing(t)
        }
    }

    /// The first occurrence starting at or after `t`.
    pub fn next_at_or_after(&self, t: DateTime<Utc>) -> Option<Interval> {
        let inside = self.expanded.horizon().contains_instant(t);
        match inside.then(|| self.expanded.next_at_or_after(t)).flatten() {
            Some(o) => Some(*o),
            // Past the expanded occurrences: ask the rule itself.
            None => self.recurrence.next_occurrence_at_or_after(t),
        }
    }

    /// The last occurrence that starts before `t`.
    pub fn last_before(&self, t: DateTime<Utc>) -> Option<Interval> {
        let h = self.expanded.horizon();
        if h.contains_instant(t) {
            let all = self.expanded.all();
            let idx = all.partition_point(|o| o.start < t);
            if idx > 0 {
                return Some(all[idx - 1]);
            }
        }
        // Look back a year at most: enough for any "nearest" message.
        let from = t.checked_sub_signed(TimeDelta::try_days(366)?)?;
        let probe = Interval::new(from, t).ok()?;
        self.recurrence
            .occurrences(&probe)
            .into_iter()
            .rfind(|o| o.start < t)
    }
}

/// An occurrence of a period: the period and one interval of it.
#[derive(Clone, Copy, Debug)]
pub struct Occurrence<'a> {
    /// The period this is an occurrence of.
    pub period: &'a CalendarPeriod,
    /// When, in UTC.
    pub interval: Interval,
}

/// A period of `calendar.toml` that did not compile, left out of the index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidPeriod {
    /// What kind of period it is.
    pub kind: PeriodKind,
    /// Its `name`.
    pub name: String,
    /// Why it did not compile.
    pub message: String,
    /// The services it names, when it names some (not `"*"`).
    pub services: Option<Vec<String>>,
}

/// Compiles one period of `calendar.toml` in its own zone (`tz`, the
/// calendar's, unless it names one) and expands it over `horizon`; the
/// error says why it does not compile.
pub(super) fn compile(
    kind: PeriodKind,
    position: usize,
    spanned: &Spanned<Period>,
    tz: Tz,
    horizon: &Interval,
) -> Result<CalendarPeriod, String> {
    let p = spanned.get_ref();
    let tz = p.zone(tz)?;
    let spec = p.spec().map_err(|e| e.to_string())?;
    let recurrence = Recurrence::new(&spec, tz).map_err(|e| e.to_string())?;
    let expanded = recurrence.expand(horizon);
    let exempt = p
        .exempt
        .as_ref()
        .map(|e| e.get_ref().iter().map(|t| t.get_ref().clone()).collect())
        .unwrap_or_default();
    let services = p
        .scoped_services()
        .map(|names| names.into_iter().map(str::to_string).collect());
    Ok(CalendarPeriod {
        kind,
        name: p.name.get_ref().clone(),
        position,
        span: spanned.span(),
        exempt,
        services,
        tz,
        description: p.description.as_ref().map(|d| d.get_ref().clone()),
        recurrence,
        expanded,
    })
}

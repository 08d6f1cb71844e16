//! `trainyard export`: the calendar's blackouts and maintenance windows in
//! the forms deployment tools enforce: GitLab freeze periods, Argo CD sync
//! windows and an AWS Systems Manager change calendar.
//!
//! One rule holds for every target: the exported form is open or closed at
//! exactly the minutes trainyard's calendar is, over the range exported.
//!
//! * **Cron targets** (`gitlab-freeze`, `argo-sync-windows`). A period
//!   whose RRULE has a cron form (weekly days, daily, positive month days)
//!   is written as one cron entry, but only when expanding that cron over
//!   the range gives exactly the period's occurrences: a wall-clock `end`
//!   is exact for GitLab (start and end are both crons), while Argo CD's
//!   `duration` is elapsed time, so a window whose length changes with the
//!   clocks is not. Every other period (a one-off, `BYMONTHDAY=-1`, a
//!   window over a change of the clocks) is written as dated entries, one
//!   per run of touching occurrences, with crons that name the day and
//!   month. A cron has no year: a dated entry fires again a year later, so
//!   the export checks that every entry is exact over the whole range and
//!   refuses, naming the period, when it is not (export at most a year at
//!   a time, and again before the range ends). A cron that would fire at
//!   a time the clocks skip or show twice is refused too: the tools
//!   disagree on what it does.
//! * **`ssm-change-calendar`**: one iCalendar event per run of blackout
//!   occurrences, in UTC, over the range: exact inside it, open outside.
//!
//! The periods come from [`periods`], the one place that decides which
//! periods apply (to a service) and in which zone.

mod argo;
pub mod cron;
mod gitlab;
mod plan;
mod ssm;

use std::fmt;

use chrono_tz::Tz;

use crate::calendar::{CalendarIndex, PeriodKind};
use crate::model::CalendarDef;
use crate::time::{Interval, PeriodSpec};

/// What to export to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    /// JSON for GitLab's Freeze Periods API: one entry per blackout.
    GitlabFreeze,
    /// An Argo CD AppProject `spec.syncWindows` fragment (YAML): deny
    /// windows for blackouts, allow windows for maintenance windows.
    ArgoSyncWindows,
    /// An iCalendar document for an AWS Systems Manager change calendar of
    /// type DEFAULT_OPEN: blackouts are events, which close it.
    SsmChangeCalendar,
}

/// A maintenance window or blackout to export.
#[derive(Clone, Debug)]
pub struct ExportPeriod {
    pub kind: PeriodKind,
    pub name: String,
    /// The zone its local times are read in.
    pub tz: Tz,
    /// The rule of a recurring period; `None` for a one-off range.
    pub spec: Option<PeriodSpec>,
    /// Its occurrences overlapping the range, sorted.
    pub occurrences: Vec<Interval>,
    /// Release types a blackout does not apply to.
    pub exempt: Vec<String>,
    /// The services it applies to, when not every service (keys in
    /// policies/services.toml).
    pub services: Option<Vec<String>>,
}

impl ExportPeriod {
    /// `blackout 'Month-end close'`.
    pub fn label(&self) -> String {
        format!("{} '{}'", self.kind.as_str(), self.name)
    }
}

/// Why a period cannot be exported exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The period, as `blackout 'Name'`.
    pub period: String,
    /// Why, and what to do.
    pub why: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot export {} exactly: {}", self.period, self.why)
    }
}

/// The blackouts and maintenance windows of `def` that apply to `service`
/// (all when `None`), with their occurrences over `range`, each in its own
/// zone (the calendar's `tz` unless it names one) and with the services it
/// applies to (`all` are the catalogue's keys, for a window that applies to
/// every service without one of its own). A period that does not compile
/// is refused rather than left out.
pub fn periods(
    def: &CalendarDef,
    tz: Tz,
    all: &[String],
    service: Option<&str>,
    range: &Interval,
) -> Result<Vec<ExportPeriod>, Refusal> {
    let index = CalendarIndex::new(def, tz, *range);
    let kinds = [PeriodKind::MaintenanceWindow, PeriodKind::Blackout];
    if let Some(bad) = index.invalid().iter().find(|p| kinds.contains(&p.kind)) {
        return Err(Refusal {
            period: format!("{} '{}'", bad.kind.as_str(), bad.name),
            why: format!("{}; `trainyard lint` says more", bad.message),
        });
    }
    let mut out = Vec::new();
    for kind in kinds {
        let list = match kind {
            PeriodKind::MaintenanceWindow => &def.maintenance_windows,
            _ => &def.blackouts,
        };
        for p in index.of_kind(kind) {
            if service.is_some() && !index.applies(p, service) {
                continue;
            }
            let services = match index.scope(p) {
                crate::calendar::Scope::Every => None,
                crate::calendar::Scope::Only(list) => {
                    Some(list.iter().map(|s| s.to_string()).collect())
                }
                crate::calendar::Scope::AllBut(not) => Some(
                    all.iter()
                        .filter(|s| !not.contains(&s.as_str()))
                        .cloned()
                        .collect(),
                ),
            };
            let spec = match p.is_recurring() {
                true => list.get(p.position).and_then(|d| d.get_ref().spec().ok()),
                false => None,
            };
            out.push(ExportPeriod {
                kind,
                name: p.name.clone(),
                tz: p.tz,
                spec,
                occurrences: p.overlapping(range).to_vec(),
                exempt: p.exempt.clone(),
                services,
            });
        }
    }
    Ok(out)
}

/// Settings of one export.
#[derive(Clone, Debug)]
pub struct Options {
    /// The range the export is exact over.
    pub range: Interval,
    /// Argo CD application names the windows apply to (`["*"]` for all).
    pub applications: Vec<String>,
    /// Each service's Argo CD application names (`argo_applications`, else
    /// its key), for a period that applies to some services only.
    pub names: std::collections::BTreeMap<String, Vec<String>>,
}

/// The text for `target`: what to hand to the tool.
pub fn export(
    target: Target,
    periods: &[ExportPeriod],
    options: &Options,
) -> Result<String, Refusal> {
    match target {
        Target::GitlabFreeze => gitlab::export(periods, options),
        Target::ArgoSyncWindows => argo::export(periods, options),
        Target::SsmChangeCalendar => Ok(ssm::export(periods, options)),
    }
}

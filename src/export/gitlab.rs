//! `gitlab-freeze`: the JSON list GitLab's Freeze Periods API takes, one
//! object (`freeze_start`, `freeze_end`, `cron_timezone`) per entry, for
//! the blackouts. GitLab has no allow periods, so maintenance windows are
//! not exported; `trainyard gate` checks them in the deploy job.

use chrono_tz::Tz;
use serde::Serialize;

use super::cron::{end_cron, freeze_intervals, start_cron, Cron, UnclearTime};
use super::plan::{plan, Form};
use super::{ExportPeriod, Options, Refusal};
use crate::calendar::PeriodKind;
use crate::time::Interval;

/// One freeze period: frozen from each `start` fire to the next `end` fire.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Freeze {
    start: Cron,
    end: Cron,
    tz: Tz,
}

impl Form for Freeze {
    fn tz(&self) -> Tz {
        self.tz
    }

    fn intervals(&self, range: &Interval) -> Result<Vec<Interval>, UnclearTime> {
        freeze_intervals(&self.start, &self.end, self.tz, range)
    }
}

#[derive(Serialize)]
struct Entry {
    freeze_start: String,
    freeze_end: String,
    cron_timezone: String,
}

/// The freeze periods of the blackouts in `periods`, as pretty JSON.
pub(super) fn export(periods: &[ExportPeriod], options: &Options) -> Result<String, Refusal> {
    let blackouts: Vec<&ExportPeriod> = periods
        .iter()
        .filter(|p| p.kind == PeriodKind::Blackout)
        .collect();
    let entries = plan(
        &blackouts,
        &options.range,
        "GitLab's",
        |p| {
            let spec = p.spec.as_ref()?;
            let start = start_cron(spec)?;
            let end = end_cron(&start, spec)?;
            Some(Freeze {
                start,
                end,
                tz: p.tz,
            })
        },
        |s, e, _, tz| Freeze {
            start: Cron::dated(s),
            end: Cron::dated(e),
            tz,
        },
    )?;
    let list: Vec<Entry> = entries
        .into_iter()
        .map(|(_, f)| Entry {
            freeze_start: f.start.to_string(),
            freeze_end: f.end.to_string(),
            cron_timezone: f.tz.name().to_string(),
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    Ok(text)
}

//! `trainyard export TARGET`: the calendar's blackouts and maintenance
//! windows for GitLab, Argo CD or AWS Systems Manager (see `src/export/`).

use std::path::{Path, PathBuf};

use chrono::{Months, NaiveDate};
use clap::Args;

use super::windows::day_start;
use super::{emit, load_repo, today, Error, ExitStatus};
use crate::export::{self, Options, Target};
use crate::resolve::zone;
use crate::time::Interval;

/// Flags of `trainyard export`.
#[derive(Debug, Args)]
#[command(after_help = "\
Exactness: the output is open and closed at exactly the minutes the calendar is, over
the range. A period whose RRULE has a cron form (weekly days, daily, positive month
days) is one cron entry when that cron, expanded over the range, gives exactly its
occurrences; otherwise (a one-off, BYMONTHDAY=-1, a window over a change of the
clocks, whose elapsed length Argo CD's duration cannot follow) it is written as dated
entries. A cron names no year, so a dated entry fires again a year later: when that
lands inside the range, or a cron would fire at a time the clocks skip or repeat, the
export is refused with the period's name and the reason. Export at most a year at a
time for GitLab and Argo CD, and again before the range ends (see examples/).

GitLab gets blackouts only (it has no allow periods); Argo CD gets deny windows for
blackouts and allow windows for maintenance windows; the change calendar gets one
event per blackout run, in UTC. Blackouts that exempt release types are exported as
freezes for every type (a note on standard error names them).")]
pub struct ExportArgs {
    /// gitlab-freeze, argo-sync-windows or ssm-change-calendar.
    #[arg(value_enum)]
    pub target: Target,
    /// Only the periods that apply to this service (a key of
    /// policies/services.toml); Argo CD windows then name its
    /// applications (`argo_applications`, else the key).
    #[arg(long, value_name = "SERVICE")]
    pub service: Option<String>,
    /// The first day exported (default: today for gitlab-freeze and
    /// argo-sync-windows, the feeds' horizon, three months back, for
    /// ssm-change-calendar).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<NaiveDate>,
    /// The day after the last exported (default: a year after --from for
    /// gitlab-freeze and argo-sync-windows, the feeds' horizon, 18 months
    /// ahead, for ssm-change-calendar).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: Option<NaiveDate>,
    /// The date treated as today (default: today in the calendar's time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
}

/// The range exported: the flags, else the target's default.
fn range(target: Target, today: NaiveDate, args: &ExportArgs) -> (NaiveDate, NaiveDate) {
    let (from, until) = match target {
        Target::SsmChangeCalendar => crate::feeds::horizon(today),
        _ => {
            let from = args.from.unwrap_or(today);
            (
                from,
                from.checked_add_months(Months::new(12)).unwrap_or(from),
            )
        }
    };
    (args.from.unwrap_or(from), args.until.unwrap_or(until))
}

/// Prints the export; exit 2 with the reason when it cannot be exact.
pub fn run(root: Option<&Path>, args: &ExportArgs) -> Result<ExitStatus, Error> {
    let repo = load_repo(root)?;
    let tz = zone(&repo);
    let (from, until) = range(args.target, today(&repo, args.today), args);
    if from >= until {
        return Err(miette::miette!(
            "--from {from} is not before --until {until}; give a range of at least one day"
        ));
    }
    let (Some(start), Some(end)) = (day_start(tz, from), day_start(tz, until)) else {
        return Err(miette::miette!(
            "{from} to {until} is outside the supported range of dates"
        ));
    };
    let services = &repo.services.def.services;
    let applications = match &args.service {
        None => vec!["*".to_string()],
        Some(s) => {
            let Some((_, def)) = services.iter().find(|(k, _)| k.get_ref() == s) else {
                let keys: Vec<&str> = services.keys().map(|k| k.get_ref().as_str()).collect();
                return Err(miette::miette!(
                    "--service {s} is not in policies/services.toml; use one of: {}",
                    keys.join(", ")
                ));
            };
            let names = &def.get_ref().argo_applications;
            match names.is_empty() {
                true => vec![s.clone()],
                false => names.iter().map(|n| n.get_ref().clone()).collect(),
            }
        }
    };
    let range = Interval { start, end };
    let fail = |e: export::Refusal| miette::miette!("{e}");
    let keys: Vec<String> = services.keys().map(|k| k.get_ref().clone()).collect();
    let names = services
        .iter()
        .map(|(k, s)| {
            let own = &s.get_ref().argo_applications;
            let list = match own.is_empty() {
                true => vec![k.get_ref().clone()],
                false => own.iter().map(|n| n.get_ref().clone()).collect(),
            };
            (k.get_ref().clone(), list)
        })
        .collect();
    let periods = export::periods(
        &repo.calendar.def,
        tz,
        &keys,
        args.service.as_deref(),
        &range,
    )
    .map_err(fail)?;
    let options = Options {
        range,
        applications,
        names,
    };
    let text = export::export(args.target, &periods, &options).map_err(fail)?;
    let exempting: Vec<String> = periods
        .iter()
        .filter(|p| !p.exempt.is_empty() && !p.occurrences.is_empty())
        .map(|p| format!("{} (exempts {})", p.label(), p.exempt.join(", ")))
        .collect();
    if !exempting.is_empty() {
        eprintln!(
            "note: exported as freezes for every release type, since the tool cannot tell \
             types apart: {}; let those types' pipelines skip the check",
            exempting.join("; ")
        );
    }
    emit(args.output_file.as_deref(), &text)?;
    Ok(ExitStatus::Success)
}

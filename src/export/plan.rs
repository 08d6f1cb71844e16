//! The shared plan of the cron targets: one cron entry where it is exact,
//! dated entries otherwise, and the check over the whole range that the
//! entries together are open and closed exactly when the calendar is.

use chrono::NaiveDateTime;
use chrono_tz::Tz;

use super::cron::{clip, merge, UnclearTime};
use super::{ExportPeriod, Refusal};
use crate::time::{fmt_local, to_local, Interval};

/// An entry of a cron target: it can say when it is in force.
pub trait Form: Clone + PartialEq {
    /// The zone its crons are read in.
    fn tz(&self) -> Tz;
    /// When it is in force within `range`, merged.
    fn intervals(&self, range: &Interval) -> Result<Vec<Interval>, UnclearTime>;
}

/// The entries for `periods` (all of one kind): for each period the exact
/// cron form `exact` gives, when it is exact over `range`, else one
/// `dated` entry per run of touching occurrences (local start, local end,
/// the run). `tool` names the target in messages.
pub fn plan<F: Form>(
    periods: &[&ExportPeriod],
    range: &Interval,
    tool: &str,
    exact: impl Fn(&ExportPeriod) -> Option<F>,
    dated: impl Fn(NaiveDateTime, NaiveDateTime, &Interval, Tz) -> F,
) -> Result<Vec<(String, F)>, Refusal> {
    let mut entries: Vec<(String, F)> = Vec::new();
    let mut push = |label: &str, f: F| {
        if !entries.iter().any(|(_, g)| *g == f) {
            entries.push((label.to_string(), f));
        }
    };
    let unclear = |p: &ExportPeriod, UnclearTime(t): UnclearTime| Refusal {
        period: p.label(),
        why: format!(
            "it would need a cron that fires at {}, a time the clocks in {} skip or show \
             twice, and {tool} does not say what such a cron does; move the period's start \
             or end off the change of the clocks",
            t.format("%a %-d %b %Y %H:%M"),
            p.tz.name()
        ),
    };
    for p in periods {
        let truth = clip(p.occurrences.clone(), range);
        if truth.is_empty() {
            continue;
        }
        if let Some(f) = exact(p) {
            if f.intervals(range).ok().as_ref() == Some(&truth) {
                push(&p.label(), f);
                continue;
            }
        }
        for run in merge(p.occurrences.clone()) {
            let (Some(s), Some(e)) = (to_local(p.tz, run.start), to_local(p.tz, run.end)) else {
                continue;
            };
            let f = dated(s, e, &run, p.tz);
            f.intervals(range).map_err(|u| unclear(p, u))?;
            push(&p.label(), f);
        }
    }
    // Together, exactly the periods' occurrences: a dated entry that fires
    // again a year later, inside the range, says too much.
    let truth = clip(
        periods.iter().flat_map(|p| p.occurrences.clone()).collect(),
        range,
    );
    for (label, f) in &entries {
        let mine = f.intervals(range).unwrap_or_default();
        if let Some(extra) = mine.iter().find(|i| !truth.iter().any(|t| t.contains(i))) {
            return Err(Refusal {
                period: label.clone(),
                why: format!(
                    "{tool} crons name no year, so its entry also fires at {}, inside the \
                     range exported, when the calendar has no such period; export at most a \
                     year at a time (--from, --until) and export again before the range ends",
                    fmt_local(f.tz(), extra.start)
                ),
            });
        }
    }
    Ok(entries)
}

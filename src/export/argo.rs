//! `argo-sync-windows`: an Argo CD `AppProject` `spec.syncWindows` list
//! (YAML, ready for `kubectl patch --type merge`): a `deny` window per
//! blackout entry and an `allow` window per maintenance window entry, each
//! a `schedule` cron with an elapsed `duration` in a `timeZone`.

use std::fmt::Write as _;

use chrono::TimeDelta;
use chrono_tz::Tz;

use super::cron::{start_cron, window_intervals, Cron, UnclearTime};
use super::plan::{plan, Form};
use super::{ExportPeriod, Options, Refusal};
use crate::calendar::PeriodKind;
use crate::time::{Interval, Length};

/// One sync window: open for `duration` from each `schedule` fire.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Window {
    schedule: Cron,
    duration: TimeDelta,
    tz: Tz,
}

impl Form for Window {
    fn tz(&self) -> Tz {
        self.tz
    }

    fn intervals(&self, range: &Interval) -> Result<Vec<Interval>, UnclearTime> {
        window_intervals(&self.schedule, self.duration, self.tz, range)
    }
}

/// A duration as Go writes one: `12h`, `1h30m`, `45m`.
fn go_duration(d: TimeDelta) -> String {
    let (h, m) = (d.num_hours(), d.num_minutes() % 60);
    match (h, m) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m}m"),
    }
}

/// The sync windows of `periods`, as a YAML `spec.syncWindows` fragment.
pub(super) fn export(periods: &[ExportPeriod], options: &Options) -> Result<String, Refusal> {
    let mut out = String::from("spec:\n  syncWindows:\n");
    let mut any = false;
    for (kind, word) in [
        (PeriodKind::Blackout, "deny"),
        (PeriodKind::MaintenanceWindow, "allow"),
    ] {
        // One period at a time, so that each window names the
        // applications of the services its period applies to.
        for p in periods.iter().filter(|p| p.kind == kind) {
            let entries = plan(
                &[p],
                &options.range,
                "Argo CD's",
                |p| {
                    let spec = p.spec.as_ref()?;
                    let schedule = start_cron(spec)?;
                    // A wall-clock end gives a length that may change with
                    // the clocks; the first occurrence's is checked over
                    // the range.
                    let duration = match spec.length? {
                        Length::Exact(d) => d,
                        Length::WallEnd(_) => p.occurrences.first()?.duration(),
                    };
                    Some(Window {
                        schedule,
                        duration,
                        tz: p.tz,
                    })
                },
                |s, _, run, tz| Window {
                    schedule: Cron::dated(s),
                    duration: run.duration(),
                    tz,
                },
            )?;
            // A period scoped to some services names their applications,
            // unless the export is already for one service.
            let apps: Vec<String> = match &p.services {
                Some(list) if options.applications == ["*"] => list
                    .iter()
                    .flat_map(|s| {
                        options
                            .names
                            .get(s)
                            .cloned()
                            .unwrap_or_else(|| vec![s.clone()])
                    })
                    .collect(),
                _ => options.applications.clone(),
            };
            for (label, w) in entries {
                any = true;
                let _ = writeln!(out, "    # {label}");
                let _ = writeln!(out, "    - kind: {word}");
                let _ = writeln!(out, "      schedule: \"{}\"", w.schedule);
                let _ = writeln!(out, "      duration: {}", go_duration(w.duration));
                let _ = writeln!(out, "      timeZone: \"{}\"", w.tz.name());
                out.push_str("      applications:\n");
                for a in &apps {
                    let _ = writeln!(out, "        - {}", serde_json::json!(a));
                }
            }
        }
    }
    if !any {
        out = String::from("spec:\n  syncWindows: []\n");
    }
    Ok(out)
}

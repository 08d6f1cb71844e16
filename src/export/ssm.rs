//! `ssm-change-calendar`: an iCalendar document for an AWS Systems Manager
//! change calendar of type DEFAULT_OPEN. Each run of touching blackout
//! occurrences over the range is one event in UTC, which closes the
//! calendar; outside the range the calendar is open.

use super::cron::merge;
use super::{ExportPeriod, Options};
use crate::calendar::PeriodKind;
use crate::feeds::ics::Writer;
use crate::time::{ical_utc, Interval};

/// The change calendar's content.
pub(super) fn export(periods: &[ExportPeriod], options: &Options) -> String {
    let range = &options.range;
    let mut w = Writer::new();
    w.begin("VCALENDAR");
    w.raw("PRODID", "-//trainyard//export ssm-change-calendar//EN");
    w.raw("VERSION", "2.0");
    w.raw("X-CALENDAR-TYPE", "DEFAULT_OPEN");
    w.text(
        "X-WR-CALDESC",
        &format!(
            "Blackouts from {} to {} (UTC)",
            range.start.format("%Y-%m-%d %H:%M"),
            range.end.format("%Y-%m-%d %H:%M")
        ),
    );
    let mut events: Vec<(Interval, usize, &ExportPeriod)> = Vec::new();
    for p in periods.iter().filter(|p| p.kind == PeriodKind::Blackout) {
        for (n, run) in merge(p.occurrences.clone()).into_iter().enumerate() {
            if run.overlaps(range) {
                events.push((run, n, p));
            }
        }
    }
    events.sort_by(|a, b| (a.0.start, a.0.end, &a.2.name).cmp(&(b.0.start, b.0.end, &b.2.name)));
    for (run, _, p) in events {
        w.begin("VEVENT");
        let slug: String = p
            .name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        w.raw("UID", &format!("{}-{slug}@trainyard", ical_utc(run.start)));
        // No clock in the output: the stamp is the start of the range.
        w.utc("DTSTAMP", range.start);
        w.utc("DTSTART", run.start);
        w.utc("DTEND", run.end);
        w.text("SUMMARY", &p.name);
        w.end("VEVENT");
    }
    w.end("VCALENDAR");
    w.finish()
}

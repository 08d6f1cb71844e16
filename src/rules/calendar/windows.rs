//! A release window against the calendar: inside a maintenance window,
//! clear of blackouts and events, within its train's period, and not left
//! behind in the past.

use std::collections::BTreeMap;

use chrono::NaiveTime;

use super::{window_span, window_words, Calendar};
use crate::calendar::{blackouts_apply, needs_maintenance_window, Occurrence, PeriodKind};
use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::resolve::Resolved;
use crate::time::{self, format_duration, Interval};

/// The window checks for one live release.
pub(super) fn check(cal: &Calendar, r: &Release, w: &Interval, out: &mut Vec<Finding>) {
    let cx = cal.cx;
    maintenance(cal, r, w, out);
    blackouts(cal, r, w, out);
    events(cal, r, w, out);
    in_past(cx, r, w, out);
    train_period(cx, r, w, out);
}

/// `Sat 29 Mar 2025 18:00 - Sun 30 Mar 2025 06:00`.
fn span(cx: &Resolved, iv: &Interval) -> String {
    cx.fmt_span(iv)
}

fn slots_help(r: &Release) -> String {
    format!("`trainyard slots {}` lists the next legal windows", r.id())
}

fn maintenance(cal: &Calendar, r: &Release, w: &Interval, out: &mut Vec<Finding>) {
    let cx = cal.cx;
    if !needs_maintenance_window(cx, r) || !cal.index.has_maintenance_windows() {
        return;
    }
    if cal.index.maintenance_covering(w).is_some() {
        return;
    }
    let window = window_words(cx, w);
    let overlapping = cal.index.overlapping(PeriodKind::MaintenanceWindow, w);
    let message = match overlapping.first() {
        Some(o) if w.start >= o.interval.start => format!(
            "{window} runs {} past the end of maintenance window '{}' ({})",
            format_duration(w.end - o.interval.end),
            o.period.name,
            span(cx, &o.interval)
        ),
        Some(o) => format!(
            "{window} starts {} before maintenance window '{}' opens ({})",
            format_duration(o.interval.start - w.start),
            o.period.name,
            span(cx, &o.interval)
        ),
        None => {
            let next = cal
                .index
                .of_kind(PeriodKind::MaintenanceWindow)
                .filter_map(|p| p.next_at_or_after(w.start).map(|o| (o, p)))
                .min_by_key(|(o, p)| (o.start, p.position));
            match next {
                Some((o, p)) => format!(
                    "{window} is outside every maintenance window; the next is '{}' ({})",
                    p.name,
                    span(cx, &o)
                ),
                None => match cal.index.nearest_maintenance(w) {
                    Some(o) => format!(
                        "{window} is outside every maintenance window; the last is '{}' ({})",
                        o.period.name,
                        span(cx, &o.interval)
                    ),
                    None => format!("{window} is outside every maintenance window"),
                },
            }
        }
    };
    out.push(
        Finding::new(Rule::OutsideMaintenanceWindow, r.file, window_span(r), message)
            .help(format!(
                "move the window wholly inside one maintenance window occurrence ({}); if it cannot move, record an [[exceptions]] entry approved by the CAB",
                slots_help(r)
            ))
            .release(r.id()),
    );
}

/// The occurrences grouped by period, in order of their first occurrence.
fn by_period<'a>(occurrences: Vec<Occurrence<'a>>) -> Vec<Vec<Occurrence<'a>>> {
    let mut groups: BTreeMap<(PeriodKind, usize), Vec<Occurrence>> = BTreeMap::new();
    for o in occurrences {
        groups
            .entry((o.period.kind, o.period.position))
            .or_default()
            .push(o);
    }
    let mut v: Vec<Vec<Occurrence>> = groups.into_values().collect();
    v.sort_by_key(|g| g.first().map(|o| (o.interval.start, o.period.position)));
    v
}

/// `(Sat 29 Mar 2025 00:00-24:00)` or `(Sat 29 Mar 2025 00:00-24:00 and 2
/// more occurrences)`.
fn occurrence_words(cx: &Resolved, group: &[Occurrence]) -> String {
    let first = group
        .first()
        .map_or(String::new(), |o| span(cx, &o.interval));
    match group.len() {
        0 | 1 => format!("({first})"),
        n => format!(
            "({first} and {} more {})",
            n - 1,
            if n == 2 { "occurrence" } else { "occurrences" }
        ),
    }
}

fn blackouts(cal: &Calendar, r: &Release, w: &Interval, out: &mut Vec<Finding>) {
    let cx = cal.cx;
    if !blackouts_apply(cx, r) {
        return;
    }
    let kind = r.def.kind.get_ref();
    for group in by_period(cal.index.blackouts_for(w, Some(kind))) {
        let Some(first) = group.first() else { continue };
        let p = first.period;
        let exempt = if p.exempt.is_empty() {
            "it exempts no release type".to_string()
        } else {
            format!("it exempts only {} releases", super::and_list(&p.exempt))
        };
        out.push(
            Finding::new(
                Rule::Blackout,
                r.file,
                window_span(r),
                format!(
                    "{} overlaps blackout '{}' {}",
                    window_words(cx, w),
                    p.name,
                    occurrence_words(cx, &group)
                ),
            )
            .help(format!(
                "move the window out of the blackout ({}); {exempt}, and this is a {kind} release",
                slots_help(r)
            ))
            .release(r.id()),
        );
    }
}

fn events(cal: &Calendar, r: &Release, w: &Interval, out: &mut Vec<Finding>) {
    let cx = cal.cx;
    let service = r.def.service.get_ref();
    for group in by_period(cal.index.events_for(w, Some(service))) {
        let Some(first) = group.first() else { continue };
        let p = first.period;
        let affects = match &p.services {
            None => "every service".to_string(),
            Some(list) => super::and_list(list),
        };
        out.push(
            Finding::new(
                Rule::EventConflict,
                r.file,
                window_span(r),
                format!(
                    "{} overlaps event '{}' {}, which affects {affects}",
                    window_words(cx, w),
                    p.name,
                    occurrence_words(cx, &group)
                ),
            )
            .help(format!(
                "move the window clear of the event ({}), or agree the timing with the event's owner and record an approved exception",
                slots_help(r)
            ))
            .release(r.id()),
        );
    }
}

fn in_past(cx: &Resolved, r: &Release, w: &Interval, out: &mut Vec<Finding>) {
    if w.end > cx.today_start() {
        return;
    }
    let stage = *r.def.stage.get_ref();
    let help = if stage == crate::model::Stage::Deploy {
        "if it went out, record the [outcome] and set stage = \"close\"; if not, move the window to a future date or cancel the release".to_string()
    } else {
        format!(
            "move the window to a future date ({}), or set stage = \"cancelled\" if the release will not go ahead",
            slots_help(r)
        )
    };
    out.push(
        Finding::new(
            Rule::WindowInPast,
            r.file,
            window_span(r),
            format!(
                "{} ended before today ({}), but the release is still at stage = \"{stage}\"",
                window_words(cx, w),
                time::fmt_date(cx.today)
            ),
        )
        .help(help)
        .release(r.id()),
    );
}

fn train_period(cx: &Resolved, r: &Release, w: &Interval, out: &mut Vec<Finding>) {
    let Some(name) = &r.def.train else { return };
    let Some(train) = cx
        .repo
        .trains
        .iter()
        .find(|t| t.def.name.get_ref() == name.get_ref())
    else {
        return;
    };
    let from = train.def.from.get_ref().0;
    let until = train.def.until.get_ref().0;
    let midnight =
        |d: chrono::NaiveDate| time::resolve_local_lenient(cx.tz, d.and_time(NaiveTime::MIN));
    let (Some(open), Some(close)) = (midnight(from), until.succ_opt().and_then(midnight)) else {
        return;
    };
    let problem = if w.start < open {
        "starts before the train's period opens"
    } else if w.end > close {
        "ends after the train's period closes"
    } else {
        return;
    };
    out.push(
        Finding::new(
            Rule::OutsideTrainPeriod,
            r.file,
            window_span(r),
            format!(
                "{} {problem}: train '{}' runs from {} to {} (both days included)",
                window_words(cx, w),
                name.get_ref(),
                time::fmt_date(from),
                time::fmt_date(until)
            ),
        )
        .label(name.span(), "the train this release belongs to")
        .help(format!(
            "move the window inside the train's period ({}), or move the release to another train",
            slots_help(r)
        ))
        .release(r.id()),
    );
}

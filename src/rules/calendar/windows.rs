//! A release window against the calendar: inside a maintenance window,
//! clear of blackouts and events, within its train's period, and not left
//! behind in the past.

use std::collections::BTreeMap;

use chrono::NaiveTime;

use super::{
    blackouts_apply, needs_maintenance_window, window_span, window_words, Calendar, Occurrence,
    PeriodKind,
};
use crate::load::Release;
use crate::rules::{Context, Finding, RuleInfo, Severity};
use crate::time::{self, format_duration, Interval};

pub(super) const OUTSIDE_MAINTENANCE_WINDOW: RuleInfo = RuleInfo {
    name: "outside-maintenance-window",
    code: "TY201",
    family: "calendar",
    severity: Severity::Error,
    summary: "A release window does not sit wholly inside one maintenance window occurrence",
    doc: r#"## What it does
Checks that each live release's `[window]` (from stage `plan` on) lies
entirely inside a single occurrence of one of the calendar's
`[[maintenance_windows]]`, as expanded in the calendar's time zone.
Occurrences that touch are not merged: a window from Saturday 05:00 to 07:00
is outside both the Saturday-night and the Sunday-night windows. Types whose
policy says `maintenance_window = false` (emergency) are not checked, nor are
any releases when the calendar defines no maintenance windows.

Durations are exact elapsed time: on the night the clocks go forward in
London, a Saturday window from 18:00 to `end = "06:00"` lasts 11 hours, so a
release from 22:00 for `duration = "8h"` ends at 07:00 and is outside it.

## Why
Maintenance windows are when users are fewest and support is staffed.

## Example
```toml
[window]
start = 2030-03-13T20:00:00   # a Wednesday
duration = "2h"
```

Use instead (`trainyard slots ID` lists the next legal windows):
```toml
[window]
start = 2030-03-16T20:00:00   # Saturday night
duration = "2h"
```
"#,
};

pub(super) const BLACKOUT: RuleInfo = RuleInfo {
    name: "blackout",
    code: "TY202",
    family: "calendar",
    severity: Severity::Error,
    summary: "A release window overlaps a blackout that applies to its type",
    doc: r#"## What it does
Reports a live release whose `[window]` overlaps any occurrence of a
`[[blackouts]]` period. A blackout applies unless its `exempt` list names the
release's type or the type's policy says `blackouts = false`. The message
names the blackout and the occurrence hit, in the calendar's time zone.

## Why
Blackouts protect high-risk business periods: month-end close, the year-end
freeze when support is thin.

## Example
```toml
# calendar: Month-end close, BYMONTHDAY=28,29,30,31,1,2, 00:00 for 24h
[window]
start = 2030-03-30T20:00:00
duration = "2h"
```

Use instead:
```toml
[window]
start = 2030-03-23T20:00:00
duration = "2h"
```
"#,
};

pub(super) const EVENT_CONFLICT: RuleInfo = RuleInfo {
    name: "event-conflict",
    code: "TY205",
    family: "calendar",
    severity: Severity::Error,
    summary:
        "A release window overlaps an organisational event or infrastructure work on its service",
    doc: r#"## What it does
Reports a live release whose `[window]` overlaps an occurrence of an
`[[events]]` period that affects its service (`services` lists the service,
or is `["*"]`, or is left out). Events apply to every release type,
emergency releases included: they are conflicts, not policy.

## Why
A board meeting, a trading peak or data-centre work makes a change on the
affected service riskier and harder to support.

## Example
```toml
# calendar: "DC2 switch replacement", services = ["payments"],
#           from = 2030-02-16T18:00:00, until = 2030-02-17T06:00:00
service = "payments"
[window]
start = 2030-02-16T20:00:00
duration = "2h"
```

Use instead: a window on another night, or agree the timing with the event's
owner and record an approved exception.
"#,
};

pub(super) const WINDOW_IN_PAST: RuleInfo = RuleInfo {
    name: "window-in-past",
    code: "TY209",
    family: "calendar",
    severity: Severity::Warning,
    summary: "A live release's window ended before today",
    doc: r#"## What it does
Warns about a release that is neither closed nor cancelled whose `[window]`
ended before `--today` began (in the calendar's time zone).

## Why
Either the release went out and its outcome was never recorded, or it
missed its window and needs a new one. Both leave the calendar wrong.

## Example
```toml
stage = "deploy"
[window]
start = 2026-12-05T20:00:00   # checked on 2027-01-10
duration = "3h"
```

Use instead: record the `[outcome]` and set `stage = "close"`, or move the
window (`trainyard slots ID`), or cancel the release.
"#,
};

pub(super) const OUTSIDE_TRAIN_PERIOD: RuleInfo = RuleInfo {
    name: "outside-train-period",
    code: "TY210",
    family: "calendar",
    severity: Severity::Error,
    summary: "A train member's window falls outside its train's from..until period",
    doc: r#"## What it does
For a live release that names a `train`, checks that its `[window]` lies
within the train's period: from the start of its `from` day to the end of its
`until` day (both days included), in the calendar's time zone.

## Why
A train ships its members together within its period; a member scheduled
outside it escapes the train's gates and milestones.

## Example
```toml
# releases/trains/2030-Q1.toml: from = 2030-01-06, until = 2030-03-31
train = "2030-Q1"
[window]
start = 2030-04-06T20:00:00
duration = "2h"
```

Use instead: a window inside the period, or move the release to the next
train.
"#,
};

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
fn span(cx: &Context, iv: &Interval) -> String {
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
        Finding::new(OUTSIDE_MAINTENANCE_WINDOW.name, r.file, window_span(r), message)
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
fn occurrence_words(cx: &Context, group: &[Occurrence]) -> String {
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
                BLACKOUT.name,
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
                EVENT_CONFLICT.name,
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

fn in_past(cx: &Context, r: &Release, w: &Interval, out: &mut Vec<Finding>) {
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
            WINDOW_IN_PAST.name,
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

fn train_period(cx: &Context, r: &Release, w: &Interval, out: &mut Vec<Finding>) {
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
            OUTSIDE_TRAIN_PERIOD.name,
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

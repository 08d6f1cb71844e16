//! Legal windows for a release, for `trainyard slots`: the release procedure's "the
//! calendar shows no available windows" answered before anyone books.
//!
//! A slot is a window of the release's length that the calendar rules
//! would accept: inside one maintenance window occurrence (unless the type
//! needs none), clear of the blackouts that apply to the type and of the
//! events on its service, clear of every live release of a related service
//! (the same one, or one depending directly on the other), never more than
//! `max_concurrent` live windows at once, the release manager available,
//! inside the release's train period, and far enough ahead of `--today`
//! for the notice its impact needs (a new window needs a notice sent today
//! at the earliest) and for the stages its type's schedule still needs.
//!
//! Each maintenance window occurrence offers at most one slot, its
//! earliest legal start; types without maintenance windows are offered one
//! per day, from the release's current time of day. Occurrences with no
//! room are reported with the reasons, so an empty answer explains itself.

use std::collections::BTreeSet;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeDelta, Utc};

use super::people::{clash, duty};
use super::{
    absences, blackouts_apply, earliest_window_day, needs_maintenance_window, CalendarIndex,
    InvalidPeriod, Neighbours, PeriodKind,
};
use crate::load::Release;
use crate::model::Stage;
use crate::resolve::Resolved;
use crate::time::{self, format_duration, Interval};
use crate::words::{and_list, plural};

/// What to search for.
#[derive(Clone, Debug)]
pub struct SlotOptions {
    /// How many slots to find.
    pub count: usize,
    /// Start no earlier than this local date.
    pub after: Option<NaiveDate>,
    /// The window's length (default: the release's current window).
    pub duration: Option<TimeDelta>,
    /// How many days past the earliest start to search.
    pub days: u32,
}

impl Default for SlotOptions {
    fn default() -> Self {
        SlotOptions {
            count: 5,
            after: None,
            duration: None,
            days: 730,
        }
    }
}

/// One legal window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    /// The window, in UTC.
    pub interval: Interval,
    /// The maintenance window occurrence it sits in, by name.
    pub maintenance_window: Option<String>,
}

/// A maintenance window occurrence (or a day) with no room, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The occurrence or day.
    pub interval: Interval,
    /// `maintenance window 'Saturday night'` or `day`.
    pub label: String,
    /// Why nothing fits, in words, without repeats.
    pub reasons: Vec<String>,
}

/// The answer for one release.
#[derive(Clone, Debug)]
pub struct SlotSearch {
    /// The window length searched for.
    pub duration: TimeDelta,
    /// No slot starts before this.
    pub earliest: DateTime<Utc>,
    /// What set the earliest start, in words.
    pub constraints: Vec<String>,
    /// The span searched.
    pub searched: Interval,
    /// The slots found, earliest first.
    pub slots: Vec<Slot>,
    /// Occurrences before the last slot found (or in the whole search when
    /// fewer than asked were found) that had no room.
    pub skipped: Vec<Skipped>,
    /// Calendar periods left out of the search because they do not
    /// compile (`lint` reports them).
    pub invalid: Vec<InvalidPeriod>,
}

/// Why no search could be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SlotError {
    /// The release is closed or cancelled.
    NotLive(Stage),
    /// The release has no window to take a length from, and none was given.
    NoDuration,
    /// The length is not positive.
    BadDuration,
}

impl std::fmt::Display for SlotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SlotError::NotLive(s) => write!(
                f,
                "the release is at stage = \"{s}\"; slots are for releases still to deploy"
            ),
            SlotError::NoDuration => write!(
                f,
                "the release has no [window] to take a length from; give one with --duration, such as --duration 2h"
            ),
            SlotError::BadDuration => write!(f, "the window length must be more than zero"),
        }
    }
}

impl std::error::Error for SlotError {}

/// Something that rules out any window overlapping it.
#[derive(Clone, Debug)]
struct Blocker {
    interval: Interval,
    reason: String,
}

/// The start of local day `d`.
fn day_start(cx: &Resolved, d: NaiveDate) -> Option<DateTime<Utc>> {
    time::resolve_local_lenient(cx.tz, d.and_time(NaiveTime::MIN))
}

/// Finds the next legal windows for `r`.
pub fn find(cx: &Resolved, r: &Release, opts: &SlotOptions) -> Result<SlotSearch, SlotError> {
    let stage = *r.def.stage.get_ref();
    if !stage.is_live() {
        return Err(SlotError::NotLive(stage));
    }
    let duration = opts
        .duration
        .or_else(|| cx.window(r).map(|w| w.duration()))
        .ok_or(SlotError::NoDuration)?;
    if duration <= TimeDelta::zero() {
        return Err(SlotError::BadDuration);
    }
    let (earliest_day, mut constraints) = earliest(cx, r, opts);
    let mut earliest = day_start(cx, earliest_day).unwrap_or_else(|| cx.today_start());
    let span = TimeDelta::try_days(i64::from(opts.days)).unwrap_or(TimeDelta::zero());
    let mut until = earliest.checked_add_signed(span).unwrap_or(earliest);
    if let Some((open, close, text)) = train_bounds(cx, r) {
        earliest = earliest.max(open);
        until = until.min(close);
        constraints.push(text);
    }
    let searched = Interval {
        start: earliest,
        end: until.max(earliest),
    };
    let mut search = SlotSearch {
        duration,
        earliest,
        constraints,
        searched,
        slots: Vec::new(),
        skipped: Vec::new(),
        invalid: Vec::new(),
    };
    if searched.is_empty() || opts.count == 0 {
        return Ok(search);
    }
    let pad = TimeDelta::try_days(3).unwrap_or(TimeDelta::zero());
    let horizon = Interval {
        start: searched
            .start
            .checked_sub_signed(pad)
            .unwrap_or(searched.start),
        end: pad
            .checked_add(&duration)
            .and_then(|d| searched.end.checked_add_signed(d))
            .unwrap_or(searched.end),
    };
    let index = CalendarIndex::new(&cx.repo.calendar.def, cx.tz, horizon);
    search.invalid = index.invalid().to_vec();
    let blockers = blockers(cx, r, &index, &horizon);
    let max_len = blockers
        .iter()
        .map(|b| b.interval.duration())
        .max()
        .unwrap_or(TimeDelta::zero());
    let all_absences = absences(cx.repo, cx.tz);
    let away = all_absences
        .get(r.def.manager.get_ref().as_str())
        .map_or(&[][..], Vec::as_slice);

    for (container, label, fixed_end) in containers(cx, r, &index, &searched) {
        if search.slots.len() >= opts.count {
            break;
        }
        if container.end <= earliest {
            continue;
        }
        // The latest start that keeps the window inside the container (a
        // maintenance window) or starts it within the day.
        let latest = if fixed_end {
            container.end.checked_sub_signed(duration)
        } else {
            container.end.checked_sub_signed(TimeDelta::nanoseconds(1))
        };
        let Some(latest) = latest else { continue };
        let mut t = container.start.max(earliest);
        let mut reasons: Vec<String> = Vec::new();
        if fixed_end && container.duration() < duration {
            reasons.push(format!(
                "it lasts {} here, less than the {} the release needs",
                format_duration(container.duration()),
                format_duration(duration)
            ));
        } else if t > latest {
            // Starts before the earliest allowed time: not a candidate.
            continue;
        }
        let mut found = None;
        while t <= latest {
            let Some(end) = t.checked_add_signed(duration) else {
                break;
            };
            let w = Interval { start: t, end };
            if end > searched.end {
                break;
            }
            let hits = overlapping(&blockers, max_len, &w);
            if !hits.is_empty() {
                for b in &hits {
                    if !reasons.contains(&b.reason) {
                        reasons.push(b.reason.clone());
                    }
                }
                t = hits.iter().map(|b| b.interval.end).max().unwrap_or(end);
                continue;
            }
            if let Some(a) = duty(cx.tz, &w).and_then(|d| clash(away, &d)) {
                let why = format!(
                    "release manager {} is unavailable {}",
                    r.def.manager.get_ref(),
                    a.text
                );
                if !reasons.contains(&why) {
                    reasons.push(why);
                }
                match t.checked_add_signed(TimeDelta::nanoseconds(1)) {
                    Some(next) => t = a.interval.end.max(next),
                    None => break,
                }
                continue;
            }
            found = Some(w);
            break;
        }
        match found {
            Some(w) => {
                if !search.slots.iter().any(|s| s.interval.start == w.start) {
                    search.slots.push(Slot {
                        interval: w,
                        maintenance_window: fixed_end.then(|| label.clone()),
                    });
                }
            }
            None => {
                if reasons.is_empty() {
                    reasons.push("the search ends before a window fits".to_string());
                }
                search.skipped.push(Skipped {
                    interval: container,
                    label: if fixed_end {
                        format!("maintenance window '{label}'")
                    } else {
                        "day".to_string()
                    },
                    reasons,
                });
            }
        }
    }
    search.slots.sort_by_key(|s| s.interval.start);
    Ok(search)
}

/// The earliest local day a window may start on, and why.
fn earliest(cx: &Resolved, r: &Release, opts: &SlotOptions) -> (NaiveDate, Vec<String>) {
    let mut day = cx.today;
    let mut why = vec![format!("today is {}", time::fmt_date(cx.today))];
    let impact = *r.def.impact.get_ref();
    let n = cx.notice_days(r.def.kind.get_ref(), impact);
    if n > 0 {
        if let Some(d) = earliest_window_day(&cx.business, cx.today, n) {
            why.push(format!(
                "notice: a {}-impact release needs {} of notice, so with a notice sent today the window can be on {} or later",
                impact.as_str(),
                plural(n, "business day"),
                time::fmt_date(d)
            ));
            day = day.max(d);
        }
    }
    if let (Some(policy), Some(rank)) = (cx.policy_of(r), r.def.stage.get_ref().rank()) {
        let skips = policy.skips();
        let most = Stage::LIFECYCLE[rank..]
            .iter()
            .filter(|s| !skips.contains(s))
            .filter_map(|s| policy.schedule.days_before(*s).map(|d| (d, *s)))
            .max_by_key(|(d, _)| *d);
        if let Some((days, stage)) = most {
            if let Some(d) = cx.today.checked_add_days(Days::new(u64::from(days))) {
                why.push(format!(
                    "schedule: the {} timeline needs `{stage}` done {} before the window, so {} or later",
                    r.def.kind.get_ref(),
                    plural(days, "day"),
                    time::fmt_date(d)
                ));
                day = day.max(d);
            }
        }
    }
    if let Some(after) = opts.after {
        why.push(format!("--after {}", time::fmt_date(after)));
        day = day.max(after);
    }
    (day, why)
}

/// The release's train period as `[open, close)` with a description.
fn train_bounds(cx: &Resolved, r: &Release) -> Option<(DateTime<Utc>, DateTime<Utc>, String)> {
    let name = r.def.train.as_ref()?.get_ref();
    let train = cx
        .repo
        .trains
        .iter()
        .find(|t| t.def.name.get_ref() == name)?;
    let from = train.def.from.get_ref().0;
    let until = train.def.until.get_ref().0;
    let open = day_start(cx, from)?;
    let close = day_start(cx, until.succ_opt()?)?;
    Some((
        open,
        close,
        format!(
            "train '{name}' runs from {} to {}",
            time::fmt_date(from),
            time::fmt_date(until)
        ),
    ))
}

/// Where slots may go: maintenance window occurrences (`true`: the window
/// must end inside), or days from the release's time of day (`false`).
fn containers(
    cx: &Resolved,
    r: &Release,
    index: &CalendarIndex,
    searched: &Interval,
) -> Vec<(Interval, String, bool)> {
    let service = Some(r.def.service.get_ref().as_str());
    if needs_maintenance_window(cx, r) && index.has_maintenance_windows(service) {
        let mut v: Vec<(Interval, String, bool)> = index
            .overlapping(PeriodKind::MaintenanceWindow, searched, service)
            .into_iter()
            .map(|o| (o.interval, o.period.name.clone(), true))
            .collect();
        v.sort_by_key(|(iv, name, _)| (iv.start, iv.end, name.clone()));
        return v;
    }
    let at = r.def.window.as_ref().map_or(NaiveTime::MIN, |w| {
        w.get_ref().start.get_ref().naive().time()
    });
    let mut out = Vec::new();
    let Some(mut day) = time::to_local(cx.tz, searched.start).map(|l| l.date()) else {
        return out;
    };
    // Each day from the release's time of day to the same time the next.
    let bounds = |d: NaiveDate| {
        let s = time::resolve_local_lenient(cx.tz, d.and_time(at))?;
        let next = d.succ_opt()?;
        let e = time::resolve_local_lenient(cx.tz, next.and_time(at))?;
        Some((s, e, next))
    };
    while let Some((s, e, next)) = bounds(day) {
        if s >= searched.end {
            break;
        }
        if let Ok(iv) = Interval::new(s, e) {
            out.push((iv, String::new(), false));
        }
        day = next;
    }
    out
}

/// Everything that rules out a window for `r` over `horizon`.
fn blockers(cx: &Resolved, r: &Release, index: &CalendarIndex, horizon: &Interval) -> Vec<Blocker> {
    let mut out = Vec::new();
    let kind = r.def.kind.get_ref();
    let service = r.def.service.get_ref();
    if blackouts_apply(cx, r) {
        for o in index.blackouts_for(horizon, Some(kind), Some(service)) {
            out.push(Blocker {
                interval: o.interval,
                reason: format!(
                    "blackout '{}' ({})",
                    o.period.name,
                    cx.fmt_period_span(o.period.tz, &o.interval)
                ),
            });
        }
    }
    for o in index.events_for(horizon, Some(service)) {
        out.push(Blocker {
            interval: o.interval,
            reason: format!(
                "event '{}' ({})",
                o.period.name,
                cx.fmt_period_span(o.period.tz, &o.interval)
            ),
        });
    }
    let graph = Neighbours::from_repo(cx.repo);
    let others: Vec<(&Release, Interval)> = cx
        .repo
        .releases
        .iter()
        .filter(|o| o.file != r.file && o.id() != r.id() && o.def.stage.get_ref().is_live())
        .filter_map(|o| cx.window(o).filter(|w| w.overlaps(horizon)).map(|w| (o, w)))
        .collect();
    for (o, w) in &others {
        if graph.related(service, o.def.service.get_ref()) {
            out.push(Blocker {
                interval: *w,
                reason: format!(
                    "{} ({}, {})",
                    o.id(),
                    o.def.service.get_ref(),
                    cx.fmt_span(w)
                ),
            });
        }
    }
    if let Some(limit) = &cx.repo.calendar.def.max_concurrent {
        out.extend(full(cx, *limit.get_ref() as usize, &others));
    }
    out.sort_by(|a, b| {
        (a.interval.start, a.interval.end, &a.reason).cmp(&(
            b.interval.start,
            b.interval.end,
            &b.reason,
        ))
    });
    out
}

/// The spans where `limit` or more of `others` are already open together.
fn full(cx: &Resolved, limit: usize, others: &[(&Release, Interval)]) -> Vec<Blocker> {
    // (time, 0 = end / 1 = start, index): ends first at the same instant.
    let mut events: Vec<(DateTime<Utc>, u8, usize)> = Vec::with_capacity(others.len() * 2);
    for (i, (_, w)) in others.iter().enumerate() {
        events.push((w.start, 1, i));
        events.push((w.end, 0, i));
    }
    events.sort_unstable();
    let mut active: BTreeSet<usize> = BTreeSet::new();
    let mut out = Vec::new();
    let mut open: Option<(DateTime<Utc>, Vec<usize>)> = None;
    for (k, &(t, kind, i)) in events.iter().enumerate() {
        if kind == 1 {
            active.insert(i);
        } else {
            active.remove(&i);
        }
        // Take the state once every event at this instant is applied.
        if events.get(k + 1).is_some_and(|next| next.0 == t) {
            continue;
        }
        let now: Option<Vec<usize>> =
            (active.len() >= limit).then(|| active.iter().copied().collect());
        if open.as_ref().map(|(_, s)| s) != now.as_ref() {
            if let Some((start, set)) = open.take() {
                if let Ok(interval) = Interval::new(start, t) {
                    let ids: Vec<&str> = set.iter().map(|&j| others[j].0.id()).collect();
                    out.push(Blocker {
                        interval,
                        reason: format!(
                            "max_concurrent = {limit} already reached {} ({})",
                            cx.fmt_span(&interval),
                            and_list(&ids)
                        ),
                    });
                }
            }
            open = now.map(|s| (t, s));
        }
    }
    out
}

/// The blockers overlapping `w` (sorted by start; none longer than
/// `max_len`).
fn overlapping<'b>(blockers: &'b [Blocker], max_len: TimeDelta, w: &Interval) -> Vec<&'b Blocker> {
    let from = w.start.checked_sub_signed(max_len).unwrap_or(w.start);
    let lo = blockers.partition_point(|b| b.interval.start < from);
    let hi = blockers.partition_point(|b| b.interval.start < w.end);
    blockers[lo..hi.max(lo)]
        .iter()
        .filter(|b| b.interval.overlaps(w))
        .collect()
}

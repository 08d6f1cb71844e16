//! The release calendar: one month grid for every month that has a
//! release, an event or a one-off blackout, with maintenance windows and
//! blackouts expanded over the month, and the month the index opens on.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rayon::prelude::*;
use serde::Serialize;

use super::clock::{self, Occurrence};
use super::data::SiteData;
use super::periods;
use super::view::{Link, ReleaseRow};
use crate::calendar::PeriodKind;
use crate::model::Period;

/// A month that has a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthKey {
    pub year: i32,
    pub month: u32,
}

impl MonthKey {
    pub fn of(d: NaiveDate) -> MonthKey {
        MonthKey {
            year: d.year(),
            month: d.month(),
        }
    }

    /// `2026-03`.
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    pub fn url(self) -> String {
        format!("calendar/{}/index.html", self.key())
    }

    fn first(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }

    fn next(self) -> MonthKey {
        if self.month == 12 {
            MonthKey {
                year: self.year + 1,
                month: 1,
            }
        } else {
            MonthKey {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    fn ordinal(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    fn link(self) -> Link {
        Link {
            label: crate::time::fmt_month(self.year, self.month),
            url: self.url(),
        }
    }
}

/// Something shown on a day: a window, blackout, event or holiday.
#[derive(Clone, Debug, Serialize)]
pub struct Mark {
    pub name: String,
    /// `18:00–06:00`, `all day`, `until 06:00`.
    pub time: String,
}

/// A day of the grid.
#[derive(Clone, Debug, Serialize)]
pub struct DayCell {
    pub day: u32,
    /// `2026-03-14`.
    pub date: String,
    /// `Sat 14 Mar 2026`, for screen readers and titles.
    pub label: String,
    pub in_month: bool,
    pub is_today: bool,
    pub weekend: bool,
    pub windows: Vec<Mark>,
    pub blackouts: Vec<Mark>,
    pub events: Vec<Mark>,
    pub holiday: Option<String>,
    pub releases: Vec<ReleaseRow>,
}

/// A month page.
#[derive(Clone, Debug, Serialize)]
pub struct MonthPage {
    pub key: String,
    /// `March 2026`.
    pub label: String,
    pub url: String,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    pub weekdays: [&'static str; 7],
    pub weeks: Vec<Vec<DayCell>>,
    /// The month's releases in window order (the agenda under the grid).
    pub releases: Vec<ReleaseRow>,
    pub blackouts: Vec<Mark>,
    pub events: Vec<Mark>,
    /// The month's holidays, with their dates.
    pub holidays: Vec<Mark>,
}

/// A month in the list of months.
#[derive(Clone, Debug, Serialize)]
pub struct MonthLink {
    pub key: String,
    pub label: String,
    pub url: String,
    pub releases: usize,
    pub current: bool,
}

/// Every month that gets a page, in order.
pub fn months(ix: &SiteData<'_>) -> Vec<MonthKey> {
    let mut set = BTreeSet::new();
    for w in ix.windows.iter().flatten() {
        set.insert(MonthKey::of(clock::to_local(ix.tz, w.0).date()));
    }
    let cal = &ix.repo.calendar.def;
    for p in cal.events.iter().chain(&cal.blackouts).map(|p| p.get_ref()) {
        let (Some(a), Some(b)) = (&p.from, &p.until) else {
            continue;
        };
        let (Some(s), Some(e)) = (
            clock::resolve(ix.tz, a.get_ref()),
            clock::resolve(ix.tz, b.get_ref()),
        ) else {
            continue;
        };
        if e <= s {
            continue;
        }
        let last = MonthKey::of(clock::to_local(ix.tz, e - Duration::seconds(1)).date());
        let mut m = MonthKey::of(clock::to_local(ix.tz, s).date());
        // Bounded: a typo'd decade-long range still makes at most 10 years.
        for _ in 0..120 {
            set.insert(m);
            if m >= last {
                break;
            }
            m = m.next();
        }
    }
    // Every month of the feeds' horizon gets a page, so that windows and
    // blackouts after the last release can be seen too.
    let (from, until) = crate::feeds::horizon(ix.today);
    let last = MonthKey::of(until.pred_opt().unwrap_or(until));
    let mut m = MonthKey::of(from);
    for _ in 0..240 {
        if m > last {
            break;
        }
        set.insert(m);
        m = m.next();
    }
    set.into_iter().collect()
}

/// The month the calendar index opens on: this month when it has a
/// release, else the nearest month that has one (the later on a tie),
/// else this month when it has a page, else the first month.
pub fn opening_month(ix: &SiteData<'_>, months: &[MonthKey]) -> MonthKey {
    let now = MonthKey::of(ix.today);
    let with_releases: BTreeSet<MonthKey> = ix
        .windows
        .iter()
        .flatten()
        .map(|w| MonthKey::of(clock::to_local(ix.tz, w.0).date()))
        .collect();
    if let Some(best) = with_releases.iter().min_by_key(|m| {
        (
            (m.ordinal() - now.ordinal()).abs(),
            m.ordinal() < now.ordinal(),
        )
    }) {
        return *best;
    }
    if months.contains(&now) {
        return now;
    }
    months.first().copied().unwrap_or(now)
}

/// The list of months with their release counts.
pub fn month_links(ix: &SiteData<'_>, months: &[MonthKey], current: MonthKey) -> Vec<MonthLink> {
    let mut counts = std::collections::BTreeMap::new();
    for w in ix.windows.iter().flatten() {
        *counts
            .entry(MonthKey::of(clock::to_local(ix.tz, w.0).date()))
            .or_insert(0usize) += 1;
    }
    months
        .iter()
        .map(|m| MonthLink {
            key: m.key(),
            label: crate::time::fmt_month(m.year, m.month),
            url: m.url(),
            releases: counts.get(m).copied().unwrap_or(0),
            current: *m == current,
        })
        .collect()
}

/// Builds every month page, in parallel.
pub fn month_pages(ix: &SiteData<'_>, months: &[MonthKey]) -> Vec<MonthPage> {
    let pages = std::sync::Mutex::new(Vec::new());
    let _ = each_month_page(ix, months, |page| {
        pages.lock().unwrap_or_else(|e| e.into_inner()).push(page);
        Ok::<(), std::convert::Infallible>(())
    });
    let mut pages = pages.into_inner().unwrap_or_else(|e| e.into_inner());
    pages.sort_by(|a, b| a.key.cmp(&b.key));
    pages
}

/// Makes the page of each month in `months` (their neighbours in the
/// list are their previous and next), in parallel, and hands each to
/// `emit` as soon as it is made, so that no more than a few are held.
pub fn each_month_page<E: Send>(
    ix: &SiteData<'_>,
    months: &[MonthKey],
    emit: impl Fn(MonthPage) -> Result<(), E> + Sync,
) -> Result<(), E> {
    // Releases by local start date, in window order.
    let mut by_day: std::collections::BTreeMap<NaiveDate, Vec<usize>> = Default::default();
    for &i in &ix.chronological {
        if let Some(w) = ix.windows[i] {
            by_day
                .entry(clock::to_local(ix.tz, w.0).date())
                .or_default()
                .push(i);
        }
    }
    months.par_iter().enumerate().try_for_each(|(n, m)| {
        let prev = n
            .checked_sub(1)
            .and_then(|p| months.get(p))
            .map(|p| p.link());
        let next = months.get(n + 1).map(|p| p.link());
        match month_page(ix, *m, prev, next, &by_day) {
            Some(page) => emit(page),
            None => Ok(()),
        }
    })
}

fn local_midnight(ix: &SiteData<'_>, d: NaiveDate) -> Option<DateTime<Utc>> {
    clock::resolve_local(ix.tz, d.and_hms_opt(0, 0, 0)?)
}

fn month_page(
    ix: &SiteData<'_>,
    m: MonthKey,
    prev: Option<Link>,
    next: Option<Link>,
    by_day: &std::collections::BTreeMap<NaiveDate, Vec<usize>>,
) -> Option<MonthPage> {
    let first = m.first()?;
    let grid_start = first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
    let last = m.next().first()?.pred_opt()?;
    let grid_end = last + Duration::days(i64::from(6 - last.weekday().num_days_from_monday()));
    let from = local_midnight(ix, grid_start)?;
    let to = local_midnight(ix, grid_end.succ_opt()?)?;
    let cal = &ix.repo.calendar.def;
    let expand = |kind: PeriodKind,
                  periods: &[crate::model::Spanned<Period>]|
     -> Vec<(Occurrence, String)> {
        periods
            .iter()
            .enumerate()
            .flat_map(|(position, p)| {
                let p = p.get_ref();
                let note = format!("{}{}", ix.scopes.note(kind, position), exempt_note(p));
                stretches(ix, p, from, to)
                    .into_iter()
                    .map(move |o| (o, note.clone()))
            })
            .collect()
    };
    let windows = expand(PeriodKind::MaintenanceWindow, &cal.maintenance_windows);
    let blackouts = expand(PeriodKind::Blackout, &cal.blackouts);
    let events = expand(PeriodKind::Event, &cal.events);
    let holidays: Vec<Mark> = {
        let mut days: Vec<(NaiveDate, String)> = cal
            .holidays
            .iter()
            .map(|h| h.get_ref())
            .filter(|h| MonthKey::of(h.date.get_ref().0) == m)
            .map(|h| {
                let name = h.name.as_ref().map_or("Holiday", |n| n.get_ref().as_str());
                (h.date.get_ref().0, name.to_string())
            })
            .collect();
        days.sort();
        days.into_iter()
            .map(|(d, name)| Mark {
                name,
                time: crate::time::fmt_date(d),
            })
            .collect()
    };
    let mut weeks = Vec::new();
    let mut releases = Vec::new();
    let mut day = grid_start;
    while day <= grid_end {
        let mut week = Vec::with_capacity(7);
        for _ in 0..7 {
            let start = local_midnight(ix, day)?;
            let end = local_midnight(ix, day.succ_opt()?)?;
            let in_month = day.month() == m.month && day.year() == m.year;
            let day_releases: Vec<ReleaseRow> = if in_month {
                by_day
                    .get(&day)
                    .map(|v| v.iter().map(|&i| ix.row(i).clone()).collect())
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            releases.extend(day_releases.iter().cloned());
            week.push(DayCell {
                day: day.day(),
                date: day.to_string(),
                label: crate::time::fmt_date(day),
                in_month,
                is_today: day == ix.today,
                weekend: day.weekday().num_days_from_monday() >= 5,
                windows: windows
                    .iter()
                    .filter(|(o, _)| o.start >= start && o.start < end)
                    .map(|(o, note)| Mark {
                        name: format!("{}{note}", o.name),
                        time: with_zone(
                            ix.tz,
                            o,
                            format!(
                                "{}\u{2013}{}",
                                crate::time::fmt_hhmm(clock::to_local(ix.tz, o.start).time()),
                                crate::time::fmt_hhmm(clock::to_local(ix.tz, o.end).time())
                            ),
                        ),
                    })
                    .collect(),
                blackouts: marks_on(ix, &blackouts, start, end),
                events: marks_on(ix, &events, start, end),
                holiday: cal
                    .holidays
                    .iter()
                    .map(|h| h.get_ref())
                    .find(|h| h.date.get_ref().0 == day)
                    .map(|h| {
                        h.name
                            .as_ref()
                            .map_or_else(|| "Holiday".to_string(), |n| n.get_ref().clone())
                    }),
                releases: day_releases,
            });
            day = day.succ_opt()?;
        }
        weeks.push(week);
    }
    let month_from = local_midnight(ix, first)?;
    let month_to = local_midnight(ix, m.next().first()?)?;
    let summary = |occ: &[(Occurrence, String)]| -> Vec<Mark> {
        occ.iter()
            .filter(|(o, _)| o.start < month_to && o.end > month_from)
            .map(|(o, note)| Mark {
                name: format!("{}{note}", o.name),
                time: periods::span(ix.tz, o),
            })
            .collect()
    };
    Some(MonthPage {
        key: m.key(),
        label: crate::time::fmt_month(m.year, m.month),
        url: m.url(),
        prev,
        next,
        weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        weeks,
        releases,
        blackouts: summary(&blackouts),
        events: summary(&events),
        holidays,
    })
}

/// How far before and after a range a period is expanded, so that a
/// stretch of back-to-back occurrences (a month-end blackout over the turn
/// of the year) shows where it really starts and ends, not where the range
/// cuts it.
const STRETCH_MARGIN_DAYS: i64 = 62;

/// The occurrences of `p` that touch `[from, to)`, back-to-back ones
/// joined, each with its full span even where it runs past the range.
fn stretches(
    ix: &SiteData<'_>,
    p: &Period,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Occurrence> {
    let margin = Duration::days(STRETCH_MARGIN_DAYS);
    merge(clock::occurrences(ix.tz, p, from - margin, to + margin))
        .into_iter()
        .filter(|o| o.start < to && o.end > from)
        .collect()
}

/// Joins occurrences of one period that touch or overlap (the month-end
/// blackout is six one-day occurrences in a row: one stretch to a reader).
fn merge(mut occ: Vec<Occurrence>) -> Vec<Occurrence> {
    occ.sort_by_key(|o| o.start);
    let mut out: Vec<Occurrence> = Vec::with_capacity(occ.len());
    for o in occ {
        match out.last_mut() {
            Some(last) if o.start <= last.end => last.end = last.end.max(o.end),
            _ => out.push(o),
        }
    }
    out
}

fn exempt_note(p: &Period) -> String {
    match &p.exempt {
        Some(list) if !list.get_ref().is_empty() => {
            let names: Vec<&str> = list
                .get_ref()
                .iter()
                .map(|s| s.get_ref().as_str())
                .collect();
            format!(" (except {})", names.join(", "))
        }
        _ => String::new(),
    }
}

/// A day's time of `o` in the calendar's zone, then its own time in its
/// own zone when that differs: `03:00–07:00 (22:00–02:00 America/New_York)`.
fn with_zone(tz: chrono_tz::Tz, o: &Occurrence, time: String) -> String {
    match periods::zone_clock(tz, o) {
        Some(there) => format!("{time} ({there})"),
        None => time,
    }
}

/// Occurrences that touch the day `[start, end)`, with the part of the day
/// they cover.
fn marks_on(
    ix: &SiteData<'_>,
    occ: &[(Occurrence, String)],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Vec<Mark> {
    occ.iter()
        .filter(|(o, _)| o.start < end && o.end > start)
        .map(|(o, note)| {
            let clock_of =
                |t: DateTime<Utc>| crate::time::fmt_hhmm(clock::to_local(ix.tz, t).time());
            // The same boundaries in the period's own zone, when it has one.
            let there = |t: DateTime<Utc>| {
                (o.zone != ix.tz).then(|| {
                    format!(
                        " ({} {})",
                        crate::time::fmt_hhmm(clock::to_local(o.zone, t).time()),
                        o.zone.name()
                    )
                })
            };
            let time = match (o.start > start, o.end < end) {
                (false, false) => "all day".to_string(),
                (true, false) => format!(
                    "from {}{}",
                    clock_of(o.start),
                    there(o.start).unwrap_or_default()
                ),
                (false, true) => format!(
                    "until {}{}",
                    clock_of(o.end),
                    there(o.end).unwrap_or_default()
                ),
                (true, true) => with_zone(
                    ix.tz,
                    o,
                    format!("{}\u{2013}{}", clock_of(o.start), clock_of(o.end)),
                ),
            };
            Mark {
                name: format!("{}{note}", o.name),
                time,
            }
        })
        .collect()
}

/// Blackouts that touch `[from, to)`, as marks with their full span.
pub fn blackouts_between(ix: &SiteData<'_>, from: NaiveDate, to: NaiveDate) -> Vec<Mark> {
    let (Some(a), Some(b)) = (local_midnight(ix, from), local_midnight(ix, to)) else {
        return Vec::new();
    };
    let mut out: Vec<(Occurrence, String)> = ix
        .repo
        .calendar
        .def
        .blackouts
        .iter()
        .enumerate()
        .flat_map(|(position, p)| {
            let p = p.get_ref();
            let note = format!(
                "{}{}",
                ix.scopes.note(PeriodKind::Blackout, position),
                exempt_note(p)
            );
            stretches(ix, p, a, b)
                .into_iter()
                .map(move |o| (o, note.clone()))
        })
        .collect();
    out.sort_by(|x, y| (x.0.start, &x.0.name).cmp(&(y.0.start, &y.0.name)));
    out.into_iter()
        .map(|(o, note)| Mark {
            name: format!("{}{note}", o.name),
            time: periods::span(ix.tz, &o),
        })
        .collect()
}

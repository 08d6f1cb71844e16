//! For every minute of a year, in Europe/London and America/New_York, each
//! export is open or closed exactly when trainyard's calendar is: a weekly
//! window, a 12-hour window and a 12-hour blackout over the changes of
//! the clocks (one by the wall clock, one in elapsed time), a month-end
//! blackout written `BYMONTHDAY=-1` and a one-off blackout over the autumn
//! change. The exports are read back here with their own small cron and
//! iCalendar readers, as GitLab, Argo CD and AWS read them.

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use trainyard::calendar::{CalendarIndex, PeriodKind};
use trainyard::export::{self, Options, Target};
use trainyard::model::CalendarDef;
use trainyard::time::Interval;

fn calendar(zone: &str) -> String {
    format!(
        r#"
timezone = "{zone}"
[[maintenance_windows]]
name = "Weeknights"
rrule = "FREQ=WEEKLY;BYDAY=TU,TH"
start = "20:00"
end = "23:00"
[[maintenance_windows]]
name = "Long Saturday"
rrule = "FREQ=WEEKLY;BYDAY=SA"
start = "20:00"
end = "08:00"
[[blackouts]]
name = "Saturday freeze"
rrule = "FREQ=WEEKLY;BYDAY=SA"
start = "21:00"
duration = "12h"
[[blackouts]]
name = "Last day of the month"
rrule = "FREQ=MONTHLY;BYMONTHDAY=-1"
start = "00:00"
end = "24:00"
[[blackouts]]
name = "Autumn freeze"
from = 2026-10-24T18:00:00
until = 2026-11-02T06:00:00
"#
    )
}

/// A five-field cron of numbers, lists and `*`, as the exports write them.
struct Cron([Option<Vec<u32>>; 5]);

impl Cron {
    fn parse(s: &str) -> Cron {
        let f: Vec<Option<Vec<u32>>> = s
            .split(' ')
            .map(|x| (x != "*").then(|| x.split(',').map(|n| n.parse().unwrap()).collect()))
            .collect();
        assert_eq!(f.len(), 5, "{s}");
        Cron([
            f[0].clone(),
            f[1].clone(),
            f[2].clone(),
            f[3].clone(),
            f[4].clone(),
        ])
    }

    /// Every fire in `[lo, hi)`, read in `tz`.
    fn fires(&self, tz: Tz, lo: DateTime<Utc>, hi: DateTime<Utc>) -> Vec<DateTime<Utc>> {
        let one = |i: usize| self.0[i].as_ref().map(|v| v[0]).unwrap();
        let has = |i: usize, v: u32| self.0[i].as_ref().is_none_or(|l| l.contains(&v));
        let mut out = Vec::new();
        let mut d = lo.with_timezone(&tz).date_naive() - Days::new(1);
        while d <= hi.with_timezone(&tz).date_naive() {
            if has(2, d.day()) && has(3, d.month()) && has(4, d.weekday().num_days_from_sunday()) {
                let local = d.and_hms_opt(one(1), one(0), 0).unwrap();
                let t = tz
                    .from_local_datetime(&local)
                    .single()
                    .unwrap()
                    .with_timezone(&Utc);
                if t >= lo && t < hi {
                    out.push(t);
                }
            }
            d = d + Days::new(1);
        }
        out
    }
}

/// When one GitLab freeze period is in force: at each instant either
/// cron fires, frozen when the last freeze_start fire so far is later than
/// the last freeze_end fire; the state holds until the next fire.
fn freeze_spans(
    starts: &[DateTime<Utc>],
    ends: &[DateTime<Utc>],
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let last = |v: &[DateTime<Utc>], t| v[..v.partition_point(|x| *x <= t)].last().copied();
    let mut instants: Vec<DateTime<Utc>> = starts.iter().chain(ends).copied().collect();
    instants.sort();
    instants.dedup();
    let mut out = Vec::new();
    let mut since = None;
    for t in instants {
        let frozen = match (last(starts, t), last(ends, t)) {
            (Some(s), Some(e)) => s > e,
            (Some(_), None) => true,
            _ => false,
        };
        match (frozen, since) {
            (true, None) => since = Some(t),
            (false, Some(s)) => {
                out.push((s, t));
                since = None;
            }
            _ => {}
        }
    }
    if let Some(s) = since {
        out.push((s, DateTime::<Utc>::MAX_UTC));
    }
    out
}

/// Whether increasing instants fall inside any of some intervals, in
/// constant time per minute.
struct Within {
    spans: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    next: usize,
}

impl Within {
    fn new(mut spans: Vec<(DateTime<Utc>, DateTime<Utc>)>) -> Within {
        spans.sort();
        let mut merged: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
        for (s, e) in spans {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        Within {
            spans: merged,
            next: 0,
        }
    }

    fn at(&mut self, t: DateTime<Utc>) -> bool {
        while self.spans.get(self.next).is_some_and(|s| s.1 <= t) {
            self.next += 1;
        }
        self.spans.get(self.next).is_some_and(|s| s.0 <= t)
    }
}

fn quoted(line: &str, key: &str) -> Option<String> {
    let rest = line.trim().strip_prefix(key)?.trim();
    Some(rest.trim_matches('"').to_string())
}

fn check(zone: &str) {
    let tz: Tz = zone.parse().unwrap();
    let def: CalendarDef = toml::from_str(&calendar(zone)).unwrap();
    let day = |y, m, d| {
        let n = NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        tz.from_local_datetime(&n).unwrap().with_timezone(&Utc)
    };
    let range = Interval {
        start: day(2026, 4, 1),
        end: day(2027, 4, 1),
    };
    let index = CalendarIndex::new(&def, tz, range);
    let periods = export::periods(&def, tz, &[], None, &range).unwrap();
    let options = Options {
        range,
        applications: vec!["*".into()],
        names: Default::default(),
    };
    let out = |t| export::export(t, &periods, &options).unwrap();
    let lo = range.start - TimeDelta::try_days(400).unwrap();

    // GitLab: frozen while the last freeze_start fire is later than the
    // last freeze_end fire, for any freeze period.
    let gitlab: serde_json::Value = serde_json::from_str(&out(Target::GitlabFreeze)).unwrap();
    let mut frozen = Within::new(
        gitlab
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| {
                assert_eq!(f["cron_timezone"], zone);
                let fires = |k: &str| Cron::parse(f[k].as_str().unwrap()).fires(tz, lo, range.end);
                freeze_spans(&fires("freeze_start"), &fires("freeze_end"))
            })
            .collect(),
    );

    // Argo CD: a window is active for `duration` after each fire.
    let argo = out(Target::ArgoSyncWindows);
    let (mut deny, mut allow) = (Vec::new(), Vec::new());
    let mut kind = false;
    let mut schedule = String::new();
    for line in argo.lines() {
        if let Some(k) = quoted(line, "- kind:") {
            kind = k == "deny";
        } else if let Some(s) = quoted(line, "schedule:") {
            schedule = s;
        } else if let Some(d) = quoted(line, "duration:") {
            let (h, m) = d
                .split_once('h')
                .map_or(("0", d.trim_end_matches('m')), |(h, m)| {
                    (h, m.trim_end_matches('m'))
                });
            let mins = h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap_or(0);
            let d = TimeDelta::try_minutes(mins).unwrap();
            let spans = Cron::parse(&schedule).fires(tz, lo, range.end).into_iter();
            let list = if kind { &mut deny } else { &mut allow };
            list.extend(spans.map(|s| (s, s + d)));
        } else if let Some(z) = quoted(line, "timeZone:") {
            assert_eq!(z, zone);
        }
    }

    // AWS: closed during each event.
    let ssm = out(Target::SsmChangeCalendar);
    let stamp = |s: &str| {
        chrono::NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%SZ")
            .unwrap()
            .and_utc()
    };
    let mut events = Vec::new();
    let mut start = None;
    for line in ssm.split("\r\n") {
        if let Some(s) = line.strip_prefix("DTSTART:") {
            start = Some(stamp(s));
        } else if let Some(e) = line.strip_prefix("DTEND:") {
            events.push((start.take().unwrap(), stamp(e)));
        }
    }

    let spans = |kind| {
        let all = index.overlapping(kind, &range, None);
        Within::new(
            all.iter()
                .map(|o| (o.interval.start, o.interval.end))
                .collect(),
        )
    };
    let mut blackouts = spans(PeriodKind::Blackout);
    let mut windows_open = spans(PeriodKind::MaintenanceWindow);
    let mut events = Within::new(events);
    let (mut deny, mut allow) = (Within::new(deny), Within::new(allow));
    let mut t = range.start;
    let mut minutes = 0;
    while t < range.end {
        let closed = blackouts.at(t);
        let open = windows_open.at(t);
        assert_eq!(frozen.at(t), closed, "GitLab in {zone} at {t}");
        assert_eq!(deny.at(t), closed, "Argo CD deny in {zone} at {t}");
        assert_eq!(allow.at(t), open, "Argo CD allow in {zone} at {t}");
        let shut = events.at(t);
        assert_eq!(shut, closed, "change calendar in {zone} at {t}");
        t += TimeDelta::try_minutes(1).unwrap();
        minutes += 1;
    }
    assert_eq!(minutes, 525_600);
}

#[test]
fn every_minute_of_a_year_agrees_in_london() {
    check("Europe/London");
}

#[test]
fn every_minute_of_a_year_agrees_in_new_york() {
    check("America/New_York");
}

//! Five-field cron expressions (minute, hour, day of month, month, day of
//! week) as GitLab and Argo CD read them, evaluated in a time zone, and the
//! check that a cron form says exactly what a period says over a range.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, TimeDelta, Timelike, Utc};
use chrono::{LocalResult, TimeZone};
use chrono_tz::Tz;

use crate::time::{Interval, Length, PeriodSpec};

/// A cron expression that fires at one time of day on a set of days.
/// Day of month and day of week are never both restricted, so the
/// "either matches" rule of cron never comes into play.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cron {
    pub minute: u32,
    pub hour: u32,
    /// Days of the month (1-31); empty for every day.
    pub days: BTreeSet<u32>,
    /// Months (1-12); empty for every month.
    pub months: BTreeSet<u32>,
    /// Days of the week (0 Sunday to 6 Saturday); empty for every day.
    pub weekdays: BTreeSet<u32>,
}

impl fmt::Display for Cron {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |s: &BTreeSet<u32>| {
            if s.is_empty() {
                "*".to_string()
            } else {
                s.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
            }
        };
        write!(
            f,
            "{} {} {} {} {}",
            self.minute,
            self.hour,
            list(&self.days),
            list(&self.months),
            list(&self.weekdays)
        )
    }
}

/// A cron fire time the zone's clocks skip or show twice: GitLab and
/// Argo CD differ on what such a cron does, so it is never written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnclearTime(pub NaiveDateTime);

impl Cron {
    /// A cron that fires once a year, at local `t`.
    pub fn dated(t: NaiveDateTime) -> Cron {
        Cron {
            minute: t.minute(),
            hour: t.hour(),
            days: [t.day()].into(),
            months: [t.month()].into(),
            weekdays: BTreeSet::new(),
        }
    }

    fn matches(&self, d: NaiveDate) -> bool {
        let ok = |s: &BTreeSet<u32>, v: u32| s.is_empty() || s.contains(&v);
        ok(&self.days, d.day())
            && ok(&self.months, d.month())
            && ok(&self.weekdays, d.weekday().num_days_from_sunday())
    }

    /// Every instant in `[lo, hi)` at which the cron fires in `tz`; an
    /// error when a fire time falls where the clocks skip or repeat.
    pub fn fires(
        &self,
        tz: Tz,
        lo: DateTime<Utc>,
        hi: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>, UnclearTime> {
        let mut out = Vec::new();
        let first = lo.with_timezone(&tz).date_naive() - Days::new(1);
        let last = hi.with_timezone(&tz).date_naive() + Days::new(1);
        let mut d = first;
        while d <= last {
            if self.matches(d) {
                if let Some(local) = d.and_hms_opt(self.hour, self.minute, 0) {
                    let t = match tz.from_local_datetime(&local) {
                        LocalResult::Single(t) => t.with_timezone(&Utc),
                        _ => return Err(UnclearTime(local)),
                    };
                    if t >= lo && t < hi {
                        out.push(t);
                    }
                }
            }
            d = d + Days::new(1);
        }
        Ok(out)
    }
}

/// Merges overlapping and touching intervals into sorted, disjoint ones.
pub fn merge(mut v: Vec<Interval>) -> Vec<Interval> {
    v.retain(|i| !i.is_empty());
    v.sort_by_key(|i| (i.start, i.end));
    let mut out: Vec<Interval> = Vec::new();
    for i in v {
        match out.last_mut() {
            Some(last) if i.start <= last.end => last.end = last.end.max(i.end),
            _ => out.push(i),
        }
    }
    out
}

/// `v` merged and cut to `range`.
pub fn clip(v: Vec<Interval>, range: &Interval) -> Vec<Interval> {
    merge(v.iter().filter_map(|i| i.intersection(range)).collect())
}

/// How far outside the range crons are evaluated, so that a freeze that
/// started before the range (or a window that runs into it) is seen.
pub fn margin() -> TimeDelta {
    TimeDelta::try_days(400).unwrap_or(TimeDelta::zero())
}

/// GitLab's reading of a freeze period: frozen from each `start` fire
/// until the next `end` fire; when both fire at once, the freeze ends.
pub fn freeze_intervals(
    start: &Cron,
    end: &Cron,
    tz: Tz,
    range: &Interval,
) -> Result<Vec<Interval>, UnclearTime> {
    let (lo, hi) = (range.start - margin(), range.end + margin());
    let starts = start.fires(tz, lo, hi)?;
    let ends = end.fires(tz, lo, hi)?;
    let mut out = Vec::new();
    for s in starts {
        if ends.binary_search(&s).is_ok() {
            continue;
        }
        let e = ends.iter().find(|e| **e > s).copied().unwrap_or(hi);
        out.push(Interval { start: s, end: e });
    }
    Ok(clip(out, range))
}

/// Argo CD's reading of a sync window: open for `duration` of elapsed
/// time from each fire of `schedule`.
pub fn window_intervals(
    schedule: &Cron,
    duration: TimeDelta,
    tz: Tz,
    range: &Interval,
) -> Result<Vec<Interval>, UnclearTime> {
    let (lo, hi) = (range.start - margin(), range.end + margin());
    let out = schedule
        .fires(tz, lo, hi)?
        .into_iter()
        .map(|s| Interval {
            start: s,
            end: s + duration,
        })
        .collect();
    Ok(clip(out, range))
}

/// The cron that fires at each start of a recurring period, when its
/// RRULE has one: `FREQ=DAILY`, `WEEKLY` with plain `BYDAY`, `MONTHLY` or
/// `YEARLY` with positive `BYMONTHDAY` (and `BYMONTH`), every period
/// (`INTERVAL=1`), no `COUNT` or `UNTIL`. Whether it is exact is for
/// the caller to check over the range.
pub fn start_cron(spec: &PeriodSpec) -> Option<Cron> {
    let rule = spec.rrule.as_deref()?;
    let start = spec.start?;
    let upper = rule.trim().to_ascii_uppercase();
    let body = upper.strip_prefix("RRULE:").unwrap_or(&upper);
    let mut cron = Cron {
        minute: start.minute(),
        hour: start.hour(),
        days: BTreeSet::new(),
        months: BTreeSet::new(),
        weekdays: BTreeSet::new(),
    };
    let mut freq = None;
    for part in body.split(';').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=')?;
        match k {
            "FREQ" => freq = Some(v.to_string()),
            "INTERVAL" if v == "1" => {}
            "WKST" => {}
            "BYDAY" => {
                for d in v.split(',') {
                    let n = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
                        .iter()
                        .position(|x| *x == d)?;
                    cron.weekdays.insert(n as u32);
                }
            }
            "BYMONTHDAY" => {
                for d in v.split(',') {
                    let n: u32 = d.parse().ok().filter(|n| (1..=31).contains(n))?;
                    cron.days.insert(n);
                }
            }
            "BYMONTH" => {
                for m in v.split(',') {
                    let n: u32 = m.parse().ok().filter(|n| (1..=12).contains(n))?;
                    cron.months.insert(n);
                }
            }
            _ => return None,
        }
    }
    let ok = match freq.as_deref()? {
        "DAILY" => cron.days.is_empty(),
        "WEEKLY" => cron.days.is_empty() && !cron.weekdays.is_empty() && cron.months.is_empty(),
        "MONTHLY" => !cron.days.is_empty() && cron.weekdays.is_empty(),
        "YEARLY" => !cron.days.is_empty() && !cron.months.is_empty() && cron.weekdays.is_empty(),
        _ => false,
    };
    ok.then_some(cron)
}

/// The cron at each end of a recurring period that starts at `start`:
/// the end's time of day, on the start's days moved on by the days the
/// period runs into. `None` when that shift has no cron form.
pub fn end_cron(start: &Cron, spec: &PeriodSpec) -> Option<Cron> {
    let from = spec.start?;
    let (time, days) = match spec.length? {
        Length::WallEnd(t) => (t, i64::from(t <= from)),
        Length::Exact(d) => {
            let base = NaiveDate::from_ymd_opt(2001, 1, 1)?.and_time(from);
            let end = base.checked_add_signed(d)?;
            (end.time(), (end.date() - base.date()).num_days())
        }
    };
    let mut cron = start.clone();
    cron.minute = time.minute();
    cron.hour = time.hour();
    if days == 0 {
        return Some(cron);
    }
    if !cron.months.is_empty() {
        return None;
    }
    if cron.weekdays.is_empty() && cron.days.is_empty() {
        // Every day: the end fires every day too.
        return Some(cron);
    }
    let shift = u32::try_from(days).ok()?;
    cron.weekdays = cron.weekdays.iter().map(|d| (d + shift) % 7).collect();
    let moved: Option<BTreeSet<u32>> = cron
        .days
        .iter()
        .map(|d| Some(d + shift).filter(|n| *n <= 28))
        .collect();
    cron.days = moved?;
    Some(cron)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;

    fn spec(rule: &str, start: &str, length: Length) -> PeriodSpec {
        PeriodSpec {
            rrule: Some(rule.into()),
            start: NaiveTime::parse_from_str(start, "%H:%M").ok(),
            length: Some(length),
            from: None,
            until: None,
        }
    }

    #[test]
    fn weekly_rules_have_a_cron_and_negative_month_days_do_not() {
        let hm = |s| NaiveTime::parse_from_str(s, "%H:%M").unwrap();
        let sat = spec(
            "FREQ=WEEKLY;BYDAY=SA",
            "18:00",
            Length::WallEnd(hm("06:00")),
        );
        let s = start_cron(&sat).unwrap();
        assert_eq!(s.to_string(), "0 18 * * 6");
        assert_eq!(end_cron(&s, &sat).unwrap().to_string(), "0 6 * * 0");
        let last = spec(
            "FREQ=MONTHLY;BYMONTHDAY=-1",
            "00:00",
            Length::WallEnd(hm("00:00")),
        );
        assert_eq!(start_cron(&last), None);
        let every = spec(
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA",
            "18:00",
            Length::WallEnd(hm("06:00")),
        );
        assert_eq!(start_cron(&every), None);
    }

    #[test]
    fn a_fire_time_the_clocks_skip_is_unclear() {
        let c = Cron::dated(
            NaiveDate::from_ymd_opt(2026, 3, 29)
                .unwrap()
                .and_hms_opt(1, 30, 0)
                .unwrap(),
        );
        let lo = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let hi = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        assert!(c.fires(chrono_tz::Europe::London, lo, hi).is_err());
    }
}

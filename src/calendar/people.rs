//! People's absences from `[[unavailable]]` in people.toml, and the time a
//! release manager must be available around a window.
//!
//! An absence written with dates is whole local days, `until` included
//! (`from = 2030-03-18, until = 2030-03-22` is Monday to Friday); written
//! with date-times it is exact, `[from, until)`. The manager must be
//! available from the window's start to the end of the local day after the
//! day the window ends: the release procedure's "during deployment or the
//! immediate post-deployment period".

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;

use crate::load::Repo;
use crate::model::DateOrTime;
use crate::time::{self, Interval};

/// One stretch of time a person is away.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Absence {
    /// When, in UTC.
    pub interval: Interval,
    /// As written: `Mon 18 Mar 2030 to Fri 22 Mar 2030` for whole days, a
    /// span in local time otherwise.
    pub text: String,
    /// The `reason`, if given.
    pub reason: Option<String>,
}

/// The start of local day `d`.
fn day_start(tz: Tz, d: NaiveDate) -> Option<DateTime<Utc>> {
    time::resolve_local_lenient(tz, d.and_time(NaiveTime::MIN))
}

/// Every person's absences, sorted by start. Entries that end before they
/// start are left out.
pub fn absences(repo: &Repo, tz: Tz) -> HashMap<&str, Vec<Absence>> {
    let mut out: HashMap<&str, Vec<Absence>> = HashMap::new();
    for u in &repo.people.def.unavailable {
        let u = u.get_ref();
        let start = match u.from.get_ref() {
            DateOrTime::Date(d) => day_start(tz, *d),
            DateOrTime::At(w) => w.instant(tz),
        };
        let end = match u.until.get_ref() {
            DateOrTime::Date(d) => d.succ_opt().and_then(|n| day_start(tz, n)),
            DateOrTime::At(w) => w.instant(tz),
        };
        let (Some(start), Some(end)) = (start, end) else {
            continue;
        };
        let Ok(interval) = Interval::new(start, end) else {
            continue;
        };
        let text = match (u.from.get_ref(), u.until.get_ref()) {
            (DateOrTime::Date(a), DateOrTime::Date(b)) if a == b => time::fmt_date(*a),
            (DateOrTime::Date(a), DateOrTime::Date(b)) => {
                format!("{} to {}", time::fmt_date(*a), time::fmt_date(*b))
            }
            _ => time::fmt_span(tz, start, end),
        };
        out.entry(u.person.get_ref().as_str())
            .or_default()
            .push(Absence {
                interval,
                text,
                reason: u.reason.as_ref().map(|r| r.get_ref().clone()),
            });
    }
    for list in out.values_mut() {
        list.sort_by_key(|a| (a.interval.start, a.interval.end));
    }
    out
}

/// The span the manager must be available for: from the window's start to
/// the end of the local day after the day it ends. `None` at the limits of
/// the calendar.
pub fn duty(tz: Tz, w: &Interval) -> Option<Interval> {
    // The day the window ends is the day of its last instant.
    let last = w.end.checked_sub_signed(TimeDelta::nanoseconds(1))?;
    let day = time::to_local(tz, last)?.date();
    let end = day_start(tz, day.checked_add_days(Days::new(2))?)?;
    Interval::new(w.start, end.max(w.end)).ok()
}

/// The first absence overlapping `duty`, if any.
pub fn clash<'a>(list: &'a [Absence], duty: &Interval) -> Option<&'a Absence> {
    list.iter().find(|a| a.interval.overlaps(duty))
}

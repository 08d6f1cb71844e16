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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::London;

    fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    #[test]
    fn duty_runs_to_the_end_of_the_day_after() {
        // Sat 16 Mar 2030 20:00-22:00 GMT: duty until Mon 18 Mar 00:00.
        let w = Interval::new(utc(2030, 3, 16, 20), utc(2030, 3, 16, 22)).unwrap();
        assert_eq!(duty(London, &w).unwrap().end, utc(2030, 3, 18, 0));
        // A window ending at midnight ends on the Saturday.
        let w = Interval::new(utc(2030, 3, 16, 22), utc(2030, 3, 17, 0)).unwrap();
        assert_eq!(duty(London, &w).unwrap().end, utc(2030, 3, 18, 0));
        // Overnight into Sunday: the day after is Monday.
        let w = Interval::new(utc(2030, 3, 16, 22), utc(2030, 3, 17, 2)).unwrap();
        assert_eq!(duty(London, &w).unwrap().end, utc(2030, 3, 19, 0));
        // Summer time: local midnight is 23:00Z.
        let w = Interval::new(utc(2030, 6, 15, 19), utc(2030, 6, 15, 21)).unwrap();
        assert_eq!(duty(London, &w).unwrap().end, utc(2030, 6, 16, 23));
    }

    #[test]
    fn whole_days_include_until_and_exact_times_exclude_it() {
        let people: crate::model::PeopleDef = toml::from_str(
            r#"
[[unavailable]]
person = "alice"
from = 2030-03-18
until = 2030-03-22
reason = "Leave"

[[unavailable]]
person = "alice"
from = 2030-03-16T08:00:00
until = 2030-03-16T20:00:00

[[unavailable]]
person = "bob"
from = 2030-03-20
until = 2030-03-19
"#,
        )
        .unwrap();
        let repo = Repo {
            people: crate::load::Doc {
                file: None,
                def: people,
            },
            ..Repo::default()
        };
        let all = absences(&repo, London);
        assert!(!all.contains_key("bob"), "backwards entries are left out");
        let alice = &all["alice"];
        assert_eq!(alice.len(), 2);
        assert_eq!(alice[0].interval.end, utc(2030, 3, 16, 20));
        assert_eq!(
            alice[1].interval,
            Interval::new(utc(2030, 3, 18, 0), utc(2030, 3, 23, 0)).unwrap()
        );
        assert_eq!(alice[1].text, "Mon 18 Mar 2030 to Fri 22 Mar 2030");
        // A window starting as the exact absence ends is fine; its day
        // after (Sunday) is clear of Monday's leave.
        let w = Interval::new(utc(2030, 3, 16, 20), utc(2030, 3, 16, 22)).unwrap();
        assert!(clash(alice, &duty(London, &w).unwrap()).is_none());
        // A Sunday window: the day after is Monday, on leave.
        let w = Interval::new(utc(2030, 3, 17, 20), utc(2030, 3, 17, 22)).unwrap();
        let a = clash(alice, &duty(London, &w).unwrap()).unwrap();
        assert_eq!(a.reason.as_deref(), Some("Leave"));
    }
}

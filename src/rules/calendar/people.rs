//! The release manager against `[[unavailable]]` in people.toml:
//! personnel-unavailable.
//!
//! An absence written with dates is whole local days, `until` included
//! (`from = 2030-03-18, until = 2030-03-22` is Monday to Friday); written
//! with date-times it is exact, `[from, until)`. The manager must be
//! available from the window's start to the end of the local day after the
//! day the window ends: the release procedure's "during deployment or the immediate
//! post-deployment period".

use chrono::TimeDelta;

use super::{window_words, Calendar};
use crate::calendar::{clash, duty};
use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::time::{self, Interval};

/// personnel-unavailable for one live release.
pub(super) fn check(cal: &Calendar, r: &Release, w: &Interval, out: &mut Vec<Finding>) {
    let cx = cal.cx;
    let manager = r.def.manager.get_ref();
    let Some(list) = cal.absences.get(manager.as_str()) else {
        return;
    };
    let Some(duty) = duty(cx.tz, w) else { return };
    let Some(a) = clash(list, &duty) else { return };
    let name = cx
        .person(manager)
        .map(|p| format!("{manager} ({})", p.name.get_ref()))
        .unwrap_or_else(|| manager.clone());
    let reason = a
        .reason
        .as_ref()
        .map(|r| format!(" ({r})"))
        .unwrap_or_default();
    let message = if a.interval.overlaps(w) {
        format!(
            "release manager {name} is unavailable {}{reason}, during the {}",
            a.text,
            window_words(cx, w)
        )
    } else {
        format!(
            "release manager {name} is unavailable {}{reason}, which includes {}, the day after the {}",
            a.text,
            time::fmt_date(cx.local_date(
                duty.end.checked_sub_signed(TimeDelta::hours(12)).unwrap_or(duty.end)
            )),
            window_words(cx, w)
        )
    };
    out.push(
        Finding::new(
            Rule::PersonnelUnavailable,
            r.file,
            r.def.manager.span(),
            message,
        )
        .help(
            "hand the release to another release manager, or move the window; the manager must be reachable during the window and the day after it",
        )
        .release(r.id()),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::absences;
    use crate::load::Repo;
    use chrono::{DateTime, TimeZone, Utc};
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

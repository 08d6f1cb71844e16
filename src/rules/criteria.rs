//! What the lifecycle families (plan, test, approval, deploy, train) share:
//! when a release owes a stage's entry criteria, who holds a role on a
//! day, and the calendar arithmetic they need.
//!
//! ## When entry criteria are owed
//!
//! The release lifecycle gives each stage entry criteria. They are owed from
//! the moment a release is at that stage or any later one, so a release at
//! `deploy` still owes what `stage` needed. A cancelled release owes
//! nothing (only the load rules look at it).
//!
//! A stage the release type skips (`skip_stages`, emergency skips `stage`)
//! is not a way around its criteria: they are owed from the next stage the
//! release does enter. An emergency release's test evidence (the entry
//! criteria of `stage`) is therefore checked from `deploy` on, and the
//! messages say so.

pub(crate) use crate::words::{and_list, article};
use std::ops::Range;

use chrono::{Days, NaiveDate};

use super::Resolved;
use crate::load::Release;
use crate::model::{Policy, Stage, When};

/// A stage's entry criteria that a release owes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Due<'a> {
    pub release: &'a Release,
    /// The release's policy, when its type names one.
    pub policy: Option<&'a Policy>,
    /// The stage whose entry criteria these are.
    pub gate: Stage,
}

impl Due<'_> {
    /// The release's current stage.
    pub fn current(&self) -> Stage {
        *self.release.def.stage.get_ref()
    }

    /// The span of the release's `stage` value.
    pub fn stage_span(&self) -> Range<usize> {
        self.release.def.stage.span()
    }

    /// The type name, as written.
    pub fn kind(&self) -> &str {
        self.release.def.kind.get_ref()
    }

    /// `stage = "deploy" needs`, with a note when the gate is a stage the
    /// type skips.
    pub fn needs(&self) -> String {
        let mut s = format!("stage = \"{}\" needs", self.current());
        if let Some(policy) = self.policy {
            if policy.skips().contains(&self.gate) {
                let from = next_kept(self.gate, &policy.skips());
                s = format!(
                    "stage = \"{}\" (the entry criteria of {}, which {} releases skip, are owed from {} on) needs",
                    self.current(),
                    self.gate,
                    self.kind(),
                    from
                );
            }
        }
        s
    }
}

/// The first stage at or after `gate` that is not skipped.
pub(crate) fn next_kept(gate: Stage, skips: &[Stage]) -> Stage {
    Stage::LIFECYCLE
        .iter()
        .copied()
        .filter(|s| s.reached(gate))
        .find(|s| !skips.contains(s))
        .unwrap_or(Stage::Close)
}

/// The entry criteria of `gate` when `r` owes them: `r` is at `gate` or
/// past it, and not cancelled.
pub(crate) fn due<'a>(cx: &Resolved<'a>, r: &'a Release, gate: Stage) -> Option<Due<'a>> {
    let stage = *r.def.stage.get_ref();
    stage.reached(gate).then(|| Due {
        release: r,
        policy: cx.policy_of(r),
        gate,
    })
}

/// True for a release the lifecycle rules look at (any but cancelled).
pub(crate) fn live_or_closed(r: &Release) -> bool {
    *r.def.stage.get_ref() != Stage::Cancelled
}

/// `add to releases/ID/release.toml:` followed by `snippet`.
pub(crate) fn add_to(cx: &Resolved, r: &Release, snippet: &str) -> String {
    format!("add to {}:\n{}", cx.repo.path(r.file), snippet.trim_end())
}

/// True when a string value is missing or blank.
pub(crate) fn blank(v: Option<&crate::model::Spanned<String>>) -> bool {
    v.is_none_or(|s| s.get_ref().trim().is_empty())
}

// ---------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------

/// Whether `person` holds `role` for `service` on `day`.
///
/// `service-owner` is the service's owner in policies/services.toml, or a
/// person the owner delegated it to (a `[[delegations]]` entry with
/// `role = "service-owner"` from the owner, for this service or for every
/// service, whose days include `day`). Any other role is one listed in the
/// person's `roles`, or delegated on `day` by someone who holds it.
pub(crate) fn holds(
    cx: &Resolved,
    person: &str,
    role: &str,
    service: &str,
    day: NaiveDate,
) -> bool {
    let delegated = |from_ok: &dyn Fn(&str) -> bool| {
        cx.repo.people.def.delegations.iter().any(|d| {
            let d = d.get_ref();
            d.to.get_ref() == person
                && d.role.get_ref() == role
                && d.service.as_ref().is_none_or(|s| s.get_ref() == service)
                && d.from_date.get_ref().0 <= day
                && day <= d.until.get_ref().0
                && from_ok(d.from.get_ref())
        })
    };
    if role == "service-owner" {
        let Some(owner) = cx.service(service).map(|s| s.owner.get_ref().as_str()) else {
            return false;
        };
        owner == person || delegated(&|from| from == owner)
    } else {
        cx.person(person).is_some_and(|p| p.has_role(role))
            || delegated(&|from| cx.person(from).is_some_and(|p| p.has_role(role)))
    }
}

/// Up to `limit` people who hold `role` for `service` on `day`, other than
/// `except`, sorted by key.
pub(crate) fn holders(
    cx: &Resolved,
    role: &str,
    service: &str,
    day: NaiveDate,
    except: &str,
    limit: usize,
) -> Vec<String> {
    let mut out: Vec<String> = cx
        .repo
        .people
        .def
        .people
        .keys()
        .map(|k| k.get_ref().as_str())
        .filter(|p| *p != except && holds(cx, p, role, service, day))
        .map(str::to_string)
        .collect();
    out.sort();
    out.truncate(limit);
    out
}

// ---------------------------------------------------------------------------
// Calendar arithmetic
// ---------------------------------------------------------------------------

/// The calendar date of a written date-time in the calendar's zone.
pub(crate) fn local_date(cx: &Resolved, when: &When) -> NaiveDate {
    match when {
        When::Local(t) => t.date(),
        When::Fixed(_) => cx.instant(when).map_or(when.date(), |t| cx.local_date(t)),
    }
}

/// `day` less `n` calendar days (saturating at the earliest date).
pub(crate) fn days_before(day: NaiveDate, n: u32) -> NaiveDate {
    day.checked_sub_days(Days::new(u64::from(n)))
        .unwrap_or(NaiveDate::MIN)
}

/// `day` plus `n` calendar days (saturating at the latest date).
pub(crate) fn days_after(day: NaiveDate, n: u32) -> NaiveDate {
    day.checked_add_days(Days::new(u64::from(n)))
        .unwrap_or(NaiveDate::MAX)
}

/// The window start of a release, if it has a window.
pub(crate) fn window_start(r: &Release) -> Option<&When> {
    r.def.window.as_ref().map(|w| w.get_ref().start.get_ref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{load, Fixture};

    #[test]
    fn skipped_stages_are_owed_from_the_next_kept_one() {
        assert_eq!(next_kept(Stage::Stage, &[Stage::Stage]), Stage::Deploy);
        assert_eq!(next_kept(Stage::Stage, &[]), Stage::Stage);
        assert_eq!(
            next_kept(Stage::Test, &[Stage::Test, Stage::Stage]),
            Stage::Deploy
        );
    }

    #[test]
    fn lists_read_as_prose() {
        assert_eq!(and_list(&["a"]), "a");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(article("emergency-cab"), "an");
        assert_eq!(article("cab"), "a");
    }

    #[test]
    fn roles_come_from_people_owners_and_delegations() {
        let repo = load(&Fixture::new());
        let cx = Resolved::new(&repo, &crate::rules::fixture::options());
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(holds(
            &cx,
            "carol",
            "service-owner",
            "finance",
            d("2026-03-01")
        ));
        assert!(!holds(
            &cx,
            "tom",
            "service-owner",
            "finance",
            d("2026-03-01")
        ));
        // carol delegated finance to tom for 3-14 August 2026.
        assert!(holds(
            &cx,
            "tom",
            "service-owner",
            "finance",
            d("2026-08-03")
        ));
        assert!(holds(
            &cx,
            "tom",
            "service-owner",
            "finance",
            d("2026-08-14")
        ));
        assert!(!holds(
            &cx,
            "tom",
            "service-owner",
            "finance",
            d("2026-08-15")
        ));
        assert!(!holds(
            &cx,
            "tom",
            "service-owner",
            "hr-portal",
            d("2026-08-04")
        ));
        assert!(holds(&cx, "dave", "cab", "finance", d("2026-03-01")));
        assert!(!holds(&cx, "eve", "cab", "finance", d("2026-03-01")));
        assert_eq!(
            holders(&cx, "cab", "finance", d("2026-03-01"), "alice", 2),
            ["carol", "dave"]
        );
    }

    #[test]
    fn offset_times_take_the_calendar_date() {
        let repo = load(&Fixture::new());
        let cx = Resolved::new(&repo, &crate::rules::fixture::options());
        let w: When = toml::from_str::<toml::Value>("a = 2026-07-01T23:30:00-02:00")
            .ok()
            .and_then(|v| v.get("a").cloned())
            .and_then(|v| v.try_into().ok())
            .unwrap();
        // 01:30 UTC on 2 July is 02:30 in London (BST).
        assert_eq!(
            local_date(&cx, &w),
            NaiveDate::from_ymd_opt(2026, 7, 2).unwrap()
        );
    }
}

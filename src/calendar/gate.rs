//! May a deployment of a service start at a given instant? For
//! `trainyard gate`, which deploy pipelines call so they refuse to run
//! inside a blackout.
//!
//! The answer is yes when, at that instant, a maintenance window is open
//! (unless the release type needs none, or the calendar defines none), no
//! blackout applying to the type is running, and no event affecting the
//! service is. Without a type every blackout applies and a maintenance
//! window is needed: the answer for a scheduled release. The answer also
//! says when it next changes, so a pipeline can wait rather than poll.
//!
//! Releases count too: a live release of a service this one depends on,
//! or of one that depends on it, inside its window is a block; a release
//! of the service itself inside its window is the deployment expected
//! then, reported but left to `gate --release`.

use chrono::{DateTime, TimeDelta, Utc};

use super::{CalendarIndex, Occurrence, PeriodKind};
use crate::load::Release;
use crate::model::{Policy, Stage};
use crate::resolve::Resolved;
use crate::time::Interval;

/// How a release's service stands to the service being gated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// The service itself.
    Same,
    /// The gated service depends on the release's service.
    Dependency,
    /// The release's service depends on the gated service.
    Dependent,
}

/// A live release of the service or of a service tied to it, with its window.
#[derive(Clone, Copy, Debug)]
pub struct Live<'r> {
    /// The release.
    pub release: &'r Release,
    /// Its window.
    pub window: Interval,
    /// How its service stands to the gated one.
    pub relation: Relation,
}

/// Live releases (neither closed nor cancelled, with a window) of
/// `service` and of the services it depends on or that depend on it, in
/// id order.
pub fn live_releases<'r>(cx: &Resolved<'r>, service: &str) -> Vec<Live<'r>> {
    let depends = |a: &str, b: &str| {
        cx.service(a)
            .is_some_and(|s| s.depends_on.iter().any(|d| d.get_ref() == b))
    };
    let mut out: Vec<Live> = cx
        .repo
        .releases
        .iter()
        .filter(|r| !matches!(r.def.stage.get_ref(), Stage::Close | Stage::Cancelled))
        .filter_map(|r| {
            let other = r.def.service.get_ref().as_str();
            let relation = if other == service {
                Relation::Same
            } else if depends(service, other) {
                Relation::Dependency
            } else if depends(other, service) {
                Relation::Dependent
            } else {
                return None;
            };
            Some(Live {
                release: r,
                window: cx.window(r)?,
                relation,
            })
        })
        .collect();
    out.sort_by(|a, b| a.release.id().cmp(b.release.id()));
    out
}

/// The question.
#[derive(Clone, Copy, Debug)]
pub struct GateQuery<'a> {
    /// The service key.
    pub service: &'a str,
    /// The release type, if given, and its policy.
    pub kind: Option<(&'a str, Option<&'a Policy>)>,
    /// The instant the deployment would start.
    pub at: DateTime<Utc>,
    /// Live releases of the service and of services tied to it
    /// ([`live_releases`]).
    pub releases: &'a [Live<'a>],
}

impl GateQuery<'_> {
    /// Whether the type must start inside a maintenance window.
    fn needs_window(&self) -> bool {
        match self.kind {
            Some((_, Some(p))) => p.schedule.maintenance_window,
            _ => true,
        }
    }

    /// Whether a blackout applies to the type.
    fn blackout_applies(&self, o: &Occurrence) -> bool {
        match self.kind {
            Some((_, Some(p))) if !p.schedule.blackouts => false,
            Some((k, _)) => o.period.applies_to_type(k),
            None => true,
        }
    }
}

/// What stands in the way.
#[derive(Clone, Copy, Debug)]
pub enum Block<'i> {
    /// No maintenance window is open; the next one, if any.
    OutsideMaintenanceWindow(Option<Occurrence<'i>>),
    /// A blackout that applies is running.
    Blackout(Occurrence<'i>),
    /// An event affecting the service is running.
    Event(Occurrence<'i>),
    /// A release of a service tied to this one is in its window: an index
    /// into [`GateQuery::releases`].
    Release(usize),
}

/// The answer.
#[derive(Clone, Debug)]
pub struct GateAnswer<'i> {
    /// Whether the deployment may start.
    pub allowed: bool,
    /// The maintenance window occurrence open at that instant, if any.
    pub maintenance: Option<Occurrence<'i>>,
    /// Everything that forbids it (empty when allowed).
    pub blocks: Vec<Block<'i>>,
    /// Releases of the service itself in their window at that instant
    /// (indices into [`GateQuery::releases`]): the deployments expected.
    pub expected: Vec<usize>,
    /// The first instant after `at` at which the answer is different,
    /// within a year; `None` when it does not change in that time.
    pub next_change: Option<DateTime<Utc>>,
}

/// How far ahead [`GateAnswer::next_change`] looks.
pub const LOOKAHEAD_DAYS: i64 = 400;

/// The horizon an index for [`gate`] at `at` should cover.
pub fn horizon(at: DateTime<Utc>) -> Interval {
    let back = TimeDelta::try_days(3).unwrap_or(TimeDelta::zero());
    let ahead = TimeDelta::try_days(LOOKAHEAD_DAYS + 3).unwrap_or(TimeDelta::zero());
    Interval {
        start: at.checked_sub_signed(back).unwrap_or(at),
        end: at.checked_add_signed(ahead).unwrap_or(at),
    }
}

/// Whether a deployment may start at `q.at`, and why not.
pub fn gate<'i>(index: &'i CalendarIndex, q: &GateQuery) -> GateAnswer<'i> {
    let (maintenance, blocks) = state(index, q, q.at);
    let allowed = blocks.is_empty();
    let expected = (q.releases.iter().enumerate())
        .filter(|(_, l)| l.relation == Relation::Same && l.window.contains_instant(q.at))
        .map(|(i, _)| i)
        .collect();
    GateAnswer {
        allowed,
        maintenance,
        blocks,
        expected,
        next_change: next_change(index, q, allowed),
    }
}

/// The one-instant check behind [`gate`].
fn state<'i>(
    index: &'i CalendarIndex,
    q: &GateQuery,
    t: DateTime<Utc>,
) -> (Option<Occurrence<'i>>, Vec<Block<'i>>) {
    let mut blocks = Vec::new();
    let Some(probe) = t
        .checked_add_signed(TimeDelta::nanoseconds(1))
        .and_then(|e| Interval::new(t, e).ok())
    else {
        return (None, blocks);
    };
    let service = Some(q.service);
    let maintenance = index.maintenance_containing(t, service);
    if q.needs_window() && index.has_maintenance_windows(service) && maintenance.is_none() {
        let next = index
            .of_kind(PeriodKind::MaintenanceWindow)
            .filter(|p| index.applies(p, service))
            .filter_map(|p| {
                p.next_at_or_after(t).map(|o| Occurrence {
                    period: p,
                    interval: o,
                })
            })
            .min_by_key(|o| (o.interval.start, o.period.position));
        blocks.push(Block::OutsideMaintenanceWindow(next));
    }
    for o in index.blackouts_for(&probe, None, service) {
        if q.blackout_applies(&o) {
            blocks.push(Block::Blackout(o));
        }
    }
    for o in index.events_for(&probe, Some(q.service)) {
        blocks.push(Block::Event(o));
    }
    for (i, l) in q.releases.iter().enumerate() {
        if l.relation != Relation::Same && l.window.contains_instant(t) {
            blocks.push(Block::Release(i));
        }
    }
    (maintenance, blocks)
}

/// The first boundary of a relevant period after `q.at` where the answer
/// differs from `now`.
fn next_change(index: &CalendarIndex, q: &GateQuery, now: bool) -> Option<DateTime<Utc>> {
    let end =
        q.at.checked_add_signed(TimeDelta::try_days(LOOKAHEAD_DAYS)?)?;
    let range = Interval::new(q.at, end).ok()?;
    let mut bounds: Vec<DateTime<Utc>> = Vec::new();
    let mut take = |o: &Occurrence| {
        for b in [o.interval.start, o.interval.end] {
            if b > q.at && b <= end {
                bounds.push(b);
            }
        }
    };
    if q.needs_window() {
        index
            .overlapping(PeriodKind::MaintenanceWindow, &range, Some(q.service))
            .iter()
            .for_each(&mut take);
    }
    index
        .blackouts_for(&range, None, Some(q.service))
        .iter()
        .filter(|o| q.blackout_applies(o))
        .for_each(&mut take);
    index
        .events_for(&range, Some(q.service))
        .iter()
        .for_each(&mut take);
    for l in q.releases.iter().filter(|l| l.relation != Relation::Same) {
        for b in [l.window.start, l.window.end] {
            if b > q.at && b <= end {
                bounds.push(b);
            }
        }
    }
    bounds.sort_unstable();
    bounds.dedup();
    bounds
        .into_iter()
        .find(|b| state(index, q, *b).1.is_empty() != now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CalendarDef;
    use chrono::TimeZone;

    const CAL: &str = r#"
[[maintenance_windows]]
name = "Saturday night"
rrule = "FREQ=WEEKLY;BYDAY=SA"
start = "18:00"
end = "06:00"

[[blackouts]]
name = "Month-end close"
rrule = "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31,1,2"
start = "00:00"
duration = "24h"
exempt = ["emergency"]

[[events]]
name = "Trading peak"
from = 2030-03-16T21:00:00
until = 2030-03-16T23:00:00
services = ["payments"]
"#;

    fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    fn index(at: DateTime<Utc>) -> CalendarIndex {
        let def: CalendarDef = toml::from_str(CAL).unwrap();
        CalendarIndex::new(&def, chrono_tz::Europe::London, horizon(at))
    }

    fn emergency() -> Policy {
        toml::from_str("[schedule]\nmaintenance_window = false\nblackouts = false\n").unwrap()
    }

    #[test]
    fn inside_a_maintenance_window_and_when_it_closes() {
        let at = utc(2030, 3, 16, 20);
        let ix = index(at);
        let q = GateQuery {
            service: "billing",
            kind: None,
            at,
            releases: &[],
        };
        let a = gate(&ix, &q);
        assert!(a.allowed);
        assert_eq!(a.maintenance.unwrap().period.name, "Saturday night");
        assert_eq!(a.next_change, Some(utc(2030, 3, 17, 6)));
    }

    #[test]
    fn events_blackouts_and_types() {
        let at = utc(2030, 3, 16, 22);
        let ix = index(at);
        let q = GateQuery {
            service: "payments",
            kind: None,
            at,
            releases: &[],
        };
        let a = gate(&ix, &q);
        assert!(!a.allowed);
        assert!(matches!(a.blocks[..], [Block::Event(_)]));
        assert_eq!(a.next_change, Some(utc(2030, 3, 16, 23)));

        // A Wednesday: outside, and the next window is Saturday.
        let at = utc(2030, 3, 20, 12);
        let ix = index(at);
        let q = GateQuery {
            service: "billing",
            kind: None,
            at,
            releases: &[],
        };
        let a = gate(&ix, &q);
        match a.blocks[..] {
            [Block::OutsideMaintenanceWindow(Some(o))] => {
                assert_eq!(o.interval.start, utc(2030, 3, 23, 18))
            }
            _ => panic!("{:?}", a.blocks),
        }
        assert_eq!(a.next_change, Some(utc(2030, 3, 23, 18)));

        // Saturday 30 March 2030: a maintenance night inside month-end
        // (London is still on GMT until 02:00 on the 31st).
        let at = utc(2030, 3, 30, 20);
        let ix = index(at);
        let q = GateQuery {
            service: "billing",
            kind: Some(("minor", None)),
            at,
            releases: &[],
        };
        let a = gate(&ix, &q);
        assert!(matches!(a.blocks[..], [Block::Blackout(_)]));
        // The blackout runs on through 2 April; the Saturday night ends
        // first, so the next change is the next open Saturday night.
        assert_eq!(a.next_change, Some(utc(2030, 4, 6, 17)));
        // Emergency: exempt by name and by policy.
        let p = emergency();
        let q = GateQuery {
            service: "billing",
            kind: Some(("emergency", Some(&p))),
            at,
            releases: &[],
        };
        assert!(gate(&ix, &q).allowed);
        let q = GateQuery {
            service: "billing",
            kind: Some(("emergency", None)),
            at,
            releases: &[],
        };
        assert!(gate(&ix, &q).allowed, "exempt by name alone");
        // An emergency on a weekday: no window needed.
        let at = utc(2030, 3, 20, 12);
        let ix = index(at);
        let q = GateQuery {
            service: "billing",
            kind: Some(("emergency", Some(&p))),
            at,
            releases: &[],
        };
        let a = gate(&ix, &q);
        assert!(a.allowed);
        assert_eq!(
            a.next_change, None,
            "nothing ahead applies to it but events on payments"
        );
    }
}

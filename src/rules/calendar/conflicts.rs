//! Releases against each other: window-conflict (overlapping windows on
//! the same service or on services where one depends on the other) and
//! capacity-exceeded (more live windows at one moment than
//! `max_concurrent`).
//!
//! Both sort and sweep. Conflicts sweep once per service over its own
//! releases and those of the services it depends on directly, pairing only
//! where one side is its own; capacity sweeps once over every live window
//! ([`max_overlap_groups`]). Nothing compares all pairs.
//!
//! Precedence (from the release procedure): an
//! emergency release beats a scheduled one, then higher impact beats lower,
//! then the earlier-booked release (the lower id) wins. The finding goes on
//! the release that yields.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::{and_list, window_span, window_words, Calendar};
use crate::load::{Release, Repo};
use crate::model::Impact;
use crate::rules::{Context, Finding, RuleInfo, Severity};
use crate::time::{max_overlap_groups, Interval};

pub(super) const WINDOW_CONFLICT: RuleInfo = RuleInfo {
    name: "window-conflict",
    code: "TY203",
    family: "calendar",
    severity: Severity::Error,
    summary: "Two live releases of the same or dependent services have overlapping windows",
    doc: r#"## What it does
Finds live releases (not closed, not cancelled) whose windows overlap and
whose services are the same, or where one service directly depends on the
other (`depends_on` in policies/services.toml). The finding goes on the
release that yields, at its `[window] start`, and names the one that wins
and why. Precedence, in order:

1. an emergency release (type `emergency`) beats a scheduled one;
2. then the higher impact wins (high > medium > low);
3. then the earlier-booked release, the one with the lower id.

Emergency releases are exempt from maintenance windows and blackouts, but
not from conflicts. Windows that touch (one ends as the other starts) do
not overlap.

## Why
Two changes to one service, or to a service and what it depends on, in one
window make failures impossible to attribute and rollbacks dangerous.

## Example
```toml
# REL-2030-03-004, ledger depends on billing
service = "ledger"
impact = "low"
[window]
start = 2030-03-16T21:00:00
duration = "2h"
# REL-2030-03-002: billing, high impact, 2030-03-16T20:00:00 for 2h
```

Use instead: move the yielding release to another window
(`trainyard slots REL-2030-03-004`).
"#,
};

pub(super) const CAPACITY_EXCEEDED: RuleInfo = RuleInfo {
    name: "capacity-exceeded",
    code: "TY204",
    family: "calendar",
    severity: Severity::Error,
    summary: "More live release windows overlap at one moment than max_concurrent allows",
    doc: r#"## What it does
Sweeps every live release window, organisation-wide, and finds each moment
at which more than `max_concurrent` (policies/calendar.toml) windows are
open together. The releases are ranked by the window-conflict precedence
(emergency, then impact, then the lower id); the first `max_concurrent` keep
their slots and each release beyond them gets one finding naming everyone
involved. Without `max_concurrent` there is no limit.

## Why
Deployment and support staff are shared: three releases at once on a
two-release team means one of them is not watched.

## Example
```toml
# policies/calendar.toml
max_concurrent = 2
# REL-2030-03-001, -002 and -003 all deploy Sat 16 Mar 2030 20:00-22:00
```

Use instead: move the lowest-ranked release to another window.
"#,
};

/// A live release window for the sweeps: when and on which service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Booking<'a> {
    /// The window, in UTC.
    pub interval: Interval,
    /// The service key.
    pub service: &'a str,
}

/// The service graph: which services each one depends on directly.
#[derive(Clone, Debug, Default)]
pub struct Neighbours<'a> {
    deps: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Neighbours<'a> {
    /// From `(service, depends_on)` pairs.
    pub fn new(edges: impl IntoIterator<Item = (&'a str, Vec<&'a str>)>) -> Self {
        let mut deps: HashMap<&str, Vec<&str>> = HashMap::new();
        for (s, d) in edges {
            let list = deps.entry(s).or_default();
            list.extend(d.into_iter().filter(|x| *x != s));
            list.sort_unstable();
            list.dedup();
        }
        Neighbours { deps }
    }

    /// The graph of policies/services.toml.
    pub fn from_repo(repo: &'a Repo) -> Self {
        Neighbours::new(repo.services.def.services.iter().map(|(k, v)| {
            (
                k.get_ref().as_str(),
                v.get_ref()
                    .depends_on
                    .iter()
                    .map(|d| d.get_ref().as_str())
                    .collect(),
            )
        }))
    }

    /// The services `service` depends on directly (not itself).
    pub fn depends_on(&self, service: &str) -> &[&'a str] {
        self.deps.get(service).map_or(&[], Vec::as_slice)
    }

    /// Whether releases of `a` and `b` may not share a window: the same
    /// service, or one depends directly on the other.
    pub fn related(&self, a: &str, b: &str) -> bool {
        a == b || self.depends_on(a).contains(&b) || self.depends_on(b).contains(&a)
    }
}

/// Every pair `(i, j)`, `i < j`, of bookings whose windows overlap and
/// whose services are [related](Neighbours::related), sorted.
///
/// One sweep per service over its own bookings and those of the services
/// it depends on directly; a pair is taken only when one side is the
/// service's own, so the cost is O(n log n) times the dependency degree
/// plus the pairs found.
pub fn conflict_pairs(items: &[Booking], graph: &Neighbours) -> Vec<(usize, usize)> {
    let mut by_service: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, b) in items.iter().enumerate() {
        if !b.interval.is_empty() {
            by_service.entry(b.service).or_default().push(i);
        }
    }
    let mut pairs = Vec::new();
    for (service, own) in &by_service {
        // (start, end, index, own?)
        let mut sweep: Vec<(DateTime<Utc>, DateTime<Utc>, usize, bool)> = own
            .iter()
            .map(|&i| (items[i].interval.start, items[i].interval.end, i, true))
            .collect();
        for dep in graph.depends_on(service) {
            if let Some(theirs) = by_service.get(dep) {
                sweep.extend(
                    theirs
                        .iter()
                        .map(|&i| (items[i].interval.start, items[i].interval.end, i, false)),
                );
            }
        }
        if sweep.len() < 2 {
            continue;
        }
        sweep.sort_unstable();
        let mut active_own: BinaryHeap<Reverse<(DateTime<Utc>, usize)>> = BinaryHeap::new();
        let mut active_dep: BinaryHeap<Reverse<(DateTime<Utc>, usize)>> = BinaryHeap::new();
        for (start, end, i, is_own) in sweep {
            for heap in [&mut active_own, &mut active_dep] {
                while heap.peek().is_some_and(|Reverse((e, _))| *e <= start) {
                    heap.pop();
                }
            }
            let partners = active_own
                .iter()
                .chain(is_own.then_some(&active_dep).into_iter().flatten());
            for Reverse((_, j)) in partners {
                pairs.push((i.min(*j), i.max(*j)));
            }
            if is_own {
                active_own.push(Reverse((end, i)));
            } else {
                active_dep.push(Reverse((end, i)));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Why one release takes precedence over another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precedence {
    /// An emergency release beats a scheduled one.
    Emergency,
    /// The higher impact wins.
    Impact,
    /// The earlier-booked release (lower id) wins.
    EarlierBooked,
}

/// The ordering key: smaller wins.
fn rank(r: &Release) -> (bool, Reverse<Impact>, &str, usize) {
    (
        r.def.kind.get_ref() != "emergency",
        Reverse(*r.def.impact.get_ref()),
        r.id(),
        r.file,
    )
}

/// Which of two releases takes precedence, and why: `(winner, loser,
/// reason)`.
pub fn precedence<'r>(a: &'r Release, b: &'r Release) -> (&'r Release, &'r Release, Precedence) {
    let (w, l) = if rank(a) <= rank(b) { (a, b) } else { (b, a) };
    let (rw, rl) = (rank(w), rank(l));
    let why = if rw.0 != rl.0 {
        Precedence::Emergency
    } else if rw.1 != rl.1 {
        Precedence::Impact
    } else {
        Precedence::EarlierBooked
    };
    (w, l, why)
}

/// "REL-X (high impact) takes precedence over this low-impact release".
fn reason(winner: &Release, loser: &Release, why: Precedence) -> String {
    match why {
        Precedence::Emergency => format!(
            "{} (emergency) takes precedence over this scheduled release",
            winner.id()
        ),
        Precedence::Impact => format!(
            "{} ({} impact) takes precedence over this {}-impact release",
            winner.id(),
            winner.def.impact.get_ref().as_str(),
            loser.def.impact.get_ref().as_str()
        ),
        Precedence::EarlierBooked => format!(
            "{} takes precedence as the earlier-booked release (lower id, same type class and impact)",
            winner.id()
        ),
    }
}

/// How the two services are related, seen from the loser.
fn relation(graph: &Neighbours, mine: &str, theirs: &str) -> String {
    if mine == theirs {
        format!("both change {mine}")
    } else if graph.depends_on(mine).contains(&theirs) {
        format!("{mine} depends on {theirs}")
    } else {
        format!("{theirs} depends on {mine}")
    }
}

/// Both checks over the live windows.
pub(super) fn check(cal: &Calendar, out: &mut Vec<Finding>) {
    let cx = cal.cx;
    let live: Vec<(&Release, Interval)> = cx
        .repo
        .releases
        .iter()
        .filter(|r| r.def.stage.get_ref().is_live())
        .filter_map(|r| cx.window(r).map(|w| (r, w)))
        .collect();
    let items: Vec<Booking> = live
        .iter()
        .map(|(r, w)| Booking {
            interval: *w,
            service: r.def.service.get_ref(),
        })
        .collect();
    let graph = Neighbours::from_repo(cx.repo);
    conflicts(cx, &graph, &live, &items, out);
    if let Some(limit) = &cx.repo.calendar.def.max_concurrent {
        capacity(cx, *limit.get_ref(), &live, &items, out);
    }
}

fn conflicts(
    cx: &Context,
    graph: &Neighbours,
    live: &[(&Release, Interval)],
    items: &[Booking],
    out: &mut Vec<Finding>,
) {
    for (i, j) in conflict_pairs(items, graph) {
        let (a, b) = (live[i].0, live[j].0);
        let (winner, loser, why) = precedence(a, b);
        let (Some(ww), Some(lw)) = (cx.window(winner), cx.window(loser)) else {
            continue;
        };
        let (mine, theirs) = (loser.def.service.get_ref(), winner.def.service.get_ref());
        out.push(
            Finding::new(
                WINDOW_CONFLICT.name,
                loser.file,
                window_span(loser),
                format!(
                    "{} overlaps {} ({}, {}) and {}: {}",
                    window_words(cx, &lw),
                    winner.id(),
                    winner.def.title.get_ref(),
                    cx.fmt_span(&ww),
                    relation(graph, mine, theirs),
                    reason(winner, loser, why)
                ),
            )
            .help(format!(
                "move this release to a window clear of {} (`trainyard slots {}` lists them), or agree a different order with {}'s manager and record an approved exception",
                winner.id(),
                loser.id(),
                winner.id()
            ))
            .release(loser.id()),
        );
    }
}

/// At most this many releases are named in one capacity message.
const NAMED: usize = 8;

fn capacity(
    cx: &Context,
    limit: u32,
    live: &[(&Release, Interval)],
    items: &[Booking],
    out: &mut Vec<Finding>,
) {
    let keyed: Vec<(Interval, ())> = items.iter().map(|b| (b.interval, ())).collect();
    let groups = max_overlap_groups(&keyed, limit as usize);
    let mut reported: HashSet<usize> = HashSet::new();
    // Loser -> (finding index, further moments).
    let mut more: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut findings: Vec<Finding> = Vec::new();
    for group in groups {
        let mut ranked = group.clone();
        ranked.sort_by(|&x, &y| rank(live[x].0).cmp(&rank(live[y].0)));
        let keep = (limit as usize).min(ranked.len());
        let (kept, losers) = ranked.split_at(keep);
        // A release already reported at an earlier moment only counts the
        // moment; the words are built only for a new finding.
        let mut fresh = Vec::new();
        for &l in losers {
            if reported.insert(l) {
                fresh.push(l);
            } else if let Some(entry) = more.get_mut(&l) {
                entry.1 += 1;
            }
        }
        if fresh.is_empty() {
            continue;
        }
        let moment = group.iter().fold(None::<Interval>, |acc, &i| {
            let w = live[i].1;
            Some(match acc {
                None => w,
                Some(a) => Interval {
                    start: a.start.max(w.start),
                    end: a.end.min(w.end),
                },
            })
        });
        let Some(moment) = moment else { continue };
        let names: Vec<String> = ranked
            .iter()
            .take(NAMED)
            .map(|&i| format!("{} ({})", live[i].0.id(), live[i].0.def.service.get_ref()))
            .collect();
        let listed = if ranked.len() > NAMED {
            format!("{}, and {} more", names.join(", "), ranked.len() - NAMED)
        } else {
            and_list(&names)
        };
        let winners: Vec<&str> = kept.iter().take(NAMED).map(|&i| live[i].0.id()).collect();
        let yields = if winners.is_empty() {
            "no release may deploy then".to_string()
        } else {
            format!(
                "{}{} take{} precedence over this release (emergency first, then higher impact, then the lower id)",
                and_list(&winners),
                if kept.len() > NAMED { format!(" and {} more", kept.len() - NAMED) } else { String::new() },
                if kept.len() == 1 { "s" } else { "" }
            )
        };
        for l in fresh {
            let r = live[l].0;
            let f = Finding::new(
                CAPACITY_EXCEEDED.name,
                r.file,
                window_span(r),
                format!(
                    "{} releases overlap {} {}, more than max_concurrent = {limit} allows: {listed}; {yields}",
                    ranked.len(),
                    cx.fmt_span(&moment),
                    cx.tz.name()
                ),
            )
            .help(format!(
                "move this release to a window with capacity (`trainyard slots {}` lists them), or move another of the releases named",
                r.id()
            ))
            .release(r.id());
            more.insert(l, (findings.len(), 0));
            findings.push(f);
        }
    }
    for (idx, extra) in more.into_values() {
        if extra > 0 {
            if let Some(f) = findings.get_mut(idx) {
                f.message.push_str(&format!(
                    " (and at {extra} more {} during this window)",
                    if extra == 1 { "moment" } else { "moments" }
                ));
            }
        }
    }
    out.extend(findings);
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone};
    use proptest::prelude::*;

    fn iv(a: i64, b: i64) -> Interval {
        let t0 = Utc.with_ymd_and_hms(2030, 3, 16, 0, 0, 0).unwrap();
        Interval {
            start: t0 + TimeDelta::try_minutes(a).unwrap(),
            end: t0 + TimeDelta::try_minutes(b).unwrap(),
        }
    }

    const SERVICES: [&str; 5] = ["a", "b", "c", "d", "e"];

    fn graph() -> Neighbours<'static> {
        // b -> a, c -> a and b, d -> c; e stands alone.
        Neighbours::new([
            ("a", vec![]),
            ("b", vec!["a"]),
            ("c", vec!["a", "b", "c"]),
            ("d", vec!["c"]),
            ("e", vec![]),
        ])
    }

    #[test]
    fn related_is_same_or_direct_dependency_either_way() {
        let g = graph();
        assert!(g.related("a", "a"));
        assert!(g.related("b", "a") && g.related("a", "b"));
        assert!(g.related("d", "c") && g.related("c", "d"));
        assert!(!g.related("d", "a"), "not transitive");
        assert!(!g.related("e", "a"));
        assert!(!g.related("x", "y"));
        assert!(
            g.related("x", "x"),
            "unknown services still equal themselves"
        );
        assert_eq!(g.depends_on("c"), ["a", "b"]);
    }

    #[test]
    fn pairs_examples() {
        let g = graph();
        let items = [
            Booking {
                interval: iv(0, 60),
                service: "a",
            },
            Booking {
                interval: iv(30, 90),
                service: "b",
            }, // overlaps 0 via dependency
            Booking {
                interval: iv(60, 120),
                service: "a",
            }, // touches 0, overlaps 1
            Booking {
                interval: iv(0, 120),
                service: "e",
            }, // unrelated
            Booking {
                interval: iv(10, 20),
                service: "d",
            }, // d-a not related
        ];
        assert_eq!(conflict_pairs(&items, &g), vec![(0, 1), (1, 2)]);
        assert!(conflict_pairs(&[], &g).is_empty());
    }

    fn brute(items: &[Booking], g: &Neighbours) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for i in 0..items.len() {
            for j in i + 1..items.len() {
                if items[i].interval.overlaps(&items[j].interval)
                    && g.related(items[i].service, items[j].service)
                {
                    out.push((i, j));
                }
            }
        }
        out
    }

    fn arb_graph() -> impl Strategy<Value = Vec<(usize, Vec<usize>)>> {
        // Any edges at all, cycles and self-loops included: the sweep must
        // not depend on the graph being sensible.
        proptest::collection::vec(proptest::collection::vec(0usize..5, 0..4), 5)
            .prop_map(|v| v.into_iter().enumerate().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn sweep_equals_brute_force(
            edges in arb_graph(),
            raw in proptest::collection::vec((0usize..6, 0i64..60, 0i64..15), 0..40),
        ) {
            let g = Neighbours::new(edges.iter().map(|(s, d)| {
                (SERVICES[*s], d.iter().map(|x| SERVICES[*x]).collect())
            }));
            // Service index 5 is one the graph does not know.
            let items: Vec<Booking> = raw
                .iter()
                .map(|(s, start, len)| Booking {
                    interval: iv(*start, start + len),
                    service: SERVICES.get(*s).copied().unwrap_or("unknown"),
                })
                .collect();
            prop_assert_eq!(conflict_pairs(&items, &g), brute(&items, &g));
        }
    }
}

//! Releases against each other: which pairs of release windows conflict
//! (overlapping windows on the same service, or on services where one
//! depends on the other) and which release yields.
//!
//! Conflicts sweep once per service over its own releases and those of the
//! services it depends on directly, pairing only where one side is its own.
//! Nothing compares all pairs.
//!
//! Precedence (from the release procedure): an emergency release beats a
//! scheduled one, then higher impact beats lower, then the earlier-booked
//! release (the lower id) wins.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};

use chrono::{DateTime, Utc};

use crate::load::{Release, Repo};
use crate::model::Impact;
use crate::time::Interval;

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
pub fn rank(r: &Release) -> (bool, Reverse<Impact>, &str, usize) {
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

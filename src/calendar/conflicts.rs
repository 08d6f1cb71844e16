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

//! Half-open time intervals `[start, end)` and the sweeps that find
//! overlaps among many of them without comparing all pairs.
//!
//! Half-open means a window from 18:00 to 20:00 and one from 20:00 to 22:00
//! **touch but do not overlap**, and a window ending at 20:00 does not
//! contain the instant 20:00.
//!
//! * [`overlapping_pairs`]: every pair of overlapping intervals (conflict
//!   detection), by sorting on start and sweeping an active set, in
//!   O(n log n + k log k) for k pairs.
//! * [`max_overlap_groups`]: every maximal set of intervals active at one
//!   moment that is larger than a limit (capacity), in O(n log n + output).

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};
use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};

/// A half-open interval of time `[start, end)`.
///
/// [`Interval::new`] guarantees `start < end`. The fields are public for
/// convenient reading; an interval built directly with `end <= start` is
/// empty: it overlaps and contains nothing, and the sweeps ignore it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Interval {
    /// The first instant inside the interval.
    pub start: DateTime<Utc>,
    /// The first instant after the interval.
    pub end: DateTime<Utc>,
}

/// An interval whose end is not after its start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EmptyInterval {
    /// The start given.
    pub start: DateTime<Utc>,
    /// The end given.
    pub end: DateTime<Utc>,
}

impl fmt::Display for EmptyInterval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the end {} is not after the start {}",
            self.end.to_rfc3339(),
            self.start.to_rfc3339()
        )
    }
}

impl std::error::Error for EmptyInterval {}

impl Interval {
    /// `[start, end)`; rejects `end <= start`.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Self, EmptyInterval> {
        if end > start {
            Ok(Interval { start, end })
        } else {
            Err(EmptyInterval { start, end })
        }
    }

    /// `[start, start + length)`; `None` when `length` is not positive or
    /// the end is beyond the calendar's range.
    pub fn starting_at(start: DateTime<Utc>, length: TimeDelta) -> Option<Self> {
        let end = start.checked_add_signed(length)?;
        Interval::new(start, end).ok()
    }

    /// Whether `end <= start` (possible only for intervals built field by
    /// field).
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// Whether the two share at least one instant. Touching intervals
    /// (`a.end == b.start`) do not overlap; empty intervals overlap nothing.
    pub fn overlaps(&self, other: &Interval) -> bool {
        !self.is_empty() && !other.is_empty() && self.start < other.end && other.start < self.end
    }

    /// Whether `other` lies wholly inside `self` (`self.start <=
    /// other.start` and `other.end <= self.end`). An interval contains
    /// itself. Empty intervals contain nothing and are contained in nothing.
    pub fn contains(&self, other: &Interval) -> bool {
        !self.is_empty() && !other.is_empty() && self.start <= other.start && other.end <= self.end
    }

    /// Whether `start <= t < end`.
    pub fn contains_instant(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }

    /// The exact elapsed length `end - start` (zero for an empty interval).
    pub fn duration(&self) -> TimeDelta {
        if self.is_empty() {
            TimeDelta::zero()
        } else {
            self.end.signed_duration_since(self.start)
        }
    }

    /// The common part of two intervals, if they overlap.
    pub fn intersection(&self, other: &Interval) -> Option<Interval> {
        Interval::new(self.start.max(other.start), self.end.min(other.end)).ok()
    }
}

impl fmt::Display for Interval {
    /// `[2025-03-29T18:00:00+00:00, 2025-03-30T05:00:00+00:00)`; use
    /// [`crate::time::fmt_span`] for messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}, {})",
            self.start.to_rfc3339(),
            self.end.to_rfc3339()
        )
    }
}

/// The order the sweeps visit items in: by start, then end, then index, so
/// results do not depend on the sort algorithm.
fn sweep_order<K>(items: &[(Interval, K)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len())
        .filter(|&i| !items[i].0.is_empty())
        .collect();
    order.sort_unstable_by_key(|&i| (items[i].0.start, items[i].0.end, i));
    order
}

/// Every pair of overlapping intervals, as index pairs `(i, j)` with
/// `i < j`, sorted.
///
/// Sorts on start and sweeps, keeping the intervals still active in a heap
/// ordered by end; each new interval overlaps exactly those active when it
/// starts (intervals ending at or before its start have left: touching is
/// not overlapping). O(n log n + k log k) for k pairs; never all pairs.
/// The keys `K` travel with the intervals and are not looked at.
pub fn overlapping_pairs<K: Copy>(items: &[(Interval, K)]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut active: BinaryHeap<Reverse<(DateTime<Utc>, usize)>> = BinaryHeap::new();
    for j in sweep_order(items) {
        let iv = items[j].0;
        while let Some(Reverse((end, _))) = active.peek() {
            if *end <= iv.start {
                active.pop();
            } else {
                break;
            }
        }
        for Reverse((_, i)) in active.iter() {
            pairs.push(((*i).min(j), (*i).max(j)));
        }
        active.push(Reverse((iv.end, j)));
    }
    pairs.sort_unstable();
    pairs
}

/// The groups of intervals that are simultaneously active, one group per
/// maximal moment, where a group has more than `limit` members.
///
/// A group is the set of intervals active at some instant, taken where
/// that set is maximal: just before an interval of the group ends (adding
/// another interval would need a common instant, and there is none). Every
/// instant at which more than `limit` intervals are active is covered by a
/// reported group that contains all of them. Equivalently, the groups are
/// the maximal sets of pairwise overlapping intervals (intervals share a
/// common instant exactly when they overlap pairwise). The group's common
/// span is `[max start, min end)` of its members.
///
/// Each group lists indices ascending; groups come in the order of their
/// moment, earliest first; no group repeats. Empty intervals are ignored.
/// O(n log n + output).
pub fn max_overlap_groups<K: Copy>(items: &[(Interval, K)], limit: usize) -> Vec<Vec<usize>> {
    // Events: (time, kind, index) with ends (kind 0) before starts (kind 1)
    // at the same instant, since intervals are half-open.
    let mut events: Vec<(DateTime<Utc>, u8, usize)> = Vec::with_capacity(items.len() * 2);
    for i in sweep_order(items) {
        events.push((items[i].0.start, 1, i));
        events.push((items[i].0.end, 0, i));
    }
    events.sort_unstable();
    let mut groups = Vec::new();
    let mut active: BTreeSet<usize> = BTreeSet::new();
    // Whether an interval started since the last group was taken: only
    // then is the active set a new maximal set.
    let mut grown = false;
    for (_, kind, i) in events {
        if kind == 1 {
            active.insert(i);
            grown = true;
        } else {
            if grown && active.len() > limit {
                groups.push(active.iter().copied().collect::<Vec<_>>());
            }
            grown = false;
            active.remove(&i);
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 29, 0, 0, 0).unwrap()
            + TimeDelta::try_minutes(minutes).unwrap()
    }

    fn iv(a: i64, b: i64) -> Interval {
        Interval {
            start: at(a),
            end: at(b),
        }
    }

    #[test]
    fn half_open_basics() {
        assert!(Interval::new(at(0), at(0)).is_err());
        assert!(Interval::new(at(1), at(0)).is_err());
        let a = Interval::new(at(0), at(60)).unwrap();
        assert_eq!(a.duration(), TimeDelta::try_hours(1).unwrap());
        assert!(a.contains_instant(at(0)));
        assert!(a.contains_instant(at(59)));
        assert!(!a.contains_instant(at(60)));
        // Touching is not overlapping.
        assert!(!a.overlaps(&iv(60, 120)));
        assert!(!iv(60, 120).overlaps(&a));
        assert!(a.overlaps(&iv(59, 120)));
        assert!(a.overlaps(&a));
        assert!(a.contains(&a));
        assert!(a.contains(&iv(10, 60)));
        assert!(!a.contains(&iv(10, 61)));
        assert!(!a.contains(&iv(-1, 10)));
        // Empty intervals take part in nothing.
        assert!(!iv(10, 10).overlaps(&a));
        assert!(!a.contains(&iv(10, 10)));
        assert_eq!(iv(10, 5).duration(), TimeDelta::zero());
        assert_eq!(a.intersection(&iv(30, 90)), Some(iv(30, 60)));
        assert_eq!(a.intersection(&iv(60, 90)), None);
        assert_eq!(
            Interval::starting_at(at(0), TimeDelta::try_hours(2).unwrap()),
            Some(iv(0, 120))
        );
        assert_eq!(Interval::starting_at(at(0), TimeDelta::zero()), None);
        assert_eq!(
            Interval::starting_at(DateTime::<Utc>::MAX_UTC, TimeDelta::try_hours(1).unwrap()),
            None
        );
    }

    #[test]
    fn pairs_examples() {
        let items = [
            (iv(0, 60), 'a'),
            (iv(60, 120), 'b'),
            (iv(30, 90), 'c'),
            (iv(0, 60), 'd'),
        ];
        assert_eq!(
            overlapping_pairs(&items),
            vec![(0, 2), (0, 3), (1, 2), (2, 3)]
        );
        assert!(overlapping_pairs::<()>(&[]).is_empty());
    }

    #[test]
    fn groups_examples() {
        // a [0,10) b [1,10) c [2,10): one moment with all three.
        let items = [(iv(0, 10), ()), (iv(1, 10), ()), (iv(2, 10), ())];
        assert_eq!(max_overlap_groups(&items, 1), vec![vec![0, 1, 2]]);
        assert_eq!(max_overlap_groups(&items, 3), Vec::<Vec<usize>>::new());
        // A chain: {0,1} then {1,2}; touching 2 and 3 never meet.
        let items = [
            (iv(0, 10), ()),
            (iv(5, 20), ()),
            (iv(15, 30), ()),
            (iv(30, 40), ()),
        ];
        assert_eq!(max_overlap_groups(&items, 1), vec![vec![0, 1], vec![1, 2]]);
        assert_eq!(
            max_overlap_groups(&items, 0),
            vec![vec![0, 1], vec![1, 2], vec![3]]
        );
    }

    fn arb_items() -> impl Strategy<Value = Vec<(Interval, u8)>> {
        // Small integer endpoints make touching and identical intervals
        // common; a few empty ones check that they are ignored.
        proptest::collection::vec((0i64..40, 0i64..12), 0..24).prop_map(|v| {
            v.into_iter()
                .map(|(s, len)| (iv(s, s + len), 0u8))
                .collect()
        })
    }

    fn brute_pairs(items: &[(Interval, u8)]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for i in 0..items.len() {
            for j in i + 1..items.len() {
                if items[i].0.overlaps(&items[j].0) {
                    out.push((i, j));
                }
            }
        }
        out
    }

    fn brute_groups(items: &[(Interval, u8)], limit: usize) -> Vec<Vec<usize>> {
        // The active set at every start point; keep those over the limit
        // that no other active set strictly contains.
        let mut sets: Vec<Vec<usize>> = items
            .iter()
            .filter(|(x, _)| !x.is_empty())
            .map(|(x, _)| {
                (0..items.len())
                    .filter(|&i| items[i].0.contains_instant(x.start))
                    .collect::<Vec<_>>()
            })
            .collect();
        sets.sort();
        sets.dedup();
        let maximal: Vec<Vec<usize>> = sets
            .iter()
            .filter(|s| {
                !sets
                    .iter()
                    .any(|t| t.len() > s.len() && s.iter().all(|x| t.contains(x)))
            })
            .filter(|s| s.len() > limit)
            .cloned()
            .collect();
        maximal
    }

    proptest! {
        #[test]
        fn sweep_pairs_equal_brute_force(items in arb_items()) {
            prop_assert_eq!(overlapping_pairs(&items), brute_pairs(&items));
        }

        #[test]
        fn capacity_groups_equal_brute_force(items in arb_items(), limit in 0usize..5) {
            let mut got = max_overlap_groups(&items, limit);
            let n = got.len();
            got.sort();
            got.dedup();
            prop_assert_eq!(got.len(), n, "a group repeats");
            prop_assert_eq!(got, brute_groups(&items, limit));
        }

        #[test]
        fn groups_come_in_time_order(items in arb_items()) {
            let groups = max_overlap_groups(&items, 0);
            let moments: Vec<_> = groups
                .iter()
                .map(|g| g.iter().map(|&i| items[i].0.start).max())
                .collect();
            let mut sorted = moments.clone();
            sorted.sort();
            prop_assert_eq!(moments, sorted);
        }
    }
}

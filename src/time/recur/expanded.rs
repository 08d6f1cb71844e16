//! [`Expanded`]: a period's occurrences over a horizon, expanded once
//! and looked up by binary search.

use chrono::{DateTime, Utc};

use crate::time::interval::Interval;

/// Every occurrence of a period over a horizon, expanded once, for
/// O(log n) lookups by binary search.
///
/// Expand each period once over the span of all release windows, then
/// look up each window. Lookups are exact for intervals and instants
/// inside the horizon; outside it they see only the occurrences that
/// overlap the horizon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expanded {
    pub(super) horizon: Interval,
    /// Sorted by start (strictly increasing); ends non-decreasing.
    pub(super) occurrences: Vec<Interval>,
}

impl Expanded {
    /// The span expanded.
    pub fn horizon(&self) -> &Interval {
        &self.horizon
    }

    /// Every occurrence overlapping the horizon, sorted by start.
    pub fn all(&self) -> &[Interval] {
        &self.occurrences
    }

    /// The occurrences that overlap `iv`, sorted by start.
    pub fn overlapping(&self, iv: &Interval) -> &[Interval] {
        if iv.is_empty() {
            return &[];
        }
        let hi = self.occurrences.partition_point(|o| o.start < iv.end);
        let lo = self.occurrences[..hi].partition_point(|o| o.end <= iv.start);
        &self.occurrences[lo..hi]
    }

    /// The one occurrence that wholly contains `iv` (the started-last one
    /// if several do), as [`Recurrence::covering`](super::Recurrence::covering).
    pub fn covering(&self, iv: &Interval) -> Option<&Interval> {
        if iv.is_empty() {
            return None;
        }
        let idx = self.occurrences.partition_point(|o| o.start <= iv.start);
        // Ends are non-decreasing, so the last occurrence starting at or
        // before iv.start reaches furthest: if it does not cover iv, no
        // earlier one does.
        let candidate = self.occurrences.get(idx.checked_sub(1)?)?;
        candidate.contains(iv).then_some(candidate)
    }

    /// The occurrence running at `t`, as
    /// [`Recurrence::occurrence_containing`](super::Recurrence::occurrence_containing).
    pub fn containing(&self, t: DateTime<Utc>) -> Option<&Interval> {
        let idx = self.occurrences.partition_point(|o| o.start <= t);
        let candidate = self.occurrences.get(idx.checked_sub(1)?)?;
        candidate.contains_instant(t).then_some(candidate)
    }

    /// The first occurrence starting at or after `t`.
    pub fn next_at_or_after(&self, t: DateTime<Utc>) -> Option<&Interval> {
        let idx = self.occurrences.partition_point(|o| o.start < t);
        self.occurrences.get(idx)
    }
}

#[cfg(test)]
mod tests;

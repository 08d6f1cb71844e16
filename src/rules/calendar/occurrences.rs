//! The period occurrences a window overlaps, grouped by period, and how a
//! message names one group (blackouts and events).

use std::collections::BTreeMap;

use crate::calendar::{Occurrence, PeriodKind};
use crate::resolve::Resolved;

/// The occurrences grouped by period, in order of their first occurrence.
pub(super) fn by_period<'a>(occurrences: Vec<Occurrence<'a>>) -> Vec<Vec<Occurrence<'a>>> {
    let mut groups: BTreeMap<(PeriodKind, usize), Vec<Occurrence>> = BTreeMap::new();
    for o in occurrences {
        groups
            .entry((o.period.kind, o.period.position))
            .or_default()
            .push(o);
    }
    let mut v: Vec<Vec<Occurrence>> = groups.into_values().collect();
    v.sort_by_key(|g| g.first().map(|o| (o.interval.start, o.period.position)));
    v
}

/// `(Sat 29 Mar 2025 00:00-24:00)` or `(Sat 29 Mar 2025 00:00-24:00 and 2
/// more occurrences)`.
pub(super) fn occurrence_words(cx: &Resolved, group: &[Occurrence]) -> String {
    let first = group.first().map_or(String::new(), |o| {
        cx.fmt_period_span(o.period.tz, &o.interval)
    });
    match group.len() {
        0 | 1 => format!("({first})"),
        n => format!(
            "({first} and {} more {})",
            n - 1,
            if n == 2 { "occurrence" } else { "occurrences" }
        ),
    }
}

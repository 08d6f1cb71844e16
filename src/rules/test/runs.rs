//! How the test rules read `[[tests]]`: the run of each category that
//! counts (the latest, of those not dated after today) and the level a
//! run counts at.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::load::Release;
use crate::model::{test_levels, Spanned, TestRun};
use crate::resolve::Resolved;
use crate::rules::evidence::Evidence;

/// The latest run of each category, by category.
pub(super) type Latest<'a> = BTreeMap<&'a str, &'a Spanned<TestRun>>;

/// The latest run of each category: the latest `at`, runs without one
/// counting as older, ties going to the later entry in the file. A run
/// dated after today has not happened and is left out.
pub(super) fn latest_runs<'a>(cx: &Resolved, r: &'a Release) -> Latest<'a> {
    let mut best: BTreeMap<&str, (Option<DateTime<Utc>>, &Spanned<TestRun>)> = BTreeMap::new();
    for run in Evidence::of(cx, r).tests {
        let t = run.get_ref();
        let at = t.at.as_ref().and_then(|a| cx.instant(a.get_ref()));
        let slot = best.entry(t.category.get_ref()).or_insert((at, run));
        if at >= slot.0 {
            *slot = (at, run);
        }
    }
    best.into_iter().map(|(k, (_, v))| (k, v)).collect()
}

/// The level of a run as written, or its category's lowest.
pub(super) fn level_of(t: &TestRun) -> &str {
    match &t.level {
        Some(l) => l.get_ref(),
        None => test_levels(t.category.get_ref())
            .first()
            .copied()
            .unwrap_or("required"),
    }
}

//! Waivers: a release's `[[exceptions]]` waive one rule each, for that
//! release only, with a reason and the approval of someone holding `cab`.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::resolve::Resolved;

use super::load::invalid_exception::{self, Validity};
use super::load::unused_exception;

/// Drops the findings that valid exceptions waive. Returns the kept
/// findings, the count waived by rule, and the findings about the
/// exceptions themselves (invalid-exception, unused-exception).
pub fn apply(
    cx: &Resolved,
    findings: Vec<Finding>,
) -> (Vec<Finding>, BTreeMap<&'static str, usize>, Vec<Finding>) {
    let mut notes = Vec::new();
    // rule -> release id -> (release, exception index), for valid ones.
    let mut valid: HashMap<Rule, HashMap<&str, (&Release, usize)>> = HashMap::new();
    for r in &cx.repo.releases {
        for i in 0..r.def.exceptions.len() {
            match invalid_exception::check(cx, r, i) {
                Validity::Valid(rule) => {
                    valid.entry(rule).or_default().insert(r.id(), (r, i));
                }
                Validity::Lapsed => {}
                Validity::Invalid(f) => notes.push(f),
            }
        }
    }
    let mut used: HashSet<(Rule, &str)> = HashSet::new();
    let mut waived: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut kept = Vec::with_capacity(findings.len());
    for f in findings {
        let hit = f
            .release
            .as_deref()
            .and_then(|id| valid.get(&f.rule)?.get_key_value(id))
            .map(|(id, _)| *id);
        match hit {
            Some(id) => {
                used.insert((f.rule, id));
                *waived.entry(f.rule.name()).or_default() += 1;
            }
            None => kept.push(f),
        }
    }
    let unused: Vec<_> = valid
        .iter()
        .flat_map(|(rule, by_id)| by_id.iter().map(move |(id, v)| ((*rule, *id), *v)))
        .filter(|(k, _)| !used.contains(k))
        .map(|(_, v)| v)
        .collect();
    unused_exception::check(unused, &mut notes);
    (kept, waived, notes)
}

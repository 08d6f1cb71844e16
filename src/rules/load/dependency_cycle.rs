//! Releases (or services) depend on each other in a cycle
//!
//! ## What it does
//! Follows `depends_on` between releases, and between services in
//! policies/services.toml, and reports every cycle, naming each member.
//!
//! ## Why
//! A cycle has no order in which the releases can deploy, and it makes
//! conflict detection between dependent services meaningless.
//!
//! ## Example
//! ```toml
//! # REL-2024-03-015
//! depends_on = ["REL-2024-03-016"]
//! # REL-2024-03-016
//! depends_on = ["REL-2024-03-015"]
//! ```
//!
//! Use instead: remove one of the two dependencies.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::Spanned;
use crate::resolve::Resolved;

/// dependency-cycle over the repository: releases, then services.
pub(super) fn check(cx: &Resolved, out: &mut Vec<Finding>) {
    for r in &cx.repo.releases {
        release_on_itself(r, out);
    }
    release_cycles(cx, out);
    service_cycles(cx, out);
}

/// A release that names itself in `depends_on`.
fn release_on_itself(r: &Release, out: &mut Vec<Finding>) {
    for dep in &r.def.depends_on {
        if dep.get_ref() == r.id() {
            out.push(
                Finding::new(
                    Rule::DependencyCycle,
                    r.file,
                    dep.span(),
                    format!("{} depends on itself", r.id()),
                )
                .help("remove it from `depends_on`")
                .release(r.id()),
            );
        }
    }
}

/// Cycles of two or more releases.
fn release_cycles(cx: &Resolved, out: &mut Vec<Finding>) {
    let releases = &cx.repo.releases;
    let index: HashMap<&str, usize> = releases
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id(), i))
        .collect();
    let adj: Vec<Vec<usize>> = releases
        .iter()
        .map(|r| {
            r.def
                .depends_on
                .iter()
                .filter(|d| d.get_ref() != r.id())
                .filter_map(|d| index.get(d.get_ref().as_str()).copied())
                .collect()
        })
        .collect();
    for comp in cycles(&adj) {
        let order = cycle_order(&adj, &comp);
        let names: Vec<&str> = order.iter().map(|&i| releases[i].id()).collect();
        let first = &releases[order[0]];
        let next = names.get(1).copied().unwrap_or(names[0]);
        let span = first
            .def
            .depends_on
            .iter()
            .find(|d| d.get_ref() == next)
            .map_or(first.def.id.span(), |d| d.span());
        out.push(
            Finding::new(
                Rule::DependencyCycle,
                first.file,
                span,
                format!(
                    "releases depend on each other in a cycle: {} -> {}",
                    names.join(" -> "),
                    names[0]
                ),
            )
            .help("remove one of these `depends_on` entries so the releases have an order")
            .release(first.id()),
        );
    }
}

/// Services that depend on themselves, and cycles of two or more.
fn service_cycles(cx: &Resolved, out: &mut Vec<Finding>) {
    let Some(file) = cx.repo.services.file else {
        return;
    };
    let services: Vec<(&Spanned<String>, &crate::model::Service)> = cx
        .repo
        .services
        .def
        .services
        .iter()
        .map(|(k, v)| (k, v.get_ref()))
        .collect();
    let index: HashMap<&str, usize> = services
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.get_ref().as_str(), i))
        .collect();
    let adj: Vec<Vec<usize>> = services
        .iter()
        .map(|(_, s)| {
            s.depends_on
                .iter()
                .filter_map(|d| index.get(d.get_ref().as_str()).copied())
                .collect()
        })
        .collect();
    for (k, s) in &services {
        if let Some(d) = s.depends_on.iter().find(|d| d.get_ref() == k.get_ref()) {
            out.push(
                Finding::new(
                    Rule::DependencyCycle,
                    file,
                    d.span(),
                    format!("service `{}` depends on itself", k.get_ref()),
                )
                .help("remove it from `depends_on`"),
            );
        }
    }
    for comp in cycles(&adj) {
        let order = cycle_order(&adj, &comp);
        let names: Vec<&str> = order
            .iter()
            .map(|&i| services[i].0.get_ref().as_str())
            .collect();
        let (_, first) = services[order[0]];
        let next = names.get(1).copied().unwrap_or(names[0]);
        let span = first
            .depends_on
            .iter()
            .find(|d| d.get_ref() == next)
            .map_or(services[order[0]].0.span(), |d| d.span());
        out.push(
            Finding::new(
                Rule::DependencyCycle,
                file,
                span,
                format!(
                    "services depend on each other in a cycle: {} -> {}",
                    names.join(" -> "),
                    names[0]
                ),
            )
            .help("remove one of these `depends_on` entries in policies/services.toml"),
        );
    }
}

/// Strongly connected components of a graph given as adjacency lists over
/// `0..n` (Tarjan, iterative). Components of a single node are left out,
/// self-edge or not: a node on itself is reported on its own.
fn cycles(adj: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = adj.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if *i < adj[v].len() {
                let w = adj[v][*i];
                *i += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut comp = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp.push(w);
                        if w == v {
                            break;
                        }
                    }
                    if comp.len() > 1 {
                        comp.sort_unstable();
                        out.push(comp);
                    }
                }
            }
        }
    }
    out.sort();
    out
}

/// The members of `comp` in the order a walk around the cycle meets them,
/// starting from the smallest.
fn cycle_order(adj: &[Vec<usize>], comp: &[usize]) -> Vec<usize> {
    let members: BTreeSet<usize> = comp.iter().copied().collect();
    let start = comp[0];
    // Breadth-first search back to `start` within the component gives a
    // shortest cycle through it.
    let mut prev: BTreeMap<usize, usize> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in &adj[v] {
            if !members.contains(&w) {
                continue;
            }
            if w == start {
                let mut path = vec![v];
                let mut cur = v;
                while cur != start {
                    cur = prev[&cur];
                    path.push(cur);
                }
                path.reverse();
                return path;
            }
            if let std::collections::btree_map::Entry::Vacant(e) = prev.entry(w) {
                e.insert(v);
                queue.push_back(w);
            }
        }
    }
    comp.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cycles_and_their_order() {
        // 0 -> 1 -> 2 -> 0, and 4 -> 0 outside the cycle.
        let adj = vec![vec![1], vec![2], vec![0], vec![], vec![0]];
        let c = cycles(&adj);
        assert_eq!(c, vec![vec![0, 1, 2]]);
        assert_eq!(cycle_order(&adj, &c[0]), vec![0, 1, 2]);
    }
}

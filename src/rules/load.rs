//! The load family: files that do not parse or do not fit the schema,
//! ids that are malformed or reused, references to things that do not
//! exist, and dependency cycles.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Context, Finding, RuleInfo, Severity};
use crate::load::Release;
use crate::model::{FileId, Spanned};

pub const RULES: &[RuleInfo] = &[
    RuleInfo {
        name: "parse-error",
        code: "TY001",
        family: "load",
        severity: Severity::Error,
        summary: "A file is not valid TOML (or not UTF-8 text) and could not be read",
        doc: r#"## What it does
Reports a file trainyard cannot read: a TOML syntax error, a file that is not
UTF-8 text, or a link that leads out of the repository. The finding points at
the place the parser stopped. Every other file is still checked.

## Why
A release that cannot be read cannot be checked, scheduled or published.

## Example
```toml
title = "Finance system v2.4.0
service = "finance"
```

Use instead:
```toml
title = "Finance system v2.4.0"
service = "finance"
```
"#,
    },
    RuleInfo {
        name: "schema-error",
        code: "TY002",
        family: "load",
        severity: Severity::Error,
        summary: "A file is valid TOML but has an unknown field, a missing field or a value of the wrong kind",
        doc: r#"## What it does
Checks every file against its format (see `trainyard explain schema`):
unknown fields (with a "did you mean" suggestion), missing required fields,
values of the wrong type or outside their allowed set (a stage, an impact, a
test level of its category, a severity in `[lint]`).

## Why
A misspelt field is silently ignored by most tools; here it is an error, so
`rationle = "…"` never passes for a rationale.

## Example
```toml
stage = "staging"
rationle = "Enhancements"
```

Use instead:
```toml
stage = "stage"
rationale = "Enhancements"
```
"#,
    },
    RuleInfo {
        name: "duplicate-id",
        code: "TY003",
        family: "load",
        severity: Severity::Error,
        summary: "Two releases (or two trains) have the same id",
        doc: r#"## What it does
Reports a release whose `id` another release already uses, and a train whose
`name` another train already uses.

## Why
Ids name releases in the calendar, in feeds and in commit messages. A copied
folder whose id was not changed makes two releases indistinguishable.

## Example
```toml
# releases/REL-2024-03-016/release.toml, copied from REL-2024-03-015
id = "REL-2024-03-015"
```

Use instead:
```toml
id = "REL-2024-03-016"
```
"#,
    },
    RuleInfo {
        name: "id-format",
        code: "TY004",
        family: "load",
        severity: Severity::Error,
        summary: "A release id is not REL-YYYY-MM-NNN, or differs from its folder name",
        doc: r#"## What it does
Checks that a release id has the form `REL-YYYY-MM-NNN` (a real month, a
three-digit sequence number) and that the release's folder is named after it.

## Why
A fixed id format sorts by month and is recognisable in commit messages,
tickets and calendar entries; the folder name is how people find the file.

## Example
```toml
# releases/finance-march/release.toml
id = "REL-24-3-15"
```

Use instead:
```toml
# releases/REL-2024-03-015/release.toml
id = "REL-2024-03-015"
```
"#,
    },
    RuleInfo {
        name: "id-month-mismatch",
        code: "TY005",
        family: "load",
        severity: Severity::Warning,
        summary: "A release id's YYYY-MM is not the month its window starts in",
        doc: r#"## What it does
Compares the `YYYY-MM` of the id with the month of `[window] start`.

## Why
Ids are read as "the release for March"; after a window moves to another
month, the id misleads. Keep the id (ids are never reused), but consider a
new release for the new month when the move is large.

## Example
```toml
id = "REL-2024-03-015"
[window]
start = 2024-04-06T20:00:00
```

Use instead:
```toml
id = "REL-2024-04-002"
[window]
start = 2024-04-06T20:00:00
```
"#,
    },
    RuleInfo {
        name: "unknown-reference",
        code: "TY006",
        family: "load",
        severity: Severity::Error,
        summary: "A name refers to a service, person, policy, train, release, environment or defect that does not exist",
        doc: r#"## What it does
Checks every reference: a release's `service` (policies/services.toml),
`type` (a policy file), `manager`, approvers, deployers and exception
approvers (policies/people.toml), `train` (releases/trains/), `depends_on`
(other releases), deployment environments (policies/environments.toml) and a
known issue's `defect` (the release's own `[[defects]]`); also the owners and
dependencies in services.toml, people in delegations and unavailability,
services named by events and release types exempted by blackouts.

## Why
A typo in a reference silently drops a check: an approval "by" someone who
does not exist cannot be verified.

## Example
```toml
service = "fnance"
```

Use instead:
```toml
service = "finance"
```
"#,
    },
    RuleInfo {
        name: "dependency-cycle",
        code: "TY007",
        family: "load",
        severity: Severity::Error,
        summary: "Releases (or services) depend on each other in a cycle",
        doc: r#"## What it does
Follows `depends_on` between releases, and between services in
policies/services.toml, and reports every cycle, naming each member.

## Why
A cycle has no order in which the releases can deploy, and it makes
conflict detection between dependent services meaningless.

## Example
```toml
# REL-2024-03-015
depends_on = ["REL-2024-03-016"]
# REL-2024-03-016
depends_on = ["REL-2024-03-015"]
```

Use instead: remove one of the two dependencies.
"#,
    },
];

pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    duplicate_ids(cx, &mut out);
    for r in &cx.repo.releases {
        id_format(r, &mut out);
        references(cx, r, &mut out);
    }
    catalog_references(cx, &mut out);
    release_cycles(cx, &mut out);
    service_cycles(cx, &mut out);
    out
}

fn duplicate_ids(cx: &Context, out: &mut Vec<Finding>) {
    for r in &cx.repo.releases {
        let same = cx.releases_with_id(r.id());
        if same.len() > 1 && !std::ptr::eq(same[0], r) {
            let first = same[0];
            out.push(
                Finding::new(
                    "duplicate-id",
                    r.file,
                    r.def.id.span(),
                    format!(
                        "id {} is already used by {}",
                        r.id(),
                        cx.repo.path(first.file)
                    ),
                )
                .help("give this release the next free id for its month (folder and `id` alike)")
                .release(r.id()),
            );
        }
    }
    let mut trains: HashMap<&str, FileId> = HashMap::new();
    for t in &cx.repo.trains {
        if let Some(first) = trains.get(t.def.name.get_ref().as_str()) {
            out.push(
                Finding::new(
                    "duplicate-id",
                    t.file,
                    t.def.name.span(),
                    format!(
                        "train name `{}` is already used by {}",
                        t.def.name.get_ref(),
                        cx.repo.path(*first)
                    ),
                )
                .help("give each train its own name"),
            );
        } else {
            trains.insert(t.def.name.get_ref(), t.file);
        }
    }
}

/// The year and month of a well-formed id.
pub fn parse_id(id: &str) -> Option<(i32, u32, u32)> {
    let rest = id.strip_prefix("REL-")?;
    let parts: Vec<&str> = rest.split('-').collect();
    let [y, m, n] = parts.as_slice() else {
        return None;
    };
    let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(n, 3)) {
        return None;
    }
    let (y, m, n) = (y.parse().ok()?, m.parse().ok()?, n.parse().ok()?);
    ((1..=12).contains(&m) && n > 0).then_some((y, m, n))
}

fn id_format(r: &Release, out: &mut Vec<Finding>) {
    let id = r.id();
    let Some((y, m, _)) = parse_id(id) else {
        out.push(
            Finding::new(
                "id-format",
                r.file,
                r.def.id.span(),
                format!("`{id}` is not a release id of the form REL-YYYY-MM-NNN"),
            )
            .help("use REL-, the year and month of the window, and a three-digit number: REL-2024-03-015")
            .release(id),
        );
        return;
    };
    if r.dir != id {
        out.push(
            Finding::new(
                "id-format",
                r.file,
                r.def.id.span(),
                format!("id {id} differs from its folder name releases/{}", r.dir),
            )
            .help(format!("rename the folder to releases/{id}, or fix the id"))
            .release(id),
        );
    }
    if let Some(w) = &r.def.window {
        let start = w.get_ref().start.get_ref().date();
        use chrono::Datelike;
        if (start.year(), start.month()) != (y, m) {
            out.push(
                Finding::new(
                    "id-month-mismatch",
                    r.file,
                    r.def.id.span(),
                    format!(
                        "id {id} is for {y:04}-{m:02} but the window starts on {start}",
                    ),
                )
                .label(w.get_ref().start.span(), "the window starts here")
                .help(format!(
                    "ids are never reused; if the release moved for good, plan it as a new release for {}",
                    start.format("%Y-%m")
                ))
                .release(id),
            );
        }
    }
}

/// Reports `name` when `exists` says it is not defined.
#[allow(clippy::too_many_arguments)]
fn reference<'a>(
    out: &mut Vec<Finding>,
    file: FileId,
    release: Option<&str>,
    name: &Spanned<String>,
    what: &str,
    where_: &str,
    exists: impl Fn(&str) -> bool,
    candidates: impl IntoIterator<Item = &'a str>,
) {
    let n = name.get_ref();
    if exists(n) {
        return;
    }
    let help = match crate::suggest::closest(n, candidates) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("add `{n}` to {where_}, or name one that is there"),
    };
    let mut f = Finding::new(
        "unknown-reference",
        file,
        name.span(),
        format!("`{n}` is not a {what} in {where_}"),
    )
    .help(help);
    if let Some(id) = release {
        f = f.release(id);
    }
    out.push(f);
}

fn references(cx: &Context, r: &Release, out: &mut Vec<Finding>) {
    let repo = cx.repo;
    let d = &r.def;
    let id = Some(r.id());
    let services = || {
        repo.services
            .def
            .services
            .keys()
            .map(|k| k.get_ref().as_str())
    };
    let people = || repo.people.def.people.keys().map(|k| k.get_ref().as_str());
    let is_person = |n: &str| cx.person(n).is_some();
    reference(
        out,
        r.file,
        id,
        &d.service,
        "service",
        "policies/services.toml",
        |n| cx.service(n).is_some(),
        services(),
    );
    reference(
        out,
        r.file,
        id,
        &d.kind,
        "release type",
        "policies/ (one file per type)",
        |n| cx.policy(n).is_some(),
        repo.policies.keys().map(String::as_str),
    );
    reference(
        out,
        r.file,
        id,
        &d.manager,
        "person",
        "policies/people.toml",
        is_person,
        people(),
    );
    if let Some(t) = &d.train {
        reference(
            out,
            r.file,
            id,
            t,
            "train",
            "releases/trains/",
            |n| repo.trains.iter().any(|t| t.def.name.get_ref() == n),
            repo.trains.iter().map(|t| t.def.name.get_ref().as_str()),
        );
    }
    for dep in &d.depends_on {
        if dep.get_ref() == r.id() {
            out.push(
                Finding::new(
                    "dependency-cycle",
                    r.file,
                    dep.span(),
                    format!("{} depends on itself", r.id()),
                )
                .help("remove it from `depends_on`")
                .release(r.id()),
            );
            continue;
        }
        reference(
            out,
            r.file,
            id,
            dep,
            "release",
            "releases/",
            |n| cx.release(n).is_some(),
            repo.releases.iter().map(Release::id),
        );
    }
    for a in &d.approvals {
        reference(
            out,
            r.file,
            id,
            &a.get_ref().by,
            "person",
            "policies/people.toml",
            is_person,
            people(),
        );
    }
    let envs = &repo.environments.def;
    for dep in &d.deployments {
        let dep = dep.get_ref();
        if repo.environments.file.is_some() {
            reference(
                out,
                r.file,
                id,
                &dep.environment,
                "environment",
                "policies/environments.toml",
                |n| envs.path.iter().any(|p| p.get_ref() == n) || envs.environments.contains_key(n),
                envs.path.iter().map(|p| p.get_ref().as_str()),
            );
        }
        if let Some(by) = &dep.by {
            reference(
                out,
                r.file,
                id,
                by,
                "person",
                "policies/people.toml",
                is_person,
                people(),
            );
        }
    }
    // Exception approvers are checked by invalid-exception, in context.
    let defects: BTreeSet<&str> = d
        .defects
        .iter()
        .map(|x| x.get_ref().id.get_ref().as_str())
        .collect();
    for k in &d.known_issues {
        if let Some(def) = &k.get_ref().defect {
            reference(
                out,
                r.file,
                id,
                def,
                "defect",
                "this release's [[defects]]",
                |n| defects.contains(n),
                defects.iter().copied(),
            );
        }
    }
}

fn catalog_references(cx: &Context, out: &mut Vec<Finding>) {
    let repo = cx.repo;
    let people = || repo.people.def.people.keys().map(|k| k.get_ref().as_str());
    let services = || {
        repo.services
            .def
            .services
            .keys()
            .map(|k| k.get_ref().as_str())
    };
    let is_person = |n: &str| cx.person(n).is_some();
    let is_service = |n: &str| cx.service(n).is_some();
    if let Some(file) = repo.services.file {
        for s in repo.services.def.services.values() {
            let s = s.get_ref();
            reference(
                out,
                file,
                None,
                &s.owner,
                "person",
                "policies/people.toml",
                is_person,
                people(),
            );
            for d in &s.depends_on {
                reference(
                    out,
                    file,
                    None,
                    d,
                    "service",
                    "policies/services.toml",
                    is_service,
                    services(),
                );
            }
        }
    }
    if let Some(file) = repo.people.file {
        for d in &repo.people.def.delegations {
            let d = d.get_ref();
            reference(
                out,
                file,
                None,
                &d.from,
                "person",
                "policies/people.toml",
                is_person,
                people(),
            );
            reference(
                out,
                file,
                None,
                &d.to,
                "person",
                "policies/people.toml",
                is_person,
                people(),
            );
            if let Some(s) = &d.service {
                reference(
                    out,
                    file,
                    None,
                    s,
                    "service",
                    "policies/services.toml",
                    is_service,
                    services(),
                );
            }
        }
        for u in &repo.people.def.unavailable {
            reference(
                out,
                file,
                None,
                &u.get_ref().person,
                "person",
                "policies/people.toml",
                is_person,
                people(),
            );
        }
    }
    if let Some(file) = repo.calendar.file {
        let cal = &repo.calendar.def;
        for e in &cal.events {
            for s in e.get_ref().services.iter().flat_map(|l| l.get_ref()) {
                if s.get_ref() != "*" {
                    reference(
                        out,
                        file,
                        None,
                        s,
                        "service",
                        "policies/services.toml",
                        is_service,
                        services(),
                    );
                }
            }
        }
        for b in &cal.blackouts {
            for t in b.get_ref().exempt.iter().flat_map(|l| l.get_ref()) {
                reference(
                    out,
                    file,
                    None,
                    t,
                    "release type",
                    "policies/ (one file per type)",
                    |n| cx.policy(n).is_some(),
                    repo.policies.keys().map(String::as_str),
                );
            }
        }
    }
    if let Some(file) = repo.environments.file {
        let envs = &repo.environments.def;
        if !envs.environments.is_empty() {
            for p in &envs.path {
                reference(
                    out,
                    file,
                    None,
                    p,
                    "environment",
                    "[environments] of policies/environments.toml",
                    |n| envs.environments.contains_key(n),
                    envs.environments.keys().map(|k| k.get_ref().as_str()),
                );
            }
        }
    }
    for t in &repo.trains {
        reference(
            out,
            t.file,
            None,
            &t.def.manager,
            "person",
            "policies/people.toml",
            is_person,
            people(),
        );
        for a in &t.def.approvals {
            reference(
                out,
                t.file,
                None,
                &a.get_ref().by,
                "person",
                "policies/people.toml",
                is_person,
                people(),
            );
        }
    }
}

/// Strongly connected components of a graph given as adjacency lists over
/// `0..n` (Tarjan, iterative). Components of one node without a self-edge
/// are left out.
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

fn release_cycles(cx: &Context, out: &mut Vec<Finding>) {
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
                "dependency-cycle",
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

fn service_cycles(cx: &Context, out: &mut Vec<Finding>) {
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
                    "dependency-cycle",
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
                "dependency-cycle",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_only_when_well_formed() {
        assert_eq!(parse_id("REL-2024-03-015"), Some((2024, 3, 15)));
        assert_eq!(parse_id("REL-2024-13-015"), None);
        assert_eq!(parse_id("REL-2024-03-15"), None);
        assert_eq!(parse_id("REL-2024-03-000"), None);
        assert_eq!(parse_id("rel-2024-03-015"), None);
    }

    #[test]
    fn finds_cycles_and_their_order() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3 is not reported here (self edges are
        // handled separately), 4 -> 0.
        let adj = vec![vec![1], vec![2], vec![0], vec![], vec![0]];
        let c = cycles(&adj);
        assert_eq!(c, vec![vec![0, 1, 2]]);
        assert_eq!(cycle_order(&adj, &c[0]), vec![0, 1, 2]);
    }
}

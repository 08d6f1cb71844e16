//! A name refers to a service, person, policy, train, release, environment or defect that does not exist
//!
//! ## What it does
//! Checks every reference: a release's `service` (policies/services.toml),
//! `type` (a policy file), `manager`, approvers, deployers and exception
//! approvers (policies/people.toml), `train` (releases/trains/), `depends_on`
//! (other releases), deployment environments (policies/environments.toml) and a
//! known issue's `defect` (the release's own `[[defects]]`); also the owners and
//! dependencies in services.toml, people in delegations and unavailability,
//! services named by maintenance windows, blackouts and events, release types exempted by blackouts, and the
//! roles a release-type policy's `[approvals]` asks for: `service-owner` or a
//! role someone in policies/people.toml holds.
//!
//! ## Why
//! A typo in a reference silently drops a check: an approval "by" someone who
//! does not exist cannot be verified.
//!
//! ## Example
//! ```toml
//! service = "fnance"
//! ```
//!
//! Use instead:
//! ```toml
//! service = "finance"
//! ```

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::{FileId, Spanned};
use crate::resolve::Resolved;

/// unknown-reference over the repository: each release's references, then
/// those in policies/ and releases/trains/.
pub(super) fn check(cx: &Resolved, out: &mut Vec<Finding>) {
    let catalogues = Catalogues::new(cx);
    for r in &cx.repo.releases {
        release_references(&catalogues, r, out);
    }
    policy_and_train_references(cx, &catalogues, out);
}

/// The names one kind of reference may take, and where they are defined.
struct Catalogue<'a> {
    what: &'static str,
    defined_in: &'static str,
    /// Sorted, for lookups and suggestions.
    names: Vec<&'a str>,
    /// The file that defines them did not load: nothing is checked against
    /// it (the summary says so).
    unloaded: bool,
}

impl<'a> Catalogue<'a> {
    fn new(
        what: &'static str,
        defined_in: &'static str,
        names: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let mut names: Vec<&str> = names.into_iter().collect();
        names.sort_unstable();
        names.dedup();
        Catalogue {
            what,
            defined_in,
            names,
            unloaded: false,
        }
    }

    /// The same catalogue, checking nothing when its file did not load.
    fn unless_unloaded(mut self, file: Option<FileId>) -> Self {
        self.unloaded = file.is_some();
        self
    }

    fn contains(&self, name: &str) -> bool {
        self.names.binary_search(&name).is_ok()
    }

    /// Reports `name` unless it is defined.
    fn check(
        &self,
        out: &mut Vec<Finding>,
        file: FileId,
        release: Option<&str>,
        name: &Spanned<String>,
    ) {
        let n = name.get_ref();
        if self.unloaded || self.contains(n) {
            return;
        }
        let help = match crate::suggest::closest(n, self.names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "add `{n}` to {}, or name one that is there",
                self.defined_in
            ),
        };
        let mut f = Finding::new(
            Rule::UnknownReference,
            file,
            name.span(),
            format!("`{n}` is not a {} in {}", self.what, self.defined_in),
        )
        .help(help);
        if let Some(id) = release {
            f = f.release(id);
        }
        out.push(f);
    }
}

/// Every catalogue a reference may point into, built once.
struct Catalogues<'a> {
    people: Catalogue<'a>,
    services: Catalogue<'a>,
    types: Catalogue<'a>,
    trains: Catalogue<'a>,
    releases: Catalogue<'a>,
    environments: Option<Catalogue<'a>>,
    /// Roles someone holds, and `service-owner`.
    roles: Catalogue<'a>,
}

impl<'a> Catalogues<'a> {
    fn new(cx: &Resolved<'a>) -> Self {
        let repo = cx.repo;
        let envs = &repo.environments.def;
        Catalogues {
            people: Catalogue::new(
                "person",
                "policies/people.toml",
                repo.people.def.people.keys().map(|k| k.get_ref().as_str()),
            )
            .unless_unloaded(repo.unloaded.people),
            services: Catalogue::new(
                "service",
                "policies/services.toml",
                repo.services
                    .def
                    .services
                    .keys()
                    .map(|k| k.get_ref().as_str()),
            )
            .unless_unloaded(repo.unloaded.services),
            types: Catalogue::new(
                "release type",
                "policies/ (one file per type)",
                // A policy that did not load is still a type, not checked.
                repo.policies
                    .keys()
                    .chain(repo.unloaded.policies.keys())
                    .map(String::as_str),
            ),
            trains: Catalogue::new(
                "train",
                "releases/trains/",
                repo.trains.iter().map(|t| t.def.name.get_ref().as_str()),
            ),
            releases: Catalogue::new(
                "release",
                "releases/",
                repo.releases.iter().map(Release::id),
            ),
            roles: Catalogue::new(
                "role anyone holds",
                "policies/people.toml",
                repo.people
                    .def
                    .people
                    .values()
                    .flat_map(|p| p.get_ref().roles.iter().map(|r| r.get_ref().as_str()))
                    .chain(["service-owner"]),
            ),
            environments: repo.environments.file.map(|_| {
                Catalogue::new(
                    "environment",
                    "policies/environments.toml",
                    envs.path
                        .iter()
                        .map(|p| p.get_ref().as_str())
                        .chain(envs.environments.keys().map(|k| k.get_ref().as_str())),
                )
            }),
        }
    }
}

/// The references of one release.
fn release_references(cat: &Catalogues, r: &Release, out: &mut Vec<Finding>) {
    let d = &r.def;
    let (file, id) = (r.file, Some(r.id()));
    cat.services.check(out, file, id, &d.service);
    cat.types.check(out, file, id, &d.kind);
    cat.people.check(out, file, id, &d.manager);
    if let Some(t) = &d.train {
        cat.trains.check(out, file, id, t);
    }
    // A release on itself is dependency-cycle's.
    for dep in d.depends_on.iter().filter(|dep| dep.get_ref() != r.id()) {
        cat.releases.check(out, file, id, dep);
    }
    for a in &d.approvals {
        cat.people.check(out, file, id, &a.get_ref().by);
    }
    for dep in &d.deployments {
        let dep = dep.get_ref();
        if let Some(envs) = &cat.environments {
            envs.check(out, file, id, &dep.environment);
        }
        if let Some(by) = &dep.by {
            cat.people.check(out, file, id, by);
        }
    }
    // Exception approvers are checked by invalid-exception, in context.
    let defects = Catalogue::new(
        "defect",
        "this release's [[defects]]",
        d.defects.iter().map(|x| x.get_ref().id.get_ref().as_str()),
    );
    for k in &d.known_issues {
        if let Some(def) = &k.get_ref().defect {
            defects.check(out, file, id, def);
        }
    }
}

/// The references in policies/ and releases/trains/.
fn policy_and_train_references(cx: &Resolved, cat: &Catalogues, out: &mut Vec<Finding>) {
    let repo = cx.repo;
    if let Some(file) = repo.services.file {
        for s in repo.services.def.services.values() {
            let s = s.get_ref();
            cat.people.check(out, file, None, &s.owner);
            for d in &s.depends_on {
                cat.services.check(out, file, None, d);
            }
        }
    }
    if let Some(file) = repo.people.file {
        for d in &repo.people.def.delegations {
            let d = d.get_ref();
            cat.people.check(out, file, None, &d.from);
            cat.people.check(out, file, None, &d.to);
            if let Some(s) = &d.service {
                cat.services.check(out, file, None, s);
            }
        }
        for u in &repo.people.def.unavailable {
            cat.people.check(out, file, None, &u.get_ref().person);
        }
    }
    if let Some(file) = repo.calendar.file {
        let cal = &repo.calendar.def;
        let periods = cal
            .maintenance_windows
            .iter()
            .chain(&cal.blackouts)
            .chain(&cal.events);
        for e in periods {
            for s in e.get_ref().services.iter().flat_map(|l| l.get_ref()) {
                if s.get_ref() != "*" {
                    cat.services.check(out, file, None, s);
                }
            }
        }
        for b in &cal.blackouts {
            for t in b.get_ref().exempt.iter().flat_map(|l| l.get_ref()) {
                cat.types.check(out, file, None, t);
            }
        }
    }
    if let Some(file) = repo.environments.file {
        let envs = &repo.environments.def;
        if !envs.environments.is_empty() {
            let declared = Catalogue::new(
                "environment",
                "[environments] of policies/environments.toml",
                envs.environments.keys().map(|k| k.get_ref().as_str()),
            );
            for p in &envs.path {
                declared.check(out, file, None, p);
            }
        }
    }
    // Without people.toml nobody holds any role: every approval reports
    // that, in its release.
    if repo.people.file.is_some() {
        for doc in repo.policies.values() {
            for roles in doc.def.approvals.values() {
                for role in roles.get_ref() {
                    cat.roles.check(out, doc.file, None, role);
                }
            }
        }
    }
    for t in &repo.trains {
        cat.people.check(out, t.file, None, &t.def.manager);
        for a in &t.def.approvals {
            cat.people.check(out, t.file, None, &a.get_ref().by);
        }
    }
}

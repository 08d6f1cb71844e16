//! What every rule sees: the repository, "today", and indexes built once.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::CheckOptions;
use crate::load::{Release, Repo};
use crate::model::{Person, Policy, Service};

/// The read-only view rules work on.
pub struct Context<'a> {
    pub repo: &'a Repo,
    pub today: NaiveDate,
    releases_by_id: HashMap<&'a str, Vec<&'a Release>>,
}

impl<'a> Context<'a> {
    pub fn new(repo: &'a Repo, options: &CheckOptions) -> Self {
        let mut releases_by_id: HashMap<&str, Vec<&Release>> = HashMap::new();
        for r in &repo.releases {
            releases_by_id.entry(r.id()).or_default().push(r);
        }
        Context {
            repo,
            today: options.today,
            releases_by_id,
        }
    }

    /// The release with id `id` (the first, if the id is duplicated).
    pub fn release(&self, id: &str) -> Option<&'a Release> {
        self.releases_by_id.get(id).and_then(|v| v.first().copied())
    }

    /// Every release with id `id`.
    pub fn releases_with_id(&self, id: &str) -> &[&'a Release] {
        self.releases_by_id.get(id).map_or(&[], Vec::as_slice)
    }

    pub fn service(&self, key: &str) -> Option<&'a Service> {
        self.repo
            .services
            .def
            .services
            .get(key)
            .map(|s| s.get_ref())
    }

    pub fn person(&self, key: &str) -> Option<&'a Person> {
        self.repo.people.def.people.get(key).map(|p| p.get_ref())
    }

    pub fn policy(&self, name: &str) -> Option<&'a Policy> {
        self.repo.policies.get(name).map(|p| &p.def)
    }

    /// The policy of a release's type.
    pub fn policy_of(&self, r: &Release) -> Option<&'a Policy> {
        self.policy(r.def.kind.get_ref())
    }
}

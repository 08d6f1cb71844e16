//! The catalogues: `services.toml`, `people.toml`, `environments.toml`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{DateOrTime, Day, Spanned};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServicesDef {
    #[serde(default)]
    pub services: BTreeMap<Spanned<String>, Spanned<Service>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Versioning {
    Semver,
    Calver,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub name: Spanned<String>,
    pub owner: Spanned<String>,
    #[serde(default)]
    pub depends_on: Vec<Spanned<String>>,
    pub versioning: Option<Spanned<Versioning>>,
    pub description: Option<Spanned<String>>,
    /// The service's Argo CD application names, where they differ from
    /// its key (`trainyard export argo-sync-windows`).
    #[serde(default)]
    pub argo_applications: Vec<Spanned<String>>,
}

impl Service {
    pub fn versioning(&self) -> Versioning {
        self.versioning
            .as_ref()
            .map(|v| *v.get_ref())
            .unwrap_or(Versioning::Semver)
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeopleDef {
    #[serde(default)]
    pub people: BTreeMap<Spanned<String>, Spanned<Person>>,
    #[serde(default)]
    pub delegations: Vec<Spanned<Delegation>>,
    #[serde(default)]
    pub unavailable: Vec<Spanned<Unavailable>>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: Spanned<String>,
    pub email: Option<Spanned<String>>,
    pub github: Option<Spanned<String>>,
    #[serde(default)]
    pub roles: Vec<Spanned<String>>,
}

impl Person {
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r.get_ref() == role)
    }
}

/// A delegation of a role (usually `service-owner`) for a period.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delegation {
    pub from: Spanned<String>,
    pub to: Spanned<String>,
    pub role: Spanned<String>,
    pub service: Option<Spanned<String>>,
    pub from_date: Spanned<Day>,
    /// Inclusive last day.
    pub until: Spanned<Day>,
}

/// A person away: whole days when written as dates (`until` inclusive),
/// or exact instants when written as date-times.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unavailable {
    pub person: Spanned<String>,
    pub from: Spanned<DateOrTime>,
    pub until: Spanned<DateOrTime>,
    pub reason: Option<Spanned<String>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentsDef {
    #[serde(default)]
    pub path: Vec<Spanned<String>>,
    #[serde(default)]
    pub environments: BTreeMap<Spanned<String>, Spanned<Environment>>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    #[serde(default)]
    pub locked: bool,
    pub data: Option<Spanned<String>>,
    pub network: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    /// Roles allowed to deploy here (empty: anyone).
    #[serde(default)]
    pub deployers: Vec<Spanned<String>>,
}

//! Who a period applies to: the one place the scoping rule of
//! `services = [...]` on maintenance windows, blackouts and events lives.

use std::collections::BTreeSet;

use super::{CalendarPeriod, PeriodKind};
use crate::model::CalendarDef;
use crate::words::and_list;

/// The services a period applies to, as [`CalendarIndex::scope`]
/// (`super::CalendarIndex::scope`) decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope<'a> {
    /// Every service.
    Every,
    /// Every service but these: an organisation maintenance window, when
    /// these services have maintenance windows of their own.
    AllBut(Vec<&'a str>),
    /// Only these services (the period's `services` list).
    Only(Vec<&'a str>),
}

impl Scope<'_> {
    /// Whether the scope takes in `service`.
    pub fn includes(&self, service: &str) -> bool {
        match self {
            Scope::Every => true,
            Scope::AllBut(not) => !not.contains(&service),
            Scope::Only(only) => only.contains(&service),
        }
    }

    /// In words: `every service`, `every service but payments`,
    /// `payments and billing`.
    pub fn words(&self) -> String {
        match self {
            Scope::Every => "every service".to_string(),
            Scope::AllBut(not) => format!("every service but {}", and_list(not)),
            Scope::Only(only) => and_list(only),
        }
    }
}

/// The services that at least one scoped maintenance window names, from
/// the definition (windows that do not compile count too: a service's own
/// windows replace the organisation's even while one is broken).
pub(super) fn own_window_services(def: &CalendarDef) -> BTreeSet<String> {
    def.maintenance_windows
        .iter()
        .filter_map(|w| w.get_ref().scoped_services())
        .flatten()
        .map(str::to_string)
        .collect()
}

/// The scoping rule. A blackout or event applies to the services it names
/// (every service when it names none or `"*"`). A maintenance window that
/// names services applies to them only; one that names none applies to
/// every service that has no window of its own (`own`).
pub(super) fn scope<'a>(p: &'a CalendarPeriod, own: &'a BTreeSet<String>) -> Scope<'a> {
    match (&p.services, p.kind) {
        (Some(list), _) => Scope::Only(list.iter().map(String::as_str).collect()),
        (None, PeriodKind::MaintenanceWindow) if !own.is_empty() => {
            Scope::AllBut(own.iter().map(String::as_str).collect())
        }
        (None, _) => Scope::Every,
    }
}

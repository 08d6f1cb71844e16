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
    scope_of(p.services.as_deref(), p.kind, own)
}

/// [`scope`] for a period given by its `services` list and kind (also for
/// one that did not compile).
pub(super) fn scope_of<'a>(
    services: Option<&'a [String]>,
    kind: PeriodKind,
    own: &'a BTreeSet<String>,
) -> Scope<'a> {
    match (services, kind) {
        (Some(list), _) => Scope::Only(list.iter().map(String::as_str).collect()),
        (None, PeriodKind::MaintenanceWindow) if !own.is_empty() => {
            Scope::AllBut(own.iter().map(String::as_str).collect())
        }
        (None, _) => Scope::Every,
    }
}

/// Whether the maintenance window `window` of `def` applies to `service`,
/// by [`scope`]'s rule, whether or not it compiles.
pub fn window_applies(def: &CalendarDef, window: &crate::model::Period, service: &str) -> bool {
    let own = own_window_services(def);
    let listed: Option<Vec<String>> = window
        .scoped_services()
        .map(|v| v.into_iter().map(str::to_string).collect());
    scope_of(listed.as_deref(), PeriodKind::MaintenanceWindow, &own).includes(service)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::calendar::CalendarIndex;
    use crate::time::Interval;

    const CAL: &str = r#"
timezone = "Europe/London"

[[maintenance_windows]]
name = "Organisation"
rrule = "FREQ=WEEKLY;BYDAY=SA"
start = "18:00"
duration = "4h"

[[maintenance_windows]]
name = "Payments"
services = ["payments"]
timezone = "America/New_York"
rrule = "FREQ=WEEKLY;BYDAY=SA"
start = "22:00"
duration = "4h"

[[maintenance_windows]]
name = "Everyone"
services = ["*"]
rrule = "FREQ=WEEKLY;BYDAY=SU"
start = "18:00"
duration = "1h"

[[blackouts]]
name = "Payments close"
services = ["payments", "ledger"]
from = 2030-03-23T00:00:00
until = 2030-03-24T00:00:00

[[events]]
name = "All"
from = 2030-03-23T00:00:00
until = 2030-03-24T00:00:00
"#;

    fn index() -> CalendarIndex {
        let def: CalendarDef = toml::from_str(CAL).unwrap();
        let utc = |d| chrono::Utc.with_ymd_and_hms(2030, 3, d, 0, 0, 0).unwrap();
        let horizon = Interval::new(utc(1), utc(31)).unwrap();
        CalendarIndex::new(&def, chrono_tz::Europe::London, horizon)
    }

    #[test]
    fn own_windows_replace_the_organisation_s() {
        let ix = index();
        let names = |service| -> Vec<&str> {
            ix.of_kind_for(PeriodKind::MaintenanceWindow, service)
                .map(|p| p.name.as_str())
                .collect()
        };
        assert_eq!(names(Some("payments")), ["Payments"]);
        // `"*"` names no service in particular: the organisation's.
        assert_eq!(names(Some("ledger")), ["Organisation", "Everyone"]);
        assert_eq!(names(None), ["Organisation", "Payments", "Everyone"]);
        let words: Vec<String> = ix.periods().iter().map(|p| ix.scope(p).words()).collect();
        assert_eq!(
            words,
            [
                "every service but payments",
                "payments",
                "every service but payments",
                "payments and ledger",
                "every service",
            ]
        );
    }

    #[test]
    fn each_period_keeps_its_own_zone() {
        let ix = index();
        let zones: Vec<&str> = ix.periods().iter().map(|p| p.tz.name()).collect();
        assert_eq!(
            zones,
            [
                "Europe/London",
                "America/New_York",
                "Europe/London",
                "Europe/London",
                "Europe/London"
            ]
        );
        let p = &ix.periods()[1];
        // 22:00 in New York on Saturday 16 March 2030 (EDT) is 02:00 UTC.
        let t = chrono::Utc.with_ymd_and_hms(2030, 3, 17, 2, 0, 0).unwrap();
        assert_eq!(p.next_at_or_after(t).map(|o| o.start), Some(t));
    }

    #[test]
    fn scoped_blackouts_and_events_apply_to_whom_they_name() {
        let ix = index();
        let day = Interval::new(
            chrono::Utc.with_ymd_and_hms(2030, 3, 23, 12, 0, 0).unwrap(),
            chrono::Utc.with_ymd_and_hms(2030, 3, 23, 13, 0, 0).unwrap(),
        )
        .unwrap();
        assert_eq!(ix.blackouts_for(&day, None, Some("ledger")).len(), 1);
        assert!(ix.blackouts_for(&day, None, Some("search")).is_empty());
        assert_eq!(ix.events_for(&day, Some("search")).len(), 1);
    }
}

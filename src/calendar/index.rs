//! The calendar index: every maintenance window, blackout and event of
//! `policies/calendar.toml`, compiled once and expanded once over the span
//! a run needs, answering lookups by binary search.
//!
//! The calendar rules, `trainyard slots`, `windows` and `gate` (and the
//! site and feeds) all ask the same questions of the calendar: which
//! maintenance window occurrence holds this release window, which
//! blackouts and events overlap it, what is running at this instant, what
//! comes next. [`CalendarIndex`] answers them. Each period's occurrences
//! over the index's horizon are expanded once
//! ([`Expanded`](crate::time::Expanded)); a lookup
//! inside the horizon is a binary search, and one outside it (an outlier
//! window years away) falls back to expanding just around the query, so
//! answers are always exact.
//!
//! Each period is compiled in its own zone (its `timezone`, else the
//! calendar's), so a New York window at 22:00 stays 22:00 New York across
//! both New York's and London's clock changes. Who a period applies to is
//! [`CalendarIndex::scope`]; every lookup that takes a `service` keeps to
//! the periods that apply to it (`None`: every period).
//!
//! Periods that do not compile (a bad RRULE, a `from` in a DST gap) are
//! left out of the index and listed in [`CalendarIndex::invalid`]; `lint`
//! reports them as `schema-error`.

use std::collections::BTreeSet;

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;

use super::period::compile;
use super::scope::{own_window_services, scope, scope_of};
use super::{CalendarPeriod, InvalidPeriod, Occurrence, PeriodKind, Scope};
use crate::model::CalendarDef;
use crate::time::Interval;

/// Every period of the calendar, expanded over a horizon. Build it once
/// per run with [`CalendarIndex::new`].
#[derive(Clone, Debug)]
pub struct CalendarIndex {
    tz: Tz,
    horizon: Interval,
    /// Maintenance windows, then blackouts, then events, each in file order.
    periods: Vec<CalendarPeriod>,
    invalid: Vec<InvalidPeriod>,
    /// Services with maintenance windows of their own.
    own: BTreeSet<String>,
}

/// The longest horizon expanded up front. Windows beyond it are still
/// answered exactly, by expanding around each query.
const MAX_HORIZON_DAYS: i64 = 366 * 30;

impl CalendarIndex {
    /// Compiles every period of `def` in its zone (`tz`, the calendar's,
    /// unless it names one) and expands it over
    /// `horizon` (clipped to 30 years from its start).
    pub fn new(def: &CalendarDef, tz: Tz, horizon: Interval) -> Self {
        let horizon = clip(horizon);
        let mut periods = Vec::new();
        let mut invalid = Vec::new();
        let lists = [
            (PeriodKind::MaintenanceWindow, &def.maintenance_windows),
            (PeriodKind::Blackout, &def.blackouts),
            (PeriodKind::Event, &def.events),
        ];
        for (kind, list) in lists {
            for (position, spanned) in list.iter().enumerate() {
                match compile(kind, position, spanned, tz, &horizon) {
                    Ok(p) => periods.push(p),
                    Err(message) => invalid.push(InvalidPeriod {
                        kind,
                        name: spanned.get_ref().name.get_ref().clone(),
                        message,
                        services: spanned
                            .get_ref()
                            .scoped_services()
                            .map(|v| v.into_iter().map(str::to_string).collect()),
                    }),
                }
            }
        }
        CalendarIndex {
            tz,
            horizon,
            periods,
            invalid,
            own: own_window_services(def),
        }
    }

    /// The smallest horizon holding every interval in `windows`, with two
    /// days either side (so lookups of "the day after" and nearest
    /// occurrences stay inside), kept within ten years before and twenty
    /// after `around` so that one mistyped year cannot stretch it; around
    /// `around` when there are no windows. Windows outside the horizon are
    /// still answered exactly, only more slowly.
    pub fn horizon_for(
        windows: impl IntoIterator<Item = Interval>,
        around: DateTime<Utc>,
    ) -> Interval {
        let years = |n: i64| TimeDelta::try_days(366 * n).unwrap_or(TimeDelta::zero());
        let lo = around.checked_sub_signed(years(10)).unwrap_or(around);
        let hi = around.checked_add_signed(years(20)).unwrap_or(around);
        let mut hull: Option<(DateTime<Utc>, DateTime<Utc>)> = None;
        for w in windows {
            if w.is_empty() || w.end <= lo || w.start >= hi {
                continue;
            }
            let (s, e) = (w.start.max(lo), w.end.min(hi));
            hull = Some(match hull {
                None => (s, e),
                Some((a, b)) => (a.min(s), b.max(e)),
            });
        }
        let (start, end) = hull.unwrap_or((around, around));
        pad(start, end, 2)
    }

    /// Who period `p` applies to. A blackout or event applies to the
    /// services it names (every service when it names none or `"*"`). A
    /// maintenance window that names services applies to them only; one
    /// that names none applies to every service without windows of its
    /// own, since a service's own windows replace the organisation's.
    pub fn scope<'a>(&'a self, p: &'a CalendarPeriod) -> Scope<'a> {
        scope(p, &self.own)
    }

    /// Whether period `p` applies to `service` (see [`Self::scope`]);
    /// always true when `service` is `None`.
    pub fn applies(&self, p: &CalendarPeriod, service: Option<&str>) -> bool {
        service.is_none_or(|s| self.scope(p).includes(s))
    }

    /// The services that have maintenance windows of their own, sorted.
    pub fn own_window_services(&self) -> &BTreeSet<String> {
        &self.own
    }

    /// The calendar's zone (periods may each have their own:
    /// [`CalendarPeriod::tz`]).
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// The span expanded up front.
    pub fn horizon(&self) -> &Interval {
        &self.horizon
    }

    /// Every period that compiled: maintenance windows, blackouts, events,
    /// each in file order.
    pub fn periods(&self) -> &[CalendarPeriod] {
        &self.periods
    }

    /// The periods of one kind, in file order.
    pub fn of_kind(&self, kind: PeriodKind) -> impl Iterator<Item = &CalendarPeriod> + '_ {
        self.periods.iter().filter(move |p| p.kind == kind)
    }

    /// The periods of one kind that apply to `service` (every one when
    /// `None`), in file order.
    pub fn of_kind_for<'a>(
        &'a self,
        kind: PeriodKind,
        service: Option<&'a str>,
    ) -> impl Iterator<Item = &'a CalendarPeriod> + 'a {
        self.of_kind(kind).filter(move |p| self.applies(p, service))
    }

    /// Periods left out because they did not compile.
    pub fn invalid(&self) -> &[InvalidPeriod] {
        &self.invalid
    }

    /// Whether the calendar defines at least one maintenance window for
    /// `service` (any, when `None`), counting those that do not compile;
    /// when it defines none, no release of the service is outside one.
    pub fn has_maintenance_windows(&self, service: Option<&str>) -> bool {
        self.of_kind(PeriodKind::MaintenanceWindow)
            .any(|p| self.applies(p, service))
            || self.broken_window_for(service)
    }

    /// Whether a maintenance window that does not compile would apply to
    /// `service` (to some service, for `None`), by the same scoping rule as
    /// the windows that do.
    pub fn broken_window_for(&self, service: Option<&str>) -> bool {
        self.invalid
            .iter()
            .filter(|p| p.kind == PeriodKind::MaintenanceWindow)
            .any(|p| match service {
                None => true,
                Some(s) => scope_of(p.services.as_deref(), p.kind, &self.own).includes(s),
            })
    }

    /// The occurrence of a maintenance window for `service` that wholly
    /// contains `iv` (the first such window in file order).
    pub fn maintenance_covering(
        &self,
        iv: &Interval,
        service: Option<&str>,
    ) -> Option<Occurrence<'_>> {
        self.of_kind(PeriodKind::MaintenanceWindow)
            .filter(|p| self.applies(p, service))
            .find_map(|p| p.covering(iv).map(|o| occ(p, o)))
    }

    /// The occurrence of a maintenance window for `service` running at `t`.
    pub fn maintenance_containing(
        &self,
        t: DateTime<Utc>,
        service: Option<&str>,
    ) -> Option<Occurrence<'_>> {
        self.of_kind(PeriodKind::MaintenanceWindow)
            .filter(|p| self.applies(p, service))
            .find_map(|p| p.containing(t).map(|o| occ(p, o)))
    }

    /// The occurrences of periods of `kind` for `service` that overlap
    /// `iv`, sorted by start, then file order.
    pub fn overlapping(
        &self,
        kind: PeriodKind,
        iv: &Interval,
        service: Option<&str>,
    ) -> Vec<Occurrence<'_>> {
        let mut out: Vec<Occurrence> = self
            .of_kind(kind)
            .filter(|p| self.applies(p, service))
            .flat_map(|p| {
                p.overlapping(iv)
                    .iter()
                    .map(|o| occ(p, *o))
                    .collect::<Vec<_>>()
            })
            .collect();
        sort(&mut out);
        out
    }

    /// The blackout occurrences overlapping `iv` that apply to a release
    /// of type `kind` on `service` (`None`: any type, any service).
    pub fn blackouts_for(
        &self,
        iv: &Interval,
        kind: Option<&str>,
        service: Option<&str>,
    ) -> Vec<Occurrence<'_>> {
        let mut v = self.overlapping(PeriodKind::Blackout, iv, service);
        if let Some(k) = kind {
            v.retain(|o| o.period.applies_to_type(k));
        }
        v
    }

    /// The event occurrences overlapping `iv` that affect `service`
    /// (every event when `service` is `None`).
    pub fn events_for(&self, iv: &Interval, service: Option<&str>) -> Vec<Occurrence<'_>> {
        self.overlapping(PeriodKind::Event, iv, service)
    }

    /// Every occurrence of every period that overlaps `range`, sorted by
    /// start, then kind, then file order.
    pub fn occurrences(&self, range: &Interval) -> Vec<Occurrence<'_>> {
        self.occurrences_for(range, None)
    }

    /// Every occurrence of every period for `service` (every period when
    /// `None`) that overlaps `range`, sorted as [`Self::occurrences`].
    pub fn occurrences_for(&self, range: &Interval, service: Option<&str>) -> Vec<Occurrence<'_>> {
        let mut out: Vec<Occurrence> = PeriodKind::ALL
            .iter()
            .flat_map(|k| self.overlapping(*k, range, service))
            .collect();
        sort(&mut out);
        out
    }

    /// The occurrence of a maintenance window for `service` closest to
    /// `iv`: one that overlaps it, else the nearer of the last one before
    /// and the first one after (the later on a tie).
    pub fn nearest_maintenance(
        &self,
        iv: &Interval,
        service: Option<&str>,
    ) -> Option<Occurrence<'_>> {
        if let Some(o) = self
            .overlapping(PeriodKind::MaintenanceWindow, iv, service)
            .into_iter()
            .next()
        {
            return Some(o);
        }
        let mut best: Option<(TimeDelta, Occurrence)> = None;
        for p in self
            .of_kind(PeriodKind::MaintenanceWindow)
            .filter(|p| self.applies(p, service))
        {
            let after = p.next_at_or_after(iv.start).map(|o| (o.start - iv.end, o));
            let before = p.last_before(iv.start).map(|o| (iv.start - o.end, o));
            for (gap, o) in after.into_iter().chain(before) {
                let better = match &best {
                    None => true,
                    Some((g, b)) => gap < *g || (gap == *g && o.start > b.interval.start),
                };
                if better {
                    best = Some((gap, occ(p, o)));
                }
            }
        }
        best.map(|(_, o)| o)
    }
}

fn occ(period: &CalendarPeriod, interval: Interval) -> Occurrence<'_> {
    Occurrence { period, interval }
}

fn sort(v: &mut [Occurrence]) {
    v.sort_by(|a, b| {
        (
            a.interval.start,
            a.period.kind,
            a.period.position,
            a.interval.end,
        )
            .cmp(&(
                b.interval.start,
                b.period.kind,
                b.period.position,
                b.interval.end,
            ))
    });
}

/// `[start - days, end + days]`, saturating at the calendar's limits.
fn pad(start: DateTime<Utc>, end: DateTime<Utc>, days: i64) -> Interval {
    let d = TimeDelta::try_days(days).unwrap_or(TimeDelta::zero());
    let s = start.checked_sub_signed(d).unwrap_or(start);
    let e = end.checked_add_signed(d).unwrap_or(end);
    Interval::new(s, e).unwrap_or(Interval { start: s, end: s })
}

/// The horizon limited to [`MAX_HORIZON_DAYS`] from its start.
fn clip(h: Interval) -> Interval {
    let limit = TimeDelta::try_days(MAX_HORIZON_DAYS).and_then(|d| h.start.checked_add_signed(d));
    match limit {
        Some(l) if l < h.end => Interval {
            start: h.start,
            end: l,
        },
        _ => h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const CAL: &str = r#"
timezone = "Europe/London"

[[maintenance_windows]]
name = "Saturday night"
rrule = "FREQ=WEEKLY;BYDAY=SA"
start = "18:00"
end = "06:00"

[[blackouts]]
name = "Last day of the month"
rrule = "FREQ=MONTHLY;BYMONTHDAY=-1"
start = "00:00"
end = "00:00"
exempt = ["emergency"]

[[blackouts]]
name = "Broken"
rrule = "FREQ=WEEKLY;BYDAY=XX"
start = "00:00"
duration = "1h"

[[events]]
name = "Board meeting"
from = 2030-03-14T00:00:00
until = 2030-03-16T00:00:00
services = ["billing"]

[[events]]
name = "Everyone"
from = 2030-03-20T00:00:00
until = 2030-03-21T00:00:00
services = ["*"]
"#;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn iv(a: DateTime<Utc>, b: DateTime<Utc>) -> Interval {
        Interval::new(a, b).unwrap()
    }

    fn index(horizon: Interval) -> CalendarIndex {
        let def: CalendarDef = toml::from_str(CAL).unwrap();
        CalendarIndex::new(&def, chrono_tz::Europe::London, horizon)
    }

    fn year_2030() -> Interval {
        iv(utc(2030, 1, 1, 0, 0), utc(2031, 1, 1, 0, 0))
    }

    #[test]
    fn compiles_what_it_can_and_lists_the_rest() {
        let ix = index(year_2030());
        assert_eq!(ix.periods().len(), 4);
        assert_eq!(ix.invalid().len(), 1);
        assert_eq!(ix.invalid()[0].name, "Broken");
        assert!(ix.invalid()[0].message.contains("XX"));
        assert!(ix.has_maintenance_windows(None));
        let everyone = ix.of_kind(PeriodKind::Event).nth(1).unwrap();
        assert_eq!(everyone.services, None);
        assert!(ix.applies(everyone, Some("anything")));
        assert_eq!(everyone.label(), "event 'Everyone'");
    }

    #[test]
    fn maintenance_lookups_follow_local_time() {
        let ix = index(year_2030());
        // Saturday 30 March 2030, the night London's clocks go forward:
        // 18:00 GMT to 06:00 BST is 11 hours.
        let night = iv(utc(2030, 3, 30, 18, 0), utc(2030, 3, 31, 5, 0));
        let inside = iv(utc(2030, 3, 30, 22, 0), utc(2030, 3, 31, 5, 0));
        let o = ix.maintenance_covering(&inside, None).unwrap();
        assert_eq!(o.interval, night);
        let past_end = iv(utc(2030, 3, 30, 22, 0), utc(2030, 3, 31, 5, 1));
        assert!(ix.maintenance_covering(&past_end, None).is_none());
        assert_eq!(
            ix.nearest_maintenance(&past_end, None).unwrap().interval,
            night
        );
        // A Wednesday: the nearer of the Saturdays either side.
        let wed = iv(utc(2030, 3, 27, 20, 0), utc(2030, 3, 27, 22, 0));
        let near = ix.nearest_maintenance(&wed, None).unwrap();
        assert_eq!(near.interval.start, utc(2030, 3, 30, 18, 0));
        let mon = iv(utc(2030, 3, 25, 8, 0), utc(2030, 3, 25, 9, 0));
        let near = ix.nearest_maintenance(&mon, None).unwrap();
        assert_eq!(near.interval.start, utc(2030, 3, 23, 18, 0));
        assert!(ix
            .maintenance_containing(utc(2030, 3, 31, 4, 59), None)
            .is_some());
        assert!(ix
            .maintenance_containing(utc(2030, 3, 31, 5, 0), None)
            .is_none());
    }

    #[test]
    fn blackouts_respect_exemptions_and_month_lengths() {
        let ix = index(year_2030());
        let day = |m, d| iv(utc(2030, m, d, 12, 0), utc(2030, m, d, 13, 0));
        // 28-, 30- and 31-day months (London is on GMT in February).
        assert_eq!(ix.blackouts_for(&day(2, 28), Some("minor"), None).len(), 1);
        assert_eq!(ix.blackouts_for(&day(2, 27), Some("minor"), None).len(), 0);
        assert_eq!(ix.blackouts_for(&day(4, 30), Some("minor"), None).len(), 1);
        assert_eq!(ix.blackouts_for(&day(4, 29), None, None).len(), 0);
        assert_eq!(ix.blackouts_for(&day(3, 31), None, None).len(), 1);
        assert_eq!(ix.blackouts_for(&day(3, 30), None, None).len(), 0);
        assert!(ix
            .blackouts_for(&day(2, 28), Some("emergency"), None)
            .is_empty());
        // In summer time the whole local day is 23:00Z to 23:00Z.
        let o = ix.blackouts_for(&day(4, 30), None, None)[0];
        assert_eq!(
            o.interval,
            iv(utc(2030, 4, 29, 23, 0), utc(2030, 4, 30, 23, 0))
        );
    }

    #[test]
    fn events_by_service_and_all_occurrences_in_order() {
        let ix = index(year_2030());
        let w = iv(utc(2030, 3, 14, 20, 0), utc(2030, 3, 14, 22, 0));
        assert_eq!(ix.events_for(&w, Some("billing")).len(), 1);
        assert!(ix.events_for(&w, Some("ledger")).is_empty());
        let range = iv(utc(2030, 3, 14, 0, 0), utc(2030, 3, 22, 0, 0));
        let all: Vec<(PeriodKind, DateTime<Utc>)> = ix
            .occurrences(&range)
            .iter()
            .map(|o| (o.period.kind, o.interval.start))
            .collect();
        assert_eq!(
            all,
            vec![
                (PeriodKind::Event, utc(2030, 3, 14, 0, 0)),
                (PeriodKind::MaintenanceWindow, utc(2030, 3, 16, 18, 0)),
                (PeriodKind::Event, utc(2030, 3, 20, 0, 0)),
            ]
        );
    }

    #[test]
    fn lookups_outside_the_horizon_are_still_exact() {
        let small = index(iv(utc(2030, 3, 1, 0, 0), utc(2030, 3, 10, 0, 0)));
        let large = index(year_2030());
        let probes = [
            iv(utc(2030, 6, 29, 20, 0), utc(2030, 6, 29, 22, 0)),
            iv(utc(2030, 6, 30, 10, 0), utc(2030, 6, 30, 11, 0)),
            iv(utc(2030, 3, 8, 20, 0), utc(2030, 3, 12, 22, 0)),
        ];
        for p in probes {
            let a = small.maintenance_covering(&p, None).map(|o| o.interval);
            let b = large.maintenance_covering(&p, None).map(|o| o.interval);
            assert_eq!(a, b, "{p}");
            let a: Vec<Interval> = small.occurrences(&p).iter().map(|o| o.interval).collect();
            let b: Vec<Interval> = large.occurrences(&p).iter().map(|o| o.interval).collect();
            assert_eq!(a, b, "{p}");
        }
        let mw = small.of_kind(PeriodKind::MaintenanceWindow).next().unwrap();
        assert_eq!(
            mw.next_at_or_after(utc(2030, 3, 9, 19, 0)).map(|o| o.start),
            Some(utc(2030, 3, 16, 18, 0))
        );
    }

    #[test]
    fn horizons_pad_and_clip() {
        let t = utc(2030, 1, 1, 0, 0);
        let h = CalendarIndex::horizon_for([], t);
        assert_eq!(h.duration(), TimeDelta::try_days(4).unwrap());
        let far = iv(utc(2999, 1, 1, 0, 0), utc(2999, 1, 1, 1, 0));
        let early = iv(utc(1, 1, 1, 0, 0), utc(1, 1, 1, 1, 0));
        let near = iv(t, utc(2030, 1, 2, 0, 0));
        let h = CalendarIndex::horizon_for([early, near, far], t);
        assert_eq!(h, iv(utc(2029, 12, 30, 0, 0), utc(2030, 1, 4, 0, 0)));
        let ix = index(h);
        // The outliers are still answered.
        assert!(ix.maintenance_covering(&far, None).is_none());
        // Year 1 in London is local mean time, 1m15s behind UTC: the
        // last-day-of-month blackout of 31 December of year 0 runs on
        // until 00:01:15 UTC.
        let hits = ix.occurrences(&early);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].period.name, "Last day of the month");
        let extreme = iv(DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
        let h = CalendarIndex::horizon_for([extreme], t);
        assert!(h.duration() <= TimeDelta::try_days(MAX_HORIZON_DAYS + 10).unwrap());
    }
}

//! Who each calendar period applies to and the zone it is read in, in the
//! words the pages use; the scoping rule itself is the calendar engine's.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::clock::{self, Occurrence};
use crate::calendar::{CalendarIndex, CalendarPeriod, PeriodKind, Scope};
use crate::load::Repo;
use crate::time::Interval;

/// The calendar's periods as the engine compiled them, for their scope.
#[derive(Clone, Debug)]
pub struct PeriodScopes {
    index: CalendarIndex,
}

impl PeriodScopes {
    /// Compiles the calendar of `repo` in `tz`. Scope does not depend on
    /// the horizon, so a short one around `around` does.
    pub fn new(repo: &Repo, tz: Tz, around: DateTime<Utc>) -> Self {
        let horizon = Interval::starting_at(around, Duration::days(1)).unwrap_or(Interval {
            start: around,
            end: around,
        });
        PeriodScopes {
            index: CalendarIndex::new(&repo.calendar.def, tz, horizon),
        }
    }

    /// The compiled period `position` of `kind` in its list; `None` when
    /// it does not compile (the loader reports it, and it shows nothing).
    fn period(&self, kind: PeriodKind, position: usize) -> Option<&CalendarPeriod> {
        self.index.of_kind(kind).find(|p| p.position == position)
    }

    /// Who the period applies to in words (`payments only`, `every service
    /// but payments`), or `None` when it applies to every service.
    pub fn words(&self, kind: PeriodKind, position: usize) -> Option<String> {
        match self.index.scope(self.period(kind, position)?) {
            Scope::Every => None,
            Scope::Only(list) => Some(format!("{} only", crate::words::and_list(&list))),
            all_but @ Scope::AllBut(_) => Some(all_but.words()),
        }
    }

    /// The scope as a label's suffix: ` (payments only)`, or nothing.
    pub fn note(&self, kind: PeriodKind, position: usize) -> String {
        self.words(kind, position)
            .map(|w| format!(" ({w})"))
            .unwrap_or_default()
    }

    /// The positions of the periods of `kind` that apply to `service`, in
    /// file order.
    pub fn applying_to(&self, kind: PeriodKind, service: &str) -> Vec<usize> {
        self.index
            .of_kind_for(kind, Some(service))
            .map(|p| p.position)
            .collect()
    }
}

/// The wall-clock span of `o` in its own zone, when that is not `tz`:
/// `22:00–02:00 America/New_York`; with the dates when it lasts a day or
/// more.
pub fn zone_clock(tz: Tz, o: &Occurrence) -> Option<String> {
    if o.zone != tz && o.end - o.start >= Duration::days(1) {
        let there = crate::time::label_span(o.zone, o.start, o.end);
        return Some(format!("{there}, {}", o.zone.name()));
    }
    (o.zone != tz).then(|| {
        let hhmm = |t| crate::time::fmt_hhmm(clock::to_local(o.zone, t).time());
        format!("{}\u{2013}{} {}", hhmm(o.start), hhmm(o.end), o.zone.name())
    })
}

/// The full span of `o` in the calendar's zone `tz`, then in its own zone
/// when that differs.
pub fn span(tz: Tz, o: &Occurrence) -> String {
    let here = crate::time::label_span(tz, o.start, o.end);
    if o.zone == tz {
        return here;
    }
    format!(
        "{here} ({} in {})",
        crate::time::label_span(o.zone, o.start, o.end),
        o.zone.name()
    )
}

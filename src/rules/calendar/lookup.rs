//! What the calendar rules look a window up in, built once per run: the
//! expanded calendar, each person's absences and the live release windows.

use std::collections::HashMap;

use crate::calendar::{absences, index_for, Absence, Booking, CalendarIndex};
use crate::load::Release;
use crate::resolve::Resolved;
use crate::time::Interval;

/// What the calendar rules share during one run.
pub(super) struct Calendar<'a, 'c> {
    pub cx: &'c Resolved<'a>,
    pub index: CalendarIndex,
    /// Each person's absences from `people.toml`.
    pub absences: HashMap<&'a str, Vec<Absence>>,
    /// Every live release with a window, in repository order, and its
    /// window.
    pub live: Vec<(&'a Release, Interval)>,
    /// The same windows as bookings for the sweeps, index for index.
    pub bookings: Vec<Booking<'a>>,
}

impl<'a, 'c> Calendar<'a, 'c> {
    pub fn new(cx: &'c Resolved<'a>) -> Self {
        let live: Vec<(&'a Release, Interval)> = cx
            .repo
            .releases
            .iter()
            .filter(|r| r.def.stage.get_ref().is_live())
            .filter_map(|r| cx.window(r).map(|w| (r, w)))
            .collect();
        let bookings = live
            .iter()
            .map(|(r, w)| Booking {
                interval: *w,
                service: r.def.service.get_ref(),
            })
            .collect();
        Calendar {
            cx,
            index: index_for(cx),
            absences: absences(cx.repo, cx.tz),
            live,
            bookings,
        }
    }
}

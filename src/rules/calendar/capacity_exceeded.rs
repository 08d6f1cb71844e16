//! More live release windows overlap at one moment than max_concurrent allows
//!
//! ## What it does
//! Sweeps every live release window, organisation-wide, and finds each moment
//! at which more than `max_concurrent` (policies/calendar.toml) windows are
//! open together. The releases are ranked by the window-conflict precedence
//! (emergency, then impact, then the lower id); the first `max_concurrent` keep
//! their slots and each release beyond them gets one finding naming everyone
//! involved. Without `max_concurrent` there is no limit.
//!
//! ## Why
//! Deployment and support staff are shared: three releases at once on a
//! two-release team means one of them is not watched.
//!
//! ## Example
//! ```toml
//! # policies/calendar.toml
//! max_concurrent = 2
//! # REL-2030-03-001, -002 and -003 all deploy Sat 16 Mar 2030 20:00-22:00
//! ```
//!
//! Use instead: move the lowest-ranked release to another window.

use std::collections::{HashMap, HashSet};

use super::lookup::Calendar;
use super::window_words::window_span;
use crate::calendar::{rank, Booking};
use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::resolve::Resolved;
use crate::time::{max_overlap_groups, Interval};
use crate::words::and_list;

/// At most this many releases are named in one capacity message.
const NAMED: usize = 8;

/// capacity-exceeded over the live windows, when the calendar sets
/// `max_concurrent`: one sweep over every window ([`max_overlap_groups`]);
/// each release beyond the limit at a moment gets one finding, which counts
/// the further moments it is beyond the limit at.
pub(super) fn check(cal: &Calendar, out: &mut Vec<Finding>) {
    let Some(limit) = &cal.cx.repo.calendar.def.max_concurrent else {
        return;
    };
    capacity(cal.cx, *limit.get_ref(), &cal.live, &cal.bookings, out);
}

fn capacity(
    cx: &Resolved,
    limit: u32,
    live: &[(&Release, Interval)],
    items: &[Booking],
    out: &mut Vec<Finding>,
) {
    let keyed: Vec<(Interval, ())> = items.iter().map(|b| (b.interval, ())).collect();
    let groups = max_overlap_groups(&keyed, limit as usize);
    let mut reported: HashSet<usize> = HashSet::new();
    // Loser -> (finding index, further moments).
    let mut more: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut findings: Vec<Finding> = Vec::new();
    for group in groups {
        let mut ranked = group.clone();
        ranked.sort_by(|&x, &y| rank(live[x].0).cmp(&rank(live[y].0)));
        let keep = (limit as usize).min(ranked.len());
        let (kept, losers) = ranked.split_at(keep);
        // A release already reported at an earlier moment only counts the
        // moment; the words are built only for a new finding.
        let mut fresh = Vec::new();
        for &l in losers {
            if reported.insert(l) {
                fresh.push(l);
            } else if let Some(entry) = more.get_mut(&l) {
                entry.1 += 1;
            }
        }
        if fresh.is_empty() {
            continue;
        }
        let moment = group.iter().fold(None::<Interval>, |acc, &i| {
            let w = live[i].1;
            Some(match acc {
                None => w,
                Some(a) => Interval {
                    start: a.start.max(w.start),
                    end: a.end.min(w.end),
                },
            })
        });
        let Some(moment) = moment else { continue };
        let names: Vec<String> = ranked
            .iter()
            .take(NAMED)
            .map(|&i| format!("{} ({})", live[i].0.id(), live[i].0.def.service.get_ref()))
            .collect();
        let listed = if ranked.len() > NAMED {
            format!("{}, and {} more", names.join(", "), ranked.len() - NAMED)
        } else {
            and_list(&names)
        };
        let winners: Vec<&str> = kept.iter().take(NAMED).map(|&i| live[i].0.id()).collect();
        let yields = if winners.is_empty() {
            "no release may deploy then".to_string()
        } else {
            format!(
                "{}{} take{} precedence over this release (emergency first, then higher impact, then the lower id)",
                and_list(&winners),
                if kept.len() > NAMED { format!(" and {} more", kept.len() - NAMED) } else { String::new() },
                if kept.len() == 1 { "s" } else { "" }
            )
        };
        for l in fresh {
            let r = live[l].0;
            let f = Finding::new(
                Rule::CapacityExceeded,
                r.file,
                window_span(r),
                format!(
                    "{} releases overlap {} {}, more than max_concurrent = {limit} allows: {listed}; {yields}",
                    ranked.len(),
                    cx.fmt_span(&moment),
                    cx.tz.name()
                ),
            )
            .help(format!(
                "move this release to a window with capacity (`trainyard slots {}` lists them), or move another of the releases named",
                r.id()
            ))
            .release(r.id());
            more.insert(l, (findings.len(), 0));
            findings.push(f);
        }
    }
    for (idx, extra) in more.into_values() {
        if extra > 0 {
            if let Some(f) = findings.get_mut(idx) {
                f.message.push_str(&format!(
                    " (and at {extra} more {} during this window)",
                    if extra == 1 { "moment" } else { "moments" }
                ));
            }
        }
    }
    out.extend(findings);
}

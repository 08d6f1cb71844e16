//! Two live releases of the same or dependent services have overlapping windows
//!
//! ## What it does
//! Finds live releases (not closed, not cancelled) whose windows overlap and
//! whose services are the same, or where one service directly depends on the
//! other (`depends_on` in policies/services.toml). The finding goes on the
//! release that yields, at its `[window] start`, and names the one that wins
//! and why. Precedence, in order:
//!
//! 1. an emergency release (type `emergency`) beats a scheduled one;
//! 2. then the higher impact wins (high > medium > low);
//! 3. then the earlier-booked release, the one with the lower id.
//!
//! Emergency releases are exempt from maintenance windows and blackouts, but
//! not from conflicts. Windows that touch (one ends as the other starts) do
//! not overlap.
//!
//! ## Why
//! Two changes to one service, or to a service and what it depends on, in one
//! window make failures impossible to attribute and rollbacks dangerous.
//!
//! ## Example
//! ```toml
//! # REL-2030-03-004, ledger depends on billing
//! service = "ledger"
//! impact = "low"
//! [window]
//! start = 2030-03-16T21:00:00
//! duration = "2h"
//! # REL-2030-03-002: billing, high impact, 2030-03-16T20:00:00 for 2h
//! ```
//!
//! Use instead: move the yielding release to another window
//! (`trainyard slots REL-2030-03-004`).

use super::lookup::Calendar;
use super::window_words::{window_span, window_words};
use crate::calendar::{conflict_pairs, precedence, Neighbours, Precedence};
use crate::diagnostic::{Finding, Rule};
use crate::load::Release;

/// window-conflict over the live windows: one finding on the release that
/// yields, for each pair that conflicts. The pairs come from one sweep per
/// service ([`conflict_pairs`]), never from comparing all pairs.
pub(super) fn check(cal: &Calendar, out: &mut Vec<Finding>) {
    let cx = cal.cx;
    let graph = Neighbours::from_repo(cx.repo);
    for (i, j) in conflict_pairs(&cal.bookings, &graph) {
        let (a, b) = (cal.live[i].0, cal.live[j].0);
        let (winner, loser, why) = precedence(a, b);
        let (Some(ww), Some(lw)) = (cx.window(winner), cx.window(loser)) else {
            continue;
        };
        let (mine, theirs) = (loser.def.service.get_ref(), winner.def.service.get_ref());
        out.push(
            Finding::new(
                Rule::WindowConflict,
                loser.file,
                window_span(loser),
                format!(
                    "{} overlaps {} ({}, {}) and {}: {}",
                    window_words(cx, &lw),
                    winner.id(),
                    winner.def.title.get_ref(),
                    cx.fmt_span(&ww),
                    relation(&graph, mine, theirs),
                    reason(winner, loser, why)
                ),
            )
            .help(format!(
                "move this release to a window clear of {} (`trainyard slots {}` lists them), or agree a different order with {}'s manager and record an approved exception",
                winner.id(),
                loser.id(),
                winner.id()
            ))
            .release(loser.id()),
        );
    }
}

/// "REL-X (high impact) takes precedence over this low-impact release".
fn reason(winner: &Release, loser: &Release, why: Precedence) -> String {
    match why {
        Precedence::Emergency => format!(
            "{} (emergency) takes precedence over this scheduled release",
            winner.id()
        ),
        Precedence::Impact => format!(
            "{} ({} impact) takes precedence over this {}-impact release",
            winner.id(),
            winner.def.impact.get_ref().as_str(),
            loser.def.impact.get_ref().as_str()
        ),
        Precedence::EarlierBooked => format!(
            "{} takes precedence as the earlier-booked release (lower id, same type class and impact)",
            winner.id()
        ),
    }
}

/// How the two services are related, seen from the loser.
fn relation(graph: &Neighbours, mine: &str, theirs: &str) -> String {
    if mine == theirs {
        format!("both change {mine}")
    } else if graph.depends_on(mine).contains(&theirs) {
        format!("{mine} depends on {theirs}")
    } else {
        format!("{theirs} depends on {mine}")
    }
}

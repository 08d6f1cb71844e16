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

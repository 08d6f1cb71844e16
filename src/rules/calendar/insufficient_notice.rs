//! Not every audience the impact needs was notified enough business days before the window
//!
//! ## What it does
//! From stage `deploy` on, checks that every audience listed in
//! policies/calendar.toml `[audience].<impact>` received a `[[notifications]]`
//! entry at least `[notice].<impact>` business days before the window, and
//! before the window starts. The message lists the audiences that are missing
//! and those notified late, and the deadline.
//!
//! Counting: a notification sent on day S gives the business days d with
//! S <= d < W, where W is the local date the window starts: the day it is sent
//! counts (when it is a business day), the day of the window does not.
//! Business days are Monday to Friday less `[[holidays]]`. So the deadline is
//! the N-th business day before W:
//!
//! * notice 3, window Saturday 16 March 2030: Wed 13, Thu 14 and Fri 15 count;
//!   the deadline is Wednesday 13 March;
//! * notice 3, window Tuesday 19 March: Thu 14, Fri 15 and Mon 18 count (the
//!   weekend does not); the deadline is Thursday 14 March;
//! * the same with Monday 18 March a holiday: the deadline is Wednesday 13.
//!
//! Before stage `deploy` the rule warns instead, once today is past the
//! deadline and an audience still lacks a timely notice: the window cannot be
//! kept without breaking the rule later.
//!
//! When `[audience]` names nobody for the impact, any notification counts.
//!
//! ## Why
//! Users, support and partners plan around outages; the release procedure
//! sets the notice by impact (high 5, medium 3, low 1 business days).
//!
//! ## Example
//! ```toml
//! impact = "medium"    # notice 3 business days, audience affected-users, support
//! [window]
//! start = 2030-03-19T20:00:00   # Tuesday
//! duration = "2h"
//! [[notifications]]
//! at = 2030-03-15T09:00:00      # Friday: only Fri and Mon count
//! audience = ["affected-users"]
//! ```
//!
//! Use instead:
//! ```toml
//! [[notifications]]
//! at = 2030-03-14T09:00:00      # Thursday, the deadline
//! audience = ["affected-users", "support"]
//! ```

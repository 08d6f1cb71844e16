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

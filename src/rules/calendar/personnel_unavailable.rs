//! The release manager is unavailable during the window or the day after it
//!
//! ## What it does
//! Compares each live release's `manager` with the `[[unavailable]]` entries of
//! policies/people.toml. The manager must be available from the start of the
//! window to the end of the day after the day the window ends (local time).
//! Entries written as dates are whole days with `until` included; entries
//! written as date-times are exact, `until` excluded.
//!
//! ## Why
//! The release manager decides on rollback during the window and owns the
//! immediate post-deployment period; an absent manager leaves nobody with that
//! authority.
//!
//! ## Example
//! ```toml
//! # policies/people.toml
//! [[unavailable]]
//! person = "alice"
//! from = 2030-03-18
//! until = 2030-03-22
//! # release: manager = "alice", window Sun 17 Mar 2030 20:00-22:00
//! ```
//!
//! Use instead: hand the release to another release manager, or move the
//! window.

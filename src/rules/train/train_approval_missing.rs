//! A train at deployment or later has no executive approval
//!
//! ## What it does
//! Once a train is at `deployment` or `closed`, checks for an `[[approvals]]`
//! entry with `gate = "deployment"` and `role = "executive"` given by someone
//! who holds `executive` (in policies/people.toml, or by delegation on the day).
//!
//! ## Why
//! After verification, a release train goes to executive approval; only then
//! is it deployed to production.
//!
//! ## Example
//! ```toml
//! stage = "deployment"
//! ```
//!
//! Use instead:
//! ```toml
//! stage = "deployment"
//!
//! [[approvals]]
//! gate = "deployment"
//! role = "executive"
//! by = "grace"
//! at = 2026-03-10T15:00:00
//! ```

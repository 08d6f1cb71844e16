//! An approval is given by someone who did not hold its role on the approval's date
//!
//! ## What it does
//! Checks each `[[approvals]]` entry's `by` against its `role` on the date of
//! `at`. `service-owner` is the service's `owner` in policies/services.toml, or
//! someone the owner delegated it to in policies/people.toml (`[[delegations]]`
//! with `role = "service-owner"`, this service or none named, and `from_date`
//! to `until` covering the day). Any other role must be in the person's
//! `roles`, or delegated to them for that day by someone who holds it.
//!
//! ## Why
//! An approval by someone without authority is no approval. Delegations are
//! the documented way to approve while the owner is away.
//!
//! ## Example
//! ```toml
//! service = "finance"             # owner = "carol"
//!
//! [[approvals]]
//! gate = "deploy"
//! role = "service-owner"
//! by = "tom"
//! at = 2026-03-12T16:00:00
//! ```
//!
//! Use instead: the owner approves, or a delegation covers the day:
//! ```toml
//! # policies/people.toml
//! [[delegations]]
//! from = "carol"
//! to = "tom"
//! role = "service-owner"
//! service = "finance"
//! from_date = 2026-03-09
//! until = 2026-03-13
//! ```

//! The same change id is included in two releases
//!
//! ## What it does
//! Reports a `[[changes]]` id that another release already includes (or that
//! appears twice in one release). The finding goes on the later release (by
//! window start, then id) and names the earlier one. Cancelled releases and
//! releases closed with `outcome.status = "rolled-back"` do not hold their
//! changes: those may be included again.
//!
//! ## Why
//! The procedure checks that a change "has not been included in a previous
//! release". A change shipped twice, or planned into two releases, makes it
//! unclear which release delivers it and which rollback removes it.
//!
//! ## Example
//! ```toml
//! # REL-2026-03-001
//! [[changes]]
//! id = "CHG-2026-0892"
//! # REL-2026-04-002
//! [[changes]]
//! id = "CHG-2026-0892"
//! ```
//!
//! Use instead: keep the change in one release, or cancel the other
//! (`stage = "cancelled"`).

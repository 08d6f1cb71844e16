//! A closed release has no [outcome]
//!
//! ## What it does
//! At stage `close` (entering close needs the outcome recorded), checks that
//! the release has an `[outcome]` table.
//!
//! ## Why
//! Closing a release records what happened: successful, partial or rolled
//! back, when it started and finished, defects found after deployment. The
//! metrics (planned against actual) come from it.
//!
//! ## Example
//! ```toml
//! stage = "close"
//! ```
//!
//! Use instead:
//! ```toml
//! stage = "close"
//!
//! [outcome]
//! status = "successful"
//! started = 2026-03-14T20:00:00
//! finished = 2026-03-14T22:15:00
//! defects_after = 0
//! ```

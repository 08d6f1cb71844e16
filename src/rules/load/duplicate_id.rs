//! Two releases (or two trains) have the same id
//!
//! ## What it does
//! Reports a release whose `id` another release already uses, and a train whose
//! `name` another train already uses.
//!
//! ## Why
//! Ids name releases in the calendar, in feeds and in commit messages. A copied
//! folder whose id was not changed makes two releases indistinguishable.
//!
//! ## Example
//! ```toml
//! # releases/REL-2024-03-016/release.toml, copied from REL-2024-03-015
//! id = "REL-2024-03-015"
//! ```
//!
//! Use instead:
//! ```toml
//! id = "REL-2024-03-016"
//! ```

//! A release present at the base revision was deleted, or a deleted release's id is used again (check --base)
//!
//! ## What it does
//! Reports a release folder that existed at the base revision and is gone from
//! the working tree (unless its id moved to another folder, which is a
//! rename), and a new release whose id belonged to a release deleted earlier
//! in the history.
//!
//! ## Why
//! Ids name releases in commit messages, tickets, calendar feeds and the
//! site's links. Once published, an id must always mean the same release; a
//! release that will not go ahead is cancelled, not deleted.
//!
//! ## Example
//! ```sh
//! git rm -r releases/REL-2024-03-015
//! ```
//!
//! Use instead:
//! ```toml
//! stage = "cancelled"
//! ```

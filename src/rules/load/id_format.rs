//! A release id is not REL-YYYY-MM-NNN, or differs from its folder name
//!
//! ## What it does
//! Checks that a release id has the form `REL-YYYY-MM-NNN` (a real month, a
//! three-digit sequence number) and that the release's folder is named after it.
//!
//! ## Why
//! A fixed id format sorts by month and is recognisable in commit messages,
//! tickets and calendar entries; the folder name is how people find the file.
//!
//! ## Example
//! ```toml
//! # releases/finance-march/release.toml
//! id = "REL-24-3-15"
//! ```
//!
//! Use instead:
//! ```toml
//! # releases/REL-2024-03-015/release.toml
//! id = "REL-2024-03-015"
//! ```

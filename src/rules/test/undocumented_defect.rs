//! An open (or deferred) medium or low defect is not listed as a known issue
//!
//! ## What it does
//! From stage `stage` on, reports each `[[defects]]` entry of severity `medium`
//! or `low` that is not fixed and that no `[[known_issues]]` entry names in its
//! `defect`.
//!
//! ## Why
//! Medium and low defects may ship, but only documented as known issues with a
//! workaround where there is one: the release notes are where support and users
//! learn about them.
//!
//! ## Example
//! ```toml
//! [[defects]]
//! id = "DEF-311"
//! severity = "medium"
//! status = "open"
//! ```
//!
//! Use instead:
//! ```toml
//! [[defects]]
//! id = "DEF-311"
//! severity = "medium"
//! status = "open"
//!
//! [[known_issues]]
//! summary = "Export to PDF fails for reports over 500 pages"
//! workaround = "Export in batches"
//! defect = "DEF-311"
//! ```

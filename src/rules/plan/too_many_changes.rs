//! A release includes more changes than its policy's max_changes
//!
//! ## What it does
//! Counts `[[changes]]` against the release type's `max_changes` and points
//! at the first change over the limit.
//!
//! ## Why
//! A typical release holds 3 to 15 changes; the procedure says releases with
//! more than 20 should be split, to reduce risk and make troubleshooting
//! possible.
//!
//! ## Example
//! ```toml
//! type = "minor"                 # max_changes = 20
//! # ... 24 [[changes]] entries
//! ```
//!
//! Use instead: move the changes beyond the 20th into a second release
//! (`trainyard new --service finance --type minor --window "…"`).

//! A release id's YYYY-MM is not the month its window starts in
//!
//! ## What it does
//! Compares the `YYYY-MM` of the id with the month of `[window] start`.
//!
//! ## Why
//! Ids are read as "the release for March"; after a window moves to another
//! month, the id misleads. Keep the id (ids are never reused), but consider a
//! new release for the new month when the move is large.
//!
//! ## Example
//! ```toml
//! id = "REL-2024-03-015"
//! [window]
//! start = 2024-04-06T20:00:00
//! ```
//!
//! Use instead:
//! ```toml
//! id = "REL-2024-04-002"
//! [window]
//! start = 2024-04-06T20:00:00
//! ```

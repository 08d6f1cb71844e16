//! A release starts before a release it depends on has finished deploying, or depends on a cancelled one
//!
//! ## What it does
//! For each `depends_on` entry, checks that the release's window starts no
//! earlier than the end of the window of the release it depends on (windows
//! are read in the calendar's zone, half-open), and that the release it
//! depends on is not cancelled.
//!
//! ## Why
//! A release that needs another's schema or API must deploy after it. A
//! dependency on a cancelled release will never be met: replace it or drop it.
//!
//! ## Example
//! ```toml
//! # REL-2026-03-020, window 2026-03-14T20:00:00 for 2h
//! depends_on = ["REL-2026-03-021"]   # window 2026-03-14T19:00:00 for 2h
//! ```
//!
//! Use instead: start this window when the other's ends, or move the other
//! earlier.
//! ```toml
//! # REL-2026-03-020
//! [window]
//! start = 2026-03-21T20:00:00
//! ```

//! A live release's window ended before today
//!
//! ## What it does
//! Warns about a release that is neither closed nor cancelled whose `[window]`
//! ended before `--today` began (in the calendar's time zone).
//!
//! ## Why
//! Either the release went out and its outcome was never recorded, or it
//! missed its window and needs a new one. Both leave the calendar wrong.
//!
//! ## Example
//! ```toml
//! stage = "deploy"
//! [window]
//! start = 2026-12-05T20:00:00   # checked on 2027-01-10
//! duration = "3h"
//! ```
//!
//! Use instead: record the `[outcome]` and set `stage = "close"`, or move the
//! window (`trainyard slots ID`), or cancel the release.

//! No go decision from a readiness review held at least readiness_hours before the window
//!
//! ## What it does
//! From stage `deploy` on, checks `[readiness]`: a review must be recorded, held
//! at least `readiness_hours` (policies/calendar.toml, default 24) before the
//! window starts, with `go = true`.
//!
//! ## Why
//! The readiness review confirms the package, runbook, rollback, on-call
//! staff, monitoring and communications; holding it a day ahead leaves time to
//! fix what it finds.
//!
//! ## Example
//! ```toml
//! stage = "deploy"
//! [window]
//! start = 2030-03-16T20:00:00
//! duration = "2h"
//! [readiness]
//! at = 2030-03-16T09:00:00   # 11 hours before
//! go = true
//! ```
//!
//! Use instead:
//! ```toml
//! [readiness]
//! at = 2030-03-15T14:00:00
//! go = true
//! ```

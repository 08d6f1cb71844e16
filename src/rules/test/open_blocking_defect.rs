//! An open (or deferred) critical or high defect, at stage or later
//!
//! ## What it does
//! From stage `stage` on, reports each `[[defects]]` entry of severity
//! `critical` or `high` whose status is not `fixed`. A deferred defect ships
//! with the release just like an open one, so deferring a blocking defect needs
//! an `[[exceptions]]` entry approved by CAB.
//!
//! ## Why
//! Critical defects prevent core functionality and block the release; high
//! defects significantly impair it and require a fix before release. Both
//! trigger a fix cycle: the change is corrected, a new build made, testing
//! restarted.
//!
//! ## Example
//! ```toml
//! stage = "stage"
//!
//! [[defects]]
//! id = "DEF-305"
//! severity = "high"
//! status = "open"
//! ```
//!
//! Use instead, after the fix cycle:
//! ```toml
//! [[defects]]
//! id = "DEF-305"
//! severity = "high"
//! status = "fixed"
//! ```

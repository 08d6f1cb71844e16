//! An exception that cannot waive anything: unknown rule, no reason, or an approver without cab
//!
//! ## What it does
//! Checks each `[[exceptions]]` entry of a release. An exception waives its rule
//! for that release only when it names a real rule, gives a `reason`, and is
//! `approved_by` a person holding the `cab` role. One that lacks any of these
//! waives nothing, and this warning says why.
//!
//! ## Why
//! An exception is a recorded decision to accept a risk. Without a reason and a
//! CAB approver it is just a way to silence the linter.
//!
//! ## Example
//! ```toml
//! [[exceptions]]
//! rule = "outside-maintenance-window"
//! approved_by = "alice"        # alice does not hold cab; no reason given
//! ```
//!
//! Use instead:
//! ```toml
//! [[exceptions]]
//! rule = "outside-maintenance-window"
//! reason = "Vendor cut-over only possible on Friday"
//! approved_by = "dave"         # holds cab in policies/people.toml
//! ```

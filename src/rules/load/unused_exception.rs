//! An exception that waives nothing: the rule it names does not fire on this release
//!
//! ## What it does
//! Reports a valid `[[exceptions]]` entry whose rule produces no finding on the
//! release, so the exception waives nothing.
//!
//! ## Why
//! Stale exceptions hide the next real violation of the same rule. Remove an
//! exception once the release no longer needs it.
//!
//! ## Example
//! ```toml
//! [[exceptions]]
//! rule = "blackout"             # the window was moved out of the blackout
//! reason = "Regulatory deadline"
//! approved_by = "dave"
//! ```
//!
//! Remove the entry, or keep it only while the rule fires.

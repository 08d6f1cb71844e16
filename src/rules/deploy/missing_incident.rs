//! A release whose type requires an incident (emergency) does not name one
//!
//! ## What it does
//! When the type's policy says `require_incident = true` (emergency), checks
//! that the release has a non-blank `incident`.
//!
//! ## Why
//! Emergency releases bypass normal scheduling and some approval gates. The
//! incident they answer is what justifies that, and it makes the use of the
//! emergency type auditable.
//!
//! ## Example
//! ```toml
//! type = "emergency"
//! ```
//!
//! Use instead:
//! ```toml
//! type = "emergency"
//! incident = "INC-1234"
//! ```

//! The release's manager approves their own release as cab, emergency-cab or service-owner
//!
//! ## What it does
//! Reports an `[[approvals]]` entry whose `by` is the release's `manager` and
//! whose `role` is `cab`, `emergency-cab` or `service-owner`: the roles that
//! exist to check the release manager's work. (A `release-manager` approval by
//! the manager, as a patch needs, is fine.)
//!
//! ## Why
//! Independent approval is the point of a change advisory board and of the
//! service owner's sign-off; approving one's own release defeats it even when
//! the manager happens to hold the role.
//!
//! ## Example
//! ```toml
//! manager = "alice"
//!
//! [[approvals]]
//! gate = "deploy"
//! role = "cab"
//! by = "alice"
//! at = 2026-03-12T16:00:00
//! ```
//!
//! Use instead:
//! ```toml
//! [[approvals]]
//! gate = "deploy"
//! role = "cab"
//! by = "dave"
//! at = 2026-03-12T16:00:00
//! ```

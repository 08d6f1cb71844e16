//! An approval present at the base revision was changed or removed (check --base)
//!
//! ## What it does
//! Checks that every `[[approvals]]` entry of a release (and of a train) at the
//! base revision is still there in the working tree, field for field. Entries
//! may be added, and reordered, but not edited or deleted.
//!
//! ## Why
//! An approval is a record that a person signed off at a time. Changing its
//! date, its approver or its note after review turns it into a different
//! approval that nobody reviewed.
//!
//! ## Example
//! ```toml
//! [[approvals]]
//! gate = "deploy"
//! role = "cab"
//! by = "dave"
//! at = 2024-03-14T16:00:00   # was 2024-03-13T16:00:00 at the base
//! ```
//!
//! Use instead: keep the approval as it was and add a new `[[approvals]]`
//! entry if a new sign-off is needed.

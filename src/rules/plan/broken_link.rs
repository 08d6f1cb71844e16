//! A link (rollback procedure, runbook or notes) points at a missing file or heading
//!
//! ## What it does
//! Checks `[rollback] procedure` when it is a link (`runbook.md#rollback`) and
//! every Markdown link in runbook.md and notes.md. Relative links are resolved
//! against the release folder; a file must exist there (files in the folder and
//! one level of subfolders are known, and other release folders, trains and
//! policies can be linked to), and an `#anchor` in runbook.md or notes.md must
//! be a heading's anchor (GitHub style: `## Roll back` is `#roll-back`).
//! External links (`https:`, `mailto:`, any scheme) and absolute paths are not
//! checked.
//!
//! ## Why
//! Runbooks are read in the middle of a deployment; a rollback procedure link
//! that goes nowhere costs minutes nobody has.
//!
//! ## Example
//! ```toml
//! [rollback]
//! procedure = "runbook.md#roll-back"     # the heading is "## Rollback"
//! ```
//!
//! Use instead:
//! ```toml
//! [rollback]
//! procedure = "runbook.md#rollback"
//! ```

//! A field the release's stage needs is missing or blank (window, rationale, risk, rollback)
//!
//! ## What it does
//! Checks the release definition document's fields against the stage:
//!
//! | from stage | needs |
//! |---|---|
//! | plan | `[window]` |
//! | build | `rationale`, `risk`, `[rollback]` with `window` and `procedure` |
//!
//! A blank string counts as missing. The finding points at the file start (or
//! at the `[rollback]` header) and the help gives the lines to add.
//!
//! ## Why
//! The procedure's release definition document holds the classification
//! rationale, the risk assessment and the rollback constraints, and the
//! service owner signs it off before build.
//!
//! ## Example
//! ```toml
//! stage = "build"
//! # no rationale, no risk, no [rollback]
//! ```
//!
//! Use instead:
//! ```toml
//! stage = "build"
//! rationale = "Enhancements and non-critical fixes"
//! risk = "Low: export module is isolated"
//!
//! [rollback]
//! window = "4h"
//! procedure = "runbook.md#rollback"
//! ```

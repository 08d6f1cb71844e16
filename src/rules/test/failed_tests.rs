//! The latest run of a test category failed or was blocked, at stage or later
//!
//! ## What it does
//! From stage `stage` on, reports each category whose latest `[[tests]]` run
//! has `result = "failed"`, or `"blocked"` for a category the policy requires.
//! An earlier passed run does not help: a failure after it means the build under
//! test no longer passes.
//!
//! ## Why
//! Acceptable results are a condition of leaving test. A failed run is either
//! fixed (a fix cycle back to build, then a new passed run) or the release does
//! not go on.
//!
//! ## Example
//! ```toml
//! stage = "stage"
//!
//! [[tests]]
//! category = "regression"
//! level = "full"
//! result = "failed"
//! at = 2026-03-10T17:00:00
//! failed = 3
//! ```
//!
//! Use instead: fix, rerun, and add the passing run (keep the failed one; the
//! record is append-only):
//! ```toml
//! [[tests]]
//! category = "regression"
//! level = "full"
//! result = "passed"
//! at = 2026-03-11T17:00:00
//! ```

//! A release at stage or later lacks a passed run of a test category its policy requires
//!
//! ## What it does
//! From stage `stage` on (entering stage needs the required tests passed),
//! checks every category in the type's `[tests]`: the latest `[[tests]]` run of
//! that category must have `result = "passed"` at the required level or a
//! higher one (levels are ordered: sample < required, critical-paths < full,
//! affected < all, baseline < full-load, vulnerability-scan < penetration-test).
//! The latest run is the one with the latest `at` (runs without `at` count as
//! older, in file order). A run without `level` counts at its category's lowest
//! level. The finding lists every missing category at once. A failed latest run
//! is reported by failed-tests instead.
//!
//! A type that skips `stage` (emergency) owes its test evidence from `deploy` on.
//!
//! ## Why
//! The procedure's test matrix scales with the release type: a patch needs
//! smoke tests and targeted functional tests, a major release the full
//! regression suite, a full load test and a penetration test.
//!
//! ## Example
//! ```toml
//! type = "major"
//! stage = "stage"
//!
//! [[tests]]
//! category = "regression"
//! level = "critical-paths"
//! result = "passed"
//! at = 2026-03-10T17:00:00
//! ```
//!
//! Use instead: run what the policy asks and record it:
//! ```toml
//! [[tests]]
//! category = "regression"
//! level = "full"
//! result = "passed"
//! at = 2026-03-11T17:00:00
//! ```

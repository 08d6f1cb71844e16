//! A runbook lacks a section its policy requires (Deployment, Verification, Rollback)
//!
//! ## What it does
//! From stage `test` on, checks that runbook.md has a heading for each section
//! of the type's `runbook_sections` (default: Deployment, Verification,
//! Rollback). Any heading level counts; case, a leading number ("7.") and
//! words after the name ("Rollback procedure") do not matter. A near miss is
//! pointed at with a suggestion.
//!
//! ## Why
//! The deployment team follows the runbook under time pressure; a runbook
//! without a rollback section is found out at the worst moment.
//!
//! ## Example
//! ```toml
//! # release.toml
//! type = "minor"                 # runbook_sections = ["Deployment", "Verification", "Rollback"]
//! stage = "test"
//! ```
//! ```markdown
//! <!-- runbook.md -->
//! # Runbook
//! ## Deployment
//! ## Checks
//! ```
//!
//! Use instead:
//! ```markdown
//! # Runbook
//! ## Deployment
//! ## Verification
//! ## Rollback
//! ```

//! A release from stage build on has no runbook.md
//!
//! ## What it does
//! From stage `build` on, checks that the release folder has a `runbook.md`.
//!
//! ## Why
//! The deployment runbook is part of the release package: it is rehearsed in
//! staging and executed exactly as written in production.
//!
//! ## Example
//! ```toml
//! # releases/REL-2026-03-015/release.toml, with no runbook.md beside it
//! stage = "build"
//!
//! [rollback]
//! procedure = "runbook.md#rollback"
//! ```
//!
//! Use instead: keep the release as it is and add
//! releases/REL-2026-03-015/runbook.md:
//! ```markdown
//! # Runbook: Finance system v2.4.0
//!
//! ## Deployment
//! 1. `helm upgrade finance charts/finance --version 2.4.0 --wait`
//!
//! ## Verification
//! 1. `curl -fsS https://finance.example.com/healthz` returns the new version.
//!
//! ## Rollback
//! 1. `helm rollback finance`
//! ```

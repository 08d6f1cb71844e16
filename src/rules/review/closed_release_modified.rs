//! A file of a release that was closed or cancelled at the base revision changed (check --base)
//!
//! ## What it does
//! Compares every file in the folder of a release that was at stage close or
//! cancelled at the base revision (release.toml, runbook.md, notes.md and
//! anything else in the folder, tracked or new) with the working tree, and
//! reports each file added, removed or changed, and a folder that was moved.
//!
//! ## Why
//! A closed release is the record of what was deployed, approved and learnt.
//! Editing it afterwards rewrites that record.
//!
//! ## Example
//! ```toml
//! # at the base: stage = "close"
//! [outcome]
//! status = "successful"    # was "partial"
//! ```
//!
//! Use instead: leave the closed release as it is; record what came later in a
//! new release or in the post-implementation review.

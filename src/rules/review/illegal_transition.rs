//! A release's stage moves more than one legal step in one change (check --base)
//!
//! ## What it does
//! Compares each release's `stage` with its stage at the base revision of
//! `trainyard check --base REV`. In one change a stage may move one step:
//! plan → build → test → stage → deploy → close, back to build from test or
//! stage (a fix cycle), or to cancelled from any stage but close. A type's
//! `skip_stages` lets it jump over those stages (emergency: test → deploy).
//! The moves allowed are those of the release's type as the policy stood at
//! the base, so a change cannot widen `skip_stages` and use it at once.
//!
//! A release that is new in the change starts at plan. Trains pass one gate
//! per change (scope → construction → verification → deployment → closed) and
//! start at scope.
//!
//! ## Why
//! Each stage has entry criteria that someone reviews. Moving two stages in
//! one pull request skips the review of the stage in between.
//!
//! ## Example
//! ```toml
//! # at the base: stage = "plan"
//! stage = "deploy"
//! ```
//!
//! Use instead (one pull request each, `trainyard promote` checks the
//! criteria):
//! ```toml
//! stage = "build"
//! ```

//! A train is past a gate with an exit criterion not done, or in verification with a member before test
//!
//! ## What it does
//! A train's stages are scope → construction → verification → deployment →
//! closed, and `[[exit_criteria]]` name the gate (the stage) they must be done
//! to leave. Reports each criterion with `done = false` whose gate the train
//! has already passed, and a train at verification or later with a member
//! release (one whose `train` names it, not cancelled) still at plan or build.
//!
//! ## Why
//! The train cannot proceed if a stage's exit criteria are not met; QA
//! verification of a train means every application release on it is built and
//! under test.
//!
//! ## Example
//! ```toml
//! stage = "verification"
//!
//! [[exit_criteria]]
//! gate = "construction"
//! item = "All member releases built"
//! done = false
//! ```
//!
//! Use instead: finish the item, then move the train:
//! ```toml
//! stage = "verification"
//!
//! [[exit_criteria]]
//! gate = "construction"
//! item = "All member releases built"
//! done = true
//! ```

//! A deployment's `by` holds none of the roles the environment's deployers lists
//!
//! ## What it does
//! Checks each `[[deployments]]` entry with a `by` against the environment's
//! `deployers` in policies/environments.toml (an empty or absent list lets
//! anyone deploy). A role counts when the person holds it, or holds it by a
//! delegation covering the day of `at`.
//!
//! ## Why
//! Production is a locked environment: operations and release engineers
//! deploy there, developers do not.
//!
//! ## Example
//! ```toml
//! [[deployments]]
//! environment = "production"     # deployers = ["operations", "release-engineer"]
//! status = "deployed"
//! by = "jun"                     # a developer
//! ```
//!
//! Use instead:
//! ```toml
//! [[deployments]]
//! environment = "production"
//! status = "deployed"
//! by = "ivan"                    # operations
//! ```

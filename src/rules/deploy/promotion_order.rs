//! A deployment skips an environment on the path, or reaches production before stage deploy
//!
//! ## What it does
//! Walks `[[deployments]]` in file order. A deployment (status `deployed` or
//! `failed`) to an environment on the path in policies/environments.toml needs
//! an earlier entry with `status = "deployed"` to the environment before it on
//! the path (and, where both have `at`, not dated after it). The last
//! environment on the path (production) may only be deployed to from stage
//! `deploy` on. A failed deployment followed by another to the same
//! environment is a retry, not a violation; `ready` entries are turnovers not
//! yet started and are not checked.
//!
//! ## Why
//! Turnovers that were successfully deployed are what get promoted. Staging
//! validates the runbook before production; skipping it means production is
//! where the runbook is first run.
//!
//! ## Example
//! ```toml
//! stage = "deploy"
//!
//! [[deployments]]
//! environment = "test"
//! status = "deployed"
//!
//! [[deployments]]
//! environment = "production"
//! status = "deployed"
//! ```
//!
//! Use instead:
//! ```toml
//! [[deployments]]
//! environment = "test"
//! status = "deployed"
//!
//! [[deployments]]
//! environment = "staging"
//! status = "deployed"
//!
//! [[deployments]]
//! environment = "production"
//! status = "deployed"
//! ```

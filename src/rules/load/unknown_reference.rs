//! A name refers to a service, person, policy, train, release, environment or defect that does not exist
//!
//! ## What it does
//! Checks every reference: a release's `service` (policies/services.toml),
//! `type` (a policy file), `manager`, approvers, deployers and exception
//! approvers (policies/people.toml), `train` (releases/trains/), `depends_on`
//! (other releases), deployment environments (policies/environments.toml) and a
//! known issue's `defect` (the release's own `[[defects]]`); also the owners and
//! dependencies in services.toml, people in delegations and unavailability,
//! services named by events and release types exempted by blackouts.
//!
//! ## Why
//! A typo in a reference silently drops a check: an approval "by" someone who
//! does not exist cannot be verified.
//!
//! ## Example
//! ```toml
//! service = "fnance"
//! ```
//!
//! Use instead:
//! ```toml
//! service = "finance"
//! ```

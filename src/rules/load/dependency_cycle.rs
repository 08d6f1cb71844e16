//! Releases (or services) depend on each other in a cycle
//!
//! ## What it does
//! Follows `depends_on` between releases, and between services in
//! policies/services.toml, and reports every cycle, naming each member.
//!
//! ## Why
//! A cycle has no order in which the releases can deploy, and it makes
//! conflict detection between dependent services meaningless.
//!
//! ## Example
//! ```toml
//! # REL-2024-03-015
//! depends_on = ["REL-2024-03-016"]
//! # REL-2024-03-016
//! depends_on = ["REL-2024-03-015"]
//! ```
//!
//! Use instead: remove one of the two dependencies.

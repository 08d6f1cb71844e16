//! A version is not semver (or calver YYYY.MM.DD where the service says so)
//!
//! ## What it does
//! From stage `test` on (entering test needs a valid version), checks `version`
//! against the service's `versioning` in policies/services.toml: `semver` (the
//! default) needs `MAJOR.MINOR.PATCH` as in semver.org (`2.4.0`,
//! `2.4.0-rc.1`); `calver` needs the date the release goes live,
//! `YYYY.MM.DD` (`2026.03.14`), or `YYYY.MM.DD.N` for a further release on the
//! same day.
//!
//! ## Why
//! The version is how operations, support and the configuration database tell
//! what is deployed. `v2.4`, `2.4` or `latest` cannot be compared or ordered.
//!
//! ## Example
//! ```toml
//! service = "finance"           # versioning = "semver"
//! version = "v2.4"
//! stage = "test"
//! ```
//!
//! Use instead:
//! ```toml
//! service = "finance"
//! version = "2.4.0"
//! stage = "test"
//! ```

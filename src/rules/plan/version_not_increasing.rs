//! A version is not above every earlier release of the service, or does not raise the number its type says
//!
//! ## What it does
//! From stage `test` on, compares a release's version with every earlier
//! release of the same service (earlier by window start; cancelled and
//! rolled-back releases do not count). It must be higher than all of them,
//! and it must raise the number its type stands for: a `major` release raises
//! MAJOR, a `minor` release MINOR (same MAJOR), a `patch` release only PATCH
//! (same MAJOR.MINOR). Other types (such as `emergency`) only need a higher
//! version. Calendar versions only need to be later.
//!
//! ## Why
//! Versions that go backwards, or a "patch" that changes the minor number,
//! mislead everyone who reads them: a patch is expected to be safe to take,
//! a major release to break things.
//!
//! ## Example
//! ```toml
//! # REL-2026-03-001, window 2026-03-14: version = "2.4.0"
//! # REL-2026-04-002, window 2026-04-11:
//! type = "patch"
//! version = "2.5.0"
//! ```
//!
//! Use instead:
//! ```toml
//! type = "patch"
//! version = "2.4.1"
//! ```
//! (or `type = "minor"` if the release really adds features).

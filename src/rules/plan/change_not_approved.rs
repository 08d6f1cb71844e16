//! A release past plan includes a change that is not approved
//!
//! ## What it does
//! From stage `build` on (entering build needs all changes approved), reports
//! every `[[changes]]` entry whose `status` is `pending` or `rejected`.
//!
//! ## Why
//! Only changes that have been through change management may be packaged. A
//! pending change in a build is work nobody has agreed to ship.
//!
//! ## Example
//! ```toml
//! stage = "build"
//!
//! [[changes]]
//! id = "CHG-2026-0892"
//! summary = "Export module"
//! status = "pending"
//! ```
//!
//! Use instead: get the change approved and record it, or remove the entry.
//! ```toml
//! [[changes]]
//! id = "CHG-2026-0892"
//! summary = "Export module"
//! status = "approved"
//! ```

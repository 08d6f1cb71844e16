//! A file is not valid TOML (or not UTF-8 text) and could not be read
//!
//! ## What it does
//! Reports a file trainyard cannot read: a TOML syntax error, a file that is not
//! UTF-8 text, or a link that leads out of the repository. The finding points at
//! the place the parser stopped. Every other file is still checked.
//!
//! ## Why
//! A release that cannot be read cannot be checked, scheduled or published.
//!
//! ## Example
//! ```toml
//! title = "Finance system v2.4.0
//! service = "finance"
//! ```
//!
//! Use instead:
//! ```toml
//! title = "Finance system v2.4.0"
//! service = "finance"
//! ```

// The finding is made by the loader, which sits below the rules: in
// `src/load/parse.rs` (`parse_toml`, for text that is not TOML) and in
// `src/load/mod.rs` (files that are not UTF-8 text, and links that lead out
// of the repository).

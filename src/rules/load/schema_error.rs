//! A file is valid TOML but has an unknown field, a missing field or a value of the wrong kind
//!
//! ## What it does
//! Checks every file against its format (see `trainyard explain schema`):
//! unknown fields (with a "did you mean" suggestion), missing required fields,
//! values of the wrong type or outside their allowed set (a stage, an impact, a
//! test level of its category, a severity in `[lint]`).
//!
//! ## Why
//! A misspelt field is silently ignored by most tools; here it is an error, so
//! `rationle = "…"` never passes for a rationale.
//!
//! ## Example
//! ```toml
//! stage = "staging"
//! rationle = "Enhancements"
//! ```
//!
//! Use instead:
//! ```toml
//! stage = "stage"
//! rationale = "Enhancements"
//! ```

// The finding is made by the loader, which sits below the rules: in
// `src/load/parse.rs` (TOML that does not deserialize into its format) and
// in `src/load/validate.rs` (the shape checks serde cannot express).

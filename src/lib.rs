//! trainyard: release management kept as code.
//!
//! The pipeline is `load` (files to [`model`]) → `rules` (findings) →
//! `site` (pages and feeds) → write. Each step is a plain function of the
//! one before.

pub mod time;

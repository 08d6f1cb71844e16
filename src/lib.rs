//! trainyard: release management kept as code.
//!
//! The pipeline is `load` (files to [`model`]) → `rules` (findings) →
//! `site` (pages and feeds) → write. Each step is a plain function of the
//! one before.

pub mod cli;
#[doc(hidden)]
pub mod corpus;
pub mod feeds;
pub mod git;
pub mod load;
pub mod model;
pub mod report;
pub mod rules;
pub mod site;
pub mod suggest;
pub mod time;

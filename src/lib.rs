//! trainyard: release management kept as code.
//!
//! Layers, each using only those below it (a test in `tests/layers.rs`
//! keeps it so):
//!
//! 1. [`words`], [`suggest`], [`time`]: English for messages, "did you
//!    mean", and time (zones, recurrences, business days, intervals,
//!    formatting).
//! 2. [`model`]: the file formats as data types.
//! 3. [`diagnostic`]: findings, severities and rule ids.
//! 4. [`load`] and [`git`]: files (from disk or from a revision) to the model,
//!    spans kept.
//! 5. [`resolve`]: the resolved repository (zone, business days, windows
//!    in UTC), built once per run.
//! 6. [`calendar`]: the calendar engine (periods, index, conflicts, slots,
//!    gate).
//! 7. [`rules`]: pure functions from the resolved repository to findings.
//! 8. [`report`], [`feeds`], [`site`], [`export`]: output (finding formats, iCal,
//!    pages, the forms deployment tools enforce).
//! 9. [`pipeline`]: the one value that carries a run through its phases,
//!    `load → check → render`.
//! 10. [`cli`]: the commands.

pub mod calendar;
pub mod cli;
#[doc(hidden)]
pub mod corpus;
pub mod diagnostic;
pub mod export;
pub mod feeds;
pub mod git;
pub mod load;
pub mod model;
pub mod pipeline;

pub mod report;
pub mod resolve;
pub mod rules;
pub mod site;
pub mod suggest;
pub mod time;
pub mod words;

//! A release window overlaps an organisational event or infrastructure work on its service
//!
//! ## What it does
//! Reports a live release whose `[window]` overlaps an occurrence of an
//! `[[events]]` period that affects its service (`services` lists the service,
//! or is `["*"]`, or is left out). Events apply to every release type,
//! emergency releases included: they are conflicts, not policy.
//!
//! ## Why
//! A board meeting, a trading peak or data-centre work makes a change on the
//! affected service riskier and harder to support.
//!
//! ## Example
//! ```toml
//! # calendar: "DC2 switch replacement", services = ["payments"],
//! #           from = 2030-02-16T18:00:00, until = 2030-02-17T06:00:00
//! service = "payments"
//! [window]
//! start = 2030-02-16T20:00:00
//! duration = "2h"
//! ```
//!
//! Use instead: a window on another night, or agree the timing with the event's
//! owner and record an approved exception.

//! A closed release whose policy asks for a PIR has none within pir_business_days of the window
//!
//! ## What it does
//! At stage `close`, when the type's policy has `[close] pir_business_days`,
//! checks that `[outcome] pir` is set and falls on or before that many business
//! days (Monday to Friday, less the calendar's holidays) after the day the
//! window starts, and not before it.
//!
//! ## Why
//! Major releases require a formal post-implementation review within five
//! business days of deployment; minor and patch releases are reviewed together
//! in periodic sessions, so their policies leave `[close]` out.
//!
//! ## Example
//! ```toml
//! type = "major"                 # pir_business_days = 5
//! [window]
//! start = 2026-03-14T20:00:00    # a Saturday
//! [outcome]
//! status = "successful"
//! pir = 2026-03-27
//! ```
//!
//! Use instead:
//! ```toml
//! [outcome]
//! status = "successful"
//! pir = 2026-03-20               # the fifth business day after
//! ```

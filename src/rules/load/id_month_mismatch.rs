//! A release id's YYYY-MM is not the month its window starts in
//!
//! ## What it does
//! Compares the `YYYY-MM` of the id with the month of `[window] start`.
//!
//! ## Why
//! Ids are read as "the release for March"; after a window moves to another
//! month, the id misleads. Keep the id (ids are never reused), but consider a
//! new release for the new month when the move is large.
//!
//! ## Example
//! ```toml
//! id = "REL-2024-03-015"
//! [window]
//! start = 2024-04-06T20:00:00
//! ```
//!
//! Use instead:
//! ```toml
//! id = "REL-2024-04-002"
//! [window]
//! start = 2024-04-06T20:00:00
//! ```

use chrono::Datelike;

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;

use super::release_id::parse_id;

/// id-month-mismatch for one release with a well-formed id and a window
/// (a malformed id is id-format's).
pub(super) fn check(r: &Release, out: &mut Vec<Finding>) {
    let id = r.id();
    let Some((y, m, _)) = parse_id(id) else {
        return;
    };
    let Some(w) = &r.def.window else {
        return;
    };
    let start = w.get_ref().start.get_ref().date();
    if (start.year(), start.month()) != (y, m) {
        out.push(
            Finding::new(
                Rule::IdMonthMismatch,
                r.file,
                r.def.id.span(),
                format!("id {id} is for {y:04}-{m:02} but the window starts on {start}"),
            )
            .label(w.get_ref().start.span(), "the window starts here")
            .help(format!(
                "ids are never reused; if the release moved for good, plan it as a new release for {}",
                start.format("%Y-%m")
            ))
            .release(id),
        );
    }
}

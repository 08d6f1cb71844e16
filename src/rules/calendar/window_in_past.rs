//! A live release's window ended before today
//!
//! ## What it does
//! Warns about a release that is neither closed nor cancelled whose `[window]`
//! ended before `--today` began (in the calendar's time zone).
//!
//! ## Why
//! Either the release went out and its outcome was never recorded, or it
//! missed its window and needs a new one. Both leave the calendar wrong.
//!
//! ## Example
//! ```toml
//! stage = "deploy"
//! [window]
//! start = 2026-12-05T20:00:00   # checked on 2027-01-10
//! duration = "3h"
//! ```
//!
//! Use instead: record the `[outcome]` and set `stage = "close"`, or move the
//! window (`trainyard slots ID`), or cancel the release.

use super::window_words::{slots_help, window_span, window_words};
use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::Stage;
use crate::resolve::Resolved;
use crate::time::{self, Interval};

/// window-in-past for one live release.
pub(super) fn check(cx: &Resolved, r: &Release, w: &Interval, out: &mut Vec<Finding>) {
    if w.end > cx.today_start() {
        return;
    }
    let stage = *r.def.stage.get_ref();
    let help = if stage == Stage::Deploy {
        "if it went out, record the [outcome] and set stage = \"close\"; if not, move the window to a future date or cancel the release".to_string()
    } else {
        format!(
            "move the window to a future date ({}), or set stage = \"cancelled\" if the release will not go ahead",
            slots_help(r)
        )
    };
    out.push(
        Finding::new(
            Rule::WindowInPast,
            r.file,
            window_span(r),
            format!(
                "{} ended before today ({}), but the release is still at stage = \"{stage}\"",
                window_words(cx, w),
                time::fmt_date(cx.today)
            ),
        )
        .help(help)
        .release(r.id()),
    );
}

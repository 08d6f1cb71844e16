//! How calendar findings name a release window, point at it and send the
//! reader to `trainyard slots`.

use std::ops::Range;

use crate::load::Release;
use crate::resolve::Resolved;
use crate::time::Interval;

/// `window Sat 29 Mar 2025 20:00-22:00 Europe/London`.
pub(super) fn window_words(cx: &Resolved, w: &Interval) -> String {
    format!("window {} {}", cx.fmt_span(w), cx.tz.name())
}

/// The span of a release's `[window] start` value (its `stage` when it has
/// no window).
pub(super) fn window_span(r: &Release) -> Range<usize> {
    r.def
        .window
        .as_ref()
        .map_or(r.def.stage.span(), |w| w.get_ref().start.span())
}

/// `` `trainyard slots ID` lists the next legal windows ``.
pub(super) fn slots_help(r: &Release) -> String {
    format!("`trainyard slots {}` lists the next legal windows", r.id())
}

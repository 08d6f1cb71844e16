//! A local date-time falls in a DST gap (does not exist) or overlap (happens twice)
//!
//! ## What it does
//! Reads every local date-time of every release (the window's start and its
//! wall-clock `end`, notifications, the readiness review, approvals, tests,
//! deployments, the outcome), of trains (approvals) and of
//! policies/people.toml (`[[unavailable]]`) in the calendar's time zone, and
//! reports one that does not name exactly one instant:
//!
//! * in the spring-forward gap the time does not exist: in Europe/London
//!   2030-03-31T01:30:00 is never shown on a clock (01:00 jumps to 02:00);
//! * in the autumn overlap it happens twice: 2030-10-27T01:30:00 is first BST
//!   (+01:00), then an hour later GMT (+00:00).
//!
//! Until fixed, the other rules read a gap time as the same time after the gap
//! (02:30) and an ambiguous one as its first instant, as RFC 5545 does.
//!
//! ## Why
//! A window "at 01:30" on the night the clocks change is an hour off for
//! someone. Most tools shift it silently; trainyard makes the author choose.
//!
//! ## Example
//! ```toml
//! [window]
//! start = 2030-10-27T01:30:00
//! duration = "1h"
//! ```
//!
//! Use instead (an explicit offset says which 01:30 is meant):
//! ```toml
//! [window]
//! start = 2030-10-27T01:30:00+01:00
//! duration = "1h"
//! ```

use std::ops::Range;

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::{DateOrTime, FileId, Spanned, When};
use crate::resolve::Resolved;
use crate::time::{self, parse_wall_end, LocalTimeError};

/// The help for a time that does not name one instant.
fn help(e: &LocalTimeError) -> String {
    match e {
        LocalTimeError::Gap { next_valid, .. } => format!(
            "write a time that exists, such as {}; until then trainyard reads it as the same time after the gap",
            next_valid.format("%Y-%m-%dT%H:%M:%S")
        ),
        LocalTimeError::Ambiguous { earlier, .. } => format!(
            "add the UTC offset you mean, such as {}; until then trainyard reads it as the first of the two",
            earlier.format("%Y-%m-%dT%H:%M:%S%:z")
        ),
        LocalTimeError::OutOfRange { .. } => "write a date within the supported range".to_string(),
    }
}

/// Collects findings for one file.
struct Checker<'c, 'a> {
    cx: &'c Resolved<'a>,
    file: FileId,
    release: Option<&'c str>,
    out: &'c mut Vec<Finding>,
}

impl Checker<'_, '_> {
    fn push(&mut self, span: Range<usize>, what: &str, e: &LocalTimeError) {
        let mut f = Finding::new(
            Rule::AmbiguousLocalTime,
            self.file,
            span,
            format!("{what}: {e}"),
        )
        .help(help(e));
        if let Some(id) = self.release {
            f = f.release(id);
        }
        self.out.push(f);
    }

    fn when(&mut self, what: &str, v: &Spanned<When>) {
        if let When::Local(t) = v.get_ref() {
            if let Err(e) = time::resolve_local(self.cx.tz, *t) {
                self.push(v.span(), what, &e);
            }
        }
    }

    fn maybe(&mut self, what: &str, v: &Option<Spanned<When>>) {
        if let Some(v) = v {
            self.when(what, v);
        }
    }
}

/// ambiguous-local-time over every local date-time of one release,
/// whatever its stage.
pub(super) fn check(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    let def = &r.def;
    let mut c = Checker {
        cx,
        file: r.file,
        release: Some(r.id()),
        out,
    };
    if let Some(w) = &def.window {
        let w = w.get_ref();
        c.when("[window] start", &w.start);
        // A wall-clock end names a local time too: the first such time
        // after the start.
        if let (Some(end), When::Local(start)) = (&w.end, w.start.get_ref()) {
            if let Ok(t) = parse_wall_end(end.get_ref()) {
                // As the window itself is read (`resolve::window_interval`).
                let date = if t > start.time() {
                    Some(start.date())
                } else {
                    start.date().succ_opt()
                };
                if let Some(local) = date.map(|d| d.and_time(t)) {
                    if let Err(e) = time::resolve_local(cx.tz, local) {
                        c.push(end.span(), "[window] end", &e);
                    }
                }
            }
        }
    }
    for n in &def.notifications {
        c.when("notification `at`", &n.get_ref().at);
    }
    if let Some(rd) = &def.readiness {
        c.when("[readiness] at", &rd.get_ref().at);
    }
    for a in &def.approvals {
        c.when("approval `at`", &a.get_ref().at);
    }
    for t in &def.tests {
        c.maybe("test `at`", &t.get_ref().at);
    }
    for d in &def.deployments {
        c.maybe("deployment `at`", &d.get_ref().at);
    }
    if let Some(o) = &def.outcome {
        let o = o.get_ref();
        c.maybe("[outcome] started", &o.started);
        c.maybe("[outcome] finished", &o.finished);
    }
}

/// ambiguous-local-time over the local date-times in trains and in
/// people.toml. Calendar periods with such times are the loader's to
/// report, as `schema-error`.
pub(super) fn check_catalogs(cx: &Resolved, out: &mut Vec<Finding>) {
    for t in &cx.repo.trains {
        let mut c = Checker {
            cx,
            file: t.file,
            release: None,
            out,
        };
        for a in &t.def.approvals {
            c.when("train approval `at`", &a.get_ref().at);
        }
    }
    let Some(file) = cx.repo.people.file else {
        return;
    };
    let mut c = Checker {
        cx,
        file,
        release: None,
        out,
    };
    for u in &cx.repo.people.def.unavailable {
        let u = u.get_ref();
        for (what, v) in [
            ("[[unavailable]] from", &u.from),
            ("[[unavailable]] until", &u.until),
        ] {
            if let DateOrTime::At(When::Local(t)) = v.get_ref() {
                if let Err(e) = time::resolve_local(cx.tz, *t) {
                    c.push(v.span(), what, &e);
                }
            }
        }
    }
}

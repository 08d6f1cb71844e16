//! ambiguous-local-time: a local date-time that daylight saving makes
//! meaningless, in a release file, a train or people.toml.
//!
//! Local date-times are read in the calendar's zone. One that falls in the
//! spring-forward gap does not exist, one in the autumn overlap happens
//! twice; trainyard never shifts either silently. The other rules read
//! such a time as RFC 5545 does (a gap time moves forward by the gap, an
//! ambiguous one takes the first instant) so that they can still run, and
//! this rule says so. Calendar periods with such times are reported by the
//! loader as `schema-error`.

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

/// Every local date-time of one release.
pub(super) fn release(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
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
                // As the window itself is read (rules::context).
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

/// Local date-times in trains and in people.toml.
pub(super) fn catalogs(cx: &Resolved, out: &mut Vec<Finding>) {
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

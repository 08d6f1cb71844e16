//! A release's evidence as of `--today`: the records of things done (test
//! runs, notifications, the readiness review, deployments, the outcome and
//! its review) that every rule reads, less those dated after today.
//!
//! A record dated after the end of `--today` in the calendar's zone has not
//! happened yet. It satisfies no criterion: every rule that reads evidence
//! reads it through [`Evidence::of`], so such a record counts as absent
//! everywhere, and `evidence-in-future` reports it once, from
//! [`future_records`]. Approvals are read by the approval rules, which have
//! `approval-time-invalid` for the same case.

use std::ops::Range;

use crate::load::Release;
use crate::model::{Day, Deployment, Notification, Outcome, Readiness, Spanned, TestRun, When};
use crate::resolve::Resolved;
use crate::rules::criteria::local_date;

/// The records of a release that count as of today.
#[derive(Clone, Debug)]
pub(crate) struct Evidence<'a> {
    pub tests: Vec<&'a Spanned<TestRun>>,
    pub notifications: Vec<&'a Spanned<Notification>>,
    pub readiness: Option<&'a Spanned<Readiness>>,
    pub deployments: Vec<&'a Spanned<Deployment>>,
    /// The outcome, unless it started or finished after today.
    pub outcome: Option<&'a Spanned<Outcome>>,
    /// The outcome's `pir`, unless it is after today (or the outcome does
    /// not count).
    pub pir: Option<&'a Spanned<Day>>,
}

impl<'a> Evidence<'a> {
    /// The evidence of `r` that counts on `cx.today`.
    pub fn of(cx: &Resolved, r: &'a Release) -> Evidence<'a> {
        let d = &r.def;
        let done = |w: &Spanned<When>| !after_today(cx, w.get_ref());
        let outcome = d.outcome.as_ref().filter(|o| {
            let o = o.get_ref();
            o.started.iter().chain(&o.finished).all(done)
        });
        Evidence {
            tests: d
                .tests
                .iter()
                .filter(|t| t.get_ref().at.as_ref().is_none_or(done))
                .collect(),
            notifications: d
                .notifications
                .iter()
                .filter(|n| done(&n.get_ref().at))
                .collect(),
            readiness: d.readiness.as_ref().filter(|rd| done(&rd.get_ref().at)),
            deployments: d
                .deployments
                .iter()
                .filter(|x| x.get_ref().at.as_ref().is_none_or(done))
                .collect(),
            outcome,
            pir: outcome
                .and_then(|o| o.get_ref().pir.as_ref())
                .filter(|p| p.get_ref().0 <= cx.today),
        }
    }
}

/// True when a written date-time falls after the end of `--today` in the
/// calendar's zone.
pub(crate) fn after_today(cx: &Resolved, w: &When) -> bool {
    local_date(cx, w) > cx.today
}

/// One record dated after today: what it is, where its date is written,
/// and the date as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FutureRecord {
    pub what: &'static str,
    pub span: Range<usize>,
    pub written: String,
}

/// Every record of `r` (other than approvals) dated after today, in file
/// order: exactly those [`Evidence::of`] leaves out.
pub(crate) fn future_records(cx: &Resolved, r: &Release) -> Vec<FutureRecord> {
    let d = &r.def;
    let mut out = Vec::new();
    let mut when = |what: &'static str, w: &Spanned<When>| {
        if after_today(cx, w.get_ref()) {
            out.push(FutureRecord {
                what,
                span: w.span(),
                written: w.get_ref().to_string(),
            });
        }
    };
    for t in &d.tests {
        if let Some(at) = &t.get_ref().at {
            when("test run", at);
        }
    }
    for n in &d.notifications {
        when("notification", &n.get_ref().at);
    }
    if let Some(rd) = &d.readiness {
        when("readiness review", &rd.get_ref().at);
    }
    for x in &d.deployments {
        if let Some(at) = &x.get_ref().at {
            when("deployment", at);
        }
    }
    if let Some(o) = &d.outcome {
        let o = o.get_ref();
        if let Some(s) = &o.started {
            when("outcome (started)", s);
        }
        if let Some(f) = &o.finished {
            when("outcome (finished)", f);
        }
        if let Some(p) = o.pir.as_ref().filter(|p| p.get_ref().0 > cx.today) {
            out.push(FutureRecord {
                what: "post-implementation review",
                span: p.span(),
                written: p.get_ref().to_string(),
            });
        }
    }
    out.sort_by_key(|f| f.span.start);
    out
}

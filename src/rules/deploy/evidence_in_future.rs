//! A record of something done is dated after today
//!
//! ## What it does
//! Reports every test run, notification, readiness review, deployment,
//! outcome (`started`, `finished`) and post-implementation review (`pir`)
//! dated after the end of `--today` in the calendar's zone (default: today).
//! Such a record has not happened yet, so no rule counts it: a readiness
//! review next week is no readiness review, a deployment next week is no
//! deployment, and `trainyard promote` refuses to move the release on it.
//! Approvals dated after today are `approval-time-invalid`'s.
//!
//! ## Why
//! The release record is the audit trail of what was done. Writing a planned
//! step as done makes the record claim a check that has not happened, and lets
//! a release pass a gate before its evidence exists.
//!
//! ## Example
//! ```toml
//! stage = "deploy"
//! [window]
//! start = 2030-03-16T20:00:00
//! duration = "2h"
//! [readiness]
//! at = 2030-03-15T14:00:00   # today is 2030-03-10: not held yet
//! go = true
//! ```
//!
//! Use instead: leave the record out until the review has been held, then
//! write when it was held:
//! ```toml
//! stage = "stage"
//! [window]
//! start = 2030-03-16T20:00:00
//! duration = "2h"
//! ```

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::resolve::Resolved;
use crate::rules::evidence::future_records;

pub(super) fn check(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    for rec in future_records(cx, r) {
        out.push(
            Finding::new(
                Rule::EvidenceInFuture,
                r.file,
                rec.span,
                format!(
                    "this {} is dated {}, after today ({}); a record of something done counts only once it has happened",
                    rec.what, rec.written, cx.today
                ),
            )
            .help(format!(
                "write the date the {} actually happened, or remove it until it has; until then it satisfies no entry criterion",
                rec.what
            ))
            .release(r.id()),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::deploy::check;
    use crate::rules::fixture::{line_of, run, Fixture, GOOD};

    #[test]
    fn a_deployment_after_today_is_reported_and_does_not_count() {
        // The fixture runs on 2026-03-20; the production deployment moves
        // a week ahead.
        let text = GOOD.replace("at = 2026-03-14T20:05:00", "at = 2026-03-27T20:05:00");
        let seen = run(&Fixture::new().release(&text), check);
        let rules: Vec<&str> = seen.iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["evidence-in-future"], "{seen:#?}");
        assert_eq!(
            seen[0].line,
            line_of(&text, "environment = \"production\"", "at =")
        );
        assert_eq!(
            seen[0].message,
            "this deployment is dated 2026-03-27T20:05:00, after today (2026-03-20); a record of something done counts only once it has happened"
        );
    }

    #[test]
    fn an_outcome_after_today_is_no_outcome() {
        let text = GOOD.replace(
            "finished = 2026-03-14T21:50:00",
            "finished = 2026-03-21T01:00:00",
        );
        let seen = run(&Fixture::new().release(&text), check);
        let rules: Vec<&str> = seen.iter().map(|f| f.rule).collect();
        assert_eq!(
            rules,
            ["missing-outcome", "evidence-in-future"],
            "{seen:#?}"
        );
        assert!(seen[0].message.contains("dated after today"), "{seen:#?}");
    }
}

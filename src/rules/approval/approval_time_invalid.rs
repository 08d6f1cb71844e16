//! An approval is dated after the window start (for gates up to deploy) or after today
//!
//! ## What it does
//! Reports an `[[approvals]]` entry for a gate up to `deploy` whose `at` is
//! at or after the window start, and any approval dated after `--today`
//! (default: today in the calendar's zone). Times are compared as instants:
//! local date-times in the calendar's zone.
//!
//! ## Why
//! An approval to build, test, stage or deploy given after the deployment
//! began approved nothing. An approval in the future has not happened yet:
//! record it when it is given.
//!
//! ## Example
//! ```toml
//! [window]
//! start = 2026-03-14T20:00:00
//!
//! [[approvals]]
//! gate = "deploy"
//! role = "service-owner"
//! by = "carol"
//! at = 2026-03-15T09:00:00
//! ```
//!
//! Use instead: the time the approval was actually given, before the window:
//! ```toml
//! [[approvals]]
//! gate = "deploy"
//! role = "service-owner"
//! by = "carol"
//! at = 2026-03-12T16:00:00
//! ```

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::{Approval, Stage};
use crate::resolve::Resolved;
use crate::rules::criteria::local_date;

pub(super) fn check(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    for a in &r.def.approvals {
        timing(cx, r, a.get_ref(), out);
    }
}

fn timing(cx: &Resolved, r: &Release, a: &Approval, out: &mut Vec<Finding>) {
    let gate = *a.gate.get_ref();
    let at = a.at.get_ref();
    let finding = |message: String, help: String| {
        Finding::new(Rule::ApprovalTimeInvalid, r.file, a.at.span(), message)
            .help(help)
            .release(r.id())
    };
    if local_date(cx, at) > cx.today {
        out.push(finding(
            format!(
                "this {gate} approval is dated {at}, after today ({}); an approval is recorded once it is given",
                cx.today
            ),
            "write the date and time the approval was given, or remove the entry until it is".into(),
        ));
        return;
    }
    if !(Stage::Build..=Stage::Deploy).contains(&gate) {
        return;
    }
    let Some(w) = &r.def.window else { return };
    let start = w.get_ref().start.get_ref();
    if let (Some(a_t), Some(w_t)) = (cx.instant(at), cx.instant(start)) {
        if a_t >= w_t {
            out.push(
                finding(
                    format!(
                        "this {gate} approval is dated {at}, not before the window start {start}; an approval to enter {gate} comes before the deployment"
                    ),
                    format!(
                        "write when the approval was actually given (before {start}); an approval given late needs an [[exceptions]] entry for approval-time-invalid"
                    ),
                )
                .label(w.get_ref().start.span(), "the window starts here"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::approval::check;
    use crate::rules::fixture::{line_of, run, run_on, Fixture, GOOD};

    #[test]
    fn approvals_come_before_the_window_and_today() {
        let text = GOOD.replace("at = 2026-03-12T16:00:00", "at = 2026-03-14T20:00:00");
        let seen = run(&Fixture::new().release(&text), check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].rule, "approval-time-invalid");
        assert_eq!(seen[0].line, line_of(&text, "gate = \"deploy\"", "at ="));
        assert!(seen[0].message.starts_with(
            "this deploy approval is dated 2026-03-14T20:00:00, not before the window start"
        ));
        let future = GOOD.replace("at = 2026-03-12T16:00:00", "at = 2026-03-11T16:00:00");
        let seen = run_on(&Fixture::new().release(&future), "2026-03-10", check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert!(seen[0].message.contains("after today (2026-03-10)"));
    }
}

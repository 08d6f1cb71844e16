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

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::Stage;
use crate::resolve::Resolved;
use crate::rules::criteria::{due, local_date, window_start};
use crate::rules::evidence::Evidence;
use crate::words::plural;

/// Without an `[outcome]` there is no review to check: missing-outcome
/// reports that.
pub(super) fn check(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    let Some(due) = due(cx, r, Stage::Close) else {
        return;
    };
    let ev = Evidence::of(cx, r);
    let Some(outcome) = ev.outcome else {
        return;
    };
    let Some(days) = due
        .policy
        .and_then(|p| p.close.pir_business_days.as_ref())
        .map(|d| *d.get_ref())
    else {
        return;
    };
    let Some(start) = window_start(r) else { return };
    let window_day = local_date(cx, start);
    let Some(deadline) = cx.business.add(window_day, i64::from(days)) else {
        return;
    };
    let kind = due.kind();
    let finding = |span, message: String, help: String| {
        Finding::new(Rule::MissingPir, r.file, span, message)
            .help(help)
            .release(r.id())
    };
    // A review dated after today has not been held (evidence-in-future).
    match ev.pir {
        None => out.push(finding(
            outcome.span(),
            format!(
                "{} a post-implementation review within {} of the window ({kind} policy); {}",
                due.needs(),
                plural(days, "business day"),
                if outcome.get_ref().pir.is_some() {
                    "the `pir` under [outcome] is after today, so the review has not been held yet"
                } else {
                    "[outcome] has no `pir`"
                }
            ),
            format!(
                "hold the review by {deadline}; once it has been held, write the day it was held under [outcome] in {}:\npir = YYYY-MM-DD",
                cx.repo.path(r.file)
            ),
        )),
        Some(p) if p.get_ref().0 > deadline => out.push(finding(
            p.span(),
            format!(
                "{} a post-implementation review within {} of the window on {window_day} ({kind} policy), by {deadline}; pir = {} is later",
                due.needs(),
                plural(days, "business day"),
                p.get_ref()
            ),
            format!("hold the review by {deadline}; a later one needs an [[exceptions]] entry for missing-pir"),
        )),
        Some(p) if p.get_ref().0 < window_day => out.push(finding(
            p.span(),
            format!(
                "the post-implementation review on {} is before the window on {window_day}; it reviews the deployment, so it comes after",
                p.get_ref()
            ),
            format!("write the date the review was held, between {window_day} and {deadline}"),
        )),
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::deploy::check;
    use crate::rules::fixture::{line_of, run, run_on, Fixture, GOOD, MAJOR};

    #[test]
    fn close_needs_a_review_in_time() {
        let major = GOOD
            .replace("type = \"minor\"", "type = \"major\"")
            .replace(
                "[[approvals]]\ngate = \"deploy\"",
                "[[approvals]]\ngate = \"deploy\"\nrole = \"cab\"\nby = \"dave\"\nat = 2026-03-12T17:00:00\n\n[[approvals]]\ngate = \"deploy\"",
            );
        let fx = Fixture::new()
            .release(&major)
            .file("policies/major.toml", MAJOR);
        let seen = run(&fx, check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].rule, "missing-pir");
        assert_eq!(seen[0].line, line_of(&major, "", "[outcome]"));
        assert_eq!(
            seen[0].help,
            "hold the review by 2026-03-20; once it has been held, write the day it was held under [outcome] in releases/REL-2026-03-001/release.toml:\npir = YYYY-MM-DD"
        );
        let late = major.replace(
            "finished = 2026-03-14T21:50:00",
            "finished = 2026-03-14T21:50:00\npir = 2026-03-23",
        );
        // Seen once the late review has been held.
        let seen = run_on(&Fixture::new().release(&late), "2026-03-25", check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert!(
            seen[0].message.contains("by 2026-03-20"),
            "{}",
            seen[0].message
        );
        let ok = major.replace(
            "finished = 2026-03-14T21:50:00",
            "finished = 2026-03-14T21:50:00\npir = 2026-03-20",
        );
        assert!(run(&Fixture::new().release(&ok), check).is_empty());
    }
}

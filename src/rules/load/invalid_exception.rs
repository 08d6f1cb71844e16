//! An exception that cannot waive anything: unknown rule, no reason, or an approver without cab
//!
//! ## What it does
//! Checks each `[[exceptions]]` entry of a release. An exception waives its rule
//! for that release only when it names a real rule, gives a `reason`, and is
//! `approved_by` a person holding the `cab` role. One that lacks any of these
//! waives nothing, and this warning says why.
//!
//! ## Why
//! An exception is a recorded decision to accept a risk. Without a reason and a
//! CAB approver it is just a way to silence the linter.
//!
//! ## Example
//! ```toml
//! [[exceptions]]
//! rule = "outside-maintenance-window"
//! approved_by = "alice"        # alice does not hold cab; no reason given
//! ```
//!
//! Use instead:
//! ```toml
//! [[exceptions]]
//! rule = "outside-maintenance-window"
//! reason = "Vendor cut-over only possible on Friday"
//! approved_by = "dave"         # holds cab in policies/people.toml
//! ```

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::resolve::Resolved;

/// Whether an exception may waive its rule.
pub(crate) enum Validity {
    /// It may: it names this rule, gives a reason, has a cab approver and
    /// has not lapsed.
    Valid(Rule),
    /// Its `until` has passed: it waives nothing, and nothing is reported.
    Lapsed,
    /// It cannot waive anything; the invalid-exception finding says why.
    Invalid(Finding),
}

/// invalid-exception for exception `i` of `r`. Run by the waivers
/// (`crate::rules::waivers`) after every other rule, so that it is never
/// itself waived.
pub(crate) fn check(cx: &Resolved, r: &Release, i: usize) -> Validity {
    let e = r.def.exceptions[i].get_ref();
    let rule = e.rule.get_ref();
    let bad = |span: std::ops::Range<usize>, msg: String, help: String| {
        Validity::Invalid(
            Finding::new(Rule::InvalidException, r.file, span, msg)
                .help(help)
                .release(r.id()),
        )
    };
    let Some(named) = Rule::from_name(rule) else {
        let help = match Rule::suggest(rule) {
            Some(s) => format!("did you mean `{s}`? `trainyard explain` lists the rules"),
            None => "`trainyard explain` lists the rules".to_string(),
        };
        return bad(
            e.rule.span(),
            format!("the exception names `{rule}`, which is not a rule"),
            help,
        );
    };
    let reason_ok = e
        .reason
        .as_ref()
        .is_some_and(|s| !s.get_ref().trim().is_empty());
    if !reason_ok {
        let span = e.reason.as_ref().map_or(e.rule.span(), |s| s.span());
        return bad(
            span,
            format!("the exception for `{rule}` gives no reason, so it waives nothing"),
            "add `reason = \"…\"` saying why the release may break this rule".into(),
        );
    }
    let Some(approver) = &e.approved_by else {
        return bad(
            e.rule.span(),
            format!("the exception for `{rule}` has no approver, so it waives nothing"),
            "add `approved_by = \"…\"` naming a person who holds the cab role".into(),
        );
    };
    match cx.person(approver.get_ref()) {
        Some(p) if p.has_role("cab") => {}
        Some(_) => return bad(
            approver.span(),
            format!(
                "{} does not hold cab, so the exception for `{rule}` waives nothing",
                approver.get_ref()
            ),
            "an exception needs the approval of a person with the cab role in policies/people.toml"
                .into(),
        ),
        None => {
            return bad(
                approver.span(),
                format!(
                "`{}` is not in policies/people.toml, so the exception for `{rule}` waives nothing",
                approver.get_ref()
            ),
                "name a person who holds the cab role".into(),
            )
        }
    }
    if let Some(until) = &e.until {
        if until.get_ref().0 < cx.today {
            return Validity::Lapsed;
        }
    }
    Validity::Valid(named)
}

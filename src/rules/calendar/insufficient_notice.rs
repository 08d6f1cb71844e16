//! Not every audience the impact needs was notified enough business days before the window
//!
//! ## What it does
//! From stage `deploy` on, checks that every audience listed in
//! policies/calendar.toml `[audience].<impact>` received a `[[notifications]]`
//! entry at least `[notice].<impact>` business days before the window, and
//! before the window starts. The notice is the release type's `[notice]`
//! where its policy sets one (the shipped emergency policy: 0 for every
//! impact, so the notice is due only before the window opens), else the
//! calendar's. A notification dated after today has not been sent and counts
//! for nothing (`evidence-in-future`). The message lists the audiences that
//! are missing and those notified late, and the deadline; the help says to
//! send the notice when there is still time, or to move the window when
//! there is not.
//!
//! Counting: a notification sent on day S gives the business days d with
//! S <= d < W, where W is the local date the window starts: the day it is sent
//! counts (when it is a business day), the day of the window does not.
//! Business days are Monday to Friday less `[[holidays]]`. So the deadline is
//! the N-th business day before W:
//!
//! * notice 3, window Saturday 16 March 2030: Wed 13, Thu 14 and Fri 15 count;
//!   the deadline is Wednesday 13 March;
//! * notice 3, window Tuesday 19 March: Thu 14, Fri 15 and Mon 18 count (the
//!   weekend does not); the deadline is Thursday 14 March;
//! * the same with Monday 18 March a holiday: the deadline is Wednesday 13.
//!
//! Before stage `deploy` the rule warns instead, once today is past the
//! deadline and an audience still lacks a timely notice: the window cannot be
//! kept without breaking the rule later.
//!
//! When `[audience]` names nobody for the impact, any notification counts.
//!
//! ## Why
//! Users, support and partners plan around outages; the release procedure
//! sets the notice by impact (high 5, medium 3, low 1 business days).
//!
//! ## Example
//! ```toml
//! impact = "medium"    # notice 3 business days, audience affected-users, support
//! [window]
//! start = 2030-03-19T20:00:00   # Tuesday
//! duration = "2h"
//! [[notifications]]
//! at = 2030-03-15T09:00:00      # Friday: only Fri and Mon count
//! audience = ["affected-users"]
//! ```
//!
//! Use instead:
//! ```toml
//! [[notifications]]
//! at = 2030-03-14T09:00:00      # Thursday, the deadline
//! audience = ["affected-users", "support"]
//! ```

use chrono::NaiveDate;

use super::window_words::window_words;
use crate::calendar::earliest_window_day;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::load::Release;
use crate::model::{Impact, Stage};
use crate::resolve::Resolved;
use crate::rules::evidence::Evidence;
use crate::time::{self, Interval};
use crate::words::{and_list, plural};

/// insufficient-notice for one release with a window: owed from stage
/// `deploy` on, a warning earlier once the notice deadline has passed.
pub(super) fn check(cx: &Resolved, r: &Release, w: &Interval, out: &mut Vec<Finding>) {
    let stage = *r.def.stage.get_ref();
    if stage.reached(Stage::Deploy) {
        notice(cx, r, w, true, out);
    } else if stage.is_live() {
        notice(cx, r, w, false, out);
    }
}

/// The notice in business days (the release type's, else the calendar's)
/// and the audiences an impact needs.
fn needs<'a>(cx: &Resolved<'a>, r: &Release, impact: Impact) -> (u32, Vec<&'a str>) {
    let cal = &cx.repo.calendar.def;
    let list = match impact {
        Impact::High => &cal.audience.high,
        Impact::Medium => &cal.audience.medium,
        Impact::Low => &cal.audience.low,
    };
    (
        cx.notice_days(r.def.kind.get_ref(), impact),
        list.iter().map(|a| a.get_ref().as_str()).collect(),
    )
}

/// One notification: its local date, instant, the span of its `at`, and
/// its audiences.
type Sent<'a> = (
    NaiveDate,
    chrono::DateTime<chrono::Utc>,
    std::ops::Range<usize>,
    Vec<&'a str>,
);

/// How one audience was (or was not) notified.
enum Notice {
    /// In time.
    Ok,
    /// Only after the deadline: the earliest send, its span, and the
    /// business days it gave.
    Late(NaiveDate, std::ops::Range<usize>, i64),
    /// Never.
    Missing,
}

/// The check for one release: `owed` from stage `deploy` on, an early
/// warning before it.
fn notice(cx: &Resolved, r: &Release, w: &Interval, owed: bool, out: &mut Vec<Finding>) {
    let impact = *r.def.impact.get_ref();
    let (n, audiences) = needs(cx, r, impact);
    let window_day = cx.local_date(w.start);
    let Some(deadline) = cx.business.deadline_before(window_day, n) else {
        return;
    };
    // Early warning: only once the deadline has passed and the window has
    // not.
    let too_late = cx.today > deadline && cx.today <= window_day;
    if !owed && !too_late {
        return;
    }
    // A notification dated after today has not been sent.
    let sent: Vec<Sent> = Evidence::of(cx, r)
        .notifications
        .into_iter()
        .filter_map(|nt| {
            let nt = nt.get_ref();
            let at = cx.instant(nt.at.get_ref())?;
            let who = nt
                .audience
                .get_ref()
                .iter()
                .map(|a| a.get_ref().as_str())
                .collect();
            Some((cx.local_date(at), at, nt.at.span(), who))
        })
        .collect();
    let status = |audience: Option<&str>| -> Notice {
        let mut matching: Vec<_> = sent
            .iter()
            .filter(|(_, _, _, who)| audience.is_none_or(|a| who.contains(&a)))
            .collect();
        if matching
            .iter()
            .any(|(day, at, _, _)| *day <= deadline && *at <= w.start)
        {
            return Notice::Ok;
        }
        matching.sort_by_key(|(day, at, _, _)| (*day, *at));
        match matching.first() {
            Some((day, _, span, _)) => Notice::Late(
                *day,
                span.clone(),
                cx.business.notice_days(*day, window_day),
            ),
            None => Notice::Missing,
        }
    };
    let checks: Vec<(Option<&str>, Notice)> = if audiences.is_empty() {
        vec![(None, status(None))]
    } else {
        audiences
            .iter()
            .map(|a| (Some(*a), status(Some(a))))
            .collect()
    };
    let mut missing = Vec::new();
    // (sent on, business days given, audiences)
    let mut late: Vec<(NaiveDate, i64, Vec<String>)> = Vec::new();
    let mut first_late: Option<std::ops::Range<usize>> = None;
    for (audience, s) in checks {
        let who = audience.unwrap_or("anyone");
        match s {
            Notice::Ok => {}
            Notice::Missing => missing.push(who.to_string()),
            Notice::Late(day, span, days) => {
                match late.iter_mut().find(|(d, n, _)| *d == day && *n == days) {
                    Some((_, _, who_list)) => who_list.push(who.to_string()),
                    None => late.push((day, days, vec![who.to_string()])),
                }
                if first_late.as_ref().is_none_or(|f| span.start < f.start) {
                    first_late = Some(span);
                }
            }
        }
    }
    if missing.is_empty() && late.is_empty() {
        return;
    }
    let mut problems = Vec::new();
    if !missing.is_empty() {
        problems.push(format!("never notified: {}", and_list(&missing)));
    }
    if !late.is_empty() {
        let late: Vec<String> = late
            .iter()
            .map(|(day, days, who)| {
                format!(
                    "{} (sent {}, {} before)",
                    and_list(who),
                    time::fmt_date(*day),
                    plural(*days, "business day")
                )
            })
            .collect();
        problems.push(format!("notified late: {}", late.join("; ")));
    }
    let who = if audiences.is_empty() {
        "its audience".to_string()
    } else {
        and_list(&audiences)
    };
    let head = format!(
        "this {}-impact release needs notice to {who} at least {} before the {}, that is by {}",
        impact.as_str(),
        plural(n, "business day"),
        window_words(cx, w),
        time::fmt_date(deadline)
    );
    let (span, message, help) = if owed {
        let help = if *r.def.stage.get_ref() == Stage::Close {
            format!(
                "record in [[notifications]] the notices that went out to {who}; if none went out by {}, say so in the post-implementation review",
                time::fmt_date(deadline)
            )
        } else {
            owed_help(cx, r, n, &who, deadline, window_day)
        };
        (
            first_late.unwrap_or(r.def.impact.span()),
            format!("{head}; {}", problems.join("; ")),
            help,
        )
    } else {
        (
            first_late.unwrap_or(r.def.impact.span()),
            format!(
                "{head}, which has passed; {}",
                problems.join("; ")
            ),
            format!(
                "notify {who} now and consider moving the window{}: at stage = \"deploy\" this becomes an error",
                later_window(cx, n, r)
            ),
        )
    };
    let mut f = Finding::new(Rule::InsufficientNotice, r.file, span, message)
        .help(help)
        .release(r.id());
    if !owed {
        f.severity = Severity::Warning;
    }
    out.push(f);
}

/// The help for a release that owes the notice now. When a notice sent
/// today would still be in time, the window is not the problem: the notice
/// is, so the help says to send it and then record it. Otherwise the
/// deadline has passed and only a later window (or a notice that did go out
/// but was not recorded) can fix it.
fn owed_help(
    cx: &Resolved,
    r: &Release,
    n: u32,
    who: &str,
    deadline: NaiveDate,
    window_day: NaiveDate,
) -> String {
    let deadline = time::fmt_date(deadline);
    match earliest_window_day(&cx.business, cx.today, n) {
        Some(d) if d > window_day => format!(
            "the deadline has passed: move the window{}; if the notice did go out to {who} by {deadline}, record it in [[notifications]] with the time it was sent",
            later_window(cx, n, r)
        ),
        _ => format!(
            "send the notice to {who} by {deadline}, then record it in [[notifications]] with the time it was sent"
        ),
    }
}

/// ` to Tue 19 Mar 2030 or later (`trainyard slots ID`)`.
fn later_window(cx: &Resolved, n: u32, r: &Release) -> String {
    match earliest_window_day(&cx.business, cx.today, n) {
        Some(d) => format!(
            " to {} or later (`trainyard slots {}` lists legal windows)",
            time::fmt_date(d),
            r.id()
        ),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::calendar::check;
    use crate::rules::fixture::{only, run_on, Fixture, CALENDAR, GOOD};

    /// The fixture calendar with the shipped notice and audiences.
    fn calendar() -> String {
        format!("{CALENDAR}\n[notice]\nhigh = 5\nmedium = 3\nlow = 1\n\n[audience]\nmedium = [\"affected-users\"]\nhigh = [\"all-users\"]\n")
    }

    /// GOOD at stage deploy with its window on `start`, no outcome.
    fn deploying(kind: &str, impact: &str, start: &str) -> String {
        let end = GOOD.find("[outcome]").unwrap();
        GOOD[..end]
            .replace("stage = \"close\"", "stage = \"deploy\"")
            .replace("type = \"minor\"", &format!("type = \"{kind}\""))
            .replace("impact = \"medium\"", &format!("impact = \"{impact}\""))
            .replace("start = 2026-03-14T20:00:00", &format!("start = {start}"))
    }

    #[test]
    fn a_window_far_enough_ahead_asks_for_the_notice_not_a_later_window() {
        let text = deploying("minor", "medium", "2026-12-15T20:00:00");
        let fx = Fixture::new()
            .file("policies/calendar.toml", &calendar())
            .release(&text);
        let seen = only(run_on(&fx, "2026-12-01", check), "insufficient-notice");
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(
            seen[0].help,
            "send the notice to affected-users by Thu 10 Dec 2026, then record it in [[notifications]] with the time it was sent"
        );
        // Notified a day before: too late, and the help moves the window.
        let late = text.replacen(
            "[[deployments]]",
            "[[notifications]]\nat = 2026-12-14T09:00:00\naudience = [\"affected-users\"]\n\n[[deployments]]",
            1,
        );
        let fx = Fixture::new()
            .file("policies/calendar.toml", &calendar())
            .release(&late);
        let seen = only(run_on(&fx, "2026-12-14", check), "insufficient-notice");
        assert!(
            seen[0]
                .message
                .contains("(sent Mon 14 Dec 2026, 1 business day before)"),
            "{seen:#?}"
        );
        assert!(
            seen[0]
                .help
                .starts_with("the deadline has passed: move the window to "),
            "{seen:#?}"
        );
    }

    #[test]
    fn a_policy_notice_overrides_the_calendar() {
        let fx = |policy: &str| {
            Fixture::new()
                .file("policies/calendar.toml", &calendar())
                .file("policies/emergency.toml", policy)
                .release(
                    &deploying("emergency", "high", "2026-12-01T22:00:00")
                        .replace("rationale =", "incident = \"INC-1\"\nrationale ="),
                )
        };
        let bare = "require_incident = true\nskip_stages = [\"stage\"]\n[approvals]\ndeploy = [\"service-owner\"]\n";
        let notified = |p: &str| {
            fx(p).release(
                &deploying("emergency", "high", "2026-12-01T22:00:00")
                    .replace("rationale =", "incident = \"INC-1\"\nrationale =")
                    .replacen(
                        "[[deployments]]",
                        "[[notifications]]\nat = 2026-12-01T21:00:00\naudience = [\"all-users\"]\n\n[[deployments]]",
                        1,
                    ),
            )
        };
        let seen = only(
            run_on(&notified(bare), "2026-12-01", check),
            "insufficient-notice",
        );
        assert_eq!(seen.len(), 1, "the calendar's 5 days apply: {seen:#?}");
        let zero = format!("{bare}\n[notice]\nhigh = 0\nmedium = 0\nlow = 0\n");
        let seen = only(
            run_on(&notified(&zero), "2026-12-01", check),
            "insufficient-notice",
        );
        assert!(seen.is_empty(), "{seen:#?}");
        // The notification is still owed, before the window opens.
        let seen = only(
            run_on(&fx(&zero), "2026-12-01", check),
            "insufficient-notice",
        );
        assert_eq!(seen.len(), 1, "{seen:#?}");
    }
}

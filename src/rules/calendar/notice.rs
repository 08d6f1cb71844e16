//! Time before the window: insufficient-notice (notifications to the
//! audiences the impact needs, early enough in business days) and
//! missing-readiness-review (a go decision long enough before the window).

use chrono::{NaiveDate, TimeDelta};

use super::{and_list, plural, window_words, Calendar};
use crate::calendar::earliest_window_day;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::load::Release;
use crate::model::{Impact, Stage};
use crate::resolve::Resolved;
use crate::time::{self, format_duration, Interval};

/// The notice in business days and the audiences an impact needs.
fn needs<'a>(cx: &Resolved<'a>, impact: Impact) -> (u32, Vec<&'a str>) {
    let cal = &cx.repo.calendar.def;
    let (n, list) = match impact {
        Impact::High => (&cal.notice.high, &cal.audience.high),
        Impact::Medium => (&cal.notice.medium, &cal.audience.medium),
        Impact::Low => (&cal.notice.low, &cal.audience.low),
    };
    (
        n.as_ref().map_or(0, |n| *n.get_ref()),
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

/// Both rules for one release with a window.
pub(super) fn check(cal: &Calendar, r: &Release, w: &Interval, out: &mut Vec<Finding>) {
    let stage = *r.def.stage.get_ref();
    if stage.reached(Stage::Deploy) {
        notice(cal.cx, r, w, true, out);
        readiness(cal.cx, r, w, out);
    } else if stage.is_live() {
        notice(cal.cx, r, w, false, out);
    }
}

fn notice(cx: &Resolved, r: &Release, w: &Interval, owed: bool, out: &mut Vec<Finding>) {
    let impact = *r.def.impact.get_ref();
    let (n, audiences) = needs(cx, impact);
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
    let sent: Vec<Sent> = r
        .def
        .notifications
        .iter()
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
            format!(
                "record the notice in [[notifications]] sent by {} to {who}, or move the window{}",
                time::fmt_date(deadline),
                later_window(cx, n, r)
            )
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

fn readiness(cx: &Resolved, r: &Release, w: &Interval, out: &mut Vec<Finding>) {
    let hours = cx
        .repo
        .calendar
        .def
        .readiness_hours
        .as_ref()
        .map_or(24, |h| *h.get_ref());
    let lead = TimeDelta::try_hours(i64::from(hours)).unwrap_or(TimeDelta::zero());
    let by = w.start.checked_sub_signed(lead).unwrap_or(w.start);
    let window = window_words(cx, w);
    let finding = |span, message: String, help: String| {
        Finding::new(Rule::MissingReadinessReview, r.file, span, message)
            .help(help)
            .release(r.id())
    };
    let Some(review) = &r.def.readiness else {
        out.push(finding(
            r.def.stage.span(),
            format!(
                "stage = \"{}\" needs a readiness review with a go decision at least {} before the {window}; none is recorded",
                r.def.stage.get_ref(),
                plural(hours, "hour")
            ),
            format!(
                "hold the review by {} and add:\n[readiness]\nat = {}\ngo = true",
                cx.fmt_local(by),
                time::to_local(cx.tz, by)
                    .map_or_else(|| by.to_rfc3339(), |t| t.format("%Y-%m-%dT%H:%M:%S").to_string())
            ),
        ));
        return;
    };
    let review = review.get_ref();
    if let Some(at) = cx.instant(review.at.get_ref()) {
        if at > by {
            let gap = w.start - at;
            let when = if gap <= TimeDelta::zero() {
                format!("{} after the window opened", format_duration(-gap))
            } else {
                format!("only {} before the window opened", format_duration(gap))
            };
            out.push(finding(
                review.at.span(),
                format!(
                    "the readiness review at {} was held {when}; it must be held at least {} before the {window}, by {}",
                    cx.fmt_local(at),
                    plural(hours, "hour"),
                    cx.fmt_local(by)
                ),
                "hold the review earlier next time; for this release hold it again in time, or move the window".to_string(),
            ));
        }
    }
    if !*review.go.get_ref() {
        out.push(finding(
            review.go.span(),
            format!("the readiness review decided no-go (go = false), so the release cannot deploy in the {window}"),
            "fix what the review found and record a new review with go = true, or move the release back to stage = \"build\" or cancel it".to_string(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::BusinessDays;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn earliest_day_for_a_notice_sent_today() {
        let cal = BusinessDays::default();
        // Friday counts: a Saturday window gets one business day's notice.
        assert_eq!(
            earliest_window_day(&cal, d(2030, 3, 15), 1),
            Some(d(2030, 3, 16))
        );
        // From Saturday the first business day is Monday: window Tuesday.
        assert_eq!(
            earliest_window_day(&cal, d(2030, 3, 16), 1),
            Some(d(2030, 3, 19))
        );
        // Three days from Wednesday: Wed, Thu, Fri, so Saturday.
        assert_eq!(
            earliest_window_day(&cal, d(2030, 3, 13), 3),
            Some(d(2030, 3, 16))
        );
        assert_eq!(
            earliest_window_day(&cal, d(2030, 3, 13), 0),
            Some(d(2030, 3, 13))
        );
        // Across a holiday (Monday 18 March).
        let cal = BusinessDays::new([d(2030, 3, 18)]);
        assert_eq!(
            earliest_window_day(&cal, d(2030, 3, 14), 3),
            Some(d(2030, 3, 20))
        );
        for (today, n) in [
            (d(2030, 3, 14), 3u32),
            (d(2030, 3, 16), 5),
            (d(2030, 3, 15), 1),
        ] {
            let day = earliest_window_day(&cal, today, n).unwrap();
            assert!(cal.notice_days(today, day) >= i64::from(n));
            assert!(cal.notice_days(today, day.pred_opt().unwrap()) < i64::from(n));
        }
    }
}

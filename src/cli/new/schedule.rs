//! What `new` prints about time: the policy's timeline backward from the
//! window, and the next legal windows when the one asked for is refused.

use std::fmt::Write;

use crate::model::{Impact, Policy, Stage};
use crate::rules;

/// The next legal windows for the draft, as `--window` values to retry with.
pub(super) fn suggest_windows(
    out: &mut String,
    cx: &crate::resolve::Resolved,
    id: &str,
    duration: &str,
) {
    use crate::calendar::slots::{find, SlotOptions};
    let Some(r) = cx.repo.release(id) else { return };
    // Near the day asked for, not from today.
    let opts = SlotOptions {
        count: 3,
        after: rules::criteria::window_start(r).map(|w| w.date()),
        ..SlotOptions::default()
    };
    let Ok(search) = find(cx, r, &opts) else {
        return;
    };
    if search.slots.is_empty() {
        return;
    }
    let _ = writeln!(out, "The next legal windows of {duration}:");
    for slot in &search.slots {
        let Some(local) = crate::time::to_local(cx.tz, slot.interval.start) else {
            continue;
        };
        let _ = writeln!(
            out,
            "  --window \"{}\"   {}",
            local.format("%Y-%m-%d %H:%M"),
            cx.fmt_span(&slot.interval)
        );
    }
}

/// The policy's timeline, backward from the window: when each stage must
/// be done, the notice and the readiness review.
pub(super) fn timeline(
    out: &mut String,
    cx: &crate::resolve::Resolved,
    id: &str,
    policy: &Policy,
    kind: &str,
) {
    let repo = cx.repo;
    let Some(r) = repo.release(id) else { return };
    let Some(iv) = cx.window(r) else { return };
    let day = cx.local_date(iv.start);
    let _ = writeln!(
        out,
        "\nSchedule of {} {kind} release for the window {}:",
        crate::words::article(kind),
        cx.fmt_span(&iv)
    );
    let skips = policy.skips();
    for stage in [Stage::Plan, Stage::Build, Stage::Test, Stage::Stage] {
        if skips.contains(&stage) {
            let _ = writeln!(out, "  {:<8} skipped by the {kind} policy", stage.as_str());
            continue;
        }
        if let Some(n) = policy.schedule.days_before(stage) {
            let by = rules::criteria::days_before(day, n);
            let late = if by < cx.today {
                "  (already past)"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  {:<8} done by {} ({n} days before){late}",
                stage.as_str(),
                crate::time::fmt_date(by)
            );
        }
    }
    let cal = &repo.calendar.def;
    let impact = *r.def.impact.get_ref();
    // The release type's own notice and readiness lead, else the calendar's.
    let notice = Some(cx.notice_days(r.def.kind.get_ref(), impact));
    let audience: Vec<&str> = match impact {
        Impact::High => &cal.audience.high,
        Impact::Medium => &cal.audience.medium,
        Impact::Low => &cal.audience.low,
    }
    .iter()
    .map(|a| a.get_ref().as_str())
    .collect();
    if let Some(n) = notice {
        if let Some(by) = cx.business.deadline_before(day, n) {
            let to = if audience.is_empty() {
                String::new()
            } else {
                format!(" to {}", audience.join(", "))
            };
            let before = match n {
                0 => "no advance notice needed".to_string(),
                n => format!("{} before", crate::words::plural(n, "business day")),
            };
            let _ = writeln!(
                out,
                "  notice   sent{to} by {} ({before}, {} impact)",
                crate::time::fmt_date(by),
                impact.as_str()
            );
        }
    }
    {
        let h = cx.readiness_hours(r);
        let at = iv.start - chrono::TimeDelta::hours(i64::from(h));
        let lead = match h {
            0 => "before the window opens".to_string(),
            h => format!("{h} h before"),
        };
        let _ = writeln!(
            out,
            "  readiness review with go = true by {} ({lead})",
            cx.fmt_local(at)
        );
    }
    let _ = writeln!(out, "  deploy   {}", cx.fmt_span(&iv));
}

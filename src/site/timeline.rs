//! The planned-versus-actual timeline of a release: each stage's
//! deadline from the policy's schedule, counted back from the window, and
//! when it was actually done, as the release file records it.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::clock;
use super::data::SiteData;
use super::view::Milestone;
use crate::load::Release;
use crate::model::{Policy, Stage, When};

/// Planned versus actual, from the policy's schedule and the calendar.
pub fn timeline(
    ix: &SiteData<'_>,
    r: &Release,
    policy: Option<&Policy>,
    window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    skips: &[Stage],
) -> Vec<Milestone> {
    let tz = ix.tz;
    let d = &r.def;
    let stage = *d.stage.get_ref();
    let start_day = window.map(|(s, _)| clock::to_local(tz, s).date());
    let at = |w: &When| clock::resolve(tz, w);
    let latest = |xs: Vec<DateTime<Utc>>| xs.into_iter().max();
    let approvals_at = |gate: Stage| {
        latest(
            d.approvals
                .iter()
                .map(|a| a.get_ref())
                .filter(|a| *a.gate.get_ref() == gate)
                .filter_map(|a| at(a.at.get_ref()))
                .collect(),
        )
    };
    let path = &ix.repo.environments.def.path;
    let first_turnover = path.get(1).and_then(|env| {
        d.deployments
            .iter()
            .map(|x| x.get_ref())
            .filter(|x| x.environment.get_ref() == env.get_ref())
            .filter(|x| *x.status.get_ref() == crate::model::DeployStatus::Deployed)
            .filter_map(|x| x.at.as_ref().and_then(|a| at(a.get_ref())))
            .min()
    });
    let last_test = latest(
        d.tests
            .iter()
            .filter_map(|t| t.get_ref().at.as_ref().and_then(|a| at(a.get_ref())))
            .collect(),
    );
    let schedule = policy.map(|p| &p.schedule);
    let due = |s: Stage| -> Option<NaiveDate> {
        let days = schedule?.days_before(s)?;
        start_day?.checked_sub_signed(Duration::days(i64::from(days)))
    };
    let next_after = |s: Stage| {
        Stage::LIFECYCLE
            .iter()
            .copied()
            .find(|n| n.rank() > s.rank() && !skips.contains(n))
            .unwrap_or(Stage::Close)
    };
    let mut out = Vec::new();
    let mut push =
        |name: &str, planned: Option<NaiveDate>, actual: Option<DateTime<Utc>>, done: bool| {
            out.push(milestone(ix, name, planned, actual, done, stage));
        };
    let steps: [(Stage, &str, Option<DateTime<Utc>>); 4] = [
        (
            Stage::Plan,
            "Planning complete (definition approved)",
            approvals_at(Stage::Build),
        ),
        (
            Stage::Build,
            "Build complete (package turned over to test)",
            first_turnover,
        ),
        (Stage::Test, "Testing complete", last_test),
        (
            Stage::Stage,
            "Acceptance sign-off",
            approvals_at(Stage::Deploy),
        ),
    ];
    for (s, name, actual) in steps {
        if skips.contains(&s) {
            continue;
        }
        push(name, due(s), actual, stage.reached(next_after(s)));
    }
    // The release type's own notice and readiness lead, else the calendar's.
    let notice_days = ix.cx.notice_days(d.kind.get_ref(), *d.impact.get_ref());
    let notice_due = start_day.and_then(|day| ix.cx.business.deadline_before(day, notice_days));
    let first_notice = d
        .notifications
        .iter()
        .filter_map(|n| at(n.get_ref().at.get_ref()))
        .min();
    push(
        "Deployment notice sent",
        notice_due,
        first_notice,
        first_notice.is_some(),
    );
    let readiness_hours = ix.cx.readiness_hours(r);
    let readiness_due = window
        .map(|(s, _)| clock::to_local(tz, s - Duration::hours(i64::from(readiness_hours))).date());
    let readiness = d
        .readiness
        .as_ref()
        .and_then(|x| at(x.get_ref().at.get_ref()));
    push(
        "Readiness review",
        readiness_due,
        readiness,
        readiness.is_some(),
    );
    let outcome = d.outcome.as_ref().map(|o| o.get_ref());
    let started = outcome
        .and_then(|o| o.started.as_ref())
        .and_then(|s| at(s.get_ref()));
    let finished = outcome
        .and_then(|o| o.finished.as_ref())
        .and_then(|s| at(s.get_ref()));
    push(
        "Deployment",
        start_day,
        started,
        started.is_some() || stage == Stage::Close,
    );
    out.push(duration_row(ix, window, started, finished));
    if let Some(days) = policy.and_then(|p| p.close.pir_business_days.as_ref()) {
        let pir_due = window
            .map(|(_, e)| clock::to_local(tz, e).date())
            .and_then(|day| ix.cx.business.add(day, i64::from(*days.get_ref())));
        let pir = outcome.and_then(|o| o.pir.as_ref()).map(|p| p.get_ref().0);
        out.push(milestone_day(
            ix,
            "Post-implementation review",
            pir_due,
            pir,
            pir.is_some(),
            stage,
        ));
    }
    out
}

fn milestone(
    ix: &SiteData<'_>,
    name: &str,
    planned: Option<NaiveDate>,
    actual: Option<DateTime<Utc>>,
    done: bool,
    stage: Stage,
) -> Milestone {
    let actual_day = actual.map(|a| clock::to_local(ix.tz, a).date());
    let mut m = milestone_day(
        ix,
        name,
        planned,
        actual_day,
        done || actual.is_some(),
        stage,
    );
    if let Some(a) = actual {
        m.actual = crate::time::label_instant(ix.tz, a);
    }
    m
}

fn milestone_day(
    ix: &SiteData<'_>,
    name: &str,
    planned: Option<NaiveDate>,
    actual: Option<NaiveDate>,
    done: bool,
    stage: Stage,
) -> Milestone {
    let planned_label = planned.map_or_else(|| "\u{2014}".to_string(), crate::time::fmt_date);
    let actual_label = match (actual, done) {
        (Some(a), _) => crate::time::fmt_date(a),
        (None, true) => "done (date not recorded)".to_string(),
        (None, false) => "\u{2014}".to_string(),
    };
    let (status, label) = match (actual, done, planned) {
        (Some(a), _, Some(p)) if a > p => {
            let late = (a - p).num_days();
            (
                "late",
                format!("late by {late} day{}", if late == 1 { "" } else { "s" }),
            )
        }
        (Some(_), _, Some(_)) => ("done", "on time".to_string()),
        (Some(_), _, None) | (None, true, _) => ("done", "done".to_string()),
        _ if stage == Stage::Cancelled => ("none", "cancelled".to_string()),
        (None, false, Some(p)) if p < ix.today => ("overdue", "overdue".to_string()),
        (None, false, Some(_)) => ("pending", "due".to_string()),
        (None, false, None) => ("none", "no deadline".to_string()),
    };
    Milestone {
        name: name.to_string(),
        planned: planned_label,
        actual: actual_label,
        status: status.to_string(),
        status_label: label,
    }
}

fn duration_row(
    ix: &SiteData<'_>,
    window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    started: Option<DateTime<Utc>>,
    finished: Option<DateTime<Utc>>,
) -> Milestone {
    let planned = window.map(|(s, e)| e - s);
    let actual = started
        .zip(finished)
        .map(|(s, f)| f - s)
        .filter(|d| *d >= Duration::zero());
    let (status, label) = match (planned, actual) {
        (Some(p), Some(a)) if a > p => (
            "late",
            format!("overran by {}", crate::time::fmt_length(a - p)),
        ),
        (Some(_), Some(_)) => ("done", "within the window".to_string()),
        (_, Some(_)) => ("done", "done".to_string()),
        _ => ("none", "not yet deployed".to_string()),
    };
    let _ = ix;
    Milestone {
        name: "Deployment duration".to_string(),
        planned: planned.map_or_else(|| "\u{2014}".to_string(), crate::time::fmt_length),
        actual: actual.map_or_else(|| "\u{2014}".to_string(), crate::time::fmt_length),
        status: status.to_string(),
        status_label: label,
    }
}

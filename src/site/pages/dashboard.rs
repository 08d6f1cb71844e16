//! The home page's dashboard: releases coming up and in flight, stage
//! counts, the top findings, blackouts now and next, recent transitions.

use chrono::Duration;
use serde::Serialize;

use super::stage_facets;
use crate::model::Stage;
use crate::site::calendar::{self, Mark};
use crate::site::data::SiteData;
use crate::site::view::*;
use crate::site::{clock, release};

/// How far ahead the dashboard looks.
pub const UPCOMING_DAYS: i64 = 30;
/// Findings of each severity listed on the dashboard (all are on the
/// findings page).
const DASHBOARD_FINDINGS: usize = 20;

/// The dashboard's values.
#[derive(Serialize)]
pub(super) struct Dashboard {
    upcoming_days: i64,
    upcoming: Vec<ReleaseRow>,
    in_flight: Vec<ReleaseRow>,
    stages: Vec<Facet>,
    error_count: usize,
    /// Findings waived by exceptions, which the counts leave out.
    waived_count: usize,
    warning_count: usize,
    errors: Vec<FindingView>,
    warnings: Vec<FindingView>,
    blackouts_now: Vec<Mark>,
    blackouts_next: Vec<Mark>,
    calendar_url: String,
    transitions: Vec<RecentTransition>,
    history_note: Option<String>,
}

/// Stage changes the dashboard lists.
const RECENT_TRANSITIONS: usize = 10;

pub(super) fn dashboard(ix: &SiteData<'_>) -> Dashboard {
    let today = ix.today;
    let horizon = today + Duration::days(UPCOMING_DAYS);
    let upcoming: Vec<usize> = ix
        .chronological
        .iter()
        .copied()
        .filter(|&i| *ix.repo.releases[i].def.stage.get_ref() != Stage::Cancelled)
        .filter(|&i| {
            ix.windows[i].is_some_and(|w| {
                let d = clock::to_local(ix.tz, w.0).date();
                d >= today && d <= horizon
            })
        })
        .collect();
    let in_flight: Vec<usize> = ix
        .chronological
        .iter()
        .copied()
        .filter(|&i| *ix.repo.releases[i].def.stage.get_ref() == Stage::Deploy)
        .collect();
    let pick = |sev: &str| -> Vec<FindingView> {
        ix.findings()
            .filter(|f| f.severity == sev)
            .take(DASHBOARD_FINDINGS)
            .cloned()
            .collect()
    };
    let count = |sev: &str| ix.findings().filter(|f| f.severity == sev).count();
    let months = calendar::months(ix);
    let blackouts_now = calendar::blackouts_between(ix, today, today + Duration::days(1));
    Dashboard {
        upcoming_days: UPCOMING_DAYS,
        upcoming: ix.rows_of(upcoming),
        in_flight: ix.rows_of(in_flight),
        stages: stage_facets(ix, None),
        error_count: count("error"),
        waived_count: ix.waived.values().sum(),
        warning_count: count("warning"),
        errors: pick("error"),
        warnings: pick("warning"),
        blackouts_next: {
            // A blackout already on today is listed once, under today.
            let now: Vec<(String, String)> = blackouts_now
                .iter()
                .map(|b| (b.name.clone(), b.time.clone()))
                .collect();
            calendar::blackouts_between(ix, today + Duration::days(1), horizon)
                .into_iter()
                .filter(|b| !now.contains(&(b.name.clone(), b.time.clone())))
                .collect()
        },
        blackouts_now,
        calendar_url: calendar::opening_month(ix, &months).url(),
        transitions: ix
            .history
            .map(|h| {
                h.recent(RECENT_TRANSITIONS)
                    .into_iter()
                    .filter_map(|(dir, t)| {
                        let i = ix
                            .repo
                            .releases
                            .binary_search_by(|r| r.dir.as_str().cmp(dir))
                            .ok()?;
                        Some(RecentTransition {
                            release: Link {
                                label: ix.row(i).id.clone(),
                                url: ix.row(i).url.clone(),
                            },
                            title: ix.row(i).title.clone(),
                            transition: release::transition_view(ix, t),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default(),
        history_note: ix.history_note.clone(),
    }
}

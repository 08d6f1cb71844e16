//! The policies page: the release-type matrix (approvals, tests,
//! schedule, windows and blackouts) as tables, and the calendar's rules.

use serde::Serialize;

use super::data::{slug, SiteData};
use super::period_views::views;
use super::view::PeriodView;
use crate::calendar::PeriodKind;
use crate::model::{test_levels, Impact, Stage, TEST_LEVELS};

/// One row of a matrix: a label and one cell per release type.
#[derive(Clone, Debug, Serialize)]
pub struct MatrixRow {
    pub label: String,
    pub cells: Vec<String>,
}

/// A release type's column heading.
#[derive(Clone, Debug, Serialize)]
pub struct TypeColumn {
    pub name: String,
    pub anchor: String,
    /// The releases of this type.
    pub url: String,
    pub class: String,
    pub description: Option<String>,
    pub source: String,
    pub releases: usize,
}

/// Notice and audience for one impact level.
#[derive(Clone, Debug, Serialize)]
pub struct NoticeRow {
    pub impact: String,
    pub days: Option<u32>,
    pub audience: Vec<String>,
}

/// The policies page.
#[derive(Clone, Debug, Serialize)]
pub struct PoliciesPage {
    pub types: Vec<TypeColumn>,
    pub general: Vec<MatrixRow>,
    pub approvals: Vec<MatrixRow>,
    pub tests: Vec<MatrixRow>,
    pub schedule: Vec<MatrixRow>,
    pub zone: String,
    pub readiness_hours: u32,
    pub max_concurrent: Option<u32>,
    pub notice: Vec<NoticeRow>,
    pub maintenance_windows: Vec<PeriodView>,
    pub blackouts: Vec<PeriodView>,
    pub events: Vec<PeriodView>,
    pub holidays: Vec<super::view::Fact>,
    pub environments: Vec<EnvironmentRow>,
}

/// A step of the promotion path.
#[derive(Clone, Debug, Serialize)]
pub struct EnvironmentRow {
    pub name: String,
    pub data: String,
    pub locked: bool,
    pub deployers: Vec<String>,
}

const DASH: &str = "\u{2014}";

/// Builds the policies page.
pub fn page(ix: &SiteData<'_>) -> PoliciesPage {
    let repo = ix.repo;
    let policies: Vec<(&String, &crate::model::Policy, usize)> = repo
        .policies
        .iter()
        .map(|(name, doc)| (name, &doc.def, doc.file))
        .collect();
    let types = policies
        .iter()
        .map(|(name, p, file)| TypeColumn {
            name: name.to_string(),
            anchor: format!("type-{}", slug(name)),
            url: format!("releases/by-type/{}/index.html", slug(name)),
            class: ix.type_class(name),
            description: p.description.as_ref().map(|d| d.get_ref().clone()),
            source: repo.path(*file).to_string(),
            releases: repo
                .releases
                .iter()
                .filter(|r| r.def.kind.get_ref() == *name)
                .count(),
        })
        .collect();
    let row = |label: &str, f: &dyn Fn(&crate::model::Policy) -> String| MatrixRow {
        label: label.to_string(),
        cells: policies.iter().map(|(_, p, _)| f(p)).collect(),
    };
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
    let general = vec![
        row("Must sit in a maintenance window", &|p| {
            yes_no(p.schedule.maintenance_window)
        }),
        row("Blackouts apply", &|p| yes_no(p.schedule.blackouts)),
        row("Incident reference required", &|p| {
            yes_no(p.require_incident)
        }),
        row("Stages skipped", &|p| {
            let s: Vec<&str> = p.skip_stages.iter().map(|s| s.get_ref().as_str()).collect();
            if s.is_empty() {
                "none".to_string()
            } else {
                s.join(", ")
            }
        }),
        row("Most changes in one release", &|p| {
            p.max_changes
                .as_ref()
                .map_or_else(|| "no limit".to_string(), |m| m.get_ref().to_string())
        }),
        row("Runbook sections", &|p| p.runbook_sections().join(", ")),
        // A type's own readiness hours and notice override the calendar's.
        row("Readiness review", &|p| {
            let cal = &repo.calendar.def;
            match p.readiness_hours.as_ref().or(cal.readiness_hours.as_ref()) {
                Some(h) if *h.get_ref() == 0 => "before the window opens".to_string(),
                h => format!("{} hours before the window", h.map_or(24, |h| *h.get_ref())),
            }
        }),
        row("Notice, business days (high / medium / low)", &|p| {
            let cal = &repo.calendar.def.notice;
            [Impact::High, Impact::Medium, Impact::Low]
                .map(|i| p.notice.days(i).or(cal.days(i)).unwrap_or(0).to_string())
                .join(" / ")
        }),
        row("Post-implementation review", &|p| {
            p.close.pir_business_days.as_ref().map_or_else(
                || "in the periodic PIR session".to_string(),
                |d| {
                    format!(
                        "within {}",
                        crate::words::plural(*d.get_ref(), "business day")
                    )
                },
            )
        }),
    ];
    let mut approvals = Vec::new();
    for gate in Stage::LIFECYCLE {
        if policies
            .iter()
            .any(|(_, p, _)| !p.approvals_for(gate).is_empty())
        {
            approvals.push(row(&format!("to enter {gate}"), &|p| {
                let roles = p.approvals_for(gate);
                if roles.is_empty() {
                    DASH.to_string()
                } else {
                    roles.join(" + ")
                }
            }));
        }
    }
    // Known categories in the release procedure's order, then any others by name.
    let mut categories: Vec<String> = TEST_LEVELS.iter().map(|(c, _)| c.to_string()).collect();
    let mut extra: Vec<String> = policies
        .iter()
        .flat_map(|(_, p, _)| p.tests.keys().map(|k| k.get_ref().clone()))
        .filter(|c| !categories.contains(c))
        .collect();
    extra.sort();
    extra.dedup();
    categories.extend(extra);
    let tests = categories
        .iter()
        .filter(|c| {
            policies
                .iter()
                .any(|(_, p, _)| p.tests.keys().any(|k| k.get_ref() == *c))
        })
        .map(|c| {
            let levels = test_levels(c);
            row(&format!("{c} ({})", levels.join(" < ")), &|p| {
                p.tests
                    .iter()
                    .find(|(k, _)| k.get_ref() == c)
                    .map_or_else(|| "not required".to_string(), |(_, l)| l.get_ref().clone())
            })
        })
        .collect();
    let schedule = [Stage::Plan, Stage::Build, Stage::Test, Stage::Stage]
        .into_iter()
        .map(|s| {
            row(&format!("{s} complete"), &|p| {
                if p.skips().contains(&s) {
                    "skipped".to_string()
                } else {
                    p.schedule
                        .days_before(s)
                        .map_or_else(|| DASH.to_string(), |d| format!("{d} days before"))
                }
            })
        })
        .collect();
    let cal = &repo.calendar.def;
    let audience =
        |v: &Vec<crate::model::Spanned<String>>| v.iter().map(|a| a.get_ref().clone()).collect();
    let notice = vec![
        NoticeRow {
            impact: "high".into(),
            days: cal.notice.high.as_ref().map(|d| *d.get_ref()),
            audience: audience(&cal.audience.high),
        },
        NoticeRow {
            impact: "medium".into(),
            days: cal.notice.medium.as_ref().map(|d| *d.get_ref()),
            audience: audience(&cal.audience.medium),
        },
        NoticeRow {
            impact: "low".into(),
            days: cal.notice.low.as_ref().map(|d| *d.get_ref()),
            audience: audience(&cal.audience.low),
        },
    ];
    let mut holidays: Vec<_> = cal
        .holidays
        .iter()
        .map(|h| h.get_ref())
        .map(|h| {
            (
                h.date.get_ref().0,
                super::view::Fact {
                    label: crate::time::fmt_date(h.date.get_ref().0),
                    value: h
                        .name
                        .as_ref()
                        .map_or_else(String::new, |n| n.get_ref().clone()),
                    url: None,
                },
            )
        })
        .collect();
    holidays.sort_by_key(|(d, _)| *d);
    let envs = &repo.environments.def;
    let environments = envs
        .path
        .iter()
        .map(|name| {
            let e = envs
                .environments
                .get(name.get_ref().as_str())
                .map(|e| e.get_ref());
            EnvironmentRow {
                name: name.get_ref().clone(),
                data: e
                    .and_then(|e| e.data.as_ref())
                    .map_or_else(String::new, |d| d.get_ref().clone()),
                locked: e.is_some_and(|e| e.locked),
                deployers: e
                    .map(|e| e.deployers.iter().map(|d| d.get_ref().clone()).collect())
                    .unwrap_or_default(),
            }
        })
        .collect();
    PoliciesPage {
        types,
        general,
        approvals,
        tests,
        schedule,
        zone: ix.info.zone.clone(),
        readiness_hours: cal.readiness_hours.as_ref().map_or(24, |h| *h.get_ref()),
        max_concurrent: cal.max_concurrent.as_ref().map(|m| *m.get_ref()),
        notice,
        maintenance_windows: views(ix, PeriodKind::MaintenanceWindow, None),
        blackouts: views(ix, PeriodKind::Blackout, None),
        events: views(ix, PeriodKind::Event, None),
        holidays: holidays.into_iter().map(|(_, f)| f).collect(),
        environments,
    }
}

//! The policies page: the release-type matrix (approvals, tests,
//! schedule, windows and blackouts) as tables, and the calendar's rules.

use serde::Serialize;

use super::clock;
use super::data::{slug, SiteData};
use crate::model::{test_levels, Impact, Period, Stage, TEST_LEVELS};

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

/// A period of the calendar in words.
#[derive(Clone, Debug, Serialize)]
pub struct PeriodView {
    pub name: String,
    /// `Every Saturday, 18:00–06:00` or the one-off span.
    pub when: String,
    pub rrule: Option<String>,
    pub applies: Option<String>,
    pub description: Option<String>,
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
                |d| format!("within {} business days", d.get_ref()),
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
    let periods =
        |v: &[crate::model::Spanned<Period>]| v.iter().map(|p| period(ix, p.get_ref())).collect();
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
        maintenance_windows: periods(&cal.maintenance_windows),
        blackouts: periods(&cal.blackouts),
        events: periods(&cal.events),
        holidays: holidays.into_iter().map(|(_, f)| f).collect(),
        environments,
    }
}

fn period(ix: &SiteData<'_>, p: &Period) -> PeriodView {
    let length = match (&p.duration, &p.end) {
        (Some(d), _) => clock::parse_duration(d.get_ref())
            .map(|d| format!(" for {}", crate::time::fmt_length(d))),
        (None, Some(e)) => Some(format!("\u{2013}{}", e.get_ref())),
        (None, None) => None,
    }
    .unwrap_or_default();
    let whole_day = p
        .start
        .as_ref()
        .is_some_and(|s| s.get_ref().trim() == "00:00")
        && (p
            .end
            .as_ref()
            .is_some_and(|e| matches!(e.get_ref().trim(), "24:00" | "00:00"))
            || p.duration.as_ref().is_some_and(|d| {
                clock::parse_duration(d.get_ref()) == Some(chrono::Duration::hours(24))
            }));
    let when = match (&p.rrule, &p.start, &p.from, &p.until) {
        (Some(rule), Some(_), _, _) if whole_day => {
            format!("{}, all day", describe_rrule(rule.get_ref()))
        }
        (Some(rule), Some(start), _, _) => format!(
            "{}, {}{length}",
            describe_rrule(rule.get_ref()),
            start.get_ref()
        ),
        (_, _, Some(a), Some(b)) => match (
            clock::resolve(ix.tz, a.get_ref()),
            clock::resolve(ix.tz, b.get_ref()),
        ) {
            (Some(s), Some(e)) => crate::time::label_span(ix.tz, s, e),
            _ => format!("{} to {}", a.get_ref(), b.get_ref()),
        },
        _ => "not stated".to_string(),
    };
    let applies = match (&p.exempt, &p.services) {
        (Some(ex), _) if !ex.get_ref().is_empty() => {
            let v: Vec<&str> = ex.get_ref().iter().map(|s| s.get_ref().as_str()).collect();
            Some(format!("all release types except {}", v.join(", ")))
        }
        (_, Some(sv)) => {
            let v: Vec<&str> = sv.get_ref().iter().map(|s| s.get_ref().as_str()).collect();
            Some(if v.contains(&"*") {
                "every service".to_string()
            } else {
                v.join(", ")
            })
        }
        _ => None,
    };
    PeriodView {
        name: p.name.get_ref().clone(),
        when,
        rrule: p.rrule.as_ref().map(|r| r.get_ref().clone()),
        applies,
        description: p.description.as_ref().map(|d| d.get_ref().clone()),
    }
}

/// Common RRULEs in words; anything else as written.
pub fn describe_rrule(rule: &str) -> String {
    let mut freq = None;
    let mut by_day = None;
    let mut by_month_day = None;
    let mut other = false;
    for part in rule.split(';') {
        match part.split_once('=') {
            Some(("FREQ", f)) => freq = Some(f),
            Some(("BYDAY", d)) => by_day = Some(d),
            Some(("BYMONTHDAY", d)) => by_month_day = Some(d),
            _ => other = true,
        }
    }
    let day_name = |d: &str| match d {
        "MO" => Some("Monday"),
        "TU" => Some("Tuesday"),
        "WE" => Some("Wednesday"),
        "TH" => Some("Thursday"),
        "FR" => Some("Friday"),
        "SA" => Some("Saturday"),
        "SU" => Some("Sunday"),
        _ => None,
    };
    match (other, freq, by_day, by_month_day) {
        (false, Some("DAILY"), None, None) => "Every day".to_string(),
        (false, Some("WEEKLY"), Some(days), None) => {
            let names: Option<Vec<&str>> = days.split(',').map(day_name).collect();
            names.map_or_else(
                || format!("RRULE {rule}"),
                |n| format!("Every {}", n.join(" and ")),
            )
        }
        (false, Some("MONTHLY"), None, Some(days)) => {
            format!("Monthly on days {}", days.replace(',', ", "))
        }
        _ => format!("RRULE {rule}"),
    }
}

#[cfg(test)]
mod tests {
    use super::describe_rrule;

    #[test]
    fn rrules_in_words() {
        assert_eq!(describe_rrule("FREQ=WEEKLY;BYDAY=SA"), "Every Saturday");
        assert_eq!(
            describe_rrule("FREQ=WEEKLY;BYDAY=SA,SU"),
            "Every Saturday and Sunday"
        );
        assert_eq!(
            describe_rrule("FREQ=MONTHLY;BYMONTHDAY=28,1"),
            "Monthly on days 28, 1"
        );
        assert_eq!(
            describe_rrule("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA"),
            "RRULE FREQ=WEEKLY;INTERVAL=2;BYDAY=SA"
        );
    }
}

//! The policies page: the release-type matrix (approvals, tests,
//! schedule, windows and blackouts) as tables, and the calendar's rules.

use serde::Serialize;

use super::clock;
use super::data::{slug, SiteData};
use super::periods::views;
use crate::calendar::PeriodKind;
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
    /// The services a maintenance window or blackout applies to, in words
    /// (`payments only`); `None` for every service.
    pub services: Option<String>,
    /// The zone the period is read in, when it is not the calendar's.
    pub zone: Option<String>,
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

/// A period in words. `bound` says which release types the policies bind
/// to periods of this kind (maintenance windows, blackouts); events name
/// services instead.
pub(super) fn period(
    ix: &SiteData<'_>,
    p: &Period,
    bound: Option<fn(&crate::model::Policy) -> bool>,
) -> PeriodView {
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
    let zone = p.zone(ix.tz).unwrap_or(ix.tz);
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
            clock::resolve(zone, a.get_ref()),
            clock::resolve(zone, b.get_ref()),
        ) {
            (Some(s), Some(e)) => crate::time::label_span(zone, s, e),
            _ => format!("{} to {}", a.get_ref(), b.get_ref()),
        },
        _ => "not stated".to_string(),
    };
    let applies = match (bound, &p.services) {
        (Some(bound), _) => {
            let exempt: Vec<&str> = p
                .exempt
                .as_ref()
                .map(|ex| ex.get_ref().iter().map(|s| s.get_ref().as_str()).collect())
                .unwrap_or_default();
            let (held, free): (Vec<&str>, Vec<&str>) = ix
                .repo
                .policies
                .keys()
                .map(String::as_str)
                .partition(|name| bound(&ix.repo.policies[*name].def) && !exempt.contains(name));
            Some(applies_to(&held, &free))
        }
        (None, Some(sv)) => {
            let v: Vec<&str> = sv.get_ref().iter().map(|s| s.get_ref().as_str()).collect();
            Some(if v.contains(&"*") {
                "every service".to_string()
            } else {
                v.join(", ")
            })
        }
        (None, None) => None,
    };
    PeriodView {
        name: p.name.get_ref().clone(),
        when,
        rrule: p.rrule.as_ref().map(|r| r.get_ref().clone()),
        applies,
        services: None,
        zone: (zone != ix.tz).then(|| zone.name().to_string()),
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
        (false, Some("MONTHLY"), None, Some(days)) => month_days(days).map_or_else(
            || format!("RRULE {rule}"),
            |d| {
                let mut c = d.chars();
                let first = c.next().map(|f| f.to_uppercase().to_string());
                format!("{}{}", first.unwrap_or_default(), c.as_str())
            },
        ),
        _ => format!("RRULE {rule}"),
    }
}

/// Which release types a period binds: "every release type", or
/// "major, minor and patch releases (not emergency)".
fn applies_to(bound: &[&str], free: &[&str]) -> String {
    match (bound, free) {
        (_, []) => "every release type".to_string(),
        ([], _) => "no release type".to_string(),
        _ => format!(
            "{} releases (not {})",
            crate::words::and_list(bound),
            crate::words::and_list(free)
        ),
    }
}

/// A BYMONTHDAY list in words: `1,28` is "the 1st and the 28th of each
/// month", `10,11,12` "the 10th to the 12th", `28,29,30,31,1,2` "from the
/// 28th of each month to the 2nd of the next", `-1` "the last day",
/// `-2` "the second-to-last day", `-2,-1` "the last two days". `None`
/// when a value is not a day of the month.
fn month_days(list: &str) -> Option<String> {
    let days: Vec<i32> = list
        .split(',')
        .map(|d| {
            d.trim()
                .parse()
                .ok()
                .filter(|n: &i32| (1..=31).contains(&n.abs()))
        })
        .collect::<Option<_>>()?;
    let mut from_start: Vec<u32> = days
        .iter()
        .filter(|d| **d > 0)
        .map(|d| d.unsigned_abs())
        .collect();
    from_start.sort_unstable();
    from_start.dedup();
    let mut from_end: Vec<u32> = days
        .iter()
        .filter(|d| **d < 0)
        .map(|d| d.unsigned_abs())
        .collect();
    from_end.sort_unstable();
    from_end.dedup();
    // Runs of consecutive days, e.g. [[1, 2], [28, 29, 30, 31]].
    let mut runs: Vec<Vec<u32>> = Vec::new();
    for d in from_start {
        match runs.last_mut() {
            Some(run) if run.last() == Some(&(d - 1)) => run.push(d),
            _ => runs.push(vec![d]),
        }
    }
    // One stretch over the turn of the month.
    if from_end.is_empty() && runs.len() == 2 && runs[0][0] == 1 && runs[1].last() == Some(&31) {
        return Some(format!(
            "from the {} of each month to the {} of the next",
            ordinal(runs[1][0]),
            ordinal(*runs[0].last()?)
        ));
    }
    let mut parts: Vec<String> = Vec::new();
    for run in &runs {
        if run.len() >= 3 {
            parts.push(format!(
                "the {} to the {}",
                ordinal(run[0]),
                ordinal(*run.last()?)
            ));
        } else {
            parts.extend(run.iter().map(|d| format!("the {}", ordinal(*d))));
        }
    }
    // A run 1, 2, … n from the end is "the last n days"; the rest one by one.
    let run = from_end
        .iter()
        .enumerate()
        .take_while(|(i, d)| **d as usize == i + 1)
        .count();
    if run >= 2 {
        parts.push(format!("the last {} days", number_word(run)));
    } else if run == 1 {
        parts.push("the last day".to_string());
    }
    for n in &from_end[run..] {
        parts.push(format!("the {}-to-last day", ordinal_word(*n)));
    }
    Some(format!("{} of each month", crate::words::and_list(&parts)))
}

/// `2` is "second", `3` "third"; past ten, "11th".
fn ordinal_word(n: u32) -> String {
    const WORDS: [&str; 10] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    n.checked_sub(1)
        .and_then(|i| WORDS.get(i as usize))
        .map_or_else(|| ordinal(n), |w| (*w).to_string())
}

/// `1` is "1st", `22` "22nd", `13` "13th".
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Small counts in words: `2` is "two"; past ten, digits.
fn number_word(n: usize) -> String {
    const WORDS: [&str; 9] = [
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    n.checked_sub(2)
        .and_then(|i| WORDS.get(i))
        .map_or_else(|| n.to_string(), |w| (*w).to_string())
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
            "The 1st and the 28th of each month"
        );
        assert_eq!(
            describe_rrule("FREQ=MONTHLY;BYMONTHDAY=-2,-1"),
            "The last two days of each month"
        );
        assert_eq!(
            describe_rrule("FREQ=MONTHLY;BYMONTHDAY=-1"),
            "The last day of each month"
        );
        assert_eq!(
            describe_rrule("FREQ=MONTHLY;BYMONTHDAY=-2"),
            "The second-to-last day of each month"
        );
        assert_eq!(
            describe_rrule("FREQ=MONTHLY;BYMONTHDAY=1,-3,-1"),
            "The 1st, the last day and the third-to-last day of each month"
        );
        assert_eq!(
            describe_rrule("FREQ=MONTHLY;BYMONTHDAY=28,29,30,31,1,2"),
            "From the 28th of each month to the 2nd of the next"
        );
        assert_eq!(
            describe_rrule("FREQ=MONTHLY;BYMONTHDAY=10,11,12,20"),
            "The 10th to the 12th and the 20th of each month"
        );
        assert_eq!(
            describe_rrule("FREQ=MONTHLY;BYMONTHDAY=0"),
            "RRULE FREQ=MONTHLY;BYMONTHDAY=0"
        );
        assert_eq!(
            describe_rrule("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA"),
            "RRULE FREQ=WEEKLY;INTERVAL=2;BYDAY=SA"
        );
    }
}

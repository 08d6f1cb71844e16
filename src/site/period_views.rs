//! The calendar's periods in words, for the policies page and the service
//! pages: when each one is, the release types and services it applies to,
//! and its zone.

use super::clock;
use super::data::SiteData;
use super::view::PeriodView;
use crate::calendar::PeriodKind;
use crate::model::Period;

/// Which release types the policies bind to a kind of period, by policy.
type Bound = Option<fn(&crate::model::Policy) -> bool>;

/// The periods of `kind` in words, in file order: every one, or those that
/// apply to `service`. Maintenance windows and blackouts say the release
/// types the policies bind to them and whom they apply to; events name
/// their services themselves.
pub fn views(ix: &SiteData<'_>, kind: PeriodKind, service: Option<&str>) -> Vec<PeriodView> {
    let cal = &ix.repo.calendar.def;
    let (list, bound): (_, Bound) = match kind {
        PeriodKind::MaintenanceWindow => (
            &cal.maintenance_windows,
            Some(|p| p.schedule.maintenance_window),
        ),
        PeriodKind::Blackout => (&cal.blackouts, Some(|p| p.schedule.blackouts)),
        PeriodKind::Event => (&cal.events, None),
    };
    let positions: Vec<usize> = match service {
        Some(s) => ix.scopes.applying_to(kind, s),
        None => (0..list.len()).collect(),
    };
    positions
        .into_iter()
        .filter_map(|i| list.get(i).map(|p| (i, p.get_ref())))
        .map(|(position, p)| {
            let mut view = period(ix, p, bound);
            if kind != PeriodKind::Event {
                view.services = ix.scopes.words(kind, position);
            }
            view
        })
        .collect()
}

/// A period in words. `bound` says which release types the policies bind
/// to periods of this kind (maintenance windows, blackouts); events name
/// services instead.
fn period(
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

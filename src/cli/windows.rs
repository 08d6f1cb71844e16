//! `trainyard windows`: the coming maintenance windows, blackouts and
//! events, in plain words (or JSON). Also the output helpers the calendar
//! commands (`slots`, `gate`) share.

use std::fmt::Write as _;
use std::path::Path;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use clap::Args;
use serde::Serialize;

use super::{emit, load_repo, today, Error, ExitStatus};
use crate::calendar::{CalendarIndex, InvalidPeriod, Occurrence, PeriodKind, Scope};
use crate::load::Repo;
use crate::resolve::zone;
use crate::time::{self, format_duration, Interval};
use crate::words::and_list;

/// Output of the calendar commands: for people, or for scripts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PlainFormat {
    /// Sentences for people.
    Human,
    /// A JSON document (`"version": 1`).
    Json,
}

/// Flags of `trainyard windows`.
#[derive(Debug, Args)]
pub struct WindowsArgs {
    /// The first day to list (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<NaiveDate>,
    /// How many days to list.
    #[arg(long, value_name = "N", default_value_t = 14,
          value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub days: u32,
    /// The date treated as today (default: today in the calendar's time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    /// Only the periods that apply to this service (a key in
    /// policies/services.toml): its own maintenance windows if it has
    /// any, else the organisation's, and the blackouts and events that
    /// name it or every service.
    #[arg(long, value_name = "SERVICE")]
    pub service: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlainFormat::Human)]
    pub format: PlainFormat,
}

/// An instant in UTC for JSON: `2026-11-28T18:00:00Z`.
pub(crate) fn utc_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An instant in the zone with its offset for JSON:
/// `2026-11-28T18:00:00+00:00`.
pub(crate) fn local_text(tz: Tz, t: DateTime<Utc>) -> String {
    t.with_timezone(&tz)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The service key, or an error with a suggestion.
pub(crate) fn check_service(repo: &Repo, service: &str) -> Result<(), Error> {
    let services = &repo.services.def.services;
    if services.contains_key(service) {
        return Ok(());
    }
    let hint = crate::suggest::closest(service, services.keys().map(|k| k.get_ref().as_str()))
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_else(|| {
            let all: Vec<&str> = services.keys().map(|k| k.get_ref().as_str()).collect();
            if all.is_empty() {
                "; policies/services.toml lists no services".to_string()
            } else {
                format!("; the services are {}", all.join(", "))
            }
        });
    Err(miette::miette!("unknown service `{service}`{hint}"))
}

/// The start of local day `d`, or `None` at the limits of the calendar.
pub(crate) fn day_start(tz: Tz, d: NaiveDate) -> Option<DateTime<Utc>> {
    time::resolve_local_lenient(tz, d.and_time(NaiveTime::MIN))
}

/// A note for periods the index left out, if any.
pub(crate) fn invalid_note(invalid: &[InvalidPeriod]) -> Option<String> {
    if invalid.is_empty() {
        return None;
    }
    let names: Vec<String> = invalid
        .iter()
        .map(|p| format!("{} '{}'", p.kind.as_str(), p.name))
        .collect();
    Some(format!(
        "note: left out because policies/calendar.toml could not be read there ({}); `trainyard lint` says why",
        names.join(", ")
    ))
}

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    timezone: &'a str,
    /// `--service`: only the periods that apply to it.
    service: Option<&'a str>,
    from: String,
    days: u32,
    occurrences: Vec<Item<'a>>,
    /// Holidays in these days: all day, not business days.
    holidays: Vec<Holiday<'a>>,
    invalid: Vec<Invalid<'a>>,
}

#[derive(Serialize)]
struct Holiday<'a> {
    date: String,
    name: &'a str,
}

#[derive(Serialize)]
struct Item<'a> {
    kind: &'static str,
    name: &'a str,
    start: String,
    end: String,
    start_local: String,
    end_local: String,
    text: String,
    /// The zone the period is read in.
    period_timezone: &'a str,
    /// Who the period applies to, in words: `every service`, `every
    /// service but payments`, `payments`.
    applies_to: String,
    /// Blackouts: the types it does not apply to.
    #[serde(skip_serializing_if = "Option::is_none")]
    exempt: Option<&'a [String]>,
    /// The services the period names (null: it names none, or `"*"`).
    services: Option<&'a [String]>,
    /// Maintenance windows: the blackouts that overlap it.
    #[serde(skip_serializing_if = "Option::is_none")]
    blackouts: Option<Vec<&'a str>>,
}

#[derive(Serialize)]
struct Invalid<'a> {
    kind: &'static str,
    name: &'a str,
    message: &'a str,
}

/// Lists the coming periods; always exit 0 once the repository loads.
pub fn run(root: Option<&Path>, args: &WindowsArgs) -> Result<ExitStatus, Error> {
    let repo = load_repo(root)?;
    let tz = zone(&repo);
    let from = args.from.unwrap_or_else(|| today(&repo, args.today));
    let to = from
        .checked_add_days(Days::new(u64::from(args.days)))
        .ok_or_else(|| {
            miette::miette!(
                "--from {from} with --days {} is past the end of the calendar",
                args.days
            )
        })?;
    let (Some(start), Some(end)) = (day_start(tz, from), day_start(tz, to)) else {
        return Err(miette::miette!(
            "--from {from} is outside the supported range of dates"
        ));
    };
    let range = Interval { start, end };
    let service = args.service.as_deref();
    if let Some(s) = service {
        check_service(&repo, s)?;
    }
    let index = CalendarIndex::new(&repo.calendar.def, tz, range);
    let occurrences = index.occurrences_for(&range, service);
    let holidays = crate::calendar::holidays_between(&repo.calendar.def, from, to);
    let found = Found {
        index: &index,
        service,
        occurrences: &occurrences,
        holidays: &holidays,
    };
    let text = match args.format {
        PlainFormat::Human => human(tz, from, args.days, &found),
        PlainFormat::Json => json(tz, from, args.days, &found),
    };
    emit(None, &text)?;
    Ok(ExitStatus::Success)
}

/// The blackouts overlapping a maintenance window occurrence that apply to
/// `service`, or (without one) to some service the window applies to, and
/// whether together they cover all of it.
fn blacked_out<'i>(
    index: &'i CalendarIndex,
    o: &Occurrence,
    service: Option<&str>,
) -> (Vec<Occurrence<'i>>, bool) {
    let window = index.scope(o.period);
    let mut hits = index.overlapping(PeriodKind::Blackout, &o.interval, service);
    hits.retain(|b| match index.scope(b.period) {
        Scope::Only(names) => names.iter().any(|s| window.includes(s)),
        _ => true,
    });
    let mut covered_to = o.interval.start;
    for b in &hits {
        if b.interval.start <= covered_to {
            covered_to = covered_to.max(b.interval.end);
        }
    }
    let all = !hits.is_empty() && covered_to >= o.interval.end;
    (hits, all)
}

/// The words after the time span for one occurrence: what it is, then
/// whom it applies to unless that is every service (or the one asked
/// about), then its own zone's times when not the calendar's.
fn describe(tz: Tz, found: &Found, o: &Occurrence) -> String {
    let mut s = what(found, o);
    let p = o.period;
    let scope = found.index.scope(p);
    // An event always says whom it affects (in `what`).
    // Right after the period's name, so both read as the period's, not as
    // part of a blackout clause that may follow.
    let mut about = Vec::new();
    if scope != Scope::Every && found.service.is_none() && p.kind != PeriodKind::Event {
        about.push(format!("for {}", scope.words()));
    }
    if p.tz != tz {
        about.push(format!(
            "{} {}",
            time::fmt_span(p.tz, o.interval.start, o.interval.end),
            p.tz.name()
        ));
    }
    if !about.is_empty() {
        let name = format!("'{}'", p.name);
        s = s.replacen(&name, &format!("{name} ({})", about.join("; ")), 1);
    }
    s
}

/// What an occurrence is, in words.
fn what(found: &Found, o: &Occurrence) -> String {
    let (index, p) = (found.index, o.period);
    match p.kind {
        PeriodKind::MaintenanceWindow => {
            let mut s = format!(
                "maintenance window '{}', {}",
                p.name,
                format_duration(o.interval.duration())
            );
            let offset = |t: DateTime<Utc>| t.with_timezone(&p.tz).format("%z").to_string();
            if offset(o.interval.start) != offset(o.interval.end) {
                s.push_str(" (the clocks change during it)");
            }
            let (hits, all) = blacked_out(index, o, found.service);
            if !hits.is_empty() {
                let names: Vec<String> = hits
                    .iter()
                    .map(|b| format!("'{}'", b.period.name))
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect();
                let (noun, verb) = if names.len() == 1 {
                    ("blackout", "covers")
                } else {
                    ("blackouts", "cover")
                };
                let names = and_list(&names);
                let _ = write!(
                    s,
                    "; {noun} {names} {verb} {} it",
                    if all { "all of" } else { "part of" }
                );
            }
            s
        }
        PeriodKind::Blackout => {
            if p.exempt.is_empty() {
                format!("blackout '{}': no releases of any type", p.name)
            } else {
                format!(
                    "blackout '{}': no releases except {}",
                    p.name,
                    and_list(&p.exempt)
                )
            }
        }
        PeriodKind::Event => format!("event '{}', affecting {}", p.name, index.scope(p).words()),
    }
}

/// What `windows` lists: the periods' occurrences and the holidays.
struct Found<'a> {
    index: &'a CalendarIndex,
    /// `--service`, if given.
    service: Option<&'a str>,
    occurrences: &'a [Occurrence<'a>],
    holidays: &'a [(NaiveDate, &'a str)],
}

fn human(tz: Tz, from: NaiveDate, days: u32, found: &Found) -> String {
    let (index, occ) = (found.index, found.occurrences);
    let mut out = String::new();
    let last = from
        .checked_add_days(Days::new(u64::from(days.saturating_sub(1))))
        .unwrap_or(from);
    let _ = writeln!(
        out,
        "Maintenance windows, blackouts, events and holidays{} from {} to {} ({}), times in {}:",
        found.service.map_or(String::new(), |s| format!(" for {s}")),
        time::fmt_date(from),
        time::fmt_date(last),
        if days == 1 {
            "1 day".to_string()
        } else {
            format!("{days} days")
        },
        tz.name()
    );
    out.push('\n');
    if occ.is_empty() && found.holidays.is_empty() {
        out.push_str(
            "  nothing: no maintenance window, blackout, event or holiday in these days\n",
        );
    }
    // (start, span, words), in start order; a holiday starts at midnight.
    let mut lines: Vec<(Option<DateTime<Utc>>, String, String)> = occ
        .iter()
        .map(|o| {
            (
                Some(o.interval.start),
                time::fmt_span(tz, o.interval.start, o.interval.end),
                describe(tz, found, o),
            )
        })
        .collect();
    lines.extend(found.holidays.iter().map(|(d, name)| {
        (
            day_start(tz, *d),
            format!("{}, all day", time::fmt_date(*d)),
            format!("holiday '{name}': not a business day"),
        )
    }));
    lines.sort_by_key(|l| l.0);
    let width = lines.iter().map(|l| l.1.chars().count()).max().unwrap_or(0);
    for (_, span, words) in &lines {
        let _ = writeln!(out, "  {span:<width$}  {words}");
    }
    if let Some(note) = invalid_note(index.invalid()) {
        let _ = writeln!(out, "\n{note}");
    }
    out
}

fn json(tz: Tz, from: NaiveDate, days: u32, found: &Found) -> String {
    let (index, occ) = (found.index, found.occurrences);
    let occurrences = occ
        .iter()
        .map(|o| {
            let p = o.period;
            Item {
                kind: p.kind.key(),
                name: &p.name,
                start: utc_text(o.interval.start),
                end: utc_text(o.interval.end),
                start_local: local_text(tz, o.interval.start),
                end_local: local_text(tz, o.interval.end),
                text: time::fmt_span(tz, o.interval.start, o.interval.end),
                exempt: (p.kind == PeriodKind::Blackout).then_some(p.exempt.as_slice()),
                period_timezone: p.tz.name(),
                applies_to: index.scope(p).words(),
                services: p.services.as_deref(),
                blackouts: (p.kind == PeriodKind::MaintenanceWindow).then(|| {
                    let mut names: Vec<&str> = blacked_out(index, o, found.service)
                        .0
                        .iter()
                        .map(|b| b.period.name.as_str())
                        .collect();
                    names.dedup();
                    names
                }),
            }
        })
        .collect();
    let doc = Doc {
        version: 1,
        timezone: tz.name(),
        service: found.service,
        from: from.to_string(),
        days,
        occurrences,
        holidays: found
            .holidays
            .iter()
            .map(|(d, name)| Holiday {
                date: d.to_string(),
                name,
            })
            .collect(),
        invalid: index
            .invalid()
            .iter()
            .map(|p| Invalid {
                kind: p.kind.key(),
                name: &p.name,
                message: &p.message,
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

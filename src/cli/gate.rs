//! `trainyard gate --service S [--at TIME] [--type T]`: may a deployment
//! of the service start now (or at TIME)? `trainyard gate --release ID`:
//! may this release deploy to production now? Exit 0 yes, 1 no, 2 could
//! not tell. For deploy pipelines that must refuse to run inside a blackout.

mod release;

use std::fmt::Write as _;
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use chrono_tz::Tz;
use clap::Args;
use serde::Serialize;

use super::windows::{local_text, utc_text, PlainFormat};
use super::{emit, load_repo, Error, ExitStatus};
use crate::calendar::gate::{self, Block, GateAnswer, GateQuery, Live, Relation};
use crate::calendar::{CalendarIndex, Occurrence};
use crate::load::Repo;
use crate::resolve::{zone, CheckOptions, Resolved};
use crate::time::{self, resolve_local};

/// Flags of `trainyard gate`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["service", "release"])))]
pub struct GateArgs {
    /// The service to deploy (a key in policies/services.toml).
    #[arg(long, value_name = "SERVICE")]
    pub service: Option<String>,
    /// The release to deploy: yes only when it is at stage deploy, has no
    /// error findings and TIME is inside its window (the check a deploy
    /// pipeline runs before production).
    #[arg(long, value_name = "ID", conflicts_with = "kind")]
    pub release: Option<String>,
    /// When the deployment would start: a local date-time in the calendar's
    /// time zone (2026-11-28T20:00:00, or 2026-11-28 20:00) or one with an
    /// offset (2026-11-28T20:00:00+01:00, ...Z). Default: now.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// The release type (a policy name, such as emergency). Without it every
    /// blackout applies and a maintenance window must be open.
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlainFormat::Human)]
    pub format: PlainFormat,
}

/// Reads `--at`: RFC 3339 with an offset, or a local date-time read
/// strictly in `tz` (a time in a DST gap or overlap is an error that says
/// what to write instead).
pub(crate) fn parse_at(s: &str, tz: Tz) -> Result<DateTime<Utc>, String> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    for f in [
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M%:z",
        "%Y-%m-%d %H:%M:%S%:z",
    ] {
        if let Ok(t) = DateTime::<FixedOffset>::parse_from_str(s, f) {
            return Ok(t.with_timezone(&Utc));
        }
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return resolve_local(tz, t).map_err(|e| e.to_string());
        }
    }
    Err(format!(
        "`{s}` is not a date-time: write a local time such as 2026-11-28T20:00:00 (read in {}) or one with an offset such as 2026-11-28T20:00:00+01:00",
        tz.name()
    ))
}

/// The calendar's zone, or exit 2 when it names none that exists.
fn checked_zone(repo: &Repo) -> Result<Tz, Error> {
    if let Some(name) = &repo.calendar.def.timezone {
        time::parse_zone(name.get_ref()).map_err(|e| {
            miette::miette!(
                "policies/calendar.toml: {e}; the gate cannot answer without the calendar's zone"
            )
        })?;
    }
    Ok(zone(repo))
}

/// `--at`, or now.
fn instant(args: &GateArgs, tz: Tz) -> Result<DateTime<Utc>, Error> {
    Ok(match &args.at {
        // The one place trainyard reads the wall clock.
        None => Utc::now(),
        Some(s) => parse_at(s, tz).map_err(|e| miette::miette!("--at: {e}"))?,
    })
}

/// Answers the gate; exit 0 yes, 1 no. A calendar the gate cannot read in
/// full (an unknown time zone, a period that does not compile) is exit 2:
/// a pipeline must not deploy into a blackout nobody could read.
pub fn run(root: Option<&Path>, args: &GateArgs) -> Result<ExitStatus, Error> {
    let repo = load_repo(root)?;
    let tz = checked_zone(&repo)?;
    let service = match (&args.service, &args.release) {
        (Some(s), _) => s.as_str(),
        (None, Some(id)) => return release::run(repo, tz, id, instant(args, tz)?, args.format),
        (None, None) => return Err(miette::miette!("pass --service SERVICE or --release ID")),
    };
    super::windows::check_service(&repo, service)?;
    let kind = match &args.kind {
        None => None,
        Some(k) => match repo.policies.get(k) {
            Some(p) => Some((k.as_str(), Some(&p.def))),
            None => {
                let hint = crate::suggest::closest(k, repo.policies.keys().map(String::as_str))
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                return Err(miette::miette!(
                    "unknown release type `{k}` (no policies/{k}.toml){hint}"
                ));
            }
        },
    };
    let at = instant(args, tz)?;
    let index = CalendarIndex::new(&repo.calendar.def, tz, gate::horizon(at));
    if let Some(bad) = index.invalid().first() {
        return Err(miette::miette!(
            "policies/calendar.toml: {} '{}' cannot be read ({}); fix it (`trainyard lint` points at it) before gating deployments on the calendar",
            bad.kind.as_str(),
            bad.name,
            bad.message
        ));
    }
    let cx = Resolved::new(
        &repo,
        &CheckOptions {
            today: time::to_local(tz, at).map_or(at.date_naive(), |l| l.date()),
        },
    );
    let releases = gate::live_releases(&cx, service);
    let q = GateQuery {
        service,
        kind,
        at,
        releases: &releases,
    };
    let answer = gate::gate(&index, &q);
    let text = match args.format {
        PlainFormat::Human => human(tz, &q, &answer),
        PlainFormat::Json => json(tz, &q, &answer),
    };
    emit(None, &text)?;
    Ok(if answer.allowed {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

/// An occurrence's span in the calendar's zone, then in its period's own
/// zone when that differs.
fn span(tz: Tz, o: &Occurrence) -> String {
    crate::resolve::period_span(tz, o.period.tz, &o.interval)
}

/// A release and its window, for messages: "REL-2027-01-001 (API gateway
/// v3.2.0, Sat 16 Jan 2027 20:00-22:00)".
fn named(tz: Tz, l: &Live) -> String {
    format!(
        "{} ({}, {})",
        l.release.id(),
        l.release.def.title.get_ref(),
        time::fmt_span(tz, l.window.start, l.window.end)
    )
}

/// One reason in words.
fn reason(tz: Tz, q: &GateQuery, b: &Block) -> String {
    match b {
        Block::Release(i) => {
            let l = &q.releases[*i];
            let other = l.release.def.service.get_ref();
            let tie = match l.relation {
                Relation::Dependent => format!("{other} depends on {}", q.service),
                _ => format!("{} depends on {other}", q.service),
            };
            format!(
                "release {} of {other} is in its window ({tie}); deploy after it ends",
                named(tz, l)
            )
        }
        Block::OutsideMaintenanceWindow(Some(next)) => format!(
            "no maintenance window is open; the next is '{}' ({})",
            next.period.name,
            span(tz, next)
        ),
        Block::OutsideMaintenanceWindow(None) => {
            "no maintenance window is open, and none is due within a year".to_string()
        }
        Block::Blackout(o) => format!("blackout '{}' ({})", o.period.name, span(tz, o)),
        Block::Event(o) => format!("event '{}' ({})", o.period.name, span(tz, o)),
    }
}

fn human(tz: Tz, q: &GateQuery, a: &GateAnswer) -> String {
    let mut out = String::new();
    let who = match q.kind {
        Some((k, _)) => format!("{} {k} release of {}", crate::words::article(k), q.service),
        None => q.service.to_string(),
    };
    let when = format!("{} {}", time::fmt_local(tz, q.at), tz.name());
    if a.allowed {
        let inside = a
            .maintenance
            .map(|m| {
                format!(
                    ": maintenance window '{}' is open ({})",
                    m.period.name,
                    span(tz, &m)
                )
            })
            .unwrap_or_default();
        let _ = writeln!(out, "yes: {who} may deploy at {when}{inside}");
    } else {
        let _ = writeln!(out, "no: {who} may not deploy at {when}:");
        for b in &a.blocks {
            let _ = writeln!(out, "  - {}", reason(tz, q, b));
        }
    }
    for i in &a.expected {
        let l = &q.releases[*i];
        let _ = writeln!(
            out,
            "{} is in its window then: the deployment expected; `trainyard gate --release {}` checks it.",
            named(tz, l),
            l.release.id()
        );
    }
    match (a.next_change, a.allowed) {
        (Some(t), true) => {
            let _ = writeln!(out, "This changes at {}.", time::fmt_local(tz, t));
        }
        (Some(t), false) => {
            let _ = writeln!(out, "It may deploy from {}.", time::fmt_local(tz, t));
        }
        (None, _) => {
            let _ = writeln!(
                out,
                "The answer does not change in the next {} days.",
                gate::LOOKAHEAD_DAYS
            );
        }
    }
    out
}

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    service: &'a str,
    #[serde(rename = "type")]
    kind: Option<&'a str>,
    timezone: &'a str,
    at: String,
    at_local: String,
    allowed: bool,
    maintenance_window: Option<Period<'a>>,
    reasons: Vec<Reason<'a>>,
    /// Releases of the service in their window then.
    expected: Vec<&'a str>,
    next_change: Option<String>,
    next_change_local: Option<String>,
}

#[derive(Serialize)]
struct Period<'a> {
    name: &'a str,
    start: String,
    end: String,
    text: String,
}

#[derive(Serialize)]
struct Reason<'a> {
    /// `outside-maintenance-window`, `blackout`, `event` or `release`.
    kind: &'static str,
    /// The blackout or event, or the next maintenance window.
    period: Option<Period<'a>>,
    /// The release in its window, for `release`.
    #[serde(skip_serializing_if = "Option::is_none")]
    release: Option<&'a str>,
    message: String,
}

fn period<'a>(tz: Tz, o: &Occurrence<'a>) -> Period<'a> {
    Period {
        name: &o.period.name,
        start: utc_text(o.interval.start),
        end: utc_text(o.interval.end),
        text: span(tz, o),
    }
}

fn json<'a>(tz: Tz, q: &GateQuery<'a>, a: &GateAnswer<'a>) -> String {
    let doc = Doc {
        version: 1,
        service: q.service,
        kind: q.kind.map(|(k, _)| k),
        timezone: tz.name(),
        at: utc_text(q.at),
        at_local: local_text(tz, q.at),
        allowed: a.allowed,
        maintenance_window: a.maintenance.map(|m| period(tz, &m)),
        reasons: a
            .blocks
            .iter()
            .map(|b| {
                let (kind, o, release) = match b {
                    Block::OutsideMaintenanceWindow(o) => ("outside-maintenance-window", *o, None),
                    Block::Blackout(o) => ("blackout", Some(*o), None),
                    Block::Event(o) => ("event", Some(*o), None),
                    Block::Release(i) => ("release", None, Some(q.releases[*i].release.id())),
                };
                Reason {
                    kind,
                    period: o.map(|o| period(tz, &o)),
                    release,
                    message: reason(tz, q, b),
                }
            })
            .collect(),
        expected: a
            .expected
            .iter()
            .map(|i| q.releases[*i].release.id())
            .collect(),
        next_change: a.next_change.map(utc_text),
        next_change_local: a.next_change.map(|t| local_text(tz, t)),
    };
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::London;

    #[test]
    fn reads_local_and_offset_times_strictly() {
        let want = Utc.with_ymd_and_hms(2025, 3, 29, 20, 0, 0).unwrap();
        for s in [
            "2025-03-29T20:00:00",
            "2025-03-29T20:00",
            "2025-03-29 20:00",
            "2025-03-29T20:00:00Z",
            "2025-03-29T21:00:00+01:00",
            "2025-03-29T21:00+01:00",
        ] {
            assert_eq!(parse_at(s, London), Ok(want), "{s}");
        }
        let gap = parse_at("2025-03-30T01:30:00", London).unwrap_err();
        assert!(gap.contains("does not exist"), "{gap}");
        let twice = parse_at("2025-10-26T01:30", London).unwrap_err();
        assert!(twice.contains("occurs twice"), "{twice}");
        let bad = parse_at("tomorrow", London).unwrap_err();
        assert!(bad.contains("Europe/London"), "{bad}");
    }
}

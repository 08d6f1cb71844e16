//! `trainyard slots ID`: the next windows where a release could legally
//! go, before anyone books a date.

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;

use super::windows::{local_text, utc_text, PlainFormat};
use super::{emit, load_repo, today, Error, ExitStatus};
use crate::calendar::slots::{self, SlotOptions, SlotSearch};
use crate::load::Release;
use crate::resolve::{CheckOptions, Resolved};
use crate::time::{self, format_duration, parse_duration};

/// Flags of `trainyard slots`.
#[derive(Debug, Args)]
pub struct SlotsArgs {
    /// The release id, such as REL-2027-03-002.
    pub id: String,
    /// How many windows to find.
    #[arg(long, value_name = "N", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub count: u32,
    /// Find windows starting on or after this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub after: Option<NaiveDate>,
    /// The window's length (default: the release's current window), such as 2h.
    #[arg(long, value_name = "DURATION")]
    pub duration: Option<String>,
    /// How many days ahead to search.
    #[arg(long, value_name = "N", default_value_t = 730,
          value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub within: u32,
    /// The date treated as today (default: today in the calendar's time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlainFormat::Human)]
    pub format: PlainFormat,
}

/// Exit 0 when at least one window was found, 1 when none.
pub fn run(root: Option<&Path>, args: &SlotsArgs) -> Result<ExitStatus, Error> {
    let repo = load_repo(root)?;
    let duration = match &args.duration {
        None => None,
        Some(d) => Some(parse_duration(d).map_err(|e| miette::miette!("--duration: {e}"))?),
    };
    let options = CheckOptions {
        today: today(&repo, args.today),
    };
    let cx = Resolved::new(&repo, &options);
    let Some(release) = cx.release(&args.id) else {
        let hint = crate::suggest::closest(&args.id, repo.releases.iter().map(Release::id))
            .map(|s| format!("; did you mean {s}?"))
            .unwrap_or_default();
        return Err(miette::miette!(
            "no release {} in {}{hint}",
            args.id,
            repo.root.join("releases").display()
        ));
    };
    let opts = SlotOptions {
        count: args.count as usize,
        after: args.after,
        duration,
        days: args.within,
    };
    let search =
        slots::find(&cx, release, &opts).map_err(|e| miette::miette!("{}: {e}", release.id()))?;
    let text = match args.format {
        PlainFormat::Human => human(&cx, release, &search, &opts),
        PlainFormat::Json => json(&cx, release, &search),
    };
    emit(None, &text)?;
    Ok(if search.slots.is_empty() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// At most this many skipped occurrences are listed for people.
const SHOWN_SKIPPED: usize = 12;

fn human(cx: &Resolved, r: &Release, s: &SlotSearch, opts: &SlotOptions) -> String {
    let mut out = String::new();
    let d = &r.def;
    let found = s.slots.len();
    let head = if found == 0 {
        "No legal window".to_string()
    } else if found < opts.count {
        format!(
            "Only {found} legal window{} (of {} asked for)",
            if found == 1 { "" } else { "s" },
            opts.count
        )
    } else if found == 1 {
        "The next legal window".to_string()
    } else {
        format!("The next {found} legal windows")
    };
    let _ = writeln!(
        out,
        "{head} for {} ({}: {}, {}, {} impact), {} each, times in {}:",
        r.id(),
        d.title.get_ref(),
        d.service.get_ref(),
        d.kind.get_ref(),
        d.impact.get_ref().as_str(),
        format_duration(s.duration),
        cx.tz.name()
    );
    out.push('\n');
    for (i, slot) in s.slots.iter().enumerate() {
        let inside = slot
            .maintenance_window
            .as_ref()
            .map(|m| format!("  in maintenance window '{m}'"))
            .unwrap_or_default();
        let _ = writeln!(out, "  {}. {}{inside}", i + 1, cx.fmt_span(&slot.interval));
    }
    if found == 0 {
        let _ = writeln!(
            out,
            "  none between {} and {}",
            cx.fmt_local(s.searched.start),
            cx.fmt_local(s.searched.end)
        );
    }
    let _ = writeln!(out, "\nEarliest start {}:", cx.fmt_local(s.earliest));
    for c in &s.constraints {
        let _ = writeln!(out, "  - {c}");
    }
    if !s.skipped.is_empty() {
        let _ = writeln!(out, "\nNo room in:");
        for k in s.skipped.iter().take(SHOWN_SKIPPED) {
            let _ = writeln!(
                out,
                "  - {} {}: {}",
                k.label,
                cx.fmt_span(&k.interval),
                k.reasons.join("; ")
            );
        }
        if s.skipped.len() > SHOWN_SKIPPED {
            let _ = writeln!(
                out,
                "  - and {} more (--format json lists them all)",
                s.skipped.len() - SHOWN_SKIPPED
            );
        }
    }
    if let Some(note) = super::windows::invalid_note(&s.invalid) {
        let _ = writeln!(out, "\n{note}");
    }
    out
}

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    release: &'a str,
    service: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    impact: &'a str,
    timezone: &'a str,
    duration: String,
    earliest: String,
    earliest_local: String,
    constraints: &'a [String],
    searched_until: String,
    slots: Vec<SlotDoc>,
    skipped: Vec<SkippedDoc<'a>>,
}

#[derive(Serialize)]
struct SlotDoc {
    start: String,
    end: String,
    start_local: String,
    end_local: String,
    text: String,
    maintenance_window: Option<String>,
}

#[derive(Serialize)]
struct SkippedDoc<'a> {
    what: &'a str,
    start: String,
    end: String,
    text: String,
    reasons: &'a [String],
}

fn json(cx: &Resolved, r: &Release, s: &SlotSearch) -> String {
    let tz = cx.tz;
    let doc = Doc {
        version: 1,
        release: r.id(),
        service: r.def.service.get_ref(),
        kind: r.def.kind.get_ref(),
        impact: r.def.impact.get_ref().as_str(),
        timezone: tz.name(),
        duration: format_duration(s.duration),
        earliest: utc_text(s.earliest),
        earliest_local: local_text(tz, s.earliest),
        constraints: &s.constraints,
        searched_until: utc_text(s.searched.end),
        slots: s
            .slots
            .iter()
            .map(|x| SlotDoc {
                start: utc_text(x.interval.start),
                end: utc_text(x.interval.end),
                start_local: local_text(tz, x.interval.start),
                end_local: local_text(tz, x.interval.end),
                text: time::fmt_span(tz, x.interval.start, x.interval.end),
                maintenance_window: x.maintenance_window.clone(),
            })
            .collect(),
        skipped: s
            .skipped
            .iter()
            .map(|k| SkippedDoc {
                what: &k.label,
                start: utc_text(k.interval.start),
                end: utc_text(k.interval.end),
                text: time::fmt_span(tz, k.interval.start, k.interval.end),
                reasons: &k.reasons,
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

//! The events in the feeds: one per release window, one per occurrence
//! of a maintenance window, blackout or organisational event.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use chrono::{DateTime, NaiveTime, Utc};

use super::ics::Writer;
use super::{horizon, Feed, FeedOptions, HORIZON_MONTHS_AHEAD, HORIZON_MONTHS_BACK};
use crate::calendar::{CalendarIndex, Occurrence, PeriodKind};
use crate::load::{slugify, Release, Repo};
use crate::model::Stage;
use crate::resolve::Resolved;
use crate::time::{self, Interval};

/// The kind's part of an occurrence's UID.
fn slug(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::MaintenanceWindow => "window",
        PeriodKind::Blackout => "blackout",
        PeriodKind::Event => "event",
    }
}

/// The domain part of every UID: the host of `[site] base_url` in
/// trainyard.toml, else a slug of the site title, else `trainyard`.
/// It comes from the repository, never from a command-line flag, so UIDs
/// stay the same whatever URL a build is published at.
pub fn uid_domain(repo: &Repo) -> String {
    let site = &repo.config.def.site;
    if let Some(host) = site.base_url.as_deref().and_then(host_of) {
        return host;
    }
    match site.title.as_deref().map(slugify).filter(|s| !s.is_empty()) {
        Some(slug) => format!("{slug}.trainyard"),
        None => "trainyard".to_string(),
    }
}

fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host.split(':').next()?.to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// The calendar's header properties.
fn header(w: &mut Writer, name: &str, description: &str) {
    w.begin("VCALENDAR");
    w.raw("VERSION", "2.0");
    w.raw(
        "PRODID",
        concat!(
            "-//trainyard//trainyard ",
            env!("CARGO_PKG_VERSION"),
            "//EN"
        ),
    );
    w.raw("CALSCALE", "GREGORIAN");
    w.raw("METHOD", "PUBLISH");
    w.text("X-WR-CALNAME", name);
    w.text("X-WR-CALDESC", description);
    w.with_params("REFRESH-INTERVAL", &[("VALUE", "DURATION")], "PT1H");
    w.raw("X-PUBLISHED-TTL", "PT1H");
}

/// STATUS: tentative before stage, confirmed from stage on, cancelled.
fn status(stage: Stage) -> &'static str {
    match stage {
        Stage::Cancelled => "CANCELLED",
        s if s.reached(Stage::Stage) => "CONFIRMED",
        _ => "TENTATIVE",
    }
}

/// A release's page, absolute when the site's address is known.
fn page_url(base: Option<&str>, id: &str) -> Option<String> {
    base.map(|b| format!("{}/releases/{id}/", b.trim_end_matches('/')))
}

fn release_event(
    cx: &Resolved,
    options: &FeedOptions,
    domain: &str,
    r: &Release,
    window: &Interval,
    w: &mut Writer,
) {
    let d = &r.def;
    let id = r.id();
    let manager = cx.person(d.manager.get_ref());
    let manager_name = manager.map_or(d.manager.get_ref().as_str(), |p| p.name.get_ref());
    let mut description = String::new();
    let _ = writeln!(description, "Stage: {}", d.stage.get_ref());
    let _ = writeln!(description, "Type: {}", d.kind.get_ref());
    let _ = writeln!(
        description,
        "Service: {}",
        cx.service(d.service.get_ref())
            .map_or(d.service.get_ref().as_str(), |s| s.name.get_ref())
    );
    let _ = writeln!(description, "Impact: {}", d.impact.get_ref().as_str());
    let _ = writeln!(description, "Manager: {manager_name}");
    let _ = writeln!(description, "Window: {} ({})", cx.fmt_span(window), cx.tz);
    if !d.changes.is_empty() {
        description.push_str("Changes:\n");
        for c in &d.changes {
            let c = c.get_ref();
            let _ = writeln!(description, "- {}: {}", c.id.get_ref(), c.summary.get_ref());
        }
    }
    let url = page_url(options.base_url.as_deref(), id);
    if let Some(u) = &url {
        let _ = writeln!(description, "Release page: {u}");
    }
    w.begin("VEVENT");
    w.raw("UID", &format!("{id}@{domain}"));
    w.utc("DTSTAMP", options.stamp);
    // A commit made after the revision built cannot be in it; the bound
    // only matters when clocks disagree.
    if let Some(t) = options.modified.get(id) {
        w.utc("LAST-MODIFIED", (*t).min(options.stamp));
    }
    w.raw(
        "SEQUENCE",
        &options.sequences.get(id).copied().unwrap_or(0).to_string(),
    );
    w.utc("DTSTART", window.start);
    w.utc("DTEND", window.end);
    w.text(
        "SUMMARY",
        &format!("{id} {} ({})", d.title.get_ref(), d.kind.get_ref()),
    );
    w.text("DESCRIPTION", description.trim_end());
    if let Some(u) = &url {
        w.raw("URL", u);
    }
    let email = manager
        .and_then(|p| p.email.as_ref())
        .map_or_else(|| format!("releases@{domain}"), |e| e.get_ref().clone());
    w.with_params(
        "ORGANIZER",
        &[("CN", manager_name)],
        &format!("mailto:{email}"),
    );
    w.text_list(
        "CATEGORIES",
        &[
            d.kind.get_ref(),
            d.service.get_ref(),
            d.stage.get_ref().as_str(),
        ],
    );
    w.raw("STATUS", status(*d.stage.get_ref()));
    w.raw("TRANSP", "OPAQUE");
    w.end("VEVENT");
}

/// A feed of release windows; a service's feed (`service`) also holds the
/// maintenance windows and blackouts that apply to the service.
/// Each release's event, written once (in parallel) for all the feeds it
/// appears in: the whole calendar, its service's and its train's.
pub(super) struct ReleaseEvents {
    /// By the release's address: its window and its event's lines.
    events: HashMap<usize, (Interval, String)>,
}

impl ReleaseEvents {
    pub(super) fn new(cx: &Resolved, options: &FeedOptions) -> Self {
        use rayon::prelude::*;
        let domain = uid_domain(cx.repo);
        let events = cx
            .repo
            .releases
            .par_iter()
            .filter_map(|r| {
                let window = cx.window(r)?;
                let mut w = Writer::new();
                release_event(cx, options, &domain, r, &window, &mut w);
                Some((std::ptr::from_ref(r) as usize, (window, w.finish())))
            })
            .collect();
        ReleaseEvents { events }
    }

    /// The window and event of `r`, when it has a valid window.
    fn get(&self, r: &Release) -> Option<(Interval, &str)> {
        self.events
            .get(&(std::ptr::from_ref(r) as usize))
            .map(|(w, text)| (*w, text.as_str()))
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn release_feed(
    cx: &Resolved,
    options: &FeedOptions,
    path: &str,
    name: &str,
    description: &str,
    releases: &[&Release],
    events: &ReleaseEvents,
    service: Option<(&str, &ServicePeriods)>,
) -> Feed {
    let mut listed: Vec<(&Release, Interval, &str)> = releases
        .iter()
        .filter_map(|r| events.get(r).map(|(w, text)| (*r, w, text)))
        .collect();
    listed.sort_by(|a, b| (a.1.start, a.0.id()).cmp(&(b.1.start, b.0.id())));
    let missing = releases.len() - listed.len();
    let description = if missing > 0 {
        format!(
            "{description}. {missing} release{} without a valid window {} not listed.",
            if missing == 1 { "" } else { "s" },
            if missing == 1 { "is" } else { "are" }
        )
    } else {
        description.to_string()
    };
    // The events are written already: the feed is their text and a
    // header (and for a service, its periods, which grow it as needed).
    let events_len: usize = listed.iter().map(|(_, _, text)| text.len()).sum();
    let mut w = Writer::with_capacity(events_len + 1024);
    header(&mut w, name, &description);
    for (_, _, text) in &listed {
        w.lines(text);
    }
    if let Some((key, periods)) = service {
        periods.write(cx, options, key, &mut w);
    }
    w.end("VCALENDAR");
    Feed {
        path: path.to_string(),
        name: name.to_string(),
        description,
        text: w.finish(),
    }
}

/// The range of the window horizon around `--today`, in the calendar's zone.
fn horizon_range(cx: &Resolved) -> Option<Interval> {
    let (from, until) = horizon(cx.today);
    let at = |d: chrono::NaiveDate| time::resolve_local_lenient(cx.tz, d.and_time(NaiveTime::MIN));
    at(from)
        .zip(at(until))
        .and_then(|(a, b)| Interval::new(a, b).ok())
}

/// The feed of maintenance windows, blackouts and events over the horizon.
pub(super) fn windows_feed(cx: &Resolved, options: &FeedOptions, title: &str) -> Feed {
    let domain = uid_domain(cx.repo);
    let (from, until) = horizon(cx.today);
    let description = format!(
        "Maintenance windows, blackouts, organisational events and holidays from {} to {} ({} months back and {} ahead of the build date), times in UTC",
        from,
        until,
        HORIZON_MONTHS_BACK,
        HORIZON_MONTHS_AHEAD
    );
    let name = format!("{title}: windows and blackouts");
    let mut w = Writer::new();
    header(&mut w, &name, &description);
    if let Some(range) = horizon_range(cx) {
        let index = CalendarIndex::new(&cx.repo.calendar.def, cx.tz, range);
        let occurrences = index.occurrences(&range);
        period_events(cx, options, &domain, &index, &occurrences, "", &mut w);
    }
    holidays(cx, options, &domain, (from, until), &mut w);
    w.end("VCALENDAR");
    Feed {
        path: "windows.ics".to_string(),
        name,
        description,
        text: w.finish(),
    }
}

/// The maintenance windows and blackouts over the horizon, expanded once
/// and each written once, for every service's feed: services share most
/// of them, and only the UID differs from feed to feed.
pub(super) struct ServicePeriods {
    index: Option<(CalendarIndex, Interval)>,
    /// By occurrence (its period's address in `index` and its start): the
    /// UID before the numbering and the event's lines after the UID.
    events: HashMap<(usize, DateTime<Utc>), (String, String)>,
}

impl ServicePeriods {
    pub(super) fn new(cx: &Resolved, options: &FeedOptions) -> Self {
        let index = horizon_range(cx).map(|range| {
            (
                CalendarIndex::new(&cx.repo.calendar.def, cx.tz, range),
                range,
            )
        });
        let mut events = HashMap::new();
        if let Some((index, range)) = &index {
            for o in index.occurrences(range) {
                if o.period.kind != PeriodKind::Event {
                    let key = (std::ptr::from_ref(o.period) as usize, o.interval.start);
                    events.insert(key, (uid_base(cx, &o), event_body(cx, options, index, &o)));
                }
            }
        }
        ServicePeriods { index, events }
    }

    /// The occurrences that apply to `service`, for its feed.
    fn write(&self, cx: &Resolved, options: &FeedOptions, service: &str, w: &mut Writer) {
        let Some((index, range)) = &self.index else {
            return;
        };
        let domain = uid_domain(cx.repo);
        let mut occurrences = index.occurrences_for(range, Some(service));
        occurrences.retain(|o| o.period.kind != PeriodKind::Event);
        // The service's name in the UID keeps the event distinct from the
        // same occurrence in windows.ics and in other services' feeds.
        let suffix = format!("-{service}");
        let mut seen: BTreeMap<String, u32> = BTreeMap::new();
        for o in &occurrences {
            let key = (std::ptr::from_ref(o.period) as usize, o.interval.start);
            let written;
            let (base, body) = match self.events.get(&key) {
                Some((base, body)) => (base.as_str(), body.as_str()),
                None => {
                    written = (uid_base(cx, o), event_body(cx, options, index, o));
                    (written.0.as_str(), written.1.as_str())
                }
            };
            let uid = numbered(&mut seen, base);
            w.begin("VEVENT");
            w.raw("UID", &format!("{uid}{suffix}@{domain}"));
            w.lines(body);
        }
    }
}

/// A UID's first part: the period's kind, name and local start day.
fn uid_base(cx: &Resolved, o: &Occurrence) -> String {
    let local = cx.local_date(o.interval.start);
    format!(
        "{}-{}-{}",
        slug(o.period.kind),
        slugify(&o.period.name),
        local.format("%Y%m%d")
    )
}

/// `base`, numbered from its second use in a feed on.
fn numbered(seen: &mut BTreeMap<String, u32>, base: &str) -> String {
    let n = seen.entry(base.to_string()).or_default();
    *n += 1;
    if *n == 1 {
        base.to_string()
    } else {
        format!("{base}-{n}")
    }
}

/// One event per occurrence, with a UID of the period's kind, name and
/// local start day (numbered when a period starts twice on one day), then
/// `suffix`.
fn period_events(
    cx: &Resolved,
    options: &FeedOptions,
    domain: &str,
    index: &CalendarIndex,
    occurrences: &[Occurrence],
    suffix: &str,
    w: &mut Writer,
) {
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    for o in occurrences {
        let uid = numbered(&mut seen, &uid_base(cx, o));
        w.begin("VEVENT");
        w.raw("UID", &format!("{uid}{suffix}@{domain}"));
        w.lines(&event_body(cx, options, index, o));
    }
}

/// An occurrence's event after its UID, through `END:VEVENT`.
fn event_body(
    cx: &Resolved,
    options: &FeedOptions,
    index: &CalendarIndex,
    o: &Occurrence,
) -> String {
    let p = o.period;
    let name = &p.name;
    let (summary, transp, category, detail) = match p.kind {
        PeriodKind::MaintenanceWindow => (
            format!("Maintenance window: {name}"),
            "TRANSPARENT",
            "maintenance-window",
            "Production releases may be deployed in this window.".to_string(),
        ),
        PeriodKind::Blackout => {
            let detail = if p.exempt.is_empty() {
                "No releases may be deployed.".to_string()
            } else {
                format!(
                    "No releases may be deployed, except {}.",
                    p.exempt.join(", ")
                )
            };
            (
                format!("Blackout: {name} (no releases)"),
                "OPAQUE",
                "blackout",
                detail,
            )
        }
        PeriodKind::Event => {
            let affects = match &p.services {
                Some(list) => list.join(", "),
                None => "all services".to_string(),
            };
            (
                format!("Event: {name}"),
                "OPAQUE",
                "event",
                format!("No releases of {affects} during this event."),
            )
        }
    };
    let mut description = format!(
        "{detail}\nApplies to {}.\n{} ({})",
        index.scope(p).words(),
        cx.fmt_span(&o.interval),
        cx.tz
    );
    if p.tz != cx.tz {
        let _ = write!(
            description,
            "\nRead in {}: {}",
            p.tz.name(),
            time::fmt_span(p.tz, o.interval.start, o.interval.end)
        );
    }
    if let Some(d) = &p.description {
        description = format!("{d}\n{description}");
    }
    let mut w = Writer::new();
    w.utc("DTSTAMP", options.stamp);
    w.utc("DTSTART", o.interval.start);
    w.utc("DTEND", o.interval.end);
    w.text("SUMMARY", &summary);
    w.text("DESCRIPTION", &description);
    w.text_list("CATEGORIES", &[category]);
    w.raw("STATUS", "CONFIRMED");
    w.raw("TRANSP", transp);
    w.end("VEVENT");
    w.finish()
}

/// The holidays inside `[from, until)` as all-day, transparent events:
/// they block nothing, but they are not business days.
fn holidays(
    cx: &Resolved,
    options: &FeedOptions,
    domain: &str,
    (from, until): (chrono::NaiveDate, chrono::NaiveDate),
    w: &mut Writer,
) {
    let days = crate::calendar::holidays_between(&cx.repo.calendar.def, from, until);
    for (day, name) in days {
        let Some(next) = day.succ_opt() else { continue };
        let date = crate::time::ical_date;
        w.begin("VEVENT");
        w.raw("UID", &format!("holiday-{}@{domain}", date(day)));
        w.utc("DTSTAMP", options.stamp);
        w.with_params("DTSTART", &[("VALUE", "DATE")], &date(day));
        // DTEND of an all-day event is exclusive: the next day.
        w.with_params("DTEND", &[("VALUE", "DATE")], &date(next));
        w.text("SUMMARY", &format!("Holiday: {name}"));
        w.text(
            "DESCRIPTION",
            "Not a business day: advance notice and review deadlines do not count it.",
        );
        w.text_list("CATEGORIES", &["holiday"]);
        w.raw("STATUS", "CONFIRMED");
        w.raw("TRANSP", "TRANSPARENT");
        w.end("VEVENT");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_from_urls() {
        assert_eq!(
            host_of("https://releases.example.com/"),
            Some("releases.example.com".into())
        );
        assert_eq!(
            host_of("https://user@Example.COM:8443/x"),
            Some("example.com".into())
        );
        assert_eq!(host_of(""), None);
    }

    #[test]
    fn status_follows_the_stage() {
        assert_eq!(status(Stage::Plan), "TENTATIVE");
        assert_eq!(status(Stage::Test), "TENTATIVE");
        assert_eq!(status(Stage::Stage), "CONFIRMED");
        assert_eq!(status(Stage::Close), "CONFIRMED");
        assert_eq!(status(Stage::Cancelled), "CANCELLED");
    }
}

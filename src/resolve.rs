//! The resolved repository: what rules, the calendar engine, the site, the
//! feeds and the commands all see. The loaded repository with "today", the
//! calendar's zone and business days, each release's window in UTC, and
//! indexes built once per run.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rayon::prelude::*;

use crate::load::{Release, Repo};
use crate::model::{Impact, Person, Policy, Service, When, Window};
use crate::time::{self, BusinessDays, Interval, Length};

/// Settings for resolving a repository.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    /// The date rules that depend on "now" use.
    pub today: NaiveDate,
}

/// The loaded repository, resolved: the read-only view every later phase
/// works on.
pub struct Resolved<'a> {
    pub repo: &'a Repo,
    pub today: NaiveDate,
    /// The calendar's zone (UTC when none is set or it is invalid).
    pub tz: Tz,
    /// Monday to Friday less the calendar's holidays.
    pub business: BusinessDays,
    releases_by_id: HashMap<&'a str, Vec<&'a Release>>,
    /// Each release's window in UTC, indexed by its file id.
    windows: Vec<Option<Interval>>,
}

impl<'a> Resolved<'a> {
    pub fn new(repo: &'a Repo, options: &CheckOptions) -> Self {
        let mut releases_by_id: HashMap<&str, Vec<&Release>> = HashMap::new();
        for r in &repo.releases {
            releases_by_id.entry(r.id()).or_default().push(r);
        }
        let tz = zone(repo);
        let business = BusinessDays::new(
            repo.calendar
                .def
                .holidays
                .iter()
                .map(|h| h.get_ref().date.get_ref().0),
        );
        let resolved: Vec<(usize, Option<Interval>)> = repo
            .releases
            .par_iter()
            .map(|r| {
                let w = r
                    .def
                    .window
                    .as_ref()
                    .and_then(|w| window_interval(tz, w.get_ref()));
                (r.file, w)
            })
            .collect();
        let mut windows = vec![None; repo.files.len()];
        for (file, w) in resolved {
            windows[file] = w;
        }
        Resolved {
            repo,
            today: options.today,
            tz,
            business,
            releases_by_id,
            windows,
        }
    }

    /// The release with id `id` (the first, if the id is duplicated).
    pub fn release(&self, id: &str) -> Option<&'a Release> {
        self.releases_by_id.get(id).and_then(|v| v.first().copied())
    }

    /// Every release with id `id`.
    pub fn releases_with_id(&self, id: &str) -> &[&'a Release] {
        self.releases_by_id.get(id).map_or(&[], Vec::as_slice)
    }

    pub fn service(&self, key: &str) -> Option<&'a Service> {
        self.repo
            .services
            .def
            .services
            .get(key)
            .map(|s| s.get_ref())
    }

    pub fn person(&self, key: &str) -> Option<&'a Person> {
        self.repo.people.def.people.get(key).map(|p| p.get_ref())
    }

    pub fn policy(&self, name: &str) -> Option<&'a Policy> {
        self.repo.policies.get(name).map(|p| &p.def)
    }

    /// The policy of a release's type.
    pub fn policy_of(&self, r: &Release) -> Option<&'a Policy> {
        self.policy(r.def.kind.get_ref())
    }

    /// Hours before its window a release's readiness review is held by:
    /// its type's `readiness_hours`, else the calendar's, else 24.
    pub fn readiness_hours(&self, r: &Release) -> u32 {
        self.policy_of(r)
            .and_then(|p| p.readiness_hours.as_ref())
            .or(self.repo.calendar.def.readiness_hours.as_ref())
            .map_or(24, |h| *h.get_ref())
    }

    /// Business days of notice a release of type `kind` and `impact` needs:
    /// its policy's `[notice]`, else the calendar's, else none.
    pub fn notice_days(&self, kind: &str, impact: Impact) -> u32 {
        self.policy(kind)
            .and_then(|p| p.notice.days(impact))
            .or_else(|| self.repo.calendar.def.notice.days(impact))
            .unwrap_or(0)
    }

    /// The release's window `[start, end)` in UTC; `None` when it has no
    /// window or the window is malformed (a `schema-error` says why).
    pub fn window(&self, r: &Release) -> Option<Interval> {
        self.windows.get(r.file).copied().flatten()
    }

    /// The instant a date-time in a file names: local ones in the
    /// calendar's zone (a time in a DST gap moves forward, an ambiguous one
    /// takes the earlier instant, as RFC 5545 reads them).
    pub fn instant(&self, w: &When) -> Option<DateTime<Utc>> {
        w.instant(self.tz)
    }

    /// The local date of an instant in the calendar's zone.
    pub fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        time::to_local(self.tz, t).map_or(t.date_naive(), |l| l.date())
    }

    /// The instant `--today` begins in the calendar's zone.
    pub fn today_start(&self) -> DateTime<Utc> {
        time::resolve_local_lenient(self.tz, self.today.and_time(chrono::NaiveTime::MIN))
            .unwrap_or_else(|| self.today.and_time(chrono::NaiveTime::MIN).and_utc())
    }

    /// An instant in the calendar's zone for messages: "Sat 29 Mar 2025 20:00".
    pub fn fmt_local(&self, t: DateTime<Utc>) -> String {
        time::fmt_local(self.tz, t)
    }

    /// A span in the calendar's zone for messages: "Sat 29 Mar 2025 20:00-22:00".
    pub fn fmt_span(&self, iv: &Interval) -> String {
        time::fmt_span(self.tz, iv.start, iv.end)
    }

    /// The span of an occurrence of a period read in `zone`: as
    /// [`Self::fmt_span`], then in the period's own zone when that is not
    /// the calendar's ("Sun 17 Mar 2030 02:00-06:00; Sat 16 Mar 2030 22:00
    /// - Sun 17 Mar 2030 02:00 in America/New_York").
    pub fn fmt_period_span(&self, zone: Tz, iv: &Interval) -> String {
        period_span(self.tz, zone, iv)
    }
}

/// The span of an occurrence of a period read in `zone`, for messages:
/// in `tz` (the calendar's zone), then in `zone` when that differs.
pub fn period_span(tz: Tz, zone: Tz, iv: &Interval) -> String {
    let here = time::fmt_span(tz, iv.start, iv.end);
    if zone == tz {
        return here;
    }
    let there = time::fmt_span(zone, iv.start, iv.end);
    format!("{here}; {there} in {}", zone.name())
}

/// The calendar's zone, or UTC.
/// What the site and the feeds are called: `[site] title`, else the
/// repository folder's name (`payments releases`), else `Releases`.
pub fn site_title(repo: &Repo) -> String {
    let configured = repo.config.def.site.title.as_deref().map(str::trim);
    if let Some(title) = configured.filter(|t| !t.is_empty()) {
        return title.to_string();
    }
    let root = repo
        .root
        .canonicalize()
        .unwrap_or_else(|_| repo.root.clone());
    match root.file_name() {
        Some(name) => format!("{} releases", name.to_string_lossy()),
        None => "Releases".to_string(),
    }
}

/// Today's date in the calendar's zone, from the clock: what rules and
/// pages take as today when no `--today` is given.
pub fn today(repo: &Repo) -> NaiveDate {
    Utc::now().with_timezone(&zone(repo)).date_naive()
}

/// The calendar's zone (UTC when none is set or it is invalid).
pub fn zone(repo: &Repo) -> Tz {
    repo.calendar
        .def
        .timezone
        .as_ref()
        .and_then(|t| time::parse_zone(t.get_ref()).ok())
        .unwrap_or(chrono_tz::UTC)
}

/// A release window in UTC: the start read in `tz`, for its exact
/// `duration` or until the wall-clock `end`. `None` when malformed.
pub fn window_interval(tz: Tz, w: &Window) -> Option<Interval> {
    let start = w.start.get_ref().instant(tz)?;
    let length = Length::from_fields(
        w.duration.as_ref().map(|d| d.get_ref().as_str()),
        w.end.as_ref().map(|e| e.get_ref().as_str()),
    )
    .ok()??;
    match length {
        Length::Exact(d) => Interval::starting_at(start, d),
        Length::WallEnd(end) => {
            let local = w.start.get_ref().naive();
            let date = if end > local.time() {
                local.date()
            } else {
                local.date().succ_opt()?
            };
            let end = time::resolve_local_lenient(tz, date.and_time(end))?;
            Interval::new(start, end).ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(text: &str) -> Window {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn the_site_title_is_configured_or_named_after_the_folder() {
        let mut repo = Repo {
            root: "/srv/payments".into(),
            ..Repo::default()
        };
        assert_eq!(site_title(&repo), "payments releases");
        repo.config.def.site.title = Some("  ".into());
        assert_eq!(
            site_title(&repo),
            "payments releases",
            "a blank title is no title"
        );
        repo.config.def.site.title = Some("Payments".into());
        assert_eq!(site_title(&repo), "Payments");
        repo.config.def.site.title = None;
        repo.root = "/".into();
        assert_eq!(site_title(&repo), "Releases");
    }

    #[test]
    fn windows_resolve_in_the_zone_with_exact_or_wall_clock_lengths() {
        let tz: Tz = "Europe/London".parse().unwrap();
        // The Saturday before and after the March 2025 change.
        let before = window_interval(
            tz,
            &window("start = 2025-03-29T20:00:00\nduration = \"2h\""),
        )
        .unwrap();
        assert_eq!(before.start.to_rfc3339(), "2025-03-29T20:00:00+00:00");
        let after = window_interval(
            tz,
            &window("start = 2025-04-05T20:00:00\nduration = \"2h\""),
        )
        .unwrap();
        assert_eq!(after.start.to_rfc3339(), "2025-04-05T19:00:00+00:00");
        // A wall-clock end across the night the clocks go forward: 18:00
        // GMT to 06:00 BST is 11 hours.
        let wall =
            window_interval(tz, &window("start = 2025-03-29T18:00:00\nend = \"06:00\"")).unwrap();
        assert_eq!(wall.duration(), chrono::TimeDelta::hours(11));
        // Offset date-times are taken as written.
        let fixed = window_interval(
            tz,
            &window("start = 2025-03-29T20:00:00+02:00\nduration = \"1h\""),
        )
        .unwrap();
        assert_eq!(fixed.start.to_rfc3339(), "2025-03-29T18:00:00+00:00");
        // Malformed windows give none.
        assert!(window_interval(tz, &window("start = 2025-03-29T20:00:00")).is_none());
        assert!(window_interval(
            tz,
            &window("start = 2025-03-29T20:00:00\nduration = \"2x\"")
        )
        .is_none());
    }
}

//! iCalendar feeds that calendar apps subscribe to: every release window
//! (`calendar.ics`), each service's releases with the maintenance windows
//! and blackouts that apply to it, each train's releases, and every
//! maintenance window, blackout, event and holiday (`windows.ics`).
//!
//! Feeds are written in UTC with one event per occurrence of a recurring
//! period, over a stated horizon: calendar apps disagree about RRULEs
//! across DST changes, and Outlook needs a VTIMEZONE that no crate writes.
//! Nothing in a feed depends on the clock: two builds of the same input
//! and `--today` are byte-identical.

mod events;
pub mod ics;

use std::collections::BTreeMap;

use chrono::{DateTime, Months, NaiveDate, Utc};
use rayon::prelude::*;

use crate::resolve::Resolved;

pub use events::uid_domain;

/// How far back and ahead of `--today` windows and blackouts are listed.
pub const HORIZON_MONTHS_BACK: u32 = 3;
pub const HORIZON_MONTHS_AHEAD: u32 = 18;

/// Settings for the feeds.
#[derive(Clone, Debug, Default)]
pub struct FeedOptions {
    /// The site's public address (`https://releases.example.com/`), for
    /// event URLs. Without it events carry no URL.
    pub base_url: Option<String>,
    /// How many commits moved each release's window or stage (from git
    /// history), for SEQUENCE; 0 where unknown.
    pub sequences: BTreeMap<String, u32>,
    /// Every event's DTSTAMP: when the revision built was committed, or
    /// the build date at 00:00 UTC without history. Never the clock.
    pub stamp: DateTime<Utc>,
    /// By release id: when the last commit that changed the release was
    /// made, for LAST-MODIFIED; releases without one carry none.
    pub modified: BTreeMap<String, DateTime<Utc>>,
}

/// A feed: its path in the site and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feed {
    pub path: String,
    pub name: String,
    pub description: String,
    pub text: String,
}

/// The first and last day (exclusive) of the window horizon around `today`.
pub fn horizon(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let from = today
        .checked_sub_months(Months::new(HORIZON_MONTHS_BACK))
        .unwrap_or(today);
    let until = today
        .checked_add_months(Months::new(HORIZON_MONTHS_AHEAD))
        .unwrap_or(today);
    (from, until)
}

/// Every feed of the repository, in path order.
pub fn feeds(cx: &Resolved, options: &FeedOptions) -> Vec<Feed> {
    let all = std::sync::Mutex::new(Vec::new());
    let _ = for_each_feed(cx, options, |f| {
        all.lock().unwrap_or_else(|e| e.into_inner()).push(f);
        Ok::<(), std::convert::Infallible>(())
    });
    let mut feeds = all.into_inner().unwrap_or_else(|e| e.into_inner());
    feeds.sort_by(|a, b| a.path.cmp(&b.path));
    feeds
}

/// Makes every feed of the repository, in parallel and in no set order,
/// and hands each to `emit` as soon as it is made, so that a build never
/// holds them all; stops at the first error `emit` returns.
pub fn for_each_feed<E: Send>(
    cx: &Resolved,
    options: &FeedOptions,
    emit: impl Fn(Feed) -> Result<(), E> + Sync,
) -> Result<(), E> {
    let repo = cx.repo;
    let title = crate::resolve::site_title(repo);
    let all: Vec<&crate::load::Release> = repo.releases.iter().collect();
    let mut by_service: BTreeMap<&str, Vec<&crate::load::Release>> = repo
        .services
        .def
        .services
        .keys()
        .map(|k| (k.get_ref().as_str(), Vec::new()))
        .collect();
    for r in &all {
        if let Some(list) = by_service.get_mut(r.def.service.get_ref().as_str()) {
            list.push(r);
        }
    }
    let (periods, events) = rayon::join(
        || events::ServicePeriods::new(cx, options),
        || events::ReleaseEvents::new(cx, options),
    );
    let events = &events;
    let services = || {
        // One feed per service, written in parallel.
        by_service.into_par_iter().try_for_each(|(key, members)| {
            let name = cx.service(key).map_or(key, |s| s.name.get_ref().as_str());
            emit(events::release_feed(
                cx,
                options,
                &format!("services/{key}/calendar.ics"),
                &format!("{title}: {name}"),
                &format!(
                    "Release windows of {name}, with the maintenance windows and blackouts that apply to it"
                ),
                &members,
                events,
                Some((key, &periods)),
            ))
        })
    };
    let others = || {
        emit(events::release_feed(
            cx,
            options,
            "calendar.ics",
            &format!("{title}: releases"),
            "Every release window, with its stage and status",
            &all,
            events,
            None,
        ))?;
        for train in &repo.trains {
            let name = train.def.name.get_ref();
            let members: Vec<_> = all
                .iter()
                .copied()
                .filter(|r| r.def.train.as_ref().is_some_and(|t| t.get_ref() == name))
                .collect();
            emit(events::release_feed(
                cx,
                options,
                &format!("trains/{name}/calendar.ics"),
                &format!("{title}: train {name}"),
                &format!("Release windows of the {} train", train.def.title.get_ref()),
                &members,
                events,
                None,
            ))?;
        }
        emit(events::windows_feed(cx, options, &title))
    };
    let (a, b) = rayon::join(services, others);
    a.and(b)
}

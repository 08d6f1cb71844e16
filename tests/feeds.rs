//! The iCalendar feeds: every feed reads back in a parser other than ours
//! with every event's fields matching the model, lines are folded and
//! ended as RFC 5545 says, times land right across DST, and two builds
//! are identical.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use trainyard::feeds::{self, Feed, FeedOptions};
use trainyard::load::Repo;
use trainyard::resolve::{CheckOptions, Resolved};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn build(root: &Path, today: &str) -> (Repo, Vec<Feed>) {
    let repo = Repo::load(root).unwrap();
    let options = CheckOptions {
        today: today.parse::<NaiveDate>().unwrap(),
    };
    let feeds = {
        let cx = Resolved::new(&repo, &options);
        feeds::feeds(
            &cx,
            &FeedOptions {
                base_url: Some("https://releases.example.org/".into()),
                sequences: BTreeMap::new(),
            },
        )
    };
    (repo, feeds)
}

/// The events of a feed as property maps, parsed by the icalendar crate.
fn events(feed: &Feed) -> Vec<BTreeMap<String, String>> {
    let unfolded = icalendar::parser::unfold(&feed.text);
    let cal = icalendar::parser::read_calendar(&unfolded)
        .unwrap_or_else(|e| panic!("{} does not parse: {e}", feed.path));
    cal.components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .map(|c| {
            c.properties
                .iter()
                .map(|p| (p.name.as_str().to_string(), p.val.as_str().to_string()))
                .collect()
        })
        .collect()
}

/// RFC 5545 framing: CRLF only, no line over 75 octets, the calendar
/// properties present.
fn assert_well_formed(feed: &Feed) {
    let text = &feed.text;
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{}", feed.path);
    assert!(text.ends_with("END:VCALENDAR\r\n"), "{}", feed.path);
    assert!(
        !text.replace("\r\n", "").contains(['\n', '\r']),
        "{}: bare line break",
        feed.path
    );
    for line in text.split("\r\n") {
        assert!(
            line.len() <= 75,
            "{}: {} octets: {line}",
            feed.path,
            line.len()
        );
    }
    for prop in [
        "VERSION:2.0",
        "PRODID:",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:",
        "X-WR-CALDESC:",
        "REFRESH-INTERVAL;VALUE=DURATION:",
        "X-PUBLISHED-TTL:",
    ] {
        assert!(
            text.contains(&format!("\r\n{prop}")),
            "{}: no {prop}",
            feed.path
        );
    }
}

fn utc(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Every release event matches the model; every feed is well formed.
fn round_trip(root: &Path, today: &str) {
    let (repo, feeds) = build(root, today);
    let cx = Resolved::new(
        &repo,
        &CheckOptions {
            today: today.parse().unwrap(),
        },
    );
    assert!(feeds.iter().any(|f| f.path == "calendar.ics"));
    assert!(feeds.iter().any(|f| f.path == "windows.ics"));
    let mut uids = BTreeMap::new();
    for feed in &feeds {
        assert_well_formed(feed);
        for e in events(feed) {
            for key in ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "STATUS"] {
                assert!(
                    e.contains_key(key),
                    "{}: event without {key}: {e:?}",
                    feed.path
                );
            }
            // A UID names one event: the same release in several feeds is
            // the same event, and two events never share a UID.
            let summary = e["SUMMARY"].clone();
            let previous = uids.insert(e["UID"].clone(), summary.clone());
            assert!(
                previous.is_none_or(|p| p == summary),
                "UID {} reused",
                e["UID"]
            );
            if feed.path == "windows.ics" {
                assert!(e["DTSTART"].ends_with('Z') && e["DTEND"].ends_with('Z'));
                continue;
            }
            let id = e["UID"].split('@').next().unwrap().to_string();
            let r = repo
                .release(&id)
                .unwrap_or_else(|| panic!("no release {id}"));
            let w = cx.window(r).unwrap();
            assert_eq!(e["DTSTART"], utc(w.start), "{id}");
            assert_eq!(e["DTEND"], utc(w.end), "{id}");
            assert_eq!(
                e["SUMMARY"],
                format!("{id} {} ({})", r.def.title.get_ref(), r.def.kind.get_ref())
            );
            let status = match r.def.stage.get_ref().as_str() {
                "cancelled" => "CANCELLED",
                "plan" | "build" | "test" => "TENTATIVE",
                _ => "CONFIRMED",
            };
            assert_eq!(e["STATUS"], status, "{id}");
            assert!(e["ORGANIZER"].starts_with("mailto:"), "{id}");
            assert!(e["DESCRIPTION"].contains(&format!("Stage: {}", r.def.stage.get_ref())));
            assert_eq!(
                e["URL"],
                format!("https://releases.example.org/releases/{id}/")
            );
        }
    }
}

#[test]
fn every_feed_of_the_shipped_example_round_trips() {
    round_trip(Path::new(env!("CARGO_MANIFEST_DIR")), "2026-11-24");
}

#[test]
fn every_feed_of_the_fixture_round_trips() {
    round_trip(&fixture("feeds"), "2025-04-01");
}

#[test]
fn release_times_land_right_across_the_march_change() {
    let (_, feeds) = build(&fixture("feeds"), "2025-04-01");
    let all = feeds.iter().find(|f| f.path == "calendar.ics").unwrap();
    let by_uid: BTreeMap<String, BTreeMap<String, String>> = events(all)
        .into_iter()
        .map(|e| (e["UID"].clone(), e))
        .collect();
    let domain = "releases.example.org";
    // 20:00 London is 20:00Z before the clocks go forward, 19:00Z after.
    assert_eq!(
        by_uid[&format!("REL-2025-03-001@{domain}")]["DTSTART"],
        "20250329T200000Z"
    );
    assert_eq!(
        by_uid[&format!("REL-2025-04-001@{domain}")]["DTSTART"],
        "20250405T190000Z"
    );
    assert_eq!(
        by_uid[&format!("REL-2025-04-001@{domain}")]["DTEND"],
        "20250405T210000Z"
    );
    // A cancelled release keeps its UID, so subscribed calendars remove it.
    assert_eq!(
        by_uid[&format!("REL-2025-04-002@{domain}")]["STATUS"],
        "CANCELLED"
    );
}

#[test]
fn recurring_windows_keep_local_time_across_the_change() {
    let (_, feeds) = build(&fixture("feeds"), "2025-04-01");
    let windows = feeds.iter().find(|f| f.path == "windows.ics").unwrap();
    let starts: BTreeMap<String, String> = events(windows)
        .into_iter()
        .filter(|e| e["SUMMARY"] == "Maintenance window: Saturday evening")
        .map(|e| (e["DTSTART"][..8].to_string(), e["DTSTART"].clone()))
        .collect();
    // Saturday 18:00 London: 18:00Z before the change, 17:00Z after; the
    // wall-clock end 06:00 is 06:00Z and 05:00Z.
    assert_eq!(starts["20250329"], "20250329T180000Z");
    assert_eq!(starts["20250405"], "20250405T170000Z");
    let blackout = events(windows)
        .into_iter()
        .find(|e| e["UID"].starts_with("blackout-month-end-close-20250328@"))
        .unwrap();
    assert_eq!(blackout["TRANSP"], "OPAQUE");
    assert_eq!(blackout["DTSTART"], "20250328T000000Z");
}

#[test]
fn two_builds_are_identical() {
    let (_, a) = build(Path::new(env!("CARGO_MANIFEST_DIR")), "2026-11-24");
    let (_, b) = build(Path::new(env!("CARGO_MANIFEST_DIR")), "2026-11-24");
    assert_eq!(a, b);
}

#[test]
fn service_and_train_feeds_hold_their_releases_only() {
    let (repo, feeds) = build(Path::new(env!("CARGO_MANIFEST_DIR")), "2026-11-24");
    for feed in feeds.iter().filter(|f| f.path.starts_with("services/")) {
        let service = feed.path.split('/').nth(1).unwrap();
        let expected = repo
            .releases
            .iter()
            .filter(|r| r.def.service.get_ref() == service)
            .count();
        assert_eq!(events(feed).len(), expected, "{}", feed.path);
    }
    let train = feeds
        .iter()
        .find(|f| f.path.starts_with("trains/"))
        .expect("a train feed");
    assert!(!events(train).is_empty());
}

#[test]
fn the_site_says_how_to_subscribe_in_each_app() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let status = assert_cmd::Command::cargo_bin("trainyard")
        .unwrap()
        .args([
            "build",
            "--no-history",
            "--today",
            "2026-11-24",
            "--base-url",
            "https://releases.example.org/sub/",
            "--root",
        ])
        .arg(env!("CARGO_MANIFEST_DIR"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let calendar = std::fs::read_to_string(out.join("calendar/index.html")).unwrap();
    for needle in [
        "webcal://releases.example.org/sub/calendar.ics",
        "https://releases.example.org/sub/windows.ics",
        "Google Calendar",
        "Outlook",
        "Apple Calendar",
    ] {
        assert!(
            calendar.contains(needle),
            "the calendar page lacks {needle}"
        );
    }
    // The horizon of windows.ics is stated.
    assert!(calendar.contains("from Mon 24 Aug 2026 to Wed 24 May 2028"));
    let service = std::fs::read_to_string(out.join("services/finance/index.html")).unwrap();
    assert!(service.contains("webcal://releases.example.org/sub/services/finance/calendar.ics"));
}

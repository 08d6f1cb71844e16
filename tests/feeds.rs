//! The iCalendar feeds: every feed reads back in a parser other than ours
//! with every event's fields matching the model, lines are folded and
//! ended as RFC 5545 says, times land right across DST, and two builds
//! are identical.

mod common;

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
                stamp: today
                    .parse::<NaiveDate>()
                    .unwrap()
                    .and_time(chrono::NaiveTime::MIN)
                    .and_utc(),
                ..FeedOptions::default()
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

/// Whether a feed's event is an occurrence of a maintenance window or
/// blackout rather than a release.
fn is_period(e: &BTreeMap<String, String>) -> bool {
    matches!(
        e.get("CATEGORIES").map(String::as_str),
        Some("maintenance-window" | "blackout")
    )
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
            if feed.path == "windows.ics" && e["UID"].starts_with("holiday-") {
                // All-day: a date, and the next day as the exclusive end.
                let day = NaiveDate::parse_from_str(&e["DTSTART"], "%Y%m%d").unwrap();
                let end = NaiveDate::parse_from_str(&e["DTEND"], "%Y%m%d").unwrap();
                assert_eq!(end, day.succ_opt().unwrap(), "{e:?}");
                assert_eq!(e["TRANSP"], "TRANSPARENT");
                continue;
            }
            if feed.path == "windows.ics" || is_period(&e) {
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
fn every_feed_of_the_scoped_fixture_round_trips() {
    round_trip(&fixture("cal-scoped"), "2030-03-01");
}

/// The summaries of a feed's events, each with its DTSTART.
fn summaries(feed: &Feed) -> Vec<(String, String)> {
    events(feed)
        .into_iter()
        .map(|e| (e["SUMMARY"].clone(), e["DTSTART"].clone()))
        .collect()
}

fn feed<'f>(feeds: &'f [Feed], path: &str) -> &'f Feed {
    feeds
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
}

#[test]
fn a_service_feed_holds_the_windows_and_blackouts_that_apply_to_it() {
    let (_, feeds) = build(&fixture("cal-scoped"), "2030-03-01");
    let payments = summaries(feed(&feeds, "services/payments/calendar.ics"));
    let has = |list: &[(String, String)], s: &str| list.iter().any(|(x, _)| x == s);
    // Payments' own New York window replaces the organisation's.
    assert!(has(&payments, "Maintenance window: Payments late Saturday"));
    assert!(!has(&payments, "Maintenance window: Saturday night"));
    assert!(has(
        &payments,
        "Blackout: Payments quarter close (no releases)"
    ));
    // 22:00 New York on Saturday 16 March 2030 (EDT since the 10th) is
    // 02:00Z on the Sunday: times stay UTC.
    assert!(payments.contains(&(
        "Maintenance window: Payments late Saturday".into(),
        "20300317T020000Z".into()
    )));
    // Ledger keeps the organisation's window and is not in payments'
    // blackout; events are not in service feeds.
    let ledger = summaries(feed(&feeds, "services/ledger/calendar.ics"));
    assert!(has(&ledger, "Maintenance window: Saturday night"));
    assert!(!has(&ledger, "Maintenance window: Payments late Saturday"));
    assert!(!has(
        &ledger,
        "Blackout: Payments quarter close (no releases)"
    ));
    assert!(!ledger.iter().any(|(s, _)| s.starts_with("Event:")));
}

#[test]
fn period_uids_differ_from_feed_to_feed() {
    let (_, feeds) = build(&fixture("cal-scoped"), "2030-03-01");
    let uid = |path: &str| {
        events(feed(&feeds, path))
            .into_iter()
            .find(|e| e["SUMMARY"] == "Maintenance window: Saturday night")
            .map(|e| e["UID"].clone())
            .unwrap()
    };
    let (all, ledger, search) = (
        uid("windows.ics"),
        uid("services/ledger/calendar.ics"),
        uid("services/search/calendar.ics"),
    );
    assert_ne!(all, ledger);
    assert_ne!(ledger, search);
    assert!(ledger.contains("-ledger@"), "{ledger}");
}

#[test]
fn the_windows_feed_says_whom_each_period_applies_to_and_its_zone() {
    let (_, feeds) = build(&fixture("cal-scoped"), "2030-03-01");
    let windows = events(feed(&feeds, "windows.ics"));
    let description = |summary: &str| {
        windows
            .iter()
            .find(|e| e["SUMMARY"] == summary)
            .map(|e| e["DESCRIPTION"].replace("\\n", "\n").replace("\\,", ","))
            .unwrap_or_else(|| panic!("no {summary}"))
    };
    let org = description("Maintenance window: Saturday night");
    assert!(
        org.contains("Applies to every service but payments."),
        "{org}"
    );
    assert!(!org.contains("Read in"), "{org}");
    let own = description("Maintenance window: Payments late Saturday");
    assert!(own.contains("Applies to payments."), "{own}");
    assert!(own.contains("Read in America/New_York: "), "{own}");
    assert!(own.contains("22:00"), "{own}");
    let blackout = description("Blackout: Payments quarter close (no releases)");
    assert!(blackout.contains("Applies to payments."), "{blackout}");
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
        let releases = events(feed).iter().filter(|e| !is_period(e)).count();
        assert_eq!(releases, expected, "{}", feed.path);
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

/// Builds the site of `root` into a temporary folder and returns every
/// `.ics` file's text by path.
fn built_feeds(root: &Path, extra: &[&str]) -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let run = common::trainyard()
        .args(["build", "--today", "2026-11-24", "--root"])
        .arg(root)
        .arg("--out")
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    common::read_tree(&out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".ics"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect()
}

/// Every value of property `name` in a feed.
fn values<'t>(text: &'t str, name: &str) -> Vec<&'t str> {
    let prefix = format!("{name}:");
    text.split("\r\n")
        .filter_map(|l| l.strip_prefix(prefix.as_str()))
        .collect()
}

#[test]
fn without_history_every_dtstamp_is_the_build_date() {
    let feeds = built_feeds(Path::new(env!("CARGO_MANIFEST_DIR")), &["--no-history"]);
    assert!(feeds.contains_key("windows.ics"));
    for (path, text) in &feeds {
        let stamps = values(text, "DTSTAMP");
        assert!(
            !stamps.is_empty() || !text.contains("BEGIN:VEVENT"),
            "{path}"
        );
        for s in stamps {
            assert_eq!(s, "20261124T000000Z", "{path}");
        }
        assert!(values(text, "LAST-MODIFIED").is_empty(), "{path}");
    }
}

#[test]
fn dtstamp_is_the_commit_built_and_last_modified_the_last_change() {
    use common::git::{git, As};
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    common::copy_dir(&fixture("feeds"), &repo);
    let at = |date| As {
        name: "Rosa Diaz",
        email: "rosa@example.com",
        date: Some(date),
    };
    git(&repo, at("2025-02-01T09:00:00Z"), &["init", "-q"]);
    git(&repo, at("2025-02-01T09:00:00Z"), &["add", "."]);
    git(
        &repo,
        at("2025-02-01T09:00:00Z"),
        &["commit", "-qm", "Plan"],
    );
    let file = repo.join("releases/REL-2025-03-001/release.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\n")).unwrap();
    git(
        &repo,
        at("2025-02-10T12:30:00Z"),
        &["commit", "-qam", "Touch one"],
    );
    std::fs::write(repo.join("notes.txt"), "x").unwrap();
    git(&repo, at("2025-02-20T08:00:00Z"), &["add", "."]);
    git(
        &repo,
        at("2025-02-20T08:00:00Z"),
        &["commit", "-qm", "Other"],
    );
    let feeds = built_feeds(&repo, &[]);
    let all = &feeds["calendar.ics"];
    for text in feeds.values() {
        for s in values(text, "DTSTAMP") {
            assert_eq!(s, "20250220T080000Z");
        }
    }
    let events: Vec<&str> = all.split("BEGIN:VEVENT").skip(1).collect();
    let of = |id: &str| {
        *events
            .iter()
            .find(|e| e.contains(&format!("UID:{id}@")))
            .unwrap()
    };
    assert_eq!(
        values(of("REL-2025-03-001"), "LAST-MODIFIED"),
        ["20250210T123000Z"]
    );
    assert_eq!(
        values(of("REL-2025-04-001"), "LAST-MODIFIED"),
        ["20250201T090000Z"]
    );
    // Two builds of the same commit are the same bytes.
    assert_eq!(feeds, built_feeds(&repo, &[]));
}

#[test]
fn holidays_are_all_day_transparent_events_in_the_windows_feed() {
    let feeds = built_feeds(Path::new(env!("CARGO_MANIFEST_DIR")), &["--no-history"]);
    let windows = &feeds["windows.ics"];
    let christmas = windows
        .split("BEGIN:VEVENT")
        .find(|e| e.contains("DTSTART;VALUE=DATE:20261225"))
        .expect("Christmas Day 2026 in windows.ics");
    assert!(christmas.contains("\r\nDTEND;VALUE=DATE:20261226\r\n"));
    assert!(christmas.contains("\r\nSUMMARY:Holiday: Christmas Day\r\n"));
    assert!(christmas.contains("\r\nTRANSP:TRANSPARENT\r\n"));
}

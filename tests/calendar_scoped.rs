//! Periods scoped to services and read in their own zones, on the fixture
//! `cal-scoped`: a London organisation window, a New York window of
//! payments' own that replaces it for payments, a blackout scoped to
//! payments and an event scoped to ledger. Every rule, `slots`, `windows`,
//! `gate` and `new` keep to the periods that apply to the service.

mod common;

use common::calendar::*;
use common::{copy_dir, fixture, trainyard};
use serde_json::Value;

const FX: &str = "cal-scoped";

fn run_json(args: &[&str]) -> (i32, Value) {
    let out = trainyard()
        .args(args)
        .args(["--format", "json", "--root"])
        .arg(fixture(FX))
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), doc)
}

fn run_text(root: &std::path::Path, args: &[&str]) -> (i32, String) {
    let out = trainyard()
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap(), text)
}

#[test]
fn a_service_with_its_own_windows_uses_only_those() {
    let (_, doc) = lint(FX, "2026-11-24");
    // 002: payments inside the London window but outside its own; 004:
    // ledger in the New York window but past the London one.
    assert_eq!(
        ids(&doc, "outside-maintenance-window"),
        ["REL-2030-03-002", "REL-2030-03-004"]
    );
    let d = finding(
        &doc,
        FX,
        "outside-maintenance-window",
        "REL-2030-03-002",
        START,
    );
    assert_eq!(
        message(d),
        "window Sat 16 Mar 2030 20:00-22:00 Europe/London is outside every maintenance window; \
         the next is 'Payments late Saturday' (Sun 17 Mar 2030 02:00-06:00; Sat 16 Mar 2030 \
         22:00 - Sun 17 Mar 2030 02:00 in America/New_York)"
    );
    let d = finding(
        &doc,
        FX,
        "outside-maintenance-window",
        "REL-2030-03-004",
        START,
    );
    assert!(message(d).contains("past the end of maintenance window 'Saturday night'"));
}

#[test]
fn a_scoped_blackout_applies_only_to_the_services_it_names() {
    let (_, doc) = lint(FX, "2026-11-24");
    // 005 is payments in the quarter close; 006 is search at the same time.
    assert_eq!(ids(&doc, "blackout"), ["REL-2030-03-005"]);
    let d = finding(&doc, FX, "blackout", "REL-2030-03-005", START);
    assert!(
        message(d).contains("overlaps blackout 'Payments quarter close'"),
        "{d}"
    );
}

#[test]
fn a_scoped_event_in_its_own_zone_conflicts_only_with_its_services() {
    let (_, doc) = lint(FX, "2026-11-24");
    // 007 is ledger during the migration; 008 is payments then.
    assert_eq!(ids(&doc, "event-conflict"), ["REL-2030-03-007"]);
    let d = finding(&doc, FX, "event-conflict", "REL-2030-03-007", START);
    assert_eq!(
        message(d),
        "window Sat 30 Mar 2030 20:00-22:00 Europe/London overlaps event 'Ledger migration' \
         (Sat 30 Mar 2030 16:00 - Sun 31 Mar 2030 17:00; Sat 30 Mar 2030 12:00 - Sun 31 Mar \
         2030 12:00 in America/New_York), which affects ledger"
    );
    // Nothing else in the fixture breaks a rule.
    let rules: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules.len(), 4, "{rules:?}");
}

#[test]
fn a_new_york_window_keeps_new_york_time_across_both_clock_changes() {
    // New York changes on 10 March 2030, London on 31 March: between them
    // the zones are 4 hours apart instead of 5.
    let (_, doc) = run_json(&[
        "windows",
        "--service",
        "payments",
        "--from",
        "2030-03-09",
        "--days",
        "30",
        "--today",
        "2026-11-24",
    ]);
    assert_eq!(doc["service"], "payments");
    let windows: Vec<(&str, &str, &str)> = doc["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["kind"] == "maintenance-window")
        .map(|o| {
            assert_eq!(o["name"], "Payments late Saturday");
            assert_eq!(o["period_timezone"], "America/New_York");
            assert_eq!(o["applies_to"], "payments");
            (
                o["start"].as_str().unwrap(),
                o["end"].as_str().unwrap(),
                o["start_local"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        windows,
        [
            // 22:00 EST (-05:00), 03:00 in London; the night New York
            // springs forward, 4h of elapsed time ends at 03:00 EDT.
            (
                "2030-03-10T03:00:00Z",
                "2030-03-10T07:00:00Z",
                "2030-03-10T03:00:00+00:00"
            ),
            // 22:00 EDT (-04:00), 02:00 in London (GMT): 4 hours apart.
            (
                "2030-03-17T02:00:00Z",
                "2030-03-17T06:00:00Z",
                "2030-03-17T02:00:00+00:00"
            ),
            (
                "2030-03-24T02:00:00Z",
                "2030-03-24T06:00:00Z",
                "2030-03-24T02:00:00+00:00"
            ),
            // London is on BST from 31 March: 5 hours apart again.
            (
                "2030-03-31T02:00:00Z",
                "2030-03-31T06:00:00Z",
                "2030-03-31T03:00:00+01:00"
            ),
            (
                "2030-04-07T02:00:00Z",
                "2030-04-07T06:00:00Z",
                "2030-04-07T03:00:00+01:00"
            ),
        ]
    );
    // The London window is on London time throughout, and not payments'.
    let (_, doc) = run_json(&[
        "windows",
        "--service",
        "ledger",
        "--from",
        "2030-03-16",
        "--days",
        "1",
        "--today",
        "2026-11-24",
    ]);
    let occ = doc["occurrences"].as_array().unwrap();
    assert_eq!(occ.len(), 1, "{occ:?}");
    assert_eq!(occ[0]["name"], "Saturday night");
    assert_eq!(occ[0]["applies_to"], "every service but payments");
    assert_eq!(occ[0]["start"], "2030-03-16T18:00:00Z");
    // And the rules agree: payments releases at 22:30 New York before,
    // between and after the changes are inside its window (none of 001,
    // 009 and REL-2030-04-001 is reported), one at 21:30 is not.
    let (_, lint_doc) = lint(FX, "2026-11-24");
    let flagged = ids(&lint_doc, "outside-maintenance-window");
    for id in ["REL-2030-03-001", "REL-2030-03-009", "REL-2030-04-001"] {
        assert!(!flagged.contains(&id.to_string()), "{id}: {flagged:?}");
    }
}

#[test]
fn windows_without_a_service_say_whom_each_period_applies_to() {
    let (code, text) = run_text(
        &fixture(FX),
        &[
            "windows",
            "--from",
            "2030-03-16",
            "--days",
            "15",
            "--today",
            "2026-11-24",
        ],
    );
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("maintenance window 'Saturday night' (for every service but payments), 12h"),
        "{text}"
    );
    assert!(
        text.contains(
            "maintenance window 'Payments late Saturday' (for payments; Sat 16 Mar 2030 \
             22:00 - Sun 17 Mar 2030 02:00 America/New_York), 4h"
        ),
        "{text}"
    );
    assert!(
        text.contains("blackout 'Payments quarter close' (for payments): no releases of any type"),
        "{text}"
    );
    assert!(
        text.contains(
            "event 'Ledger migration' (Sat 30 Mar 2030 12:00 - Sun 31 Mar 2030 12:00 \
             America/New_York), affecting ledger"
        ),
        "{text}"
    );
    // Only the payments window is blacked out, not the London one.
    assert!(
        text.contains("4h; blackout 'Payments quarter close' covers all of it"),
        "{text}"
    );
    assert!(!text.contains("12h; blackout"), "{text}");
    let (code, text) = run_text(
        &fixture(FX),
        &["windows", "--service", "paymnts", "--today", "2026-11-24"],
    );
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("did you mean `payments`?"), "{text}");
}

#[test]
fn slots_keep_to_the_service_s_windows_blackouts_and_events() {
    let slot = |id: &str, after: &str| {
        let (_, doc) = run_json(&[
            "slots",
            id,
            "--after",
            after,
            "--count",
            "1",
            "--today",
            "2026-11-24",
        ]);
        let s = &doc["slots"][0];
        (
            s["start"].as_str().unwrap().to_string(),
            s["maintenance_window"].as_str().unwrap().to_string(),
        )
    };
    // Payments: its own window, and not in the quarter close (24 March).
    assert_eq!(
        slot("REL-2030-03-002", "2030-03-20"),
        (
            "2030-04-14T02:00:00Z".to_string(),
            "Payments late Saturday".to_string()
        )
    );
    // Search: the London window, the payments close notwithstanding.
    assert_eq!(
        slot("REL-2030-03-006", "2030-03-20"),
        (
            "2030-03-23T18:00:00Z".to_string(),
            "Saturday night".to_string()
        )
    );
    // Ledger: not during its migration on 30 March.
    assert_eq!(
        slot("REL-2030-03-007", "2030-03-27"),
        (
            "2030-04-06T17:00:00Z".to_string(),
            "Saturday night".to_string()
        )
    );
}

#[test]
fn gate_answers_for_the_service_s_own_periods() {
    let root = fixture(FX);
    let gate =
        |service: &str, at: &str| run_text(&root, &["gate", "--service", service, "--at", at]);
    let (code, text) = gate("payments", "2030-03-16 20:00");
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("no maintenance window is open; the next is 'Payments late Saturday'"),
        "{text}"
    );
    let (code, text) = gate("ledger", "2030-03-16 20:00");
    assert_eq!(code, 0, "{text}");
    let (code, text) = gate("payments", "2030-03-17 02:30");
    assert_eq!(code, 0, "{text}");
    let (code, text) = gate("ledger", "2030-03-17 06:30");
    assert_eq!(code, 1, "{text}");
    // The quarter close stops payments, not search.
    let (code, text) = gate("payments", "2030-03-24 02:30");
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("blackout 'Payments quarter close'"), "{text}");
    let (code, text) = gate("search", "2030-03-24 02:30");
    assert_eq!(code, 0, "{text}");
    // The migration stops ledger, not payments.
    let (code, text) = gate("ledger", "2030-03-30 20:00");
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("event 'Ledger migration'"), "{text}");
    let (code, text) = gate("payments", "2030-03-31 03:30");
    assert_eq!(code, 0, "{text}");
    // `--release` reads the release's service: payments in the London
    // window is outside its own; ledger then is not.
    let release = |id: &str| {
        run_text(
            &root,
            &["gate", "--release", id, "--at", "2030-03-16 20:00"],
        )
    };
    let (code, text) = release("REL-2030-03-002");
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("(outside-maintenance-window)"), "{text}");
    let (_, text) = release("REL-2030-03-003");
    assert!(!text.contains("outside-maintenance-window"), "{text}");
}

#[test]
fn new_refuses_a_window_outside_the_service_s_own() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(FX), dir.path());
    let new = |service: &str| {
        run_text(
            dir.path(),
            &[
                "new",
                "--service",
                service,
                "--type",
                "minor",
                "--window",
                "2030-03-16 20:00",
                "--manager",
                "alice",
                "--title",
                "Saturday evening",
                "--today",
                "2026-11-24",
            ],
        )
    };
    let (code, text) = new("payments");
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("[outside-maintenance-window]"), "{text}");
    assert!(text.contains("Nothing was created"), "{text}");
    assert!(!dir.path().join("releases/REL-2030-03-010").exists());
    let (code, text) = new("ledger");
    assert_eq!(code, 0, "{text}");
    assert!(dir
        .path()
        .join("releases/REL-2030-03-010/release.toml")
        .exists());
}

/// `cal-scoped` with its calendar edited.
fn edited(from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(FX), dir.path());
    let path = dir.path().join("policies/calendar.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from));
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    dir
}

fn lint_dir(dir: &std::path::Path) -> Value {
    let out = trainyard()
        .args([
            "lint",
            "--format",
            "json",
            "--today",
            "2026-11-24",
            "--root",
        ])
        .arg(dir)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn calendar_finding<'a>(doc: &'a Value, rule: &str) -> &'a Value {
    of_rule(doc, rule)
        .into_iter()
        .find(|d| d["file"] == "policies/calendar.toml")
        .unwrap_or_else(|| panic!("no {rule} in calendar.toml: {doc}"))
}

#[test]
fn a_scoped_period_naming_no_service_is_an_unknown_reference() {
    for (from, to) in [
        (
            "services = [\"payments\"]\ntimezone",
            "services = [\"paymnts\"]\ntimezone",
        ),
        (
            "name = \"Payments quarter close\"\nservices = [\"payments\"]",
            "name = \"Payments quarter close\"\nservices = [\"paymnts\"]",
        ),
    ] {
        let dir = edited(from, to);
        let doc = lint_dir(dir.path());
        let d = calendar_finding(&doc, "unknown-reference");
        assert_eq!(
            message(d),
            "`paymnts` is not a service in policies/services.toml"
        );
        assert_eq!(d["help"], "did you mean `payments`?");
        assert!(of_rule(&doc, "schema-error").is_empty(), "{doc}");
    }
}

#[test]
fn a_bad_period_zone_is_a_schema_error_at_its_line() {
    let dir = edited(
        "timezone = \"America/New_York\"\nrrule",
        "timezone = \"America/New York\"\nrrule",
    );
    let doc = lint_dir(dir.path());
    let d = calendar_finding(&doc, "schema-error");
    let text = std::fs::read_to_string(dir.path().join("policies/calendar.toml")).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("America/New York"))
        .unwrap() as u64
        + 1;
    assert_eq!(d["line"], line);
    assert!(
        message(d).starts_with("maintenance window 'Payments late Saturday': unknown time zone"),
        "{d}"
    );
    assert!(
        message(d).contains("did you mean \"America/New_York\"?"),
        "{d}"
    );
}

#[test]
fn a_broken_window_of_one_service_leaves_the_others_checked() {
    // Payments' own window no longer compiles: payments' releases are not
    // checked against the maintenance windows until it does, everyone
    // else's still are.
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture(FX), tmp.path());
    let cal = tmp.path().join("policies/calendar.toml");
    let text = std::fs::read_to_string(&cal).unwrap();
    let broken = text.replacen(
        "services = [\"payments\"]\ntimezone = \"America/New_York\"\nrrule = \"FREQ=WEEKLY;BYDAY=SA\"",
        "services = [\"payments\"]\ntimezone = \"America/New_York\"\nrrule = \"FREQ=WEEKLY;BYDAY=XX\"",
        1,
    );
    assert_ne!(broken, text, "the payments window is in the fixture");
    std::fs::write(&cal, broken).unwrap();
    let out = trainyard()
        .args([
            "lint",
            "--today",
            "2026-11-24",
            "--format",
            "json",
            "--root",
        ])
        .arg(tmp.path())
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    // 004 (ledger, past the London window) is still reported; 002
    // (payments) is not, since its own window cannot be read.
    assert_eq!(ids(&doc, "outside-maintenance-window"), ["REL-2030-03-004"]);
    let notes = doc["summary"]["not_checked"].as_array().unwrap();
    assert_eq!(notes.len(), 1, "{notes:?}");
    let note = notes[0]["note"].as_str().unwrap();
    let payments = 6;
    assert!(
        note.starts_with(&format!(
            "{payments} releases not checked against the maintenance windows"
        )),
        "{note}"
    );
}

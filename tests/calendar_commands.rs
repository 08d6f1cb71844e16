//! `trainyard slots`, `windows` and `gate` on the shipped example and on
//! calendar fixtures: what they print for people, what they write for
//! scripts, and their exit codes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The project's own checkout: the shipped example repository.
fn shipped() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn trainyard() -> Command {
    let mut cmd = Command::cargo_bin("trainyard").unwrap();
    cmd.env("NO_COLOR", "1").env("COLUMNS", "100");
    cmd
}

/// Runs a command on `root`: exit code, standard output, standard error.
fn run(args: &[&str], root: &Path) -> (i32, String, String) {
    let out = trainyard()
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn slots_on_the_shipped_example() {
    let (code, text, _) = run(
        &["slots", "REL-2027-03-002", "--today", "2026-11-24"],
        &shipped(),
    );
    assert_eq!(code, 0);
    insta::assert_snapshot!("slots_shipped", text);
    let (code, text, _) = run(
        &[
            "slots",
            "REL-2027-03-001",
            "--today",
            "2026-11-24",
            "--count",
            "3",
            "--format",
            "json",
        ],
        &shipped(),
    );
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["release"], "REL-2027-03-001");
    assert_eq!(doc["duration"], "4h");
    let slots = doc["slots"].as_array().unwrap();
    assert_eq!(slots.len(), 3);
    for s in slots {
        for k in [
            "start",
            "end",
            "start_local",
            "end_local",
            "text",
            "maintenance_window",
        ] {
            assert!(!s[k].is_null(), "{k}: {s}");
        }
        assert!(s["start"].as_str().unwrap().ends_with('Z'));
    }
    // The major schedule (15 days from plan) and high-impact notice rule
    // out everything before 9 December; the year-end freeze is skipped.
    assert!(slots[0]["start"].as_str().unwrap() >= "2026-12-09");
    let (code, _, err) = run(&["slots", "REL-2027-03-02"], &shipped());
    assert_eq!(code, 2);
    assert!(err.contains("did you mean REL-2027-03-002?"), "{err}");
    let (code, _, err) = run(&["slots", "REL-2026-03-001"], &shipped());
    assert_eq!(code, 2);
    assert!(err.contains("stage = \"close\""), "{err}");
}

#[test]
fn slots_skip_what_the_rules_would_reject() {
    // REL-2030-03-002 (ledger, which depends on billing) for 3 hours from
    // Friday 1 March: billing's REL-2030-03-001 holds Saturday 20:00-22:00,
    // so 18:00 does not fit and the first slot starts at 22:00.
    let root = fixture("cal-conflicts");
    let (code, text, _) = run(
        &[
            "slots",
            "REL-2030-03-002",
            "--today",
            "2030-03-01",
            "--duration",
            "3h",
            "--count",
            "2",
            "--format",
            "json",
        ],
        &root,
    );
    assert_eq!(code, 0, "{text}");
    let doc: Value = serde_json::from_str(&text).unwrap();
    let starts: Vec<&str> = doc["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["start_local"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        ["2030-03-02T22:00:00+00:00", "2030-03-03T18:00:00+00:00"]
    );
    let skipped = doc["skipped"].as_array().unwrap();
    assert!(skipped.is_empty(), "{skipped:?}");
    // Nothing fits when the search is too short and the nights too full.
    let (code, text, _) = run(
        &[
            "slots",
            "REL-2030-03-002",
            "--today",
            "2030-03-01",
            "--duration",
            "13h",
            "--within",
            "10",
        ],
        &root,
    );
    assert_eq!(code, 1);
    assert!(
        text.starts_with("No legal window for REL-2030-03-002"),
        "{text}"
    );
    assert!(
        text.contains("less than the 13h the release needs"),
        "{text}"
    );
}

#[test]
fn slots_name_a_stage_without_repeating_the_word() {
    let (code, text, _) = run(
        &["slots", "REL-2026-12-002", "--today", "2027-01-10"],
        &shipped(),
    );
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("the major timeline needs `stage` done 3 days before the window"),
        "{text}"
    );
    assert!(!text.contains("stage stage"), "{text}");
}

#[test]
fn windows_in_plain_words() {
    let (code, text, _) = run(
        &["windows", "--from", "2027-03-24", "--days", "7"],
        &shipped(),
    );
    assert_eq!(code, 0);
    insta::assert_snapshot!("windows_shipped", text);
    let (_, text, _) = run(
        &["windows", "--today", "2026-11-24", "--format", "json"],
        &shipped(),
    );
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["from"], "2026-11-24");
    assert_eq!(doc["days"], 14);
    let kinds: Vec<&str> = doc["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"maintenance-window"));
    assert!(kinds.contains(&"blackout"));
    assert!(kinds.contains(&"event"));
}

#[test]
fn gate_answers_for_pipelines() {
    let root = shipped();
    // Saturday 28 November 2026: a maintenance night inside month-end and
    // the Black Friday peak.
    let (code, text, _) = run(
        &[
            "gate",
            "--service",
            "payments",
            "--at",
            "2026-11-28T20:00:00",
        ],
        &root,
    );
    assert_eq!(code, 1);
    insta::assert_snapshot!("gate_blocked", text);
    let (code, text, _) = run(
        &[
            "gate",
            "--service",
            "finance",
            "--at",
            "2026-12-05T20:00:00",
            "--format",
            "json",
        ],
        &root,
    );
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["allowed"], true);
    assert_eq!(doc["maintenance_window"]["name"], "Saturday night");
    assert_eq!(doc["next_change"], "2026-12-06T06:00:00Z");
    // Emergencies may deploy in a blackout on a weekday, but not in an
    // event on their service.
    let (code, _, _) = run(
        &[
            "gate",
            "--service",
            "finance",
            "--at",
            "2026-12-16T11:00",
            "--type",
            "emergency",
        ],
        &root,
    );
    assert_eq!(code, 0);
    let (code, text, _) = run(
        &[
            "gate",
            "--service",
            "payments",
            "--at",
            "2026-11-27T11:00:00Z",
            "--type",
            "emergency",
            "--format",
            "json",
        ],
        &root,
    );
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["reasons"][0]["kind"], "event");
    assert_eq!(doc["next_change"], "2026-12-01T00:00:00Z");
    // Could not run: unknown service or type, a time that does not exist.
    let (code, _, err) = run(&["gate", "--service", "paymnts"], &root);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `payments`?"), "{err}");
    let (code, _, err) = run(&["gate", "--service", "payments", "--type", "minr"], &root);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `minor`?"), "{err}");
    let (code, _, err) = run(
        &["gate", "--service", "payments", "--at", "2027-03-28T01:30"],
        &root,
    );
    assert_eq!(code, 2);
    assert!(err.contains("does not exist in Europe/London"), "{err}");
}

#[test]
fn gate_refuses_a_calendar_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture("cal-month-end");
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let dest = dir.path().join(entry.path().strip_prefix(&src).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
    let cal = dir.path().join("policies/calendar.toml");
    let at = ["gate", "--service", "billing", "--at", "2030-03-13T12:00"];
    // Readable: no maintenance windows defined, no blackout on the 13th.
    let (code, text, _) = run(&at, dir.path());
    assert_eq!(code, 0, "{text}");
    let text = std::fs::read_to_string(&cal).unwrap();
    std::fs::write(
        &cal,
        text.replace("BYMONTHDAY=-1", "BYMONTHDAY=-1;BYDAY=XX"),
    )
    .unwrap();
    let (code, _, err) = run(&at, dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("blackout 'Month end' cannot be read"), "{err}");
    let text = std::fs::read_to_string(&cal).unwrap();
    std::fs::write(
        &cal,
        text.replace("BYDAY=XX", "BYDAY=MO")
            .replace("Europe/London", "Europe/Londn"),
    )
    .unwrap();
    let (code, _, err) = run(&at, dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("did you mean \"Europe/London\"?"), "{err}");
}

#[test]
fn gate_a_service_counts_releases_of_services_tied_to_it() {
    let root = shipped();
    // REL-2027-01-001 (api-gateway) deploys 20:00-22:00 on Saturday 16
    // January 2027; finance depends on api-gateway, api-gateway on identity.
    let at = "2027-01-16 20:30";
    for (service, tie) in [
        ("finance", "finance depends on api-gateway"),
        ("identity", "api-gateway depends on identity"),
    ] {
        let (code, text, _) = run(&["gate", "--service", service, "--at", at], &root);
        assert_eq!(code, 1, "{text}");
        assert!(
            text.contains(&format!("  - release REL-2027-01-001 (API gateway v3.2.0, Sat 16 Jan 2027 20:00-22:00) of api-gateway is in its window ({tie}); deploy after it ends\n")),
            "{text}"
        );
        assert!(
            text.contains("It may deploy from Sat 16 Jan 2027 22:00."),
            "{text}"
        );
    }
    // Its own service: the deployment expected, left to `gate --release`.
    let (code, text, _) = run(&["gate", "--service", "api-gateway", "--at", at], &root);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("REL-2027-01-001 (API gateway v3.2.0, Sat 16 Jan 2027 20:00-22:00) is in its window then: the deployment expected; `trainyard gate --release REL-2027-01-001` checks it."),
        "{text}"
    );
    let (_, text, _) = run(
        &[
            "gate",
            "--service",
            "finance",
            "--at",
            at,
            "--format",
            "json",
        ],
        &root,
    );
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["reasons"][0]["kind"], "release");
    assert_eq!(doc["reasons"][0]["release"], "REL-2027-01-001");
    // A service with no tie to it may deploy.
    let (code, text, _) = run(&["gate", "--service", "data-platform", "--at", at], &root);
    assert_eq!(code, 0, "{text}");
}

#[test]
fn gate_a_release_before_production() {
    let root = shipped();
    // REL-2026-12-001 is at stage deploy, clean, window Sat 5 Dec 20:00-23:00.
    let (code, text, _) = run(
        &[
            "gate",
            "--release",
            "REL-2026-12-001",
            "--at",
            "2026-12-05 20:30",
        ],
        &root,
    );
    assert_eq!(code, 0, "{text}");
    assert!(text.starts_with("yes: REL-2026-12-001 (HR portal v1.9.0) may deploy to production at Sat 5 Dec 2026 20:30 Europe/London: stage deploy, no error findings, inside its window; its window closes at Sat 5 Dec 2026 23:00."), "{text}");
    let (code, text, _) = run(
        &[
            "gate",
            "--release",
            "REL-2026-12-001",
            "--at",
            "2026-12-04 20:30",
        ],
        &root,
    );
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("  - its window opens at Sat 5 Dec 2026 20:00 (Sat 5 Dec 2026 20:00-23:00)"),
        "{text}"
    );
    let (code, text, _) = run(
        &[
            "gate",
            "--release",
            "REL-2026-12-001",
            "--at",
            "2026-12-05 23:00",
        ],
        &root,
    );
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("  - its window closed at Sat 5 Dec 2026 23:00"),
        "{text}"
    );
    // Not at stage deploy: which stage, and what to do.
    let (code, text, _) = run(
        &[
            "gate",
            "--release",
            "REL-2026-12-002",
            "--at",
            "2026-12-12 20:30",
            "--format",
            "json",
        ],
        &root,
    );
    assert_eq!(code, 1, "{text}");
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["reasons"][0]["kind"], "stage");
    assert_eq!(doc["reasons"][0]["message"], "REL-2026-12-002 is at stage `stage`, not `deploy`: promote it with `trainyard promote REL-2026-12-002 --to deploy` (which checks the deploy entry criteria) and merge that change before deploying");
    // Unknown release, or one with a type: could not run.
    let (code, _, err) = run(&["gate", "--release", "REL-2026-12-01"], &root);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `REL-2026-12-001`?"), "{err}");
    let (code, _, _) = run(
        &["gate", "--release", "REL-2026-12-001", "--type", "minor"],
        &root,
    );
    assert_eq!(code, 2);
}

#[test]
fn gate_a_release_lists_its_error_findings() {
    let dir = tempfile::tempdir().unwrap();
    let src = shipped();
    for top in ["releases", "policies"] {
        for entry in walkdir::WalkDir::new(src.join(top)) {
            let entry = entry.unwrap();
            let dest = dir.path().join(entry.path().strip_prefix(&src).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                std::fs::copy(entry.path(), &dest).unwrap();
            }
        }
    }
    let file = dir.path().join("releases/REL-2026-12-001/release.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("rationale = "))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&file, without).unwrap();
    let (code, text, _) = run(
        &[
            "gate",
            "--release",
            "REL-2026-12-001",
            "--at",
            "2026-12-05 20:30",
        ],
        dir.path(),
    );
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("  - REL-2026-12-001 has 1 error finding (missing-definition-field); `trainyard lint` shows where and how to fix it:\n      stage = \"deploy\" needs `rationale`"),
        "{text}"
    );
}

#[test]
fn windows_lists_holidays() {
    let (code, text, _) = run(
        &["windows", "--from", "2026-12-21", "--days", "14"],
        &shipped(),
    );
    assert_eq!(code, 0);
    assert!(
        text.contains("Fri 25 Dec 2026, all day")
            && text.contains("holiday 'Christmas Day': not a business day"),
        "{text}"
    );
    let (_, text, _) = run(
        &[
            "windows",
            "--from",
            "2026-12-21",
            "--days",
            "14",
            "--format",
            "json",
        ],
        &shipped(),
    );
    let doc: Value = serde_json::from_str(&text).unwrap();
    let days: Vec<&str> = doc["holidays"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap())
        .collect();
    assert!(days.contains(&"2026-12-25"), "{days:?}");
    assert!(days
        .iter()
        .all(|d| ("2026-12-21".."2027-01-04").contains(d)));
}

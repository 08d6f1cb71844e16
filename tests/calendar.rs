//! The calendar rules on fixture repositories (tests/fixtures/cal-*): each
//! fires where it should, with a message a release manager understands,
//! and stays silent on the shipped example. The rules across clock
//! changes are in calendar_dst.rs; the commands built on the calendar are
//! in calendar_commands.rs.

mod common;

use serde_json::Value;

use common::calendar::*;
use common::{fixture, trainyard};

#[test]
fn outside_maintenance_window() {
    let fx = "cal-windows";
    let (code, doc) = lint(fx, "2026-11-24");
    assert_eq!(code, 1);
    let d = finding(
        &doc,
        fx,
        "outside-maintenance-window",
        "REL-2030-03-001",
        START,
    );
    assert_eq!(
        message(d),
        "window Wed 13 Mar 2030 20:00-22:00 Europe/London is outside every maintenance window; \
         the next is 'Saturday night' (Sat 16 Mar 2030 18:00 - Sun 17 Mar 2030 06:00)"
    );
    assert_eq!(d["code"], "TY201");
    assert!(d["help"]
        .as_str()
        .unwrap()
        .contains("trainyard slots REL-2030-03-001"));
    let d = finding(
        &doc,
        fx,
        "outside-maintenance-window",
        "REL-2030-03-002",
        START,
    );
    assert!(message(d).contains("runs 1h past the end of maintenance window 'Saturday night'"));
    let d = finding(
        &doc,
        fx,
        "outside-maintenance-window",
        "REL-2030-03-009",
        START,
    );
    assert!(message(d).contains("starts 1h before maintenance window 'Saturday night' opens"));
    // The emergency release on a Wednesday and the Saturday release are fine.
    assert_eq!(
        ids(&doc, "outside-maintenance-window"),
        ["REL-2030-03-001", "REL-2030-03-002", "REL-2030-03-009"]
    );
}

#[test]
fn event_conflict_on_the_service_and_everyone() {
    let fx = "cal-windows";
    let (_, doc) = lint(fx, "2026-11-24");
    let d = finding(&doc, fx, "event-conflict", "REL-2030-03-005", START);
    assert_eq!(
        message(d),
        "window Sat 23 Mar 2030 20:00-22:00 Europe/London overlaps event 'Trading peak' \
         (Sat 23 Mar 2030 18:00 - Sun 24 Mar 2030 06:00), which affects payments"
    );
    // Emergencies are not exempt from events; billing is not affected.
    finding(&doc, fx, "event-conflict", "REL-2030-03-007", START);
    let d = finding(&doc, fx, "event-conflict", "REL-2030-03-008", START);
    assert!(message(d).ends_with("which affects every service"), "{d}");
    assert_eq!(
        ids(&doc, "event-conflict"),
        ["REL-2030-03-005", "REL-2030-03-007", "REL-2030-03-008"]
    );
}

#[test]
fn window_in_past_and_outside_train_period() {
    let fx = "cal-windows";
    let (_, doc) = lint(fx, "2026-11-24");
    let d = finding(&doc, fx, "window-in-past", "REL-2026-10-001", START);
    assert_eq!(d["severity"], "warning");
    assert!(
        message(d).contains("ended before today (Tue 24 Nov 2026)"),
        "{d}"
    );
    // A closed release's window is history, not a problem.
    assert_eq!(ids(&doc, "window-in-past"), ["REL-2026-10-001"]);
    let d = finding(&doc, fx, "outside-train-period", "REL-2030-04-001", START);
    assert!(
        message(d).contains(
            "ends after the train's period closes: train '2030-Q1' runs from Sun 6 Jan 2030 to \
             Sun 31 Mar 2030"
        ),
        "{d}"
    );
    assert_eq!(ids(&doc, "outside-train-period"), ["REL-2030-04-001"]);
    // A day later the window of REL-2026-10-001 is still past; a day
    // before its window ended, it is not.
    let (_, doc) = lint(fx, "2026-10-10");
    assert!(ids(&doc, "window-in-past").is_empty());
    let (_, doc) = lint(fx, "2026-10-11");
    assert_eq!(ids(&doc, "window-in-past"), ["REL-2026-10-001"]);
}

#[test]
fn month_end_blackout_in_28_30_and_31_day_months() {
    let fx = "cal-month-end";
    let (code, doc) = lint(fx, "2026-11-24");
    assert_eq!(code, 1);
    let d = finding(&doc, fx, "blackout", "REL-2030-02-001", START);
    assert_eq!(
        message(d),
        "window Thu 28 Feb 2030 12:00-13:00 Europe/London overlaps blackout 'Month end' \
         (Thu 28 Feb 2030 00:00-24:00)"
    );
    assert_eq!(d["code"], "TY202");
    finding(&doc, fx, "blackout", "REL-2030-04-001", START);
    finding(&doc, fx, "blackout", "REL-2030-03-001", START);
    // 23:30 on the 30th for an hour reaches into the 31st.
    let d = finding(&doc, fx, "blackout", "REL-2030-03-003", START);
    assert!(message(d).contains("(Sun 31 Mar 2030 00:00-24:00)"), "{d}");
    // The day before the last is free; emergency is exempt by the
    // blackout's list, patch by its policy (blackouts = false).
    assert_eq!(
        ids(&doc, "blackout"),
        [
            "REL-2030-02-001",
            "REL-2030-03-001",
            "REL-2030-03-003",
            "REL-2030-04-001"
        ]
    );
}
#[test]
fn conflicts_follow_dependencies_and_precedence() {
    let fx = "cal-conflicts";
    let (_, doc) = lint(fx, "2026-11-24");
    // Through a dependency; same type and impact: the lower id wins.
    let d = finding(&doc, fx, "window-conflict", "REL-2030-03-002", START);
    assert_eq!(
        message(d),
        "window Sat 2 Mar 2030 21:00-23:00 Europe/London overlaps REL-2030-03-001 (Billing 001, \
         Sat 2 Mar 2030 20:00-22:00) and ledger depends on billing: REL-2030-03-001 takes \
         precedence as the earlier-booked release (lower id, same type class and impact)"
    );
    assert_eq!(d["code"], "TY203");
    // Higher impact beats the lower id.
    let d = finding(&doc, fx, "window-conflict", "REL-2030-03-004", START);
    assert!(
        message(d).ends_with(
            "REL-2030-03-005 (high impact) takes precedence over this low-impact release"
        ),
        "{d}"
    );
    // Emergency beats higher impact and the lower id.
    let d = finding(&doc, fx, "window-conflict", "REL-2030-03-006", START);
    assert!(
        message(d)
            .ends_with("REL-2030-03-007 (emergency) takes precedence over this scheduled release"),
        "{d}"
    );
    // Emergencies: exempt from windows and blackouts, not from conflicts.
    let d = finding(&doc, fx, "window-conflict", "REL-2030-03-008", START);
    assert!(message(d).contains("REL-2030-03-009 (high impact)"), "{d}");
    assert!(ids(&doc, "outside-maintenance-window").is_empty());
    assert!(ids(&doc, "blackout").is_empty());
    // Unrelated services, cancelled and closed releases and touching
    // windows never conflict.
    assert_eq!(
        ids(&doc, "window-conflict"),
        [
            "REL-2030-03-002",
            "REL-2030-03-004",
            "REL-2030-03-006",
            "REL-2030-03-008"
        ]
    );
}

#[test]
fn three_way_capacity_breach() {
    let fx = "cal-capacity";
    let (code, doc) = lint(fx, "2026-11-24");
    assert_eq!(code, 1);
    let d = finding(&doc, fx, "capacity-exceeded", "REL-2030-03-001", START);
    assert_eq!(
        message(d),
        "3 releases overlap Sat 2 Mar 2030 21:00-22:00 Europe/London, more than max_concurrent = 2 \
         allows: REL-2030-03-002 (b), REL-2030-03-003 (c) and REL-2030-03-001 (a); \
         REL-2030-03-002 and REL-2030-03-003 take precedence over this release (emergency first, \
         then higher impact, then the lower id)"
    );
    // Two at once is within the limit; the cancelled release does not count.
    assert_eq!(ids(&doc, "capacity-exceeded"), ["REL-2030-03-001"]);
}

#[test]
fn notice_in_business_days_across_weekends_and_holidays() {
    let fx = "cal-notice";
    let (_, doc) = lint(fx, "2030-03-18");
    // Window Tuesday 12 March, 3 business days: the deadline is Thursday 7.
    let d = finding(
        &doc,
        fx,
        "insufficient-notice",
        "REL-2030-03-002",
        "at = 2030-03-08",
    );
    assert_eq!(
        message(d),
        "this medium-impact release needs notice to affected-users and support at least 3 business \
         days before the window Tue 12 Mar 2030 20:00-22:00 Europe/London, that is by Thu 7 Mar \
         2030; notified late: affected-users and support (sent Fri 8 Mar 2030, 2 business days \
         before)"
    );
    assert_eq!(d["code"], "TY207");
    // Window Tuesday 19 March after holiday Monday 18: the deadline is
    // Wednesday 13, so Thursday 14 is late.
    let d = finding(
        &doc,
        fx,
        "insufficient-notice",
        "REL-2030-03-003",
        "at = 2030-03-14",
    );
    assert!(message(d).contains("that is by Wed 13 Mar 2030"), "{d}");
    // A missing audience points at the impact.
    let d = finding(
        &doc,
        fx,
        "insufficient-notice",
        "REL-2030-03-005",
        "impact = ",
    );
    assert!(message(d).ends_with("never notified: partners"), "{d}");
    assert_eq!(d["severity"], "error");
    // Before deploy: a warning once the deadline (Fri 15) has passed.
    let d = finding(
        &doc,
        fx,
        "insufficient-notice",
        "REL-2030-03-006",
        "impact = ",
    );
    assert_eq!(d["severity"], "warning");
    assert!(message(d).contains("which has passed"), "{d}");
    assert_eq!(
        ids(&doc, "insufficient-notice"),
        [
            "REL-2030-03-002",
            "REL-2030-03-003",
            "REL-2030-03-005",
            "REL-2030-03-006"
        ]
    );
    // On the deadline itself there is still time: no warning.
    let (_, doc) = lint(fx, "2030-03-15");
    assert!(!ids(&doc, "insufficient-notice").contains(&"REL-2030-03-006".to_string()));
}

#[test]
fn readiness_review_missing_late_or_no_go() {
    let fx = "cal-notice";
    let (_, doc) = lint(fx, "2030-03-18");
    let d = finding(
        &doc,
        fx,
        "missing-readiness-review",
        "REL-2030-03-007",
        "stage = ",
    );
    assert!(message(d).contains("none is recorded"), "{d}");
    // When to hold it, then to record it: never a date to write as done.
    let help = d["help"].as_str().unwrap();
    assert!(help.contains("no later than Fri 15 Mar 2030 20:00"), "{d}");
    assert!(help.contains("at = YYYY-MM-DDTHH:MM:SS"), "{d}");
    let d = finding(
        &doc,
        fx,
        "missing-readiness-review",
        "REL-2030-03-008",
        "at = 2030-03-16",
    );
    assert_eq!(
        message(d),
        "the readiness review at Sat 16 Mar 2030 09:00 was held only 11h before the window opened; \
         it must be held at least 24 hours before the window Sat 16 Mar 2030 20:00-22:00 \
         Europe/London, by Fri 15 Mar 2030 20:00"
    );
    let d = finding(
        &doc,
        fx,
        "missing-readiness-review",
        "REL-2030-03-009",
        "go = false",
    );
    assert!(message(d).contains("no-go"), "{d}");
    assert_eq!(
        ids(&doc, "missing-readiness-review"),
        ["REL-2030-03-007", "REL-2030-03-008", "REL-2030-03-009"]
    );
}

#[test]
fn personnel_unavailable_during_the_window_or_the_day_after() {
    let fx = "cal-people";
    let (code, doc) = lint(fx, "2026-11-24");
    assert_eq!(code, 0, "a warning alone does not fail");
    let d = finding(
        &doc,
        fx,
        "personnel-unavailable",
        "REL-2030-03-002",
        "manager = ",
    );
    assert_eq!(
        message(d),
        "release manager alice (Alice Ng) is unavailable Mon 18 Mar 2030 to Fri 22 Mar 2030 \
         (Training), which includes Mon 18 Mar 2030, the day after the window Sun 17 Mar 2030 \
         20:00-22:00 Europe/London"
    );
    assert_eq!(d["severity"], "warning");
    // `until` as a date includes that day.
    let d = finding(
        &doc,
        fx,
        "personnel-unavailable",
        "REL-2030-03-004",
        "manager = ",
    );
    assert!(
        message(d).contains("during the window Fri 22 Mar 2030"),
        "{d}"
    );
    // An exact absence ending as the window opens does not clash.
    finding(
        &doc,
        fx,
        "personnel-unavailable",
        "REL-2030-03-006",
        "manager = ",
    );
    assert_eq!(
        ids(&doc, "personnel-unavailable"),
        ["REL-2030-03-002", "REL-2030-03-004", "REL-2030-03-006"]
    );
}

#[test]
fn exceptions_waive_calendar_rules() {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(fixture("cal-month-end")) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(fixture("cal-month-end")).unwrap();
        let dest = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
    let release = dir.path().join("releases/REL-2030-02-001/release.toml");
    let mut text = std::fs::read_to_string(&release).unwrap();
    text.push_str(
        "\n[[exceptions]]\nrule = \"blackout\"\nreason = \"Regulatory deadline\"\napproved_by = \"olivia\"\n",
    );
    std::fs::write(&release, text).unwrap();
    let out = trainyard()
        .args([
            "lint",
            "--format",
            "json",
            "--today",
            "2026-11-24",
            "--root",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        ids(&doc, "blackout"),
        ["REL-2030-03-001", "REL-2030-03-003", "REL-2030-04-001"]
    );
    assert!(of_rule(&doc, "unused-exception").is_empty());
}

#[test]
fn the_shipped_example_is_clean_for_the_calendar_rules() {
    for today in ["2026-11-24", "2027-11-24"] {
        let out = trainyard()
            .args(["lint", "--format", "json", "--today", today, "--root"])
            .arg(shipped())
            .output()
            .unwrap();
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        let calendar: Vec<&Value> = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"].as_str().unwrap().starts_with("TY2"))
            .collect();
        if today == "2026-11-24" {
            assert!(calendar.is_empty(), "{calendar:#?}");
        } else {
            assert!(
                calendar.iter().all(|d| d["severity"] == "warning"),
                "{calendar:#?}"
            );
        }
    }
}

#[test]
fn explain_documents_every_calendar_rule() {
    for (rule, code) in [
        ("outside-maintenance-window", "TY201"),
        ("blackout", "TY202"),
        ("window-conflict", "TY203"),
        ("capacity-exceeded", "TY204"),
        ("event-conflict", "TY205"),
        ("personnel-unavailable", "TY206"),
        ("insufficient-notice", "TY207"),
        ("missing-readiness-review", "TY208"),
        ("window-in-past", "TY209"),
        ("outside-train-period", "TY210"),
        ("ambiguous-local-time", "TY211"),
    ] {
        let out = trainyard().args(["explain", code]).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.starts_with(&format!("# {rule} ({code})")), "{text}");
        assert!(text.contains("Family: calendar."), "{text}");
    }
}

#[test]
fn human_output_snapshots() {
    let out = trainyard()
        .args(["lint", "--today", "2026-11-24", "--root"])
        .arg(fixture("cal-dst-london"))
        .output()
        .unwrap();
    insta::assert_snapshot!(
        "human_cal_dst_london",
        String::from_utf8(out.stdout).unwrap()
    );
    let out = trainyard()
        .args(["lint", "--today", "2026-11-24", "--root"])
        .arg(fixture("cal-capacity"))
        .output()
        .unwrap();
    insta::assert_snapshot!("human_cal_capacity", String::from_utf8(out.stdout).unwrap());
}

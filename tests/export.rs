//! `trainyard export`: each target's output has the shape of its format's
//! documented example, and the refusals name the period and say why.
//! (`tests/export_agree.rs` checks, minute by minute, that the exports
//! open and close when the calendar does.)

mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use trainyard::export::{self, Options, Target};
use trainyard::model::CalendarDef;
use trainyard::time::Interval;

fn run(
    toml: &str,
    target: Target,
    from: (i32, u32, u32),
    until: (i32, u32, u32),
) -> Result<String, String> {
    let def: CalendarDef = toml::from_str(toml).unwrap();
    let tz: Tz = def
        .timezone
        .as_ref()
        .map_or("UTC", |z| z.get_ref().as_str())
        .parse()
        .unwrap();
    let day = |(y, m, d)| {
        let n = NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        tz.from_local_datetime(&n).unwrap().with_timezone(&Utc)
    };
    let range = Interval {
        start: day(from),
        end: day(until),
    };
    let periods = export::periods(&def, tz, &[], None, &range).map_err(|e| e.to_string())?;
    let options = Options {
        range,
        applications: vec!["*".into()],
        names: Default::default(),
    };
    export::export(target, &periods, &options).map_err(|e| e.to_string())
}

/// GitLab's Freeze Periods API documents this freeze, Friday 23:00 to
/// Monday 08:00 UTC: `{"freeze_start": "0 23 * * 5", "freeze_end": "0 8 * *
/// 1", "cron_timezone": "UTC"}`.
#[test]
fn gitlab_freeze_matches_the_documented_example() {
    let cal = r#"
timezone = "UTC"
[[blackouts]]
name = "Weekend"
rrule = "FREQ=WEEKLY;BYDAY=FR"
start = "23:00"
duration = "57h"
"#;
    let out = run(cal, Target::GitlabFreeze, (2026, 1, 1), (2027, 1, 1)).unwrap();
    let got: serde_json::Value = serde_json::from_str(&out).unwrap();
    let documented = serde_json::json!([
        {"freeze_start": "0 23 * * 5", "freeze_end": "0 8 * * 1", "cron_timezone": "UTC"}
    ]);
    assert_eq!(got, documented, "{out}");
}

/// Argo CD's sync windows page documents `kind: allow`, `schedule: '10 1 *
/// * *'`, `duration: 1h` and a `kind: deny` window at `'0 22 * * *'` for
/// `1h` with `timeZone: "Europe/Amsterdam"`; `applications` lists names.
#[test]
fn argo_sync_windows_match_the_documented_example() {
    let cal = r#"
timezone = "Europe/Amsterdam"
[[maintenance_windows]]
name = "Night"
rrule = "FREQ=DAILY"
start = "01:10"
duration = "1h"
[[blackouts]]
name = "Evening"
rrule = "FREQ=DAILY"
start = "22:00"
duration = "1h"
"#;
    let out = run(cal, Target::ArgoSyncWindows, (2026, 1, 1), (2027, 1, 1)).unwrap();
    let expected = "\
spec:
  syncWindows:
    # blackout 'Evening'
    - kind: deny
      schedule: \"0 22 * * *\"
      duration: 1h
      timeZone: \"Europe/Amsterdam\"
      applications:
        - \"*\"
    # maintenance window 'Night'
    - kind: allow
      schedule: \"10 1 * * *\"
      duration: 1h
      timeZone: \"Europe/Amsterdam\"
      applications:
        - \"*\"
";
    assert_eq!(out, expected);
}

/// A DEFAULT_OPEN change calendar's content, as AWS documents it: a
/// VCALENDAR with PRODID, VERSION:2.0, `X-CALENDAR-TYPE:DEFAULT_OPEN` and
/// `X-WR-CALDESC`, then one VEVENT (DTSTAMP, UID, DTSTART, DTEND, SUMMARY)
/// per event that closes it; lines end in CRLF.
#[test]
fn ssm_change_calendar_matches_the_documented_example() {
    let cal = r#"
timezone = "Europe/London"
[[blackouts]]
name = "Christmas"
from = 2026-12-24T00:00:00
until = 2026-12-27T00:00:00
[[maintenance_windows]]
name = "Saturday night"
rrule = "FREQ=WEEKLY;BYDAY=SA"
start = "18:00"
end = "06:00"
"#;
    let out = run(cal, Target::SsmChangeCalendar, (2026, 12, 1), (2027, 1, 1)).unwrap();
    assert!(out.lines().all(|l| !l.contains('\r') || l.ends_with('\r')));
    assert!(out.contains("\r\n"));
    let keys: Vec<&str> = out
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "BEGIN",
            "PRODID",
            "VERSION",
            "X-CALENDAR-TYPE",
            "X-WR-CALDESC",
            "BEGIN",
            "UID",
            "DTSTAMP",
            "DTSTART",
            "DTEND",
            "SUMMARY",
            "END",
            "END"
        ],
        "{out}"
    );
    assert!(out.contains("\r\nX-CALENDAR-TYPE:DEFAULT_OPEN\r\n"));
    assert!(out.contains("\r\nVERSION:2.0\r\n"));
    assert!(out.contains("\r\nDTSTART:20261224T000000Z\r\nDTEND:20261227T000000Z\r\n"));
    let parsed: icalendar::Calendar = out.parse().unwrap();
    assert_eq!(parsed.components.len(), 1);
}

#[test]
fn a_one_off_blackout_over_more_than_a_year_is_refused_for_gitlab() {
    let cal = r#"
timezone = "Europe/London"
[[blackouts]]
name = "Christmas 2026"
from = 2026-12-24T00:00:00
until = 2026-12-27T00:00:00
"#;
    let ok = run(cal, Target::GitlabFreeze, (2026, 12, 1), (2027, 12, 1)).unwrap();
    assert!(ok.contains("\"freeze_start\": \"0 0 24 12 *\""), "{ok}");
    assert!(ok.contains("\"freeze_end\": \"0 0 27 12 *\""), "{ok}");
    let err = run(cal, Target::GitlabFreeze, (2026, 12, 1), (2028, 6, 1)).unwrap_err();
    assert!(err.contains("blackout 'Christmas 2026'"), "{err}");
    assert!(err.contains("name no year"), "{err}");
    assert!(err.contains("Fri 24 Dec 2027"), "{err}");
    // The change calendar has dates: any range is exact.
    assert!(run(cal, Target::SsmChangeCalendar, (2026, 12, 1), (2028, 6, 1)).is_ok());
}

#[test]
fn a_cron_at_a_time_the_clocks_repeat_is_refused() {
    let cal = r#"
timezone = "Europe/London"
[[blackouts]]
name = "Late Saturday"
from = 2026-10-25T00:00:00
until = 2026-10-25T01:30:00+00:00
"#;
    let err = run(cal, Target::GitlabFreeze, (2026, 10, 1), (2027, 9, 1)).unwrap_err();
    assert!(err.contains("blackout 'Late Saturday'"), "{err}");
    assert!(err.contains("skip or show twice"), "{err}");
}

#[test]
fn a_length_that_changes_with_the_clocks_is_expanded() {
    // Saturday 20:00 to 08:00 by the wall clock is 13 hours the night the
    // clocks go back: Argo CD's elapsed duration cannot follow it.
    let window = r#"
timezone = "Europe/London"
[[maintenance_windows]]
name = "Long Saturday"
rrule = "FREQ=WEEKLY;BYDAY=SA"
start = "20:00"
end = "08:00"
"#;
    let out = run(
        window,
        Target::ArgoSyncWindows,
        (2026, 10, 1),
        (2026, 11, 1),
    )
    .unwrap();
    assert!(
        out.contains("schedule: \"0 20 24 10 *\"\n      duration: 13h"),
        "{out}"
    );
    assert!(
        out.contains("schedule: \"0 20 17 10 *\"\n      duration: 12h"),
        "{out}"
    );
    assert!(!out.contains("* * 6"), "{out}");
    // Far from a change of the clocks, the weekly cron is exact.
    let out = run(window, Target::ArgoSyncWindows, (2026, 6, 1), (2026, 9, 1)).unwrap();
    assert!(
        out.contains("schedule: \"0 20 * * 6\"\n      duration: 12h"),
        "{out}"
    );
    // 12 hours of elapsed time from Saturday 20:00 ends at 07:00 that
    // night: GitLab's wall-clock freeze_end cannot say it in one cron.
    let blackout = window
        .replace("maintenance_windows", "blackouts")
        .replace("end = \"08:00\"", "duration = \"12h\"");
    let out = run(
        &blackout,
        Target::GitlabFreeze,
        (2026, 10, 1),
        (2026, 11, 1),
    )
    .unwrap();
    assert!(
        out.contains("\"freeze_start\": \"0 20 24 10 *\",\n    \"freeze_end\": \"0 7 25 10 *\""),
        "{out}"
    );
    assert!(!out.contains("* * 6"), "{out}");
    let out = run(&blackout, Target::GitlabFreeze, (2026, 6, 1), (2026, 9, 1)).unwrap();
    assert!(
        out.contains("\"freeze_start\": \"0 20 * * 6\",\n    \"freeze_end\": \"0 8 * * 0\""),
        "{out}"
    );
}

#[test]
fn the_command_exports_the_shipped_calendar_and_names_its_applications() {
    let out = common::trainyard()
        .current_dir(common::root())
        .args(["export", "argo-sync-windows", "--today", "2026-12-01"])
        .args(["--service", "identity"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("spec:\n  syncWindows:\n"), "{text}");
    assert!(text.contains("        - \"identity\"\n"), "{text}");
    let err = common::trainyard()
        .current_dir(common::root())
        .args([
            "export",
            "gitlab-freeze",
            "--service",
            "nope",
            "--today",
            "2026-12-01",
        ])
        .output()
        .unwrap();
    assert_eq!(err.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&err.stderr)
        .contains("--service nope is not in policies/services.toml"));
}

#[test]
fn argo_windows_name_the_services_argo_applications() {
    let dir = tempfile::tempdir().unwrap();
    for d in ["policies", "releases"] {
        common::copy_dir(&common::root().join(d), &dir.path().join(d));
    }
    let services = dir.path().join("policies/services.toml");
    let text = std::fs::read_to_string(&services).unwrap().replace(
        "[services.identity]\n",
        "[services.identity]\nargo_applications = [\"identity-eu\", \"identity-us\"]\n",
    );
    std::fs::write(&services, text).unwrap();
    let out = common::trainyard()
        .current_dir(dir.path())
        .args(["export", "argo-sync-windows", "--service", "identity"])
        .args(["--today", "2026-12-01"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "      applications:\n        - \"identity-eu\"\n        - \"identity-us\"\n"
        ),
        "{text}"
    );
    assert!(!text.contains("- \"identity\"\n"), "{text}");
    let lint = common::trainyard()
        .current_dir(dir.path())
        .args(["lint", "--today", "2026-11-24"])
        .output()
        .unwrap();
    assert!(
        lint.status.success(),
        "{}",
        String::from_utf8_lossy(&lint.stdout)
    );
}

#[test]
fn a_blackout_that_does_not_compile_is_refused_not_left_out() {
    let cal = r#"
timezone = "Europe/London"
[[blackouts]]
name = "Typo"
rrule = "FREQ=WEEKLY;BYDAY=XX"
start = "18:00"
end = "06:00"
"#;
    for target in [
        Target::GitlabFreeze,
        Target::ArgoSyncWindows,
        Target::SsmChangeCalendar,
    ] {
        let err = run(cal, target, (2026, 12, 1), (2027, 12, 1)).unwrap_err();
        assert!(
            err.starts_with("cannot export blackout 'Typo' exactly: "),
            "{err}"
        );
        assert!(err.ends_with("`trainyard lint` says more"), "{err}");
    }
}

/// Runs `trainyard export` on the scoped fixture over March 2030.
fn export_scoped(args: &[&str]) -> String {
    let o = common::trainyard()
        .arg("--root")
        .arg(common::fixture("cal-scoped"))
        .arg("export")
        .args(args)
        .args(["--from", "2030-03-01", "--until", "2030-04-01"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn scoped_periods_export_to_the_services_they_apply_to_in_their_own_zone() {
    let argo = export_scoped(&["argo-sync-windows"]);
    // Payments' own New York window allows payments alone, in New York time.
    assert!(
        argo.contains("    # maintenance window 'Payments late Saturday'\n    - kind: allow\n      schedule: \"0 22 * * 6\"\n      duration: 4h\n      timeZone: \"America/New_York\"\n      applications:\n        - \"payments\"\n")
            || argo.contains("timeZone: \"America/New_York\"\n      applications:\n        - \"payments\"\n"),
        "{argo}"
    );
    // The organisation's window no longer applies to payments.
    for block in argo
        .split("    # ")
        .filter(|b| b.starts_with("maintenance window 'Saturday night'"))
    {
        assert!(
            block.contains("- \"ledger\"") && !block.contains("- \"payments\""),
            "{block}"
        );
    }
    // The payments blackout denies payments only.
    let deny = argo
        .split("    # ")
        .find(|b| b.starts_with("blackout 'Payments quarter close'"))
        .unwrap();
    assert!(
        deny.contains("- \"payments\"") && !deny.contains("- \"ledger\""),
        "{deny}"
    );

    // GitLab freezes one project: a service's export leaves out blackouts
    // that do not apply to it.
    let ledger = export_scoped(&["gitlab-freeze", "--service", "ledger"]);
    assert_eq!(ledger.trim(), "[]", "{ledger}");
    let payments = export_scoped(&["gitlab-freeze", "--service", "payments"]);
    assert!(
        payments.contains("\"freeze_start\": \"0 0 23 3 *\""),
        "{payments}"
    );
}

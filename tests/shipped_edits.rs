//! The shipped example with one file edited the way a release manager
//! might: each test copies it to a temporary folder, changes one thing and
//! checks what `lint` and `promote` make of it.

mod common;

use std::path::Path;

use serde_json::Value;

use common::{copy_dir, root, trainyard, TODAY};

/// A copy of the shipped example (policies/, releases/, trainyard.toml).
fn shipped() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("policies"), &tmp.path().join("policies"));
    copy_dir(&root().join("releases"), &tmp.path().join("releases"));
    std::fs::copy(
        root().join("trainyard.toml"),
        tmp.path().join("trainyard.toml"),
    )
    .unwrap();
    tmp
}

/// Replaces `from` (which must be there) by `to` in the file `rel`.
fn edit(dir: &Path, rel: &str, from: &str, to: &str) {
    let path = dir.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn lint(dir: &Path, today: &str) -> (i32, Value) {
    let out = trainyard()
        .args(["lint", "--format", "json", "--today", today, "--root"])
        .arg(dir)
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    (out.status.code().unwrap(), doc)
}

/// The `(rule, release)` of every finding.
fn rules_of(doc: &Value) -> Vec<(String, String)> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["release"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

const DEC: &str = "releases/REL-2026-12-001/release.toml";

#[test]
fn a_readiness_review_dated_after_today_is_reported_and_counts_as_none() {
    let tmp = shipped();
    edit(
        tmp.path(),
        DEC,
        "at = 2026-11-23T15:00:00",
        "at = 2026-12-03T15:00:00",
    );
    let (code, doc) = lint(tmp.path(), TODAY);
    assert_eq!(code, 1, "{doc:#}");
    let found = rules_of(&doc);
    let id = "REL-2026-12-001".to_string();
    assert!(
        found.contains(&("evidence-in-future".into(), id.clone())),
        "{found:?}"
    );
    assert!(
        found.contains(&("missing-readiness-review".into(), id)),
        "{found:?}"
    );
    let help = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "missing-readiness-review")
        .unwrap()["help"]
        .as_str()
        .unwrap();
    // Says when to hold it, then to record it; never a date to write now.
    assert!(help.starts_with("hold the review no later than "), "{help}");
    assert!(help.contains("at = YYYY-MM-DDTHH:MM:SS"), "{help}");
}

#[test]
fn promote_refuses_to_close_on_an_outcome_dated_after_today() {
    let tmp = shipped();
    edit(
        tmp.path(),
        DEC,
        "status = \"ready\"\nat = 2026-11-23T16:30:00",
        "status = \"deployed\"\nat = 2026-12-05T20:10:00",
    );
    let text = std::fs::read_to_string(tmp.path().join(DEC)).unwrap();
    std::fs::write(
        tmp.path().join(DEC),
        format!("{text}\n[outcome]\nstatus = \"successful\"\nstarted = 2026-12-05T20:00:00\nfinished = 2026-12-05T21:30:00\ndefects_after = 0\n"),
    )
    .unwrap();
    let out = trainyard()
        .args([
            "promote",
            "REL-2026-12-001",
            "--to",
            "close",
            "--today",
            TODAY,
            "--root",
        ])
        .arg(tmp.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("[evidence-in-future]"), "{stdout}");
    assert!(stdout.contains("[missing-outcome]"), "{stdout}");
    assert!(stdout.contains("Nothing was changed."), "{stdout}");
}

const EMERGENCY: &str = "releases/REL-2026-09-002/release.toml";

#[test]
fn the_emergency_release_is_high_impact_and_complies_through_its_policy() {
    let text = std::fs::read_to_string(root().join(EMERGENCY)).unwrap();
    assert!(
        text.contains("impact = \"high\""),
        "an actively exploited flaw is high impact"
    );
    let tmp = shipped();
    let (code, doc) = lint(tmp.path(), TODAY);
    assert_eq!(code, 0, "{doc:#}");
    // Without the emergency policy's own readiness hours and notice, the
    // calendar's apply, and an emergency decided a day ahead cannot meet them.
    edit(
        tmp.path(),
        "policies/emergency.toml",
        "readiness_hours = 0\n",
        "",
    );
    edit(
        tmp.path(),
        "policies/emergency.toml",
        "[notice]\nhigh = 0\nmedium = 0\nlow = 0",
        "",
    );
    let (_, doc) = lint(tmp.path(), TODAY);
    let found = rules_of(&doc);
    let id = "REL-2026-09-002".to_string();
    assert!(
        found.contains(&("insufficient-notice".into(), id.clone())),
        "{found:?}"
    );
    assert!(
        found.contains(&("missing-readiness-review".into(), id)),
        "{found:?}"
    );
}

/// Lints the edited copy: the rules found, the JSON `not_checked` notes
/// and the human summary.
fn lint_broken(dir: &Path) -> (Vec<String>, Vec<String>, String) {
    let (code, doc) = lint(dir, TODAY);
    assert_eq!(code, 1, "{doc:#}");
    let found = rules_of(&doc).into_iter().map(|(rule, _)| rule).collect();
    let notes = doc["summary"]["not_checked"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|n| n["note"].as_str().unwrap().to_string())
        .collect();
    let out = trainyard()
        .args(["lint", "--today", TODAY, "--root"])
        .arg(dir)
        .output()
        .unwrap();
    (
        found,
        notes,
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn a_policy_that_does_not_load_is_reported_once_and_its_releases_not_checked_against_it() {
    let tmp = shipped();
    edit(
        tmp.path(),
        "policies/major.toml",
        "max_changes = ",
        "max_change = ",
    );
    let (found, notes, human) = lint_broken(tmp.path());
    assert_eq!(found, ["schema-error"]);
    let note = "3 releases not checked against policies/major.toml, which did not load";
    assert_eq!(notes, [note]);
    assert!(human.ends_with(&format!("trainyard: {note}\n")), "{human}");
}

#[test]
fn a_maintenance_window_that_does_not_compile_puts_no_release_outside_the_windows() {
    let tmp = shipped();
    edit(
        tmp.path(),
        "policies/calendar.toml",
        "rrule = \"FREQ=WEEKLY;BYDAY=SA\"",
        "rrule = \"FREQ=WEEKLY;BYDAY=XX\"",
    );
    let (found, notes, _) = lint_broken(tmp.path());
    assert_eq!(found, ["schema-error"]);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].ends_with("not checked against the maintenance windows of policies/calendar.toml (maintenance window 'Saturday night', which did not load)"),
        "{notes:?}"
    );
}

#[test]
fn a_catalogue_that_does_not_load_names_no_reference_into_it_unknown() {
    let tmp = shipped();
    edit(
        tmp.path(),
        "policies/services.toml",
        "\nowner = ",
        "\nownr = ",
    );
    let (found, notes, _) = lint_broken(tmp.path());
    assert_eq!(found, ["schema-error"]);
    assert_eq!(
        notes,
        ["22 releases not checked against policies/services.toml, which did not load"]
    );
}

#[test]
fn every_format_that_can_carry_a_note_says_what_was_not_checked() {
    let tmp = shipped();
    edit(
        tmp.path(),
        "policies/major.toml",
        "max_changes = ",
        "max_change = ",
    );
    let note = "3 releases not checked against policies/major.toml, which did not load";
    for format in ["github", "junit", "sarif"] {
        let out = trainyard()
            .args(["lint", "--format", format, "--today", TODAY, "--root"])
            .arg(tmp.path())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(note), "{format}: {text}");
    }
}

#[test]
fn an_approval_role_nobody_holds_is_an_unknown_reference_in_the_policy() {
    let tmp = shipped();
    edit(
        tmp.path(),
        "policies/major.toml",
        "deploy = [\"service-owner\", \"cab\"]",
        "deploy = [\"service-owner\", \"CAB\"]",
    );
    let (_, doc) = lint(tmp.path(), TODAY);
    let hits: Vec<&Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "unknown-reference")
        .collect();
    assert_eq!(hits.len(), 1, "{doc:#}");
    assert_eq!(hits[0]["file"], "policies/major.toml");
    assert_eq!(
        hits[0]["message"],
        "`CAB` is not a role anyone holds in policies/people.toml"
    );
    assert_eq!(hits[0]["help"], "did you mean `cab`?");
}

//! The calendar rules across daylight-saving changes, on fixture
//! repositories in London and New York: windows keep their local times,
//! and a local time in a gap or overlap is a finding, never a shift.

mod common;

use common::calendar::*;

#[test]
fn windows_across_the_clock_changes_in_london() {
    let fx = "cal-dst-london";
    let (_, doc) = lint(fx, "2026-11-24");
    // March: the night is 11 hours, so 22:00 for 8h ends at 07:00 BST.
    let d = finding(
        &doc,
        fx,
        "outside-maintenance-window",
        "REL-2030-03-001",
        START,
    );
    assert_eq!(
        message(d),
        "window Sat 30 Mar 2030 22:00 - Sun 31 Mar 2030 07:00 Europe/London runs 1h past the end \
         of maintenance window 'Saturday night' (Sat 30 Mar 2030 18:00 - Sun 31 Mar 2030 06:00)"
    );
    // October: the night is 13 hours, so 22:00 for 9h ends at 06:00 GMT,
    // inside; 10h is one hour too long.
    finding(
        &doc,
        fx,
        "outside-maintenance-window",
        "REL-2030-10-002",
        START,
    );
    assert_eq!(
        ids(&doc, "outside-maintenance-window"),
        ["REL-2030-03-001", "REL-2030-10-002"]
    );
}

#[test]
fn local_times_in_a_gap_or_overlap_are_findings_never_shifts() {
    let fx = "cal-dst-london";
    let (_, doc) = lint(fx, "2026-11-24");
    let d = finding(&doc, fx, "ambiguous-local-time", "REL-2030-03-003", START);
    assert_eq!(
        message(d),
        "[window] start: 2030-03-31 01:30 does not exist in Europe/London: clocks go forward from \
         01:00 to 02:00; use 02:00 or later"
    );
    assert_eq!(d["code"], "TY211");
    let d = finding(&doc, fx, "ambiguous-local-time", "REL-2030-10-003", START);
    assert!(message(d).contains("occurs twice in Europe/London"), "{d}");
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("2030-10-27T01:30:00+01:00"),
        "{d}"
    );
    finding(
        &doc,
        fx,
        "ambiguous-local-time",
        "REL-2030-03-004",
        "end = ",
    );
    finding(&doc, fx, "ambiguous-local-time", "REL-2030-03-002", "at = ");
    let people = of_rule(&doc, "ambiguous-local-time")
        .into_iter()
        .find(|d| d["file"] == "policies/people.toml")
        .expect("people.toml finding");
    assert_eq!(
        people["line"].as_u64().unwrap(),
        line_of(fx, "policies/people.toml", "from = 2030-10-27T01:30:00")
    );
    assert!(people["release"].is_null());
    // The explicit offset is fine.
    assert_eq!(of_rule(&doc, "ambiguous-local-time").len(), 5);
}

#[test]
fn windows_across_the_clock_changes_in_new_york() {
    let fx = "cal-dst-new-york";
    let (_, doc) = lint(fx, "2026-11-24");
    let d = finding(
        &doc,
        fx,
        "outside-maintenance-window",
        "REL-2030-03-001",
        START,
    );
    assert!(
        message(d).starts_with(
            "window Sat 9 Mar 2030 22:00 - Sun 10 Mar 2030 07:00 America/New_York runs 1h past"
        ),
        "{d}"
    );
    finding(
        &doc,
        fx,
        "outside-maintenance-window",
        "REL-2030-11-002",
        START,
    );
    assert_eq!(
        ids(&doc, "outside-maintenance-window"),
        ["REL-2030-03-001", "REL-2030-11-002"]
    );
    let d = finding(&doc, fx, "ambiguous-local-time", "REL-2030-03-003", START);
    assert!(
        message(d).contains("clocks go forward from 02:00 to 03:00"),
        "{d}"
    );
    let d = finding(&doc, fx, "ambiguous-local-time", "REL-2030-11-003", START);
    assert!(
        message(d).contains("-04:00 for the first (earlier, EDT)"),
        "{d}"
    );
}

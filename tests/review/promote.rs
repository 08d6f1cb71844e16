//! `promote` edits only the stage value, and only when the new stage's
//! entry criteria hold; `new` picks the next free id and writes a release
//! that lints and reviews clean.

use super::{release, run, Scratch, R1};

fn read(s: &Scratch, rel: &str) -> String {
    std::fs::read_to_string(s.root().join(rel)).unwrap()
}

#[test]
fn promote_changes_the_stage_value_and_nothing_else() {
    let s = Scratch::new("plan");
    let before = read(&s, R1);
    let (code, out, err) = run(&s, &["promote", "REL-2030-03-001", "--to", "build"]);
    assert_eq!(code, 0, "{out}{err}");
    let after = read(&s, R1);
    // Byte for byte, only the value moved: comments, spacing, order kept.
    assert_eq!(
        after,
        before.replace("stage = \"plan\"", "stage = \"build\"")
    );
    assert!(after.contains("stage = \"build\"   # the stage\n"));
    insta::assert_snapshot!("promoted_release", after);
    assert!(
        out.contains("git commit -m \"REL-2030-03-001: plan -> build\""),
        "{out}"
    );
    // The reviewed step passes check --base.
    s.commit("alice", "REL-2030-03-001: plan -> build");
    let (code, doc, err) = s.check("main");
    assert_eq!(code, 0, "{doc:#} {err}");
}

#[test]
fn promote_dry_run_shows_the_diff_and_writes_nothing() {
    let s = Scratch::new("plan");
    let before = read(&s, R1);
    let (code, out, _) = run(
        &s,
        &["promote", "REL-2030-03-001", "--to", "build", "--dry-run"],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(read(&s, R1), before);
    insta::assert_snapshot!("promote_dry_run", out);
}

#[test]
fn promote_refuses_a_stage_whose_criteria_are_missing_or_an_illegal_step() {
    let s = Scratch::new("plan");
    // The base fixture's second release has no rationale, risk or rollback.
    let other = "releases/REL-2030-03-002/release.toml";
    let before = read(&s, other);
    let (code, out, _) = run(&s, &["promote", "REL-2030-03-002", "--to", "build"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("cannot move from plan to build yet"), "{out}");
    assert!(out.contains("[missing-definition-field]"), "{out}");
    assert!(out.contains("Nothing was changed."));
    assert_eq!(read(&s, other), before);
    let (code, out, _) = run(&s, &["promote", "REL-2030-03-001", "--to", "deploy"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("from plan it may move only to build or cancelled"),
        "{out}"
    );
    assert_eq!(read(&s, R1), release("plan", ""));
    let (code, _, err) = run(&s, &["promote", "REL-2030-03-009", "--to", "build"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no release or train `REL-2030-03-009`"),
        "{err}"
    );
}

#[test]
fn new_takes_the_id_after_the_highest_even_one_deleted() {
    let s = Scratch::new("plan");
    let seven = release("plan", "").replace("REL-2030-03-001", "REL-2030-03-007");
    s.write("releases/REL-2030-03-007/release.toml", &seven);
    s.commit("alice", "Plan REL-2030-03-007");
    s.git(&["rm", "-q", "-r", "releases/REL-2030-03-007"]);
    s.commit("alice", "Drop REL-2030-03-007");
    let (code, out, err) = run(
        &s,
        &[
            "new",
            "--service",
            "billing",
            "--type",
            "minor",
            "--window",
            "2030-03-23 20:00",
            "--manager",
            "alice",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Created releases/REL-2030-03-008/release.toml"),
        "{out}"
    );
    let text = read(&s, "releases/REL-2030-03-008/release.toml");
    assert!(text.contains("id = \"REL-2030-03-008\"\n"));
    assert!(text.contains("version = \"1.2.0\"\n"), "{text}");
    assert!(text.contains("stage = \"plan\"\n"));
    assert!(text.contains("start = 2030-03-23T20:00:00\n"));
    let runbook = read(&s, "releases/REL-2030-03-008/runbook.md");
    for section in ["## Deployment", "## Verification", "## Rollback"] {
        assert!(runbook.contains(section), "{runbook}");
    }
    // Another month starts at 001.
    let (_, out, _) = run(
        &s,
        &[
            "new",
            "--service",
            "ledger",
            "--type",
            "minor",
            "--window",
            "2030-04-06 20:00",
            "--manager",
            "alice",
        ],
    );
    assert!(out.contains("releases/REL-2030-04-001/"), "{out}");
    // What new writes lints clean and is a legal change.
    s.commit("alice", "Plan two releases");
    let (code, doc, err) = s.check("main");
    assert_eq!(code, 0, "{doc:#} {err}");
}

#[test]
fn new_from_a_release_keeps_its_rollback_and_runbook() {
    let s = Scratch::new("plan");
    let (code, out, err) = run(
        &s,
        &[
            "new",
            "--from",
            "REL-2030-03-001",
            "--window",
            "2030-04-13 20:00",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let text = read(&s, "releases/REL-2030-04-001/release.toml");
    assert!(text.contains("service = \"billing\"\n"), "{text}");
    assert!(text.contains("manager = \"alice\"\n"));
    assert!(
        text.contains("[rollback]\nwindow = \"2h\"\nprocedure = \"runbook.md#rollback\"\n"),
        "{text}"
    );
    assert!(!text.contains("[[approvals]]\ngate"), "{text}");
    assert!(text.contains("# Created by `trainyard new` from REL-2030-03-001."));
    let runbook = read(&s, "releases/REL-2030-04-001/runbook.md");
    assert_eq!(runbook, super::RUNBOOK);
}

#[test]
fn new_refuses_a_window_outside_the_calendar_unless_forced() {
    let s = Scratch::new("plan");
    s.write(
        "policies/calendar.toml",
        "timezone = \"Europe/London\"\n\n[[maintenance_windows]]\nname = \"Saturday evening\"\nrrule = \"FREQ=WEEKLY;BYDAY=SA\"\nstart = \"18:00\"\nduration = \"12h\"\n",
    );
    s.write("policies/major.toml", "description = \"Major\"\n");
    let args = [
        "new",
        "--service",
        "billing",
        "--type",
        "major",
        "--window",
        "2030-03-13 10:00",
        "--manager",
        "alice",
    ];
    let (code, out, err) = run(&s, &args);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("[outside-maintenance-window]"), "{out}");
    assert!(out.contains("--window \"2030-03-16 18:00\""), "{out}");
    assert!(out.contains("Nothing was created"), "{out}");
    assert!(!s.root().join("releases/REL-2030-03-003").exists());
    let mut forced = args.to_vec();
    forced.push("--force");
    let (code, out, err) = run(&s, &forced);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Run `trainyard slots REL-2030-03-003`"),
        "{out}"
    );
    assert!(s
        .root()
        .join("releases/REL-2030-03-003/release.toml")
        .exists());
}

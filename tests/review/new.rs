//! What `trainyard new` says: articles that read as English, the whole
//! help of a finding, a version bumped from the release before the window,
//! and for a refused window, advice that works for a release not yet made.

use super::{release, trainyard, Scratch};

fn run(s: &Scratch, args: &[&str]) -> (i32, String, String) {
    let out = trainyard()
        .args(args)
        .args(["--today", "2030-01-15", "--root"])
        .arg(s.root())
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const EMERGENCY: &str = "description = \"Emergency\"\nrequire_incident = true\n\n[schedule]\nmaintenance_window = false\nblackouts = false\n";

#[test]
fn an_emergency_release_reads_as_english_and_shows_its_whole_help() {
    let s = Scratch::new("plan");
    s.write("policies/emergency.toml", EMERGENCY);
    let (code, out, err) = run(
        &s,
        &[
            "new",
            "--service",
            "billing",
            "--type",
            "emergency",
            "--window",
            "2030-03-13 10:00",
            "--manager",
            "alice",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Schedule of an emergency release"), "{out}");
    assert!(!out.contains("a emergency"), "{out}");
    // missing-incident's help is two lines: where, then what to add.
    assert!(
        out.contains("    help: add near the top of releases/REL-2030-03-003/release.toml, before the first [table]:\n          incident = \"INC-…\"\n"),
        "{out}"
    );
}

#[test]
fn a_refused_window_suggests_what_works_before_the_release_exists() {
    let s = Scratch::new("plan");
    s.write(
        "policies/calendar.toml",
        "timezone = \"Europe/London\"\n\n[[maintenance_windows]]\nname = \"Saturday evening\"\nrrule = \"FREQ=WEEKLY;BYDAY=SA\"\nstart = \"18:00\"\nduration = \"12h\"\n",
    );
    s.write("policies/major.toml", "description = \"Major\"\n");
    let (code, out, _) = run(
        &s,
        &[
            "new",
            "--service",
            "billing",
            "--type",
            "major",
            "--window",
            "2030-03-13 10:00",
            "--manager",
            "alice",
        ],
    );
    assert_eq!(code, 1, "{out}");
    let last = out.lines().last().unwrap();
    assert!(last.starts_with("Nothing was created."), "{out}");
    assert!(!last.contains("trainyard slots"), "{last}");
    assert!(last.contains("`trainyard windows`"), "{last}");
}

#[test]
fn the_version_bumps_from_the_release_before_the_window() {
    // 1.1.0 deploys on 11 March; 2.0.0 is planned for May.
    let s = Scratch::new("plan");
    let major = release("plan", "")
        .replace("REL-2030-03-001", "REL-2030-05-001")
        .replace("\"1.1.0\"", "\"2.0.0\"")
        .replace("\"minor\"", "\"major\"")
        .replace("2030-03-11T20:00:00", "2030-05-11T20:00:00");
    s.write("releases/REL-2030-05-001/release.toml", &major);
    s.write("policies/patch.toml", "description = \"Patch\"\n");
    s.write("policies/major.toml", "description = \"Major\"\n");
    let args = |kind: &'static str, window: &'static str| {
        [
            "new",
            "--service",
            "billing",
            "--type",
            kind,
            "--window",
            window,
            "--manager",
            "alice",
        ]
    };
    let (code, out, err) = run(&s, &args("patch", "2030-04-13 20:00"));
    assert_eq!(code, 0, "{out}{err}");
    let text =
        std::fs::read_to_string(s.root().join("releases/REL-2030-04-001/release.toml")).unwrap();
    assert!(text.contains("version = \"1.1.1\"\n"), "{text}");
    assert!(!out.contains("collides"), "{out}");
    // A major before May would reach 2.0.0 too: said, not hidden.
    let (code, out, err) = run(&s, &args("major", "2030-04-20 20:00"));
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("The version 2.0.0 collides with a later release: REL-2030-05-001 (version 2.0.0, window after this one) is not above 2.0.0"),
        "{out}"
    );
}

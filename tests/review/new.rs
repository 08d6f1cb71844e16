//! What `trainyard new` says: articles that read as English, the whole
//! help of a finding, a version bumped from the release before the window,
//! and for a refused window, advice that works for a release not yet made.

use super::{release, run, trainyard, Scratch};

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
    assert!(
        !out.contains("trainyard slots REL-"),
        "no advice for a release not created: {out}"
    );
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

#[test]
fn a_first_train_needs_no_train_to_copy() {
    let s = Scratch::new("plan");
    let (code, out, err) = run(
        &s,
        &[
            "new",
            "--train",
            "2030-Q2",
            "--start",
            "2030-04-01",
            "--manager",
            "alice",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.starts_with("Created releases/trains/2030-Q2.toml: a first train, stage scope, from Mon 1 Apr 2030 to Sun 30 Jun 2030, managed by alice."),
        "{out}"
    );
    let text = std::fs::read_to_string(s.root().join("releases/trains/2030-Q2.toml")).unwrap();
    assert!(text.contains("stage = \"scope\""), "{text}");
    s.commit("alice", "Train 2030-Q2");
    let (code, doc, err) = s.check("main");
    assert_eq!(code, 0, "{doc:#} {err}");
    let (code, _, err) = run(&s, &["new", "--train", "2030-Q2", "--manager", "alice"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("a train named `2030-Q2` already exists"),
        "{err}"
    );
}

#[test]
fn new_keeps_a_codeowners_file_current_and_leaves_anyone_elses_alone() {
    let s = Scratch::new("plan");
    let out = trainyard()
        .args(["codeowners", "--today", "2030-01-15", "--root"])
        .arg(s.root())
        .output()
        .unwrap();
    let mut text = String::from_utf8(out.stdout).unwrap();
    text.push_str("\n# Added by hand.\n/docs/ @ang\n");
    s.write(".github/CODEOWNERS", &text);
    s.commit("alice", "CODEOWNERS");
    let new = [
        "new",
        "--service",
        "billing",
        "--type",
        "minor",
        "--window",
        "2030-04-13 20:00",
        "--manager",
        "alice",
    ];
    let (code, out, err) = run(&s, &new);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Added releases/REL-2030-04-001/ to .github/CODEOWNERS as `trainyard codeowners` writes it"),
        "{out}"
    );
    assert!(
        out.contains("git add releases/REL-2030-04-001 .github/CODEOWNERS &&"),
        "{out}"
    );
    let after = std::fs::read_to_string(s.root().join(".github/CODEOWNERS")).unwrap();
    assert!(
        after.contains("/releases/REL-2030-04-001/ @opark\n"),
        "{after}"
    );
    assert!(
        after.ends_with("# Added by hand.\n/docs/ @ang\n"),
        "{after}"
    );
    // Without the lines added by hand, it is what `codeowners` writes now.
    let check = after.replace("\n# Added by hand.\n/docs/ @ang\n", "");
    s.write("CHECK", &check);
    let status = trainyard()
        .args(["codeowners", "--today", "2030-01-15", "--check"])
        .arg(s.root().join("CHECK"))
        .arg("--root")
        .arg(s.root())
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(0), "{check}");
    // A file written by hand is left as it is, and new says so.
    s.write(".github/CODEOWNERS", "* @ang\n");
    let mut later = new;
    later[6] = "2030-04-20 20:00";
    let (code, out, _) = run(&s, &later);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(".github/CODEOWNERS was not written by `trainyard codeowners`, so it was left alone: add a line for releases/REL-2030-04-002/ yourself."), "{out}");
    assert_eq!(
        std::fs::read_to_string(s.root().join(".github/CODEOWNERS")).unwrap(),
        "* @ang\n"
    );
}

#[test]
fn a_services_file_that_did_not_load_is_named_instead_of_the_service() {
    let s = Scratch::new("plan");
    let services = std::fs::read_to_string(s.root().join("policies/services.toml")).unwrap();
    s.write(
        "policies/services.toml",
        &services.replacen("owner =", "ownr =", 1),
    );
    let (code, out, err) = run(
        &s,
        &[
            "new",
            "--service",
            "billing",
            "--type",
            "minor",
            "--window",
            "2030-03-16 20:00",
        ],
    );
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("policies/services.toml did not load (line ") && err.contains("`ownr`"),
        "{err}"
    );
    assert!(!err.contains("is not a service"), "{err}");
}

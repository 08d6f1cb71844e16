//! `trainyard codeowners` (with `--check`) and `trainyard completions`,
//! run through the binary.

mod common;

use common::{root, trainyard, TODAY};

fn codeowners(args: &[&str]) -> std::process::Output {
    trainyard()
        .args(["codeowners", "--today", TODAY, "--root"])
        .arg(root())
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn codeowners_names_each_release_folder_and_its_owner() {
    let out = codeowners(&["--cab-team", "@example/cab"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("# CODEOWNERS for this release repository"));
    assert!(text.contains("\n/policies/ @example/cab\n"), "{text}");
    // A service with a delegate lists both; every release folder is there.
    assert!(
        text.contains("\n/releases/REL-2026-04-001/ @dlindqvist @nhaddad\n"),
        "{text}"
    );
    for entry in std::fs::read_dir(root().join("releases")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.starts_with("REL-") {
            assert!(
                text.contains(&format!("/releases/{name}/ @")),
                "{name} has no owner line"
            );
        }
    }
}

#[test]
fn codeowners_check_passes_on_a_current_file_and_fails_on_a_stale_one() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("CODEOWNERS");
    let out = codeowners(&["--output-file", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let current = std::fs::read_to_string(&file).unwrap();
    assert!(current.contains("/releases/REL-2026-12-001/ @"));

    let out = codeowners(&["--check", file.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    std::fs::write(&file, current.replace("/policies/", "/policy/")).unwrap();
    let out = codeowners(&["--check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("is out of date") && err.contains("--output-file"),
        "{err}"
    );

    let out = codeowners(&["--check", dir.path().join("missing").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}

#[test]
fn completions_cover_every_command_for_each_shell() {
    for (shell, marker) in [
        ("bash", "_trainyard()"),
        ("zsh", "#compdef trainyard"),
        ("fish", "complete -c trainyard"),
    ] {
        let out = trainyard().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(marker), "{shell}: no {marker}");
        for command in [
            "lint",
            "build",
            "serve",
            "check",
            "codeowners",
            "slots",
            "gate",
        ] {
            assert!(text.contains(command), "{shell} completions lack {command}");
        }
    }
    let out = trainyard().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

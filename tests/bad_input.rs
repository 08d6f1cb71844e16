//! Bad input, one test each: a broken file is a finding at its line (or
//! the command exits 2 with a message), never a panic or a hang, and no
//! file of the repository changes. Inputs of extreme size or number are
//! in bad_input_scale.rs.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::bad_input::*;

#[test]
fn an_empty_release_file_is_missing_its_fields() {
    let s = Scratch::new();
    s.write(FIRST, "");
    let (code, doc) = s.lint();
    assert_eq!(code, 1);
    assert_finding(&doc, "schema-error", FIRST, 1, "missing field `id`");
}

#[test]
fn nesting_20000_deep_is_a_parse_error_not_a_stack_overflow() {
    let s = Scratch::new();
    let arrays = format!("deep = {}{}\n", "[".repeat(20_000), "]".repeat(20_000));
    let tables = format!(
        "deeper = {}1{}\n",
        "{ a = ".repeat(20_000),
        " }".repeat(20_000)
    );
    s.write(FIRST, format!("id = \"REL-2030-03-001\"\n{arrays}"));
    let second = "releases/REL-2030-03-002/release.toml";
    s.write(second, format!("id = \"REL-2030-03-002\"\n{tables}"));
    let (code, doc) = s.lint();
    assert_eq!(code, 1);
    assert_finding(&doc, "parse-error", FIRST, 2, "recursion");
    assert_finding(&doc, "parse-error", second, 2, "recursion");
}

#[test]
fn a_runbook_nested_20000_deep_still_renders() {
    let s = Scratch::new();
    let dir = "releases/REL-2030-03-001";
    let runbook = format!(
        "# Deployment\n\n{} quoted\n\n{}- listed\n",
        ">".repeat(20_000),
        "  ".repeat(20_000)
    );
    s.write(&format!("{dir}/runbook.md"), runbook);
    let (code, out, err) = s.build();
    assert_eq!(code, 0, "{err}");
    assert!(out.join(dir).join("index.html").exists());
}

#[test]
fn zero_and_negative_durations_are_reported_at_their_line() {
    let s = Scratch::new();
    let zero = s
        .read(FIRST)
        .replace("duration = \"2h\"", "duration = \"0h\"");
    s.write(FIRST, zero);
    let second = "releases/REL-2030-03-002/release.toml";
    let negative = s
        .read(second)
        .replace("duration = \"2h\"", "duration = \"-2h\"");
    s.write(second, negative);
    let (code, doc) = s.lint();
    assert_eq!(code, 1);
    assert_finding(&doc, "schema-error", FIRST, 12, "longer than zero");
    assert_finding(&doc, "schema-error", second, 12, "cannot be negative");
}

#[test]
fn windows_in_year_9999_and_year_0001_are_findings_and_the_site_builds() {
    let s = Scratch::new();
    let late = s.read(FIRST).replace("2030-03-11T20", "9999-12-31T20");
    s.write(FIRST, late);
    let second = "releases/REL-2030-03-002/release.toml";
    let early = s.read(second).replace("2030-03-12T20", "0001-01-01T20");
    s.write(second, early);
    let (code, doc) = s.lint();
    // Both are warnings: the id's month does not match, and year 1 is past.
    assert_eq!(code, 0, "{doc:#}");
    assert_finding(&doc, "id-month-mismatch", FIRST, 1, "9999-12-31");
    assert_finding(&doc, "id-month-mismatch", second, 1, "0001-01-01");
    assert_finding(&doc, "window-in-past", second, 11, "ended before today");
    let (code, out, err) = s.build();
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(out.join("calendar.ics"))
        .unwrap()
        .contains("BEGIN:VCALENDAR"));
}

#[test]
fn a_byte_order_mark_is_read_as_text() {
    let s = Scratch::new();
    let text = format!("\u{feff}{}", s.read(FIRST));
    s.write(FIRST, text);
    let broken = format!(
        "\u{feff}{}",
        s.read("releases/REL-2030-03-002/release.toml")
    )
    .replace("title =", "titel =");
    s.write("releases/REL-2030-03-002/release.toml", broken);
    let (code, doc) = s.lint();
    assert_eq!(code, 1);
    // Lines still count from the first line of the file.
    assert_finding(
        &doc,
        "schema-error",
        "releases/REL-2030-03-002/release.toml",
        2,
        "titel",
    );
    assert_eq!(findings(&doc).len(), 1, "{doc:#}");
}

#[test]
fn invalid_utf8_is_a_parse_error_at_its_line() {
    let s = Scratch::new();
    s.write(
        FIRST,
        b"id = \"REL-2030-03-001\"\ntitle = \"Billing \xff\xfe\"\n",
    );
    let (code, doc) = s.lint();
    assert_eq!(code, 1);
    assert_finding(&doc, "parse-error", FIRST, 2, "not UTF-8");
}

#[test]
fn crlf_files_read_as_lf_files_and_report_the_same_lines() {
    let s = Scratch::new();
    let crlf = s.read(FIRST).replace('\n', "\r\n");
    s.write(FIRST, crlf);
    let (code, doc) = s.lint();
    assert_eq!((code, findings(&doc).len()), (0, 0), "{doc:#}");
    let broken = s.read(FIRST).replace("version =", "verison =");
    s.write(FIRST, broken);
    let (code, doc) = s.lint();
    assert_eq!(code, 1);
    assert_finding(&doc, "schema-error", FIRST, 4, "verison");
}

#[test]
fn release_folders_named_with_spaces_or_non_ascii_letters_are_named_in_the_finding() {
    let s = Scratch::new();
    std::fs::rename(
        s.path("releases/REL-2030-03-001"),
        s.path("releases/REL 2030 03 001"),
    )
    .unwrap();
    std::fs::rename(
        s.path("releases/REL-2030-03-002"),
        s.path("releases/RÉL-2030-03-002"),
    )
    .unwrap();
    let (code, doc) = s.lint();
    assert_eq!(code, 1);
    assert_finding(
        &doc,
        "id-format",
        "releases/REL 2030 03 001/release.toml",
        1,
        "differs from its folder name",
    );
    assert_finding(
        &doc,
        "id-format",
        "releases/RÉL-2030-03-002/release.toml",
        1,
        "differs from its folder name",
    );
}

#[test]
fn ids_in_the_wrong_case_are_id_format_findings() {
    let s = Scratch::new();
    let lower = s
        .read(FIRST)
        .replace("\"REL-2030-03-001\"", "\"rel-2030-03-001\"");
    s.write(FIRST, lower);
    let (code, doc) = s.lint();
    assert_eq!(code, 1);
    let message = assert_finding(&doc, "id-format", FIRST, 1, "rel-2030-03-001");
    assert!(message.contains("REL-YYYY-MM-NNN"), "{message}");
}

#[test]
fn a_policy_file_that_is_a_folder_is_named_as_one() {
    let s = Scratch::new();
    std::fs::remove_file(s.path("policies/minor.toml")).unwrap();
    std::fs::create_dir(s.path("policies/minor.toml")).unwrap();
    let (code, doc) = s.lint();
    assert_eq!(code, 1);
    assert_finding(&doc, "parse-error", "policies/minor.toml", 1, "is a folder");
}

#[test]
fn a_link_out_of_the_root_is_reported_and_not_read() {
    let s = Scratch::new();
    let secret = s.outside().join("secret.toml");
    std::fs::write(&secret, "id = \"REL-2030-03-009\"\n").unwrap();
    std::fs::create_dir_all(s.path("releases/REL-2030-03-009")).unwrap();
    std::os::unix::fs::symlink(&secret, s.path("releases/REL-2030-03-009/release.toml")).unwrap();
    let (code, doc) = s.lint();
    assert_eq!(code, 1);
    assert_finding(
        &doc,
        "parse-error",
        "releases/REL-2030-03-009/release.toml",
        1,
        "outside the repository",
    );
    assert!(!doc.to_string().contains("REL-2030-03-009\"\n"));
}

/// Mode 000 keeps anyone but root from reading a file. These tests run as
/// root here, and root reads it anyway: then the file is read through a
/// process without root's privileges when `setpriv` can make one, and
/// otherwise the test says so and checks that the file loads as usual.
#[test]
fn an_unreadable_file_is_a_parse_error_that_says_why() {
    let s = Scratch::new();
    let path = s.path(FIRST);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_err() {
        let (code, doc) = s.lint();
        assert_eq!(code, 1);
        assert_finding(&doc, "parse-error", FIRST, 1, "could not read the file");
        return;
    }
    eprintln!("running as root, which reads a mode 000 file regardless");
    let (code, doc) = s.lint();
    assert_eq!((code, findings(&doc).len()), (0, 0), "{doc:#}");
    // Try again as nobody: the folders must let it through, the file not.
    for dir in [s.outside(), s.root.as_path()] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let before = tree(&s.root);
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(assert_cmd::cargo::cargo_bin("trainyard"))
        .args([
            "lint",
            "--format",
            "json",
            "--today",
            "2026-11-24",
            "--root",
        ])
        .arg(&s.root)
        .env("NO_COLOR", "1")
        .output();
    let out = match out {
        Ok(out) if out.status.code().is_some_and(|c| c <= 2) && !out.stdout.is_empty() => out,
        other => {
            eprintln!(
                "no unprivileged run is possible here ({other:?}); checked only that root reads it"
            );
            return;
        }
    };
    assert_eq!(before, tree(&s.root));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_finding(&doc, "parse-error", FIRST, 1, "Permission denied");
    assert!(
        doc.to_string()
            .contains("permissions let trainyard read it"),
        "{doc:#}"
    );
}

//! Bad input of extreme size or number, and `--out` where a site must
//! not go: each a finding or exit 2 with a message, within a time limit,
//! with no file of the repository changed.

mod common;

use common::bad_input::*;
use common::TODAY;

/// A period appended to the fixture's calendar, at line 3 onwards.
fn calendar_with(period: &str) -> String {
    format!("timezone = \"Europe/London\"\n\n[[maintenance_windows]]\nname = \"Test\"\n{period}")
}

#[test]
fn a_50_mb_file_is_refused_with_its_size() {
    let s = Scratch::new();
    let text = format!("{}# {}\n", s.read(FIRST), "x".repeat(50_000_000));
    s.write(FIRST, text);
    let (code, doc) = s.lint();
    assert_eq!(code, 1);
    assert_finding(
        &doc,
        "parse-error",
        FIRST,
        1,
        "the file is 50.0 MB, more than the 10 MB",
    );
}

#[test]
fn an_every_second_rrule_is_refused_at_its_line() {
    let s = Scratch::new();
    s.write(
        "policies/calendar.toml",
        calendar_with("rrule = \"FREQ=SECONDLY\"\nstart = \"18:00\"\nduration = \"1h\"\n"),
    );
    let (code, doc) = s.lint();
    assert_eq!(code, 1);
    assert_finding(
        &doc,
        "schema-error",
        "policies/calendar.toml",
        5,
        "finer than a day",
    );
}

#[test]
fn an_invalid_rrule_is_refused_at_its_line() {
    let s = Scratch::new();
    s.write(
        "policies/calendar.toml",
        calendar_with("rrule = \"FREQ=WEEKLY;BYDAY=QQ\"\nstart = \"18:00\"\nduration = \"1h\"\n"),
    );
    let (code, doc) = s.lint();
    assert_eq!(code, 1);
    assert_finding(
        &doc,
        "schema-error",
        "policies/calendar.toml",
        5,
        "`QQ` is not a valid weekday",
    );
}

/// Ten million occurrences, or daily ones until year 9999, are expanded
/// only over the span a command looks at.
#[test]
fn huge_count_and_until_in_year_9999_are_expanded_only_where_needed() {
    for rrule in [
        "FREQ=DAILY;COUNT=10000000",
        "FREQ=DAILY;UNTIL=99991231T000000Z",
    ] {
        let s = Scratch::new();
        s.write(
            "policies/calendar.toml",
            calendar_with(&format!(
                "rrule = \"{rrule}\"\nstart = \"18:00\"\nduration = \"4h\"\nfrom = 2030-01-01T00:00:00\n"
            )),
        );
        let (code, doc) = s.lint();
        assert_eq!((code, findings(&doc).len()), (0, 0), "{rrule}: {doc:#}");
        let out = s.run(&["windows", "--from", "2030-03-10", "--days", "3"]);
        assert_eq!(out.status.code(), Some(0), "{rrule}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(text.matches("Test").count(), 3, "{rrule}: {text}");
        let (code, _, err) = s.build();
        assert_eq!(code, 0, "{rrule}: {err}");
    }
}

/// 1,000 releases, each depending on the one before, one a day from
/// 1 January 2030; `cycle` closes the chain through all of them.
fn chain(cycle: bool) -> Scratch {
    let s = Scratch::new();
    let template = s.read(FIRST);
    for dir in ["releases/REL-2030-03-001", "releases/REL-2030-03-002"] {
        std::fs::remove_dir_all(s.path(dir)).unwrap();
    }
    let start = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    let ids: Vec<(String, chrono::NaiveDate)> = (0..1000u32)
        .map(|i| {
            use chrono::Datelike;
            let day = start + chrono::Days::new(i.into());
            (format!("REL-{}-{:03}", day.format("%Y-%m"), day.day()), day)
        })
        .collect();
    for (i, (id, day)) in ids.iter().enumerate() {
        let before = if i > 0 {
            Some(&ids[i - 1].0)
        } else if cycle {
            Some(&ids[999].0)
        } else {
            None
        };
        let depends = before.map_or(String::new(), |b| format!("depends_on = [\"{b}\"]\n"));
        let text = template
            .replace("REL-2030-03-001", id)
            .replace("2030-03-11", &day.to_string())
            .replace("[window]", &format!("{depends}\n[window]"));
        s.write(&format!("releases/{id}/release.toml"), text);
    }
    s
}

#[test]
fn a_chain_of_1000_dependencies_is_clean() {
    let s = chain(false);
    let (code, doc) = s.lint();
    assert_eq!(
        (code, findings(&doc).len()),
        (0, 0),
        "{:#?}",
        &findings(&doc)[..3.min(findings(&doc).len())]
    );
    assert_eq!(doc["summary"]["releases"], 1000);
}

#[test]
fn a_cycle_through_1000_releases_is_one_finding_naming_them() {
    let s = chain(true);
    let (code, doc) = s.lint();
    assert_eq!(code, 1);
    let cycles: Vec<_> = findings(&doc)
        .into_iter()
        .filter(|f| f.0 == "dependency-cycle")
        .collect();
    assert_eq!(cycles.len(), 1, "{cycles:#?}");
    let (_, file, line, message) = &cycles[0];
    assert_eq!(
        (file.as_str(), *line),
        ("releases/REL-2030-01-001/release.toml", 10)
    );
    for id in ["REL-2030-01-001", "REL-2031-06-015", "REL-2032-09-026"] {
        assert!(message.contains(id), "{id} is not named: {message}");
    }
}

#[test]
fn a_runbook_with_10000_headings_renders_each() {
    let s = Scratch::new();
    let dir = "releases/REL-2030-03-001";
    let mut runbook = String::new();
    for i in 0..10_000 {
        runbook.push_str(&format!(
            "{} Step {i}\n\nDo step {i}.\n\n",
            "#".repeat(1 + i % 6)
        ));
    }
    s.write(&format!("{dir}/runbook.md"), runbook);
    let (code, doc) = s.lint();
    assert_eq!((code, findings(&doc).len()), (0, 0), "{doc:#}");
    let (code, out, err) = s.build();
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(out.join(dir).join("index.html")).unwrap();
    assert!(
        page.contains("id=\"runbook-step-9999\""),
        "the last heading has no anchor"
    );
}

/// `--out` at the repository, at `/` or at a file: exit 2 saying why,
/// and nothing written.
#[test]
fn out_at_the_repository_root_the_file_system_root_or_a_file_is_refused() {
    let s = Scratch::new();
    let file = s.outside().join("site.txt");
    std::fs::write(&file, "not a folder\n").unwrap();
    let repo = s.root.to_str().unwrap().to_string();
    for (out, says) in [
        (repo.as_str(), "it is the release repository itself"),
        ("/", "it is the root of the file system"),
        (file.to_str().unwrap(), "it is a file, not a folder"),
        (
            &format!("{repo}/{FIRST}"),
            "inside the repository's releases/ folder",
        ),
    ] {
        let before_root: Vec<_> = std::fs::read_dir("/")
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        let run = s.run(&["build", "--today", TODAY, "--out", out]);
        assert_eq!(run.status.code(), Some(2), "--out {out}");
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(
            err.contains("refusing to write the site") && err.contains(says),
            "--out {out}: {err}"
        );
        let after_root: Vec<_> = std::fs::read_dir("/")
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(before_root, after_root, "--out {out} wrote beside /");
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder\n");
}

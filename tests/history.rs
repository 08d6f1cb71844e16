//! Release history from git on the site and in the feeds: who moved each
//! release to each stage, recent changes on the dashboard, and SEQUENCE
//! counting the commits that moved a window or a stage.

use std::path::{Path, PathBuf};

mod common;

use assert_cmd::Command;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Runs git in `dir` as `name` (`alice.ng@example.com` for Alice Ng).
fn git(dir: &Path, name: &str, args: &[&str]) {
    let email = format!("{}@example.com", name.to_lowercase().replace(' ', "."));
    let who = common::git::As {
        name,
        email: &email,
        date: None,
    };
    common::git::git(dir, who, args);
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

fn build(root: &Path, out: &Path) -> String {
    let o = Command::cargo_bin("trainyard")
        .unwrap()
        .arg("--root")
        .arg(root)
        .args(["build", "--today", "2030-01-15", "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stderr).to_string()
}

#[test]
fn pages_and_feeds_show_who_moved_each_release() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    copy_dir(&fixture("base"), &root);
    git(&root, "Alice Ng", &["init", "-q"]);
    git(&root, "Alice Ng", &["add", "-A"]);
    git(
        &root,
        "Alice Ng",
        &["commit", "-q", "-m", "Plan the March releases"],
    );
    let file = root.join("releases/REL-2030-03-001/release.toml");
    edit(&file, "stage = \"plan\"", "stage = \"build\"");
    git(
        &root,
        "Olivia Park",
        &["commit", "-q", "-am", "REL-2030-03-001: plan -> build"],
    );
    edit(
        &file,
        "start = 2030-03-11T20:00:00",
        "start = 2030-03-12T20:00:00",
    );
    git(
        &root,
        "Alice Ng",
        &["commit", "-q", "-am", "REL-2030-03-001: one day later"],
    );

    let out = dir.path().join("public");
    build(&root, &out);
    let page = std::fs::read_to_string(out.join("releases/REL-2030-03-001/index.html")).unwrap();
    assert!(page.contains("plan → build"), "no transition on the page");
    assert!(page.contains("Olivia Park"));
    assert!(page.contains("REL-2030-03-001: plan -&gt; build"));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("Recent stage changes"));
    assert!(index.contains("by Olivia Park"));
    // SEQUENCE counts the commits that moved the window or the stage after
    // the release was created: the stage move and the window move.
    let ics = std::fs::read_to_string(out.join("calendar.ics")).unwrap();
    let event = ics
        .split("BEGIN:VEVENT")
        .find(|e| e.contains("UID:REL-2030-03-001@"))
        .unwrap();
    assert!(event.contains("\r\nSEQUENCE:2\r\n"), "{event}");
    let other = ics
        .split("BEGIN:VEVENT")
        .find(|e| e.contains("UID:REL-2030-03-002@"))
        .unwrap();
    assert!(other.contains("\r\nSEQUENCE:0\r\n"), "{other}");
}

#[test]
fn outside_git_the_site_builds_without_history_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    copy_dir(&fixture("base"), &root);
    let out = dir.path().join("public");
    build(&root, &out);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains("Built without stage history"),
        "no note on the dashboard"
    );
    let page = std::fs::read_to_string(out.join("releases/REL-2030-03-001/index.html")).unwrap();
    assert!(page.contains("Built without stage history"));
}

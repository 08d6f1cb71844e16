//! `trainyard init`: a new repository that lints clean and builds, and
//! that never writes over an existing one.

mod common;

use std::path::Path;

use common::trainyard;

fn init(dir: &Path, extra: &[&str]) -> (i32, String) {
    let o = trainyard()
        .arg("init")
        .arg(dir)
        .args(["--today", "2026-12-01"])
        .args(extra)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

#[test]
fn a_new_repository_lints_clean_builds_and_passes_its_own_ci_checks() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("payments");
    let (code, err) = init(&dir, &["--timezone", "America/New_York"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("lints clean"), "{err}");
    for f in [
        "trainyard.toml",
        "policies/calendar.toml",
        "policies/major.toml",
        "policies/minor.toml",
        "policies/patch.toml",
        "policies/emergency.toml",
        "policies/services.toml",
        "policies/people.toml",
        "policies/environments.toml",
        ".github/workflows/trainyard.yml",
        ".github/CODEOWNERS",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    let calendar = std::fs::read_to_string(dir.join("policies/calendar.toml")).unwrap();
    assert!(calendar.contains("timezone = \"America/New_York\""));
    // The first release: at plan, with its runbook, in January's first
    // Saturday at least four weeks on.
    let release = dir.join("releases/REL-2027-01-001");
    let text = std::fs::read_to_string(release.join("release.toml")).unwrap();
    assert!(text.contains("stage = \"plan\"") && text.contains("start = 2027-01-02T20:00:00"));
    assert!(release.join("runbook.md").is_file());

    for today in ["2026-12-01", "2026-12-20"] {
        let o = trainyard()
            .arg("--root")
            .arg(&dir)
            .args(["lint", "--deny-warnings", "--today", today])
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stdout)
        );
    }
    let o = trainyard()
        .arg("--root")
        .arg(&dir)
        .args(["codeowners", "--check", ".github/CODEOWNERS"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = trainyard()
        .arg("--root")
        .arg(&dir)
        .args(["build", "--no-history", "--today", "2026-12-01", "--out"])
        .arg(tmp.path().join("site"))
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(tmp
        .path()
        .join("site/releases/REL-2027-01-001/index.html")
        .is_file());
}

#[test]
fn init_refuses_an_existing_repository_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    assert_eq!(init(&dir, &[]).0, 0);
    let calendar = dir.join("policies/calendar.toml");
    std::fs::write(&calendar, "# mine\n").unwrap();
    let (code, err) = init(&dir, &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("already has releases/") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&calendar).unwrap(), "# mine\n");

    // A folder with only policies/ is refused too.
    let other = tmp.path().join("other");
    std::fs::create_dir_all(other.join("policies")).unwrap();
    let (code, err) = init(&other, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("already has policies/"), "{err}");
    assert_eq!(std::fs::read_dir(&other).unwrap().count(), 1);
}

#[test]
fn a_zone_that_does_not_exist_is_refused_with_a_hint() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    let (code, err) = init(&dir, &["--timezone", "Europe/Londn"]);
    assert_eq!(code, 2);
    assert!(err.contains("--timezone Europe/Londn"), "{err}");
    assert!(!dir.exists(), "nothing is written");
}

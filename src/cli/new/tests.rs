//! Tests of `new`.

use super::*;

#[test]
fn windows_parse_with_a_space_or_a_t() {
    let w = parse_window("2030-03-11 20:00").unwrap();
    assert_eq!(w.to_string(), "2030-03-11 20:00:00");
    assert_eq!(
        parse_window("2030-03-11T20:00:30").unwrap().to_string(),
        "2030-03-11 20:00:30"
    );
    assert!(parse_window("11/03/2030 20:00").is_none());
}

#[test]
fn versions_follow_the_type() {
    let repo = Repo::from_files(
        Path::new("/r"),
        vec![(
            "releases/REL-2030-03-001/release.toml".into(),
            b"id = \"REL-2030-03-001\"\ntitle = \"t\"\nservice = \"billing\"\nversion = \"1.4.2\"\ntype = \"minor\"\nimpact = \"low\"\nstage = \"plan\"\nmanager = \"alice\"\n[window]\nstart = 2030-03-10T20:00:00\nduration = \"2h\"\n".to_vec(),
        )],
    );
    let day = NaiveDate::from_ymd_opt(2030, 4, 6)
        .unwrap()
        .and_hms_opt(20, 0, 0)
        .unwrap();
    let v = |service, kind, calver| next_version(&repo, service, kind, calver, day).0;
    assert_eq!(v("billing", "major", false), "2.0.0");
    assert_eq!(v("billing", "minor", false), "1.5.0");
    assert_eq!(v("billing", "patch", false), "1.4.3");
    assert_eq!(v("ledger", "minor", false), "1.0.0");
    assert_eq!(v("billing", "minor", true), "2030.04.06");
    assert_eq!(next_id(&repo, 2030, 3).unwrap(), "REL-2030-03-002");
}

/// 1.9.1 is out and 2.0.0 is planned for later: a patch between them
/// is 1.9.2, and one that would reach a later release's version says so.
#[test]
fn versions_bump_from_the_release_before_the_window() {
    let rel = |id: &str, version: &str, start: &str, stage: &str| {
        (
            format!("releases/{id}/release.toml"),
            format!(
                "id = \"{id}\"\ntitle = \"t\"\nservice = \"auth\"\nversion = \"{version}\"\ntype = \"minor\"\nimpact = \"low\"\nstage = \"{stage}\"\nmanager = \"alice\"\n[window]\nstart = {start}\nduration = \"2h\"\n"
            )
            .into_bytes(),
        )
    };
    let repo = Repo::from_files(
        Path::new("/r"),
        vec![
            rel("REL-2026-11-001", "1.9.1", "2026-11-14T20:00:00", "close"),
            rel("REL-2027-01-001", "2.0.0", "2027-01-16T20:00:00", "plan"),
            rel(
                "REL-2026-12-001",
                "1.9.9",
                "2026-12-05T20:00:00",
                "cancelled",
            ),
        ],
    );
    let dec = |d: u32| {
        NaiveDate::from_ymd_opt(2026, 12, d)
            .unwrap()
            .and_hms_opt(22, 0, 0)
            .unwrap()
    };
    assert_eq!(
        next_version(&repo, "auth", "patch", false, dec(22)),
        ("1.9.2".to_string(), None)
    );
    let (v, clash) = next_version(&repo, "auth", "major", false, dec(22));
    assert_eq!(v, "2.0.0");
    let clash = clash.unwrap();
    assert!(
        clash.starts_with("REL-2027-01-001 (version 2.0.0"),
        "{clash}"
    );
    assert_eq!(next_id(&repo, 2030, 4).unwrap(), "REL-2030-04-001");
}

//! Tests of `corpus`.

use super::*;

#[test]
fn writes_a_loadable_repository() {
    let dir = tempfile::tempdir().unwrap();
    let options = CorpusOptions {
        releases: 60,
        services: 10,
        seed: 1,
        findings: false,
    };
    write(dir.path(), &options).unwrap();
    let repo = crate::load::Repo::load(dir.path()).unwrap();
    assert_eq!(repo.releases.len(), 60);
    let broken: Vec<_> = repo.findings.iter().map(|f| &f.message).collect();
    assert!(broken.is_empty(), "{broken:?}");
    assert!(repo.releases[0].runbook.is_some());
}

/// Findings of a generated corpus, and how many releases have one.
fn findings_of(options: &CorpusOptions) -> (usize, usize) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), options).unwrap();
    let pipeline = crate::pipeline::Pipeline::load(dir.path()).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap();
    let findings = pipeline.check(today).outcome.findings;
    let releases: std::collections::BTreeSet<_> =
        findings.iter().filter_map(|f| f.release.clone()).collect();
    (findings.len(), releases.len())
}

#[test]
fn the_findings_variant_gives_most_releases_findings() {
    let clean = CorpusOptions {
        releases: 400,
        services: 200,
        seed: 7,
        findings: false,
    };
    let (base, _) = findings_of(&clean);
    let (seeded, releases) = findings_of(&CorpusOptions {
        findings: true,
        ..clean
    });
    let per_release = (seeded - base) as f64 / 400.0;
    assert!(
        (2.2..2.8).contains(&per_release),
        "{per_release} per release"
    );
    assert!(releases > 360, "{releases} of 400 releases with findings");
}

#[test]
fn the_hugo_site_has_a_page_per_release_with_its_fields() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let site = dir.path().join("site");
    let options = CorpusOptions {
        releases: 30,
        services: 5,
        seed: 3,
        findings: false,
    };
    write(&repo, &options).unwrap();
    write_hugo(&repo, &site).unwrap();
    let pages = std::fs::read_dir(site.join("content/releases"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("index.md").is_file())
        .count();
    assert_eq!(pages, 30);
    let first = std::fs::read_dir(repo.join("releases"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .file_name();
    let page = std::fs::read_to_string(site.join("content/releases").join(&first).join("index.md"))
        .unwrap();
    let front = page.split("+++\n").nth(1).unwrap();
    let parsed: toml::Table = toml::from_str(front).unwrap();
    assert!(parsed["title"].as_str().unwrap().starts_with("Service "));
    let params = parsed["params"].as_table().unwrap();
    assert_eq!(params["id"].as_str(), first.to_str());
    assert!(params["window"].as_table().unwrap().contains_key("start"));
    assert!(page.contains("## Rollback"));
}

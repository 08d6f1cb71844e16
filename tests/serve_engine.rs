//! `serve`'s engine, driven directly: after every kind of change, what the
//! server serves once the rebuild settles is byte for byte a fresh build of
//! the same files, and the quick page of an edited release is the page the
//! settled build serves for it.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::{copy_dir, root, TODAY};
use trainyard::pipeline::incremental::Engine;
use trainyard::pipeline::Pipeline;
use trainyard::site::serve::{Rebuild, Server};
use trainyard::site::{normalize_base_url, BuildOptions, Memory};

fn today() -> NaiveDate {
    TODAY.parse().unwrap()
}

/// A copy of the shipped example: what a build reads of it.
fn example(to: &Path) {
    for dir in ["releases", "policies", "templates"] {
        copy_dir(&root().join(dir), &to.join(dir));
    }
    std::fs::copy(root().join("trainyard.toml"), to.join("trainyard.toml")).unwrap();
}

/// A fresh build of `repo`, as `build` makes it: load, check, render.
fn fresh(repo: &Path) -> BTreeMap<String, Vec<u8>> {
    let pipeline = Pipeline::load(repo).unwrap();
    let checked = pipeline.check(today());
    let base_url = pipeline
        .repo()
        .config
        .def
        .site
        .base_url
        .as_deref()
        .map(|u| normalize_base_url(u).unwrap());
    let memory = Memory::new();
    checked
        .render(
            &BuildOptions::new(today(), base_url).with_history_of(repo),
            &memory,
        )
        .unwrap();
    memory.into_files()
}

/// Settles the server as `serve` does after a change, and compares every
/// served file with a fresh build.
fn settle_and_compare(engine: &Engine, server: &Server, repo: &Path, what: &str) {
    server.update(engine.full());
    let served = server.served().unwrap();
    let expected = fresh(repo);
    assert_eq!(
        served.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "after {what}: the served files are not those of a fresh build"
    );
    for (path, bytes) in &expected {
        assert!(
            served[path] == *bytes,
            "after {what}: {path} differs from a fresh build"
        );
    }
}

/// Replaces `from` by `to` in the file at `path`, which must contain it.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Saves an edit the way `serve` sees it: the quick page, served at once,
/// then the settled build. Returns the quick page.
fn save_release(engine: &Engine, server: &Server, repo: &Path, file: &Path, what: &str) -> Vec<u8> {
    let paths = vec![file.to_path_buf()];
    assert!(!engine.unchanged(&paths), "{what} was not seen as a change");
    assert!(engine.unchanged(&paths), "{what} seen twice is two changes");
    let (page, bytes) = engine
        .quick(&paths)
        .expect("an edit of one release has a quick page")
        .unwrap();
    server.put_page(page.clone(), bytes.clone());
    assert_eq!(
        server.served().unwrap()[&page],
        bytes,
        "quick page not served"
    );
    settle_and_compare(engine, server, repo, what);
    assert!(
        server.served().unwrap()[&page] == bytes,
        "after {what}: the quick page of {page} differs from the settled one"
    );
    bytes
}

#[test]
fn served_files_equal_a_fresh_build_after_every_change() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    example(&repo);
    let engine = Engine::new(&repo, Some(today()));
    let server = Server::new(engine.full());
    settle_and_compare(&engine, &server, &repo, "the first build");

    let release = |id: &str| -> PathBuf { repo.join("releases").join(id).join("release.toml") };
    let sso = release("REL-2026-04-001");
    let before = server.served().unwrap()["releases/REL-2026-04-001/index.html"].clone();
    edit(&sso, "Identity and SSO v4.0.0", "Identity and SSO v4.0.1");
    let retitled = save_release(&engine, &server, &repo, &sso, "a new title");
    assert_ne!(retitled, before, "the title edit did not change the page");
    // A new window changes what the calendar rules find about it and its
    // neighbours.
    edit(
        &sso,
        "start = 2026-04-18T20:00:00",
        "start = 2026-12-24T20:00:00",
    );
    let moved = save_release(&engine, &server, &repo, &sso, "a new window");
    assert_ne!(moved, retitled, "the window edit did not change the page");
    // Among them one that another release of the service causes.
    assert!(
        String::from_utf8_lossy(&moved).contains("is not above"),
        "the quick page misses the finding a neighbour causes"
    );

    // A release removed, a release added, a policy changed: no quick page,
    // and the settled site is still a fresh build.
    let gone = release("REL-2026-09-002");
    std::fs::remove_dir_all(gone.parent().unwrap()).unwrap();
    assert!(
        engine.quick(&[gone]).is_none(),
        "a removed release has no quick page"
    );
    settle_and_compare(&engine, &server, &repo, "removing a release");

    let added = repo.join("releases/REL-2026-11-009");
    copy_dir(&repo.join("releases/REL-2026-10-001"), &added);
    edit(
        &added.join("release.toml"),
        "REL-2026-10-001",
        "REL-2026-11-009",
    );
    assert!(engine.quick(&[added.join("release.toml")]).is_none());
    settle_and_compare(&engine, &server, &repo, "adding a release");

    let policy = repo.join("policies/minor.toml");
    let text = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(&policy, format!("{text}\nreadiness_hours = 48\n")).unwrap();
    assert!(
        engine.quick(&[policy]).is_none(),
        "a policy has no quick page"
    );
    settle_and_compare(&engine, &server, &repo, "editing a policy");

    // After all that, a quick page still equals the settled one.
    edit(&sso, "Identity and SSO v4.0.1", "Identity and SSO v4.1.0");
    save_release(&engine, &server, &repo, &sso, "a second title");
}

/// Editors that save through a temporary file renamed over the original
/// (sed -i, many editors' safe write) report the temporary file too; it is
/// gone by the time the events are handled and the build never read it,
/// so the save still gets its quick page.
#[test]
fn a_save_through_a_renamed_temporary_file_has_a_quick_page() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    example(&repo);
    let engine = Engine::new(&repo, Some(today()));
    let server = Server::new(engine.full());
    let file = repo.join("releases/REL-2026-04-001/release.toml");
    let temporary = repo.join("releases/REL-2026-04-001/sedX1b2c3");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &temporary,
        text.replacen("Identity and SSO v4.0.0", "Identity and SSO v4.0.9", 1),
    )
    .unwrap();
    std::fs::rename(&temporary, &file).unwrap();
    let paths = vec![file.clone(), temporary];
    assert!(
        !engine.unchanged(&paths),
        "the save was not seen as a change"
    );
    let (page, bytes) = engine
        .quick(&paths)
        .expect("a save through a temporary file has a quick page")
        .unwrap();
    assert_eq!(page, "releases/REL-2026-04-001/index.html");
    assert!(String::from_utf8_lossy(&bytes).contains("Identity and SSO v4.0.9"));
    server.put_page(page.clone(), bytes.clone());
    settle_and_compare(&engine, &server, &repo, "a save through a temporary file");
    assert_eq!(server.served().unwrap()[&page], bytes);
}

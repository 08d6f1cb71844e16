//! `trainyard templates`: the built-ins written out for editing, never over
//! a file that is there, and used by `build` file by file.

mod common;

use std::path::Path;

use common::{copy_dir, root, trainyard, TODAY};

fn build(repo: &Path, out: &Path) -> String {
    let o = trainyard()
        .arg("--root")
        .arg(repo)
        .args(["build", "--no-history", "--today", TODAY, "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// A copy of the shipped example without its `templates/` folder.
fn example_without_templates(dir: &Path) {
    for sub in ["releases", "policies"] {
        copy_dir(&root().join(sub), &dir.join(sub));
    }
    std::fs::copy(root().join("trainyard.toml"), dir.join("trainyard.toml")).unwrap();
}

#[test]
fn written_templates_are_the_built_ins_and_change_nothing_until_edited() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    example_without_templates(&repo);
    let before = build(&repo, &tmp.path().join("a"));

    let o = trainyard()
        .arg("--root")
        .arg(&repo)
        .arg("templates")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("wrote 17 files"));
    // The files written are this project's templates/, byte for byte.
    for name in ["base.html", "release.html", "feed.xml", "assets/style.css"] {
        assert_eq!(
            std::fs::read(repo.join("templates").join(name)).unwrap(),
            std::fs::read(root().join("templates").join(name)).unwrap(),
            "{name}"
        );
    }
    // Unchanged copies override nothing: same site, no "using the repository's".
    let after = build(&repo, &tmp.path().join("b"));
    assert_eq!(before.lines().count(), after.lines().count(), "{after}");
    assert!(!after.contains("using the repository's"), "{after}");
    let a = common::read_tree(&tmp.path().join("a"));
    let b = common::read_tree(&tmp.path().join("b"));
    assert_eq!(a, b);

    // An edited copy is used.
    let base = repo.join("templates/base.html");
    let edited =
        std::fs::read_to_string(&base)
            .unwrap()
            .replacen("<body", "<body data-edited=\"yes\"", 1);
    std::fs::write(&base, &edited).unwrap();
    let stderr = build(&repo, &tmp.path().join("c"));
    assert!(
        stderr.contains("using the repository's base.html"),
        "{stderr}"
    );
    let index = std::fs::read_to_string(tmp.path().join("c/index.html")).unwrap();
    assert!(index.contains("data-edited=\"yes\""));
}

#[test]
fn templates_never_overwrite_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("theme");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("base.html"), "mine").unwrap();
    let o = trainyard()
        .current_dir(tmp.path())
        .arg("templates")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("1 file in")
            && stderr.contains("base.html")
            && stderr.contains("nothing was written"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("base.html")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "nothing else written"
    );
}

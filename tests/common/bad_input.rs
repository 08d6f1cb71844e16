//! Helpers for the bad-input tests (tests/bad_input.rs,
//! tests/bad_input_scale.rs): a copy of the `base` fixture to break, the
//! binary run with a time limit, and a check that no file of the
//! repository changed.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use serde_json::Value;

use super::{copy_dir, fixture, trainyard, TODAY};

/// How long one run may take before the test fails: every bad input must
/// be answered quickly, never by a hang.
pub const LIMIT: Duration = Duration::from_secs(60);

/// A throwaway release repository, a copy of the `base` fixture.
pub struct Scratch {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl Scratch {
    pub fn new() -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        copy_dir(&fixture("base"), &root);
        Scratch { _dir: dir, root }
    }

    /// The folder around the repository, for things outside it.
    pub fn outside(&self) -> &Path {
        self.root.parent().unwrap()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    /// Runs trainyard with `args` (and `--root`), within [`LIMIT`], and
    /// checks that no file under the repository changed.
    pub fn run(&self, args: &[&str]) -> Output {
        let before = tree(&self.root);
        let out = trainyard()
            .args(args)
            .arg("--root")
            .arg(&self.root)
            .timeout(LIMIT)
            .output()
            .unwrap();
        let signal = std::os::unix::process::ExitStatusExt::signal(&out.status);
        assert!(
            out.status.code().is_some(),
            "trainyard {args:?} was killed (signal {signal:?}; over {LIMIT:?}?)\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "a panic: {stderr}");
        assert_eq!(
            before,
            tree(&self.root),
            "trainyard {args:?} changed the repository"
        );
        out
    }

    /// `lint --format json --today 2026-11-24`: the exit code and report.
    pub fn lint(&self) -> (i32, Value) {
        let out = self.run(&["lint", "--format", "json", "--today", TODAY]);
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{e}: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (out.status.code().unwrap(), doc)
    }

    /// `build` into a folder beside the repository: the exit code and the
    /// folder.
    pub fn build(&self) -> (i32, PathBuf, String) {
        let out_dir = self.outside().join("public");
        let out = self.run(&[
            "build",
            "--today",
            TODAY,
            "--out",
            out_dir.to_str().unwrap(),
        ]);
        (
            out.status.code().unwrap(),
            out_dir,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

/// Path, mode and a hash of the contents of every file and folder under
/// `root`: what must be the same after a run.
pub fn tree(root: &Path) -> BTreeMap<String, (u32, u64)> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root).follow_links(false) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let meta = entry.path().symlink_metadata().unwrap();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        if meta.is_file() {
            // Root reads a mode 000 file too; anyone else hashes the mode.
            if let Ok(bytes) = std::fs::read(entry.path()) {
                bytes.hash(&mut h);
            }
        } else if meta.file_type().is_symlink() {
            std::fs::read_link(entry.path()).unwrap().hash(&mut h);
        }
        out.insert(rel, (meta.permissions().mode(), h.finish()));
    }
    out
}

/// The findings of a JSON report as (rule, file, line, message).
pub fn findings(doc: &Value) -> Vec<(String, String, u64, String)> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Asserts a finding of `rule` in `file` at `line` whose message contains
/// `says`, and returns its message.
pub fn assert_finding(doc: &Value, rule: &str, file: &str, line: u64, says: &str) -> String {
    let all = findings(doc);
    all.iter()
        .find(|(r, f, l, m)| r == rule && f == file && *l == line && m.contains(says))
        .map(|(_, _, _, m)| m.clone())
        .unwrap_or_else(|| panic!("expected {rule} at {file}:{line} saying {says:?}, got {all:#?}"))
}

/// The release file of the `base` fixture's first release.
pub const FIRST: &str = "releases/REL-2030-03-001/release.toml";

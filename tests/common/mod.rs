//! Helpers shared by the integration tests: where the repository and its
//! fixtures are, how to run the binary, and the helpers of test binaries
//! split along a seam (`lint` for lint.rs and lint_formats.rs, `calendar`
//! for calendar.rs and calendar_dst.rs).

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub mod bad_input;
pub mod calendar;
pub mod git;
pub mod lint;

/// The date the tests take as today.
pub const TODAY: &str = "2026-11-24";

/// The repository itself (the shipped example).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture repository under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// The binary without colour and at a fixed width, so output is stable.
pub fn trainyard() -> Command {
    let mut cmd = Command::cargo_bin("trainyard").unwrap();
    cmd.env("NO_COLOR", "1").env("COLUMNS", "100");
    cmd
}

/// Copies the folder `from` to `to` (created if missing), recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

/// Every file under `dir`, relative path (with `/`) to bytes.
pub fn read_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

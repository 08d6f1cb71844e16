//! A broken repository never panics: the shipped example, with one of its
//! files cut, spliced or garbled at random, goes through the whole
//! pipeline (load, every rule, the site and its feeds) in memory.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use trainyard::load::Repo;
use trainyard::pipeline::Pipeline;
use trainyard::site::{BuildOptions, Memory};

/// Every file of the shipped example that trainyard reads, in memory.
fn example() -> Vec<(String, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for top in ["policies", "releases"] {
        for entry in walkdir::WalkDir::new(root.join(top)) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push((rel, std::fs::read(entry.path()).unwrap()));
            }
        }
    }
    files.push((
        "trainyard.toml".into(),
        std::fs::read(root.join("trainyard.toml")).unwrap(),
    ));
    files.sort();
    files
}

/// Cuts `cut` bytes at `at` and inserts `insert` there (bytes, so the
/// result need not be UTF-8).
fn mutate(bytes: &[u8], at: usize, cut: usize, insert: &[u8]) -> Vec<u8> {
    let at = at % (bytes.len() + 1);
    let end = (at + cut).min(bytes.len());
    [&bytes[..at], insert, &bytes[end..]].concat()
}

fn pipeline(files: Vec<(String, Vec<u8>)>) {
    let pipeline = Pipeline::from_repo(Repo::from_files(Path::new("/nonexistent-root"), files));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let checked = pipeline.check(today);
    let memory = Memory::new();
    checked
        .render(&BuildOptions::new(today, None), &memory)
        .unwrap();
    assert!(memory.into_files().contains_key("index.html"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn any_one_broken_file_is_reported_not_a_panic(
        which in any::<prop::sample::Index>(),
        at in 0usize..20_000,
        cut in 0usize..60,
        insert in proptest::collection::vec(
            prop_oneof![
                Just(b'"'), Just(b'['), Just(b']'), Just(b'='), Just(b'\n'), Just(b'#'),
                Just(b'0'), Just(b'-'), Just(b':'), Just(0xff_u8), Just(b'a'), Just(b' '),
            ],
            0..16,
        ),
    ) {
        let mut files = example();
        let i = which.index(files.len());
        files[i].1 = mutate(&files[i].1, at, cut, &insert);
        pipeline(files);
    }
}

#[test]
fn the_example_itself_goes_through_in_memory() {
    pipeline(example());
}

//! A broken repository never panics, and the broken file is reported at
//! its line: the shipped example, with a line that no TOML reader accepts
//! put into one of its TOML files, or one of its files cut, spliced or
//! garbled at random, goes through the whole pipeline (load, every rule,
//! the site and its feeds) in memory.

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

/// Runs the whole pipeline; returns the findings as (rule, file, line).
fn pipeline(files: Vec<(String, Vec<u8>)>) -> Vec<(String, String, usize)> {
    let pipeline = Pipeline::from_repo(Repo::from_files(Path::new("/nonexistent-root"), files));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let checked = pipeline.check(today);
    let memory = Memory::new();
    checked
        .render(&BuildOptions::new(today, None), &memory)
        .unwrap();
    assert!(memory.into_files().contains_key("index.html"));
    let repo = pipeline.repo();
    checked
        .outcome
        .findings
        .iter()
        .map(|f| {
            let file = &repo.files[f.file];
            (
                f.rule.name().to_string(),
                file.path.clone(),
                file.position(f.span.start).line,
            )
        })
        .collect()
}

/// Lines no TOML reader accepts, wherever they stand in a file (the
/// example has no multi-line strings for them to hide in).
const BROKEN_LINES: [&[u8]; 6] = [
    b"= 1",
    b"[[unclosed",
    b"[table",
    b"key = \"unterminated",
    b"key = 1 2",
    b"title = \"\xff\"",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn a_broken_line_in_any_toml_file_is_reported_at_that_line(
        which in any::<prop::sample::Index>(),
        line in any::<prop::sample::Index>(),
        broken in 0..BROKEN_LINES.len(),
    ) {
        let mut files = example();
        let tomls: Vec<usize> = (0..files.len()).filter(|&i| files[i].0.ends_with(".toml")).collect();
        let i = tomls[which.index(tomls.len())];
        let text = files[i].1.clone();
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(j, _)| j + 1))
            .filter(|&j| j <= text.len())
            .collect();
        let at = line.index(starts.len());
        let mut broken_line = BROKEN_LINES[broken].to_vec();
        broken_line.push(b'\n');
        let mut mutated = text[..starts[at]].to_vec();
        if !mutated.is_empty() && !mutated.ends_with(b"\n") {
            mutated.push(b'\n');
        }
        let line_number = mutated.iter().filter(|b| **b == b'\n').count() + 1;
        mutated.extend_from_slice(&broken_line);
        mutated.extend_from_slice(&text[starts[at]..]);
        files[i].1 = mutated;
        let path = files[i].0.clone();
        let found = pipeline(files);
        prop_assert!(
            found.iter().any(|(rule, file, l)| rule == "parse-error" && *file == path && *l == line_number),
            "no parse-error at {}:{}; found {:?}",
            path,
            line_number,
            found.iter().filter(|f| f.1 == path).collect::<Vec<_>>()
        );
    }

    #[test]
    fn any_one_garbled_file_is_reported_not_a_panic(
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
        let before = files[i].1.clone();
        files[i].1 = mutate(&files[i].1, at, cut, &insert);
        // A mutation that changes nothing tests nothing.
        prop_assume!(files[i].1 != before);
        let (path, bytes) = files[i].clone();
        let found = pipeline(files);
        // A TOML file that no longer reads as TOML is named, at a line of
        // it; one that still reads is checked as what it now says.
        let parses = std::str::from_utf8(&bytes).is_ok_and(|t| t.parse::<toml::Table>().is_ok());
        if path.ends_with(".toml") && !parses {
            let lines = bytes.split(|b| *b == b'\n').count();
            prop_assert!(
                found.iter().any(|(rule, file, l)| rule == "parse-error" && *file == path && (1..=lines).contains(l)),
                "{} no longer parses but has no parse-error; found {:?}",
                path,
                found.iter().filter(|f| f.1 == path).collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn the_example_itself_goes_through_in_memory() {
    pipeline(example());
}

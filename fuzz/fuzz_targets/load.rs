//! Loads and checks a repository whose release file and policy file are the
//! fuzzer's input (split at the first NUL byte), beside the shipped
//! example's other policies. Nothing may panic, every finding must
//! point at a range inside a file that was read, and whatever the fast
//! TOML path reads, toml must read the same.
#![no_main]

use std::path::Path;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use trainyard::load::{fast, Repo};
use trainyard::model::{Policy, ReleaseDef};
use trainyard::pipeline::Pipeline;

const FIXED: &[(&str, &str)] = &[
    ("trainyard.toml", include_str!("../../trainyard.toml")),
    (
        "policies/calendar.toml",
        include_str!("../../policies/calendar.toml"),
    ),
    (
        "policies/services.toml",
        include_str!("../../policies/services.toml"),
    ),
    (
        "policies/people.toml",
        include_str!("../../policies/people.toml"),
    ),
    (
        "policies/environments.toml",
        include_str!("../../policies/environments.toml"),
    ),
];

fuzz_target!(|data: &[u8]| {
    let (release, policy) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    let mut files: Vec<(String, Vec<u8>)> = FIXED
        .iter()
        .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
        .collect();
    for (text, agrees) in [
        (release, fast::agrees_with_toml::<ReleaseDef> as fn(&str) -> _),
        (policy, fast::agrees_with_toml::<Policy>),
    ] {
        if let Ok(text) = std::str::from_utf8(text) {
            if let Some(Err(e)) = agrees(text) {
                panic!("{e}");
            }
        }
    }
    files.push((
        "releases/REL-2026-12-001/release.toml".into(),
        release.to_vec(),
    ));
    files.push(("policies/minor.toml".into(), policy.to_vec()));
    let repo = Repo::from_files(Path::new("/fuzz"), files);
    let pipeline = Pipeline::from_repo(repo);
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let checked = pipeline.check(today);
    let repo = pipeline.repo();
    let findings = repo.findings.iter().chain(checked.outcome.findings.iter());
    for f in findings {
        let file = repo.files.get(f.file).unwrap_or_else(|| {
            panic!(
                "{} points at file {} of {}",
                f.rule.name(),
                f.file,
                repo.files.len()
            )
        });
        let len = file.text.len();
        for span in std::iter::once(&f.span).chain(f.labels.iter().map(|(s, _)| s)) {
            assert!(
                span.start <= span.end && span.end <= len,
                "{} in {} has span {:?} outside the file ({} bytes): {}",
                f.rule.name(),
                file.path,
                span,
                len,
                f.message
            );
            assert!(
                file.text.is_char_boundary(span.start) && file.text.is_char_boundary(span.end),
                "{} in {} has span {:?} inside a character",
                f.rule.name(),
                file.path,
                span
            );
        }
    }
});

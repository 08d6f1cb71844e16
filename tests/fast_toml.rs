//! The fast TOML path against toml on the benchmark's corpus and on
//! release files edited at random: whatever the fast path reads, toml
//! reads to the same model, spans and all.

use proptest::prelude::*;
use trainyard::load::fast::agrees_with_toml;
use trainyard::model::ReleaseDef;

/// The release files of a benchmark corpus of `releases` releases (with
/// seeded defects), in folder order.
fn corpus_release_files(releases: usize) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let options = trainyard::corpus::CorpusOptions {
        releases,
        findings: true,
        ..Default::default()
    };
    trainyard::corpus::write(dir.path(), &options).unwrap();
    walkdir::WalkDir::new(dir.path().join("releases"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "release.toml")
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect()
}

#[test]
fn agrees_with_toml_on_the_benchmark_corpus() {
    let files = corpus_release_files(60);
    assert_eq!(files.len(), 60);
    for text in &files {
        let result = agrees_with_toml::<ReleaseDef>(text).expect("read by the fast path");
        result.unwrap();
    }
}

/// Fragments that sit at the edges of the subset.
const FRAGMENTS: &[&str] = &[
    "\"",
    "'",
    "#",
    "\n",
    "\r\n",
    "\r",
    "[",
    "]",
    "[[",
    "]]",
    "=",
    ",",
    "\\",
    "\\u00e9",
    "\\U0001F600",
    "\\x41",
    "\\e",
    "1.5",
    "0x1F",
    "1_000",
    "01",
    "-0",
    "+7",
    " ",
    "\t",
    "{",
    "}",
    "\"\"\"",
    "'''",
    "2024-01-01",
    "2024-01-01 10:00",
    "T10:00:00Z",
    "+01:00",
    ".5",
    "true",
    "false",
    "a.b",
    "\"k\"",
    "é",
    "\u{7f}",
    "\u{1}",
    "[tests]\n",
    "[[tests]]\n",
    "[window]\n",
    "x = 1\n",
    "stage = \"test\"\n",
    "id = \"X\"\n",
];

fn sample() -> String {
    corpus_release_files(3).swap_remove(0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Edits at random places: whatever the fast path still reads,
    /// toml reads the same.
    #[test]
    fn agrees_with_toml_after_edits(
        edits in proptest::collection::vec(
            (any::<prop::sample::Index>(), 0..FRAGMENTS.len(), 0usize..4),
            1..4,
        )
    ) {
        thread_local!(static SAMPLE: String = sample());
        let mut text = SAMPLE.with(String::clone);
        for (at, fragment, cut) in edits {
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            let mut j = (i + cut).min(text.len());
            while !text.is_char_boundary(j) {
                j += 1;
            }
            text.replace_range(i..j, FRAGMENTS[fragment]);
        }
        if let Some(result) = agrees_with_toml::<ReleaseDef>(&text) {
            prop_assert!(result.is_ok(), "{}\n--- text ---\n{}", result.unwrap_err(), text);
        }
    }
}

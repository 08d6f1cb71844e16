//! The fast path against toml: on every shipped file and on generated
//! documents (tests/fast_toml.rs adds the benchmark's corpus and edited
//! release files).

use super::*;
use crate::load::walk::{classify, Kind};
use crate::model::{
    CalendarDef, Config, EnvironmentsDef, PeopleDef, Policy, ReleaseDef, ServicesDef, TrainDef,
};
use proptest::prelude::*;

/// The agreement check for a file at `rel` (a path in a repository).
fn agrees(rel: &str, text: &str) -> Option<Result<(), String>> {
    match classify(rel).or((rel == "trainyard.toml").then_some(Kind::Config))? {
        Kind::Config => agrees_with_toml::<Config>(text),
        Kind::Calendar => agrees_with_toml::<CalendarDef>(text),
        Kind::Services => agrees_with_toml::<ServicesDef>(text),
        Kind::People => agrees_with_toml::<PeopleDef>(text),
        Kind::Environments => agrees_with_toml::<EnvironmentsDef>(text),
        Kind::Policy(_) => agrees_with_toml::<Policy>(text),
        Kind::Release(_) => agrees_with_toml::<ReleaseDef>(text),
        Kind::Train(_) => agrees_with_toml::<TrainDef>(text),
        Kind::Runbook(_) | Kind::Notes(_) => None,
    }
}

/// Every TOML file of the shipped example and of every test fixture.
fn shipped_files() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for top in ["trainyard.toml", "policies", "releases", "tests/fixtures"] {
        for entry in walkdir::WalkDir::new(root.join(top)).sort_by_file_name() {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "toml") {
                // The path within its own repository: from the
                // `policies/` or `releases/` folder (or the config).
                let full = path.to_string_lossy().replace('\\', "/");
                let rel = ["/policies/", "/releases/"]
                    .iter()
                    .filter_map(|m| full.rfind(m).map(|i| full[i + 1..].to_string()))
                    .max_by_key(|r| std::cmp::Reverse(r.len()))
                    .unwrap_or_else(|| "trainyard.toml".into());
                let text = std::fs::read_to_string(path).unwrap_or_default();
                out.push((rel, text));
            }
        }
    }
    out
}

#[test]
fn agrees_with_toml_on_every_shipped_file() {
    let files = shipped_files();
    let (mut releases, mut fast) = (0, 0);
    for (rel, text) in &files {
        let release = rel.ends_with("release.toml");
        releases += usize::from(release);
        if let Some(result) = agrees(rel, text) {
            fast += usize::from(release);
            if let Err(e) = result {
                panic!("{rel}: {e}\n--- text ---\n{text}");
            }
        }
    }
    // The fast path must actually be taken: most release files are
    // plain. (Catalogues, written with dotted headers, are toml's.)
    assert!(releases > 100, "only {releases} release files found");
    assert!(
        fast * 10 > releases * 9,
        "the fast path read only {fast} of {releases} release files"
    );
}

/// Any TOML value with the span of every value in it, read through the
/// same protocols the model uses: what two readers must agree on.
#[derive(Debug)]
#[allow(dead_code)] // compared through Debug
struct Node {
    span: std::ops::Range<usize>,
    value: Shape,
}

#[derive(Debug)]
#[allow(dead_code)] // compared through Debug
enum Shape {
    Str(String),
    Int(i64),
    Float(String),
    Bool(bool),
    Datetime(String),
    Array(Vec<Node>),
    Table(Vec<(String, Node)>),
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = toml::Spanned::<Shape>::deserialize(d)?;
        Ok(Node {
            span: s.span(),
            value: s.into_inner(),
        })
    }
}

impl<'de> serde::Deserialize<'de> for Shape {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Shape;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a TOML value")
            }
            fn visit_str<E>(self, v: &str) -> Result<Shape, E> {
                Ok(Shape::Str(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Shape, E> {
                Ok(Shape::Int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Shape, E> {
                i64::try_from(v).map(Shape::Int).map_err(E::custom)
            }
            fn visit_f64<E>(self, v: f64) -> Result<Shape, E> {
                Ok(Shape::Float(format!("{v:?}")))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Shape, E> {
                Ok(Shape::Bool(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<Shape, A::Error> {
                let mut items = Vec::new();
                while let Some(n) = a.next_element::<Node>()? {
                    items.push(n);
                }
                Ok(Shape::Array(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Shape, A::Error> {
                use toml_datetime::de::VisitMap;
                let mut entries = Vec::new();
                while let Some(key) = VisitMap::next_key_seed(&mut a)? {
                    match key {
                        VisitMap::Datetime(d) => return Ok(Shape::Datetime(d.to_string())),
                        VisitMap::Key(k) => entries.push((k.into_owned(), a.next_value::<Node>()?)),
                    }
                }
                Ok(Shape::Table(entries))
            }
        }
        d.deserialize_any(V)
    }
}

/// A generated document: root pairs, then tables and arrays of tables,
/// written with the spacing, comments and line breaks people use.
fn document() -> impl Strategy<Value = String> {
    let tables = proptest::collection::vec((header(), pairs()), 0..4);
    let newline = prop::sample::select(vec!["\n", "\r\n", "\n\n"]);
    (pairs(), tables, newline).prop_map(|(root, tables, nl)| {
        let mut out = String::new();
        let write_pairs = |out: &mut String, pairs: &[Pair]| {
            for (k, v, eq, comment) in pairs {
                out.push_str(&format!("{k}{eq}{v}{comment}{nl}"));
            }
        };
        write_pairs(&mut out, &root);
        for ((array, key, pad), pairs) in &tables {
            let (open, close) = if *array { ("[[", "]]") } else { ("[", "]") };
            out.push_str(&format!("{open}{pad}{key}{pad}{close}{nl}"));
            write_pairs(&mut out, pairs);
        }
        out
    })
}

/// Key, value, the `=` with its spacing, and what ends the line.
type Pair = (&'static str, String, &'static str, &'static str);

fn key() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "a", "b", "c", "d", "id", "stage", "title", "x-y", "k_2", "tests", "window", "9", "-", "_",
        "A1", "zz",
    ])
}

fn pairs() -> impl Strategy<Value = Vec<Pair>> {
    let comment = prop::sample::select(vec!["", " # note", "\t#", " #\u{e9}"]);
    proptest::collection::vec((key(), value(), spacing(), comment), 0..5)
}

/// Whether the header is `[[…]]`, its key, and padding inside it.
fn header() -> impl Strategy<Value = (bool, &'static str, &'static str)> {
    (any::<bool>(), key(), prop::sample::select(vec!["", " "]))
}

fn spacing() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![" = ", "=", "\t=\t", "  =  "])
}

/// A scalar written as TOML (now and then as text toml refuses).
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z \"\\\\'é\t#=,\\[\\]{}]{0,8}".prop_map(|s| {
            let mut out = String::from("\"");
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    'e' => out.push_str("\\u0065"),
                    'é' => out.push_str("\\U000000E9"),
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }),
        2 => "[a-z \"é\t#=,]{0,8}".prop_map(|s| format!("'{}'", s.replace('\'', ""))),
        2 => any::<i64>().prop_map(|n| n.to_string()),
        1 => (0i64..100).prop_map(|n| format!("+{n}")),
        1 => prop::sample::select(vec!["0", "-0", "00", "1_0", "0x1F", "1.5", "1e3", "inf", "true", "false", "tru"])
            .prop_map(str::to_string),
        1 => "[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?",
        1 => "[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,3})?)?",
        2 => "(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])(T(0[0-9]|1[0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9])?",
    ]
}

fn value() -> impl Strategy<Value = String> {
    scalar().prop_recursive(2, 12, 4, |inner| {
        (
            proptest::collection::vec(inner, 0..4),
            prop::sample::select(vec![",", ", ", ",\n  ", " , # c\n", ",\r\n"]),
            any::<bool>(),
            prop::sample::select(vec!["", "\n", " # open\n"]),
        )
            .prop_map(|(items, sep, trailing, open)| {
                let mut out = format!("[{open}{}", items.join(sep));
                if trailing && !items.is_empty() {
                    out.push(',');
                }
                out.push(']');
                out
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Generated documents: whatever the fast path reads, toml reads to
    /// the same values with the same spans.
    #[test]
    fn agrees_with_toml_on_generated_documents(text in document()) {
        if let Some(result) = agrees_with_toml::<Node>(&text) {
            prop_assert!(result.is_ok(), "{}\n--- text ---\n{}", result.unwrap_err(), text);
        }
    }
}

/// The generated documents exercise the fast path, not only its
/// fallback: most of them are inside the subset.
#[test]
fn generated_documents_mostly_take_the_fast_path() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = document();
    let fast = (0..500)
        .filter(|_| {
            let text = strategy.new_tree(&mut runner).unwrap().current();
            from_str::<Node>(&text).is_some()
        })
        .count();
    assert!(
        fast > 100,
        "only {fast} of 500 generated documents took the fast path"
    );
}

#[test]
fn an_impossible_date_is_left_to_toml() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)] // compared through Debug
    struct Doc {
        at: crate::model::Spanned<crate::model::When>,
    }
    assert!(from_str::<Doc>("at = 2024-13-45T10:00:00\n").is_none());
    assert!(toml::from_str::<Doc>("at = 2024-13-45T10:00:00\n").is_err());
    let text = "at = 2024-03-15T20:00:00 # go\n";
    assert_eq!(agrees_with_toml::<Doc>(text), Some(Ok(())));
    assert_eq!(from_str::<Doc>(text).unwrap().at.span(), 5..24);
}

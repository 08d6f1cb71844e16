//! The layers of `src/` point one way, and no module imports another that
//! imports it back.
//!
//! Each top-level module has a layer (see `LAYERS`, in the order of
//! `src/lib.rs`); a file may use what its own layer and those below it
//! define, never what a layer above defines. Every `use` and every inline
//! `crate::`/`super::` path is resolved to the file that defines the item
//! (following `pub use` re-exports), and the files' imports must form no
//! cycle, apart from a module and its own `mod.rs` ancestors (a parent
//! declares its children; children use what the parent defines).
//! Failures name the file and line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level modules, lowest layer first; modules on one line share a layer.
const LAYERS: &[&[&str]] = &[
    &["words", "suggest", "time"],
    &["model"],
    &["diagnostic"],
    &["load", "git"],
    &["resolve"],
    &["calendar"],
    &["rules"],
    &["report", "feeds", "site", "export"],
    &["pipeline"],
    &["cli", "corpus", "lib", "main"],
];

fn layer_of(module: &str) -> Option<usize> {
    let top = module.split("::").nth(1).unwrap_or("lib");
    LAYERS.iter().position(|l| l.contains(&top))
}

/// `src/site/pages.rs` → `crate::site::pages`.
fn module_of(path: &str) -> String {
    let p = path.trim_end_matches(".rs");
    let p = p.strip_suffix("/mod").unwrap_or(p);
    match p {
        "lib" | "main" => format!("crate::{p}").replace("crate::lib", "crate"),
        _ => format!("crate::{}", p.replace('/', "::")),
    }
}

/// Source without comments and string contents, line breaks kept.
fn code_only(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let b = src.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            while i < b.len() && !b[i..].starts_with(b"*/") {
                if b[i] == b'\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 2;
        } else if b[i] == b'"' || (b[i] == b'r' && matches!(b.get(i + 1), Some(b'"' | b'#'))) {
            // A string (raw or not): keep only its line breaks.
            let raw = b[i] == b'r';
            let mut hashes = 0;
            if raw {
                i += 1;
                while b[i] == b'#' {
                    hashes += 1;
                    i += 1;
                }
            }
            i += 1;
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            while i < b.len() && !b[i..].starts_with(&close) {
                if !raw && b[i] == b'\\' {
                    i += 1;
                } else if b[i] == b'\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += close.len();
            out.push_str("\"\"");
        } else if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            out.push_str("' '");
            i += 3;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

/// Expands a use tree (`a::{b, c::{d, e}}`) into full paths.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    match tree.find('{') {
        None => vec![tree.split(" as ").next().unwrap_or(tree).trim().to_string()],
        Some(open) => {
            let prefix = tree[..open].trim().trim_end_matches("::");
            let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            let mut parts = Vec::new();
            let (mut depth, mut start) = (0, 0);
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        parts.push(&inner[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            parts.push(&inner[start..]);
            parts
                .into_iter()
                .filter(|p| !p.trim().is_empty())
                .flat_map(expand)
                .map(|p| match p.as_str() {
                    "self" => prefix.to_string(),
                    _ => format!("{prefix}::{p}"),
                })
                .collect()
        }
    }
}

/// Makes `path` absolute (`crate::…`) as seen from `module`.
fn absolute(path: &str, module: &str) -> Option<String> {
    let mut segs: Vec<&str> = path.split("::").collect();
    let mut base: Vec<&str> = module.split("::").collect();
    match *segs.first()? {
        "crate" => return Some(path.to_string()),
        "self" => {
            segs.remove(0);
        }
        "super" => {
            while segs.first() == Some(&"super") {
                segs.remove(0);
                base.pop();
            }
        }
        _ => return None,
    }
    base.extend(segs);
    Some(base.join("::"))
}

/// Every file's module, its imports (absolute path and line) and what it
/// re-exports (name to absolute path).
struct Crate {
    files: BTreeMap<String, String>,
    imports: BTreeMap<String, Vec<(String, usize)>>,
    reexports: BTreeMap<String, BTreeMap<String, String>>,
}

impl Crate {
    fn new(sources: &BTreeMap<String, String>) -> Crate {
        let mut c = Crate {
            files: BTreeMap::new(),
            imports: BTreeMap::new(),
            reexports: BTreeMap::new(),
        };
        for (path, src) in sources {
            let module = module_of(path);
            c.files.insert(module.clone(), path.clone());
            let code = code_only(src);
            let inline = inline_mods(&code);
            // The module at byte `at`: the file's, plus the inline `mod`
            // blocks around it (such as `mod tests`).
            let module_at = |at: usize| {
                let mut m = module.clone();
                for (start, end, name) in &inline {
                    if *start <= at && at < *end {
                        m = format!("{m}::{name}");
                    }
                }
                m
            };
            let mut imports = Vec::new();
            let mut reexports = BTreeMap::new();
            // `use` statements, which may span lines.
            let mut rest = code.as_str();
            let mut offset = 0;
            while let Some(at) = find_use(rest) {
                let start = offset + at;
                let end = code[start..].find(';').map_or(code.len(), |e| start + e);
                let stmt = &code[start..end];
                let line = code[..start].matches('\n').count() + 1;
                let public = code[..start].trim_end().ends_with("pub")
                    || code[..start].trim_end().ends_with(')');
                let tree = stmt.trim_start_matches("use").trim();
                for p in expand(tree).into_iter().filter(|p| !p.ends_with('*')) {
                    if let Some(abs) = absolute(&p, &module_at(start)) {
                        if public {
                            let name = abs.rsplit("::").next().unwrap_or("").to_string();
                            reexports.insert(name, abs.clone());
                        }
                        imports.push((abs, line));
                    }
                }
                offset = end;
                rest = &code[end..];
            }
            // Inline paths such as `crate::time::parse_zone(…)`.
            let mut line_start = 0;
            for (i, text) in code.lines().enumerate() {
                let here = line_start;
                line_start += text.len() + 1;
                if text.trim_start().starts_with("use ") || text.contains(" use ") {
                    continue;
                }
                for key in ["crate::", "super::"] {
                    let mut from = 0;
                    while let Some(at) = text[from..].find(key) {
                        let s = from + at;
                        let preceded = text[..s]
                            .chars()
                            .last()
                            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
                        let e = text[s..]
                            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                            .map_or(text.len(), |e| s + e);
                        if !preceded {
                            let p = text[s..e].trim_end_matches(':');
                            if let Some(abs) = absolute(p, &module_at(here)) {
                                imports.push((abs, i + 1));
                            }
                        }
                        from = e.max(s + key.len());
                    }
                }
            }
            c.imports.insert(module.clone(), imports);
            c.reexports.insert(module, reexports);
        }
        c
    }

    /// The module (file) that defines what `path` names.
    fn target(&self, path: &str, depth: usize) -> Option<String> {
        let segs: Vec<&str> = path.split("::").collect();
        for n in (1..=segs.len()).rev() {
            let m = segs[..n].join("::");
            if self.files.contains_key(&m) {
                if let Some(next) = segs.get(n) {
                    let via = self.reexports.get(&m).and_then(|r| r.get(*next));
                    if let Some(via) = via.filter(|_| depth < 8) {
                        let rest = segs[n + 1..].join("::");
                        let full = if rest.is_empty() {
                            via.clone()
                        } else {
                            format!("{via}::{rest}")
                        };
                        if full != path {
                            return self.target(&full, depth + 1).or(Some(m));
                        }
                    }
                }
                return Some(m);
            }
        }
        None
    }
}

/// The inline `mod NAME { … }` blocks of a file, as byte ranges, in order.
fn inline_mods(code: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find("mod ") {
        let s = from + at;
        from = s + 4;
        if code[..s]
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let rest = &code[s + 4..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !rest[name.len()..].trim_start().starts_with('{') {
            continue;
        }
        let open = s + 4 + name.len() + rest[name.len()..].find('{').unwrap_or(0);
        let mut depth = 0;
        let mut end = code.len();
        for (i, c) in code[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.push((open, end, name));
    }
    out
}

fn find_use(s: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = s[from..].find("use ") {
        let i = from + at;
        let before = s[..i].chars().last();
        if before.is_none_or(|c| c.is_whitespace() || c == ';' || c == '{' || c == '}') {
            return Some(i);
        }
        from = i + 4;
    }
    None
}

/// Whether `a` is `b` or one of `b`'s ancestors, or the other way round.
fn lineal(a: &str, b: &str) -> bool {
    let under = |x: &str, y: &str| x == y || y.starts_with(&format!("{x}::"));
    under(a, b) || under(b, a)
}

/// Every layer violation and import cycle, as messages naming file:line.
fn problems(sources: &BTreeMap<String, String>) -> Vec<String> {
    let c = Crate::new(sources);
    let mut out = Vec::new();
    let mut edges: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (module, imports) in &c.imports {
        let file = &c.files[module];
        let mine = layer_of(module);
        for (path, line) in imports {
            let Some(target) = c.target(path, 0) else {
                continue;
            };
            if let (Some(mine), Some(theirs)) = (mine, layer_of(&target)) {
                if theirs > mine {
                    out.push(format!(
                        "src/{file}:{line}: `{path}` is in layer {} ({}), above this file's layer {} ({})",
                        theirs,
                        LAYERS[theirs].join(", "),
                        mine,
                        LAYERS[mine].join(", ")
                    ));
                }
            }
            if !lineal(module, &target) {
                edges
                    .entry(module.clone())
                    .or_default()
                    .entry(target)
                    .or_insert(*line);
            }
        }
    }
    // Cycles: a depth-first search from each module, reporting each cycle once.
    let mut seen: BTreeSet<Vec<String>> = BTreeSet::new();
    for start in edges.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        while let Some((at, path)) = stack.pop() {
            for next in edges.get(&at).map(|m| m.keys()).into_iter().flatten() {
                if next == start {
                    let mut cycle = path.clone();
                    let min = cycle
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, m)| *m)
                        .map(|(i, _)| i);
                    cycle.rotate_left(min.unwrap_or(0));
                    if seen.insert(cycle.clone()) {
                        let steps: Vec<String> = cycle
                            .iter()
                            .zip(cycle.iter().cycle().skip(1))
                            .map(|(a, b)| {
                                format!("src/{}:{} → {}", c.files[a], edges[a][b], c.files[b])
                            })
                            .collect();
                        out.push(format!("import cycle: {}", steps.join(", ")));
                    }
                } else if !path.contains(next) && path.len() < 12 {
                    let mut p = path.clone();
                    p.push(next.clone());
                    stack.push((next.clone(), p));
                }
            }
        }
    }
    out
}

fn read_src(dir: &Path, rel: &str, out: &mut BTreeMap<String, String>) {
    for e in std::fs::read_dir(dir.join(rel)).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().to_string();
        let rel = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if e.file_type().unwrap().is_dir() {
            read_src(dir, &rel, out);
        } else if name.ends_with(".rs") {
            out.insert(rel, std::fs::read_to_string(e.path()).unwrap());
        }
    }
}

#[test]
fn layers_point_one_way_and_imports_form_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = BTreeMap::new();
    read_src(&src, "", &mut sources);
    for path in sources.keys() {
        let module = module_of(path);
        assert!(
            layer_of(&module).is_some(),
            "src/{path}: its top-level module has no layer in LAYERS (tests/layers.rs)"
        );
    }
    let found = problems(&sources);
    assert!(found.is_empty(), "\n{}\n", found.join("\n"));
}

#[test]
fn an_upward_import_and_a_cycle_are_caught() {
    let files: BTreeMap<String, String> = [
        ("lib.rs", "pub mod model;\npub mod rules;\npub mod site;\n"),
        (
            "model/mod.rs",
            "//! use crate::site::Page; in a comment is no import\nmod a;\npub use a::Thing;\n",
        ),
        (
            "model/a.rs",
            "pub struct Thing;\n\nfn f() {\n    crate::rules::run();\n}\n",
        ),
        ("rules/mod.rs", "pub fn run() {}\n"),
        ("site/mod.rs", "mod b;\nmod c;\n"),
        ("site/b.rs", "use super::c::{self, C};\npub struct B;\n"),
        (
            "site/c.rs",
            "use crate::{model::Thing, site::b::B};\npub struct C;\n",
        ),
    ]
    .into_iter()
    .map(|(p, s)| (p.to_string(), s.to_string()))
    .collect();
    let found = problems(&files);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].starts_with("src/model/a.rs:4: `crate::rules::run` is in layer"),
        "{}",
        found[0]
    );
    assert_eq!(
        found[1],
        "import cycle: src/site/b.rs:1 → site/c.rs, src/site/c.rs:1 → site/b.rs"
    );
}

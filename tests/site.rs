//! `trainyard build` on the shipped example and on fixtures: rendered
//! pages (snapshots), every internal link resolves, no script from a
//! release file survives, the output folder is guarded and builds are
//! byte-for-byte deterministic. `trainyard serve` is in serve.rs.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;

use common::{copy_dir, fixture, read_tree, root, TODAY};

fn trainyard() -> Command {
    let mut cmd = Command::cargo_bin("trainyard").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Builds `repo` into `out` and returns the exit code and standard error.
fn build(repo: &Path, out: &Path, extra: &[&str]) -> (i32, String) {
    let o = trainyard()
        .arg("--root")
        .arg(repo)
        .args(["build", "--no-history", "--today", TODAY, "--out"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

fn built_example() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let (code, err) = build(
        &root(),
        &out,
        &["--base-url", "https://releases.example.com/"],
    );
    assert_eq!(code, 0, "{err}");
    let files = read_tree(&out);
    (tmp, files)
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("{path} was not written"))
            .clone(),
    )
    .unwrap()
}

/// A start tag: its name and attributes (values with entities decoded).
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|e| *e < 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..end];
        let c = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                u32::from_str_radix(&ent[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The start tags of an HTML document, as a browser's tokenizer sees them
/// (outside comments; quoted and unquoted attribute values).
fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"<!--") {
            i = b[i..]
                .windows(3)
                .position(|w| w == b"-->")
                .map_or(b.len(), |e| i + e + 3);
            continue;
        }
        if b[i] != b'<' || i + 1 >= b.len() || !b[i + 1].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        let name = html[i + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'=' && b[j] != b'>' {
                j += 1;
            }
            let key = html[start..j].to_ascii_lowercase();
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let vs = j + 1;
                    j = vs;
                    while j < b.len() && b[j] != q {
                        j += 1;
                    }
                    value = html[vs..j.min(b.len())].to_string();
                    j += 1;
                } else {
                    let vs = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = html[vs..j].to_string();
                }
            }
            attrs.push((key, decode_entities(&value)));
        }
        out.push(Tag { name, attrs });
        i = j + 1;
    }
    out
}

/// Checks that every relative `href` and `src` in every HTML file resolves
/// to a written file, and every `#fragment` to an id in it.
fn check_links(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let parsed: BTreeMap<&str, Vec<Tag>> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p.as_str(), tags(std::str::from_utf8(b).unwrap())))
        .collect();
    for (p, t) in &parsed {
        let set = t
            .iter()
            .flat_map(|t| t.attrs.iter())
            .filter(|(k, _)| k == "id")
            .map(|(_, v)| v.clone())
            .collect();
        ids.insert(p, set);
    }
    let mut broken = Vec::new();
    for (page, page_tags) in &parsed {
        for (key, url) in page_tags.iter().flat_map(|t| t.attrs.iter()) {
            if key != "href" && key != "src" {
                continue;
            }
            if url.contains(':') || url.starts_with("//") {
                continue; // absolute: https, mailto
            }
            let (path, fragment) = url
                .split_once('#')
                .map_or((url.as_str(), None), |(p, f)| (p, Some(f)));
            let target = if path.is_empty() {
                page.to_string()
            } else if let Some(abs) = path.strip_prefix('/') {
                // Only 404.html links from the server root.
                assert_eq!(*page, "404.html", "root-relative link {url} in {page}");
                abs.to_string()
            } else {
                let mut parts: Vec<&str> = page.split('/').collect();
                parts.pop();
                for seg in path.split('/') {
                    match seg {
                        ".." => {
                            if parts.pop().is_none() {
                                broken.push(format!("{page}: {url} leaves the site"));
                            }
                        }
                        "." | "" => {}
                        s => parts.push(s),
                    }
                }
                parts.join("/")
            };
            if !files.contains_key(&target) {
                broken.push(format!("{page}: {url} -> {target} was not written"));
                continue;
            }
            if let (Some(f), Some(set)) = (fragment, ids.get(target.as_str())) {
                if !f.is_empty() && !set.contains(f) {
                    broken.push(format!("{page}: {url} -> no id `{f}` in {target}"));
                }
            }
        }
    }
    broken
}

/// What must never appear in output a browser reads (HTML, the Atom
/// feed, releases.json): script elements, event handlers, script URLs in
/// attributes, embedding elements. iCal feeds are plain text to calendar
/// apps and carry titles as written.
fn script_problems(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, bytes) in files.iter().filter(|(p, _)| !p.ends_with(".ics")) {
        let text = String::from_utf8_lossy(bytes);
        if text.to_ascii_lowercase().contains("<script") {
            problems.push(format!("{path}: contains <script"));
        }
        if !(path.ends_with(".html") || path.ends_with(".xml")) {
            continue;
        }
        for tag in tags(&text) {
            if matches!(tag.name.as_str(), "script" | "iframe" | "object" | "embed" | "form" | "style" | "svg" | "math" | "base" | "meta" if !(tag.name == "meta" && path.ends_with(".html")))
            {
                problems.push(format!("{path}: <{}> element", tag.name));
            }
            for (k, v) in &tag.attrs {
                let squeezed: String = v
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if k.starts_with("on") {
                    problems.push(format!("{path}: <{} {k}=…> event handler", tag.name));
                }
                if k == "style" && !squeezed.starts_with("text-align:") {
                    problems.push(format!("{path}: <{} style=\"{v}\">", tag.name));
                }
                if squeezed.starts_with("javascript:")
                    || squeezed.starts_with("vbscript:")
                    || squeezed.starts_with("data:")
                {
                    problems.push(format!("{path}: <{} {k}=\"{v}\">", tag.name));
                }
            }
        }
    }
    problems
}

#[test]
fn shipped_example_pages_match_their_snapshots() {
    let (_tmp, files) = built_example();
    for page in [
        "index.html",
        "calendar/index.html",
        "calendar/2026-12/index.html",
        "releases/REL-2026-03-001/index.html",
        "policies/index.html",
        "services/finance/index.html",
        "releases/index.html",
    ] {
        let name = page.replace('/', "__");
        insta::assert_snapshot!(format!("example__{name}"), text(&files, page));
    }
}

#[test]
fn shipped_example_has_every_page_of_the_site_map() {
    let (_tmp, files) = built_example();
    for path in [
        "index.html",
        "calendar/index.html",
        "releases/index.html",
        "policies/index.html",
        "services/index.html",
        "trains/index.html",
        "findings/index.html",
        "releases.json",
        "feed.xml",
        "404.html",
        "assets/style.css",
        "calendar.ics",
        "windows.ics",
    ] {
        assert!(files.contains_key(path), "{path} missing");
    }
    // A page for every release, service and train of the example.
    for entry in std::fs::read_dir(root().join("releases")).unwrap() {
        let p = entry.unwrap().path();
        if p.join("release.toml").is_file() {
            let dir = p.file_name().unwrap().to_string_lossy().to_string();
            assert!(
                files.contains_key(&format!("releases/{dir}/index.html")),
                "no page for {dir}"
            );
        }
    }
    let json: serde_json::Value = serde_json::from_slice(&files["releases.json"]).unwrap();
    let releases = json["releases"].as_array().unwrap();
    assert!(releases.len() >= 12);
    assert!(releases[0]["url"]
        .as_str()
        .unwrap()
        .starts_with("https://releases.example.com/releases/"));
    // The feed is well-formed XML with absolute links.
    let feed = text(&files, "feed.xml");
    let mut reader = quick_xml::Reader::from_str(&feed);
    let mut entries = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) if e.name().as_ref() == b"entry" => entries += 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("feed.xml is not well-formed: {e}"),
        }
    }
    assert!(entries >= 12, "{entries} entries");
    assert!(feed.contains("href=\"https://releases.example.com/releases/"));
}

#[test]
fn every_internal_link_of_the_example_resolves() {
    let (_tmp, files) = built_example();
    let broken = check_links(&files);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_release_page_answers_when_what_who_and_how_to_roll_back() {
    let (_tmp, files) = built_example();
    let page = text(&files, "releases/REL-2026-03-001/index.html");
    for needle in [
        "Sat 14 Mar 2026, 20:00\u{2013}22:00 GMT",
        "CHG-2026-0192",
        "Carol Osei",
        "href=\"#runbook-rollback\"",
        "id=\"runbook-rollback\"",
        "Rollback window: 4h post-deployment",
    ] {
        assert!(page.contains(needle), "release page lacks {needle}");
    }
}

#[test]
fn nothing_from_a_release_file_runs_as_script() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let (code, err) = build(&fixture("site-xss"), &out, &[]);
    assert_eq!(code, 0, "{err}");
    let files = read_tree(&out);
    // The hostile text is there, as text.
    let page = text(&files, "releases/REL-2026-03-001/index.html");
    assert!(
        page.contains("&lt;script&gt;alert(&#39;change&#39;)&lt;/script&gt;"),
        "the change summary is not shown as text"
    );
    assert!(page.contains("raw link"), "the notes were not rendered");
    let problems = script_problems(&files);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let broken = check_links(&files);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_script_checker_catches_what_it_should() {
    // The checker above must not pass by being blind.
    let mut files = BTreeMap::new();
    files.insert(
        "a.html".to_string(),
        b"<p>fine</p><a href=\"JaVa&#x09;script:x\">x</a>".to_vec(),
    );
    files.insert(
        "b.html".to_string(),
        b"<img src=x onerror=alert(1)>".to_vec(),
    );
    files.insert("c.html".to_string(), b"<SCRIPT>x</SCRIPT>".to_vec());
    let flagged: BTreeSet<String> = script_problems(&files)
        .iter()
        .map(|p| p.split(':').next().unwrap().to_string())
        .collect();
    assert_eq!(
        flagged,
        ["a.html", "b.html", "c.html"].map(String::from).into(),
        "{:?}",
        script_problems(&files)
    );
    let mut files = BTreeMap::new();
    files.insert(
        "a/index.html".to_string(),
        b"<a href=\"../b/index.html#x\">x</a><a href=\"#y\">y</a><p id=\"y\"></p>".to_vec(),
    );
    files.insert("b/index.html".to_string(), b"<p id=\"z\"></p>".to_vec());
    assert_eq!(check_links(&files).len(), 1);
}

#[test]
fn two_builds_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert_eq!(build(&root(), &a, &[]).0, 0);
    assert_eq!(build(&root(), &b, &[]).0, 0);
    let (fa, fb) = (read_tree(&a), read_tree(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (path, bytes) in &fa {
        assert!(bytes == &fb[path], "{path} differs between two builds");
    }
}

#[test]
fn the_output_folder_is_guarded() {
    let tmp = tempfile::tempdir().unwrap();
    // A copy of a small repository, so that its parent is ours to test.
    let repo = tmp.path().join("repo");
    copy_dir(&fixture("site-xss"), &repo);
    for (out, why) in [
        (PathBuf::from("/"), "root of the file system"),
        (repo.clone(), "release repository itself"),
        (tmp.path().to_path_buf(), "contains the release repository"),
        (repo.join("releases/site"), "releases/"),
    ] {
        let (code, err) = build(&repo, &out, &[]);
        assert_eq!(code, 2, "{}: {err}", out.display());
        assert!(err.contains(why), "{}: {err}", out.display());
    }
    // A folder with someone's files in it is left alone.
    let theirs = tmp.path().join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("thesis.txt"), "do not delete").unwrap();
    let (code, err) = build(&repo, &theirs, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("not made by trainyard"), "{err}");
    assert_eq!(
        std::fs::read_to_string(theirs.join("thesis.txt")).unwrap(),
        "do not delete"
    );
    // A site folder is marked, and a later build replaces it whole.
    let site = tmp.path().join("site");
    assert_eq!(build(&repo, &site, &[]).0, 0);
    assert!(site.join(".trainyard-site").is_file());
    std::fs::write(site.join("stale.html"), "old").unwrap();
    assert_eq!(build(&repo, &site, &[]).0, 0);
    assert!(
        !site.join("stale.html").exists(),
        "the previous site was not replaced"
    );
    // An empty folder is fine; nothing is left beside the output.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_eq!(build(&repo, &empty, &[]).0, 0);
    // The previous site is removed in the background: give it a moment.
    let leftovers = || -> Vec<String> {
        std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.contains("trainyard-"))
            .collect()
    };
    for _ in 0..100 {
        if leftovers().is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(leftovers().is_empty(), "{:?}", leftovers());
}

#[test]
fn a_failing_build_leaves_the_previous_site_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    copy_dir(&fixture("site-xss"), &repo);
    let site = tmp.path().join("site");
    assert_eq!(build(&repo, &site, &[]).0, 0);
    let before = read_tree(&site);
    std::fs::create_dir_all(repo.join("templates")).unwrap();
    std::fs::write(
        repo.join("templates/release.html"),
        "{% extends \"base.html\" %}{% block content %}{{ release.row.id ",
    )
    .unwrap();
    let (code, err) = build(&repo, &site, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("release.html"), "{err}");
    assert!(err.contains("previous site"), "{err}");
    assert_eq!(read_tree(&site), before, "the previous site changed");
}

#[test]
fn a_repository_template_overrides_the_built_in_one() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    copy_dir(&fixture("site-xss"), &repo);
    std::fs::create_dir_all(repo.join("templates/assets")).unwrap();
    std::fs::write(
        repo.join("templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>Lost, {{ site.title }}</h1>{% endblock content %}",
    )
    .unwrap();
    std::fs::write(repo.join("templates/assets/extra.css"), "p { color: red }").unwrap();
    let site = tmp.path().join("site");
    let (code, err) = build(&repo, &site, &[]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(site.join("404.html")).unwrap();
    // The override is used, and it autoescapes like the built-in ones.
    assert!(page.contains("<h1>Lost, XSS &lt;script&gt;"), "{page}");
    assert!(site.join("assets/extra.css").is_file());
    assert!(site.join("assets/style.css").is_file());
}

#[test]
fn a_repository_that_cannot_be_loaded_is_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, err) = build(tmp.path(), &tmp.path().join("out"), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("not a release repository"), "{err}");
}

#[test]
fn a_rule_findings_page_explains_the_rule_as_explain_does() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let (code, err) = build(&fixture("life-rules"), &site, &[]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(site.join("findings/missing-tests/index.html")).unwrap();
    let explain = trainyard()
        .args(["explain", "missing-tests"])
        .output()
        .unwrap();
    let explain = String::from_utf8(explain.stdout).unwrap();
    // The summary and each section of the rule's documentation, from the
    // one source both read.
    let summary = explain.lines().nth(2).unwrap();
    assert!(
        page.contains(&format!("TY301: {summary}.")),
        "{summary}\n{page}"
    );
    for heading in ["What it does", "Why", "Example"] {
        assert!(explain.contains(&format!("## {heading}")));
        assert!(
            page.contains(&format!("\">{heading}</h3>")),
            "{heading}\n{page}"
        );
    }
    assert!(page.contains("<code class=\"language-toml\">"), "{page}");
}

//! The release page and the release lists have a renderer of their own,
//! written in Rust, used when the repository overrides none of the
//! templates the page is made of. These tests render every release page
//! both ways (through tera, by marking `release.html` as overridden, and
//! natively) and every list page both ways (through tera, from a copy of
//! the repository whose `releases.html` differs from the built-in one by a
//! comment only) and require the same bytes: on the shipped example, on
//! every fixture, and on values chosen to break escaping and the
//! templates' conditions.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;
use trainyard::pipeline::Pipeline;
use trainyard::site::{incremental, native, templates, BuildOptions, Memory};

use common::{copy_dir, fixture, root, trainyard, TODAY};

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

/// The first line where `a` and `b` differ, with both versions.
fn first_difference(a: &str, b: &str) -> String {
    for (n, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}:\n  tera:   {x}\n  native: {y}", n + 1);
        }
    }
    format!(
        "one is a prefix of the other: tera has {} lines, native {} (lengths {} and {})",
        a.lines().count(),
        b.lines().count(),
        a.len(),
        b.len()
    )
}

/// Renders every release page of the repository at `dir` through tera and
/// natively and fails on the first page that differs. Returns how many
/// pages were compared.
fn compare(dir: &Path, options: &BuildOptions) -> usize {
    let pipeline = Pipeline::load(dir).unwrap();
    let checked = pipeline.check(options.today);
    let own = templates::load(&dir.join("templates")).unwrap();
    let mut through_tera = templates::load(&dir.join("templates")).unwrap();
    through_tera.overridden.push("release.html".to_string());
    assert!(!native::applies(&through_tera));
    if !native::applies(&own) {
        // The repository has templates of its own: nothing native to compare.
        return 0;
    }
    let releases = checked.cx.repo.releases.len();
    for i in 0..releases {
        let (path_t, tera) =
            incremental::release_page(&checked.cx, &checked.outcome, options, &through_tera, i)
                .unwrap();
        let (path_n, mine) =
            incremental::release_page(&checked.cx, &checked.outcome, options, &own, i).unwrap();
        assert_eq!(path_t, path_n);
        let (tera, mine) = (
            String::from_utf8(tera).unwrap(),
            String::from_utf8(mine).unwrap(),
        );
        assert!(
            tera == mine,
            "{} of {} differs, {}",
            path_t,
            dir.display(),
            first_difference(&tera, &mine)
        );
    }
    releases
}

/// The whole site of the repository at `dir`, in memory.
fn site(dir: &Path, options: &BuildOptions) -> std::collections::BTreeMap<String, Vec<u8>> {
    let pipeline = Pipeline::load(dir).unwrap();
    let checked = pipeline.check(options.today);
    let memory = Memory::new();
    trainyard::site::render(&checked.cx, &checked.outcome, options, &memory).unwrap();
    memory.into_files()
}

/// True for the release lists: all releases, by stage and by type.
fn is_list(path: &str) -> bool {
    path == "releases/index.html"
        || path.starts_with("releases/by-stage/")
        || path.starts_with("releases/by-type/")
}

/// True for the calendar's pages: its index and each month.
fn is_month(path: &str) -> bool {
    path.starts_with("calendar/")
}

/// Builds the site of the repository at `dir` natively and the site of a
/// copy of it whose `releases.html` sends the lists to tera, and fails on
/// the first page that differs. Returns how many list pages were compared.
fn compare_lists(dir: &Path, options: &BuildOptions) -> usize {
    compare_through_tera(dir, options, "releases.html", native::lists_apply, is_list)
}

/// As [`compare_lists`], for the calendar's pages and `calendar.html`.
fn compare_months(dir: &Path, options: &BuildOptions) -> usize {
    compare_through_tera(
        dir,
        options,
        "calendar.html",
        native::calendar_applies,
        is_month,
    )
}

/// Builds the site of the repository at `dir` natively and the site of a
/// copy of it whose `template` differs from the built-in one by a comment
/// only (so that the pages `applies` governs go to tera), and fails on the
/// first file that differs. Returns how many of the pages `counted`
/// selects were compared.
fn compare_through_tera(
    dir: &Path,
    options: &BuildOptions,
    template: &str,
    applies: fn(&templates::Theme) -> bool,
    counted: fn(&str) -> bool,
) -> usize {
    if !applies(&templates::load(&dir.join("templates")).unwrap()) {
        // The repository has templates of its own: nothing native to compare.
        return 0;
    }
    let tmp = tempfile::tempdir().unwrap();
    // The same folder name: a site without a title is named after it.
    let copy = tmp.path().join(dir.file_name().unwrap());
    std::fs::create_dir_all(&copy).unwrap();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        // The shipped example is the project's checkout: only its
        // repository parts are copied.
        if p.is_dir() && ["releases", "policies", "templates"].contains(&name.as_str()) {
            copy_dir(&p, &copy.join(&name));
        } else if p.is_file() && (dir != root() || name == "trainyard.toml") {
            std::fs::copy(&p, copy.join(&name)).unwrap();
        } else if p.is_dir() && dir != root() {
            copy_dir(&p, &copy.join(&name));
        }
    }
    let (_, builtin) = templates::TEMPLATES
        .iter()
        .find(|(name, _)| *name == template)
        .unwrap();
    std::fs::create_dir_all(copy.join("templates")).unwrap();
    std::fs::write(
        copy.join("templates").join(template),
        format!("{builtin}{{# through tera #}}"),
    )
    .unwrap();
    let theme = templates::load(&copy.join("templates")).unwrap();
    assert!(!applies(&theme));
    assert!(native::applies(&theme));
    let mine = site(dir, options);
    let tera = site(&copy, options);
    assert_eq!(
        tera.keys().collect::<Vec<_>>(),
        mine.keys().collect::<Vec<_>>(),
        "{}",
        dir.display()
    );
    let mut pages = 0;
    for (path, t) in &tera {
        let (t, m) = (
            String::from_utf8_lossy(t),
            String::from_utf8_lossy(&mine[path]),
        );
        assert!(
            t == m,
            "{} of {} differs, {}",
            path,
            dir.display(),
            first_difference(&t, &m)
        );
        pages += usize::from(counted(path));
    }
    pages
}

#[test]
fn shipped_example_renders_the_same_both_ways() {
    let plain = BuildOptions::new(today(), None);
    assert!(compare(&root(), &plain) > 5);
    let with_history = BuildOptions::new(today(), Some("https://releases.example.com/".into()))
        .with_history_of(&root());
    assert!(with_history.history.is_some());
    assert!(compare(&root(), &with_history) > 5);
}

#[test]
fn shipped_example_lists_render_the_same_both_ways() {
    let plain = BuildOptions::new(today(), None);
    // All releases, every stage, and at least one type.
    assert!(compare_lists(&root(), &plain) > 8);
    let with_history = BuildOptions::new(today(), Some("https://releases.example.com/".into()))
        .with_history_of(&root());
    assert!(compare_lists(&root(), &with_history) > 8);
}

/// Every folder under tests/fixtures that is a release repository.
fn repositories(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.join("releases").is_dir() || dir.join("policies").is_dir() {
        out.push(dir.to_path_buf());
        return;
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    entries.sort();
    for e in entries {
        repositories(&e, out);
    }
}

#[test]
fn every_fixture_renders_the_same_both_ways() {
    let mut repos = Vec::new();
    repositories(&root().join("tests/fixtures"), &mut repos);
    assert!(repos.len() > 50, "{} fixture repositories", repos.len());
    let options = BuildOptions::new(today(), None);
    let pages: usize = repos.iter().map(|r| compare(r, &options)).sum();
    assert!(pages > 100, "{pages} pages compared");
}

#[test]
fn shipped_example_calendar_renders_the_same_both_ways() {
    let plain = BuildOptions::new(today(), None);
    // The index and every month with something in it.
    assert!(compare_months(&root(), &plain) > 3);
    let with_base_url = BuildOptions::new(today(), Some("https://releases.example.com/".into()));
    assert!(compare_months(&root(), &with_base_url) > 3);
}

#[test]
fn every_fixture_calendar_renders_the_same_both_ways() {
    let mut repos = Vec::new();
    repositories(&root().join("tests/fixtures"), &mut repos);
    let options = BuildOptions::new(today(), None);
    let pages: usize = repos.par_iter().map(|r| compare_months(r, &options)).sum();
    assert!(pages > 50, "{pages} calendar pages compared");
}

#[test]
fn every_fixture_lists_render_the_same_both_ways() {
    let mut repos = Vec::new();
    repositories(&root().join("tests/fixtures"), &mut repos);
    let options = BuildOptions::new(today(), None);
    // Two whole sites a fixture: in parallel, as there are many.
    let pages: usize = repos.par_iter().map(|r| compare_lists(r, &options)).sum();
    assert!(pages > 50 * 8, "{pages} list pages compared");
}

const NASTY: &str = r#"id = "REL-2026-03-003"
title = "Ünïcode {{ title }} {% if x %} & <b>\"quoted\"</b> 'single' — ✓"
service = "web"
version = "1.3.0"
type = "minor"
impact = "low"
stage = "cancelled"
manager = "nomail"
train = "t"
rationale = ""
incident = "INC-<1> & {{ x }}"
depends_on = ["REL-2026-03-001", "REL-2099-01-999"]
requirements = ["a & b", "{# c #}"]

[window]
start = 2026-03-28T20:00:00
duration = "90m"

[rollback]
procedure = "https://example.com/rollback?a=1&b=<2>"

[[changes]]
id = "CHG-1 & 2"
summary = "ça & <ça>"
status = "pending"

[[changes]]
id = "CHG-3"
summary = ""
status = "approved"

[[known_issues]]
summary = "issue 'one'"
defect = "DEF-<9>"

[[known_issues]]
summary = "issue two"
workaround = ""

[[tests]]
category = "smoke"
level = "required"
result = "failed"
at = 2026-03-10T10:00:00
passed = 0
failed = 3
blocked = 1

[[tests]]
category = "regression"
result = "blocked"

[[defects]]
id = "DEF-1"
severity = "critical"
status = "open"

[[approvals]]
gate = "build"
role = "service-owner"
by = "mallory"
at = 2026-03-02T10:00:00

[[approvals]]
gate = "test"
role = "cab & <friends>"
by = "nomail"
at = 2026-03-03T10:00:00
note = "{{ note }} <i>"

[[notifications]]
at = 2026-03-20T09:00:00
audience = ["affected-users", "support"]

[readiness]
at = 2026-03-27T11:00:00
go = false

[[deployments]]
environment = "dev & <test>"
status = "deployed"
at = 2026-03-26T15:00:00
by = "nomail"

[[deployments]]
environment = "staging"
status = "failed"

[[exceptions]]
rule = "window-in-past"
reason = "Kept <on purpose> & 'noted'"
approved_by = "mallory"
until = 2026-12-31

[[exceptions]]
rule = "missing-runbook"

[outcome]
status = "rolled-back"
started = 2026-03-28T20:00:00
defects_after = 2
pir = 2026-04-02
lessons = "<lessons> & {{ more }}"
"#;

const NASTY_NOTES: &str =
    "Intro with <b>html</b> & {{ braces }} and [a link](runbook.md#rollback).\n";

/// A repository of values chosen to break the renderer: markup and quotes
/// in every field, template syntax, non-ASCII, empty optional fields, a
/// cancelled release, waived and unwaived findings, releases with and
/// without runbooks, and an empty runbook.
fn nasty_repository(dir: &Path) {
    copy_dir(&fixture("site-xss"), dir);
    let people = dir.join("policies/people.toml");
    let mut text = std::fs::read_to_string(&people).unwrap();
    text.push_str("\n[people.nomail]\nname = \"Zoë O'Brien & <co>\"\nroles = [\"release-manager\", \"cab\"]\n");
    std::fs::write(&people, text).unwrap();
    let third = dir.join("releases/REL-2026-03-003");
    std::fs::create_dir_all(&third).unwrap();
    std::fs::write(third.join("release.toml"), NASTY).unwrap();
    std::fs::write(third.join("notes.md"), NASTY_NOTES).unwrap();
    // The fourth release: a copy of the plain one with an empty runbook
    // and a finding its exception waives.
    let fourth = dir.join("releases/REL-2026-03-004");
    std::fs::create_dir_all(&fourth).unwrap();
    let plain = std::fs::read_to_string(dir.join("releases/REL-2026-03-002/release.toml"))
        .unwrap()
        .replace("REL-2026-03-002", "REL-2026-03-004")
        .replace("1.2.0", "1.4.0")
        .replace("2026-03-21", "2026-03-29");
    let waived = "\n[[exceptions]]\nrule = \"window-in-past\"\nreason = \"Kept & 'noted'\"\napproved_by = \"mallory\"\n";
    std::fs::write(fourth.join("release.toml"), plain + waived).unwrap();
    std::fs::write(fourth.join("runbook.md"), "").unwrap();
}

#[test]
fn nasty_values_render_the_same_both_ways() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    nasty_repository(&dir);
    // The repository must load and show what it is meant to: findings,
    // waived and not, on the pages compared.
    let pipeline = Pipeline::load(&dir).unwrap();
    let checked = pipeline.check(today());
    assert_eq!(checked.cx.repo.releases.len(), 4);
    assert!(checked.outcome.waived.values().any(|n| *n > 0));
    assert!(!checked.outcome.findings.is_empty());
    for options in [
        BuildOptions::new(today(), None),
        BuildOptions::new(today(), Some("https://x.example/a&b/".into())),
        BuildOptions {
            history_note: Some("No <history> & 'why'".into()),
            ..BuildOptions::new(today(), None)
        },
    ] {
        assert_eq!(compare(&dir, &options), 4);
        assert!(compare_lists(&dir, &options) > 8);
        assert!(compare_months(&dir, &options) > 1);
    }
}

#[test]
fn a_repository_that_overrides_the_release_page_gets_its_own_template() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    copy_dir(&fixture("site-xss"), &dir);
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(
        dir.join("templates/release.html"),
        "{% extends \"base.html\" %}{% block content %}<p id=\"own\">{{ release.row.id }} is ours</p>{% endblock content %}",
    )
    .unwrap();
    let theme = templates::load(&dir.join("templates")).unwrap();
    assert!(!native::applies(&theme));
    let out = tmp.path().join("out");
    let o = trainyard()
        .arg("--root")
        .arg(&dir)
        .args(["build", "--no-history", "--today", TODAY, "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = std::fs::read_to_string(out.join("releases/REL-2026-03-001/index.html")).unwrap();
    assert!(
        page.contains("<p id=\"own\">REL-2026-03-001 is ours</p>"),
        "{page}"
    );
    assert!(!page.contains("<section id=\"glance\""));
}

#[test]
fn built_in_templates_copied_into_the_repository_keep_the_native_renderer() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("templates");
    for (name, text) in templates::TEMPLATES {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    assert!(native::applies(&templates::load(&dir).unwrap()));
    // Any of the page's templates changed sends it back to tera.
    for name in [
        "release.html",
        "base.html",
        "macros.html",
        "partials/notes.html",
    ] {
        let path = dir.join(name);
        let before = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{before}{{# changed #}}")).unwrap();
        assert!(!native::applies(&templates::load(&dir).unwrap()), "{name}");
        std::fs::write(&path, before).unwrap();
    }
    // The lists likewise, with theirs.
    assert!(native::lists_apply(&templates::load(&dir).unwrap()));
    for (name, lists_native, page_native) in [
        ("releases.html", false, true),
        ("base.html", false, false),
        ("macros.html", false, false),
        ("partials/notes.html", true, false),
        ("release.html", true, false),
    ] {
        let path = dir.join(name);
        let before = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{before}{{# changed #}}")).unwrap();
        let theme = templates::load(&dir).unwrap();
        assert_eq!(native::lists_apply(&theme), lists_native, "{name}");
        assert_eq!(native::applies(&theme), page_native, "{name}");
        std::fs::write(&path, before).unwrap();
    }
    // The calendar likewise, with its own.
    assert!(native::calendar_applies(&templates::load(&dir).unwrap()));
    for (name, calendar_native) in [
        ("calendar.html", false),
        ("base.html", false),
        ("macros.html", false),
        ("releases.html", true),
        ("release.html", true),
    ] {
        let path = dir.join(name);
        let before = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{before}{{# changed #}}")).unwrap();
        let theme = templates::load(&dir).unwrap();
        assert_eq!(native::calendar_applies(&theme), calendar_native, "{name}");
        std::fs::write(&path, before).unwrap();
    }
    // Another page's template does not.
    let path = dir.join("index.html");
    let before = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{before}{{# changed #}}")).unwrap();
    assert!(native::applies(&templates::load(&dir).unwrap()));
    assert!(native::lists_apply(&templates::load(&dir).unwrap()));
    assert!(native::calendar_applies(&templates::load(&dir).unwrap()));
}

#[test]
fn a_repository_that_overrides_the_calendar_gets_its_own_template() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    copy_dir(&fixture("site-xss"), &dir);
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(
        dir.join("templates/calendar.html"),
        "{% extends \"base.html\" %}{% block content %}<p id=\"own\">{{ month.label }}: {{ month.releases | length }}{% if is_index %}, opening{% endif %}</p>{% endblock content %}",
    )
    .unwrap();
    assert!(!native::calendar_applies(
        &templates::load(&dir.join("templates")).unwrap()
    ));
    let files = site(&dir, &BuildOptions::new(today(), None));
    let index = String::from_utf8(files["calendar/index.html"].clone()).unwrap();
    assert!(
        index.contains("<p id=\"own\">March 2026: 2, opening</p>"),
        "{index}"
    );
    assert!(!index.contains("class=\"legend\""));
    let month = String::from_utf8(files["calendar/2026-03/index.html"].clone()).unwrap();
    assert!(month.contains("<p id=\"own\">March 2026: 2</p>"), "{month}");
}

#[test]
fn a_repository_that_overrides_the_release_list_gets_its_own_template() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    copy_dir(&fixture("site-xss"), &dir);
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(
        dir.join("templates/releases.html"),
        "{% extends \"base.html\" %}{% block content %}<p id=\"own\">{{ heading }}: {{ releases | length }}</p>{% endblock content %}",
    )
    .unwrap();
    assert!(!native::lists_apply(
        &templates::load(&dir.join("templates")).unwrap()
    ));
    let files = site(&dir, &BuildOptions::new(today(), None));
    let page = String::from_utf8(files["releases/index.html"].clone()).unwrap();
    assert!(page.contains("<p id=\"own\">All releases: 2</p>"), "{page}");
    assert!(!page.contains("class=\"filters\""));
}

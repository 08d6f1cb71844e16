//! Every lint rule, on a repository that breaks it and one that keeps it.
//!
//! The rules come from `trainyard explain`, so a new rule without fixtures
//! fails here. Each rule has a folder `tests/fixtures/rules/<rule>/`:
//!
//! ```text
//! <rule>/
//!   breaks/        a small release repository (policies/, releases/,
//!                  optionally trainyard.toml) on which the rule fires
//!   keeps/         the same repository with the offending value fixed
//!   today          optional: the date the rule runs at (YYYY-MM-DD);
//!                  without it, 2026-11-24
//! ```
//!
//! `lint --format json --today DATE` runs on both. On `breaks` the rule must
//! fire, and no other rule unless `ALSO_FIRES` below says why; its findings,
//! one `file:line:column rule: message` line each with the help below it,
//! are the snapshot `tests/snapshots/rules__<rule>.snap`. On `keeps` there
//! must be no finding at all and exit code 0.
//!
//! The rules of the review family compare a change with its base revision
//! (`check --base`), so their `breaks/` and `keeps/` each hold two
//! repositories, `base/` and `head/`. The test commits `base/` on branch
//! `main` of a new git repository in a temporary folder, as Alice Ng
//! <alice@example.com>, replaces the tree with `head/` and commits it on
//! branch `change`, then runs `check --base main`. A file `commit.toml`
//! beside `base/` and `head/` names who commits `head/`
//! (`name = "…"`, `email = "…"`; approval-not-by-approver depends on it);
//! without it Alice does. Commit dates are fixed and the head commit's hash
//! reads `<head>` in messages, so the output is the same on every run.
//!
//! To add a rule's fixtures: copy the folder of a rule with a similar
//! repository, change the one value the rule is about in `breaks/`, run
//! `INSTA_UPDATE=always cargo test --test rules`, and read the new snapshot:
//! each finding should point at the offending value.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Rules whose `breaks` also sets off other rules, and why that cannot be
/// helped.
const ALSO_FIRES: &[(&str, &[&str], &str)] = &[
    (
        "duplicate-id",
        &["id-format"],
        "the copied release's id differs from its folder name",
    ),
    (
        "invalid-exception",
        &["too-many-changes"],
        "an invalid exception waives nothing, so the rule it names still fires",
    ),
];

/// A rule as `trainyard explain` lists it.
struct Rule {
    family: String,
    name: String,
}

/// The rules and their families, from `trainyard explain`.
fn rules() -> Vec<Rule> {
    let out = common::trainyard().arg("explain").output().unwrap();
    assert!(out.status.success(), "trainyard explain failed");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut family = String::new();
    let mut rules = Vec::new();
    for line in text.lines() {
        if line.starts_with("  TY") {
            let name = line.split_whitespace().nth(1).unwrap().to_string();
            rules.push(Rule {
                family: family.clone(),
                name,
            });
        } else if !line.is_empty() && !line.starts_with(' ') && !line.starts_with('`') {
            family = line.trim().to_string();
        }
    }
    assert!(rules.len() > 40, "too few rules in:\n{text}");
    rules
}

fn rules_dir() -> PathBuf {
    common::fixture("rules")
}

/// The date a rule's fixtures run at.
fn today(dir: &Path) -> String {
    match std::fs::read_to_string(dir.join("today")) {
        Ok(day) => day.trim().to_string(),
        Err(_) => common::TODAY.to_string(),
    }
}

/// Runs the binary with `args` and returns its exit code and JSON report.
fn run(args: &[&str], root: &Path) -> Result<(i32, Value), String> {
    let out = common::trainyard()
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout).map_err(|e| {
        format!(
            "no JSON report ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    Ok((out.status.code().unwrap_or(-1), doc))
}

fn git(dir: &Path, who: (&str, &str), date: &str, args: &[&str]) -> String {
    let who = common::git::As {
        name: who.0,
        email: who.1,
        date: Some(date),
    };
    common::git::git(dir, who, args)
}

fn lint(repo: &Path, today: &str) -> Result<(i32, Value), String> {
    run(&["lint", "--format", "json", "--today", today], repo)
}

/// Who commits `head/`: `commit.toml` beside it, or Alice.
fn head_author(side: &Path) -> (String, String) {
    let Ok(text) = std::fs::read_to_string(side.join("commit.toml")) else {
        return ("Alice Ng".into(), "alice@example.com".into());
    };
    let t: toml::Table = toml::from_str(&text).unwrap();
    let field = |k: &str| t[k].as_str().unwrap().to_string();
    (field("name"), field("email"))
}

/// Commits `side/base` and then `side/head` in a new git repository and
/// runs `check --base main` on it. The head commit's hash reads
/// `<head>` in messages, so that a snapshot does not depend on how git
/// hashes.
fn review(side: &Path, today: &str) -> Result<(i32, Value), String> {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let alice = ("Alice Ng", "alice@example.com");
    common::copy_dir(&side.join("base"), dir);
    git(dir, alice, "2026-11-20T12:00:00Z", &["init", "-q"]);
    git(dir, alice, "2026-11-20T12:00:00Z", &["add", "-A"]);
    git(
        dir,
        alice,
        "2026-11-20T12:00:00Z",
        &["commit", "-q", "-m", "Base"],
    );
    git(
        dir,
        alice,
        "2026-11-20T12:00:00Z",
        &["checkout", "-q", "-b", "change"],
    );
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap() == ".git" {
            continue;
        }
        if p.is_dir() {
            std::fs::remove_dir_all(&p).unwrap();
        } else {
            std::fs::remove_file(&p).unwrap();
        }
    }
    common::copy_dir(&side.join("head"), dir);
    let (name, email) = head_author(side);
    let who = (name.as_str(), email.as_str());
    git(dir, who, "2026-11-23T12:00:00Z", &["add", "-A"]);
    git(
        dir,
        who,
        "2026-11-23T12:00:00Z",
        &["commit", "-q", "-m", "Change"],
    );
    let head = git(dir, who, "2026-11-23T12:00:00Z", &["rev-parse", "HEAD"]);
    let (code, mut doc) = run(
        &[
            "check", "--base", "main", "--format", "json", "--today", today,
        ],
        dir,
    )?;
    for d in doc["diagnostics"].as_array_mut().into_iter().flatten() {
        for key in ["message", "help"] {
            if let Some(text) = d[key].as_str() {
                let mut text = text.replace(&head, "<head>");
                for n in (7..head.len()).rev() {
                    text = text.replace(&head[..n], "<head>");
                }
                d[key] = Value::String(text);
            }
        }
    }
    Ok((code, doc))
}

fn diagnostics(doc: &Value) -> &[Value] {
    doc["diagnostics"].as_array().map_or(&[], Vec::as_slice)
}

/// The names of the rules that fired, in report order.
fn fired(doc: &Value) -> Vec<&str> {
    diagnostics(doc)
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect()
}

/// A rule's findings as `file:line:column rule: message` lines, each
/// with its help below.
fn findings_text(doc: &Value, rule: &str) -> String {
    let mut text = String::new();
    for d in diagnostics(doc).iter().filter(|d| d["rule"] == rule) {
        let at = |k: &str| d[k].as_u64().map_or("?".to_string(), |n| n.to_string());
        text += &format!(
            "{}:{}:{} {rule}: {}\n",
            d["file"].as_str().unwrap_or("?"),
            at("line"),
            at("column"),
            d["message"].as_str().unwrap_or("")
        );
        if let Some(help) = d["help"].as_str() {
            text += &format!("  help: {}\n", help.replace('\n', "\n        "));
        }
    }
    text
}

/// Checks one rule's fixtures; returns what is wrong.
fn check_rule(rule: &Rule) -> Vec<String> {
    let name = rule.name.as_str();
    let dir = rules_dir().join(name);
    let review_rule = rule.family == "review";
    let needed: &[&str] = if review_rule {
        &["breaks/base", "breaks/head", "keeps/base", "keeps/head"]
    } else {
        &["breaks", "keeps"]
    };
    let missing: Vec<_> = needed
        .iter()
        .filter(|p| !dir.join(p).is_dir())
        .map(|p| format!("tests/fixtures/rules/{name}/{p}/"))
        .collect();
    if !missing.is_empty() {
        return vec![format!("{name}: no fixture {}", missing.join(", "))];
    }
    let today = today(&dir);
    let go = |side: &str| {
        if review_rule {
            review(&dir.join(side), &today)
        } else {
            lint(&dir.join(side), &today)
        }
    };
    let mut problems = Vec::new();

    match go("breaks") {
        Err(e) => problems.push(format!("{name}: breaks: {e}")),
        Ok((_, doc)) => {
            let fired = fired(&doc);
            if !fired.contains(&name) {
                problems.push(format!(
                    "{name}: breaks does not set off {name}; found {fired:?}"
                ));
            } else {
                let allowed = ALSO_FIRES
                    .iter()
                    .find(|(r, _, _)| *r == name)
                    .map_or(&[][..], |(_, also, _)| also);
                let others: Vec<_> = fired
                    .iter()
                    .filter(|r| **r != name && !allowed.contains(r))
                    .collect();
                if !others.is_empty() {
                    problems.push(format!("{name}: breaks also sets off {others:?}"));
                }
                let stale: Vec<_> = allowed.iter().filter(|r| !fired.contains(r)).collect();
                if !stale.is_empty() {
                    problems.push(format!(
                        "{name}: ALSO_FIRES lists {stale:?}, which breaks no longer sets off"
                    ));
                }
                let text = findings_text(&doc, name);
                let snap = catch_unwind(AssertUnwindSafe(|| {
                    insta::assert_snapshot!(name, text);
                }));
                if snap.is_err() {
                    problems.push(format!("{name}: the findings differ from the snapshot"));
                }
            }
        }
    }

    match go("keeps") {
        Err(e) => problems.push(format!("{name}: keeps: {e}")),
        Ok((code, doc)) => {
            if fired(&doc).contains(&name) {
                problems.push(format!(
                    "{name}: keeps still sets off {name}:\n{}",
                    findings_text(&doc, name)
                ));
            }
            if code != 0 || !diagnostics(&doc).is_empty() {
                problems.push(format!(
                    "{name}: keeps is not clean (exit {code}): {:?}",
                    fired(&doc)
                ));
            }
        }
    }
    problems
}

#[test]
fn every_rule_breaks_and_keeps() {
    let rules = rules();
    let mut problems = Vec::new();

    for e in std::fs::read_dir(rules_dir()).unwrap() {
        let e = e.unwrap();
        let folder = e.file_name().to_string_lossy().into_owned();
        if !rules.iter().any(|r| r.name == folder) {
            problems.push(format!(
                "tests/fixtures/rules/{folder} names no rule of `trainyard explain`"
            ));
        }
    }
    for (rule, _, _) in ALSO_FIRES {
        if !rules.iter().any(|r| r.name == *rule) {
            problems.push(format!("ALSO_FIRES names {rule}, which is no rule"));
        }
    }
    for rule in &rules {
        problems.extend(check_rule(rule));
    }

    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

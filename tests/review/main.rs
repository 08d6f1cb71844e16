//! `trainyard check --base`, `promote` and `new` on real throwaway git
//! repositories: a base is committed on main, a change on a branch, and
//! the binary reviews it.

#[path = "../common/mod.rs"]
mod common;
mod examples;
mod new;
mod promote;

use std::path::{Path, PathBuf};
use std::process::Command as Std;

use assert_cmd::Command;
use serde_json::Value;

/// A git repository in a temporary folder, holding a release repository.
struct Scratch {
    dir: tempfile::TempDir,
    /// The release root within the work tree ("" at the top).
    sub: &'static str,
}

const PEOPLE: &str = r#"[people.alice]
name = "Alice Ng"
email = "alice@example.com"
github = "ang"
roles = ["release-manager"]

[people.olivia]
name = "Olivia Park"
email = "olivia@example.com"
github = "opark"
roles = ["cab"]
"#;

const RUNBOOK: &str = "# Runbook\n\n## Deployment\n\n1. Deploy.\n\n## Verification\n\n1. Check.\n\n## Rollback\n\n1. Roll back.\n";

const APPROVAL: &str = r#"
[[approvals]]
gate = "build"
role = "service-owner"
by = "olivia"
at = 2030-01-10T10:00:00
"#;

/// REL-2030-03-001 at `stage`, meeting the build criteria, with `extra`
/// TOML at the end.
fn release(stage: &str, extra: &str) -> String {
    format!(
        r#"# Billing release: keep this comment.
id = "REL-2030-03-001"
title = "Billing v1.1.0"
service = "billing"
version = "1.1.0"
type = "minor"
impact = "low"
stage = "{stage}"   # the stage
manager = "alice"
rationale = "Faster invoice export"
risk = "Low: the export module is isolated"

[window]
start = 2030-03-11T20:00:00
duration = "2h"

[rollback]
window = "2h"
procedure = "runbook.md#rollback"
{extra}"#
    )
}

const R1: &str = "releases/REL-2030-03-001/release.toml";

fn git_in(dir: &Path, name: &str, email: &str, args: &[&str]) -> String {
    let who = common::git::As {
        name,
        email,
        date: None,
    };
    common::git::git(dir, who, args)
}

impl Scratch {
    /// The base fixture with `people.toml` above and release 001 at
    /// `stage`, committed on main, then a branch `change` checked out.
    fn new(stage: &str) -> Scratch {
        Scratch::with(stage, "", "")
    }

    fn with(stage: &str, extra: &str, sub: &'static str) -> Scratch {
        let s = Scratch {
            dir: tempfile::tempdir().unwrap(),
            sub,
        };
        let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        for entry in walk(&fixture) {
            let rel = entry
                .strip_prefix(&fixture)
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            s.write(&rel, &std::fs::read_to_string(&entry).unwrap());
        }
        s.write("policies/people.toml", PEOPLE);
        s.write(R1, &release(stage, extra));
        s.write("releases/REL-2030-03-001/runbook.md", RUNBOOK);
        s.git(&["init", "-q"]);
        s.commit("alice", "Base");
        s.git(&["checkout", "-q", "-b", "change"]);
        s
    }

    fn top(&self) -> &Path {
        self.dir.path()
    }

    fn root(&self) -> PathBuf {
        self.top().join(self.sub)
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn git(&self, args: &[&str]) -> String {
        git_in(self.top(), "Alice Ng", "alice@example.com", args)
    }

    /// Commits everything as `who` (a key in PEOPLE).
    fn commit(&self, who: &str, message: &str) {
        let (name, email) = match who {
            "olivia" => ("Olivia Park", "olivia@example.com"),
            _ => ("Alice Ng", "alice@example.com"),
        };
        git_in(self.top(), name, email, &["add", "-A"]);
        git_in(self.top(), name, email, &["commit", "-q", "-m", message]);
    }

    /// Runs `check --base BASE --format json`.
    fn check(&self, base: &str) -> (i32, Value, String) {
        let out = trainyard()
            .args([
                "check",
                "--base",
                base,
                "--format",
                "json",
                "--today",
                "2030-01-15",
                "--root",
            ])
            .arg(self.root())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let doc = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (out.status.code().unwrap(), doc, stderr)
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn trainyard() -> Command {
    let mut cmd = Command::cargo_bin("trainyard").unwrap();
    cmd.env("NO_COLOR", "1").env("COLUMNS", "100");
    cmd
}

/// The (rule, file, line) of each diagnostic.
/// Runs the binary on the scratch repository as of 15 January 2030: exit
/// code, standard output and standard error.
fn run(s: &Scratch, args: &[&str]) -> (i32, String, String) {
    let out = trainyard()
        .args(args)
        .args(["--today", "2030-01-15", "--root"])
        .arg(s.root())
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn found(doc: &Value) -> Vec<(String, String, u64)> {
    doc["diagnostics"]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn messages(doc: &Value, rule: &str) -> Vec<String> {
    doc["diagnostics"]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .filter(|d| d["rule"] == rule)
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

fn has(doc: &Value, rule: &str) -> bool {
    found(doc).iter().any(|(r, _, _)| r == rule)
}

#[test]
fn a_legal_one_step_move_passes() {
    let s = Scratch::new("plan");
    s.write(R1, &release("build", ""));
    s.commit("alice", "REL-2030-03-001: plan -> build");
    let (code, doc, err) = s.check("main");
    assert_eq!(code, 0, "{doc:#} {err}");
    assert!(!has(&doc, "illegal-transition"));
}

#[test]
fn plan_to_deploy_fails_and_says_what_is_legal() {
    let s = Scratch::new("plan");
    s.write(R1, &release("deploy", ""));
    s.commit("alice", "jump");
    let (code, doc, _) = s.check("main");
    assert_eq!(code, 1);
    assert!(
        found(&doc).contains(&("illegal-transition".into(), R1.into(), 8)),
        "{doc:#}"
    );
    let m = &messages(&doc, "illegal-transition")[0];
    assert!(m.contains("from plan (at main) to deploy"), "{m}");
    assert!(m.contains("only to build or cancelled"), "{m}");
}

#[test]
fn test_back_to_build_passes() {
    let s = Scratch::new("test");
    s.write(R1, &release("build", ""));
    s.commit("alice", "REL-2030-03-001: test -> build (fix cycle)");
    let (code, doc, err) = s.check("main");
    assert!(!has(&doc, "illegal-transition"), "{doc:#}");
    assert_eq!(code, 0, "{doc:#} {err}");
}

#[test]
fn an_edit_of_a_closed_release_fails() {
    let s = Scratch::new("close");
    s.write(
        R1,
        &release("close", "").replace("Billing v1.1.0", "Billing v1.1.1"),
    );
    s.commit("alice", "retitle");
    let (code, doc, _) = s.check("main");
    assert_eq!(code, 1);
    assert!(
        found(&doc).contains(&("closed-release-modified".into(), R1.into(), 3)),
        "{doc:#}"
    );
    // A new file in the folder, not yet committed, counts too.
    let s = Scratch::new("close");
    s.write("releases/REL-2030-03-001/notes.md", "Late notes\n");
    let (_, doc, _) = s.check("main");
    let m = messages(&doc, "closed-release-modified");
    assert!(
        m.iter().any(|m| m.contains("notes.md was added")),
        "{doc:#}"
    );
}

#[test]
fn a_removed_approval_fails() {
    let s = Scratch::with("build", APPROVAL, "");
    s.write(R1, &release("build", ""));
    s.commit("alice", "drop the approval");
    let (code, doc, _) = s.check("main");
    assert_eq!(code, 1);
    let m = messages(&doc, "approval-rewritten");
    assert_eq!(m.len(), 1, "{doc:#}");
    assert!(m[0].contains("build approval by olivia"), "{}", m[0]);
}

#[test]
fn under_approvals_author_only_the_approver_may_add_an_approval() {
    let s = Scratch::new("plan");
    s.write("trainyard.toml", "[review]\napprovals = \"author\"\n");
    s.commit("alice", "Require approvers to commit their approvals");
    s.git(&["checkout", "-q", "main"]);
    s.git(&["merge", "-q", "--ff-only", "change"]);
    s.git(&["checkout", "-q", "-b", "approve"]);
    // Alice types Olivia's name.
    s.write(R1, &release("plan", APPROVAL));
    s.commit("alice", "Approve as olivia");
    let (code, doc, _) = s.check("main");
    assert_eq!(code, 1, "{doc:#}");
    let m = messages(&doc, "approval-not-by-approver");
    assert_eq!(m.len(), 1, "{doc:#}");
    assert!(
        m[0].contains("of Alice Ng <alice@example.com>, not by olivia <olivia@example.com>"),
        "{}",
        m[0]
    );
    // Olivia's own commit passes.
    s.git(&["reset", "-q", "--hard", "main"]);
    s.write(R1, &release("plan", APPROVAL));
    s.commit("olivia", "Approve the build");
    let (code, doc, err) = s.check("main");
    assert!(!has(&doc, "approval-not-by-approver"), "{doc:#}");
    assert_eq!(code, 0, "{doc:#} {err}");
}

#[test]
fn a_deleted_release_and_a_reused_id_fail() {
    let s = Scratch::new("plan");
    s.git(&["rm", "-q", "-r", "releases/REL-2030-03-002"]);
    s.commit("alice", "drop 002");
    let (code, doc, _) = s.check("main");
    assert_eq!(code, 1);
    assert!(
        found(&doc).contains(&(
            "id-reused".into(),
            "releases/REL-2030-03-002/release.toml".into(),
            1
        )),
        "{doc:#}"
    );
    // Once the deletion is on main, bringing the id back is reuse.
    s.git(&["checkout", "-q", "main"]);
    s.git(&["merge", "-q", "--ff-only", "change"]);
    s.git(&["checkout", "-q", "-b", "again"]);
    s.git(&["checkout", "HEAD~1", "--", "releases/REL-2030-03-002"]);
    let (_, doc, _) = s.check("main");
    let m = messages(&doc, "id-reused");
    assert!(m.iter().any(|m| m.contains("deleted earlier")), "{doc:#}");
}

#[test]
fn a_release_root_in_a_subfolder_is_reviewed() {
    let s = Scratch::with("plan", "", "ops/releases-repo");
    s.write(R1, &release("stage", ""));
    let (code, doc, _) = s.check("main");
    assert_eq!(code, 1);
    assert!(has(&doc, "illegal-transition"), "{doc:#}");
}

#[test]
fn git_problems_exit_2_with_the_fix() {
    let s = Scratch::new("plan");
    let (code, _, err) = s.check("origin/nope");
    assert_eq!(code, 2);
    assert!(
        err.contains("does not know the revision `origin/nope`"),
        "{err}"
    );
    assert!(err.contains("fetch-depth: 0"), "{err}");
    // A shallow clone that lacks the base.
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", s.top().display());
    git_in(
        clone.path(),
        "A",
        "a@x",
        &[
            "clone", "-q", "--depth", "1", "--branch", "change", &url, "c",
        ],
    );
    let out = trainyard()
        .args(["check", "--base", "origin/main", "--root"])
        .arg(clone.path().join("c"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("shallow") && err.contains("git fetch --unshallow"),
        "{err}"
    );
    // Not a git repository at all.
    let plain = tempfile::tempdir().unwrap();
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
    for f in walk(&fixture) {
        let dest = plain.path().join(f.strip_prefix(&fixture).unwrap());
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&f, dest).unwrap();
    }
    let out = trainyard()
        .args(["check", "--base", "main", "--root"])
        .arg(plain.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not inside a git repository"));
}

/// Runs `check --base main` with a `git` on PATH that logs each call.
fn git_calls(s: &Scratch) -> usize {
    let bin = s.top().join(".bin");
    std::fs::create_dir_all(&bin).unwrap();
    let real = Std::new("sh")
        .args(["-c", "command -v git"])
        .output()
        .unwrap();
    let real = String::from_utf8_lossy(&real.stdout).trim().to_string();
    let log = s.top().join(".calls");
    let script = bin.join("git");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$1\" >> '{}'\nexec '{real}' \"$@\"\n",
            log.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let _ = std::fs::remove_file(&log);
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    trainyard()
        .env("PATH", path)
        .args(["check", "--base", "main", "--root"])
        .arg(s.root())
        .output()
        .unwrap();
    std::fs::read_to_string(&log)
        .unwrap_or_default()
        .lines()
        .count()
}

#[test]
fn reading_the_base_costs_the_same_few_git_processes_for_any_size() {
    let s = Scratch::new("close");
    s.write("trainyard.toml", "[review]\napprovals = \"author\"\n");
    let other = release("plan", "").replace("REL-2030-03-001", "REL-2030-04-001");
    s.write("releases/REL-2030-04-001/release.toml", &other);
    s.commit("alice", "config");
    let few = git_calls(&s);
    for n in 2..40 {
        let id = format!("REL-2030-04-{n:03}");
        s.write(
            &format!("releases/{id}/release.toml"),
            &release("close", "").replace("REL-2030-03-001", &id),
        );
        s.write(&format!("releases/{id}/runbook.md"), RUNBOOK);
    }
    s.commit("alice", "many");
    let many = git_calls(&s);
    // Find the work tree, resolve the base and HEAD, their merge base,
    // ls-tree + cat-file, ls-files, deleted ids, log + cat-file.
    assert!(few > 0 && few <= 10, "{few} git processes");
    assert_eq!(few, many);
}

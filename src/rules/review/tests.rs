//! The change-review rules on repositories held in memory.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use super::*;
use crate::git::{Commit, FileVersion};

const PEOPLE: &str = "[people.alice]\nname = \"Alice\"\nemail = \"alice@example.com\"\nroles = [\"release-manager\"]\n\n[people.olivia]\nname = \"Olivia\"\nemail = \"olivia@example.com\"\ngithub = \"opark\"\nroles = [\"cab\"]\n";
const SERVICES: &str = "[services.billing]\nname = \"Billing\"\nowner = \"olivia\"\n";
const MINOR: &str = "description = \"Minor\"\n";
const EMERGENCY: &str = "description = \"Emergency\"\nskip_stages = [\"stage\"]\n";

/// A release file of type `kind` at `stage` with extra TOML after.
fn release(id: &str, kind: &str, stage: &str, extra: &str) -> String {
    format!(
        "id = \"{id}\"\ntitle = \"Billing\"\nservice = \"billing\"\nversion = \"1.1.0\"\ntype = \"{kind}\"\nimpact = \"low\"\nstage = \"{stage}\" # keep\nmanager = \"alice\"\n\n[window]\nstart = 2030-03-11T20:00:00\nduration = \"2h\"\n{extra}"
    )
}

const APPROVAL: &str = "\n[[approvals]]\ngate = \"build\"\nrole = \"service-owner\"\nby = \"olivia\"\nat = 2030-03-01T10:00:00\n";

fn files(extra: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
    let mut m: BTreeMap<String, Vec<u8>> = [
        ("policies/people.toml", PEOPLE),
        ("policies/services.toml", SERVICES),
        ("policies/minor.toml", MINOR),
        ("policies/emergency.toml", EMERGENCY),
    ]
    .into_iter()
    .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
    .collect();
    for (p, t) in extra {
        m.insert(p.to_string(), t.as_bytes().to_vec());
    }
    m
}

fn load(files: &BTreeMap<String, Vec<u8>>) -> Repo {
    let repo = Repo::from_files(
        Path::new("/repo"),
        files.iter().map(|(p, b)| (p.clone(), b.clone())).collect(),
    );
    assert!(repo.findings.is_empty(), "{:#?}", repo.findings);
    repo
}

/// Everything `check` needs besides the two trees.
#[derive(Default)]
struct World {
    deleted: BTreeSet<String>,
    commits: Option<Vec<FileVersion>>,
}

/// Reviews `after` against `before`; the (rule, message) pairs.
fn review_with(
    before: &[(&str, &str)],
    after: &[(&str, &str)],
    world: &World,
) -> Vec<(String, String, String)> {
    let (bf, af) = (files(before), files(after));
    let (base, head) = (load(&bf), load(&af));
    let dirs = closed_dirs(&head, &base);
    let worktree: BTreeMap<String, Vec<u8>> = af
        .iter()
        .filter(|(p, _)| {
            dirs.iter()
                .any(|d| p.starts_with(&format!("releases/{d}/")))
        })
        .map(|(p, b)| (p.clone(), b.clone()))
        .collect();
    let b = Base {
        repo: &base,
        label: "main",
        files: &bf,
        worktree: &worktree,
        deleted: &world.deleted,
        commits: world.commits.as_deref(),
    };
    let reviewed = check(&head, &b);
    let mut all = head.files.clone();
    all.extend(reviewed.files);
    reviewed
        .findings
        .into_iter()
        .map(|f| {
            let src = &all[f.file];
            let at = src.text.get(f.span.clone()).unwrap_or("").to_string();
            (f.rule.to_string(), f.message, at)
        })
        .collect()
}

fn review(before: &[(&str, &str)], after: &[(&str, &str)]) -> Vec<(String, String, String)> {
    review_with(before, after, &World::default())
}

const R: &str = "releases/REL-2030-03-001/release.toml";

fn rules(found: &[(String, String, String)]) -> Vec<&str> {
    found.iter().map(|(r, _, _)| r.as_str()).collect()
}

#[test]
fn one_legal_step_passes_and_two_do_not() {
    let base = release("REL-2030-03-001", "minor", "plan", "");
    let build = release("REL-2030-03-001", "minor", "build", "");
    assert!(review(&[(R, &base)], &[(R, &build)]).is_empty());
    let deploy = release("REL-2030-03-001", "minor", "deploy", "");
    let found = review(&[(R, &base)], &[(R, &deploy)]);
    assert_eq!(rules(&found), ["illegal-transition"]);
    let (_, message, at) = &found[0];
    assert!(
        message.contains("from plan (at main) to deploy"),
        "{message}"
    );
    assert!(message.contains("only to build or cancelled"), "{message}");
    assert_eq!(at, "\"deploy\"");
}

#[test]
fn fix_cycles_cancellation_and_skips_are_legal() {
    let at = |kind: &str, stage: &str| release("REL-2030-03-001", kind, stage, "");
    for (kind, from, to) in [
        ("minor", "test", "build"),
        ("minor", "stage", "build"),
        ("minor", "deploy", "cancelled"),
        ("emergency", "test", "deploy"),
        ("minor", "stage", "stage"),
    ] {
        let found = review(&[(R, &at(kind, from))], &[(R, &at(kind, to))]);
        assert!(found.is_empty(), "{kind} {from} -> {to}: {found:?}");
    }
    for (kind, from, to) in [("minor", "test", "deploy"), ("minor", "deploy", "test")] {
        let found = review(&[(R, &at(kind, from))], &[(R, &at(kind, to))]);
        assert_eq!(
            rules(&found),
            ["illegal-transition"],
            "{kind} {from} -> {to}"
        );
    }
    // A cancelled release is also a record: its file changed too.
    let found = review(
        &[(R, &at("minor", "cancelled"))],
        &[(R, &at("minor", "plan"))],
    );
    assert_eq!(
        rules(&found),
        ["illegal-transition", "closed-release-modified"]
    );
    assert!(found[0].1.contains("cancelled is final"), "{}", found[0].1);
}

#[test]
fn the_skip_stages_of_the_base_policy_apply() {
    // Turning minor into a type that skips stage in the same change does
    // not let a release jump.
    let before = release("REL-2030-03-001", "minor", "test", "");
    let after = release("REL-2030-03-001", "minor", "deploy", "");
    let found = review(
        &[(R, &before)],
        &[(R, &after), ("policies/minor.toml", EMERGENCY)],
    );
    assert_eq!(rules(&found), ["illegal-transition"]);
}

#[test]
fn a_closed_release_is_a_record() {
    let closed = release("REL-2030-03-001", "minor", "close", "");
    let edited = closed.replace("title = \"Billing\"", "title = \"Billing v2\"");
    let runbook = "releases/REL-2030-03-001/runbook.md";
    let found = review(
        &[(R, &closed), (runbook, "# Deployment\n")],
        &[
            (R, &edited),
            (runbook, "# Deployment\n"),
            ("releases/REL-2030-03-001/extra.txt", "x"),
        ],
    );
    assert_eq!(
        rules(&found),
        ["closed-release-modified", "closed-release-modified"],
        "{found:?}"
    );
    assert!(found[0].1.contains("extra.txt was added"), "{found:?}");
    assert!(found[1].1.contains("release.toml changed"));
    assert_eq!(found[1].2, "title = \"Billing v2\"");
    // Unchanged, it passes.
    assert!(review(&[(R, &closed)], &[(R, &closed)]).is_empty());
    // Moved to another folder: still the same release, and a change.
    let moved = "releases/REL-2030-03-009/release.toml";
    let found = review(&[(R, &closed)], &[(moved, &closed)]);
    assert_eq!(rules(&found), ["closed-release-modified"], "{found:?}");
    assert!(
        found[0].1.contains("moved from releases/REL-2030-03-001/"),
        "{found:?}"
    );
}

#[test]
fn train_approvals_are_append_only_too() {
    let train = |extra: &str| {
        format!("name = \"2030-Q1\"\ntitle = \"Q1\"\nmanager = \"alice\"\nstage = \"deployment\"\nfrom = 2030-01-01\nuntil = 2030-03-31\n{extra}")
    };
    let approval = "\n[[approvals]]\ngate = \"deployment\"\nrole = \"executive\"\nby = \"olivia\"\nat = 2030-03-01T10:00:00\n";
    let t = "releases/trains/2030-Q1.toml";
    let found = review(&[(t, &train(approval))], &[(t, &train(""))]);
    assert_eq!(rules(&found), ["approval-rewritten"], "{found:?}");
}

#[test]
fn approvals_are_append_only() {
    let base = release("REL-2030-03-001", "minor", "build", APPROVAL);
    let removed = release("REL-2030-03-001", "minor", "build", "");
    let found = review(&[(R, &base)], &[(R, &removed)]);
    assert_eq!(rules(&found), ["approval-rewritten"]);
    assert!(found[0].1.contains("the build approval by olivia as service-owner (2030-03-01T10:00:00) at main was removed"), "{}", found[0].1);
    let changed = release(
        "REL-2030-03-001",
        "minor",
        "build",
        &APPROVAL.replace("2030-03-01T10", "2030-03-02T10"),
    );
    let found = review(&[(R, &base)], &[(R, &changed)]);
    assert_eq!(rules(&found), ["approval-rewritten"]);
    assert!(
        found[0]
            .1
            .contains("at 2030-03-01T10:00:00 -> 2030-03-02T10:00:00"),
        "{}",
        found[0].1
    );
    assert_eq!(found[0].2, "\"olivia\"");
    // Adding one, or writing the same one differently, is fine.
    let appended = release(
        "REL-2030-03-001",
        "minor",
        "build",
        &format!(
            "{APPROVAL}{}",
            APPROVAL.replace("gate = \"build\"", "gate = \"deploy\"")
        ),
    );
    assert!(review(&[(R, &base)], &[(R, &appended)]).is_empty());
}

#[test]
fn ids_are_never_reused() {
    let base = release("REL-2030-03-001", "minor", "plan", "");
    // Deleted.
    let found = review(&[(R, &base)], &[]);
    assert_eq!(rules(&found), ["id-reused"]);
    assert!(found[0].1.contains("was deleted"));
    assert_eq!(found[0].2, "\"REL-2030-03-001\"");
    // Renamed: the id lives on in another folder.
    let moved = "releases/REL-2030-03-009/release.toml";
    assert!(review(&[(R, &base)], &[(moved, &base)]).is_empty());
    // A new release with the id of one deleted long ago.
    let world = World {
        deleted: ["REL-2030-03-001".to_string()].into(),
        ..World::default()
    };
    let found = review_with(&[], &[(R, &base)], &world);
    assert_eq!(rules(&found), ["id-reused"]);
    // A new release starts at plan.
    let found = review(
        &[],
        &[(R, &release("REL-2030-03-001", "minor", "build", ""))],
    );
    assert_eq!(rules(&found), ["illegal-transition"]);
}

fn commit(email: &str) -> Arc<Commit> {
    committed(email, email)
}

fn committed(email: &str, committer_email: &str) -> Arc<Commit> {
    let name = |e: &str| e.split('@').next().unwrap_or("").to_string();
    Arc::new(Commit {
        id: "0123456789abcdef".into(),
        author: name(email),
        email: email.into(),
        date: chrono::DateTime::parse_from_rfc3339("2030-03-01T10:00:00+00:00").unwrap(),
        committer: name(committer_email),
        committer_email: committer_email.into(),
        message: "approve".into(),
    })
}

#[test]
fn approvals_must_come_from_their_approver_when_configured() {
    let config = ("trainyard.toml", "[review]\napprovals = \"author\"\n");
    let before = release("REL-2030-03-001", "minor", "plan", "");
    let after = release("REL-2030-03-001", "minor", "plan", APPROVAL);
    let version = |email: &str| FileVersion {
        commit: commit(email),
        path: R.into(),
        before: Some(before.clone()),
        after: Some(after.clone()),
    };
    let run = |commits: Vec<FileVersion>| {
        review_with(
            &[(R, &before), config],
            &[(R, &after), config],
            &World {
                commits: Some(commits),
                ..World::default()
            },
        )
    };
    assert!(run(vec![version("olivia@example.com")]).is_empty());
    assert!(run(vec![version("99+opark@users.noreply.github.com")]).is_empty());
    let found = run(vec![version("alice@example.com")]);
    assert_eq!(rules(&found), ["approval-not-by-approver"]);
    assert!(found[0].1.contains("added by commit 0123456 of alice <alice@example.com>, not by olivia <olivia@example.com>"), "{}", found[0].1);
    let found = run(vec![]);
    assert!(
        found[0].1.contains("not in any commit since main"),
        "{}",
        found[0].1
    );
    // Olivia added it, Alice removed and re-added it: Alice's counts.
    let removal = FileVersion {
        commit: commit("alice@example.com"),
        path: R.into(),
        before: Some(after.clone()),
        after: Some(before.clone()),
    };
    let found = run(vec![
        version("olivia@example.com"),
        removal,
        version("alice@example.com"),
    ]);
    assert_eq!(rules(&found), ["approval-not-by-approver"]);
    // Without the setting nobody asks.
    let found = review_with(
        &[(R, &before)],
        &[(R, &after)],
        &World {
            commits: Some(vec![version("alice@example.com")]),
            ..World::default()
        },
    );
    assert!(found.is_empty());
}

#[test]
fn trains_pass_one_gate_at_a_time() {
    let train = |stage: &str| {
        format!("name = \"2030-Q1\"\ntitle = \"Q1\"\nmanager = \"alice\"\nstage = \"{stage}\"\nfrom = 2030-01-01\nuntil = 2030-03-31\n")
    };
    let t = "releases/trains/2030-Q1.toml";
    assert!(review(&[(t, &train("scope"))], &[(t, &train("construction"))]).is_empty());
    let found = review(&[(t, &train("scope"))], &[(t, &train("verification"))]);
    assert_eq!(rules(&found), ["illegal-transition"]);
    assert!(
        found[0].1.contains("from scope only to construction"),
        "{}",
        found[0].1
    );
}

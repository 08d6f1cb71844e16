//! Test support for the change-review rules: two revisions of a small
//! repository held in memory, reviewed one against the other.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::{check, closed_dirs, Base};
use crate::git::FileVersion;
use crate::load::Repo;

const PEOPLE: &str = "[people.alice]\nname = \"Alice\"\nemail = \"alice@example.com\"\nroles = [\"release-manager\"]\n\n[people.olivia]\nname = \"Olivia\"\nemail = \"olivia@example.com\"\ngithub = \"opark\"\nroles = [\"cab\"]\n";
const SERVICES: &str = "[services.billing]\nname = \"Billing\"\nowner = \"olivia\"\n";
const MINOR: &str = "description = \"Minor\"\n";
pub(super) const EMERGENCY: &str = "description = \"Emergency\"\nskip_stages = [\"stage\"]\n";

/// A release file of type `kind` at `stage` with extra TOML after.
pub(super) fn release(id: &str, kind: &str, stage: &str, extra: &str) -> String {
    format!(
        "id = \"{id}\"\ntitle = \"Billing\"\nservice = \"billing\"\nversion = \"1.1.0\"\ntype = \"{kind}\"\nimpact = \"low\"\nstage = \"{stage}\" # keep\nmanager = \"alice\"\n\n[window]\nstart = 2030-03-11T20:00:00\nduration = \"2h\"\n{extra}"
    )
}

pub(super) const APPROVAL: &str = "\n[[approvals]]\ngate = \"build\"\nrole = \"service-owner\"\nby = \"olivia\"\nat = 2030-03-01T10:00:00\n";

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
pub(super) struct World {
    pub deleted: BTreeSet<String>,
    pub commits: Option<Vec<FileVersion>>,
}

/// Reviews `after` against `before`: each finding as (rule, message, the
/// text it points at).
pub(super) fn review_with(
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
        changed: None,
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

pub(super) fn review(
    before: &[(&str, &str)],
    after: &[(&str, &str)],
) -> Vec<(String, String, String)> {
    review_with(before, after, &World::default())
}

pub(super) const R: &str = "releases/REL-2030-03-001/release.toml";

pub(super) fn rules(found: &[(String, String, String)]) -> Vec<&str> {
    found.iter().map(|(r, _, _)| r.as_str()).collect()
}

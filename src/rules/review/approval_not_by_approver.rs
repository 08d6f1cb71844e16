//! With [review] approvals = "author", an approval added in the change was not committed by its approver (check --base)
//!
//! ## What it does
//! With `approvals = "author"` under `[review]` in trainyard.toml (at the base
//! or in the working tree), finds for each `[[approvals]]` entry added since
//! the base revision, and each `[[exceptions]]` entry added with an approver, the
//! commit that added it, and compares that commit's author email with the
//! approver's `email` in policies/people.toml (as it stood at the base when
//! the person was already there). The committer must be the approver too,
//! because a commit signature proves who committed, not who is named as the
//! author; commits made in GitHub's web interface (committer
//! `noreply@github.com`) count as their author's. GitHub's no-reply addresses
//! of the person's `github` handle (`handle@users.noreply.github.com`,
//! `ID+handle@…`) count as theirs. An entry that no commit added (still
//! uncommitted) is reported too.
//!
//! ## Why
//! `by = "carol"` is just text: anyone can type it. Requiring Carol's own
//! commit, together with branch protection and CODEOWNERS (see
//! docs/review.md), makes the approval hers.
//!
//! ## Example
//! ```toml
//! # added in a commit by alice@example.com
//! [[approvals]]
//! gate = "deploy"
//! role = "service-owner"
//! by = "carol"
//! at = 2024-03-13T16:00:00
//! ```
//!
//! Use instead: Carol adds the entry in a commit of her own (for example with
//! GitHub's "Add a suggestion" or by pushing to the branch).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use super::signoffs::{added, release, signoffs, train, Kind, Signed, Signoff};
use super::Base;
use crate::diagnostic::{Finding, Rule};
use crate::git::{Commit, FileVersion};
use crate::load::{Release, Repo};
use crate::model::Person;

/// Whether `[review] approvals = "author"` is set in the working tree or
/// at the base: a change cannot switch the check off for itself.
pub fn approvals_by_author(head: &Repo, base: &Repo) -> bool {
    let on = |r: &Repo| {
        r.config
            .def
            .review
            .approvals
            .as_ref()
            .is_some_and(|a| a.get_ref() == "author")
    };
    on(head) || on(base)
}

/// Every release and train: `both` paired across the revisions, `new`
/// only in the working tree.
pub(super) fn check(
    head: &Repo,
    base: &Base,
    both: &[(&Release, &Release)],
    new: &[&Release],
    out: &mut Vec<Finding>,
) {
    // Each file's versions, grouped once for all its entries.
    let mut by_path: HashMap<&str, Vec<&FileVersion>> = HashMap::new();
    for v in base.commits.unwrap_or_default() {
        by_path.entry(v.path.as_str()).or_default().push(v);
    }
    let versions = |path: &str| by_path.get(path).map_or(&[][..], Vec::as_slice);
    for (b, h) in both {
        let signed = release(head, Some((base.repo, b)), h);
        let path = head.path(h.file);
        by_author_in(head, base, &signed, versions(path), out);
    }
    for h in new {
        let signed = release(head, None, h);
        let path = head.path(h.file);
        by_author_in(head, base, &signed, versions(path), out);
    }
    for t in &head.trains {
        let b = base.repo.trains.iter().find(|b| b.stem == t.stem);
        let signed = train(head, b.map(|b| (base.repo, b)), t);
        by_author_in(head, base, &signed, versions(head.path(t.file)), out);
    }
}

/// The committer of commits made in GitHub's web interface, which GitHub
/// signs for the signed-in author.
const GITHUB_WEB_FLOW: &str = "noreply@github.com";

/// Whether `email` is `person`'s: their email, or a GitHub no-reply
/// address of their handle.
fn is_theirs(email: &str, person: &Person) -> bool {
    let email = email.trim().to_ascii_lowercase();
    if person
        .email
        .as_ref()
        .is_some_and(|e| e.get_ref().trim().to_ascii_lowercase() == email)
    {
        return true;
    }
    let Some(handle) = person.github.as_ref().map(|g| {
        g.get_ref()
            .trim()
            .trim_start_matches('@')
            .to_ascii_lowercase()
    }) else {
        return false;
    };
    let Some(local) = email.strip_suffix("@users.noreply.github.com") else {
        return false;
    };
    let name = local.split_once('+').map_or(local, |(id, name)| {
        if id.bytes().all(|b| b.is_ascii_digit()) {
            name
        } else {
            local
        }
    });
    !handle.is_empty() && name == handle
}

/// How many entries with `key` there are.
fn count(list: &[Signoff], key: &str) -> usize {
    list.iter().filter(|s| s.key == key).count()
}

/// One commit's version of a file, its entries counted by key; `None`
/// when it is not TOML at that commit.
type Counted = (Arc<Commit>, Option<HashMap<String, usize>>);

/// Parses each version of a file once.
fn counted(versions: &[&FileVersion]) -> Vec<Counted> {
    versions
        .iter()
        .map(|v| {
            let counts = match &v.after {
                None => Some(HashMap::new()),
                Some(text) => signoffs(text).map(|s| {
                    let mut m: HashMap<String, usize> = HashMap::new();
                    for e in s {
                        *m.entry(e.key).or_default() += 1;
                    }
                    m
                }),
            };
            (v.commit.clone(), counts)
        })
        .collect()
}

/// The commits that added each entry with `key` and are still in
/// effect, oldest first: a stack that removals pop. `at_base` is how many
/// the file had at the base.
fn adders(versions: &[Counted], at_base: usize, key: &str) -> Vec<Arc<Commit>> {
    let mut stack: Vec<Arc<Commit>> = Vec::new();
    let mut prev = at_base;
    for (commit, counts) in versions {
        // Not TOML at this commit: wait for one that is.
        let Some(counts) = counts else { continue };
        let now = counts.get(key).copied().unwrap_or(0);
        for _ in prev..now {
            stack.push(commit.clone());
        }
        for _ in now..prev {
            stack.pop();
        }
        prev = now;
    }
    stack
}

/// approval-not-by-approver over one signed file.
fn by_author_in(
    head: &Repo,
    base: &Base,
    s: &Signed,
    versions: &[&FileVersion],
    out: &mut Vec<Finding>,
) {
    if s.base_text == Some(s.text) {
        return;
    }
    let Some(after) = signoffs(s.text) else {
        return;
    };
    let before = s.base_text.and_then(signoffs).unwrap_or_default();
    let new = added(&before, &after);
    if new.is_empty() {
        return;
    }
    let versions = counted(versions);
    // For each key, the new entries take the most recent adders in order.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for entry in &new {
        let n_new = new.iter().filter(|e| e.key == entry.key).count();
        let k = seen.entry(&entry.key).or_default();
        let stack = adders(&versions, count(&before, &entry.key), &entry.key);
        let adder = (stack.len() + *k)
            .checked_sub(n_new)
            .and_then(|i| stack.get(i));
        *k += 1;
        let span = (s.span)(entry.kind == Kind::Approval, entry.index)
            .unwrap_or_else(|| s.fallback.clone());
        // The approver as the base knew them: a change cannot give
        // someone a new email and approve as them at once.
        let person = base
            .repo
            .people
            .def
            .people
            .iter()
            .chain(head.people.def.people.iter())
            .find(|(k, _)| k.get_ref() == &entry.by)
            .map(|(_, p)| p.get_ref());
        let Some(person) = person else { continue };
        let Some(email) = person.email.as_ref().map(|e| e.get_ref().as_str()) else {
            push(
                out,
                s,
                span,
                format!(
                    "{} cannot be checked: {} has no email in policies/people.toml",
                    entry.describe(),
                    entry.by
                ),
                format!(
                    "add `email = \"…\"` to [people.{}] (the address they commit with)",
                    entry.by
                ),
            );
            continue;
        };
        let message = match adder {
            None => format!(
                "{} is not in any commit since {}; with approvals = \"author\" it must be committed by {} <{email}>",
                entry.describe(), base.label, entry.by
            ),
            Some(c) if !is_theirs(&c.email, person) => format!(
                "{} was added by commit {} of {} <{}>, not by {} <{email}>",
                entry.describe(), c.short(), c.author, c.email, entry.by
            ),
            // Signed commits prove who committed, not who is named as the
            // author, so the committer must be the approver too (or GitHub,
            // committing in the browser on the author's behalf).
            Some(c) if !is_theirs(&c.committer_email, person)
                && !c.committer_email.eq_ignore_ascii_case(GITHUB_WEB_FLOW) => format!(
                "{} is in commit {} authored as {} but committed by {} <{}>; the approver must commit it (a branch rebased by someone else needs the approval committed again)",
                entry.describe(), c.short(), entry.by, c.committer, c.committer_email
            ),
            Some(_) => continue,
        };
        push(out, s, span, message, format!(
            "with [review] approvals = \"author\" only {} can add this entry: ask them to commit it as {email}",
            entry.by
        ));
    }
}

fn push(out: &mut Vec<Finding>, s: &Signed, span: Range<usize>, message: String, help: String) {
    let mut f = Finding::new(Rule::ApprovalNotByApprover, s.file, span, message).help(help);
    if let Some(id) = s.id {
        f = f.release(id);
    }
    out.push(f);
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::is_theirs;
    use crate::git::{Commit, FileVersion};
    use crate::model::Person;
    use crate::rules::review::fixture::{release, review_with, rules, World, APPROVAL, R};

    #[test]
    fn github_no_reply_addresses_belong_to_their_handle() {
        let p: Person =
            toml::from_str("name = \"Carol\"\nemail = \"carol@example.com\"\ngithub = \"cdiaz\"\n")
                .unwrap();
        assert!(is_theirs("Carol@Example.com", &p));
        assert!(is_theirs("cdiaz@users.noreply.github.com", &p));
        assert!(is_theirs("1234+cdiaz@users.noreply.github.com", &p));
        assert!(!is_theirs("1234+mallory@users.noreply.github.com", &p));
        assert!(!is_theirs("mallory@example.com", &p));
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
}

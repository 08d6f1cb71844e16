//! An approval present at the base revision was changed or removed (check --base)
//!
//! ## What it does
//! Checks that every `[[approvals]]` entry of a release (and of a train) at the
//! base revision is still there in the working tree, field for field. Entries
//! may be added, and reordered, but not edited or deleted.
//!
//! ## Why
//! An approval is a record that a person signed off at a time. Changing its
//! date, its approver or its note after review turns it into a different
//! approval that nobody reviewed.
//!
//! ## Example
//! ```toml
//! [[approvals]]
//! gate = "deploy"
//! role = "cab"
//! by = "dave"
//! at = 2024-03-14T16:00:00   # was 2024-03-13T16:00:00 at the base
//! ```
//!
//! Use instead: keep the approval as it was and add a new `[[approvals]]`
//! entry if a new sign-off is needed.

use std::collections::BTreeSet;

use super::signoffs::{added, release, signoffs, train, Kind, Signed, Signoff};
use super::Base;
use crate::diagnostic::{Finding, Rule};
use crate::load::{Release, Repo};

/// A release in both revisions.
pub(super) fn check(head: &Repo, base: &Base, b: &Release, h: &Release, out: &mut Vec<Finding>) {
    rewritten_in(&release(head, Some((base.repo, b)), h), base.label, out);
}

/// Every train in both revisions.
pub(super) fn trains(head: &Repo, base: &Base, out: &mut Vec<Finding>) {
    for t in &head.trains {
        let Some(b) = base.repo.trains.iter().find(|b| b.stem == t.stem) else {
            continue;
        };
        rewritten_in(&train(head, Some((base.repo, b)), t), base.label, out);
    }
}

/// approval-rewritten over one signed file.
fn rewritten_in(s: &Signed, label: &str, out: &mut Vec<Finding>) {
    let Some(base_text) = s.base_text else { return };
    // Unchanged files (nearly all of them) need no parsing.
    if base_text == s.text {
        return;
    }
    let (Some(before), Some(after)) = (signoffs(base_text), signoffs(s.text)) else {
        return;
    };
    let approvals = |v: Vec<Signoff>| -> Vec<Signoff> {
        v.into_iter().filter(|x| x.kind == Kind::Approval).collect()
    };
    let (before, after) = (approvals(before), approvals(after));
    let gone = added(&after, &before);
    if gone.is_empty() {
        return;
    }
    let mut fresh = added(&before, &after);
    for old in gone {
        // The new entry most like the old one is its rewrite.
        let same = |n: &&Signoff, fields: &[&str]| {
            fields
                .iter()
                .all(|f| n.fields.get(*f) == old.fields.get(*f))
        };
        let pos = fresh
            .iter()
            .position(|n| same(n, &["gate", "role", "by"]))
            .or_else(|| fresh.iter().position(|n| same(n, &["gate", "role"])));
        let (span, message) = match pos {
            Some(p) => {
                let new = fresh.remove(p);
                let diffs: Vec<String> = old
                    .fields
                    .keys()
                    .chain(new.fields.keys())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .filter(|k| old.fields.get(*k) != new.fields.get(*k))
                    .map(|k| {
                        let show =
                            |v: Option<&String>| v.map_or("(none)".to_string(), Clone::clone);
                        format!(
                            "{k} {} -> {}",
                            show(old.fields.get(k)),
                            show(new.fields.get(k))
                        )
                    })
                    .collect();
                (
                    (s.span)(true, new.index).unwrap_or_else(|| s.fallback.clone()),
                    format!(
                        "{} at {label} was rewritten: {}",
                        old.describe(),
                        diffs.join(", ")
                    ),
                )
            }
            None => (
                s.fallback.clone(),
                format!("{} at {label} was removed", old.describe()),
            ),
        };
        let mut f = Finding::new(Rule::ApprovalRewritten, s.file, span, message).help(
            "approvals are append-only: restore it exactly as it was; a new sign-off is a new [[approvals]] entry",
        );
        if let Some(id) = s.id {
            f = f.release(id);
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::review::fixture::{release, review, rules, APPROVAL, R};

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
}

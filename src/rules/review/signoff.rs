//! Sign-offs across revisions: approval-rewritten (approvals at the base
//! are kept field for field) and approval-not-by-approver (each approval
//! added since the base comes from a commit by its approver).
//!
//! Entries are compared by content, read leniently from each file's TOML
//! so that any version in the history can be read, even one that would
//! not pass lint. The i-th entry read here is the i-th entry of the typed
//! model, which gives the span to point at.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use super::Base;
use crate::diagnostic::Rule;
use crate::git::Commit;
use crate::load::{Release, Repo};
use crate::model::{FileId, Person};
use crate::rules::Finding;

/// Which array a sign-off sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Approval,
    Exception,
}

/// An approval, or an exception's approval, as written.
#[derive(Clone, Debug)]
struct Signoff {
    kind: Kind,
    /// Every field as `key = value`, sorted: equal content, equal key.
    key: String,
    fields: BTreeMap<String, String>,
    /// The person who signs (`by`, or an exception's `approved_by`).
    by: String,
    /// Position among the file's entries of its kind.
    index: usize,
}

impl Signoff {
    fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("?", |v| v.trim_matches('"'))
    }

    /// "the deploy approval by dave as cab (2024-03-13T16:00:00)".
    fn describe(&self) -> String {
        match self.kind {
            Kind::Approval => format!(
                "the {} approval by {} as {} ({})",
                self.field("gate"),
                self.by,
                self.field("role"),
                self.field("at")
            ),
            Kind::Exception => format!(
                "the exception for `{}` approved by {}",
                self.field("rule"),
                self.by
            ),
        }
    }
}

/// The sign-offs of a release or train file; `None` when it is not TOML.
fn signoffs(text: &str) -> Option<Vec<Signoff>> {
    let table: toml::Table = toml::from_str(text).ok()?;
    let mut out = Vec::new();
    for (name, kind, who) in [
        ("approvals", Kind::Approval, "by"),
        ("exceptions", Kind::Exception, "approved_by"),
    ] {
        let Some(toml::Value::Array(items)) = table.get(name) else {
            continue;
        };
        for (index, item) in items.iter().enumerate() {
            let Some(t) = item.as_table() else { continue };
            let Some(by) = t.get(who).and_then(toml::Value::as_str) else {
                continue;
            };
            let fields: BTreeMap<String, String> =
                t.iter().map(|(k, v)| (k.clone(), v.to_string())).collect();
            let key = fields
                .iter()
                .map(|(k, v)| format!("{k} = {v}"))
                .collect::<Vec<_>>()
                .join(", ");
            out.push(Signoff {
                kind,
                key,
                fields,
                by: by.to_string(),
                index,
            });
        }
    }
    Some(out)
}

/// How many entries with `key` there are.
fn count(list: &[Signoff], key: &str) -> usize {
    list.iter().filter(|s| s.key == key).count()
}

/// The entries of `after` that are not in `before`, as a multiset
/// difference, in file order.
fn added<'a>(before: &[Signoff], after: &'a [Signoff]) -> Vec<&'a Signoff> {
    let mut left: HashMap<&str, usize> = HashMap::new();
    for s in before {
        *left.entry(&s.key).or_default() += 1;
    }
    after
        .iter()
        .filter(|s| match left.get_mut(s.key.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// A release or train file seen in both revisions (or new).
pub(super) struct Signed<'a> {
    pub id: Option<&'a str>,
    pub file: FileId,
    pub text: &'a str,
    /// The file's text at the base; `None` when it is new.
    pub base_text: Option<&'a str>,
    /// The span of the signer of the i-th entry of a kind.
    pub span: Box<dyn Fn(bool, usize) -> Option<Range<usize>> + 'a>,
    /// Where to point when there is no entry to point at.
    pub fallback: Range<usize>,
}

/// A release as a signed file.
pub(super) fn release<'a>(
    head: &'a Repo,
    base: Option<(&'a Repo, &'a Release)>,
    h: &'a Release,
) -> Signed<'a> {
    let def = &h.def;
    Signed {
        id: Some(h.id()),
        file: h.file,
        text: &head.files[h.file].text,
        base_text: base.map(|(repo, b)| repo.files[b.file].text.as_str()),
        span: Box::new(move |approval, i| {
            if approval {
                def.approvals.get(i).map(|a| a.get_ref().by.span())
            } else {
                let e = def.exceptions.get(i)?.get_ref();
                e.approved_by.as_ref().map(|a| a.span())
            }
        }),
        fallback: def.id.span(),
    }
}

pub(super) fn rewritten(
    head: &Repo,
    base: &Base,
    b: &Release,
    h: &Release,
    out: &mut Vec<Finding>,
) {
    rewritten_in(&release(head, Some((base.repo, b)), h), base.label, out);
}

/// approval-rewritten over one signed file.
pub(super) fn rewritten_in(s: &Signed, label: &str, out: &mut Vec<Finding>) {
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
                    .collect::<std::collections::BTreeSet<_>>()
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

/// The commits that added each entry to the file at `path` and are still
/// in effect, oldest first: a stack that removals pop.
fn adders(
    commits: &[crate::git::FileVersion],
    path: &str,
    base_text: Option<&str>,
    key: &str,
) -> Vec<Arc<Commit>> {
    let mut stack: Vec<Arc<Commit>> = Vec::new();
    let mut prev = base_text.and_then(signoffs).map_or(0, |s| count(&s, key));
    for v in commits.iter().filter(|v| v.path == path) {
        let now = match &v.after {
            None => 0,
            Some(text) => match signoffs(text) {
                Some(s) => count(&s, key),
                // Not TOML at this commit: wait for one that is.
                None => continue,
            },
        };
        for _ in prev..now {
            stack.push(v.commit.clone());
        }
        for _ in now..prev {
            stack.pop();
        }
        prev = now;
    }
    stack
}

/// approval-not-by-approver over one signed file.
pub(super) fn by_author_in(
    head: &Repo,
    base: &Base,
    path: &str,
    s: &Signed,
    commits: &[crate::git::FileVersion],
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
    // For each key, the new entries take the most recent adders in order.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for entry in &new {
        let n_new = new.iter().filter(|e| e.key == entry.key).count();
        let k = seen.entry(&entry.key).or_default();
        let stack = adders(commits, path, s.base_text, &entry.key);
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

/// approval-not-by-approver over every release and train.
pub(super) fn by_author(
    head: &Repo,
    base: &Base,
    both: &[(&Release, &Release)],
    new: &[&Release],
    out: &mut Vec<Finding>,
) {
    let commits = base.commits.unwrap_or_default();
    for (b, h) in both {
        let signed = release(head, Some((base.repo, b)), h);
        by_author_in(head, base, head.path(h.file), &signed, commits, out);
    }
    for h in new {
        let signed = release(head, None, h);
        by_author_in(head, base, head.path(h.file), &signed, commits, out);
    }
    for t in &head.trains {
        let b = base.repo.trains.iter().find(|b| b.stem == t.stem);
        let def = &t.def;
        let signed = Signed {
            id: None,
            file: t.file,
            text: &head.files[t.file].text,
            base_text: b.map(|b| base.repo.files[b.file].text.as_str()),
            span: Box::new(move |approval, i| {
                approval
                    .then(|| def.approvals.get(i).map(|a| a.get_ref().by.span()))
                    .flatten()
            }),
            fallback: def.name.span(),
        };
        by_author_in(head, base, head.path(t.file), &signed, commits, out);
    }
}

/// approval-rewritten over every train in both revisions.
pub(super) fn train_rewritten(head: &Repo, base: &Base, out: &mut Vec<Finding>) {
    for t in &head.trains {
        let Some(b) = base.repo.trains.iter().find(|b| b.stem == t.stem) else {
            continue;
        };
        let def = &t.def;
        let signed = Signed {
            id: None,
            file: t.file,
            text: &head.files[t.file].text,
            base_text: Some(&base.repo.files[b.file].text),
            span: Box::new(move |approval, i| {
                approval
                    .then(|| def.approvals.get(i).map(|a| a.get_ref().by.span()))
                    .flatten()
            }),
            fallback: def.name.span(),
        };
        rewritten_in(&signed, base.label, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_compare_by_content_whatever_the_layout() {
        let a = signoffs("[[approvals]]\ngate = \"deploy\"\nrole = \"cab\"\nby = \"dave\"\nat = 2030-03-01T10:00:00\n").unwrap();
        let b = signoffs("approvals = [{ by = \"dave\", at = 2030-03-01T10:00:00, role = \"cab\", gate = \"deploy\" }]\n").unwrap();
        assert_eq!(a[0].key, b[0].key);
        assert!(added(&a, &b).is_empty());
        let c = signoffs("[[approvals]]\ngate = \"deploy\"\nrole = \"cab\"\nby = \"dave\"\nat = 2030-03-02T10:00:00\n").unwrap();
        assert_eq!(added(&a, &c).len(), 1);
        assert!(signoffs("not toml [").is_none());
    }

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
}

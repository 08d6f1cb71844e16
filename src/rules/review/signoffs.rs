//! Sign-offs (approvals, and exceptions' approvals) of a release or train
//! file, read from its TOML and compared by content across revisions.
//!
//! Entries are read leniently from each file's TOML so that any version
//! in the history can be read, even one that would not pass lint. The
//! i-th entry read here is the i-th entry of the typed model, which gives
//! the span to point at.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use crate::load::{Release, Repo, Train};
use crate::model::FileId;

/// Which array a sign-off sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Approval,
    Exception,
}

/// An approval, or an exception's approval, as written.
#[derive(Clone, Debug)]
pub(super) struct Signoff {
    pub kind: Kind,
    /// Every field as `key = value`, sorted: equal content, equal key.
    pub key: String,
    pub fields: BTreeMap<String, String>,
    /// The person who signs (`by`, or an exception's `approved_by`).
    pub by: String,
    /// Position among the file's entries of its kind.
    pub index: usize,
}

impl Signoff {
    fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("?", |v| v.trim_matches('"'))
    }

    /// "the deploy approval by dave as cab (2024-03-13T16:00:00)".
    pub fn describe(&self) -> String {
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
pub(super) fn signoffs(text: &str) -> Option<Vec<Signoff>> {
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

/// The entries of `after` that are not in `before`, as a multiset
/// difference, in file order.
pub(super) fn added<'a>(before: &[Signoff], after: &'a [Signoff]) -> Vec<&'a Signoff> {
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

/// A train as a signed file: approvals only.
pub(super) fn train<'a>(
    head: &'a Repo,
    base: Option<(&'a Repo, &'a Train)>,
    t: &'a Train,
) -> Signed<'a> {
    let def = &t.def;
    Signed {
        id: None,
        file: t.file,
        text: &head.files[t.file].text,
        base_text: base.map(|(repo, b)| repo.files[b.file].text.as_str()),
        span: Box::new(move |approval, i| {
            approval
                .then(|| def.approvals.get(i).map(|a| a.get_ref().by.span()))
                .flatten()
        }),
        fallback: def.name.span(),
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
}

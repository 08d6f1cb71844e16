//! Two releases (or two trains) have the same id
//!
//! ## What it does
//! Reports a release whose `id` another release already uses, and a train whose
//! `name` another train already uses.
//!
//! ## Why
//! Ids name releases in the calendar, in feeds and in commit messages. A copied
//! folder whose id was not changed makes two releases indistinguishable.
//!
//! ## Example
//! ```toml
//! # releases/REL-2024-03-016/release.toml, copied from REL-2024-03-015
//! id = "REL-2024-03-015"
//! ```
//!
//! Use instead:
//! ```toml
//! id = "REL-2024-03-016"
//! ```

use std::collections::HashMap;

use crate::diagnostic::{Finding, Rule};
use crate::model::FileId;
use crate::resolve::Resolved;

/// duplicate-id over the repository: every release after the first with
/// its id, and every train after the first with its name.
pub(super) fn check(cx: &Resolved, out: &mut Vec<Finding>) {
    for r in &cx.repo.releases {
        let same = cx.releases_with_id(r.id());
        if same.len() > 1 && !std::ptr::eq(same[0], r) {
            let first = same[0];
            out.push(
                Finding::new(
                    Rule::DuplicateId,
                    r.file,
                    r.def.id.span(),
                    format!(
                        "id {} is already used by {}",
                        r.id(),
                        cx.repo.path(first.file)
                    ),
                )
                .help("give this release the next free id for its month (folder and `id` alike)")
                .release(r.id()),
            );
        }
    }
    let mut trains: HashMap<&str, FileId> = HashMap::new();
    for t in &cx.repo.trains {
        if let Some(first) = trains.get(t.def.name.get_ref().as_str()) {
            out.push(
                Finding::new(
                    Rule::DuplicateId,
                    t.file,
                    t.def.name.span(),
                    format!(
                        "train name `{}` is already used by {}",
                        t.def.name.get_ref(),
                        cx.repo.path(*first)
                    ),
                )
                .help("give each train its own name"),
            );
        } else {
            trains.insert(t.def.name.get_ref(), t.file);
        }
    }
}

//! A release present at the base revision was deleted, or a deleted release's id is used again (check --base)
//!
//! ## What it does
//! Reports a release folder that existed at the base revision and is gone from
//! the working tree (unless its id moved to another folder, which is a
//! rename), and a new release whose id belonged to a release deleted earlier
//! in the history.
//!
//! ## Why
//! Ids name releases in commit messages, tickets, calendar feeds and the
//! site's links. Once published, an id must always mean the same release; a
//! release that will not go ahead is cancelled, not deleted.
//!
//! ## Example
//! ```sh
//! git rm -r releases/REL-2024-03-015
//! ```
//!
//! Use instead:
//! ```toml
//! stage = "cancelled"
//! ```

use super::pairs::{is_closed, stage_of};
use super::{Base, Reviewed};
use crate::diagnostic::{Finding, Rule};
use crate::load::{Release, Repo};
use crate::model::{FileId, SourceFile};

/// A release new in the working tree whose id or folder belonged to a
/// release deleted earlier in the history.
pub(super) fn new_release(base: &Base, h: &Release, out: &mut Vec<Finding>) {
    let id = h.id();
    if base.deleted.contains(id) || base.deleted.contains(&h.dir) {
        out.push(
            Finding::new(
                Rule::IdReused,
                h.file,
                h.def.id.span(),
                format!("{id} was used by a release deleted earlier in the history; ids are never reused"),
            )
            .help("give this release the next free id for its month (`trainyard new` picks one)")
            .release(id),
        );
    }
}

/// A release at the base that is gone from the working tree. The finding
/// points into the file as it was at the base, which `out` carries.
pub(super) fn deleted(head: &Repo, base: &Base, b: &Release, out: &mut Reviewed) {
    let path = base.repo.path(b.file).to_string();
    let file: FileId = head.files.len() + out.files.len();
    out.files
        .push(SourceFile::new(path, base.repo.files[b.file].text.clone()));
    let closed = if is_closed(stage_of(b)) {
        format!(" (it was {}: a record)", stage_of(b))
    } else {
        String::new()
    };
    out.findings.push(
        Finding::new(
            Rule::IdReused,
            file,
            b.def.id.span(),
            format!(
                "release {} at {} was deleted{closed}; ids are never reused, so a release is never deleted",
                b.id(),
                base.label
            ),
        )
        .help(format!(
            "restore releases/{}/ and set stage = \"cancelled\" if the release will not go ahead",
            b.dir
        ))
        .release(b.id()),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::review::fixture::{release, review, review_with, rules, World, R};

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
    }
}

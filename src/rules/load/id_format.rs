//! A release id is not REL-YYYY-MM-NNN, or differs from its folder name
//!
//! ## What it does
//! Checks that a release id has the form `REL-YYYY-MM-NNN` (a real month, a
//! three-digit sequence number) and that the release's folder is named after it.
//!
//! ## Why
//! A fixed id format sorts by month and is recognisable in commit messages,
//! tickets and calendar entries; the folder name is how people find the file.
//!
//! ## Example
//! ```toml
//! # releases/finance-march/release.toml
//! id = "REL-24-3-15"
//! ```
//!
//! Use instead:
//! ```toml
//! # releases/REL-2024-03-015/release.toml
//! id = "REL-2024-03-015"
//! ```

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;

use super::release_id::parse_id;

/// id-format for one release: the id's form, then its folder.
pub(super) fn check(r: &Release, out: &mut Vec<Finding>) {
    let id = r.id();
    if parse_id(id).is_none() {
        out.push(
            Finding::new(
                Rule::IdFormat,
                r.file,
                r.def.id.span(),
                format!("`{id}` is not a release id of the form REL-YYYY-MM-NNN"),
            )
            .help("use REL-, the year and month of the window, and a three-digit number: REL-2024-03-015")
            .release(id),
        );
        return;
    }
    if r.dir != id {
        out.push(
            Finding::new(
                Rule::IdFormat,
                r.file,
                r.def.id.span(),
                format!("id {id} differs from its folder name releases/{}", r.dir),
            )
            .help(format!("rename the folder to releases/{id}, or fix the id"))
            .release(id),
        );
    }
}

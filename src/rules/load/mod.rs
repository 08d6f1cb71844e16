//! The load family: files that do not parse or do not fit the schema,
//! ids that are malformed or reused, references to things that do not
//! exist, test categories that look misspelt, dependency cycles, and exceptions that cannot or do not waive
//! anything. `parse-error` and `schema-error` come from the loader itself,
//! `invalid-exception` and `unused-exception` from the waivers
//! (`crate::rules::waivers`) once every other rule has run; the rest are
//! checked here.

mod dependency_cycle;
mod duplicate_id;
mod id_format;
mod id_month_mismatch;
pub(super) mod invalid_exception;
mod parse_error;
mod release_id;
mod schema_error;
mod unknown_reference;
mod unknown_test_category;
pub(super) mod unused_exception;

pub use release_id::parse_id;

use crate::diagnostic::Finding;
use crate::resolve::Resolved;

/// Every load finding the rules make (the loader's own come with the
/// repository, the exceptions' from the waivers).
pub fn check(cx: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    duplicate_id::check(cx, &mut out);
    for r in &cx.repo.releases {
        id_format::check(r, &mut out);
        id_month_mismatch::check(r, &mut out);
    }
    unknown_reference::check(cx, &mut out);
    unknown_test_category::check(cx, &mut out);
    dependency_cycle::check(cx, &mut out);
    out
}

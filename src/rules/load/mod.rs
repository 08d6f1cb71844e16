//! The load family: files that do not parse or do not fit the schema,
//! ids that are malformed or reused, references to things that do not
//! exist, and dependency cycles. `parse-error` and `schema-error` come from
//! the loader itself; the rest are checked here.

mod cycles;
mod ids;
mod references;

pub use ids::parse_id;

use crate::diagnostic::Finding;
use crate::resolve::Resolved;

pub fn check(cx: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    ids::duplicate_ids(cx, &mut out);
    let catalogues = references::Catalogues::new(cx);
    for r in &cx.repo.releases {
        ids::id_format(r, &mut out);
        references::references(&catalogues, r, &mut out);
    }
    references::catalog_references(cx, &catalogues, &mut out);
    cycles::release_cycles(cx, &mut out);
    cycles::service_cycles(cx, &mut out);
    out
}

//! The defects of a release not yet fixed, with the words both defect
//! rules use for one.

use crate::load::Release;
use crate::model::{Defect, DefectStatus};

/// A `[[defects]]` entry that is open or deferred.
pub(super) struct Unfixed<'a> {
    pub defect: &'a Defect,
    /// `open` or `deferred`.
    pub state: &'static str,
    /// ` (the summary)`, or nothing when there is none.
    pub summary: String,
}

/// Every defect of `r` not yet fixed, in file order.
pub(super) fn unfixed(r: &Release) -> impl Iterator<Item = Unfixed<'_>> {
    r.def.defects.iter().filter_map(|d| {
        let d = d.get_ref();
        let state = match *d.status.get_ref() {
            DefectStatus::Fixed => return None,
            DefectStatus::Open => "open",
            DefectStatus::Deferred => "deferred",
        };
        let summary = d
            .summary
            .as_ref()
            .map_or(String::new(), |s| format!(" ({})", s.get_ref()));
        Some(Unfixed {
            defect: d,
            state,
            summary,
        })
    })
}

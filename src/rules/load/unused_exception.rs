//! An exception that waives nothing: the rule it names does not fire on this release
//!
//! ## What it does
//! Reports a valid `[[exceptions]]` entry whose rule produces no finding on the
//! release, so the exception waives nothing.
//!
//! ## Why
//! Stale exceptions hide the next real violation of the same rule. Remove an
//! exception once the release no longer needs it.
//!
//! ## Example
//! ```toml
//! [[exceptions]]
//! rule = "blackout"             # the window was moved out of the blackout
//! reason = "Regulatory deadline"
//! approved_by = "dave"
//! ```
//!
//! Remove the entry, or keep it only while the rule fires.

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;

/// unused-exception for the valid exceptions that waived nothing, each
/// given as its release and the exception's index. Run by the waivers
/// (`crate::rules::waivers`), which alone know what was waived.
pub(crate) fn check(mut unused: Vec<(&Release, usize)>, out: &mut Vec<Finding>) {
    unused.sort_by_key(|(r, i)| (r.dir.clone(), *i));
    for (r, i) in unused {
        let e = r.def.exceptions[i].get_ref();
        out.push(
            Finding::new(
                Rule::UnusedException,
                r.file,
                e.rule.span(),
                format!(
                    "the exception for `{}` waives nothing: the rule does not fire on {}",
                    e.rule.get_ref(),
                    r.id()
                ),
            )
            .help("remove this [[exceptions]] entry")
            .release(r.id()),
        );
    }
}

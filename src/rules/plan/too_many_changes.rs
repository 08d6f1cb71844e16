//! A release includes more changes than its policy's max_changes
//!
//! ## What it does
//! Counts `[[changes]]` against the release type's `max_changes` and points
//! at the first change over the limit.
//!
//! ## Why
//! A typical release holds 3 to 15 changes; the procedure says releases with
//! more than 20 should be split, to reduce risk and make troubleshooting
//! possible.
//!
//! ## Example
//! ```toml
//! type = "minor"                 # max_changes = 20
//! # ... 24 [[changes]] entries
//! ```
//!
//! Use instead: move the changes beyond the 20th into a second release
//! (`trainyard new --service finance --type minor --window "…"`).

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::resolve::Resolved;

/// too-many-changes for one release, when its type sets `max_changes`.
pub(super) fn check(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    let d = &r.def;
    let Some(policy) = cx.policy_of(r) else {
        return;
    };
    let Some(max) = policy.max_changes.as_ref().map(|m| *m.get_ref()) else {
        return;
    };
    let limit = usize::try_from(max).unwrap_or(usize::MAX);
    if let Some(first_over) = d.changes.get(limit) {
        let n = d.changes.len();
        let extra = n - limit;
        out.push(
            Finding::new(
                Rule::TooManyChanges,
                r.file,
                first_over.span(),
                format!(
                    "{n} changes is more than the {max} a {} release may hold (max_changes in policies/{}.toml); this is change {}",
                    d.kind.get_ref(),
                    d.kind.get_ref(),
                    limit + 1
                ),
            )
            .help(format!(
                "split the release: move {} into a new release (trainyard new --service {} --type {} --window …), which is easier to test and to roll back",
                if extra == 1 { "the last change".to_string() } else { format!("the last {extra} changes") },
                d.service.get_ref(),
                d.kind.get_ref()
            ))
            .release(r.id()),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::{line_of, only, run, Fixture, GOOD};

    #[test]
    fn too_many_changes_points_at_the_first_over_the_limit() {
        let mut text = GOOD.to_string();
        let mut extra = String::new();
        for i in 2..=22 {
            extra.push_str(&format!(
                "\n[[changes]]\nid = \"CHG-{i}\"\nsummary = \"s\"\nstatus = \"approved\"\n"
            ));
        }
        text.push_str(&extra);
        let seen = only(
            run(&Fixture::new().release(&text), super::super::check),
            "too-many-changes",
        );
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].line, line_of(&text, "CHG-20\"", "[[changes]]"));
        assert_eq!(
            seen[0].message,
            "22 changes is more than the 20 a minor release may hold (max_changes in policies/minor.toml); this is change 21"
        );
        assert!(seen[0]
            .help
            .starts_with("split the release: move the last 2 changes into a new release"));
    }
}

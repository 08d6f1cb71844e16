//! A release past plan includes a change that is not approved
//!
//! ## What it does
//! From stage `build` on (entering build needs all changes approved), reports
//! every `[[changes]]` entry whose `status` is `pending` or `rejected`.
//!
//! ## Why
//! Only changes that have been through change management may be packaged. A
//! pending change in a build is work nobody has agreed to ship.
//!
//! ## Example
//! ```toml
//! stage = "build"
//!
//! [[changes]]
//! id = "CHG-2026-0892"
//! summary = "Export module"
//! status = "pending"
//! ```
//!
//! Use instead: get the change approved and record it, or remove the entry.
//! ```toml
//! [[changes]]
//! id = "CHG-2026-0892"
//! summary = "Export module"
//! status = "approved"
//! ```

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::{ChangeStatus, Stage};
use crate::resolve::Resolved;
use crate::rules::criteria::due;

/// change-not-approved for one release.
pub(super) fn check(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    let Some(due) = due(cx, r, Stage::Build) else {
        return;
    };
    for c in &r.def.changes {
        let c = c.get_ref();
        let status = *c.status.get_ref();
        if status == ChangeStatus::Approved {
            continue;
        }
        let (word, help) = match status {
                ChangeStatus::Rejected => (
                    "rejected",
                    format!(
                        "remove the [[changes]] entry for {} from {}: a rejected change cannot ship",
                        c.id.get_ref(),
                        cx.repo.path(r.file)
                    ),
                ),
                _ => (
                    "pending",
                    format!(
                        "once {} is approved in change management, write status = \"approved\"; otherwise remove it from the release",
                        c.id.get_ref()
                    ),
                ),
            };
        out.push(
            Finding::new(
                Rule::ChangeNotApproved,
                r.file,
                c.status.span(),
                format!(
                    "{} every change approved; {} is {word}",
                    due.needs(),
                    c.id.get_ref()
                ),
            )
            .help(help)
            .release(r.id()),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::{line_of, only, run, Fixture, GOOD};

    #[test]
    fn unapproved_changes_fail_from_build() {
        let text = GOOD.replace("status = \"approved\"", "status = \"pending\"");
        let seen = only(
            run(&Fixture::new().release(&text), super::super::check),
            "change-not-approved",
        );
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].line, line_of(&text, "[[changes]]", "status ="));
        assert_eq!(
            seen[0].message,
            "stage = \"close\" needs every change approved; CHG-1 is pending"
        );
        let plan = text.replace("stage = \"close\"", "stage = \"plan\"");
        assert!(only(
            run(&Fixture::new().release(&plan), super::super::check),
            "change-not-approved"
        )
        .is_empty());
    }
}

//! A release starts before a release it depends on has finished deploying, or depends on a cancelled one
//!
//! ## What it does
//! For each `depends_on` entry, checks that the release's window starts no
//! earlier than the end of the window of the release it depends on (windows
//! are read in the calendar's zone, half-open), and that the release it
//! depends on is not cancelled.
//!
//! ## Why
//! A release that needs another's schema or API must deploy after it. A
//! dependency on a cancelled release will never be met: replace it or drop it.
//!
//! ## Example
//! ```toml
//! # REL-2026-03-020, window 2026-03-14T20:00:00 for 2h
//! depends_on = ["REL-2026-03-021"]   # window 2026-03-14T19:00:00 for 2h
//! ```
//!
//! Use instead: start this window when the other's ends, or move the other
//! earlier.
//! ```toml
//! # REL-2026-03-020
//! [window]
//! start = 2026-03-21T20:00:00
//! ```

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::resolve::Resolved;
use crate::rules::criteria::live_or_closed;

/// dependency-order for one release.
pub(super) fn check(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    for dep in &r.def.depends_on {
        let id = dep.get_ref();
        if id == r.id() {
            continue;
        }
        let Some(other) = cx.release(id) else {
            continue;
        };
        let finding = |message: String, help: String| {
            Finding::new(Rule::DependencyOrder, r.file, dep.span(), message)
                .help(help)
                .release(r.id())
        };
        if !live_or_closed(other) {
            out.push(finding(
                format!(
                    "{} depends on {id} ({}), which is cancelled and will never deploy",
                    r.id(),
                    other.def.title.get_ref()
                ),
                format!("depend on the release that replaces {id}, or remove it from `depends_on`"),
            ));
            continue;
        }
        let (Some(mine), Some(theirs)) = (cx.window(r), cx.window(other)) else {
            continue;
        };
        if mine.start < theirs.end {
            out.push(finding(
                format!(
                    "{} ({}) starts before {id}, which it depends on, has finished deploying ({})",
                    r.id(),
                    cx.fmt_span(&mine),
                    cx.fmt_span(&theirs)
                ),
                format!(
                    "move this window to start at {} or later, or move {id} earlier; a release deploys after the releases it depends on",
                    cx.fmt_local(theirs.end)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::{line_of, only, run, Fixture, GOOD};

    #[test]
    fn dependencies_deploy_first_and_are_not_cancelled() {
        let base = GOOD
            .replace("REL-2026-03-001", "REL-2026-03-002")
            .replace("CHG-1", "CHG-2")
            .replace("service = \"finance\"", "service = \"hr-portal\"")
            .replace("by = \"carol\"", "by = \"liam\"");
        let dependent = GOOD.replace(
            "rationale = ",
            "depends_on = [\"REL-2026-03-002\"]\nrationale = ",
        );
        let seen = only(
            run(
                &Fixture::new().release(&dependent).release(&base),
                super::super::check,
            ),
            "dependency-order",
        );
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].line, line_of(&dependent, "", "depends_on"));
        assert_eq!(
            seen[0].message,
            "REL-2026-03-001 (Sat 14 Mar 2026 20:00-22:00) starts before REL-2026-03-002, which it depends on, has finished deploying (Sat 14 Mar 2026 20:00-22:00)"
        );
        // Overlapping is not enough: the dependency must have finished.
        let overlapping = base.replace("2026-03-14T20:00:00", "2026-03-14T18:30:00");
        assert_eq!(
            only(
                run(
                    &Fixture::new().release(&dependent).release(&overlapping),
                    super::super::check
                ),
                "dependency-order"
            )
            .len(),
            1
        );
        let touching = base.replace("2026-03-14T20:00:00", "2026-03-14T18:00:00");
        assert!(only(
            run(
                &Fixture::new().release(&dependent).release(&touching),
                super::super::check
            ),
            "dependency-order"
        )
        .is_empty());
        let earlier = base.replace("2026-03-14T20:00:00", "2026-03-07T20:00:00");
        assert!(only(
            run(
                &Fixture::new().release(&dependent).release(&earlier),
                super::super::check
            ),
            "dependency-order"
        )
        .is_empty());
        let cancelled = earlier.replace("stage = \"close\"", "stage = \"cancelled\"");
        let seen = only(
            run(
                &Fixture::new().release(&dependent).release(&cancelled),
                super::super::check,
            ),
            "dependency-order",
        );
        assert_eq!(seen.len(), 1);
        assert!(
            seen[0].message.contains("which is cancelled"),
            "{}",
            seen[0].message
        );
    }
}

//! A closed release has no [outcome]
//!
//! ## What it does
//! At stage `close` (entering close needs the outcome recorded), checks that
//! the release has an `[outcome]` table.
//!
//! ## Why
//! Closing a release records what happened: successful, partial or rolled
//! back, when it started and finished, defects found after deployment. The
//! metrics (planned against actual) come from it.
//!
//! ## Example
//! ```toml
//! stage = "close"
//! ```
//!
//! Use instead:
//! ```toml
//! stage = "close"
//!
//! [outcome]
//! status = "successful"
//! started = 2026-03-14T20:00:00
//! finished = 2026-03-14T22:15:00
//! defects_after = 0
//! ```

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::Stage;
use crate::resolve::Resolved;
use crate::rules::criteria::{add_to, due};
use crate::rules::evidence::Evidence;

pub(super) fn check(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    let Some(due) = due(cx, r, Stage::Close) else {
        return;
    };
    if Evidence::of(cx, r).outcome.is_some() {
        return;
    }
    let none = if r.def.outcome.is_some() {
        "the [outcome] is dated after today, so it is not recorded yet"
    } else {
        "there is no [outcome]"
    };
    out.push(
        Finding::new(
            Rule::MissingOutcome,
            r.file,
            due.stage_span(),
            format!("{} the outcome recorded; {none}", due.needs()),
        )
        .help(add_to(
            cx,
            r,
            "[outcome]\nstatus = \"successful\"      # successful | partial | rolled-back\nstarted = …\nfinished = …\ndefects_after = 0",
        ))
        .release(r.id()),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::deploy::check;
    use crate::rules::fixture::{line_of, run, Fixture, GOOD};

    #[test]
    fn close_needs_an_outcome() {
        let start = GOOD.find("[outcome]").unwrap();
        let bare = &GOOD[..start];
        let seen = run(&Fixture::new().release(bare), check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].rule, "missing-outcome");
        assert_eq!(seen[0].line, line_of(bare, "", "stage ="));
    }
}

//! Time in the plan family: behind-schedule (the stage against the
//! backward-planned timeline) and dependency-order.

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::Stage;
use crate::resolve::Resolved;
use crate::rules::criteria::{
    and_list, days_after, days_before, live_or_closed, local_date, window_start,
};

/// behind-schedule for one release.
pub(super) fn behind(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    let stage = *r.def.stage.get_ref();
    let Some(rank) = stage.rank() else { return };
    if stage.reached(Stage::Deploy) {
        return;
    }
    let Some(policy) = cx.policy_of(r) else {
        return;
    };
    let Some(start) = window_start(r) else { return };
    let window_day = local_date(cx, start);
    let skips = policy.skips();
    // Stages not yet done: the current one and those after it, up to stage.
    let missed: Vec<(Stage, u32, chrono::NaiveDate)> = Stage::LIFECYCLE[rank..]
        .iter()
        .copied()
        .filter(|s| !skips.contains(s))
        .filter_map(|s| {
            let days = policy.schedule.days_before(s)?;
            let by = days_before(window_day, days);
            (cx.today > by).then_some((s, days, by))
        })
        .collect();
    if missed.is_empty() {
        return;
    }
    let kind = r.def.kind.get_ref();
    let dates: Vec<String> = missed
        .iter()
        .map(|(s, days, by)| format!("{s} by {by} ({days} days before)"))
        .collect();
    let most = missed.iter().map(|(_, d, _)| *d).max().unwrap_or(0);
    let earliest_window = days_after(cx.today, most);
    out.push(
        Finding::new(
            Rule::BehindSchedule,
            r.file,
            r.def.stage.span(),
            format!(
                "stage = \"{stage}\" lags the {kind} schedule for the window on {window_day}: it should have finished {}; today is {}",
                and_list(&dates),
                cx.today
            ),
        )
        .help(format!(
            "move the release on once each stage's entry criteria are met, or move the window to {earliest_window} or later (the {kind} schedule needs {most} days from stage = \"{stage}\")"
        ))
        .release(r.id()),
    );
}

/// dependency-order for one release.
pub(super) fn dependencies(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
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
    use crate::rules::fixture::{line_of, run, run_on, Fixture, Seen, GOOD};

    fn only(seen: Vec<Seen>, rule: &str) -> Vec<Seen> {
        seen.into_iter().filter(|s| s.rule == rule).collect()
    }

    #[test]
    fn behind_lists_each_missed_date() {
        let build = GOOD.replace("stage = \"close\"", "stage = \"build\"");
        let fx = Fixture::new().release(&build);
        // Window Saturday 2026-03-14; minor: build by 03-06, test by 03-10.
        let seen = only(
            run_on(&fx, "2026-03-11", super::super::check),
            "behind-schedule",
        );
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].line, line_of(&build, "", "stage ="));
        assert_eq!(
            seen[0].message,
            "stage = \"build\" lags the minor schedule for the window on 2026-03-14: it should have finished build by 2026-03-06 (8 days before) and test by 2026-03-10 (4 days before); today is 2026-03-11"
        );
        assert_eq!(
            seen[0].help,
            "move the release on once each stage's entry criteria are met, or move the window to 2026-03-19 or later (the minor schedule needs 8 days from stage = \"build\")"
        );
        // On the deadline itself it is not late yet.
        assert!(only(
            run_on(&fx, "2026-03-06", super::super::check),
            "behind-schedule"
        )
        .is_empty());
        // Emergency releases have no schedule.
        let emergency = build.replace("type = \"minor\"", "type = \"emergency\"");
        let fx = Fixture::new().release(&emergency);
        assert!(only(
            run_on(&fx, "2026-03-13", super::super::check),
            "behind-schedule"
        )
        .is_empty());
    }

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

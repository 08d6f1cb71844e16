//! A version is not above every earlier release of the service, or does not raise the number its type says
//!
//! ## What it does
//! From stage `test` on, compares a release's version with every earlier
//! release of the same service (earlier by window start; cancelled and
//! rolled-back releases do not count). It must be higher than all of them,
//! and it must raise the number its type stands for: a `major` release raises
//! MAJOR, a `minor` release MINOR (same MAJOR), a `patch` release only PATCH
//! (same MAJOR.MINOR). Other types (such as `emergency`) only need a higher
//! version. Calendar versions only need to be later.
//!
//! ## Why
//! Versions that go backwards, or a "patch" that changes the minor number,
//! mislead everyone who reads them: a patch is expected to be safe to take,
//! a major release to break things.
//!
//! ## Example
//! ```toml
//! # REL-2026-03-001, window 2026-03-14: version = "2.4.0"
//! # REL-2026-04-002, window 2026-04-11:
//! type = "patch"
//! version = "2.5.0"
//! ```
//!
//! Use instead:
//! ```toml
//! type = "patch"
//! version = "2.4.1"
//! ```
//! (or `type = "minor"` if the release really adds features).

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::{OutcomeStatus, Stage};
use crate::resolve::Resolved;
use crate::rules::criteria::{due, window_start};

use super::version::{parse_version, Version};

/// version-not-increasing over the whole repository: releases grouped by
/// service, sorted by window start, each compared with the highest version
/// before it.
pub(super) fn check(cx: &Resolved, out: &mut Vec<Finding>) {
    let mut by_service: HashMap<&str, Vec<Entry>> = HashMap::new();
    for r in &cx.repo.releases {
        let stage = *r.def.stage.get_ref();
        let rolled_back = r
            .def
            .outcome
            .as_ref()
            .is_some_and(|o| *o.get_ref().status.get_ref() == OutcomeStatus::RolledBack);
        if stage == Stage::Cancelled || rolled_back {
            continue;
        }
        let Some(svc) = cx.service(r.def.service.get_ref()) else {
            continue;
        };
        let Some(start) = window_start(r).and_then(|w| cx.instant(w)) else {
            continue;
        };
        let Ok(version) = parse_version(r.def.version.get_ref(), svc.versioning()) else {
            continue;
        };
        by_service
            .entry(r.def.service.get_ref())
            .or_default()
            .push(Entry {
                release: r,
                start,
                version,
            });
    }
    let mut services: Vec<_> = by_service.into_iter().collect();
    services.sort_by_key(|(s, _)| *s);
    for (_, mut entries) in services {
        entries.sort_by(|a, b| (a.start, a.release.id()).cmp(&(b.start, b.release.id())));
        let mut best: Option<&Entry> = None;
        for e in &entries {
            if let Some(prev) = best {
                compare(cx, prev, e, out);
            }
            let higher =
                best.is_none_or(|b| e.version.partial_cmp(&b.version) == Some(Ordering::Greater));
            if higher {
                best = Some(e);
            }
        }
    }
}

/// Checks `e` against `prev`, the highest version among earlier releases.
fn compare(cx: &Resolved, prev: &Entry, e: &Entry, out: &mut Vec<Finding>) {
    let r = e.release;
    let Some(due) = due(cx, r, Stage::Test) else {
        return;
    };
    let prev_at = window_start(prev.release).map_or(String::new(), |w| w.to_string());
    let service = r.def.service.get_ref();
    let kind = r.def.kind.get_ref().as_str();
    let finding = |message: String, help: String| {
        Finding::new(
            Rule::VersionNotIncreasing,
            r.file,
            r.def.version.span(),
            message,
        )
        .help(help)
        .release(r.id())
    };
    let greater = e.version.partial_cmp(&prev.version) == Some(Ordering::Greater);
    if !greater {
        let help = match &prev.version {
            Version::Sem(p) => match next_for(kind, p) {
                Some(next) => format!("a {kind} release after {p} is version = \"{next}\""),
                None => format!("use a version above {p}"),
            },
            Version::Cal(..) => format!(
                "use a later date than {}: the date this release goes live",
                prev.version
            ),
        };
        out.push(finding(
            format!(
                "{} a version above every earlier release of {service}; {} is not above {} of {} (window {prev_at})",
                due.needs(),
                e.version,
                prev.version,
                prev.release.id()
            ),
            help,
        ));
        return;
    }
    let (Version::Sem(p), Version::Sem(v)) = (&prev.version, &e.version) else {
        return;
    };
    let Some(how) = rise(p, v) else { return };
    let wanted = match kind {
        "major" => Some((Rise::Major, "MAJOR")),
        "minor" => Some((Rise::Minor, "MINOR")),
        "patch" => Some((Rise::Patch, "PATCH")),
        _ => None,
    };
    let Some((want, number)) = wanted else { return };
    if how == want || how == Rise::Pre {
        return;
    }
    let raised = match how {
        Rise::Major => "MAJOR",
        Rise::Minor => "MINOR",
        _ => "PATCH",
    };
    let only = if kind == "patch" { " only" } else { "" };
    let fitting = match how {
        Rise::Major => "major",
        Rise::Minor => "minor",
        _ => "patch",
    };
    let fix = match next_for(kind, p) {
        Some(next) => format!("write version = \"{next}\""),
        None => format!("write a version that raises {number} over {p}"),
    };
    let type_fix = if cx.policy(fitting).is_some() {
        format!(", or type = \"{fitting}\" if the release really is one")
    } else {
        String::new()
    };
    out.push(finding(
        format!(
            "a {kind} release raises{only} the {number} number; {} raises {raised} over {} of {} (window {prev_at})",
            e.version,
            p,
            prev.release.id()
        ),
        format!("{fix}{type_fix}"),
    ));
}

/// One release in the version history of its service.
struct Entry<'a> {
    release: &'a Release,
    start: DateTime<Utc>,
    version: Version,
}

/// How `v` rises over `prev`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rise {
    Major,
    Minor,
    Patch,
    /// Same numbers, later pre-release (or release of a pre-release).
    Pre,
}

fn rise(prev: &semver::Version, v: &semver::Version) -> Option<Rise> {
    let (a, b) = (
        (prev.major, prev.minor, prev.patch),
        (v.major, v.minor, v.patch),
    );
    if v <= prev {
        None
    } else if b.0 > a.0 {
        Some(Rise::Major)
    } else if b.1 > a.1 {
        Some(Rise::Minor)
    } else if b.2 > a.2 {
        Some(Rise::Patch)
    } else {
        Some(Rise::Pre)
    }
}

/// The version a release of `kind` would take after `prev`, when the type
/// fixes which number rises.
fn next_for(kind: &str, prev: &semver::Version) -> Option<String> {
    match kind {
        "major" => Some(format!("{}.0.0", prev.major.checked_add(1)?)),
        "minor" => Some(format!("{}.{}.0", prev.major, prev.minor.checked_add(1)?)),
        "patch" => Some(format!(
            "{}.{}.{}",
            prev.major,
            prev.minor,
            prev.patch.checked_add(1)?
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{run, Fixture, GOOD};

    fn sem(s: &str) -> semver::Version {
        semver::Version::parse(s).unwrap()
    }

    #[test]
    fn the_largest_versions_do_not_overflow() {
        let max = sem(&format!("{}.{}.{}", u64::MAX, u64::MAX, u64::MAX));
        assert_eq!(next_for("major", &max), None);
        assert_eq!(next_for("patch", &sem("1.2.3")).as_deref(), Some("1.2.4"));
    }

    #[test]
    fn rises_are_classified() {
        assert_eq!(rise(&sem("2.4.0"), &sem("3.0.0")), Some(Rise::Major));
        assert_eq!(rise(&sem("2.4.0"), &sem("2.5.0")), Some(Rise::Minor));
        assert_eq!(rise(&sem("2.4.0"), &sem("2.4.1")), Some(Rise::Patch));
        assert_eq!(rise(&sem("2.5.0-rc.1"), &sem("2.5.0")), Some(Rise::Pre));
        assert_eq!(rise(&sem("2.4.0"), &sem("2.4.0")), None);
    }

    fn later(id: &str, kind: &str, version: &str, stage: &str) -> String {
        GOOD.replace("REL-2026-03-001", id)
            .replace("type = \"minor\"", &format!("type = \"{kind}\""))
            .replace("version = \"2.4.0\"", &format!("version = \"{version}\""))
            .replace("stage = \"close\"", &format!("stage = \"{stage}\""))
            .replace("CHG-1", &format!("CHG-{id}"))
            .replace("2026-03-14T20:00:00", "2026-03-21T20:00:00")
    }

    fn versions(fx: Fixture) -> Vec<String> {
        run(&fx, super::super::check)
            .into_iter()
            .filter(|s| s.rule == "version-not-increasing")
            .map(|s| format!("{} {}: {} | {}", s.path, s.line, s.message, s.help))
            .collect()
    }

    #[test]
    fn versions_must_rise_as_the_type_says() {
        let fx = |kind: &str, v: &str| {
            Fixture::new()
                .release(GOOD)
                .release(&later("REL-2026-03-002", kind, v, "test"))
        };
        assert!(versions(fx("minor", "2.5.0")).is_empty());
        assert!(versions(fx("patch", "2.4.1")).is_empty());
        assert!(versions(fx("major", "3.0.0")).is_empty());
        assert!(versions(fx("emergency", "2.4.1")).is_empty());
        let v = versions(fx("patch", "2.5.0"));
        assert_eq!(v.len(), 1);
        assert!(v[0].contains("a patch release raises only the PATCH number; 2.5.0 raises MINOR over 2.4.0 of REL-2026-03-001"), "{v:?}");
        assert!(
            v[0].ends_with(
                "write version = \"2.4.1\", or type = \"minor\" if the release really is one"
            ),
            "{v:?}"
        );
        let v = versions(fx("minor", "3.0.0"));
        assert!(
            v[0].contains("a minor release raises the MINOR number; 3.0.0 raises MAJOR"),
            "{v:?}"
        );
        let v = versions(fx("major", "2.5.0"));
        assert!(v[0].contains("write version = \"3.0.0\""), "{v:?}");
        let v = versions(fx("minor", "2.4.0"));
        assert!(v[0].contains("needs a version above every earlier release of finance; 2.4.0 is not above 2.4.0 of REL-2026-03-001"), "{v:?}");
        assert!(
            v[0].ends_with("a minor release after 2.4.0 is version = \"2.5.0\""),
            "{v:?}"
        );
        // Not yet owed in build.
        let early = Fixture::new().release(GOOD).release(&later(
            "REL-2026-03-002",
            "minor",
            "2.3.0",
            "build",
        ));
        assert!(versions(early).is_empty());
    }

    #[test]
    fn the_highest_earlier_version_counts_and_cancelled_ones_do_not() {
        let third = later("REL-2026-03-003", "minor", "2.5.0", "test")
            .replace("2026-03-21T20:00:00", "2026-03-28T20:00:00");
        let second = later("REL-2026-03-002", "minor", "2.6.0", "plan");
        let v = versions(
            Fixture::new()
                .release(GOOD)
                .release(&second)
                .release(&third),
        );
        assert_eq!(v.len(), 1, "{v:?}");
        assert!(
            v[0].starts_with("releases/REL-2026-03-003/release.toml 4:"),
            "{v:?}"
        );
        assert!(
            v[0].contains("2.5.0 is not above 2.6.0 of REL-2026-03-002"),
            "{v:?}"
        );
        let cancelled = second.replace("stage = \"plan\"", "stage = \"cancelled\"");
        assert!(versions(
            Fixture::new()
                .release(GOOD)
                .release(&cancelled)
                .release(&third)
        )
        .is_empty());
    }

    #[test]
    fn calendar_versions_only_need_to_be_later() {
        let a = GOOD
            .replace("service = \"finance\"", "service = \"data-platform\"")
            .replace("version = \"2.4.0\"", "version = \"2026.03.14\"")
            .replace("by = \"carol\"", "by = \"oscar\"");
        let b = later("REL-2026-03-002", "minor", "2026.03.13", "test")
            .replace("service = \"finance\"", "service = \"data-platform\"");
        let v = versions(Fixture::new().release(&a).release(&b));
        assert_eq!(v.len(), 1, "{v:?}");
        assert!(v[0].contains("2026.03.13 is not above 2026.03.14"), "{v:?}");
        let ok = b.replace("2026.03.13", "2026.03.21");
        assert!(versions(Fixture::new().release(&a).release(&ok)).is_empty());
    }
}

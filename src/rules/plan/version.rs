//! invalid-version and version-not-increasing: versions parse under the
//! service's scheme, and rise release by release as the type says.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::{OutcomeStatus, Stage, Versioning};
use crate::resolve::Resolved;
use crate::rules::criteria::{due, local_date, window_start};

/// A parsed version: semantic, or a calendar date with a same-day counter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Version {
    Sem(semver::Version),
    Cal(NaiveDate, u32),
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        match (self, other) {
            (Version::Sem(a), Version::Sem(b)) => Some(a.cmp(b)),
            (Version::Cal(a, n), Version::Cal(b, m)) => Some((a, n).cmp(&(b, m))),
            _ => None,
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Version::Sem(v) => write!(f, "{v}"),
            Version::Cal(d, 0) => write!(f, "{}", d.format("%Y.%m.%d")),
            Version::Cal(d, n) => write!(f, "{}.{n}", d.format("%Y.%m.%d")),
        }
    }
}

/// Parses `text` under `scheme`, or says what is wrong with it.
pub fn parse_version(text: &str, scheme: Versioning) -> Result<Version, String> {
    match scheme {
        Versioning::Semver => semver::Version::parse(text)
            .map(Version::Sem)
            .map_err(|e| e.to_string()),
        Versioning::Calver => parse_calver(text),
    }
}

fn parse_calver(text: &str) -> Result<Version, String> {
    let parts: Vec<&str> = text.split('.').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let (y, m, d, n) = match parts.as_slice() {
        [y, m, d] => (*y, *m, *d, None),
        [y, m, d, n] => (*y, *m, *d, Some(*n)),
        _ => return Err("expected YYYY.MM.DD or YYYY.MM.DD.N".into()),
    };
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return Err("expected a four-digit year and two-digit month and day, YYYY.MM.DD".into());
    }
    let date = y
        .parse()
        .ok()
        .zip(m.parse().ok())
        .zip(d.parse().ok())
        .and_then(|((y, m), d)| NaiveDate::from_ymd_opt(y, m, d))
        .ok_or_else(|| format!("{y}-{m}-{d} is not a date"))?;
    let counter = match n {
        None => 0,
        Some(n) => match n.parse::<u32>() {
            Ok(k) if k > 0 && !n.starts_with('0') => k,
            _ => return Err(format!("the same-day counter `{n}` is not a number from 1")),
        },
    };
    Ok(Version::Cal(date, counter))
}

/// What a malformed version probably meant, for the help.
fn suggestion(text: &str, scheme: Versioning, window: Option<NaiveDate>) -> String {
    match scheme {
        Versioning::Calver => {
            let example = window.map_or("2026.03.14".to_string(), |d| {
                d.format("%Y.%m.%d").to_string()
            });
            format!("write the date the release goes live as YYYY.MM.DD: version = \"{example}\"")
        }
        Versioning::Semver => {
            let trimmed = text.trim().trim_start_matches(['v', 'V']);
            let numbers: Vec<&str> = trimmed.split('.').collect();
            let fixed = if semver::Version::parse(trimmed).is_ok() {
                Some(trimmed.to_string())
            } else if numbers.iter().all(|n| n.parse::<u64>().is_ok()) && numbers.len() < 3 {
                let mut n: Vec<String> = numbers.iter().map(|s| s.to_string()).collect();
                n.resize(3, "0".to_string());
                Some(n.join("."))
            } else {
                None
            };
            match fixed {
                Some(f) => format!("write MAJOR.MINOR.PATCH: version = \"{f}\""),
                None => "write MAJOR.MINOR.PATCH, such as version = \"2.4.0\" (semver.org)".into(),
            }
        }
    }
}

fn scheme_name(s: Versioning) -> &'static str {
    match s {
        Versioning::Semver => "semver",
        Versioning::Calver => "calver",
    }
}

/// invalid-version for one release.
pub(super) fn invalid(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    let Some(due) = due(cx, r, Stage::Test) else {
        return;
    };
    let service = r.def.service.get_ref();
    let Some(svc) = cx.service(service) else {
        return;
    };
    let scheme = svc.versioning();
    let text = r.def.version.get_ref();
    if let Err(why) = parse_version(text, scheme) {
        let window = window_start(r).map(|w| local_date(cx, w));
        out.push(
            Finding::new(
                Rule::InvalidVersion,
                r.file,
                r.def.version.span(),
                format!(
                    "{} a valid version; `{text}` is not a {} version ({why}), and policies/services.toml gives `{service}` versioning = \"{}\"",
                    due.needs(),
                    scheme_name(scheme),
                    scheme_name(scheme)
                ),
            )
            .help(suggestion(text, scheme, window))
            .release(r.id()),
        );
    }
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

/// version-not-increasing over the whole repository: releases grouped by
/// service, sorted by window start, each compared with the highest version
/// before it.
pub(super) fn increasing(cx: &Resolved, out: &mut Vec<Finding>) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{line_of, run, Fixture, GOOD};

    fn sem(s: &str) -> semver::Version {
        semver::Version::parse(s).unwrap()
    }

    #[test]
    fn parses_both_schemes() {
        assert!(parse_version("2.4.0", Versioning::Semver).is_ok());
        assert!(parse_version("2.4", Versioning::Semver).is_err());
        assert_eq!(
            parse_version("2026.03.14", Versioning::Calver)
                .unwrap()
                .to_string(),
            "2026.03.14"
        );
        assert_eq!(
            parse_version("2026.03.14.2", Versioning::Calver)
                .unwrap()
                .to_string(),
            "2026.03.14.2"
        );
        assert!(parse_version("2026.3.14", Versioning::Calver).is_err());
        assert!(parse_version("2026.02.30", Versioning::Calver).is_err());
        assert!(parse_version("2026.03.14.0", Versioning::Calver).is_err());
        assert!(parse_version("2.4.0", Versioning::Calver).is_err());
    }

    proptest::proptest! {
        #[test]
        fn version_parsing_never_panics(text in "\\PC{0,24}", digits in "[0-9.]{0,16}") {
            for t in [&text, &digits] {
                let _ = parse_version(t, Versioning::Semver);
                let _ = parse_version(t, Versioning::Calver);
                let _ = suggestion(t, Versioning::Semver, None);
            }
        }
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

    #[test]
    fn suggestions_fix_the_common_slips() {
        assert_eq!(
            suggestion("v2.4", Versioning::Semver, None),
            "write MAJOR.MINOR.PATCH: version = \"2.4.0\""
        );
        assert!(suggestion(
            "2026.03.14",
            Versioning::Calver,
            NaiveDate::from_ymd_opt(2026, 3, 15)
        )
        .contains("2026.03.15"));
    }

    #[test]
    fn invalid_versions_are_reported_from_test_on() {
        let bad = GOOD.replace("version = \"2.4.0\"", "version = \"v2.4\"");
        let seen = run(&Fixture::new().release(&bad), super::super::check);
        let f: Vec<_> = seen
            .iter()
            .filter(|s| s.rule == "invalid-version")
            .collect();
        assert_eq!(f.len(), 1, "{seen:#?}");
        assert_eq!(f[0].line, line_of(&bad, "", "version ="));
        assert!(
            f[0].message.starts_with(
                "stage = \"close\" needs a valid version; `v2.4` is not a semver version ("
            ),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].help, "write MAJOR.MINOR.PATCH: version = \"2.4.0\"");
        let planned = bad.replace("stage = \"close\"", "stage = \"build\"");
        let seen = run(&Fixture::new().release(&planned), super::super::check);
        assert!(
            !seen.iter().any(|s| s.rule == "invalid-version"),
            "{seen:#?}"
        );
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

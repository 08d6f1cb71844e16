//! A version is not semver (or calver YYYY.MM.DD where the service says so)
//!
//! ## What it does
//! From stage `test` on (entering test needs a valid version), checks `version`
//! against the service's `versioning` in policies/services.toml: `semver` (the
//! default) needs `MAJOR.MINOR.PATCH` as in semver.org (`2.4.0`,
//! `2.4.0-rc.1`); `calver` needs the date the release goes live,
//! `YYYY.MM.DD` (`2026.03.14`), or `YYYY.MM.DD.N` for a further release on the
//! same day.
//!
//! ## Why
//! The version is how operations, support and the configuration database tell
//! what is deployed. `v2.4`, `2.4` or `latest` cannot be compared or ordered.
//!
//! ## Example
//! ```toml
//! service = "finance"           # versioning = "semver"
//! version = "v2.4"
//! stage = "test"
//! ```
//!
//! Use instead:
//! ```toml
//! service = "finance"
//! version = "2.4.0"
//! stage = "test"
//! ```

use chrono::NaiveDate;

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::{Stage, Versioning};
use crate::resolve::Resolved;
use crate::rules::criteria::{due, local_date, window_start};

use super::version::parse_version;

/// invalid-version for one release.
pub(super) fn check(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{line_of, run, Fixture, GOOD};

    proptest::proptest! {
        #[test]
        fn suggestions_never_panic(text in "\\PC{0,24}", digits in "[0-9.]{0,16}") {
            for t in [&text, &digits] {
                let _ = suggestion(t, Versioning::Semver, None);
            }
        }
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
}

//! Versions as trainyard reads them: semantic, or a calendar date with a
//! same-day counter, parsed under the scheme a service declares.

use std::cmp::Ordering;
use std::fmt;

use chrono::NaiveDate;

use crate::model::Versioning;

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

#[cfg(test)]
mod tests {
    use super::*;

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
            }
        }
    }
}

//! IANA time zone names, with hints for the usual mistakes.

use chrono_tz::Tz;

/// Looks up an IANA time zone name such as `Europe/London`.
///
/// Names are case-sensitive, as in the tz database; the error suggests the
/// intended zone for a case mistake (`europe/london`), spaces for
/// underscores (`America/New York`), a bare city (`London`), a common
/// abbreviation that is not a zone name (`BST`, `PST`) or a near miss
/// (`Europe/Londn`).
pub fn parse_zone(name: &str) -> Result<Tz, String> {
    if let Ok(tz) = name.parse::<Tz>() {
        return Ok(tz);
    }
    let example = "use an IANA name such as \"Europe/London\", \"America/New_York\" or \"UTC\"";
    match suggest_zone(name) {
        Some(s) => Err(format!(
            "unknown time zone {name:?}: did you mean {s:?}? (names are case-sensitive; {example})"
        )),
        None => Err(format!("unknown time zone {name:?}: {example}")),
    }
}

/// The zone name most likely meant by `name`, if any is close.
fn suggest_zone(name: &str) -> Option<&'static str> {
    let norm = |s: &str| s.trim().replace(' ', "_").to_ascii_lowercase();
    let wanted = norm(name);
    if wanted.is_empty() {
        return None;
    }
    let names = || chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name());
    if let Some(n) = names().find(|n| n.to_ascii_lowercase() == wanted) {
        return Some(n);
    }
    const ABBREVIATIONS: [(&str, &str); 12] = [
        ("bst", "Europe/London"),
        ("gmt+1", "Europe/London"),
        ("cest", "Europe/Paris"),
        ("edt", "America/New_York"),
        ("cst", "America/Chicago"),
        ("cdt", "America/Chicago"),
        ("mdt", "America/Denver"),
        ("pst", "America/Los_Angeles"),
        ("pdt", "America/Los_Angeles"),
        ("aest", "Australia/Sydney"),
        ("aedt", "Australia/Sydney"),
        ("jst", "Asia/Tokyo"),
    ];
    if let Some((_, n)) = ABBREVIATIONS.iter().find(|(a, _)| *a == wanted) {
        return Some(n);
    }
    // A bare city: "London" -> "Europe/London" (canonical names first).
    if !wanted.contains('/') {
        let mut cities: Vec<&'static str> = names()
            .filter(|n| {
                n.rsplit('/')
                    .next()
                    .is_some_and(|c| c.to_ascii_lowercase() == wanted)
            })
            .collect();
        cities.sort_by_key(|n| (!is_region(n), n.len()));
        if let Some(n) = cities.first() {
            return Some(n);
        }
    }
    // A near miss, by edit distance relative to length.
    names()
        .map(|n| {
            (
                strsim::normalized_levenshtein(&n.to_ascii_lowercase(), &wanted),
                n,
            )
        })
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, n)| n)
}

/// Whether a zone name is under one of the current continental regions
/// (rather than a legacy alias such as `GB` or `US/Eastern`).
fn is_region(name: &str) -> bool {
    const REGIONS: [&str; 9] = [
        "Africa/",
        "America/",
        "Antarctica/",
        "Asia/",
        "Atlantic/",
        "Australia/",
        "Europe/",
        "Indian/",
        "Pacific/",
    ];
    REGIONS.iter().any(|r| name.starts_with(r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::London;

    #[test]
    fn zone_names_with_hints() {
        assert_eq!(parse_zone("Europe/London"), Ok(London));
        assert_eq!(parse_zone("UTC"), Ok(Tz::UTC));
        let hint = |s: &str| parse_zone(s).unwrap_err();
        assert!(hint("europe/london").contains("did you mean \"Europe/London\""));
        assert!(hint("America/New York").contains("did you mean \"America/New_York\""));
        assert!(hint("London").contains("did you mean \"Europe/London\""));
        assert!(hint("BST").contains("did you mean \"Europe/London\""));
        assert!(hint("Europe/Londn").contains("did you mean \"Europe/London\""));
        assert_eq!(
            hint("Mars/Olympus"),
            "unknown time zone \"Mars/Olympus\": use an IANA name such as \"Europe/London\", \
             \"America/New_York\" or \"UTC\""
        );
        assert!(!hint("").contains("did you mean"));
    }
}

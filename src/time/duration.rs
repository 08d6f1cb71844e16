//! Durations as written in trainyard files: `"2h"`, `"90m"`, `"1d12h"`.
//!
//! A duration is a run of `<number><unit>` parts with the units `w`
//! (weeks), `d` (days), `h` (hours), `m` (minutes) and `s` (seconds), each
//! at most once and largest first. A duration is **exact elapsed time**, as
//! in RFC 5545: `1d` is 24 hours even across a daylight-saving change (a
//! window of `"12h"` from 18:00 on the night the clocks go back ends at
//! 05:00 local time). Where a wall-clock end is meant, calendar files write
//! `end = "06:00"` instead (see [`crate::time::recur`]).
//!
//! ISO 8601 durations are read too (`"PT2H"`, `"PT1H30M"`, `"P1DT12H"`,
//! `"P2D"`, `"P1W"`), with the same exact-time meaning; months and years
//! (`"P1M"`, `"P1Y"`) are refused because their length varies.
//!
//! [`parse_duration`] and [`format_duration`] are inverses:
//! `parse_duration(&format_duration(d)) == Ok(d)` for every positive whole
//! number of seconds.

use std::fmt;

use chrono::TimeDelta;

/// An example shown in every error message.
const EXAMPLE: &str = "\"2h\", \"90m\" or \"1d12h\"";

/// The units in the order they must appear, with their length in seconds.
const UNITS: [(char, i64, &str); 5] = [
    ('w', 7 * 86_400, "weeks"),
    ('d', 86_400, "days"),
    ('h', 3_600, "hours"),
    ('m', 60, "minutes"),
    ('s', 1, "seconds"),
];

/// Why a duration string was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DurationErrorKind {
    /// The string is empty (or only whitespace).
    Empty,
    /// The duration starts with `-`: durations are never negative.
    Negative,
    /// A `+` sign, which is not part of the syntax.
    Sign,
    /// A number with a fraction, such as `1.5h`.
    Fraction,
    /// Whitespace between the parts, such as `1h 30m`.
    Whitespace,
    /// A number with no unit after it, such as `90`.
    MissingUnit {
        /// The number as written.
        number: String,
    },
    /// A unit with no number before it, such as `h`.
    MissingNumber {
        /// The unit as written.
        unit: char,
    },
    /// An upper-case unit such as `2H`.
    UpperCaseUnit {
        /// The unit as written.
        unit: char,
    },
    /// A character that is not a unit.
    UnknownUnit {
        /// The character as written.
        unit: char,
    },
    /// A unit written twice, such as `1h2h`.
    RepeatedUnit {
        /// The repeated unit.
        unit: char,
    },
    /// Units out of order, such as `30m1h`.
    OutOfOrder {
        /// The unit that came too late.
        unit: char,
        /// The smaller unit it followed.
        after: char,
    },
    /// A unit written as a word or after a space, such as `2 hours`; the
    /// compact form to write instead.
    Spelled {
        /// What to write, such as `2h`.
        write: String,
    },
    /// An ISO 8601 duration with months or years, whose length varies.
    IsoAmbiguous {
        /// `months` or `years`.
        unit: &'static str,
    },
    /// A string starting with `P` that is not an ISO 8601 duration.
    IsoMalformed,
    /// The total is zero, such as `0h`.
    Zero,
    /// The total does not fit in a duration.
    Overflow,
}

/// A rejected duration string: the input and what is wrong with it.
///
/// Its `Display` says what is wrong and shows valid examples, e.g.
/// `invalid duration "1h 30m": remove the spaces, e.g. "1h30m"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DurationError {
    /// The string as given.
    pub input: String,
    /// What is wrong with it.
    pub kind: DurationErrorKind,
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use DurationErrorKind as K;
        write!(f, "invalid duration {:?}: ", self.input)?;
        match &self.kind {
            K::Empty => write!(f, "it is empty; write a length such as {EXAMPLE}"),
            K::Negative => write!(
                f,
                "a duration cannot be negative; write a length such as {EXAMPLE}"
            ),
            K::Sign => write!(f, "leave out the `+`; write e.g. {EXAMPLE}"),
            K::Fraction => write!(
                f,
                "use whole numbers of each unit, e.g. \"1h30m\" rather than \"1.5h\""
            ),
            K::Whitespace => write!(
                f,
                "remove the spaces, e.g. \"1h30m\" rather than \"1h 30m\""
            ),
            K::MissingUnit { number } => write!(
                f,
                "`{number}` has no unit; add one of w, d, h, m, s, e.g. \"{number}m\""
            ),
            K::MissingNumber { unit } => {
                write!(
                    f,
                    "`{unit}` has no number before it; write e.g. \"1{unit}\""
                )
            }
            K::UpperCaseUnit { unit } => write!(
                f,
                "units are lower-case: write `{}` rather than `{unit}`, e.g. {EXAMPLE}",
                unit.to_ascii_lowercase()
            ),
            K::UnknownUnit { unit } => write!(
                f,
                "`{unit}` is not a unit; use w (weeks), d (days), h (hours), m (minutes) \
                 or s (seconds), e.g. {EXAMPLE}"
            ),
            K::RepeatedUnit { unit } => write!(
                f,
                "`{unit}` appears more than once; give each unit once, e.g. \"1h30m\""
            ),
            K::OutOfOrder { unit, after } => write!(
                f,
                "`{unit}` comes after `{after}`; write the largest unit first \
                 (w, d, h, m, s), e.g. \"1d12h\""
            ),
            K::Spelled { write: w } => write!(f, "write {w}: units are single letters written right after the number"),
            K::IsoAmbiguous { unit } => write!(
                f,
                "ISO 8601 {unit} have no fixed length, and a duration here is exact \
                 elapsed time; write days or hours instead, e.g. \"P30D\" or \"30d\""
            ),
            K::IsoMalformed => write!(
                f,
                "not an ISO 8601 duration; write e.g. \"PT2H\", \"PT1H30M\" or \"P1DT12H\" (or {EXAMPLE})"
            ),
            K::Zero => write!(
                f,
                "a duration must be longer than zero; write a length such as {EXAMPLE}"
            ),
            K::Overflow => write!(f, "it is too long; write a length such as {EXAMPLE}"),
        }
    }
}

impl std::error::Error for DurationError {}

/// Parses a duration such as `"2h"`, `"90m"`, `"1d12h"`, `"1h30m"` or
/// `"30s"`, or an ISO 8601 duration such as `"PT2H"` or `"P1DT12H"`.
///
/// Units are `w` (7 days), `d` (exactly 24 hours of elapsed time), `h`, `m`
/// and `s`; each appears at most once, largest first. A single part may
/// exceed the next unit (`"90m"`), and a part may be zero as long as the
/// total is not (`"1h0m"`). Surrounding whitespace is ignored.
///
/// Rejected, each with a message that says why and shows a valid example:
/// the empty string, negative or signed numbers, fractions, inner spaces, a
/// number without a unit (`"90"`), upper-case or unknown units, repeated or
/// out-of-order units, a zero total (`"0h"`) and totals too large to
/// represent. Units spelled out (`"2 hours"`, `"2hours"`, `"2 h"`) get a
/// message saying what to write (`2h`); ISO 8601 months and years are
/// refused because their length varies.
///
/// ```
/// use trainyard::time::parse_duration;
/// assert_eq!(parse_duration("1d12h").unwrap().num_hours(), 36);
/// assert!(parse_duration("0h").is_err());
/// ```
pub fn parse_duration(s: &str) -> Result<TimeDelta, DurationError> {
    let err = |kind| DurationError {
        input: s.to_string(),
        kind,
    };
    let text = s.trim();
    if text.is_empty() {
        return Err(err(DurationErrorKind::Empty));
    }
    if text.starts_with('-') {
        return Err(err(DurationErrorKind::Negative));
    }
    if text.starts_with('+') {
        return Err(err(DurationErrorKind::Sign));
    }
    if text.starts_with('P') {
        return iso(text).map_err(err);
    }
    if let Some(write) = spelled(text) {
        return Err(err(DurationErrorKind::Spelled { write }));
    }

    let mut total: i64 = 0;
    // Index into UNITS of the last unit seen; the next must be larger.
    let mut last: Option<usize> = None;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        if c == '.' || c == ',' {
            return Err(err(DurationErrorKind::Fraction));
        }
        if c.is_whitespace() {
            return Err(err(DurationErrorKind::Whitespace));
        }
        if c == '-' {
            return Err(err(DurationErrorKind::Negative));
        }
        if c == '+' {
            return Err(err(DurationErrorKind::Sign));
        }
        let Some(idx) = UNITS.iter().position(|(u, _, _)| *u == c) else {
            let lower = c.to_ascii_lowercase();
            if c.is_ascii_uppercase() && UNITS.iter().any(|(u, _, _)| *u == lower) {
                return Err(err(DurationErrorKind::UpperCaseUnit { unit: c }));
            }
            return Err(err(DurationErrorKind::UnknownUnit { unit: c }));
        };
        if number.is_empty() {
            return Err(err(DurationErrorKind::MissingNumber { unit: c }));
        }
        if let Some(prev) = last {
            if idx == prev {
                return Err(err(DurationErrorKind::RepeatedUnit { unit: c }));
            }
            if idx < prev {
                return Err(err(DurationErrorKind::OutOfOrder {
                    unit: c,
                    after: UNITS[prev].0,
                }));
            }
        }
        last = Some(idx);
        let value: i64 = number
            .parse()
            .map_err(|_| err(DurationErrorKind::Overflow))?;
        number.clear();
        let secs = value
            .checked_mul(UNITS[idx].1)
            .ok_or_else(|| err(DurationErrorKind::Overflow))?;
        total = total
            .checked_add(secs)
            .ok_or_else(|| err(DurationErrorKind::Overflow))?;
    }
    if !number.is_empty() {
        return Err(err(DurationErrorKind::MissingUnit { number }));
    }
    if total == 0 {
        return Err(err(DurationErrorKind::Zero));
    }
    TimeDelta::try_seconds(total).ok_or_else(|| err(DurationErrorKind::Overflow))
}

/// The compact form of a duration written with spaces or unit words
/// (`"2 hours"`, `"1 hour 30 min"`, `"2hours"`, `"2 h"`), or `None` when
/// the text is not that.
fn spelled(text: &str) -> Option<String> {
    let mut parts: Vec<(String, String)> = Vec::new();
    let mut chars = text.chars().peekable();
    let mut loose = false;
    while chars.peek().is_some() {
        let number: String = std::iter::from_fn(|| chars.next_if(char::is_ascii_digit)).collect();
        let spaces = std::iter::from_fn(|| chars.next_if(|c| c.is_whitespace())).count();
        let word: String =
            std::iter::from_fn(|| chars.next_if(char::is_ascii_alphabetic)).collect();
        std::iter::from_fn(|| chars.next_if(|c| c.is_whitespace() || *c == ',')).count();
        if number.is_empty() || word.is_empty() {
            return None;
        }
        loose |= spaces > 0 || word.len() > 1;
        parts.push((number, word.to_ascii_lowercase()));
    }
    if !loose || parts.is_empty() {
        return None;
    }
    let unit = |w: &str| -> Option<char> {
        let w = w.strip_suffix('s').filter(|w| w.len() > 1).unwrap_or(w);
        Some(match w {
            "w" | "wk" | "week" => 'w',
            "d" | "day" => 'd',
            "h" | "hr" | "hour" => 'h',
            "m" | "min" | "minute" => 'm',
            "s" | "sec" | "second" => 's',
            _ => return None,
        })
    };
    parts
        .iter()
        .map(|(n, w)| unit(w).map(|u| format!("{n}{u}")))
        .collect()
}

/// An ISO 8601 duration: `P[nW][nD][T[nH][nM][nS]]`, whole numbers.
fn iso(text: &str) -> Result<TimeDelta, DurationErrorKind> {
    use DurationErrorKind as K;
    let body = &text[1..];
    let (date, time) = match body.split_once('T') {
        Some((d, t)) if !t.is_empty() => (d, Some(t)),
        Some(_) => return Err(K::IsoMalformed),
        None => (body, None),
    };
    let mut total: i64 = 0;
    let mut any = false;
    for (part, units) in [
        (
            date,
            &[('Y', 0), ('M', 0), ('W', 7 * 86_400), ('D', 86_400)][..],
        ),
        (time.unwrap_or(""), &[('H', 3_600), ('M', 60), ('S', 1)][..]),
    ] {
        let mut next = 0;
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            if c == '.' || c == ',' {
                return Err(K::Fraction);
            }
            let Some(i) = units[next..].iter().position(|(u, _)| *u == c) else {
                return Err(K::IsoMalformed);
            };
            let (unit, len) = units[next + i];
            if number.is_empty() {
                return Err(K::IsoMalformed);
            }
            if len == 0 {
                return Err(K::IsoAmbiguous {
                    unit: if unit == 'Y' { "years" } else { "months" },
                });
            }
            next += i + 1;
            let n: i64 = number.parse().map_err(|_| K::Overflow)?;
            number.clear();
            total = n
                .checked_mul(len)
                .and_then(|s| total.checked_add(s))
                .ok_or(K::Overflow)?;
            any = true;
        }
        if !number.is_empty() {
            return Err(K::IsoMalformed);
        }
    }
    if !any {
        return Err(K::IsoMalformed);
    }
    if total == 0 {
        return Err(K::Zero);
    }
    TimeDelta::try_seconds(total).ok_or(K::Overflow)
}

/// Formats a duration the way [`parse_duration`] reads it, largest unit
/// first and without zero parts: `"2h"`, `"1d12h"`, `"2h15m"`, `"45s"`.
///
/// Days are the largest unit used (`"14d"`, not `"2w"`). Zero is `"0s"`; a
/// negative duration gets a leading `-`; a fraction of a second is written
/// as a decimal (`"1.5s"`). Neither of the last two parses back.
pub fn format_duration(d: TimeDelta) -> String {
    let mut out = String::new();
    let d = if d < TimeDelta::zero() {
        out.push('-');
        // TimeDelta's range is symmetric, so this cannot overflow.
        d.abs()
    } else {
        d
    };
    let mut secs = d.num_seconds();
    let nanos = d.subsec_nanos();
    for (unit, len, _) in UNITS.iter().skip(1) {
        let n = secs / len;
        secs %= len;
        if *unit == 's' {
            if nanos != 0 {
                let frac = format!("{nanos:09}");
                out.push_str(&format!("{n}.{}s", frac.trim_end_matches('0')));
            } else if n != 0 || out.is_empty() || out == "-" {
                out.push_str(&format!("{n}s"));
            }
        } else if n != 0 {
            out.push_str(&format!("{n}{unit}"));
        }
    }
    out
}

/// The names of the units, for documentation and help texts:
/// `w (weeks), d (days), h (hours), m (minutes), s (seconds)`.
pub fn unit_help() -> String {
    UNITS
        .iter()
        .map(|(u, _, name)| format!("{u} ({name})"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests;

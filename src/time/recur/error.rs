//! [`RecurError`]: why a period could not be compiled, with messages that
//! name the TOML key and show a working example.

use std::fmt;

use chrono::TimeDelta;

use crate::time::duration::{format_duration, DurationError};
use crate::time::local::{LocalOrFixed, LocalTimeError};

/// Why a period could not be compiled. [`RecurError::field`] names the
/// TOML key to point at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecurError {
    /// Neither `rrule` nor `from`/`until` was given.
    Empty,
    /// The RRULE does not parse or validate.
    Rrule {
        /// The rule as written.
        rule: String,
        /// What is wrong, in words.
        message: String,
    },
    /// The RRULE contains a DTSTART (or other iCalendar lines).
    RruleHasDtstart {
        /// The rule as written.
        rule: String,
    },
    /// A valid RRULE that trainyard does not accept, with the reason.
    RruleUnsupported {
        /// The rule as written.
        rule: String,
        /// What to write instead.
        message: String,
    },
    /// The RRULE (within `from`/`until`) never produces an occurrence.
    NeverOccurs {
        /// The rule as written.
        rule: String,
    },
    /// A recurring period without `start`.
    MissingStart,
    /// A recurring period with neither `duration` nor `end`.
    MissingLength,
    /// Both `duration` and `end` were given.
    BothLengths,
    /// A `duration` that is not positive, or longer than the 366 days a
    /// recurring occurrence may last.
    BadLength {
        /// The duration given.
        length: TimeDelta,
    },
    /// `start`, `duration` or `end` on a one-off period (no `rrule`).
    NotRecurring {
        /// The key that needs an `rrule`.
        field: &'static str,
    },
    /// A one-off period with `until` but no `from`.
    MissingFrom,
    /// A one-off period with `from` but no `until`.
    MissingUntil,
    /// `until` is not after `from`.
    UntilNotAfterFrom {
        /// `from`, as written.
        from: LocalOrFixed,
        /// `until`, as written.
        until: LocalOrFixed,
    },
    /// `from` or `until` does not name one instant in the zone.
    Local {
        /// `"from"` or `"until"`.
        field: &'static str,
        /// The gap or overlap.
        error: LocalTimeError,
    },
    /// `duration` does not parse.
    Duration(DurationError),
    /// `start` or `end` does not parse.
    Time {
        /// `"start"` or `"end"`.
        field: &'static str,
        /// What is wrong (from [`parse_hhmm`](super::parse_hhmm)).
        message: String,
    },
}

impl RecurError {
    /// The TOML key this error is about: `rrule`, `start`, `duration`,
    /// `end`, `from` or `until`. For a missing key (`MissingStart`,
    /// `MissingLength`, `MissingFrom`, `MissingUntil`, `Empty`) it is the
    /// absent key; point at the table instead.
    pub fn field(&self) -> &'static str {
        match self {
            RecurError::Empty
            | RecurError::Rrule { .. }
            | RecurError::RruleHasDtstart { .. }
            | RecurError::RruleUnsupported { .. }
            | RecurError::NeverOccurs { .. } => "rrule",
            RecurError::MissingStart => "start",
            RecurError::MissingLength | RecurError::BadLength { .. } | RecurError::Duration(_) => {
                "duration"
            }
            RecurError::BothLengths => "end",
            RecurError::NotRecurring { field }
            | RecurError::Local { field, .. }
            | RecurError::Time { field, .. } => field,
            RecurError::MissingFrom => "from",
            RecurError::MissingUntil | RecurError::UntilNotAfterFrom { .. } => "until",
        }
    }

    /// Whether the error is about a key that is absent (point at the table).
    pub fn is_missing(&self) -> bool {
        matches!(
            self,
            RecurError::Empty
                | RecurError::MissingStart
                | RecurError::MissingLength
                | RecurError::MissingFrom
                | RecurError::MissingUntil
        )
    }
}

const RECURRING_EXAMPLE: &str =
    "rrule = \"FREQ=WEEKLY;BYDAY=SA\", start = \"18:00\", duration = \"12h\"";
const ONE_OFF_EXAMPLE: &str = "from = 2024-12-15T00:00:00, until = 2025-01-06T00:00:00";

impl fmt::Display for RecurError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecurError::Empty => write!(
                f,
                "a period needs either a recurrence ({RECURRING_EXAMPLE}) or a one-off range \
                 ({ONE_OFF_EXAMPLE})"
            ),
            RecurError::Rrule { rule, message } => write!(
                f,
                "invalid rrule {rule:?}: {message} (example: rrule = \"FREQ=WEEKLY;BYDAY=SA\")"
            ),
            RecurError::RruleHasDtstart { rule } => write!(
                f,
                "invalid rrule {rule:?}: give only the RRULE, without DTSTART or other lines; \
                 the time comes from `start` and the first day from `from` \
                 (example: rrule = \"FREQ=WEEKLY;BYDAY=SA\", start = \"18:00\")"
            ),
            RecurError::RruleUnsupported { rule, message } => {
                write!(f, "unsupported rrule {rule:?}: {message}")
            }
            RecurError::NeverOccurs { rule } => write!(
                f,
                "rrule {rule:?} never produces an occurrence (check BYMONTH, BYMONTHDAY, \
                 BYSETPOS, UNTIL and the `from`/`until` bounds)"
            ),
            RecurError::MissingStart => write!(
                f,
                "a recurring period needs `start`, the local time each occurrence begins \
                 (e.g. start = \"18:00\")"
            ),
            RecurError::MissingLength => write!(
                f,
                "a recurring period needs `duration` (exact elapsed time, e.g. duration = \
                 \"12h\") or `end` (a wall-clock time, e.g. end = \"06:00\")"
            ),
            RecurError::BothLengths => write!(
                f,
                "give `duration` or `end`, not both: duration = \"12h\" is exact elapsed time, \
                 end = \"06:00\" is the next 06:00 on the wall clock"
            ),
            RecurError::BadLength { length } => write!(
                f,
                "an occurrence must last more than zero and at most 366 days, not {}",
                format_duration(*length)
            ),
            RecurError::NotRecurring { field } => write!(
                f,
                "`{field}` applies to recurring periods: add an `rrule` ({RECURRING_EXAMPLE}), \
                 or for a one-off period give only `from` and `until` ({ONE_OFF_EXAMPLE})"
            ),
            RecurError::MissingFrom => write!(
                f,
                "a one-off period needs `from` as well as `until` ({ONE_OFF_EXAMPLE})"
            ),
            RecurError::MissingUntil => write!(
                f,
                "a one-off period needs `until` as well as `from` ({ONE_OFF_EXAMPLE}); \
                 for a repeating period add an `rrule`"
            ),
            RecurError::UntilNotAfterFrom { from, until } => write!(
                f,
                "`until` ({until}) must be after `from` ({from}): periods are half-open, \
                 [from, until)"
            ),
            RecurError::Local { field, error } => write!(f, "`{field}`: {error}"),
            RecurError::Duration(e) => write!(f, "{e}"),
            RecurError::Time { message, .. } => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for RecurError {}

#[cfg(test)]
mod tests;

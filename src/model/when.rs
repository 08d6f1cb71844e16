//! Date and date-time values as written in TOML.
//!
//! TOML distinguishes local date-times (no offset), offset date-times and
//! local dates. trainyard keeps that distinction: a local date-time is read
//! in the calendar's time zone later (see `crate::time`), an offset one is
//! taken as written.

use std::fmt;

use chrono::{FixedOffset, NaiveDate, NaiveTime};
use serde::{de, Deserialize, Deserializer};

/// A date-time as written: local (read in the calendar's zone later) or
/// with an explicit offset (taken as written). The time layer's type, so
/// that what the loader reads is what the time layer resolves.
pub use crate::time::LocalOrFixed as When;

/// A date or a date-time: used where a whole day is a sensible bound
/// (unavailability, blackouts written as days).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrTime {
    Date(NaiveDate),
    At(When),
}

impl DateOrTime {
    pub fn date(&self) -> NaiveDate {
        match self {
            DateOrTime::Date(d) => *d,
            DateOrTime::At(w) => w.date(),
        }
    }
}

impl fmt::Display for DateOrTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateOrTime::Date(d) => write!(f, "{d}"),
            DateOrTime::At(w) => write!(f, "{w}"),
        }
    }
}

/// A plain calendar date (`2024-03-20`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(pub NaiveDate);

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

fn parse_datetime<'de, D: Deserializer<'de>>(d: D) -> Result<toml::value::Datetime, D::Error> {
    toml::value::Datetime::deserialize(d).map_err(|_| {
        de::Error::custom(
            "expected a TOML date or date-time (unquoted), like 2024-03-15T20:00:00 or 2024-03-15",
        )
    })
}

fn to_date(d: toml::value::Date) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
}

fn to_time(t: toml::value::Time) -> Option<NaiveTime> {
    NaiveTime::from_hms_nano_opt(
        u32::from(t.hour),
        u32::from(t.minute),
        u32::from(t.second.unwrap_or(0)),
        t.nanosecond.unwrap_or(0),
    )
}

fn convert_when(dt: toml::value::Datetime) -> Result<When, String> {
    let (Some(date), Some(time)) = (dt.date, dt.time) else {
        return Err(format!(
            "expected a date-time like 2024-03-15T20:00:00, found `{dt}`; add a time of day"
        ));
    };
    let naive = to_date(date)
        .zip(to_time(time))
        .map(|(d, t)| d.and_time(t))
        .ok_or_else(|| format!("`{dt}` is not a valid date-time"))?;
    match dt.offset {
        None => Ok(When::Local(naive)),
        Some(off) => {
            let minutes = match off {
                toml::value::Offset::Z => 0,
                toml::value::Offset::Custom { minutes } => i32::from(minutes),
            };
            let offset = FixedOffset::east_opt(minutes * 60)
                .ok_or_else(|| format!("`{dt}` has an offset out of range"))?;
            naive
                .and_local_timezone(offset)
                .single()
                .map(When::Fixed)
                .ok_or_else(|| format!("`{dt}` is not a valid date-time"))
        }
    }
}

impl<'de> Deserialize<'de> for crate::time::LocalOrFixed {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        convert_when(parse_datetime(d)?).map_err(de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for DateOrTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let dt = parse_datetime(d)?;
        match (dt.date, dt.time) {
            (Some(date), None) => to_date(date)
                .map(DateOrTime::Date)
                .ok_or_else(|| de::Error::custom(format!("`{dt}` is not a valid date"))),
            _ => convert_when(dt)
                .map(DateOrTime::At)
                .map_err(de::Error::custom),
        }
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let dt = parse_datetime(d)?;
        match (dt.date, dt.time) {
            (Some(date), None) => to_date(date)
                .map(Day)
                .ok_or_else(|| de::Error::custom(format!("`{dt}` is not a valid date"))),
            _ => Err(de::Error::custom(format!(
                "expected a date like 2024-03-20, found `{dt}`; leave out the time of day"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Doc {
        a: When,
        b: DateOrTime,
        c: Day,
    }

    #[test]
    fn reads_local_offset_and_dates() {
        let doc: Doc =
            toml::from_str("a = 2024-03-15T20:00:00\nb = 2024-03-20\nc = 2024-03-21\n").unwrap();
        assert_eq!(doc.a.to_string(), "2024-03-15T20:00:00");
        assert_eq!(
            doc.b,
            DateOrTime::Date(NaiveDate::from_ymd_opt(2024, 3, 20).unwrap())
        );
        assert_eq!(doc.c.to_string(), "2024-03-21");
        let doc: Doc = toml::from_str(
            "a = 2024-03-15T20:00:00+01:00\nb = 2024-03-20T10:00:00\nc = 2024-03-21\n",
        )
        .unwrap();
        assert_eq!(doc.a.to_string(), "2024-03-15T20:00:00+01:00");
        assert!(matches!(doc.b, DateOrTime::At(When::Local(_))));
    }

    #[test]
    fn rejects_wrong_shapes_with_a_hint() {
        let err = toml::from_str::<Doc>("a = 2024-03-15\nb = 2024-03-20\nc = 2024-03-21\n")
            .err()
            .unwrap();
        assert!(
            err.message().contains("add a time of day"),
            "{}",
            err.message()
        );
        let err = toml::from_str::<Doc>("a = \"2024-03-15\"\nb = 2024-03-20\nc = 2024-03-21\n")
            .err()
            .unwrap();
        assert!(err.message().contains("unquoted"), "{}", err.message());
    }
}

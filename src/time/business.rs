//! Business days: Monday to Friday, less the calendar's holidays.
//!
//! Conventions, used by the notice and PIR rules:
//!
//! * [`BusinessDays::count_between`]`(a, b)` counts the business days `d`
//!   with `a < d <= b` (the first day excluded, the last included), like
//!   counting "days later"; negative when `b < a`.
//! * [`BusinessDays::add`]`(a, n)` is the `n`-th business day after `a`
//!   (`n > 0`) or before it (`n < 0`), not counting `a` itself;
//!   `add(a, 0) == a`.
//! * [`BusinessDays::notice_days`]`(sent, date)` counts the business days
//!   `d` with `sent <= d < date`: the working days the audience has between
//!   the notice and the change.
//! * [`BusinessDays::deadline_before`]`(date, n)` is the last day a notice
//!   can go out and still give `n` such days: the `n`-th business day
//!   before `date`. Five business days before Monday 2025-03-17 is Monday
//!   2025-03-10; one business day before Saturday 2025-03-22 is Friday
//!   2025-03-21.
//!
//! All of these are arithmetic on counts (weekdays by formula, holidays
//! by binary search), so any `n` is answered in O(log) steps.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// The business-day calendar: weekdays that are not holidays.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BusinessDays {
    holidays: BTreeSet<NaiveDate>,
    /// The holidays that fall on a weekday, sorted, for counting.
    weekday_holidays: Vec<NaiveDate>,
}

fn is_weekday(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Weekdays in day indices `[0, m)` where index 0 is a Monday, extended to
/// negative `m` so that differences count any range.
fn weekdays_before(m: i64) -> i64 {
    5 * m.div_euclid(7) + m.rem_euclid(7).min(5)
}

/// The day index of `d`, with index 0 on a Monday (0001-01-01 is a Monday
/// and has `num_days_from_ce() == 1`).
fn index(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) - 1
}

impl BusinessDays {
    /// A calendar with the given holidays (duplicates and weekend holidays
    /// are harmless).
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        let holidays: BTreeSet<NaiveDate> = holidays.into_iter().collect();
        let weekday_holidays = holidays
            .iter()
            .copied()
            .filter(|d| is_weekday(*d))
            .collect();
        BusinessDays {
            holidays,
            weekday_holidays,
        }
    }

    /// The holidays, in date order.
    pub fn holidays(&self) -> &BTreeSet<NaiveDate> {
        &self.holidays
    }

    /// Whether `d` is one of the holidays.
    pub fn is_holiday(&self, d: NaiveDate) -> bool {
        self.holidays.contains(&d)
    }

    /// Whether `d` is Monday to Friday and not a holiday.
    pub fn is_business_day(&self, d: NaiveDate) -> bool {
        is_weekday(d) && !self.is_holiday(d)
    }

    /// Business days `d` with `a < d <= b`, for `a <= b`.
    fn count_half_open(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        let weekdays = weekdays_before(index(b) + 1) - weekdays_before(index(a) + 1);
        let upto = |d: NaiveDate| self.weekday_holidays.partition_point(|h| *h <= d);
        let holidays = upto(b) - upto(a);
        weekdays - i64::try_from(holidays).unwrap_or(i64::MAX)
    }

    /// The number of business days `d` with `a < d <= b`: `a` is not
    /// counted, `b` is. When `b < a`, minus the count for `(b, a]`.
    ///
    /// From Friday 2025-03-14 to Monday 2025-03-17 is 1; from a day to
    /// itself is 0. `count_between(a, add(a, n)) == n` whenever `n >= 0`,
    /// and for `n < 0` whenever `a` is a business day.
    pub fn count_between(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        if a <= b {
            self.count_half_open(a, b)
        } else {
            -self.count_half_open(b, a)
        }
    }

    /// The number of business days `d` with `sent <= d < date`: the notice
    /// day counts, the day of the change does not. Zero when `sent` is not
    /// before `date`.
    ///
    /// A notice sent Monday 2025-03-10 for Monday 2025-03-17 gives 5.
    pub fn notice_days(&self, sent: NaiveDate, date: NaiveDate) -> i64 {
        match (sent.pred_opt(), date.pred_opt()) {
            (Some(s), Some(d)) if sent < date => self.count_half_open(s, d),
            _ => 0,
        }
    }

    /// The business day `n` business days after `date` (`n > 0`) or before
    /// it (`n < 0`); `date` itself is never counted, whether or not it is a
    /// business day. `add(date, 0)` is `date` unchanged.
    ///
    /// From Friday 2025-03-14, `add(_, 1)` is Monday 2025-03-17 and
    /// `add(_, -1)` is Thursday 2025-03-13; from Saturday 2025-03-15,
    /// `add(_, 1)` is Monday 2025-03-17 and `add(_, -1)` is Friday
    /// 2025-03-14. `None` beyond the calendar's range of dates.
    pub fn add(&self, date: NaiveDate, n: i64) -> Option<NaiveDate> {
        match n {
            0 => Some(date),
            n if n > 0 => {
                // Smallest k >= 1 with count(date, date + k) >= n.
                let at = |k: u64| date.checked_add_days(Days::new(k));
                self.search(n, |k| Some(self.count_half_open(date, at(k)?)))
                    .and_then(at)
            }
            n => {
                // Smallest k >= 1 with #[date - k, date) >= |n|.
                let wanted = n.checked_neg()?;
                let at = |k: u64| date.checked_sub_days(Days::new(k));
                let end = date.pred_opt()?;
                self.search(wanted, |k| Some(self.count_half_open(at(k + 1)?, end)))
                    .and_then(at)
            }
        }
    }

    /// The smallest `k >= 1` with `count(k) >= wanted`, for a count that
    /// does not decrease with `k`; `count` returns `None` past the range of
    /// dates. Doubling then bisection: O(log k) counts.
    fn search(&self, wanted: i64, count: impl Fn(u64) -> Option<i64>) -> Option<u64> {
        let mut hi: u64 = 1;
        while count(hi)? < wanted {
            hi = hi.checked_mul(2)?;
            if count(hi).is_none() {
                // Past the end of the calendar: try the last valid day.
                let mut lo = hi / 2;
                let mut top = hi;
                while top - lo > 1 {
                    let mid = lo + (top - lo) / 2;
                    if count(mid).is_some() {
                        lo = mid;
                    } else {
                        top = mid;
                    }
                }
                if count(lo)? < wanted {
                    return None;
                }
                hi = lo;
                break;
            }
        }
        let mut lo = hi / 2; // count(lo) < wanted, or lo == 0
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if count(mid)? >= wanted {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Some(hi)
    }

    /// The last date on which a notice can be sent and still come at least
    /// `n` business days before `date`: the `n`-th business day before
    /// `date` (so that [`notice_days`](Self::notice_days)`(deadline, date)
    /// >= n`, and any later day gives fewer). `n == 0` gives `date`.
    ///
    /// Five business days before Monday 2025-03-17 is Monday 2025-03-10;
    /// with Friday 2025-03-14 a holiday it is Friday 2025-03-07.
    pub fn deadline_before(&self, date: NaiveDate, n: u32) -> Option<NaiveDate> {
        self.add(date, -i64::from(n))
    }

    /// `date` if it is a business day, else the next business day.
    pub fn on_or_after(&self, date: NaiveDate) -> Option<NaiveDate> {
        if self.is_business_day(date) {
            Some(date)
        } else {
            self.add(date, 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weekends_and_holidays() {
        let cal = BusinessDays::new([d(2025, 12, 25), d(2025, 12, 26), d(2026, 1, 1)]);
        assert!(cal.is_business_day(d(2025, 3, 17))); // Monday
        assert!(!cal.is_business_day(d(2025, 3, 15))); // Saturday
        assert!(!cal.is_business_day(d(2025, 3, 16))); // Sunday
        assert!(!cal.is_business_day(d(2025, 12, 25))); // Thursday, holiday
        assert!(cal.is_holiday(d(2026, 1, 1)));
        assert_eq!(cal.holidays().len(), 3);
    }

    #[test]
    fn add_across_a_weekend() {
        let cal = BusinessDays::default();
        let fri = d(2025, 3, 14);
        assert_eq!(cal.add(fri, 1), Some(d(2025, 3, 17)));
        assert_eq!(cal.add(fri, 0), Some(fri));
        assert_eq!(cal.add(fri, -1), Some(d(2025, 3, 13)));
        assert_eq!(cal.add(d(2025, 3, 17), -1), Some(fri));
        // From a Saturday.
        let sat = d(2025, 3, 15);
        assert_eq!(cal.add(sat, 0), Some(sat));
        assert_eq!(cal.add(sat, 1), Some(d(2025, 3, 17)));
        assert_eq!(cal.add(sat, -1), Some(fri));
        assert_eq!(cal.add(d(2025, 3, 17), 5), Some(d(2025, 3, 24)));
        assert_eq!(cal.count_between(fri, d(2025, 3, 17)), 1);
        assert_eq!(cal.count_between(d(2025, 3, 17), fri), -1);
        assert_eq!(cal.count_between(fri, fri), 0);
        assert_eq!(cal.count_between(fri, d(2025, 3, 16)), 0);
    }

    #[test]
    fn add_across_a_holiday() {
        // Good Friday and Easter Monday 2025 (UK).
        let cal = BusinessDays::new([d(2025, 4, 18), d(2025, 4, 21)]);
        assert_eq!(cal.add(d(2025, 4, 17), 1), Some(d(2025, 4, 22)));
        assert_eq!(cal.add(d(2025, 4, 22), -1), Some(d(2025, 4, 17)));
        assert_eq!(cal.count_between(d(2025, 4, 17), d(2025, 4, 22)), 1);
        assert_eq!(cal.count_between(d(2025, 4, 14), d(2025, 4, 25)), 7);
    }

    #[test]
    fn across_the_year_end() {
        let cal = BusinessDays::new([d(2025, 12, 25), d(2025, 12, 26), d(2026, 1, 1)]);
        // Wed 24 Dec 2025 + 1 = Mon 29 Dec (Thu, Fri holidays, weekend).
        assert_eq!(cal.add(d(2025, 12, 24), 1), Some(d(2025, 12, 29)));
        // + 3 = Wed 31 Dec, + 4 = Fri 2 Jan 2026 (1 Jan holiday).
        assert_eq!(cal.add(d(2025, 12, 24), 3), Some(d(2025, 12, 31)));
        assert_eq!(cal.add(d(2025, 12, 24), 4), Some(d(2026, 1, 2)));
        assert_eq!(cal.count_between(d(2025, 12, 24), d(2026, 1, 2)), 4);
        assert_eq!(cal.deadline_before(d(2026, 1, 5), 5), Some(d(2025, 12, 24)));
    }

    #[test]
    fn notice_deadlines() {
        let cal = BusinessDays::default();
        let mon = d(2025, 3, 17);
        assert_eq!(cal.deadline_before(mon, 5), Some(d(2025, 3, 10)));
        assert_eq!(cal.notice_days(d(2025, 3, 10), mon), 5);
        assert_eq!(cal.notice_days(d(2025, 3, 11), mon), 4);
        // Sent on the Saturday before: the five weekdays after it count.
        assert_eq!(cal.notice_days(d(2025, 3, 8), mon), 5);
        assert_eq!(cal.deadline_before(mon, 0), Some(mon));
        assert_eq!(cal.notice_days(mon, mon), 0);
        assert_eq!(cal.notice_days(d(2025, 3, 18), mon), 0);
        // A Saturday change: Friday's notice is one business day.
        assert_eq!(cal.deadline_before(d(2025, 3, 22), 1), Some(d(2025, 3, 21)));
        // Across a weekend and a holiday (Fri 14 Mar as a holiday).
        let cal = BusinessDays::new([d(2025, 3, 14)]);
        assert_eq!(cal.deadline_before(mon, 5), Some(d(2025, 3, 7)));
        assert_eq!(cal.notice_days(d(2025, 3, 7), mon), 5);
        assert_eq!(cal.notice_days(d(2025, 3, 10), mon), 4);
    }

    #[test]
    fn extremes_do_not_panic() {
        let cal = BusinessDays::new([d(2025, 1, 1)]);
        assert_eq!(cal.add(NaiveDate::MAX, 1), None);
        assert_eq!(cal.add(NaiveDate::MIN, -1), None);
        assert_eq!(cal.add(d(2025, 1, 1), i64::MAX), None);
        assert_eq!(cal.add(d(2025, 1, 1), i64::MIN), None);
        assert!(cal.add(d(2025, 1, 1), 1_000_000).is_some());
        assert_eq!(cal.deadline_before(NaiveDate::MIN, 3), None);
        let _ = cal.count_between(NaiveDate::MIN, NaiveDate::MAX);
        let _ = cal.notice_days(NaiveDate::MIN, NaiveDate::MAX);
        // 2025 has 261 weekdays; with 1 January a holiday, 260 business days.
        assert_eq!(cal.add(d(2025, 1, 1), 260), Some(d(2025, 12, 31)));
    }

    fn brute_count(cal: &BusinessDays, a: NaiveDate, b: NaiveDate) -> i64 {
        let mut n = 0;
        let mut x = a;
        while x < b {
            x = x.succ_opt().unwrap();
            if cal.is_business_day(x) {
                n += 1;
            }
        }
        n
    }

    fn brute_add(cal: &BusinessDays, a: NaiveDate, n: i64) -> NaiveDate {
        let mut x = a;
        let mut left = n.abs();
        while left > 0 {
            x = if n > 0 {
                x.succ_opt().unwrap()
            } else {
                x.pred_opt().unwrap()
            };
            if cal.is_business_day(x) {
                left -= 1;
            }
        }
        x
    }

    proptest! {
        #[test]
        fn agrees_with_stepping_day_by_day(
            start in 0u64..3000,
            span in 0u64..60,
            n in -40i64..40,
            holidays in proptest::collection::vec(0u64..3100, 0..40),
        ) {
            let base = d(2020, 1, 1);
            let day = |k: u64| base.checked_add_days(Days::new(k)).unwrap();
            let cal = BusinessDays::new(holidays.into_iter().map(day));
            let a = day(start);
            let b = day(start + span);
            prop_assert_eq!(cal.count_between(a, b), brute_count(&cal, a, b));
            prop_assert_eq!(cal.count_between(b, a), -brute_count(&cal, a, b));
            let added = cal.add(a, n).unwrap();
            prop_assert_eq!(added, brute_add(&cal, a, n));
            if n >= 0 || cal.is_business_day(a) {
                prop_assert_eq!(cal.count_between(a, added), n);
            }
            if n > 0 {
                let deadline = cal.deadline_before(b, n as u32).unwrap();
                prop_assert!(cal.notice_days(deadline, b) >= n);
                prop_assert!(cal.notice_days(deadline.succ_opt().unwrap(), b) < n);
            }
        }
    }
}

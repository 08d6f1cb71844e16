//! Notice counted in business days.

use chrono::{Days, NaiveDate};

use crate::time::BusinessDays;

/// The earliest local date a window can start when a notice giving `n`
/// business days goes out on `today`: the day after the `n`-th business
/// day counted from `today` (or the first business day after it).
/// `today` itself when `n` is 0.
///
/// With no holidays, from Friday 15 March 2030 with `n = 1` it is Saturday
/// 16 March (Friday counts); from Saturday 16 March it is Tuesday 19 March.
pub fn earliest_window_day(business: &BusinessDays, today: NaiveDate, n: u32) -> Option<NaiveDate> {
    if n == 0 {
        return Some(today);
    }
    let first = business.on_or_after(today)?;
    business
        .add(first, i64::from(n) - 1)?
        .checked_add_days(Days::new(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn earliest_day_for_a_notice_sent_today() {
        let cal = BusinessDays::default();
        // Friday counts: a Saturday window gets one business day's notice.
        assert_eq!(
            earliest_window_day(&cal, d(2030, 3, 15), 1),
            Some(d(2030, 3, 16))
        );
        // From Saturday the first business day is Monday: window Tuesday.
        assert_eq!(
            earliest_window_day(&cal, d(2030, 3, 16), 1),
            Some(d(2030, 3, 19))
        );
        // Three days from Wednesday: Wed, Thu, Fri, so Saturday.
        assert_eq!(
            earliest_window_day(&cal, d(2030, 3, 13), 3),
            Some(d(2030, 3, 16))
        );
        assert_eq!(
            earliest_window_day(&cal, d(2030, 3, 13), 0),
            Some(d(2030, 3, 13))
        );
        // Across a holiday (Monday 18 March).
        let cal = BusinessDays::new([d(2030, 3, 18)]);
        assert_eq!(
            earliest_window_day(&cal, d(2030, 3, 14), 3),
            Some(d(2030, 3, 20))
        );
        for (today, n) in [
            (d(2030, 3, 14), 3u32),
            (d(2030, 3, 16), 5),
            (d(2030, 3, 15), 1),
        ] {
            let day = earliest_window_day(&cal, today, n).unwrap();
            assert!(cal.notice_days(today, day) >= i64::from(n));
            assert!(cal.notice_days(today, day.pred_opt().unwrap()) < i64::from(n));
        }
    }
}

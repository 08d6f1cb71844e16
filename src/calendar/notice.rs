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

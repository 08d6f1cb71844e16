//! `Expanded` lookups agree with the direct `Recurrence` queries.

use crate::time::recur::tests::{iv, rec, recurring, utc};
use chrono_tz::Europe::London;

#[test]
fn expanded_lookups() {
    let r = rec(
        &recurring("FREQ=WEEKLY;BYDAY=SA", "18:00", Some("12h"), None),
        London,
    );
    let horizon = iv(utc(2025, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0));
    let e = r.expand(&horizon);
    assert_eq!(e.horizon(), &horizon);
    assert_eq!(e.all().len(), 104);
    let release = iv(utc(2025, 3, 15, 20, 0), utc(2025, 3, 15, 22, 0));
    assert_eq!(e.covering(&release), r.covering(&release).as_ref());
    assert_eq!(e.overlapping(&release), r.occurrences(&release).as_slice());
    assert_eq!(
        e.containing(utc(2025, 3, 16, 5, 0)).copied(),
        r.occurrence_containing(utc(2025, 3, 16, 5, 0))
    );
    assert_eq!(
        e.next_at_or_after(utc(2025, 3, 16, 5, 0)).map(|o| o.start),
        Some(utc(2025, 3, 22, 18, 0))
    );
    assert!(e
        .overlapping(&iv(utc(2025, 3, 16, 6, 0), utc(2025, 3, 22, 18, 0)))
        .is_empty());
    assert_eq!(
        e.overlapping(&iv(utc(2025, 3, 16, 5, 0), utc(2025, 3, 22, 19, 0)))
            .len(),
        2
    );
}

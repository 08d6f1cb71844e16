//! Times of day for `start` and `end`.

use super::*;

#[test]
fn parses_times_of_day() {
    assert_eq!(
        parse_hhmm("18:00"),
        Ok(NaiveTime::from_hms_opt(18, 0, 0).unwrap())
    );
    assert_eq!(
        parse_hhmm("8:30"),
        Ok(NaiveTime::from_hms_opt(8, 30, 0).unwrap())
    );
    assert_eq!(parse_hhmm("00:00"), Ok(NaiveTime::MIN));
    for bad in [
        "",
        "18",
        "18:0",
        "18:000",
        "25:00",
        "18:60",
        "18:00:00",
        "-1:00",
        "18.00",
        "ab:cd",
        "１８:00",
    ] {
        let e = parse_hhmm(bad).unwrap_err();
        assert!(e.contains("\"18:00\""), "{bad}: {e}");
    }
    assert!(parse_hhmm("24:00").unwrap_err().contains("end = \"00:00\""));
    assert_eq!(parse_wall_end("24:00"), Ok(NaiveTime::MIN));
    assert!(parse_wall_end("24:01").is_err());
}

//! The form of a release id, `REL-YYYY-MM-NNN`, read into its year, month
//! and number.

/// The year, month and number of a well-formed id.
pub fn parse_id(id: &str) -> Option<(i32, u32, u32)> {
    let rest = id.strip_prefix("REL-")?;
    let parts: Vec<&str> = rest.split('-').collect();
    let [y, m, n] = parts.as_slice() else {
        return None;
    };
    let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(n, 3)) {
        return None;
    }
    let (y, m, n) = (y.parse().ok()?, m.parse().ok()?, n.parse().ok()?);
    ((1..=12).contains(&m) && n > 0).then_some((y, m, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_only_when_well_formed() {
        assert_eq!(parse_id("REL-2024-03-015"), Some((2024, 3, 15)));
        assert_eq!(parse_id("REL-2024-13-015"), None);
        assert_eq!(parse_id("REL-2024-03-15"), None);
        assert_eq!(parse_id("REL-2024-03-000"), None);
        assert_eq!(parse_id("rel-2024-03-015"), None);
    }
}

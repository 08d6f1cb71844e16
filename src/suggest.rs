//! "Did you mean …?" suggestions for misspelt names.

/// The candidate closest to `word`, when it is close enough to be a
/// plausible typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_l = lower(word);
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word_l, &lower(c)), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// `s` in lower case, copied only when lower-casing changes it.
fn lower(s: &str) -> std::borrow::Cow<'_, str> {
    let changes = |c: char| {
        let mut l = c.to_lowercase();
        l.next() != Some(c) || l.next().is_some()
    };
    if s.chars().any(changes) {
        std::borrow::Cow::Owned(s.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let c = ["rationale", "risk", "rollback"];
        assert_eq!(closest("rationle", c), Some("rationale"));
        assert_eq!(closest("Risk", c), Some("risk"));
        assert_eq!(closest("zzz", c), None);
    }
}

//! "Did you mean …?" suggestions for misspelt names.

/// The candidate closest to `word`, when it is close enough to be a
/// plausible typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_l = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word_l, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
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

//! "Did you mean …?" suggestions for misspelt names.

/// The candidate closest to `word`, when it is close enough to be a
/// plausible typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_l = lower(word);
    let counts = ascii_counts(&word_l);
    candidates
        .into_iter()
        .filter_map(|c| {
            let c_l = lower(c);
            if let (Some(w), Some(k)) = (&counts, ascii_counts(&c_l)) {
                if !may_be_close(w, &k, word_l.len(), c_l.len()) {
                    return None;
                }
            }
            Some((strsim::jaro_winkler(&word_l, &c_l), c))
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// `s` in lower case, copied only when it has capitals (or is not ASCII).
fn lower(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.to_lowercase())
    }
}

/// How often each byte occurs in an ASCII word (`None` otherwise).
fn ascii_counts(s: &str) -> Option<[u8; 128]> {
    let mut counts = [0u8; 128];
    for b in s.bytes() {
        let slot = counts.get_mut(usize::from(b))?;
        *slot = slot.saturating_add(1);
    }
    Some(counts)
}

/// Whether two ASCII words of `a` and `b` characters, with these
/// character counts, can score 0.8: a cheap bound that only ever rules
/// out pairs the full comparison would rule out too. Jaro-Winkler reaches
/// 0.8 only when Jaro reaches 2/3; Jaro is at most (m/a + m/b + 1) / 3
/// for m matching characters, and m is at most the characters the words
/// share; so m/a + m/b must reach 1.
fn may_be_close(x: &[u8; 128], y: &[u8; 128], a: usize, b: usize) -> bool {
    let shared: usize = x.iter().zip(y).map(|(p, q)| usize::from(*p.min(q))).sum();
    shared * (a + b) >= a * b
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

    proptest::proptest! {
        /// The bound never rules out a pair that scores 0.8.
        #[test]
        fn the_bound_rules_out_only_distant_words(a in "[a-e0-3-]{1,12}", b in "[a-e0-3-]{1,12}") {
            let close = strsim::jaro_winkler(&a, &b) >= 0.8;
            let (x, y) = (ascii_counts(&a).unwrap(), ascii_counts(&b).unwrap());
            proptest::prop_assert!(!close || may_be_close(&x, &y, a.len(), b.len()));
        }
    }
}

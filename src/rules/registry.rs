//! The rule registry: every rule's name, code, family, default severity
//! and documentation, gathered from the family files.

use std::sync::OnceLock;

use super::Severity;

/// What `trainyard explain` knows about a rule.
#[derive(Debug)]
pub struct RuleInfo {
    /// Stable kebab-case name used in output, `[lint]` and `[[exceptions]]`.
    pub name: &'static str,
    /// Stable short code (`TY202`).
    pub code: &'static str,
    pub family: &'static str,
    pub severity: Severity,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// Markdown: why it matters, an example that breaks it and the fix.
    pub doc: &'static str,
}

/// Every rule, in code order.
pub fn all() -> &'static [&'static RuleInfo] {
    static ALL: OnceLock<Vec<&'static RuleInfo>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut v: Vec<&'static RuleInfo> = super::FAMILIES.iter().flat_map(|f| f.iter()).collect();
        v.sort_by_key(|r| r.code);
        v
    })
}

/// The rule called `name`.
pub fn lookup(name: &str) -> Option<&'static RuleInfo> {
    all().iter().copied().find(|r| r.name == name)
}

/// The closest rule name to a misspelt one.
pub fn suggest(name: &str) -> Option<&'static str> {
    crate::suggest::closest(name, all().iter().map(|r| r.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_are_unique_and_well_formed() {
        let rules = all();
        for (i, r) in rules.iter().enumerate() {
            assert!(
                r.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                r.name
            );
            assert!(r.code.starts_with("TY") && r.code.len() == 5, "{}", r.code);
            assert!(!r.summary.is_empty() && !r.doc.is_empty(), "{}", r.name);
            for other in &rules[i + 1..] {
                assert_ne!(r.name, other.name);
                assert_ne!(r.code, other.code);
            }
        }
    }
}

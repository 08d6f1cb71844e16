//! A test category is one letter away from a known one
//!
//! ## What it does
//! Warns about a category in a policy's `[tests]` or a release's `[[tests]]`
//! that is not one of the known categories (smoke, functional-changed,
//! functional-unchanged, regression, integration, performance, security) but
//! one edit away from one: a letter added, dropped, changed or two swapped.
//! Other new categories are left alone.
//!
//! ## Why
//! Any name is a valid category, with the single level `required`; a typo
//! therefore does not fail, it quietly makes a new category. In a policy the
//! intended requirement is lost (and its level, such as `critical-paths`, no
//! longer fits); in a release the run counts for nothing.
//!
//! ## Example
//! ```toml
//! [tests]
//! regresion = "critical-paths"
//! ```
//!
//! Use instead:
//! ```toml
//! [tests]
//! regression = "critical-paths"
//! ```

use crate::diagnostic::{Finding, Rule};
use crate::model::{near_test_category, FileId, Spanned};
use crate::resolve::Resolved;

/// unknown-test-category over every policy and release.
pub(super) fn check(cx: &Resolved, out: &mut Vec<Finding>) {
    let near = |file: FileId, release: Option<&str>, name: &Spanned<String>, where_: &str| {
        let known = near_test_category(name.get_ref())?;
        let mut f = Finding::new(
            Rule::UnknownTestCategory,
            file,
            name.span(),
            format!(
                "test category `{}` {where_} is not a known category, and one letter away from `{known}`",
                name.get_ref()
            ),
        )
        .help(format!(
            "did you mean `{known}`? A category of its own has the single level `required`"
        ));
        if let Some(id) = release {
            f = f.release(id);
        }
        Some(f)
    };
    for (name, doc) in &cx.repo.policies {
        for category in doc.def.tests.keys() {
            out.extend(near(
                doc.file,
                None,
                category,
                &format!("in policy `{name}`"),
            ));
        }
    }
    for r in &cx.repo.releases {
        for t in &r.def.tests {
            out.extend(near(
                r.file,
                Some(r.id()),
                &t.get_ref().category,
                "of this test run",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::{run, Fixture, GOOD, MINOR};

    #[test]
    fn a_near_miss_in_a_policy_or_a_run_is_a_warning() {
        let policy = MINOR.replacen("regression =", "regresion =", 1);
        assert_ne!(policy, MINOR, "minor requires regression tests");
        let release = GOOD.replacen("category = \"smoke\"", "category = \"smkoe\"", 1);
        let fx = Fixture::new()
            .file("policies/minor.toml", &policy)
            .release(&release);
        let seen = run(&fx, super::super::check);
        let mine: Vec<_> = seen
            .iter()
            .filter(|s| s.rule == "unknown-test-category")
            .collect();
        assert_eq!(mine.len(), 2, "{seen:#?}");
        assert_eq!(mine[0].path, "policies/minor.toml");
        assert!(
            mine[0].help.starts_with("did you mean `regression`?"),
            "{mine:#?}"
        );
        assert!(
            mine[1].message.contains("`smkoe` of this test run"),
            "{mine:#?}"
        );
        // A category of its own is no typo.
        let own = MINOR.replacen(
            "regression =",
            "accessibility = \"required\"\nregression =",
            1,
        );
        let fx = Fixture::new()
            .file("policies/minor.toml", &own)
            .release(GOOD);
        assert!(run(&fx, super::super::check)
            .iter()
            .all(|s| s.rule != "unknown-test-category"));
    }
}

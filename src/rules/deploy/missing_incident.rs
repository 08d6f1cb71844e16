//! A release whose type requires an incident (emergency) does not name one
//!
//! ## What it does
//! When the type's policy says `require_incident = true` (emergency), checks
//! that the release has a non-blank `incident`.
//!
//! ## Why
//! Emergency releases bypass normal scheduling and some approval gates. The
//! incident they answer is what justifies that, and it makes the use of the
//! emergency type auditable.
//!
//! ## Example
//! ```toml
//! type = "emergency"
//! ```
//!
//! Use instead:
//! ```toml
//! type = "emergency"
//! incident = "INC-1234"
//! ```

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::resolve::Resolved;
use crate::rules::criteria::blank;

pub(super) fn check(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    let Some(policy) = cx.policy_of(r) else {
        return;
    };
    if !policy.require_incident || !blank(r.def.incident.as_ref()) {
        return;
    }
    let kind = r.def.kind.get_ref();
    let (span, what) = match &r.def.incident {
        Some(i) => (i.span(), "it is blank"),
        None => (r.def.kind.span(), "there is none"),
    };
    out.push(
        Finding::new(
            Rule::MissingIncident,
            r.file,
            span,
            format!(
                "type = \"{kind}\" needs the incident the release answers (require_incident in policies/{kind}.toml); {what}"
            ),
        )
        .help(format!(
            "add near the top of {}, before the first [table]:\nincident = \"INC-…\"",
            cx.repo.path(r.file)
        ))
        .release(r.id()),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::deploy::check;
    use crate::rules::fixture::{line_of, run, Fixture, GOOD};

    #[test]
    fn emergencies_name_their_incident() {
        let text = GOOD.replace("type = \"minor\"", "type = \"emergency\"");
        let seen = run(&Fixture::new().release(&text), check);
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert_eq!(seen[0].rule, "missing-incident");
        assert_eq!(seen[0].line, line_of(&text, "", "type ="));
        let named = text.replace("rationale = ", "incident = \"INC-1\"\nrationale = ");
        assert!(run(&Fixture::new().release(&named), check).is_empty());
    }
}

//! The findings that releases' `[[exceptions]]` waived, for the findings
//! page: counts by rule and the releases whose exceptions name each rule.

use serde::Serialize;

use crate::site::data::SiteData;
use crate::site::view::Link;

/// Findings of one rule that exceptions waived, and the releases whose
/// exceptions name the rule.
#[derive(Serialize)]
pub(super) struct WaivedRule {
    rule: &'static str,
    count: usize,
    releases: Vec<Link>,
}

/// Every rule with waived findings, in rule order.
pub(super) fn rules(ix: &SiteData<'_>) -> Vec<WaivedRule> {
    ix.waived
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(rule, n)| WaivedRule {
            rule,
            count: *n,
            releases: ix
                .repo
                .releases
                .iter()
                .enumerate()
                .filter(|(_, r)| {
                    r.def
                        .exceptions
                        .iter()
                        .any(|x| x.get_ref().rule.get_ref() == rule)
                })
                .map(|(i, _)| Link {
                    label: ix.row(i).id.clone(),
                    url: format!("{}#definition", ix.row(i).url),
                })
                .collect(),
        })
        .collect()
}

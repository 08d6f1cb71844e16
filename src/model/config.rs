//! `trainyard.toml`: site settings, rule severities, review settings.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Spanned;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub site: SiteConfig,
    /// Rule name to `"error"`, `"warning"` or `"off"`.
    #[serde(default)]
    pub lint: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub review: ReviewConfig,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: Option<String>,
    pub base_url: Option<String>,
    pub description: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewConfig {
    /// `"author"`: an approval must be added by a commit of the approver.
    pub approvals: Option<Spanned<String>>,
}

//! Rendering chosen pages of the site rather than all of them: `serve`
//! shows a saved release's page before the whole site is rendered again.

use super::data::SiteData;
use super::pages::{self, Job};
use super::templates::Theme;
use super::{BuildOptions, Memory, SiteError};
use crate::resolve::Resolved;
use crate::rules::Outcome;

/// The page of release `i` (an index into `repo.releases`) exactly as
/// [`super::render`] renders it from the same inputs and `theme` (from
/// [`super::templates::load`]): its path in the site and its bytes.
pub fn release_page(
    cx: &Resolved,
    outcome: &Outcome,
    options: &BuildOptions,
    theme: &Theme,
    i: usize,
) -> Result<(String, Vec<u8>), SiteError> {
    // The same shared model as a whole render, so the page is the same.
    let ix = SiteData::for_build(cx, outcome, options);
    let memory = Memory::new();
    pages::run(&ix, theme, &memory, &Job::Release(i))?;
    memory
        .into_files()
        .into_iter()
        .next()
        .ok_or_else(|| SiteError::Theme(format!("no page was rendered for release {i}")))
}

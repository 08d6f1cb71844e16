//! The release page, the release lists and the calendar's months rendered
//! without tera: Rust that writes the bytes the built-in `release.html`,
//! `releases.html`, `calendar.html`, `base.html`, `macros.html` and
//! `partials/notes.html` give, one file here per template.
//!
//! Release pages are almost all of a site, the lists show every release
//! in one table, and a month's grid and agenda show each of its releases
//! twice; tera spends most of its time turning a page's
//! model into JSON and looking values up in it. This renderer reads the
//! model directly and writes one `String`. A page is rendered natively
//! only while the repository overrides none of its templates (see
//! [`applies`], [`lists_apply`] and [`calendar_applies`]); otherwise tera renders it as before. Each function
//! follows its template statement by statement, with the template's text
//! as literals (whitespace that `{%-` and `-%}` remove already removed),
//! so the two can be read side by side. tests/native_release.rs renders
//! every page both ways and requires the same bytes.

mod base;
mod calendar;
mod macros;
mod notes;
mod release;
mod releases;

use super::calendar::{MonthLink, MonthPage};
use super::templates::Theme;
use super::view::{Facet, NotesView, ReleasePage, ReleaseRow, SiteInfo};

/// The templates the release page is made of: overriding any of them
/// sends the page back to tera.
pub const TEMPLATES: [&str; 4] = [
    "release.html",
    "base.html",
    "macros.html",
    "partials/notes.html",
];

/// True when the release page can be rendered natively with `theme`: the
/// repository overrides none of [`TEMPLATES`] (a file identical to the
/// built-in one is not an override).
pub fn applies(theme: &Theme) -> bool {
    none_overridden(theme, &TEMPLATES)
}

/// The templates the release lists (`releases/index.html`, by stage, by
/// type) are made of: overriding any of them sends the lists back to tera.
pub const LIST_TEMPLATES: [&str; 3] = ["releases.html", "base.html", "macros.html"];

/// True when the release lists can be rendered natively with `theme`: the
/// repository overrides none of [`LIST_TEMPLATES`].
pub fn lists_apply(theme: &Theme) -> bool {
    none_overridden(theme, &LIST_TEMPLATES)
}

/// The templates the calendar's pages (its index and each month) are
/// made of: overriding any of them sends the calendar back to tera.
pub const CALENDAR_TEMPLATES: [&str; 3] = ["calendar.html", "base.html", "macros.html"];

/// True when the calendar's pages can be rendered natively with `theme`:
/// the repository overrides none of [`CALENDAR_TEMPLATES`].
pub fn calendar_applies(theme: &Theme) -> bool {
    none_overridden(theme, &CALENDAR_TEMPLATES)
}

fn none_overridden(theme: &Theme, templates: &[&str]) -> bool {
    !theme
        .overridden
        .iter()
        .any(|name| templates.contains(&name.as_str()))
}

/// The page frame `base.html` receives as `page`, with `site` and `root`.
pub(crate) struct Frame<'a> {
    pub site: &'a SiteInfo,
    /// The prefix back to the site root (`../../`).
    pub root: &'a str,
    /// Output path, `releases/REL-…/index.html`.
    pub path: &'a str,
    pub title: &'a str,
    pub section: &'a str,
}

/// The whole release page: `release.html` inside `base.html`.
pub(crate) fn release_page(frame: &Frame<'_>, page: &ReleasePage) -> String {
    // The fixed text of the templates is about 7 KB; the rest is the
    // page's values, of which the notes and the runbook are the bulk.
    let capacity = 8 * 1024
        + page.notes_html.len()
        + page.runbook_html.as_ref().map_or(0, String::len)
        + page.findings.len() * 512
        + page.history.len() * 256;
    let mut out = String::with_capacity(capacity);
    base::base(&mut out, frame, |out| release::content(out, frame, page));
    out
}

/// What `releases.html` receives besides the frame.
pub(crate) struct ListPage<'a> {
    pub heading: &'a str,
    /// The listed releases, in window order.
    pub releases: &'a [&'a ReleaseRow],
    pub stages: &'a [Facet],
    pub kinds: &'a [Facet],
    pub services: &'a [Facet],
    /// False on the list of all releases.
    pub filtered: bool,
}

/// A whole release list: `releases.html` inside `base.html`.
pub(crate) fn releases_page(frame: &Frame<'_>, page: &ListPage<'_>) -> String {
    // About 4 KB of fixed text and facets, and some 400 bytes a row.
    let mut out = String::with_capacity(4 * 1024 + page.releases.len() * 400);
    base::base(&mut out, frame, |out| {
        releases::content(out, frame.root, page)
    });
    out
}

/// What `calendar.html` receives besides the frame.
pub(crate) struct MonthView<'a> {
    pub month: &'a MonthPage,
    /// Every month, this one marked current.
    pub months: &'a [MonthLink],
    /// True on `calendar/index.html`, which shows the opening month.
    pub is_index: bool,
}

/// A month of the calendar (or its index): `calendar.html` inside
/// `base.html`.
pub(crate) fn month_page(frame: &Frame<'_>, page: &MonthView<'_>) -> String {
    // About 9 KB of grid and fixed text, some 700 bytes a release (its
    // chip and its agenda row) and 60 a month in the list of months.
    let releases = page.month.releases.len();
    let mut out = String::with_capacity(9 * 1024 + releases * 700 + page.months.len() * 60);
    base::base(&mut out, frame, |out| {
        calendar::content(out, frame.site, frame.root, page)
    });
    out
}

/// The release notes fragment, as `partials/notes.html` renders it.
pub(crate) fn notes(notes: &NotesView) -> String {
    let mut out = String::with_capacity(2048 + notes.intro_html.as_ref().map_or(0, String::len));
    notes::notes(&mut out, notes);
    out
}

/// Appends `s` escaped exactly as [`super::templates::escape`] (the escape
/// function the templates use) escapes it, without an intermediate String.
pub(crate) fn esc(out: &mut String, s: &str) {
    super::templates::escape_into(out, s);
}

/// `{% if value %}` on an optional string: tera holds `None` and `""`
/// false alike.
pub(crate) fn truthy(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::esc;
    use crate::site::templates::escape;
    use proptest::prelude::*;

    fn escaped(s: &str) -> String {
        let mut out = String::from("x");
        esc(&mut out, s);
        out.split_off(1)
    }

    #[test]
    fn escapes_as_the_templates_do() {
        for s in [
            "",
            "plain",
            "<a href=\"x\">'&'</a>",
            "ç<ü&",
            "&&&",
            "{{ x }} / \\ `",
            "trailing<",
            ">leading",
        ] {
            assert_eq!(escaped(s), escape(s), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn escapes_any_text_as_the_templates_do(s in "[a-z<>&\"'/ é✓{}%#]{0,40}") {
            prop_assert_eq!(escaped(&s), escape(&s));
        }
    }
}

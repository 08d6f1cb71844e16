//! The calendar's pages: its index (the opening month under the
//! calendar's own heading) and one page a month, rendered natively while
//! the repository overrides none of their templates.

use super::{put, render_page, root_of};
use crate::site::calendar::{self, MonthKey};
use crate::site::data::SiteData;
use crate::site::templates::Theme;
use crate::site::view::Link;
use crate::site::{native, Sink, SiteError};

/// The calendar's index, and with `index_only` false every month's page.
pub(super) fn calendar_pages(
    ix: &SiteData<'_>,
    theme: &Theme,
    sink: &dyn Sink,
    index_only: bool,
) -> Result<(), SiteError> {
    let months = calendar::months(ix);
    let opening = calendar::opening_month(ix, &months);
    if index_only {
        let pages = calendar::month_pages(ix, &[opening]);
        let links = calendar::month_links(ix, &months, opening);
        let Some(mut month) = pages.into_iter().next() else {
            return Ok(());
        };
        // The index shows its month with the same neighbours as the month's page.
        let pos = months.iter().position(|m| *m == opening).unwrap_or(0);
        let link = |m: &MonthKey| Link {
            label: crate::time::fmt_month(m.year, m.month),
            url: m.url(),
        };
        month.prev = pos.checked_sub(1).and_then(|p| months.get(p)).map(link);
        month.next = months.get(pos + 1).map(link);
        return month_page(
            ix,
            theme,
            sink,
            "calendar/index.html",
            "Release calendar".into(),
            &month,
            &links,
            true,
        );
    }
    calendar::each_month_page(ix, &months, |month| {
        let key = months
            .iter()
            .find(|m| m.key() == month.key)
            .copied()
            .unwrap_or(opening);
        let links = calendar::month_links(ix, &months, key);
        let title = format!("Releases in {}", month.label);
        month_page(ix, theme, sink, &month.url, title, &month, &links, false)
    })
}

/// A month of the calendar, or with `is_index` the calendar's index.
#[allow(clippy::too_many_arguments)]
fn month_page(
    ix: &SiteData<'_>,
    theme: &Theme,
    sink: &dyn Sink,
    path: &str,
    title: String,
    month: &calendar::MonthPage,
    links: &[calendar::MonthLink],
    is_index: bool,
) -> Result<(), SiteError> {
    if native::calendar_applies(theme) {
        let frame = native::Frame {
            site: &ix.info,
            root: &root_of(path),
            path,
            title: &title,
            section: "calendar",
        };
        let view = native::MonthView {
            month,
            months: links,
            is_index,
        };
        return sink.put(path, native::month_page(&frame, &view).into_bytes());
    }
    put(
        sink,
        path,
        render_page(ix, theme, "calendar.html", path, title, "calendar", |c| {
            c.insert("month", month);
            c.insert("months", links);
            c.insert("is_index", &is_index);
        }),
    )
}

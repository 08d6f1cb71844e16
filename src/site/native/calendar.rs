//! templates/calendar.html: the `content` block of the calendar's month
//! pages and of its index (the opening month under the calendar's own
//! heading).

use super::macros::{feed_link, release_table, subscribe_howto, type_badge};
use super::{esc, truthy, MonthView};
use crate::site::calendar::{DayCell, Mark};
use crate::site::view::{Link, SiteInfo};

/// The `content` block.
pub(super) fn content(out: &mut String, site: &SiteInfo, root: &str, page: &MonthView<'_>) {
    let month = page.month;
    out.push_str("\n<h1>");
    if page.is_index {
        out.push_str("Release calendar: ");
    }
    esc(out, &month.label);
    out.push_str("</h1>\n<nav class=\"month-nav\" aria-label=\"Months\">\n<ul>\n<li>");
    neighbour(out, root, month.prev.as_ref(), Neighbour::Earlier);
    out.push_str("</li>");
    if page.is_index {
        out.push_str("<li><a href=\"");
        esc(out, root);
        esc(out, &month.url);
        out.push_str("\">This month's own page</a></li>");
    }
    out.push_str("\n<li>");
    neighbour(out, root, month.next.as_ref(), Neighbour::Later);
    out.push_str(
        "</li>\n</ul>\n</nav>\n\n<div class=\"legend\" role=\"group\" aria-label=\"Legend\">\n\
         <span class=\"key key-window\">Maintenance window</span>\n\
         <span class=\"key key-blackout\">Blackout</span>\n\
         <span class=\"key key-event\">Event</span>\n\
         <span class=\"key key-holiday\">Holiday</span>",
    );
    for t in &site.types {
        out.push(' ');
        type_badge(out, &t.name, &t.class);
    }
    out.push_str(
        "\n</div>\n\n<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"",
    );
    esc(out, &month.label);
    out.push_str(" by day\">\n<table class=\"month\">\n<caption class=\"visually-hidden\">");
    esc(out, &month.label);
    out.push_str(
        ": releases, maintenance windows, blackouts and events by day</caption>\n<thead><tr>",
    );
    for d in month.weekdays {
        out.push_str("<th scope=\"col\">");
        esc(out, d);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead>\n<tbody>");
    for week in &month.weeks {
        out.push_str("\n<tr>");
        for day in week {
            cell(out, root, day);
        }
        out.push_str("\n</tr>");
    }
    out.push_str(
        "\n</tbody>\n</table>\n</div>\n\n<section aria-labelledby=\"agenda\">\n\
         <h2 id=\"agenda\">Releases in ",
    );
    esc(out, &month.label);
    out.push_str("</h2>\n");
    let rows: Vec<_> = month.releases.iter().collect();
    release_table(out, &rows, root);
    out.push_str("\n</section>");
    if !(month.blackouts.is_empty() && month.events.is_empty() && month.holidays.is_empty()) {
        out.push_str(
            "\n<section aria-labelledby=\"periods\">\n\
             <h2 id=\"periods\">Blackouts, events and holidays in ",
        );
        esc(out, &month.label);
        out.push_str("</h2>\n<ul>");
        for (label, list) in [
            ("Blackout", &month.blackouts),
            ("Event", &month.events),
            ("Holiday", &month.holidays),
        ] {
            for m in list {
                out.push_str("<li><strong>");
                out.push_str(label);
                out.push_str("</strong> ");
                esc(out, &m.name);
                out.push_str(": ");
                esc(out, &m.time);
                out.push_str("</li>");
            }
        }
        out.push_str("\n</ul>\n</section>");
    }
    out.push_str(
        "\n\n<section aria-labelledby=\"subscribe\">\n<h2 id=\"subscribe\">Subscribe</h2>\n\
         <p>Add these feeds to a calendar app to see release windows beside your own \
         appointments. Times in the feeds are in UTC, so your app shows them in your own zone; \
         calendars refresh them about every hour. The windows feed lists each maintenance \
         window, blackout and event occurrence from ",
    );
    esc(out, &site.feed_horizon);
    out.push_str(".</p>\n<ul class=\"feeds\">");
    let base_url = site.base_url.as_deref().unwrap_or("");
    for f in &site.feeds {
        out.push('\n');
        feed_link(out, &f.label, &f.url, root, base_url);
    }
    out.push_str("\n</ul>\n");
    subscribe_howto(out, base_url);
    out.push_str(
        "\n</section>\n\n<section aria-labelledby=\"months\">\n<h2 id=\"months\">All months</h2>\n\
         <ul class=\"months\">",
    );
    for l in page.months {
        out.push_str("\n<li><a href=\"");
        esc(out, root);
        esc(out, &l.url);
        out.push('"');
        if l.current {
            out.push_str(" aria-current=\"page\"");
        }
        out.push('>');
        esc(out, &l.label);
        out.push_str("</a> <span class=\"count\">");
        out.push_str(&l.releases.to_string());
        out.push_str(" release");
        if l.releases != 1 {
            out.push('s');
        }
        out.push_str("</span></li>");
    }
    out.push_str("\n</ul>\n</section>\n");
}

/// Which side of the month a neighbour is on.
#[derive(Clone, Copy)]
enum Neighbour {
    Earlier,
    Later,
}

/// The link to the month before or after, or the note that there is none.
fn neighbour(out: &mut String, root: &str, link: Option<&Link>, side: Neighbour) {
    let Some(link) = link else {
        out.push_str(match side {
            Neighbour::Earlier => "<span class=\"muted\">No earlier month</span>",
            Neighbour::Later => "<span class=\"muted\">No later month</span>",
        });
        return;
    };
    out.push_str(match side {
        Neighbour::Earlier => "<a rel=\"prev\" href=\"",
        Neighbour::Later => "<a rel=\"next\" href=\"",
    });
    esc(out, root);
    esc(out, &link.url);
    out.push_str("\">");
    if let Neighbour::Earlier = side {
        out.push_str("← ");
    }
    esc(out, &link.label);
    if let Neighbour::Later = side {
        out.push_str(" →");
    }
    out.push_str("</a>");
}

/// One day of the grid.
fn cell(out: &mut String, root: &str, day: &DayCell) {
    out.push_str("\n<td class=\"day");
    for (on, class) in [
        (!day.in_month, " outside"),
        (day.is_today, " today"),
        (day.weekend, " weekend"),
        (!day.blackouts.is_empty(), " has-blackout"),
        (!day.windows.is_empty(), " has-window"),
        (!day.events.is_empty(), " has-event"),
        (truthy(&day.holiday).is_some(), " has-holiday"),
    ] {
        if on {
            out.push_str(class);
        }
    }
    out.push_str("\">\n<div class=\"date\"><time datetime=\"");
    esc(out, &day.date);
    out.push_str("\"><span class=\"visually-hidden\">");
    esc(out, &day.label);
    out.push_str("</span><span aria-hidden=\"true\">");
    out.push_str(&day.day.to_string());
    out.push_str("</span></time>");
    if day.is_today {
        out.push_str(" <span class=\"today-label\">today</span>");
    }
    out.push_str("</div>");
    if day.in_month {
        if let Some(holiday) = truthy(&day.holiday) {
            out.push_str("<p class=\"mark mark-holiday\">Holiday: ");
            esc(out, holiday);
            out.push_str("</p>");
        }
        marks(out, "blackout", "Blackout", &day.blackouts);
        marks(out, "event", "Event", &day.events);
        marks(out, "window", "Window", &day.windows);
        if !day.releases.is_empty() {
            out.push_str("\n<ul class=\"chips\">");
            for r in &day.releases {
                out.push_str("\n<li class=\"chip ");
                esc(out, &r.kind_class);
                if r.stage == "cancelled" {
                    out.push_str(" chip-cancelled");
                }
                out.push_str("\"><a href=\"");
                esc(out, root);
                esc(out, &r.url);
                out.push_str("\"><span class=\"time\">");
                if let Some(w) = &r.window {
                    esc(out, &w.time);
                }
                out.push_str("</span> <span class=\"id\">");
                esc(out, &r.id);
                out.push_str("</span> <span class=\"chip-title\">");
                esc(out, &r.title);
                out.push_str("</span> <span class=\"chip-meta\">");
                esc(out, &r.kind);
                out.push_str(", ");
                esc(out, &r.stage);
                out.push_str("</span></a></li>");
            }
            out.push_str("\n</ul>");
        }
    }
    out.push_str("\n</td>");
}

/// The blackouts, events or windows of a day.
fn marks(out: &mut String, class: &str, label: &str, list: &[Mark]) {
    for m in list {
        out.push_str("<p class=\"mark mark-");
        out.push_str(class);
        out.push_str("\">");
        out.push_str(label);
        out.push_str(": ");
        esc(out, &m.name);
        out.push_str(" <span class=\"time\">");
        esc(out, &m.time);
        out.push_str("</span></p>");
    }
}

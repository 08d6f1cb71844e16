//! templates/base.html: the frame around every page (head, site header
//! and navigation, footer), with the page's `content` block inside.

use super::{esc, Frame};

/// The navigation of base.html: section, target and label.
const NAV: [(&str, &str, &str); 7] = [
    ("home", "index.html", "Overview"),
    ("calendar", "calendar/index.html", "Calendar"),
    ("releases", "releases/index.html", "Releases"),
    ("services", "services/index.html", "Services"),
    ("trains", "trains/index.html", "Trains"),
    ("policies", "policies/index.html", "Policies"),
    ("findings", "findings/index.html", "Findings"),
];

/// base.html with `content` as its `content` block.
pub(super) fn base(out: &mut String, frame: &Frame<'_>, content: impl FnOnce(&mut String)) {
    let (site, root) = (frame.site, frame.root);
    out.push_str(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <meta name=\"generator\" content=\"trainyard\">\n<title>",
    );
    if frame.title == site.title {
        esc(out, &site.title);
    } else {
        esc(out, frame.title);
        out.push_str(" · ");
        esc(out, &site.title);
    }
    out.push_str("</title>\n<link rel=\"stylesheet\" href=\"");
    esc(out, root);
    out.push_str(
        "assets/style.css\">\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"",
    );
    esc(out, &site.title);
    out.push_str(": release notes\" href=\"");
    esc(out, root);
    out.push_str("feed.xml\">");
    if let Some(base_url) = super::truthy(&site.base_url) {
        out.push_str("\n<link rel=\"canonical\" href=\"");
        esc(out, base_url);
        esc(out, frame.path);
        out.push_str("\">");
    }
    out.push_str("\n</head>\n<body class=\"page-");
    esc(out, frame.section);
    out.push_str(
        "\">\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n\
         <header class=\"site-header\">\n<div class=\"wrap\">\n<a class=\"brand\" href=\"",
    );
    esc(out, root);
    out.push_str("index.html\">");
    esc(out, &site.title);
    out.push_str("</a>\n<nav aria-label=\"Site\">\n<ul>\n");
    for (section, target, label) in NAV {
        out.push_str("<li><a href=\"");
        esc(out, root);
        out.push_str(target);
        out.push('"');
        if frame.section == section {
            out.push_str(" aria-current=\"page\"");
        }
        out.push('>');
        out.push_str(label);
        out.push_str("</a></li>\n");
    }
    out.push_str("</ul>\n</nav>\n</div>\n</header>\n<main id=\"main\" class=\"wrap\">\n");
    content(out);
    out.push_str(
        "\n</main>\n<footer class=\"site-footer\">\n<div class=\"wrap\">\n<p>All times are in ",
    );
    esc(out, &site.zone);
    out.push_str(". Built by trainyard for ");
    esc(out, &site.today_label);
    out.push_str(" from the release repository.</p>\n<p><a href=\"");
    esc(out, root);
    out.push_str("releases.json\">releases.json</a> · <a href=\"");
    esc(out, root);
    out.push_str("feed.xml\">Release notes feed (Atom)</a>");
    for f in &site.feeds {
        out.push_str(" · <a href=\"");
        esc(out, root);
        esc(out, &f.url);
        out.push_str("\">");
        esc(out, &f.label);
        out.push_str("</a>");
    }
    out.push_str("</p>\n</div>\n</footer>\n</body>\n</html>\n");
}

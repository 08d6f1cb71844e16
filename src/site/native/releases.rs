//! templates/releases.html: the `content` block of the release lists (all
//! releases, and those of one stage or one type).

use super::macros::{facet_nav, release_table};
use super::{esc, ListPage};

/// The `content` block.
pub(super) fn content(out: &mut String, root: &str, page: &ListPage<'_>) {
    let n = page.releases.len();
    out.push_str("\n<h1>");
    esc(out, page.heading);
    out.push_str("</h1>\n<p class=\"lead\">");
    out.push_str(&n.to_string());
    out.push_str(" release");
    if n != 1 {
        out.push('s');
    }
    out.push_str(", in the order they deploy.");
    if page.filtered {
        out.push_str(" <a href=\"");
        esc(out, root);
        out.push_str("releases/index.html\">Show all releases</a>.");
    }
    out.push_str("</p>\n<div class=\"filters\">\n");
    facet_nav(out, "By stage", page.stages, root);
    out.push('\n');
    facet_nav(out, "By type", page.kinds, root);
    out.push('\n');
    facet_nav(out, "By service", page.services, root);
    out.push_str(
        "\n</div>\n<section aria-labelledby=\"list\">\n\
         <h2 id=\"list\" class=\"visually-hidden\">Releases</h2>\n",
    );
    release_table(out, page.releases, root);
    out.push_str("\n</section>\n");
}

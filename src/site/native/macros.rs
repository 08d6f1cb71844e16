//! The macros of templates/macros.html that the release page calls.

use super::esc;
use crate::site::view::FindingView;

/// `{{ m::finding_list(findings, root, link) }}`. A macro's output is not
/// escaped again by its caller.
pub(super) fn finding_list(out: &mut String, findings: &[FindingView], root: &str, link: bool) {
    out.push_str("<ul class=\"findings\">");
    for f in findings {
        out.push_str("\n<li class=\"finding sev-");
        esc(out, &f.severity);
        out.push_str("\">\n<span class=\"sev sev-");
        esc(out, &f.severity);
        out.push_str("\">");
        esc(out, &f.severity);
        out.push_str("</span>\n<code class=\"rule\">");
        esc(out, &f.rule);
        out.push_str("</code>");
        if let (true, Some(r)) = (link, &f.release) {
            out.push_str(" <a href=\"");
            esc(out, root);
            esc(out, &r.url);
            out.push_str("\">");
            esc(out, &r.label);
            out.push_str("</a>");
        }
        out.push_str(":\n");
        esc(out, &f.message);
        out.push_str("\n<span class=\"where\">");
        esc(out, &f.location);
        out.push_str("</span>");
        if let Some(help) = super::truthy(&f.help) {
            out.push_str("<span class=\"help\">");
            esc(out, help);
            out.push_str("</span>");
        }
        out.push_str("\n</li>");
    }
    out.push_str("\n</ul>");
}

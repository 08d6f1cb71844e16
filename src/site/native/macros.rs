//! The macros of templates/macros.html that the release page and the
//! release lists call.

use super::esc;
use crate::site::view::{Facet, FindingView, ReleaseRow};

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

/// `{{ m::facet_nav(label, facets, root) }}`: the facets with releases,
/// the current one marked.
pub(super) fn facet_nav(out: &mut String, label: &str, facets: &[Facet], root: &str) {
    out.push_str("<nav class=\"facets\" aria-label=\"");
    esc(out, label);
    out.push_str("\">\n<h2 class=\"facet-label\">");
    esc(out, label);
    out.push_str("</h2>\n<ul>");
    for f in facets.iter().filter(|f| f.count > 0) {
        out.push_str("\n<li><a href=\"");
        esc(out, root);
        esc(out, &f.url);
        out.push('"');
        if f.current {
            out.push_str(" aria-current=\"page\"");
        }
        out.push('>');
        esc(out, &f.name);
        out.push_str(" <span class=\"count\">(");
        out.push_str(&f.count.to_string());
        out.push_str(")</span></a></li>");
    }
    out.push_str("\n</ul>\n</nav>");
}

/// `{{ m::release_table(releases, root) }}`, without a caption (the list
/// pages give none).
pub(super) fn release_table(out: &mut String, releases: &[&ReleaseRow], root: &str) {
    if releases.is_empty() {
        out.push_str("\n<p class=\"empty\">No releases.</p>");
        return;
    }
    out.push_str(
        "\n<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Releases\">\n\
         <table class=\"releases\">\n\
         <thead><tr><th scope=\"col\">Deploys</th><th scope=\"col\">Release</th>\
         <th scope=\"col\">Service</th><th scope=\"col\">Type</th>\
         <th scope=\"col\">Stage</th><th scope=\"col\">Findings</th></tr></thead>\n<tbody>",
    );
    for r in releases {
        out.push_str("\n<tr><td>");
        if let Some(w) = &r.window {
            out.push_str("<time datetime=\"");
            esc(out, &w.start_utc);
            out.push_str("\">");
            esc(out, &w.label);
            out.push_str("</time>");
        } else {
            out.push_str("<span class=\"muted\">not scheduled</span>");
        }
        out.push_str("<td><a href=\"");
        esc(out, root);
        esc(out, &r.url);
        out.push_str("\"><span class=\"id\">");
        esc(out, &r.id);
        out.push_str("</span> ");
        esc(out, &r.title);
        out.push_str("</a><td><a href=\"");
        esc(out, root);
        esc(out, &r.service.url);
        out.push_str("\">");
        esc(out, &r.service.label);
        out.push_str("</a><td class=\"t ");
        esc(out, &r.kind_class);
        out.push_str("\">");
        esc(out, &r.kind);
        out.push_str("<td class=\"s stage-");
        esc(out, &r.stage);
        out.push_str("\">");
        esc(out, &r.stage);
        out.push_str("<td>");
        counts(out, r.errors, r.warnings);
    }
    out.push_str("\n</tbody>\n</table>\n</div>");
}

/// The findings cell of a release row: errors, then warnings, each only
/// when there are some.
fn counts(out: &mut String, errors: usize, warnings: usize) {
    if errors > 0 {
        out.push_str("<span class=\"sev sev-error\">");
        out.push_str(&errors.to_string());
        out.push_str(" error");
        if errors != 1 {
            out.push('s');
        }
        out.push_str("</span>");
    }
    if warnings > 0 {
        out.push_str(" <span class=\"sev sev-warning\">");
        out.push_str(&warnings.to_string());
        out.push_str(" warning");
        if warnings != 1 {
            out.push('s');
        }
        out.push_str("</span>");
    }
}

/// `{{ m::type_badge(kind, class, root) }}`.
pub(super) fn type_badge(out: &mut String, kind: &str, class: &str) {
    out.push_str("<span class=\"badge ");
    esc(out, class);
    out.push_str("\">");
    esc(out, kind);
    out.push_str("</span>");
}

/// `{{ m::feed_link(label, url, root, base_url) }}`: the download link,
/// and with a public address the webcal:// subscription and the address
/// to copy.
pub(super) fn feed_link(out: &mut String, label: &str, url: &str, root: &str, base_url: &str) {
    out.push_str("<li>");
    esc(out, label);
    out.push_str(": ");
    if !base_url.is_empty() {
        out.push_str("<a href=\"");
        // As the template's two `replace` filters: every occurrence.
        esc(
            out,
            &base_url
                .replace("https://", "webcal://")
                .replace("http://", "webcal://"),
        );
        esc(out, url);
        out.push_str("\">subscribe (webcal://)</a> or copy <code>");
        esc(out, base_url);
        esc(out, url);
        out.push_str("</code>; ");
    }
    out.push_str("<a href=\"");
    esc(out, root);
    esc(out, url);
    out.push_str("\">download the .ics file</a></li>");
}

/// `{{ m::subscribe_howto(base_url) }}`: how to subscribe in each
/// calendar app, or why this copy of the site offers files only.
pub(super) fn subscribe_howto(out: &mut String, base_url: &str) {
    if base_url.is_empty() {
        out.push_str(
            "\n<p class=\"muted\">This copy of the site does not know its public address, so it \
             offers the files only; a site built with <code>--base-url</code> (or <code>[site] \
             base_url</code>) offers subscription links for Google Calendar, Outlook and Apple \
             Calendar.</p>",
        );
    } else {
        out.push_str(
            "\n<ul class=\"howto\">\n<li><strong>Google Calendar:</strong> Other calendars, \
             <em>+</em>, <em>From URL</em>; paste the https:// address.</li>\n\
             <li><strong>Outlook:</strong> <em>Add calendar</em>, <em>Subscribe from web</em>; \
             paste the https:// address.</li>\n<li><strong>Apple Calendar:</strong> click the \
             webcal:// link, or <em>File</em>, <em>New Calendar Subscription</em>, and paste the \
             address.</li>\n</ul>",
        );
    }
}

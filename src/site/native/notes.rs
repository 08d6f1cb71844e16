//! templates/partials/notes.html: the release notes in the procedure's
//! format (also the feed entry's content). Links are page-relative.

use super::{esc, truthy};
use crate::site::view::NotesView;

/// The notes partial for `notes`.
pub(super) fn notes(out: &mut String, notes: &NotesView) {
    // The template's opening comment ends in `-#}`, which tera does not
    // let trim the line break after it.
    out.push_str("\n<div class=\"release-notes\">");
    if let Some(intro) = truthy(&notes.intro_html) {
        out.push_str("\n<div class=\"prose notes-intro\">");
        out.push_str(intro); // | safe
        out.push_str("</div>");
    }
    out.push_str("\n<dl class=\"notes-head\">\n<div><dt>Release</dt><dd>");
    esc(out, &notes.application);
    out.push_str("</dd></div>\n<div><dt>Version</dt><dd>");
    esc(out, &notes.version);
    out.push_str("</dd></div>\n<div><dt>Date</dt><dd>");
    esc(out, &notes.date);
    out.push_str("</dd></div>\n<div><dt>Type</dt><dd>");
    esc(out, &notes.kind);
    out.push_str("</dd></div>\n</dl>\n<h3 id=\"rn-changes\">Changes included</h3>");
    if !notes.changes.is_empty() {
        out.push_str("\n<ul>");
        for c in &notes.changes {
            out.push_str("\n<li><strong>");
            esc(out, &c.id);
            out.push_str("</strong>: ");
            esc(out, &c.summary);
            if c.status != "approved" {
                out.push_str(" <em>(");
                esc(out, &c.status);
                out.push_str(")</em>");
            }
            out.push_str("</li>");
        }
        out.push_str("\n</ul>");
    } else {
        out.push_str("\n<p>No changes listed yet.</p>");
    }
    out.push_str("\n<h3 id=\"rn-known-issues\">Known issues</h3>");
    if !notes.known_issues.is_empty() {
        out.push_str("\n<ul>");
        for k in &notes.known_issues {
            out.push_str("\n<li>");
            esc(out, &k.summary);
            if let Some(w) = truthy(&k.workaround) {
                out.push_str(" (workaround: ");
                esc(out, w);
                out.push(')');
            }
            if let Some(d) = truthy(&k.defect) {
                out.push_str(" [");
                esc(out, d);
                out.push(']');
            }
            out.push_str("</li>");
        }
        out.push_str("\n</ul>");
    } else {
        out.push_str("\n<p>None known.</p>");
    }
    out.push_str("\n<h3 id=\"rn-dependencies\">Dependencies</h3>");
    if !notes.dependencies.is_empty() {
        out.push_str("\n<ul>");
        for d in &notes.dependencies {
            out.push_str("\n<li>");
            if !d.url.is_empty() {
                out.push_str("<a href=\"");
                esc(out, &d.url);
                out.push_str("\">");
                esc(out, &d.label);
                out.push_str("</a>");
            } else {
                esc(out, &d.label);
            }
            out.push_str("</li>");
        }
        out.push_str("\n</ul>");
    } else {
        out.push_str("\n<p>None.</p>");
    }
    out.push_str("\n<h3 id=\"rn-rollback\">Rollback</h3>\n<ul>\n<li>Rollback window: ");
    if let Some(w) = truthy(&notes.rollback_window) {
        esc(out, w);
        out.push_str(" post-deployment");
    } else {
        out.push_str("not stated");
    }
    out.push_str("</li>\n<li>Rollback procedure: ");
    if let Some(p) = &notes.rollback_procedure {
        if !p.url.is_empty() {
            out.push_str("<a href=\"");
            esc(out, &p.url);
            out.push_str("\">");
            esc(out, &p.label);
            out.push_str("</a>");
        } else {
            esc(out, &p.label);
        }
    } else {
        out.push_str("not stated");
    }
    out.push_str("</li>\n</ul>\n</div>\n");
}

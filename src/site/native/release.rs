//! templates/release.html: the `content` block of a release's page, one
//! function per section of the template, in its order.

use super::macros::finding_list;
use super::{esc, truthy, Frame};
use crate::site::templates::mailto;
use crate::site::view::{PersonRef, ReleasePage};

/// The `content` block.
pub(super) fn content(out: &mut String, frame: &Frame<'_>, release: &ReleasePage) {
    let root = frame.root;
    head(out, release);
    toc(out, release);
    glance(out, root, release);
    out.push_str(
        "\n\n<section id=\"notes\" aria-labelledby=\"h-notes\">\n\
         <h2 id=\"h-notes\">Release notes</h2>\n",
    );
    out.push_str(&release.notes_html); // | safe
    out.push_str("\n</section>");
    definition(out, root, release);
    timeline(out, release);
    tests(out, release);
    defects(out, release);
    approvals(out, release);
    history(out, release);
    turnovers(out, release);
    outcome(out, release);
    runbook(out, release);
    out.push_str(
        "\n\n<section id=\"findings\" aria-labelledby=\"h-findings\">\n\
         <h2 id=\"h-findings\">Findings</h2>",
    );
    if !release.findings.is_empty() {
        out.push('\n');
        finding_list(out, &release.findings, root, false);
    } else {
        out.push_str("\n<p class=\"empty\">No findings: the release meets its policy as of ");
        esc(out, &frame.site.today_label);
        out.push_str(".</p>");
    }
    out.push_str("\n</section>\n</article>\n");
}

/// `<a href="mailto:…">name</a>`, or the name alone without an address.
fn person(out: &mut String, p: &PersonRef) {
    if let Some(email) = truthy(&p.email) {
        out.push_str("<a href=\"");
        esc(out, &mailto(email));
        out.push_str("\">");
        esc(out, &p.name);
        out.push_str("</a>");
    } else {
        esc(out, &p.name);
    }
}

fn head(out: &mut String, release: &ReleasePage) {
    let r = &release.row;
    out.push_str(
        "\n<article class=\"release\">\n<header class=\"release-head\">\n\
         <p class=\"kicker\"><span class=\"id\">",
    );
    esc(out, &r.id);
    out.push_str("</span> · <span class=\"badge ");
    esc(out, &r.kind_class);
    out.push_str("\">");
    esc(out, &r.kind);
    out.push_str("</span> · ");
    esc(out, &r.impact);
    out.push_str(" impact</p>\n<h1>");
    esc(out, &r.title);
    out.push_str("</h1>\n<ol class=\"lifecycle\" aria-label=\"Lifecycle\">");
    for s in &release.stages {
        out.push_str("\n<li class=\"step step-");
        esc(out, &s.state);
        out.push('"');
        if s.state == "current" {
            out.push_str(" aria-current=\"step\"");
        }
        out.push('>');
        esc(out, &s.name);
        out.push_str("<span class=\"visually-hidden\"> (");
        esc(out, &s.state);
        out.push_str(")</span></li>");
    }
    if r.stage == "cancelled" {
        out.push_str("<li class=\"step step-cancelled\" aria-current=\"step\">cancelled</li>");
    }
    out.push_str("\n</ol>\n</header>");
}

fn toc(out: &mut String, release: &ReleasePage) {
    out.push_str(
        "\n\n<nav class=\"toc\" aria-label=\"On this page\">\n\
         <h2 class=\"toc-label\">On this page</h2>\n<ul>\n\
         <li><a href=\"#glance\">At a glance</a></li>\n\
         <li><a href=\"#notes\">Release notes</a></li>\n\
         <li><a href=\"#definition\">Definition</a></li>\n\
         <li><a href=\"#timeline\">Planned and actual</a></li>\n\
         <li><a href=\"#tests\">Tests</a></li>\n\
         <li><a href=\"#defects\">Defects</a></li>\n\
         <li><a href=\"#approvals\">Approvals</a></li>\n\
         <li><a href=\"#history\">Stage history</a></li>\n\
         <li><a href=\"#turnovers\">Environments</a></li>",
    );
    if release.outcome.is_some() {
        out.push_str("<li><a href=\"#outcome\">Outcome</a></li>");
    }
    out.push_str("\n<li><a href=\"#runbook\">Runbook</a></li>\n<li><a href=\"#findings\">Findings");
    if !release.findings.is_empty() {
        out.push_str(" (");
        out.push_str(&release.findings.len().to_string());
        out.push(')');
    }
    out.push_str("</a></li>\n</ul>\n</nav>");
}

fn glance(out: &mut String, root: &str, release: &ReleasePage) {
    out.push_str(
        "\n\n<section id=\"glance\" aria-labelledby=\"h-glance\">\n\
         <h2 id=\"h-glance\">At a glance</h2>\n<dl class=\"facts\">",
    );
    for f in &release.facts {
        out.push_str("\n<div><dt>");
        esc(out, &f.label);
        out.push_str("</dt><dd>");
        if let Some(url) = truthy(&f.url) {
            out.push_str("<a href=\"");
            esc(out, root);
            esc(out, url);
            out.push_str("\">");
            esc(out, &f.value);
            out.push_str("</a>");
        } else {
            esc(out, &f.value);
        }
        out.push_str("</dd></div>");
    }
    out.push_str("\n</dl>\n</section>");
}

fn definition(out: &mut String, root: &str, release: &ReleasePage) {
    out.push_str(
        "\n\n<section id=\"definition\" aria-labelledby=\"h-definition\">\n\
         <h2 id=\"h-definition\">Definition</h2>\n<dl class=\"facts\">\n\
         <div><dt>Rationale</dt><dd>",
    );
    // `default` replaces a missing value only, not an empty one.
    esc(out, release.rationale.as_deref().unwrap_or("not given"));
    out.push_str("</dd></div>\n<div><dt>Risk</dt><dd>");
    esc(out, release.risk.as_deref().unwrap_or("not assessed"));
    out.push_str("</dd></div>");
    if let Some(incident) = truthy(&release.incident) {
        out.push_str("<div><dt>Incident</dt><dd>");
        esc(out, incident);
        out.push_str("</dd></div>");
    }
    out.push_str("\n<div><dt>Release manager</dt><dd>");
    person(out, &release.manager);
    out.push_str("</dd></div>");
    if let Some(owner) = &release.service_owner {
        out.push_str("<div><dt>Service owner</dt><dd>");
        person(out, owner);
        out.push_str("</dd></div>");
    }
    out.push_str("\n<div><dt>Depends on</dt><dd>");
    for (n, d) in release.depends_on.iter().enumerate() {
        if !d.url.is_empty() {
            out.push_str("<a href=\"");
            esc(out, root);
            esc(out, &d.url);
            out.push_str("\">");
            esc(out, &d.label);
            out.push_str("</a>");
        } else {
            esc(out, &d.label);
        }
        if n + 1 < release.depends_on.len() {
            out.push_str(", ");
        }
    }
    if release.depends_on.is_empty() {
        out.push_str("nothing");
    }
    out.push_str("</dd></div>");
    if !release.dependents.is_empty() {
        out.push_str("<div><dt>Needed by</dt><dd>");
        for (n, d) in release.dependents.iter().enumerate() {
            out.push_str("<a href=\"");
            esc(out, root);
            esc(out, &d.url);
            out.push_str("\">");
            esc(out, &d.label);
            out.push_str("</a>");
            if n + 1 < release.dependents.len() {
                out.push_str(", ");
            }
        }
        out.push_str("</dd></div>");
    }
    out.push_str("\n</dl>");
    if !release.exceptions.is_empty() {
        out.push_str(
            "\n<h3>Exceptions</h3>\n\
             <div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Definition\"><table>\n\
             <thead><tr><th scope=\"col\">Rule waived</th><th scope=\"col\">Reason</th>\
             <th scope=\"col\">Approved by</th><th scope=\"col\">Until</th></tr></thead>\n<tbody>",
        );
        for x in &release.exceptions {
            out.push_str("\n<tr><td><code>");
            esc(out, &x.rule);
            out.push_str("</code></td><td>");
            esc(out, &x.reason);
            out.push_str("</td><td>");
            if let Some(by) = &x.approved_by {
                esc(out, &by.name);
            } else {
                out.push_str("<span class=\"muted\">nobody</span>");
            }
            out.push_str("</td><td>");
            esc(out, x.until.as_deref().unwrap_or("open-ended"));
            out.push_str("</td></tr>");
        }
        out.push_str("\n</tbody></table></div>");
    }
    out.push_str("\n<p class=\"source\">Defined in <code>");
    esc(out, &release.source);
    out.push_str("</code>.</p>\n</section>");
}

fn timeline(out: &mut String, release: &ReleasePage) {
    out.push_str(
        "\n\n<section id=\"timeline\" aria-labelledby=\"h-timeline\">\n\
         <h2 id=\"h-timeline\">Planned and actual</h2>\n<p>Deadlines come from the ",
    );
    esc(out, &release.row.kind);
    out.push_str(
        " policy's schedule, counted back from the window.</p>\n\
         <div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Planned and actual\">\
         <table class=\"timeline\">\n\
         <thead><tr><th scope=\"col\">Milestone</th><th scope=\"col\">Planned</th>\
         <th scope=\"col\">Actual</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>",
    );
    for t in &release.timeline {
        out.push_str("\n<tr><th scope=\"row\">");
        esc(out, &t.name);
        out.push_str("</th><td>");
        esc(out, &t.planned);
        out.push_str("</td><td>");
        esc(out, &t.actual);
        out.push_str("</td><td><span class=\"status status-");
        esc(out, &t.status);
        out.push_str("\">");
        esc(out, &t.status_label);
        out.push_str("</span></td></tr>");
    }
    out.push_str("\n</tbody></table></div>");
    if !release.notifications.is_empty() || release.readiness.is_some() {
        out.push_str("\n<dl class=\"facts\">");
        for n in &release.notifications {
            out.push_str("<div><dt>Notice sent</dt><dd>");
            esc(out, &n.label);
            out.push_str(" to ");
            esc(out, &n.value);
            out.push_str("</dd></div>");
        }
        if let Some(r) = &release.readiness {
            out.push_str("<div><dt>Readiness review</dt><dd>");
            esc(out, &r.label);
            out.push_str(": ");
            esc(out, &r.value);
            out.push_str("</dd></div>");
        }
        out.push_str("\n</dl>");
    }
    out.push_str("\n</section>");
}

/// `{% if n is number %}{{ n }}{% endif %}`.
fn number(out: &mut String, n: Option<u32>) {
    if let Some(n) = n {
        out.push_str(&n.to_string());
    }
}

fn tests(out: &mut String, release: &ReleasePage) {
    out.push_str(
        "\n\n<section id=\"tests\" aria-labelledby=\"h-tests\">\n<h2 id=\"h-tests\">Tests</h2>",
    );
    if !release.tests.is_empty() {
        out.push_str(
            "\n<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Tests\">\
             <table class=\"tests\">\n\
             <thead><tr><th scope=\"col\">Category</th><th scope=\"col\">Level run</th>\
             <th scope=\"col\">Policy asks</th><th scope=\"col\">Result</th><th scope=\"col\">When</th>\
             <th scope=\"col\" class=\"num\">Passed</th><th scope=\"col\" class=\"num\">Failed</th>\
             <th scope=\"col\" class=\"num\">Blocked</th></tr></thead>\n<tbody>",
        );
        for t in &release.tests {
            out.push_str("\n<tr><th scope=\"row\">");
            esc(out, &t.category);
            out.push_str("</th><td>");
            esc(out, &t.level);
            out.push_str("</td><td>");
            esc(out, t.required.as_deref().unwrap_or("not required"));
            out.push_str("</td><td><span class=\"result result-");
            esc(out, &t.result);
            out.push_str("\">");
            esc(out, &t.result);
            out.push_str("</span></td><td>");
            esc(out, &t.at);
            out.push_str("</td><td>");
            number(out, t.passed);
            out.push_str("<td>");
            number(out, t.failed);
            out.push_str("<td>");
            number(out, t.blocked);
            out.push_str("</tr>");
        }
        out.push_str("\n</tbody></table></div>");
    } else {
        out.push_str("\n<p class=\"empty\">No tests recorded.</p>");
    }
    if !release.missing_tests.is_empty() {
        out.push_str("\n<p><strong>Still needed by the policy:</strong> ");
        esc(out, &release.missing_tests.join(", "));
        out.push_str(".</p>");
    }
    out.push_str("\n</section>");
}

fn defects(out: &mut String, release: &ReleasePage) {
    out.push_str(
        "\n\n<section id=\"defects\" aria-labelledby=\"h-defects\">\n<h2 id=\"h-defects\">Defects</h2>",
    );
    if !release.defects.is_empty() {
        out.push_str(
            "\n<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Defects\"><table>\n\
             <thead><tr><th scope=\"col\">Defect</th><th scope=\"col\">Severity</th>\
             <th scope=\"col\">Status</th><th scope=\"col\">Summary</th></tr></thead>\n<tbody>",
        );
        for d in &release.defects {
            out.push_str("\n<tr><th scope=\"row\">");
            esc(out, &d.id);
            out.push_str("</th><td><span class=\"severity severity-");
            esc(out, &d.severity);
            out.push_str("\">");
            esc(out, &d.severity);
            out.push_str("</span></td><td>");
            esc(out, &d.status);
            out.push_str("</td><td>");
            esc(out, &d.summary);
            out.push_str("</td></tr>");
        }
        out.push_str("\n</tbody></table></div>");
    } else {
        out.push_str("\n<p class=\"empty\">No defects recorded.</p>");
    }
    out.push_str("\n</section>");
}

fn approvals(out: &mut String, release: &ReleasePage) {
    out.push_str(
        "\n\n<section id=\"approvals\" aria-labelledby=\"h-approvals\">\n\
         <h2 id=\"h-approvals\">Approvals</h2>",
    );
    if !release.approvals.is_empty() {
        out.push_str(
            "\n<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Approvals\"><table>\n\
             <thead><tr><th scope=\"col\">To enter</th><th scope=\"col\">Role</th>\
             <th scope=\"col\">Approved by</th><th scope=\"col\">When</th><th scope=\"col\">Note</th></tr></thead>\n<tbody>",
        );
        for a in &release.approvals {
            out.push_str("\n<tr><td>");
            esc(out, &a.gate);
            out.push_str("</td><td>");
            esc(out, &a.role);
            out.push_str("</td><td>");
            person(out, &a.by);
            out.push_str("</td><td>");
            esc(out, &a.at);
            out.push_str("</td><td>");
            esc(out, a.note.as_deref().unwrap_or(""));
            out.push_str("</td></tr>");
        }
        out.push_str("\n</tbody></table></div>");
    } else {
        out.push_str("\n<p class=\"empty\">No approvals yet.</p>");
    }
    if !release.required_approvals.is_empty() {
        out.push_str("\n<h3>What the ");
        esc(out, &release.row.kind);
        out.push_str(" policy asks</h3>\n<ul class=\"checklist\">");
        for q in &release.required_approvals {
            let given = !q.given_by.is_empty();
            out.push_str("\n<li class=\"");
            out.push_str(if given { "ok" } else { "open" });
            out.push_str("\"><span class=\"tick\" aria-hidden=\"true\">");
            out.push_str(if given { "✓" } else { "○" });
            out.push_str("</span> ");
            esc(out, &q.role);
            out.push_str(" to enter ");
            esc(out, &q.gate);
            out.push_str(": ");
            if given {
                out.push_str("given by ");
                esc(out, &q.given_by.join(", "));
            } else {
                out.push_str("not yet given");
            }
            out.push_str("</li>");
        }
        out.push_str("\n</ul>");
    }
    out.push_str("\n</section>");
}

fn history(out: &mut String, release: &ReleasePage) {
    out.push_str(
        "\n\n<section id=\"history\" aria-labelledby=\"h-history\">\n\
         <h2 id=\"h-history\">Stage history</h2>",
    );
    let note = truthy(&release.history_note);
    if !release.history.is_empty() {
        out.push_str(
            "\n<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Stage history\"><table>\n\
             <thead><tr><th scope=\"col\">Stage</th><th scope=\"col\">When</th>\
             <th scope=\"col\">By</th><th scope=\"col\">Commit</th></tr></thead>\n<tbody>",
        );
        for t in &release.history {
            out.push_str("\n<tr><td>");
            if let Some(from) = truthy(&t.from) {
                esc(out, from);
                out.push_str(" → ");
                esc(out, &t.to);
            } else {
                out.push_str("created at ");
                esc(out, &t.to);
            }
            out.push_str("</td><td>");
            esc(out, &t.when);
            out.push_str("</td><td><a href=\"");
            esc(out, &mailto(&t.email));
            out.push_str("\">");
            esc(out, &t.author);
            out.push_str("</a></td><td><code>");
            esc(out, &t.commit);
            out.push_str("</code> ");
            esc(out, &t.message);
            out.push_str("</td></tr>");
        }
        out.push_str("\n</tbody></table></div>");
        if let Some(note) = note {
            out.push_str("\n<p class=\"note\">");
            esc(out, note);
            out.push_str("</p>");
        }
    } else if let Some(note) = note {
        out.push_str("\n<p class=\"empty\">");
        esc(out, note);
        out.push_str("</p>");
    } else {
        out.push_str(
            "\n<p class=\"empty\">No stage change of this release is recorded in git yet.</p>",
        );
    }
    out.push_str("\n</section>");
}

fn turnovers(out: &mut String, release: &ReleasePage) {
    out.push_str(
        "\n\n<section id=\"turnovers\" aria-labelledby=\"h-turnovers\">\n\
         <h2 id=\"h-turnovers\">Environments</h2>",
    );
    if !release.deployments.is_empty() {
        out.push_str(
            "\n<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Environments\"><table>\n\
             <thead><tr><th scope=\"col\">Environment</th><th scope=\"col\">Status</th>\
             <th scope=\"col\">When</th><th scope=\"col\">By</th></tr></thead>\n<tbody>",
        );
        for d in &release.deployments {
            out.push_str("\n<tr><th scope=\"row\">");
            esc(out, &d.environment);
            out.push_str("</th><td>");
            esc(out, &d.status);
            out.push_str("</td><td>");
            esc(out, &d.at);
            out.push_str("</td><td>");
            if let Some(by) = &d.by {
                esc(out, &by.name);
            }
            out.push_str("</td></tr>");
        }
        out.push_str("\n</tbody></table></div>");
    } else {
        out.push_str("\n<p class=\"empty\">Not deployed to any environment yet.</p>");
    }
    out.push_str("\n</section>");
}

fn outcome(out: &mut String, release: &ReleasePage) {
    let Some(o) = &release.outcome else { return };
    out.push_str(
        "\n<section id=\"outcome\" aria-labelledby=\"h-outcome\">\n\
         <h2 id=\"h-outcome\">Outcome</h2>\n<dl class=\"facts\">\n<div><dt>Status</dt><dd>",
    );
    esc(out, &o.status);
    out.push_str("</dd></div>");
    if let Some(s) = truthy(&o.started) {
        out.push_str("<div><dt>Started</dt><dd>");
        esc(out, s);
        out.push_str("</dd></div>");
    }
    if let Some(s) = truthy(&o.finished) {
        out.push_str("<div><dt>Finished</dt><dd>");
        esc(out, s);
        out.push_str("</dd></div>");
    }
    if let Some(n) = o.defects_after {
        out.push_str("<div><dt>Defects after deployment</dt><dd>");
        number(out, Some(n));
        out.push_str("</dd></div>");
    }
    if let Some(s) = truthy(&o.pir) {
        out.push_str("<div><dt>Post-implementation review</dt><dd>");
        esc(out, s);
        out.push_str("</dd></div>");
    }
    if let Some(s) = truthy(&o.lessons) {
        out.push_str("<div><dt>Lessons</dt><dd>");
        esc(out, s);
        out.push_str("</dd></div>");
    }
    out.push_str("\n</dl>\n</section>");
}

fn runbook(out: &mut String, release: &ReleasePage) {
    out.push_str(
        "\n\n<section id=\"runbook\" class=\"runbook\" aria-labelledby=\"h-runbook\">\n\
         <h2 id=\"h-runbook\">Runbook</h2>",
    );
    if let Some(html) = truthy(&release.runbook_html) {
        if !release.runbook_toc.is_empty() {
            out.push_str(
                "\n<nav class=\"toc runbook-toc\" aria-label=\"Runbook contents\">\n\
                 <h3 class=\"toc-label\">Contents</h3>\n<ul>",
            );
            for t in &release.runbook_toc {
                out.push_str("\n<li class=\"depth-");
                out.push_str(&t.depth.to_string());
                out.push_str("\"><a href=\"#");
                esc(out, &t.anchor);
                out.push_str("\">");
                esc(out, &t.text);
                out.push_str("</a></li>");
            }
            out.push_str("\n</ul>\n</nav>");
        }
        out.push_str("\n<div class=\"prose\">");
        out.push_str(html); // | safe
        out.push_str("</div>");
    } else {
        out.push_str("\n<p class=\"empty\">No runbook yet (runbook.md beside release.toml).</p>");
    }
    out.push_str("\n</section>");
}

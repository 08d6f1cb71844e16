//! Every HTML page of the site: which template renders it, at which
//! path, with which context. Pages render in parallel; each builds its
//! own part of the model from the shared [`SiteData`].

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::catalog::{service_page, train_page};
use super::data::{slug, SiteData};
use super::templates::{chain, Theme};
use super::view::*;
use super::{markdown, native, policies, release, Sink, SiteError};
use crate::diagnostic::Rule;
use crate::model::Stage;

mod dashboard;
mod months;
mod waived;

use dashboard::dashboard;
use months::calendar_pages;

/// What every page receives besides its own values.
#[derive(Serialize)]
struct PageMeta<'a> {
    /// Output path, `releases/REL-…/index.html`.
    path: &'a str,
    title: String,
    /// Navigation section: `home`, `calendar`, `releases`, `services`,
    /// `trains`, `policies`, `findings` or `none`.
    section: &'a str,
}

/// The prefix that leads from `path` back to the site root.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Renders `template` for `path` with the common context plus `fill`.
pub fn render_page(
    ix: &SiteData<'_>,
    theme: &Theme,
    template: &str,
    path: &str,
    title: String,
    section: &str,
    fill: impl FnOnce(&mut Context),
) -> Result<Vec<u8>, SiteError> {
    let mut ctx = Context::new();
    ctx.insert("site", &ix.info);
    ctx.insert("root", &root_of(path));
    ctx.insert(
        "page",
        &PageMeta {
            path,
            title,
            section,
        },
    );
    fill(&mut ctx);
    theme
        .tera
        .render(template, &ctx)
        .map(String::into_bytes)
        .map_err(|e| SiteError::Theme(format!("rendering {path} with {template}: {}", chain(&e))))
}

/// Renders `template` with `value` under `key` and puts it at `path`.
#[allow(clippy::too_many_arguments)]
fn page<T: serde::Serialize + ?Sized>(
    ix: &SiteData<'_>,
    theme: &Theme,
    sink: &dyn Sink,
    template: &str,
    path: &str,
    title: String,
    section: &str,
    key: &str,
    value: &T,
) -> Result<(), SiteError> {
    put(
        sink,
        path,
        render_page(ix, theme, template, path, title, section, |c| {
            c.insert(key, value)
        }),
    )
}

#[derive(Clone, Debug)]
pub(super) enum Filter {
    All,
    Stage(Stage),
    Type(String),
}

pub(super) enum Job {
    Dashboard,
    CalendarIndex,
    Months,
    Releases(Filter),
    Release(usize),
    Services,
    Service(String),
    Trains,
    Train(usize),
    Policies,
    Findings,
    FindingRule(String),
    NotFound,
}

/// Renders every page into `sink`.
pub fn render_all(ix: &SiteData<'_>, theme: &Theme, sink: &dyn Sink) -> Result<(), SiteError> {
    let mut jobs = vec![
        Job::Dashboard,
        Job::CalendarIndex,
        Job::Months,
        Job::Releases(Filter::All),
        Job::Services,
        Job::Trains,
        Job::Policies,
        Job::Findings,
        Job::NotFound,
    ];
    for s in Stage::ALL {
        jobs.push(Job::Releases(Filter::Stage(s)));
    }
    for t in ix.type_classes.keys() {
        jobs.push(Job::Releases(Filter::Type(t.clone())));
    }
    jobs.extend((0..ix.repo.releases.len()).map(Job::Release));
    jobs.extend(ix.service_slugs.keys().cloned().map(Job::Service));
    jobs.extend((0..ix.repo.trains.len()).map(Job::Train));
    let rules: std::collections::BTreeSet<&str> = ix.findings().map(|f| f.rule.as_str()).collect();
    jobs.extend(rules.into_iter().map(|r| Job::FindingRule(r.to_string())));
    let results: Vec<Result<(), SiteError>> = jobs
        .par_iter()
        .with_max_len(16)
        .map(|job| run(ix, theme, sink, job))
        .collect();
    results.into_iter().collect()
}

fn put(sink: &dyn Sink, path: &str, r: Result<Vec<u8>, SiteError>) -> Result<(), SiteError> {
    sink.put(path, r?)
}

pub(super) fn run(
    ix: &SiteData<'_>,
    theme: &Theme,
    sink: &dyn Sink,
    job: &Job,
) -> Result<(), SiteError> {
    match job {
        Job::Dashboard => {
            let d = dashboard(ix);
            let title = ix.info.title.clone();
            put(
                sink,
                "index.html",
                render_page(ix, theme, "index.html", "index.html", title, "home", |c| {
                    c.insert("dashboard", &d)
                }),
            )
        }
        Job::CalendarIndex | Job::Months => {
            calendar_pages(ix, theme, sink, matches!(job, Job::CalendarIndex))
        }
        Job::Releases(f) => releases_page(ix, theme, sink, f),
        Job::Release(i) => {
            let page = release::page_with_notes(ix, theme, *i)?;
            let path = page.row.url.clone();
            let title = format!("{} \u{2014} {}", page.row.id, page.row.title);
            if native::applies(theme) {
                let frame = native::Frame {
                    site: &ix.info,
                    root: &root_of(&path),
                    path: &path,
                    title: &title,
                    section: "releases",
                };
                let html = native::release_page(&frame, &page);
                return sink.put(&path, html.into_bytes());
            }
            put(
                sink,
                &path,
                render_page(ix, theme, "release.html", &path, title, "releases", |c| {
                    c.insert("release", &page)
                }),
            )
        }
        Job::Services => {
            // The catalogue shows each service's next release only: its
            // other rows are on the service's own page, not copied here.
            let services: Vec<ServicePage> = ix
                .service_slugs
                .keys()
                .map(|k| {
                    let mut s = service_page(ix, k);
                    s.upcoming.truncate(1);
                    s.past.clear();
                    s.windows.clear();
                    s.blackouts.clear();
                    s
                })
                .collect();
            let catalogued: std::collections::BTreeSet<&str> =
                ix.service_slugs.keys().map(String::as_str).collect();
            let others: Vec<usize> = (0..ix.repo.releases.len())
                .filter(|&i| {
                    !catalogued.contains(ix.repo.releases[i].def.service.get_ref().as_str())
                })
                .collect();
            let uncatalogued = ix.rows_of(others);
            let path = "services/index.html";
            put(
                sink,
                path,
                render_page(
                    ix,
                    theme,
                    "services.html",
                    path,
                    "Services".into(),
                    "services",
                    |c| {
                        c.insert("services", &services);
                        c.insert("uncatalogued", &uncatalogued);
                    },
                ),
            )
        }
        Job::Service(key) => {
            let s = service_page(ix, key);
            let path = s.url.clone();
            page(
                ix,
                theme,
                sink,
                "service.html",
                &path,
                s.name.clone(),
                "services",
                "service",
                &s,
            )
        }
        Job::Trains => {
            let trains: Vec<TrainPage> = (0..ix.repo.trains.len())
                .map(|i| train_page(ix, i))
                .collect();
            let path = "trains/index.html";
            page(
                ix,
                theme,
                sink,
                "trains.html",
                path,
                "Release trains".into(),
                "trains",
                "trains",
                &trains,
            )
        }
        Job::Train(i) => {
            let t = train_page(ix, *i);
            let path = t.url.clone();
            page(
                ix,
                theme,
                sink,
                "train.html",
                &path,
                t.title.clone(),
                "trains",
                "train",
                &t,
            )
        }
        Job::Policies => {
            let p = policies::page(ix);
            let path = "policies/index.html";
            page(
                ix,
                theme,
                sink,
                "policies.html",
                path,
                "Release policies".into(),
                "policies",
                "policies",
                &p,
            )
        }
        Job::Findings => {
            let path = "findings/index.html";
            let rules = rule_counts(ix);
            let (errors, warnings): (Vec<&RuleCount>, Vec<&RuleCount>) =
                rules.iter().partition(|r| r.errors > 0);
            let total = |sev: &str| ix.findings().filter(|f| f.severity == sev).count();
            let (error_count, warning_count) = (total("error"), total("warning"));
            let waived = waived::rules(ix);
            let waived_count: usize = ix.waived.values().sum();
            put(
                sink,
                path,
                render_page(
                    ix,
                    theme,
                    "findings.html",
                    path,
                    "Findings".into(),
                    "findings",
                    |c| {
                        c.insert("error_rules", &errors);
                        c.insert("warning_rules", &warnings);
                        c.insert("error_count", &error_count);
                        c.insert("warning_count", &warning_count);
                        c.insert("waived_rules", &waived);
                        c.insert("waived_count", &waived_count);
                    },
                ),
            )
        }
        Job::FindingRule(rule) => {
            let path = format!("findings/{}/index.html", slug(rule));
            let members: Vec<&FindingView> = ix.findings().filter(|f| &f.rule == rule).collect();
            put(
                sink,
                &path,
                render_page(
                    ix,
                    theme,
                    "findings_rule.html",
                    &path,
                    format!("Findings: {rule}"),
                    "findings",
                    |c| {
                        c.insert("rule", rule);
                        c.insert("findings", &members);
                        if let Some(about) = Rule::from_name(rule).map(about_rule) {
                            c.insert("about", &about);
                        }
                    },
                ),
            )
        }
        Job::NotFound => {
            // Served for any missing path, so its links cannot be
            // relative: the base URL's path, else the server root.
            let root = ix
                .info
                .base_url
                .as_deref()
                .and_then(|u| u.splitn(4, '/').nth(3).map(|p| format!("/{p}")))
                .unwrap_or_else(|| "/".to_string());
            let mut ctx = Context::new();
            ctx.insert("site", &ix.info);
            ctx.insert("root", &root);
            ctx.insert(
                "page",
                &PageMeta {
                    path: "404.html",
                    title: "Page not found".into(),
                    section: "none",
                },
            );
            let html = theme
                .tera
                .render("404.html", &ctx)
                .map_err(|e| SiteError::Theme(format!("rendering 404.html: {}", chain(&e))))?;
            sink.put("404.html", html.into_bytes())
        }
    }
}

/// What a rule checks, for its findings page: the rule file's doc
/// comment, the same text as `trainyard explain RULE`.
#[derive(Serialize)]
struct AboutRule {
    code: &'static str,
    summary: String,
    doc_html: String,
}

fn about_rule(rule: Rule) -> AboutRule {
    let doc = rule.doc();
    let options = markdown::Options {
        prefix: "rule-",
        top_level: 3,
        relative: &|_| markdown::Target::Drop,
    };
    AboutRule {
        code: rule.code(),
        summary: rule.summary(),
        doc_html: markdown::render(&doc, &crate::load::outline(&doc), &options).html,
    }
}

/// How many findings a rule produced, and its page.
#[derive(Serialize)]
struct RuleCount {
    rule: String,
    url: String,
    errors: usize,
    warnings: usize,
}

fn rule_counts(ix: &SiteData<'_>) -> Vec<RuleCount> {
    let mut counts: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for f in ix.findings() {
        let c = counts.entry(f.rule.as_str()).or_default();
        if f.severity == "error" {
            c.0 += 1;
        } else {
            c.1 += 1;
        }
    }
    counts
        .into_iter()
        .map(|(rule, (errors, warnings))| RuleCount {
            rule: rule.to_string(),
            url: format!("findings/{}/index.html", slug(rule)),
            errors,
            warnings,
        })
        .collect()
}

fn stage_facets(ix: &SiteData<'_>, current: Option<Stage>) -> Vec<Facet> {
    Stage::ALL
        .iter()
        .map(|&s| Facet {
            name: s.as_str().to_string(),
            url: format!("releases/by-stage/{s}/index.html"),
            count: ix.by_stage.get(s.as_str()).map_or(0, Vec::len),
            current: current == Some(s),
        })
        .collect()
}

fn releases_page(
    ix: &SiteData<'_>,
    theme: &Theme,
    sink: &dyn Sink,
    filter: &Filter,
) -> Result<(), SiteError> {
    let (path, heading, members, stage): (String, String, Vec<usize>, Option<Stage>) = match filter
    {
        Filter::All => (
            "releases/index.html".into(),
            "All releases".into(),
            ix.chronological.clone(),
            None,
        ),
        Filter::Stage(s) => (
            format!("releases/by-stage/{s}/index.html"),
            format!("Releases at stage {s}"),
            ix.chronological
                .iter()
                .copied()
                .filter(|&i| ix.repo.releases[i].def.stage.get_ref() == s)
                .collect(),
            Some(*s),
        ),
        Filter::Type(t) => (
            format!("releases/by-type/{}/index.html", slug(t)),
            format!("{t} releases"),
            ix.chronological
                .iter()
                .copied()
                .filter(|&i| ix.repo.releases[i].def.kind.get_ref() == t)
                .collect(),
            None,
        ),
    };
    let kinds: Vec<Facet> = ix
        .info
        .types
        .iter()
        .map(|t| Facet {
            name: t.name.clone(),
            url: t.url.clone(),
            count: ix.by_kind.get(t.name.as_str()).map_or(0, Vec::len),
            current: matches!(filter, Filter::Type(x) if *x == t.name),
        })
        .collect();
    let services: Vec<Facet> = ix
        .service_slugs
        .iter()
        .map(|(key, s)| Facet {
            name: ix.service_link(key).label,
            url: format!("services/{s}/index.html"),
            count: ix.by_service.get(key.as_str()).map_or(0, Vec::len),
            current: false,
        })
        .collect();
    // Borrowed, not cloned: the rows are already in window order.
    let rows: Vec<&ReleaseRow> = members.iter().map(|&i| ix.row(i)).collect();
    let stages = stage_facets(ix, stage);
    if native::lists_apply(theme) {
        let frame = native::Frame {
            site: &ix.info,
            root: &root_of(&path),
            path: &path,
            title: &heading,
            section: "releases",
        };
        let list = native::ListPage {
            heading: &heading,
            releases: &rows,
            stages: &stages,
            kinds: &kinds,
            services: &services,
            filtered: !matches!(filter, Filter::All),
        };
        return sink.put(&path, native::releases_page(&frame, &list).into_bytes());
    }
    put(
        sink,
        &path,
        render_page(
            ix,
            theme,
            "releases.html",
            &path,
            heading.clone(),
            "releases",
            |c| {
                c.insert("heading", &heading);
                c.insert("releases", &rows);
                c.insert("stages", &stages);
                c.insert("kinds", &kinds);
                c.insert("services", &services);
                c.insert("filtered", &!matches!(filter, Filter::All));
            },
        ),
    )
}

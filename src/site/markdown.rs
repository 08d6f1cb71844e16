//! Markdown to safe HTML for runbooks and notes.
//!
//! pulldown-cmark renders with the extensions rules use (tables, task
//! lists, footnotes, strikethrough, heading ids). Headings get the anchors
//! the loader computed (`crate::load::Outline`), prefixed so that a
//! runbook and notes on one page never share an id; heading levels are
//! shifted to sit under the page's own headings. Nothing from the file
//! runs as script:
//!
//! * link and image URLs with a scheme other than http, https, mailto or
//!   tel are dropped (the text stays), whatever their spelling;
//! * heading attributes (`{.class onclick=…}`) are dropped;
//! * a document with raw HTML is passed through ammonia as a whole;
//!   without raw HTML the renderer's own output is escaped throughout.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag};
use serde::Serialize;

use crate::load::{markdown_options, slugify, Outline};

/// An entry in a table of contents.
#[derive(Clone, Debug, Serialize)]
pub struct TocEntry {
    /// 1 for the top level shown, 2 for the next.
    pub depth: u8,
    pub text: String,
    /// The id on the page (with the prefix).
    pub anchor: String,
}

/// Markdown rendered for a page.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Whether the file had raw HTML (and so went through the sanitizer).
    pub had_html: bool,
}

/// Where a link in the file should go on the site.
pub enum Target {
    /// Keep the destination as written (absolute http(s), mailto, tel).
    Keep,
    /// Use this destination instead.
    Rewrite(String),
    /// Not published: drop the link, keep its text.
    Drop,
}

/// How to render one file.
pub struct Options<'a> {
    /// Prefix of every id the file produces (`runbook-`).
    pub prefix: &'a str,
    /// The level the file's top heading becomes (3 under a page's h2).
    pub top_level: u8,
    /// Maps a relative destination (`runbook.md#rollback`, `#x`) to the site.
    pub relative: &'a dyn Fn(&str) -> Target,
}

/// Renders `text`, whose outline the loader read, as sanitized HTML.
pub fn render(text: &str, outline: &Outline, opts: &Options<'_>) -> Rendered {
    let min_level = outline.headings.iter().map(|h| h.level).min().unwrap_or(1);
    let shift = |level: u8| -> u8 {
        (level + opts.top_level)
            .saturating_sub(min_level)
            .clamp(1, 6)
    };
    let mut headings = outline.headings.iter();
    let mut had_html = false;
    // Links dropped: their closing events must be dropped too.
    let mut dropped_links: Vec<bool> = Vec::new();
    let mut in_dropped_image = 0usize;
    let mut events: Vec<Event<'_>> = Vec::new();
    for event in Parser::new_ext(text, markdown_options()) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let anchor = headings
                    .next()
                    .map(|h| h.anchor.clone())
                    .unwrap_or_else(|| slugify("section"));
                events.push(Event::Start(Tag::Heading {
                    level: heading_level(shift(level_number(level))),
                    id: Some(CowStr::from(format!("{}{anchor}", opts.prefix))),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
            }
            Event::End(pulldown_cmark::TagEnd::Heading(level)) => {
                events.push(Event::End(pulldown_cmark::TagEnd::Heading(heading_level(
                    shift(level_number(level)),
                ))));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match destination(&dest_url, opts) {
                Some(dest) => {
                    dropped_links.push(false);
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: dest,
                        title,
                        id,
                    }));
                }
                None => dropped_links.push(true),
            },
            Event::End(pulldown_cmark::TagEnd::Link) => {
                if !dropped_links.pop().unwrap_or(false) {
                    events.push(Event::End(pulldown_cmark::TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if in_dropped_image > 0 {
                    in_dropped_image += 1;
                    continue;
                }
                match destination(&dest_url, opts) {
                    Some(dest) => events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: dest,
                        title,
                        id,
                    })),
                    // The alt text is shown as text instead.
                    None => in_dropped_image = 1,
                }
            }
            Event::End(pulldown_cmark::TagEnd::Image) => {
                if in_dropped_image > 0 {
                    in_dropped_image -= 1;
                } else {
                    events.push(Event::End(pulldown_cmark::TagEnd::Image));
                }
            }
            Event::FootnoteReference(name) => events.push(Event::FootnoteReference(CowStr::from(
                format!("{}fn-{}", opts.prefix, slugify(&name)),
            ))),
            Event::Start(Tag::FootnoteDefinition(name)) => {
                events.push(Event::Start(Tag::FootnoteDefinition(CowStr::from(
                    format!("{}fn-{}", opts.prefix, slugify(&name)),
                ))))
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                had_html = true;
                events.push(event);
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if had_html {
        html = sanitize(&html);
    }
    let toc = outline
        .headings
        .iter()
        .filter(|h| h.level <= min_level + 1)
        .map(|h| TocEntry {
            depth: h.level + 1 - min_level,
            text: h.text.clone(),
            anchor: format!("{}{}", opts.prefix, h.anchor),
        })
        .collect();
    Rendered {
        html,
        toc,
        had_html,
    }
}

/// The destination to write for `dest`, or `None` to drop the link.
fn destination<'a>(dest: &CowStr<'a>, opts: &Options<'_>) -> Option<CowStr<'a>> {
    match scheme(dest) {
        Some(s) if ["http", "https", "mailto", "tel"].contains(&s.as_str()) => Some(dest.clone()),
        Some(_) => None,
        None => match (opts.relative)(dest) {
            Target::Keep => Some(dest.clone()),
            Target::Rewrite(s) => Some(CowStr::from(s)),
            Target::Drop => None,
        },
    }
}

/// The URL scheme of `dest` as a browser reads it (ASCII whitespace and
/// control characters removed, lower case), if it has one. A `//host`
/// URL counts as having one.
pub fn scheme(dest: &str) -> Option<String> {
    let cleaned: String = dest
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    if cleaned.starts_with("//") || cleaned.starts_with("\\\\") || cleaned.starts_with("/\\") {
        return Some("//".to_string());
    }
    let end = cleaned.find([':', '/', '?', '#'])?;
    if cleaned[end..].starts_with(':') {
        Some(cleaned[..end].to_ascii_lowercase())
    } else {
        None
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

fn heading_level(n: u8) -> HeadingLevel {
    match n {
        0 | 1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Cleans HTML that came with raw HTML in the file: ammonia's safe set of
/// tags and attributes, plus what the Markdown renderer itself writes
/// (heading ids, footnotes, task-list boxes, table alignment).
pub fn sanitize(html: &str) -> String {
    let mut b = ammonia::Builder::default();
    b.add_tags(["input"]);
    b.link_rel(None);
    // By now every Markdown link is rewritten to a section of a release
    // page; a relative URL of any other shape came in raw HTML and points
    // at nothing the site publishes.
    b.url_relative(ammonia::UrlRelative::Custom(Box::new(keep_published)));
    let mut attrs: HashMap<&str, HashSet<&str>> = HashMap::new();
    for h in ["h1", "h2", "h3", "h4", "h5", "h6", "li"] {
        attrs.insert(h, ["id"].into_iter().collect());
    }
    attrs.insert("a", ["href", "title", "id"].into_iter().collect());
    attrs.insert("sup", ["id"].into_iter().collect());
    attrs.insert("div", ["id"].into_iter().collect());
    attrs.insert(
        "input",
        ["type", "checked", "disabled"].into_iter().collect(),
    );
    attrs.insert("th", ["style"].into_iter().collect());
    attrs.insert("td", ["style"].into_iter().collect());
    attrs.insert(
        "img",
        ["src", "alt", "title", "width", "height"]
            .into_iter()
            .collect(),
    );
    b.tag_attributes(attrs);
    b.filter_style_properties(["text-align"].into_iter().collect());
    let mut classes: HashMap<&str, HashSet<&str>> = HashMap::new();
    classes.insert(
        "sup",
        ["footnote-reference", "footnote-definition-label"].into(),
    );
    classes.insert("div", ["footnote-definition"].into());
    b.allowed_classes(classes);
    without_sourceless_images(&b.clean(html).to_string())
}

/// Replaces each `<img>` whose source the sanitizer dropped by its alt
/// text: an image with no source shows nothing and is not valid HTML.
/// Works on the sanitizer's own output, where every attribute value is
/// double-quoted and holds no `"`.
fn without_sourceless_images(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<img") {
        out.push_str(&rest[..at]);
        let tag_and_after = &rest[at..];
        let mut in_quotes = false;
        let end = tag_and_after
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    in_quotes = !in_quotes;
                }
                c == '>' && !in_quotes
            })
            .map_or(tag_and_after.len(), |(i, _)| i + 1);
        let tag = &tag_and_after[..end];
        if tag.contains(" src=\"") {
            out.push_str(tag);
        } else if let Some(alt) = tag
            .split(" alt=\"")
            .nth(1)
            .and_then(|a| a.split('"').next())
        {
            out.push_str(&alt.replace('<', "&lt;").replace('>', "&gt;"));
        }
        rest = &tag_and_after[end..];
    }
    out.push_str(rest);
    out
}

fn keep_published(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    published_relative(url).then_some(std::borrow::Cow::Borrowed(url))
}

/// `#fragment` or `../SLUG/index.html#fragment`: the shapes of relative
/// links the renderer writes.
fn published_relative(url: &str) -> bool {
    if url.starts_with('#') {
        return true;
    }
    let Some(rest) = url.strip_prefix("../") else {
        return false;
    };
    let path = rest.split('#').next().unwrap_or("");
    match path.strip_suffix("/index.html") {
        Some(slug) => {
            !slug.is_empty()
                && !slug.starts_with('.')
                && slug
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_whose_source_was_dropped_becomes_its_alt_text() {
        assert_eq!(
            sanitize("<p><img src=\"x\" onerror=\"alert(1)\"><img alt=\"a > b\" src=\"javascript:x\"> ok</p>"),
            "<p>a &gt; b ok</p>"
        );
        assert_eq!(
            sanitize("<img src=\"https://example.com/a.png\" alt=\"a\">"),
            "<img src=\"https://example.com/a.png\" alt=\"a\">"
        );
    }
    use crate::load::outline;

    fn keep(_: &str) -> Target {
        Target::Keep
    }

    fn render_plain(md: &str) -> Rendered {
        let o = outline(md);
        render(
            md,
            &o,
            &Options {
                prefix: "runbook-",
                top_level: 3,
                relative: &keep,
            },
        )
    }

    #[test]
    fn headings_take_the_loader_anchors_prefixed_and_shifted() {
        let r = render_plain("# Runbook\n\n## Deployment\n\n## Deployment\n");
        assert!(
            r.html.contains("<h3 id=\"runbook-runbook\">Runbook</h3>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<h4 id=\"runbook-deployment-1\">"),
            "{}",
            r.html
        );
        assert_eq!(r.toc.len(), 3);
        assert_eq!(r.toc[1].depth, 2);
        assert!(!r.had_html);
    }

    #[test]
    fn script_never_survives() {
        let md = "## Hi {onclick=alert(1) .x}\n\n<script>alert(1)</script>\n\n\
                  [a](javascript:alert(1)) [b](JaVa\tScRiPt:alert(1)) [c](<java\nscript:x>)\n\n\
                  <img src=x onerror=alert(1)> ![i](data:text/html,x)\n\n\
                  <a href=\"javascript:alert(1)\">z</a> [ok](https://example.com)\n";
        let r = render_plain(md);
        let lower = r.html.to_lowercase();
        for bad in ["<script", "onclick", "onerror", "javascript:", "data:text"] {
            assert!(!lower.contains(bad), "{bad} in {}", r.html);
        }
        assert!(
            r.html.contains("href=\"https://example.com\""),
            "{}",
            r.html
        );
        assert!(r.had_html);
    }

    #[test]
    fn footnotes_tables_and_tasks_render() {
        let md = "Text[^n].\n\n[^n]: The note.\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n";
        let r = render_plain(md);
        assert!(r.html.contains("href=\"#runbook-fn-n\""), "{}", r.html);
        assert!(r.html.contains("id=\"runbook-fn-n\""), "{}", r.html);
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(r.html.contains("type=\"checkbox\""), "{}", r.html);
    }

    #[test]
    fn raw_html_keeps_only_published_relative_links() {
        assert!(published_relative("#runbook-x"));
        assert!(published_relative("../REL-1/index.html#runbook-x"));
        assert!(!published_relative("../../etc/passwd"));
        assert!(!published_relative("x.png"));
        let html =
            sanitize("<img src=\"x.png\"><a href=\"#a\">a</a><a href=\"../b/index.html\">b</a>");
        assert!(!html.contains("x.png"), "{html}");
        assert!(html.contains("href=\"#a\""), "{html}");
        assert!(html.contains("href=\"../b/index.html\""), "{html}");
    }

    #[test]
    fn schemes_are_read_as_browsers_do() {
        assert_eq!(scheme("javascript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme(" j a v a script:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("runbook.md#x"), None);
        assert_eq!(scheme("#x"), None);
        assert_eq!(scheme("a/b:c"), None);
        assert_eq!(scheme("//evil.example").as_deref(), Some("//"));
    }
}

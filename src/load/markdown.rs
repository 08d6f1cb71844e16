//! The outline of a Markdown file (headings with their anchors, links),
//! as rules need it. The site renders Markdown separately but takes its
//! heading anchors from [`slugify`], so links checked here resolve there.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A heading: its level (1-6), text, anchor and byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub anchor: String,
    pub span: Range<usize>,
}

/// A link or image destination and the byte range of the link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub dest: String,
    pub span: Range<usize>,
}

/// What rules need of a Markdown file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
}

impl Outline {
    pub fn has_anchor(&self, anchor: &str) -> bool {
        self.headings.iter().any(|h| h.anchor == anchor)
    }
}

/// The Markdown extensions trainyard uses everywhere.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Reads the outline of `text`.
pub fn outline(text: &str) -> Outline {
    let mut out = Outline::default();
    let mut anchors = Anchors::default();
    let mut current: Option<(u8, String, Option<String>, Range<usize>)> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((
                    level_number(level),
                    String::new(),
                    id.map(|s| s.to_string()),
                    range,
                ));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, buf, _, _)) = current.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text, id, span)) = current.take() {
                    let anchor = match id {
                        Some(id) => anchors.claim(&id),
                        None => anchors.claim(&slugify(&text)),
                    };
                    out.headings.push(Heading {
                        level,
                        text: text.trim().to_string(),
                        anchor,
                        span,
                    });
                }
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                out.links.push(Link {
                    dest: dest_url.to_string(),
                    span: range,
                });
            }
            _ => {}
        }
    }
    out
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Hands out unique anchors in document order: a repeated slug gets
/// `-1`, `-2`, … as GitHub does.
#[derive(Default)]
pub struct Anchors {
    seen: HashMap<String, usize>,
}

impl Anchors {
    pub fn claim(&mut self, slug: &str) -> String {
        let base = if slug.is_empty() { "section" } else { slug };
        let n = self.seen.entry(base.to_string()).or_insert(0);
        let anchor = if *n == 0 {
            base.to_string()
        } else {
            format!("{base}-{n}")
        };
        *n += 1;
        anchor
    }
}

/// GitHub-style heading anchor: lower case, spaces to `-`, punctuation
/// other than `-` and `_` dropped.
pub fn slugify(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_match_github() {
        assert_eq!(slugify("Rollback"), "rollback");
        assert_eq!(slugify("7. Roll back (manual)"), "7-roll-back-manual");
        assert_eq!(slugify("Pre-checks & contacts"), "pre-checks--contacts");
    }

    #[test]
    fn outline_lists_headings_and_links() {
        let md = "# Runbook\n\n## Deployment\n\nSee [notes](notes.md#scope).\n\n## Deployment\n\n## `Verify` it\n";
        let o = outline(md);
        let anchors: Vec<_> = o.headings.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(
            anchors,
            ["runbook", "deployment", "deployment-1", "verify-it"]
        );
        assert_eq!(o.headings[1].level, 2);
        assert_eq!(o.links[0].dest, "notes.md#scope");
        assert_eq!(&md[o.links[0].span.clone()], "[notes](notes.md#scope)");
    }
}

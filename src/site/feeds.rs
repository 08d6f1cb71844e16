//! Machine-readable outputs that go into the same sink as the pages:
//! `releases.json`, the Atom feed of release notes (`feed.xml`) and the
//! iCal feeds of [`crate::feeds`] (`calendar.ics`, `windows.ics`, one per
//! service and train).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveTime, Utc};
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::clock;
use super::data::SiteData;
use super::templates::{chain, Theme};
use super::{Sink, SiteError};
use crate::model::{Stage, When};

/// Entries in the Atom feed: the most recently active releases.
pub const FEED_ENTRIES: usize = 50;

/// Writes every feed into `sink`, each iCal feed as soon as it is made.
pub fn write_all(ix: &SiteData<'_>, theme: &Theme, sink: &dyn Sink) -> Result<(), SiteError> {
    let (json, (atom, ical)) = rayon::join(
        || sink.put("releases.json", releases_json(ix)),
        || {
            rayon::join(
                || sink.put("feed.xml", atom(ix, theme)?),
                || {
                    crate::feeds::for_each_feed(ix.cx, &feed_options(ix), |f| {
                        sink.put(&ical_path(ix, &f.path), f.text.into_bytes())
                    })
                },
            )
        },
    );
    json.and(atom).and(ical)
}

/// What the iCal feeds take from the build: history, base URL, stamp.
fn feed_options(ix: &SiteData<'_>) -> crate::feeds::FeedOptions {
    // SEQUENCE: how many commits moved each release's window or stage.
    let sequences: BTreeMap<String, u32> = ix
        .history
        .map(|h| {
            ix.repo
                .releases
                .iter()
                .filter_map(|r| Some((r.id().to_string(), *h.revisions.get(&r.dir)?)))
                .collect()
        })
        .unwrap_or_default();
    // LAST-MODIFIED: the last commit that changed each release.
    let modified: BTreeMap<String, DateTime<Utc>> = ix
        .history
        .map(|h| {
            ix.repo
                .releases
                .iter()
                .filter_map(|r| Some((r.id().to_string(), *h.touched.get(&r.dir)?)))
                .collect()
        })
        .unwrap_or_default();
    // DTSTAMP: the commit built, else the build date; never the clock.
    let stamp = ix
        .history
        .and_then(|h| h.head_time)
        .unwrap_or_else(|| ix.today.and_time(NaiveTime::MIN).and_utc());
    crate::feeds::FeedOptions {
        base_url: ix.info.base_url.clone(),
        sequences,
        stamp,
        modified,
    }
}

/// Where a feed named by `crate::feeds` goes: services and trains beside
/// their pages. A service or train whose name is not a safe path segment
/// gets its page's slug instead.
pub fn ical_path(ix: &SiteData<'_>, path: &str) -> String {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        ["services", key, file] => {
            let slug = ix
                .service_slugs
                .get(*key)
                .cloned()
                .unwrap_or_else(|| super::data::slug(key));
            format!("services/{slug}/{}", super::data::slug(file))
        }
        ["trains", name, file] => {
            let found = ix
                .repo
                .trains
                .iter()
                .position(|t| t.def.name.get_ref() == name);
            let slug = found.map_or_else(|| super::data::slug(name), |i| ix.train_slugs[i].clone());
            format!("trains/{slug}/{}", super::data::slug(file))
        }
        _ => parts
            .iter()
            .map(|p| super::data::slug(p))
            .collect::<Vec<_>>()
            .join("/"),
    }
}

#[derive(Serialize)]
struct JsonRelease<'a> {
    id: &'a str,
    title: &'a str,
    service: &'a str,
    service_name: &'a str,
    version: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    impact: &'a str,
    stage: &'a str,
    manager: &'a str,
    train: Option<&'a str>,
    /// UTC instants and the local label, or null when unscheduled.
    window: Option<JsonWindow<'a>>,
    /// Absolute when the base URL is known, else relative to the site root.
    url: String,
    changes: Vec<JsonChange<'a>>,
    findings: BTreeMap<&'static str, usize>,
}

/// `releases.json` before its `releases` list; later versions may add
/// fields, never rename or drop them.
#[derive(Serialize)]
struct JsonHead<'a> {
    version: u32,
    title: &'a str,
    today: &'a str,
    zone: &'a str,
}

#[derive(Serialize)]
struct JsonWindow<'a> {
    start: &'a str,
    end: &'a str,
    local: &'a str,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    id: &'a str,
    summary: &'a str,
    status: String,
}

/// `releases.json`: every release in window order, compact, one release
/// per line (small to download, still readable line by line in a diff).
fn releases_json(ix: &SiteData<'_>) -> Vec<u8> {
    let base = ix.info.base_url.as_deref().unwrap_or("");
    let head = JsonHead {
        version: 1,
        title: &ix.info.title,
        today: &ix.info.today,
        zone: &ix.info.zone,
    };
    // Serialised straight from the structs, with no intermediate value
    // tree, and escaped as it is written (see [`Inert`]) into one buffer
    // sized for the whole file: about 900 bytes a release.
    let mut text = Vec::with_capacity(4096 + ix.chronological.len() * 1024);
    let _ = serde_json::to_writer(Inert(&mut text), &head);
    text.pop(); // the closing brace: `releases` follows
    text.extend_from_slice(b",\"releases\":[");
    for (n, &i) in ix.chronological.iter().enumerate() {
        let r = &ix.repo.releases[i];
        let row = ix.row(i);
        let release = JsonRelease {
            id: &row.id,
            title: &row.title,
            service: r.def.service.get_ref(),
            service_name: &row.service.label,
            version: &row.version,
            kind: &row.kind,
            impact: &row.impact,
            stage: &row.stage,
            manager: r.def.manager.get_ref(),
            train: r.def.train.as_ref().map(|t| t.get_ref().as_str()),
            window: row.window.as_ref().map(|w| JsonWindow {
                start: &w.start_utc,
                end: &w.end_utc,
                local: &w.label,
            }),
            url: format!("{base}{}", row.url),
            changes: r
                .def
                .changes
                .iter()
                .map(|c| JsonChange {
                    id: c.get_ref().id.get_ref(),
                    summary: c.get_ref().summary.get_ref(),
                    status: format!("{:?}", c.get_ref().status.get_ref()).to_lowercase(),
                })
                .collect(),
            findings: [("errors", row.errors), ("warnings", row.warnings)].into(),
        };
        text.extend_from_slice(if n == 0 { b"\n" } else { b",\n" });
        let _ = serde_json::to_writer(Inert(&mut text), &release);
    }
    text.extend_from_slice(b"\n]}\n");
    text
}

/// Writes JSON with `<`, `>` and `&` as `\u` escapes. They only occur
/// inside strings, so the text means the same, and the file stays inert
/// wherever it is pasted, even inside HTML.
struct Inert<'a>(&'a mut Vec<u8>);

impl std::io::Write for Inert<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        while let Some(at) = rest.iter().position(|b| matches!(b, b'<' | b'>' | b'&')) {
            self.0.extend_from_slice(&rest[..at]);
            self.0.extend_from_slice(match rest[at] {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                _ => b"\\u0026",
            });
            rest = &rest[at + 1..];
        }
        self.0.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An Atom entry as the feed template receives it.
#[derive(Serialize)]
struct Entry {
    id: String,
    title: String,
    updated: String,
    /// The release page: absolute with a base URL, else relative to the feed.
    url: String,
    summary: String,
    /// The release notes as HTML (escaped by the template).
    content: String,
    category: String,
    author: String,
}

/// The last recorded activity of a release: approvals, tests, notices,
/// readiness, turnovers, outcome; else its window start; else `today`.
fn updated(ix: &SiteData<'_>, i: usize) -> DateTime<Utc> {
    let d = &ix.repo.releases[i].def;
    let mut times: Vec<&When> = Vec::new();
    times.extend(d.approvals.iter().map(|a| a.get_ref().at.get_ref()));
    times.extend(
        d.tests
            .iter()
            .filter_map(|t| t.get_ref().at.as_ref())
            .map(|a| a.get_ref()),
    );
    times.extend(d.notifications.iter().map(|n| n.get_ref().at.get_ref()));
    times.extend(d.readiness.iter().map(|r| r.get_ref().at.get_ref()));
    times.extend(
        d.deployments
            .iter()
            .filter_map(|x| x.get_ref().at.as_ref())
            .map(|a| a.get_ref()),
    );
    if let Some(o) = &d.outcome {
        times.extend(o.get_ref().finished.iter().map(|f| f.get_ref()));
    }
    times
        .into_iter()
        .filter_map(|w| clock::resolve(ix.tz, w))
        .max()
        .or_else(|| ix.windows[i].map(|w| w.0))
        .unwrap_or_else(|| ix.today.and_time(NaiveTime::MIN).and_utc())
}

/// `feed.xml`: release notes of the most recently active releases.
fn atom(ix: &SiteData<'_>, theme: &Theme) -> Result<Vec<u8>, SiteError> {
    let mut chosen: Vec<(DateTime<Utc>, usize)> = (0..ix.repo.releases.len())
        .filter(|&i| *ix.repo.releases[i].def.stage.get_ref() != Stage::Cancelled)
        .map(|i| (updated(ix, i), i))
        .collect();
    chosen.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| ix.row(a.1).id.cmp(&ix.row(b.1).id))
    });
    chosen.truncate(FEED_ENTRIES);
    let base = ix.info.base_url.clone().unwrap_or_default();
    let entries: Vec<Result<Entry, SiteError>> = chosen
        .par_iter()
        .map(|&(t, i)| {
            let page = super::release::page_with_notes(ix, theme, i)?;
            let row = &page.row;
            Ok(Entry {
                id: format!("urn:trainyard:release:{}", row.id),
                title: format!("{} ({})", row.title, row.id),
                updated: crate::time::atom_time(t),
                url: format!("{base}{}", row.url),
                summary: format!(
                    "{} {} release of {}, stage {}; {}",
                    row.impact,
                    row.kind,
                    row.service.label,
                    row.stage,
                    row.window.as_ref().map_or_else(
                        || "not scheduled".to_string(),
                        |w| format!("deploys {}", w.label)
                    )
                ),
                content: page.notes_html,
                category: row.kind.clone(),
                author: page.manager.name,
            })
        })
        .collect();
    let entries: Vec<Entry> = entries.into_iter().collect::<Result<_, _>>()?;
    let feed_updated = chosen
        .first()
        .map(|c| c.0)
        .unwrap_or_else(|| ix.today.and_time(NaiveTime::MIN).and_utc());
    let mut ctx = Context::new();
    ctx.insert("site", &ix.info);
    ctx.insert("entries", &entries);
    ctx.insert("updated", &crate::time::atom_time(feed_updated));
    ctx.insert("base", &base);
    theme
        .tera
        .render("feed.xml", &ctx)
        .map(String::into_bytes)
        .map_err(|e| SiteError::Theme(format!("rendering feed.xml: {}", chain(&e))))
}

#[cfg(test)]
mod tests {
    use super::Inert;
    use std::io::Write;

    fn inert(value: &serde_json::Value) -> String {
        let mut out = Vec::new();
        serde_json::to_writer(Inert(&mut out), value).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn markup_characters_are_escaped_and_the_json_means_the_same() {
        let value = serde_json::json!({
            "title": "</script><b>A & B</b>",
            "plain": "nothing to escape",
            "edge": "<&>",
            "n": [1, 2],
        });
        let text = inert(&value);
        assert!(!text.contains(['<', '>', '&']), "{text}");
        assert!(
            text.contains(r"\u003c/script\u003e\u003cb\u003eA \u0026 B"),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn a_write_reports_every_byte_taken() {
        let mut out = Vec::new();
        let mut w = Inert(&mut out);
        assert_eq!(w.write(b"a<b>c&").unwrap(), 6);
        w.flush().unwrap();
        assert_eq!(out, br"a\u003cb\u003ec\u0026");
    }
}

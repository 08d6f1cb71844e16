//! The static site: a model built once from the loaded repository and
//! the findings, rendered with tera into one output sink.
//!
//! `render(repo, outcome, options, sink)` computes the shared pieces
//! ([`data::SiteData`]), renders every page in parallel and puts each
//! file into the [`Sink`]: [`Memory`] for `serve` and tests, a folder
//! ([`write::DirSink`]) for `build`, which [`write::publish`] swaps into
//! place only when complete. Feeds ([`feeds`]) put their files into the
//! same sink; the iCal feeds belong there too.

mod calendar;
mod catalog;
mod clock;
mod data;
pub mod feeds;
pub mod incremental;
pub mod markdown;
pub mod native;
mod pages;
mod period_views;
mod periods;
mod policies;
mod release;
pub mod serve;
pub mod templates;
mod timeline;
mod view;
pub mod write;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Mutex;

use chrono::NaiveDate;

use crate::resolve::Resolved;
use crate::rules::Outcome;

pub use markdown::sanitize;

/// What a build needs besides the repository and the findings.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The date pages treat as today (upcoming releases, the calendar's
    /// opening month, overdue milestones).
    pub today: NaiveDate,
    /// Absolute base URL for feeds (`--base-url`, else `[site] base_url`).
    pub base_url: Option<String>,
    /// Who moved each release to each stage, from git; `None` builds the
    /// site without history.
    pub history: Option<crate::git::History>,
    /// Why there is no history (or why it is incomplete), said on the site.
    pub history_note: Option<String>,
}

impl BuildOptions {
    /// Options without history.
    pub fn new(today: NaiveDate, base_url: Option<String>) -> Self {
        BuildOptions {
            today,
            base_url,
            history: None,
            history_note: None,
        }
    }

    /// Reads the history of the repository at `root` with git; outside a
    /// git work tree the site builds without it and says why.
    pub fn with_history_of(self, root: &std::path::Path) -> Self {
        self.with_history(crate::git::history(root))
    }

    /// The history read (see [`crate::git::history`]), or why it could not
    /// be, as the site says it.
    pub fn with_history(
        mut self,
        history: Result<crate::git::History, crate::git::GitError>,
    ) -> Self {
        match history {
            Ok(h) => {
                if !h.complete {
                    self.history_note = Some(
                        "This clone is shallow, so the stage history shows only its most recent commits."
                            .to_string(),
                    );
                }
                self.history = Some(h);
            }
            Err(e) => {
                self.history_note = Some(format!("Built without stage history: {e}."));
            }
        }
        self
    }
}

/// Why a site could not be rendered or written.
#[derive(Debug)]
pub enum SiteError {
    /// A template or asset could not be loaded or rendered.
    Theme(String),
    /// The output folder was refused (see [`write::check_out`]).
    Refused(String),
    /// Reading or writing files failed.
    Io(String),
}

impl fmt::Display for SiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SiteError::Theme(m) | SiteError::Refused(m) | SiteError::Io(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for SiteError {}

/// Where rendered files go: a path relative to the site root (with `/`)
/// and its bytes. Called from several threads at once.
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), SiteError>;
}

/// A site kept in memory, path to bytes.
#[derive(Debug, Default)]
pub struct Memory {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Memory {
    pub fn new() -> Self {
        Memory::default()
    }

    /// The files, path to bytes.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Memory {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), SiteError> {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(path.to_string(), bytes);
        Ok(())
    }
}

/// What a render produced.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// HTML pages written.
    pub pages: usize,
    /// All files written (pages, feeds, assets).
    pub files: usize,
    pub bytes: u64,
    /// Templates and assets the repository's `templates/` replaced or added.
    pub overridden: Vec<String>,
    /// Files under `templates/` that were not used.
    pub ignored: Vec<String>,
}

/// Normalises a base URL: http(s) only, with a trailing `/`.
pub fn normalize_base_url(url: &str) -> Result<String, SiteError> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !url.contains(['"', '<', '>', ' ', '\'', '`']) => {
            Ok(if url.ends_with('/') {
                url.to_string()
            } else {
                format!("{url}/")
            })
        }
        _ => Err(SiteError::Refused(format!(
            "base URL `{url}` is not an http(s) URL; write it like https://releases.example.com/"
        ))),
    }
}

/// Renders the whole site of the resolved repository `cx` with its
/// findings into `sink`.
pub fn render(
    cx: &Resolved,
    outcome: &Outcome,
    options: &BuildOptions,
    sink: &dyn Sink,
) -> Result<Summary, SiteError> {
    let repo = cx.repo;
    let theme = templates::load(&repo.root.join("templates"))?;
    let ix = data::SiteData::for_build(cx, outcome, options);
    ix.fill_rows();
    let counter = Counter {
        sink,
        stats: Mutex::new((0, 0, 0)),
    };
    let (pages, feeds) = rayon::join(
        || pages::render_all(&ix, &theme, &counter),
        || feeds::write_all(&ix, &theme, &counter),
    );
    pages?;
    feeds?;
    for (path, bytes) in &theme.assets {
        counter.put(path, bytes.clone())?;
    }
    let (pages, files, bytes) = *counter.stats.lock().unwrap_or_else(|e| e.into_inner());
    Ok(Summary {
        pages,
        files,
        bytes,
        overridden: theme.overridden,
        ignored: theme.ignored,
    })
}

/// Counts what goes through to the sink.
struct Counter<'a> {
    sink: &'a dyn Sink,
    stats: Mutex<(usize, usize, u64)>,
}

impl Sink for Counter<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), SiteError> {
        {
            let mut s = self.stats.lock().unwrap_or_else(|e| e.into_inner());
            if path.ends_with(".html") {
                s.0 += 1;
            }
            s.1 += 1;
            s.2 += bytes.len() as u64;
        }
        self.sink.put(path, bytes)
    }
}

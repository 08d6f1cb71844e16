//! The one value a run carries through its phases, in the way of a static
//! site generator: [`Pipeline::load`] reads the repository (files to the
//! model, spans kept), [`Pipeline::check`] resolves it once and runs every
//! rule over it, and [`Checked::render`] renders the site and its feeds
//! into a [`Sink`] (a folder on disk, or memory for `serve` and the tests).
//!
//! `lint`, `build`, `serve`, the tests and the benchmark all run through
//! it rather than wiring the phases by hand; `serve` keeps the loaded
//! value between rebuilds.

pub mod incremental;

use std::path::Path;

use chrono::NaiveDate;

use crate::load::Repo;
use crate::report::{self, Format, Style};
use crate::resolve::{CheckOptions, Resolved};
use crate::rules::{self, Outcome};
use crate::site::{self, BuildOptions, Sink, SiteError, Summary};

/// A loaded repository: the first phase.
#[derive(Debug)]
pub struct Pipeline {
    repo: Repo,
}

/// A checked repository: the resolved repository (built once, and what the
/// site and the feeds see too) and the rules' findings.
pub struct Checked<'a> {
    pub cx: Resolved<'a>,
    pub outcome: Outcome,
}

impl Pipeline {
    /// Loads the repository at `root`. Fails only when it cannot be walked
    /// at all; broken files become findings.
    pub fn load(root: &Path) -> std::io::Result<Pipeline> {
        Repo::load(root).map(Pipeline::from_repo)
    }

    /// A pipeline over a repository loaded some other way (from memory, or
    /// from a git revision).
    pub fn from_repo(repo: Repo) -> Pipeline {
        Pipeline { repo }
    }

    /// Reads the repository again from its root, after files changed.
    pub fn reload(&mut self) -> std::io::Result<()> {
        self.repo = Repo::load(&self.repo.root)?;
        Ok(())
    }

    pub fn repo(&self) -> &Repo {
        &self.repo
    }

    /// The loaded repository, to change in place (see
    /// [`Repo::reload_release`]).
    pub fn repo_mut(&mut self) -> &mut Repo {
        &mut self.repo
    }

    /// The loaded repository, for commands that work on it directly.
    pub fn into_repo(self) -> Repo {
        self.repo
    }

    /// `today`, or else today's date in the calendar's time zone.
    pub fn today(&self, today: Option<NaiveDate>) -> NaiveDate {
        today.unwrap_or_else(|| crate::resolve::today(&self.repo))
    }

    /// Resolves the repository as of `today` and runs every rule.
    pub fn check(&self, today: NaiveDate) -> Checked<'_> {
        let cx = Resolved::new(&self.repo, &CheckOptions { today });
        let outcome = rules::check(&cx);
        Checked { cx, outcome }
    }
}

impl Checked<'_> {
    /// Renders the site and its feeds into `sink`.
    pub fn render(&self, options: &BuildOptions, sink: &dyn Sink) -> Result<Summary, SiteError> {
        site::render(&self.cx, &self.outcome, options, sink)
    }

    /// The findings as a report in `format`.
    pub fn report(&self, format: Format, style: &Style) -> String {
        report::render(format, self.cx.repo, &self.outcome, style)
    }
}

//! `serve`'s engine: the whole site built afresh, and after a save to one
//! release file, that release's page at once from the kept repository,
//! checking only the releases that bear on its findings.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::NaiveDate;

use super::Pipeline;
use crate::diagnostic::{Finding, Rule};
use crate::load::Repo;
use crate::resolve::{CheckOptions, Resolved};
use crate::rules::{subset, Outcome};
use crate::site::serve::{Built, Rebuild};
use crate::site::templates::{self, Theme};
use crate::site::{self, BuildOptions, Memory};

/// Builds `serve`'s site. The last good build's repository and findings
/// are kept, so a save to one release file is that file parsed again and
/// put in place: the repository is then what a fresh load would give. The
/// rules run over the release and its neighbourhood (what can bear on its
/// findings, see [`subset::neighbourhood`]), whose findings for it replace
/// its old ones, and its page renders from the whole repository as in a
/// whole build.
pub struct Engine {
    root: PathBuf,
    today: Option<NaiveDate>,
    kept: Mutex<Option<Kept>>,
    /// What each changed file held when last seen (`None`: absent).
    seen: Mutex<HashMap<PathBuf, Option<Vec<u8>>>>,
}

/// The last good build: its repository, its findings (with the quick
/// updates since), the options it rendered with, and the theme once a
/// quick page needed it.
struct Kept {
    pipeline: Pipeline,
    outcome: Outcome,
    options: BuildOptions,
    theme: Option<Theme>,
}

impl Engine {
    /// An engine over the repository at `root`; `today` as `--today`.
    pub fn new(root: &Path, today: Option<NaiveDate>) -> Engine {
        Engine {
            root: root.to_path_buf(),
            today,
            kept: Mutex::new(None),
            seen: Mutex::new(HashMap::new()),
        }
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Option<Kept>> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// What the last build read from `path`, if it read it.
    fn as_built(&self, path: &Path) -> Option<Option<Vec<u8>>> {
        let rel = relative(&self.root, path)?;
        let kept = self.kept();
        let repo = kept.as_ref()?.pipeline.repo();
        let file = repo.files.iter().find(|f| f.path == rel)?;
        Some(Some(file.text.as_bytes().to_vec()))
    }
}

/// `path` relative to `root`, with `/`.
fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

impl Rebuild for Engine {
    fn unchanged(&self, paths: &[PathBuf]) -> bool {
        let mut same = true;
        for path in paths {
            let now = std::fs::read(path).ok();
            let before = {
                let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
                seen.get(path).cloned()
            };
            let before = before.or_else(|| self.as_built(path));
            same &= before.as_ref() == Some(&now);
            self.seen
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(path.clone(), now);
        }
        same
    }

    fn quick(&self, paths: &[PathBuf]) -> Option<Result<(String, Vec<u8>), String>> {
        // An editor that saves through a temporary file renamed over the
        // original reports the temporary file too: gone now, and never
        // read by the last build, it changes nothing a page shows.
        let live: Vec<&PathBuf> = paths
            .iter()
            .filter(|p| p.exists() || self.as_built(p).is_some())
            .collect();
        let [path] = live.as_slice() else {
            return None;
        };
        let rel = relative(&self.root, path)?;
        let mut kept = self.kept();
        let kept = kept.as_mut()?;
        let old_id = {
            let repo = kept.pipeline.repo();
            let r = repo
                .releases
                .iter()
                .find(|r| repo.files[r.file].path == rel)?;
            r.id().to_string()
        };
        let i = kept.pipeline.repo_mut().reload_release(&rel)?;
        let options = CheckOptions {
            today: kept.options.today,
        };
        let near = subset::neighbourhood(&Resolved::new(kept.pipeline.repo(), &options), i);
        let fresh = subset::check_releases(kept.pipeline.repo_mut(), &near, &options);
        let repo = kept.pipeline.repo();
        let cx = Resolved::new(repo, &options);
        let owner = Owner::new(repo, &cx, i);
        kept.outcome
            .findings
            .retain(|f| !owner.had(f, &old_id) && !owner.has(f));
        kept.outcome
            .findings
            .extend(fresh.findings.into_iter().filter(|f| owner.has(f)));
        if kept.theme.is_none() {
            match templates::load(&repo.root.join("templates")) {
                Ok(theme) => kept.theme = Some(theme),
                Err(e) => return Some(Err(e.to_string())),
            }
        }
        let theme = kept.theme.as_ref()?;
        Some(
            site::incremental::release_page(&cx, &kept.outcome, &kept.options, theme, i)
                .map_err(|e| e.to_string()),
        )
    }

    fn full(&self) -> Result<Built, String> {
        let root = &self.root;
        let cannot =
            |e: std::io::Error| format!("cannot read the repository at {}: {e}", root.display());
        let pipeline = Pipeline::load(root).map_err(cannot)?;
        match render(&pipeline, self.today) {
            Ok((built, outcome, options)) => {
                *self.kept() = Some(Kept {
                    pipeline,
                    outcome,
                    options,
                    theme: None,
                });
                Ok(built)
            }
            Err(e) => {
                // No quick page from a site that does not build.
                *self.kept() = None;
                Err(e)
            }
        }
    }
}

/// Which findings the site shows on release `i`'s page, as the site
/// assigns them: those in its files, and those naming its id in a file
/// that belongs to no release, when it is the first release with that id.
struct Owner {
    files: Vec<usize>,
    id: String,
    first: bool,
    release_files: HashSet<usize>,
}

impl Owner {
    fn new(repo: &Repo, cx: &Resolved, i: usize) -> Owner {
        let r = &repo.releases[i];
        let files = [
            Some(r.file),
            r.runbook.as_ref().map(|m| m.file),
            r.notes.as_ref().map(|m| m.file),
        ];
        Owner {
            files: files.into_iter().flatten().collect(),
            id: r.id().to_string(),
            first: cx.release(r.id()).is_some_and(|first| first.file == r.file),
            release_files: repo
                .releases
                .iter()
                .flat_map(|r| {
                    [
                        Some(r.file),
                        r.runbook.as_ref().map(|m| m.file),
                        r.notes.as_ref().map(|m| m.file),
                    ]
                })
                .flatten()
                .collect(),
        }
    }

    fn named(&self, f: &Finding, id: &str) -> bool {
        !self.release_files.contains(&f.file) && f.release.as_deref() == Some(id)
    }

    /// Whether `f` is on the page now.
    fn has(&self, f: &Finding) -> bool {
        self.files.contains(&f.file) || (self.first && self.named(f, &self.id))
    }

    /// Whether `f` may have been on the page when the release's id was
    /// `old_id`.
    fn had(&self, f: &Finding, old_id: &str) -> bool {
        self.files.contains(&f.file) || self.named(f, old_id)
    }
}

/// Checks and renders the loaded repository into memory, as `build` does
/// with its history; also its findings and the options it rendered with.
fn render(
    pipeline: &Pipeline,
    flag_today: Option<NaiveDate>,
) -> Result<(Built, Outcome, BuildOptions), String> {
    let repo = pipeline.repo();
    let today = pipeline.today(flag_today);
    let checked = pipeline.check(today);
    let base_url = base_url(repo).map_err(|e| e.to_string())?;
    let options = BuildOptions::new(today, base_url).with_history_of(&repo.root);
    let memory = Memory::new();
    checked
        .render(&options, &memory)
        .map_err(|e| e.to_string())?;
    let problems = checked
        .outcome
        .findings
        .iter()
        .filter(|f| matches!(f.rule, Rule::ParseError | Rule::SchemaError))
        .map(|f| {
            let (path, start, _) = crate::report::locate(repo, f);
            format!("{path}:{}:{}: {}", start.line, start.column, f.message)
        })
        .collect();
    let built = Built {
        files: memory.into_files(),
        problems,
    };
    Ok((built, checked.outcome, options))
}

/// `[site] base_url` of trainyard.toml, normalised, as `build` reads it
/// without `--base-url`.
fn base_url(repo: &Repo) -> Result<Option<String>, site::SiteError> {
    repo.config
        .def
        .site
        .base_url
        .clone()
        .filter(|u| !u.trim().is_empty())
        .map(|u| site::normalize_base_url(&u))
        .transpose()
}

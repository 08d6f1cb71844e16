//! `serve`'s engine: the whole site built afresh, and after a save to one
//! release file, that release's page at once from the kept repository.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::NaiveDate;

use super::Pipeline;
use crate::diagnostic::Rule;
use crate::load::Repo;
use crate::site::serve::{Built, Rebuild};
use crate::site::{self, BuildOptions, Memory};

/// Builds `serve`'s site. The last good build's repository is kept, so a
/// save to one release file is that file parsed again and put in place:
/// the repository is then what a fresh load would give, and the rules and
/// the page run over it exactly as in a whole build.
pub struct Engine {
    root: PathBuf,
    today: Option<NaiveDate>,
    kept: Mutex<Option<Kept>>,
    /// What each changed file held when last seen (`None`: absent).
    seen: Mutex<HashMap<PathBuf, Option<Vec<u8>>>>,
}

/// The last good build: its repository and the options it rendered with.
struct Kept {
    pipeline: Pipeline,
    options: BuildOptions,
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
        let [path] = paths else { return None };
        let rel = relative(&self.root, path)?;
        let mut kept = self.kept();
        let kept = kept.as_mut()?;
        let i = kept.pipeline.repo_mut().reload_release(&rel)?;
        let checked = kept.pipeline.check(kept.options.today);
        Some(
            site::incremental::release_page(&checked.cx, &checked.outcome, &kept.options, i)
                .map_err(|e| e.to_string()),
        )
    }

    fn full(&self) -> Result<Built, String> {
        let root = &self.root;
        let cannot =
            |e: std::io::Error| format!("cannot read the repository at {}: {e}", root.display());
        let pipeline = Pipeline::load(root).map_err(cannot)?;
        match render(&pipeline, self.today) {
            Ok((built, options)) => {
                *self.kept() = Some(Kept { pipeline, options });
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

/// Checks and renders the loaded repository into memory, as `build` does
/// with its history; also the options it rendered with.
fn render(
    pipeline: &Pipeline,
    flag_today: Option<NaiveDate>,
) -> Result<(Built, BuildOptions), String> {
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
    Ok((built, options))
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

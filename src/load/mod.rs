//! Loading: walk the repository, parse every file in parallel, keep the
//! source of each for diagnostics. Broken files become `parse-error` and
//! `schema-error` findings; every other file still loads.

pub mod fast;
mod markdown;
mod parse;
mod reload;
mod validate;
mod walk;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use markdown::{
    options as markdown_options, outline, slugify, Anchors, Heading, Link, Outline,
};
pub use parse::parse_toml;
pub use walk::find_root;

use crate::diagnostic::{Finding, Level, Rule};
use crate::model::{
    CalendarDef, Config, EnvironmentsDef, FileId, PeopleDef, Policy, ReleaseDef, ServicesDef,
    SourceFile, TrainDef,
};
use walk::{Found, Kind};

/// A file's model with the file it came from (`None` when the file is
/// absent and defaults apply).
#[derive(Clone, Debug, Default)]
pub struct Doc<T> {
    pub file: Option<FileId>,
    pub def: T,
}

/// A Markdown file beside a release.
#[derive(Clone, Debug)]
pub struct MarkdownFile {
    pub file: FileId,
    pub outline: Outline,
}

/// One release that parsed.
#[derive(Clone, Debug)]
pub struct Release {
    /// The folder name under `releases/`.
    pub dir: String,
    pub file: FileId,
    pub def: Box<ReleaseDef>,
    pub runbook: Option<MarkdownFile>,
    pub notes: Option<MarkdownFile>,
    /// Every file in the release folder (and one level of subfolders),
    /// relative to the folder with `/`, sorted: what links may point at.
    pub files: Vec<String>,
}

impl Release {
    pub fn id(&self) -> &str {
        self.def.id.get_ref()
    }
}

/// A release train.
#[derive(Clone, Debug)]
pub struct Train {
    /// The file stem under `releases/trains/`.
    pub stem: String,
    pub file: FileId,
    pub def: TrainDef,
}

/// A policy file.
#[derive(Clone, Debug)]
pub struct PolicyDoc {
    pub file: FileId,
    pub def: Policy,
}

/// The catalogue and policy files that are there but did not load (a
/// `parse-error` or `schema-error` says why). Their defaults stand in for
/// them, so the rules do not check what depends on them against them, and
/// the summary says so.
#[derive(Clone, Debug, Default)]
pub struct Unloaded {
    pub calendar: Option<FileId>,
    pub services: Option<FileId>,
    pub people: Option<FileId>,
    pub environments: Option<FileId>,
    /// Release-type policies by name (the file stem).
    pub policies: BTreeMap<String, FileId>,
}

impl Unloaded {
    /// True when the policy of type `name` is there but did not load.
    pub fn policy(&self, name: &str) -> bool {
        self.policies.contains_key(name)
    }
}

/// A whole release repository, loaded.
#[derive(Clone, Debug, Default)]
pub struct Repo {
    pub root: PathBuf,
    /// Every file read, in path order; findings point into these.
    pub files: Vec<SourceFile>,
    pub config: Doc<Config>,
    pub calendar: Doc<CalendarDef>,
    pub services: Doc<ServicesDef>,
    pub people: Doc<PeopleDef>,
    pub environments: Doc<EnvironmentsDef>,
    /// Release-type policies by name (the file stem).
    pub policies: BTreeMap<String, PolicyDoc>,
    /// Releases that parsed, in folder order.
    pub releases: Vec<Release>,
    /// Every folder under `releases/` with a release.toml, parsed or not,
    /// with the file.
    pub release_dirs: Vec<(String, FileId)>,
    pub trains: Vec<Train>,
    /// `[lint]` in trainyard.toml: the level set for each rule, read when
    /// the configuration loads (entries that name no rule or no level are
    /// `schema-error` findings instead).
    pub levels: BTreeMap<Rule, Level>,
    /// `parse-error` and `schema-error` findings from loading.
    pub findings: Vec<Finding>,
    /// Catalogue and policy files that did not load.
    pub unloaded: Unloaded,
}

impl Repo {
    /// Loads the repository at `root`. Fails only when the repository
    /// cannot be walked at all; broken files become findings.
    pub fn load(root: &Path) -> std::io::Result<Repo> {
        let (found, skipped, folder_files) = walk::discover(root)?;
        let read: Vec<(Found, Result<String, Unreadable>)> = found
            .into_par_iter()
            .map(|f| {
                let text = read_text(&f.path);
                (f, text)
            })
            .collect();
        Ok(Repo::assemble(root, read, skipped, folder_files))
    }

    /// Loads a repository from files already in memory: `(path relative to
    /// the root with `/`, contents)` pairs, such as the tree of a git
    /// revision. Paths trainyard does not read are ignored; the files are
    /// parsed exactly as [`Repo::load`] parses them from disk.
    pub fn from_files(root: &Path, files: Vec<(String, Vec<u8>)>) -> Repo {
        let mut folder_files = walk::FolderFiles::new();
        for (rel, _) in &files {
            if let ["releases", dir, rest @ ..] = rel.split('/').collect::<Vec<_>>().as_slice() {
                if *dir != "trains" && (1..=2).contains(&rest.len()) {
                    folder_files
                        .entry(dir.to_string())
                        .or_default()
                        .push(rest.join("/"));
                }
            }
        }
        for names in folder_files.values_mut() {
            names.sort();
        }
        let mut read: Vec<(Found, Result<String, Unreadable>)> = files
            .into_par_iter()
            .filter_map(|(rel, bytes)| {
                let kind = match rel.as_str() {
                    "trainyard.toml" => Kind::Config,
                    _ => walk::classify(&rel)?,
                };
                let path = root.join(&rel);
                Some((Found { kind, rel, path }, decode(bytes)))
            })
            .collect();
        read.sort_by(|a, b| a.0.cmp(&b.0));
        Repo::assemble(root, read, Vec::new(), folder_files)
    }

    /// Parses files read (from disk or from git) into a repository.
    fn assemble(
        root: &Path,
        read: Vec<(Found, Result<String, Unreadable>)>,
        skipped: Vec<walk::Skipped>,
        mut folder_files: walk::FolderFiles,
    ) -> Repo {
        let mut repo = Repo {
            root: root.to_path_buf(),
            ..Repo::default()
        };
        for s in skipped {
            let file = repo.add_file(s.rel.clone(), String::new());
            repo.findings.push(
                Finding::new(
                    Rule::ParseError,
                    file,
                    0..0,
                    format!("{} {}", s.rel, s.reason),
                )
                .help(s.help),
            );
        }
        // File ids are assigned in path order so that output is stable.
        // (kind, file, why it could not be read and where).
        type Pending = (Kind, FileId, Option<(String, &'static str, usize)>);
        let mut parsed: Vec<Pending> = Vec::with_capacity(read.len());
        repo.files.reserve_exact(read.len());
        for (f, text) in read {
            match text {
                Ok(text) => {
                    let id = repo.add_file(f.rel, text);
                    parsed.push((f.kind, id, None));
                }
                Err(u) => {
                    let id = repo.add_file(f.rel, u.lossy);
                    parsed.push((f.kind, id, Some((u.problem, u.help, u.offset))));
                }
            }
        }
        let files = &repo.files;
        let results: Vec<Loaded> = parsed
            .into_par_iter()
            .map(|(kind, id, problem)| match problem {
                Some((problem, help, offset)) => {
                    Loaded::Unreadable(kind, id, problem, help, offset)
                }
                None => parse_one(kind, id, &files[id].text),
            })
            .collect();
        // Reserved up front: grown by doubling, a vector of 100,000
        // releases is copied again and again into fresh memory. (Each
        // release's model is boxed for the same reason: it is moved here
        // as a pointer, not as a kilobyte.)
        let releases = results
            .iter()
            .filter(|l| matches!(l, Loaded::Release(..)))
            .count();
        repo.releases.reserve_exact(releases);
        repo.release_dirs.reserve_exact(releases);
        let mut markdown = Vec::with_capacity(results.len() - releases);
        for loaded in results {
            match loaded {
                Loaded::Markdown { .. } => markdown.push(loaded),
                other => repo.absorb(other),
            }
        }
        repo.releases.sort_by(|a, b| a.dir.cmp(&b.dir));
        for r in &mut repo.releases {
            r.files = folder_files.remove(&r.dir).unwrap_or_default();
        }
        for md in markdown {
            repo.absorb(md);
        }
        repo.release_dirs.sort();
        repo.findings.extend(validate::validate(&repo));
        repo.levels = validate::levels(&repo);
        repo
    }

    fn add_file(&mut self, rel: String, text: String) -> FileId {
        self.files.push(SourceFile::new(rel, text));
        self.files.len() - 1
    }

    /// The path of `file` relative to the root.
    pub fn path(&self, file: FileId) -> &str {
        &self.files[file].path
    }

    /// The release with id `id`.
    pub fn release(&self, id: &str) -> Option<&Release> {
        self.releases.iter().find(|r| r.id() == id)
    }

    /// Notes a catalogue or policy file that did not load.
    fn unloaded(&mut self, kind: &Kind, file: FileId) {
        let u = &mut self.unloaded;
        match kind {
            Kind::Calendar => u.calendar = Some(file),
            Kind::Services => u.services = Some(file),
            Kind::People => u.people = Some(file),
            Kind::Environments => u.environments = Some(file),
            Kind::Policy(name) => {
                u.policies.insert(name.clone(), file);
            }
            _ => {}
        }
    }

    fn absorb(&mut self, loaded: Loaded) {
        match loaded {
            Loaded::Unreadable(kind, file, problem, help, offset) => {
                self.unloaded(&kind, file);
                if let Kind::Release(dir) = &kind {
                    self.release_dirs.push((dir.clone(), file));
                }
                let span = self.files[file].clamp(&(offset..offset + 1));
                let mut f = Finding::new(Rule::ParseError, file, span, problem).help(help);
                if let Kind::Release(dir) = kind {
                    f = f.release(dir);
                }
                self.findings.push(f);
            }
            Loaded::Failed(kind, file, finding) => {
                self.unloaded(&kind, file);
                let finding = match &kind {
                    Kind::Release(dir) => {
                        self.release_dirs.push((dir.clone(), file));
                        let id =
                            release_id_in(&self.files[file].text).unwrap_or_else(|| dir.clone());
                        finding.release(id)
                    }
                    _ => finding,
                };
                self.findings.push(finding);
            }
            Loaded::Config(file, def) => {
                self.config = Doc {
                    file: Some(file),
                    def,
                }
            }
            Loaded::Calendar(file, def) => {
                self.calendar = Doc {
                    file: Some(file),
                    def,
                }
            }
            Loaded::Services(file, def) => {
                self.services = Doc {
                    file: Some(file),
                    def,
                }
            }
            Loaded::People(file, def) => {
                self.people = Doc {
                    file: Some(file),
                    def,
                }
            }
            Loaded::Environments(file, def) => {
                self.environments = Doc {
                    file: Some(file),
                    def,
                }
            }
            Loaded::Policy(name, file, def) => {
                self.policies.insert(name, PolicyDoc { file, def });
            }
            Loaded::Release(dir, file, def) => {
                self.release_dirs.push((dir.clone(), file));
                self.releases.push(Release {
                    dir,
                    file,
                    def,
                    runbook: None,
                    notes: None,
                    files: Vec::new(),
                });
            }
            Loaded::Markdown {
                dir,
                file,
                outline,
                runbook,
            } => {
                let md = MarkdownFile { file, outline };
                // Releases are sorted by folder by now.
                if let Ok(i) = self.releases.binary_search_by(|r| r.dir.as_str().cmp(&dir)) {
                    let r = &mut self.releases[i];
                    if runbook {
                        r.runbook = Some(md);
                    } else {
                        r.notes = Some(md);
                    }
                }
            }
            Loaded::Train(stem, file, def) => self.trains.push(Train { stem, file, def }),
        }
    }
}

/// The result of reading one file.
enum Loaded {
    Unreadable(Kind, FileId, String, &'static str, usize),
    Failed(Kind, FileId, Finding),
    Config(FileId, Config),
    Calendar(FileId, CalendarDef),
    Services(FileId, ServicesDef),
    People(FileId, PeopleDef),
    Environments(FileId, EnvironmentsDef),
    Policy(String, FileId, Policy),
    Release(String, FileId, Box<ReleaseDef>),
    Markdown {
        dir: String,
        file: FileId,
        outline: Outline,
        runbook: bool,
    },
    Train(String, FileId, TrainDef),
}

fn parse_one(kind: Kind, file: FileId, text: &str) -> Loaded {
    fn or_failed<T>(
        kind: Kind,
        file: FileId,
        r: Result<T, Finding>,
        ok: impl FnOnce(Kind, T) -> Loaded,
    ) -> Loaded {
        match r {
            Ok(v) => ok(kind, v),
            Err(f) => Loaded::Failed(kind, file, f),
        }
    }
    match kind {
        Kind::Config => or_failed(kind, file, parse_toml(text, file), |_, d| {
            Loaded::Config(file, d)
        }),
        Kind::Calendar => or_failed(kind, file, parse_toml(text, file), |_, d| {
            Loaded::Calendar(file, d)
        }),
        Kind::Services => or_failed(kind, file, parse_toml(text, file), |_, d| {
            Loaded::Services(file, d)
        }),
        Kind::People => or_failed(kind, file, parse_toml(text, file), |_, d| {
            Loaded::People(file, d)
        }),
        Kind::Environments => or_failed(kind, file, parse_toml(text, file), |_, d| {
            Loaded::Environments(file, d)
        }),
        Kind::Policy(_) => or_failed(kind, file, parse_toml(text, file), |k, d| match k {
            Kind::Policy(name) => Loaded::Policy(name, file, d),
            _ => unreachable!("kind is Policy"),
        }),
        Kind::Release(_) => or_failed(kind, file, parse_toml(text, file), |k, d| match k {
            Kind::Release(dir) => Loaded::Release(dir, file, Box::new(d)),
            _ => unreachable!("kind is Release"),
        }),
        Kind::Train(_) => or_failed(kind, file, parse_toml(text, file), |k, d| match k {
            Kind::Train(stem) => Loaded::Train(stem, file, d),
            _ => unreachable!("kind is Train"),
        }),
        Kind::Runbook(dir) => Loaded::Markdown {
            dir,
            file,
            outline: outline(text),
            runbook: true,
        },
        Kind::Notes(dir) => Loaded::Markdown {
            dir,
            file,
            outline: outline(text),
            runbook: false,
        },
    }
}

/// A file that could not be read as text.
struct Unreadable {
    problem: String,
    /// What to do about it.
    help: &'static str,
    /// The text as far as it can be shown (lossily decoded).
    lossy: String,
    /// Byte offset of the problem in `lossy`.
    offset: usize,
}

/// Reads a file as UTF-8, or says why it cannot be. One open and, for a
/// file that fits the thread's buffer, one read: a short read of a regular
/// file is its end. The buffer is reused from file to file, and the text
/// is copied out at its exact size.
fn read_text(path: &Path) -> Result<String, Unreadable> {
    use std::io::Read;
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let cannot_read = |e: std::io::Error| Unreadable {
        problem: format!("could not read the file: {e}"),
        help: "check that the file exists and that its permissions let trainyard read it",
        lossy: String::new(),
        offset: 0,
    };
    let mut file = std::fs::File::open(path).map_err(cannot_read)?;
    BUFFER.with_borrow_mut(|buf| {
        if buf.len() < READ_CHUNK {
            buf.resize(READ_CHUNK, 0);
        }
        let mut len = 0;
        loop {
            if len == buf.len() {
                // Refuse an oversized file rather than read it into memory.
                if len > MAX_FILE_BYTES {
                    let size = file.metadata().map_or(len as u64, |m| m.len());
                    return Err(too_large(size));
                }
                buf.resize((len * 2).min(MAX_FILE_BYTES + 1), 0);
            }
            let wanted = buf.len() - len;
            match file.read(&mut buf[len..]) {
                Ok(0) => break,
                Ok(n) => {
                    len += n;
                    if n < wanted {
                        break;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(cannot_read(e)),
            }
        }
        match std::str::from_utf8(&buf[..len]) {
            Ok(text) => Ok(text.to_string()),
            Err(_) => decode(buf[..len].to_vec()),
        }
    })
}

/// The size of a read, and of the buffer each thread starts with: larger
/// than any ordinary release or runbook.
const READ_CHUNK: usize = 64 * 1024;

/// The largest file trainyard reads: far above any real release, policy
/// or runbook, and low enough that a stray dump cannot exhaust memory.
pub const MAX_FILE_BYTES: usize = 10_000_000;

fn too_large(size: u64) -> Unreadable {
    Unreadable {
        problem: format!(
            "the file is {:.1} MB, more than the {} MB trainyard reads",
            size as f64 / 1e6,
            MAX_FILE_BYTES / 1_000_000
        ),
        help: "keep only the release's own text in the file; move logs and attachments elsewhere",
        lossy: String::new(),
        offset: 0,
    }
}

/// Decodes a file's bytes as UTF-8, or says where they are not.
fn decode(bytes: Vec<u8>) -> Result<String, Unreadable> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        Unreadable {
            problem: format!("the file is not UTF-8 text (byte {offset} is not valid UTF-8)"),
            help: "save the file as UTF-8 text (most editors offer \"Save with encoding\")",
            lossy: String::from_utf8_lossy(e.as_bytes()).into_owned(),
            offset,
        }
    })
}

/// The `id = "…"` of a release file that did not parse as a whole.
fn release_id_in(text: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let rest = l
            .trim()
            .strip_prefix("id")?
            .trim_start()
            .strip_prefix('=')?
            .trim();
        let v = rest.strip_prefix('"')?.split('"').next()?;
        (!v.is_empty()).then(|| v.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_files_whole_around_the_buffer_size() {
        let dir = tempfile::tempdir().unwrap();
        for size in [
            0,
            1,
            READ_CHUNK - 1,
            READ_CHUNK,
            READ_CHUNK + 1,
            3 * READ_CHUNK + 7,
        ] {
            let text: String = (0..size)
                .map(|i| char::from(b'a' + (i % 26) as u8))
                .collect();
            let path = dir.path().join(format!("f{size}.md"));
            std::fs::write(&path, &text).unwrap();
            let read = read_text(&path).ok().unwrap();
            assert_eq!(read.len(), size);
            assert_eq!(read, text);
        }
    }

    #[test]
    fn refuses_oversized_and_non_utf8_files() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.toml");
        std::fs::write(&big, vec![b'#'; MAX_FILE_BYTES + 10]).unwrap();
        let e = read_text(&big).err().unwrap();
        assert!(
            e.problem.contains("10.0 MB, more than the 10 MB"),
            "{}",
            e.problem
        );
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, b"id = \"\xff\"\n").unwrap();
        let e = read_text(&bad).err().unwrap();
        assert_eq!(e.offset, 6);
        assert_eq!(e.lossy, "id = \"\u{fffd}\"\n");
        let e = read_text(&dir.path().join("missing.toml")).err().unwrap();
        assert!(
            e.problem.starts_with("could not read the file"),
            "{}",
            e.problem
        );
    }
}

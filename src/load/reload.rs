//! Replacing one release file in a loaded repository, for `serve`'s quick
//! update after a save: the result equals loading the whole tree afresh.

use std::path::Path;

use super::walk::Kind;
use super::{parse_one, read_text, validate, Loaded, Repo};
use crate::diagnostic::Rule;
use crate::model::SourceFile;

impl Repo {
    /// Reads `releases/<dir>/release.toml` (`rel`, relative to the root
    /// with `/`) again from disk and puts it in place of the one loaded.
    /// Returns the release's index in [`Repo::releases`], or `None` (and
    /// leaves the repository as it was) when the change is not that
    /// simple: the file is new, gone, unreadable or no longer parses, or
    /// it did not parse before. Then only a whole load is right.
    pub fn reload_release(&mut self, rel: &str) -> Option<usize> {
        let dir = match rel.split('/').collect::<Vec<_>>().as_slice() {
            ["releases", dir, "release.toml"] if *dir != "trains" => dir.to_string(),
            _ => return None,
        };
        let i = self
            .releases
            .binary_search_by(|r| r.dir.as_str().cmp(&dir))
            .ok()?;
        let file = self.releases[i].file;
        if self.files[file].path != rel {
            return None;
        }
        // A file that had a parse or schema error may have left marks the
        // loader keeps elsewhere (unloaded files, ids read from the text).
        let broken = |f: &crate::diagnostic::Finding| {
            f.file == file && matches!(f.rule, Rule::ParseError | Rule::SchemaError)
        };
        if self.findings.iter().any(broken) {
            return None;
        }
        let text = read_text(&self.root.join(Path::new(rel))).ok()?;
        let Loaded::Release(_, _, def) = parse_one(Kind::Release(dir), file, &text) else {
            return None;
        };
        self.files[file] = SourceFile::new(rel, text);
        self.releases[i].def = def;
        // Shape checks of this release only look at the release itself.
        let mine: Vec<_> = validate::validate(self)
            .into_iter()
            .filter(|f| f.file == file)
            .collect();
        self.findings.retain(|f| f.file != file);
        self.findings.extend(mine);
        Some(i)
    }
}

//! Templates and assets: built into the binary, overridden file by file
//! by the repository's own `templates/` folder.
//!
//! `templates/NAME.html` (or `.xml`) replaces the built-in template of the
//! same name; `templates/assets/FILE` replaces or adds `assets/FILE` in
//! the output. A file identical to the built-in one replaces nothing (this
//! project's own `templates/` is where the built-ins come from). Tera
//! autoescapes every `.html` and `.xml` template.
//!
//! `trainyard templates` writes the built-ins out for editing.

use std::collections::BTreeMap;
use std::path::Path;

use tera::Tera;

use super::SiteError;

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/", $name)))),*]
    };
}

/// The built-in templates by name.
pub const TEMPLATES: &[(&str, &str)] = builtin![
    "base.html",
    "macros.html",
    "index.html",
    "calendar.html",
    "releases.html",
    "release.html",
    "partials/notes.html",
    "services.html",
    "service.html",
    "trains.html",
    "train.html",
    "policies.html",
    "findings.html",
    "findings_rule.html",
    "404.html",
    "feed.xml",
];

/// The built-in assets by output path.
pub const ASSETS: &[(&str, &[u8])] = &[(
    "assets/style.css",
    include_bytes!("../../templates/assets/style.css"),
)];

/// Every built-in file, templates then assets, by its path under
/// `templates/`.
pub fn builtins() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    TEMPLATES
        .iter()
        .map(|(n, s)| (*n, s.as_bytes()))
        .chain(ASSETS.iter().copied())
}

/// Largest override file read (templates and assets are small).
const MAX_OVERRIDE: u64 = 8 * 1024 * 1024;

/// The templates in use, the assets to write, and what the repository
/// overrode or had that was not used.
pub struct Theme {
    pub tera: Tera,
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Template and asset names the repository replaced or added.
    pub overridden: Vec<String>,
    /// Files under `templates/` that are neither templates nor assets.
    pub ignored: Vec<String>,
}

/// Loads the built-in templates and the overrides under `dir` (the
/// repository's `templates/`, which may be absent).
pub fn load(dir: &Path) -> Result<Theme, SiteError> {
    let mut sources: BTreeMap<String, String> = TEMPLATES
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    let mut assets: BTreeMap<String, Vec<u8>> = ASSETS
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    let mut overridden = Vec::new();
    let mut ignored = Vec::new();
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry
                .map_err(|e| SiteError::Theme(format!("cannot read {}: {e}", dir.display())))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(dir) else {
                continue;
            };
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let hidden = name.split('/').any(|s| s.starts_with('.'));
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            if hidden || size > MAX_OVERRIDE {
                ignored.push(format!("templates/{name}"));
                continue;
            }
            let read = || {
                std::fs::read(entry.path())
                    .map_err(|e| SiteError::Theme(format!("cannot read templates/{name}: {e}")))
            };
            if name.starts_with("assets/") {
                let bytes = read()?;
                if assets.get(&name) != Some(&bytes) {
                    assets.insert(name.clone(), bytes);
                    overridden.push(name);
                }
            } else if name.ends_with(".html") || name.ends_with(".xml") {
                let text = String::from_utf8(read()?)
                    .map_err(|_| SiteError::Theme(format!("templates/{name} is not UTF-8 text")))?;
                if sources.get(&name) != Some(&text) {
                    sources.insert(name.clone(), text);
                    overridden.push(name);
                }
            } else {
                ignored.push(format!("templates/{name}"));
            }
        }
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape);
    tera.register_filter("mailto", mailto_filter);
    tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .map_err(|e| SiteError::Theme(chain(&e)))?;
    Ok(Theme {
        tera,
        assets,
        overridden,
        ignored,
    })
}

/// Escapes text for HTML and XML element content and quoted attributes.
/// Unlike tera's default it leaves `/` alone, so URLs stay readable.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// Appends `s` to `out`, escaped as [`escape`] escapes it.
pub fn escape_into(out: &mut String, s: &str) {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// `mailto:` and the address, with every character a URL may not hold
/// percent-encoded, so a malformed address still makes a valid link.
pub fn mailto(address: &str) -> String {
    let mut out = String::from("mailto:");
    for b in address.bytes() {
        if b.is_ascii_alphanumeric() || b"!$&'()*+,-./:;=?@_~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn mailto_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    match value.as_str() {
        Some(s) => Ok(tera::Value::String(mailto(s))),
        None => Err(tera::Error::msg("the mailto filter takes an email address")),
    }
}

/// A tera error with its causes, on one line each.
pub fn chain(e: &tera::Error) -> String {
    let mut out = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{escape, mailto};

    #[test]
    fn mailto_encodes_what_a_url_may_not_hold() {
        assert_eq!(mailto("ana@example.com"), "mailto:ana@example.com");
        assert_eq!(mailto("\"><b>@x.org"), "mailto:%22%3E%3Cb%3E@x.org");
        assert_eq!(mailto("é 1%@x"), "mailto:%C3%A9%201%25@x");
    }

    #[test]
    fn escapes_markup_but_not_slashes() {
        assert_eq!(escape("a/b"), "a/b");
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("ç<ü"), "ç&lt;ü");
    }
}

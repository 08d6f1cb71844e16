//! A link (rollback procedure, runbook or notes) points at a missing file or heading
//!
//! ## What it does
//! Checks `[rollback] procedure` when it is a link (`runbook.md#rollback`) and
//! every Markdown link in runbook.md and notes.md. Relative links are resolved
//! against the release folder; a file must exist there (files in the folder and
//! one level of subfolders are known, and other release folders, trains and
//! policies can be linked to), and an `#anchor` in runbook.md or notes.md must
//! be a heading's anchor (GitHub style: `## Roll back` is `#roll-back`).
//! External links (`https:`, `mailto:`, any scheme) and absolute paths are not
//! checked.
//!
//! ## Why
//! Runbooks are read in the middle of a deployment; a rollback procedure link
//! that goes nowhere costs minutes nobody has.
//!
//! ## Example
//! ```toml
//! [rollback]
//! procedure = "runbook.md#roll-back"     # the heading is "## Rollback"
//! ```
//!
//! Use instead:
//! ```toml
//! [rollback]
//! procedure = "runbook.md#rollback"
//! ```

use std::ops::Range;

use crate::diagnostic::{Finding, Rule};
use crate::load::{slugify, MarkdownFile, Outline, Release};
use crate::model::FileId;
use crate::resolve::Resolved;
use crate::rules::criteria::and_list;

/// broken-link for one release: its rollback procedure, and the links in
/// its runbook and notes.
pub(super) fn check(cx: &Resolved, r: &Release, out: &mut Vec<Finding>) {
    if let Some(rb) = &r.def.rollback {
        if let Some(p) = &rb.get_ref().procedure {
            let text = p.get_ref().trim();
            // Free text ("see runbook section 7") is not a link.
            let is_link = !text.is_empty()
                && !text.contains(char::is_whitespace)
                && (text.contains('#') || text.contains('.'));
            if is_link {
                let dest = if text.starts_with('#') {
                    format!("runbook.md{text}")
                } else {
                    text.to_string()
                };
                link(cx, r, r.file, p.span(), &dest, "release.toml", out);
            }
        }
    }
    for (md, name) in [(&r.runbook, "runbook.md"), (&r.notes, "notes.md")] {
        if let Some(MarkdownFile { file, outline }) = md {
            for l in &outline.links {
                link(cx, r, *file, l.span.clone(), &l.dest, name, out);
            }
        }
    }
}

/// Checks one link written in `from` (`release.toml`, `runbook.md`,
/// `notes.md`) of release `r`.
fn link(
    cx: &Resolved,
    r: &Release,
    file: FileId,
    span: Range<usize>,
    dest: &str,
    from: &str,
    out: &mut Vec<Finding>,
) {
    let dest = dest.trim();
    if dest.is_empty() || unchecked(dest) {
        return;
    }
    let (path_part, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(percent_decode(a))),
        None => (dest, None),
    };
    let path_part = path_part.split('?').next().unwrap_or("");
    let path_part = percent_decode(path_part);
    let rel = if path_part.is_empty() {
        from.to_string()
    } else {
        path_part
    };
    let base = ["releases", r.dir.as_str()];
    let finding = |message: String, help: String| {
        Finding::new(Rule::BrokenLink, file, span.clone(), message)
            .help(help)
            .release(r.id())
    };
    let Some(parts) = resolve_path(&base, &rel) else {
        out.push(finding(
            format!("the link `{dest}` in {from} leads out of the repository"),
            "link to a file inside the repository, or use a full https: address".into(),
        ));
        return;
    };
    let shown = parts.join("/");
    if r.runbook.is_none() && parts == [base[0], base[1], "runbook.md"] {
        // missing-runbook reports the runbook itself, from build on.
        return;
    }
    match target(cx, &parts) {
        Target::Unknown => {}
        Target::Missing(candidates) => {
            let name = parts.get(2..).map_or(String::new(), |p| p.join("/"));
            let near = crate::suggest::closest(&name, candidates.iter().map(String::as_str));
            let help = match near {
                Some(n) => format!("did you mean `{n}`? Fix the link, or add the file {shown}"),
                None => format!("add the file {shown}, or fix the link"),
            };
            out.push(finding(
                format!("the link `{dest}` in {from} points at {shown}, which does not exist"),
                help,
            ));
        }
        Target::Found(outline) => {
            let (Some(anchor), Some(outline)) = (anchor, outline) else {
                return;
            };
            if anchor.is_empty() || outline.has_anchor(&anchor) {
                return;
            }
            let anchors: Vec<&str> = outline.headings.iter().map(|h| h.anchor.as_str()).collect();
            let near = crate::suggest::closest(&anchor, anchors.iter().copied()).or_else(|| {
                let slug = slugify(&anchor);
                anchors.iter().copied().find(|a| *a == slug)
            });
            let target_name = parts.last().map_or("", String::as_str);
            let help = match near {
                Some(n) => {
                    let heading = outline
                        .headings
                        .iter()
                        .find(|h| h.anchor == n)
                        .map_or(String::new(), |h| format!(" (the heading \"{}\")", h.text));
                    format!("did you mean `#{n}`{heading}?")
                }
                None if anchors.is_empty() => {
                    format!("{target_name} has no headings; add one or drop the `#{anchor}`")
                }
                None => format!(
                    "the anchors in {target_name} are {}",
                    and_list(&anchors.iter().map(|a| format!("#{a}")).collect::<Vec<_>>())
                ),
            };
            out.push(finding(
                format!(
                    "the link `{dest}` in {from} points at #{anchor}, but {shown} has no heading with that anchor"
                ),
                help,
            ));
        }
    }
}

/// Decodes `%XX` escapes; leaves malformed ones as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether `dest` is external or absolute (not checked).
fn unchecked(dest: &str) -> bool {
    let scheme = dest.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    scheme || dest.starts_with('/')
}

/// Resolves `rel` against the folder `base` (segments), or `None` when it
/// leads out of the repository.
fn resolve_path(base: &[&str], rel: &str) -> Option<Vec<String>> {
    let mut parts: Vec<String> = base.iter().map(|s| s.to_string()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s.to_string()),
        }
    }
    Some(parts)
}

/// What a resolved link target is, as far as the loaded repository knows.
enum Target<'a> {
    /// A file that exists; with its outline when it is a loaded runbook or notes.
    Found(Option<&'a Outline>),
    /// A file that does not exist, with the files it could have meant.
    Missing(Vec<String>),
    /// Outside what trainyard loads: not checked.
    Unknown,
}

fn target<'a>(cx: &Resolved<'a>, parts: &[String]) -> Target<'a> {
    match parts {
        [top, dir, rest @ ..] if top == "releases" && dir != "trains" && !rest.is_empty() => {
            // Releases are sorted by folder.
            let found = cx
                .repo
                .releases
                .binary_search_by(|x| x.dir.as_str().cmp(dir.as_str()));
            let Ok(i) = found else {
                return Target::Unknown;
            };
            let other = &cx.repo.releases[i];
            let inner = rest.join("/");
            if rest.len() > 2 {
                // Deeper than the loader lists.
                return Target::Unknown;
            }
            if other.files.binary_search(&inner).is_ok() {
                let outline = match inner.as_str() {
                    "runbook.md" => other.runbook.as_ref().map(|m| &m.outline),
                    "notes.md" => other.notes.as_ref().map(|m| &m.outline),
                    _ => None,
                };
                Target::Found(outline)
            } else {
                Target::Missing(other.files.clone())
            }
        }
        [top, dir, file] if top == "releases" && dir == "trains" => {
            match file.strip_suffix(".toml") {
                Some(stem) if cx.repo.trains.iter().any(|t| t.stem == stem) => Target::Found(None),
                Some(_) => Target::Missing(Vec::new()),
                None => Target::Unknown,
            }
        }
        [top, file] if top == "policies" => match file.strip_suffix(".toml") {
            Some(stem) => {
                let repo = cx.repo;
                let file = match stem {
                    "calendar" => repo.calendar.file,
                    "services" => repo.services.file,
                    "people" => repo.people.file,
                    "environments" => repo.environments.file,
                    _ => repo.policies.get(stem).map(|p| p.file),
                };
                if file.is_some() {
                    Target::Found(None)
                } else {
                    Target::Missing(Vec::new())
                }
            }
            None => Target::Unknown,
        },
        [only] if only == "trainyard.toml" => {
            if cx.repo.config.file.is_some() {
                Target::Found(None)
            } else {
                Target::Missing(Vec::new())
            }
        }
        _ => Target::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{line_of, only, run, Fixture, GOOD, RUNBOOK};

    proptest::proptest! {
        #[test]
        fn link_parsing_never_panics(dest in "\\PC{0,40}") {
            let _ = percent_decode(&dest);
            let _ = unchecked(&dest);
            let _ = resolve_path(&["releases", "R"], &dest);
        }
    }

    #[test]
    fn links_resolve_inside_the_repository() {
        assert_eq!(
            resolve_path(&["releases", "R"], "../S/runbook.md").unwrap(),
            ["releases", "S", "runbook.md"]
        );
        assert!(resolve_path(&["releases", "R"], "../../../x").is_none());
        assert!(unchecked("https://example.com"));
        assert!(unchecked("mailto:a@b"));
        assert!(unchecked("/abs"));
        assert!(!unchecked("runbook.md#x"));
        assert_eq!(percent_decode("a%20b%2"), "a b%2");
    }

    #[test]
    fn a_link_to_a_renamed_heading_suggests_its_anchor() {
        let runbook = "# Runbook\n\n## Deployment\n\n## Checks\n\n## Roll back\n";
        let fx = Fixture::new()
            .release(GOOD)
            .file("releases/REL-2026-03-001/runbook.md", runbook);
        let seen = run(&fx, super::super::check);
        let links = only(seen, "broken-link");
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].path, "releases/REL-2026-03-001/release.toml");
        assert_eq!(links[0].line, line_of(GOOD, "", "procedure ="));
        assert_eq!(
            links[0].message,
            "the link `runbook.md#rollback` in release.toml points at #rollback, but releases/REL-2026-03-001/runbook.md has no heading with that anchor"
        );
        assert_eq!(
            links[0].help,
            "did you mean `#roll-back` (the heading \"Roll back\")?"
        );
    }

    #[test]
    fn a_link_to_a_runbook_not_yet_written_is_not_broken() {
        // The rollback procedure points at runbook.md, which does not exist:
        // missing-runbook reports that, from build on.
        for stage in ["plan", "close"] {
            let text = GOOD.replace("stage = \"close\"", &format!("stage = \"{stage}\""));
            let fx = Fixture::new()
                .release(&text)
                .without("releases/REL-2026-03-001/runbook.md");
            let seen = only(run(&fx, super::super::check), "broken-link");
            assert!(seen.is_empty(), "{stage}: {seen:#?}");
        }
    }

    #[test]
    fn links_to_policies_and_trains_are_checked() {
        let notes = "# Notes\n\nSee [policy](../../policies/minor.toml), [typo](../../policies/minr.toml), [train](../trains/2026-Q9.toml) and [readme](../../README.md).\n";
        let fx = Fixture::new()
            .release(GOOD)
            .file("releases/REL-2026-03-001/notes.md", notes);
        let seen = only(run(&fx, super::super::check), "broken-link");
        let dests: Vec<_> = seen
            .iter()
            .map(|s| s.message.split('`').nth(1).unwrap_or(""))
            .collect();
        assert_eq!(
            dests,
            ["../../policies/minr.toml", "../trains/2026-Q9.toml"]
        );
        assert!(seen
            .iter()
            .all(|s| s.path == "releases/REL-2026-03-001/notes.md"));
    }

    #[test]
    fn markdown_links_need_their_files_and_headings() {
        let runbook = format!(
            "{RUNBOOK}\nSee [notes](notes.md#scope), [diagram](img/net.png), [prev](../REL-2026-03-002/runbook.md#rollback), [site](https://x.y/z), [self](#verification), [bad](#nope).\n"
        );
        let second = GOOD
            .replace("REL-2026-03-001", "REL-2026-03-002")
            .replace("CHG-1", "CHG-2")
            .replace("version = \"2.4.0\"", "version = \"2.5.0\"")
            .replace("2026-03-14T20:00:00", "2026-03-21T20:00:00");
        let fx = Fixture::new()
            .release(GOOD)
            .release(&second)
            .file("releases/REL-2026-03-001/runbook.md", &runbook)
            .file("releases/REL-2026-03-001/notes.md", "# Notes\n\n## Scope\n")
            .file("releases/REL-2026-03-001/img/net.pmg", "x");
        let seen = only(run(&fx, super::super::check), "broken-link");
        let messages: Vec<_> = seen
            .iter()
            .map(|s| (s.line, s.message.as_str(), s.help.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    15,
                    "the link `img/net.png` in runbook.md points at releases/REL-2026-03-001/img/net.png, which does not exist",
                    "did you mean `img/net.pmg`? Fix the link, or add the file releases/REL-2026-03-001/img/net.png",
                ),
                (
                    15,
                    "the link `#nope` in runbook.md points at #nope, but releases/REL-2026-03-001/runbook.md has no heading with that anchor",
                    "the anchors in runbook.md are #runbook, #deployment, #verification and #rollback",
                ),
            ]
        );
    }
}

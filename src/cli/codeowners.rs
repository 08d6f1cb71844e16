//! `trainyard codeowners`: a CODEOWNERS file that makes each service's
//! owner a required reviewer of its releases' folders, the CAB the
//! reviewer of policies and configuration, and the release managers the
//! reviewers of everything else under `releases/`.
//!
//! GitHub applies the last matching line, so the general lines come first.
//! With branch protection's "Require review from Code Owners", a pull
//! request that moves a release needs its service owner's approval.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Args;

use super::{emit, load_repo, today, Error, ExitStatus};
use crate::load::Repo;

#[derive(Debug, Args)]
pub struct CodeownersArgs {
    /// Name the CAB by a GitHub team (`@org/cab`) instead of each person
    /// who holds `cab`.
    #[arg(long, value_name = "@ORG/TEAM")]
    pub cab_team: Option<String>,
    /// Name the release managers by a GitHub team instead of each person
    /// who holds `release-manager`.
    #[arg(long, value_name = "@ORG/TEAM")]
    pub managers_team: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE", conflicts_with = "check")]
    pub output_file: Option<PathBuf>,
    /// Exit 1 when FILE differs from what would be written (for CI).
    #[arg(long, value_name = "FILE")]
    pub check: Option<PathBuf>,
    /// The date delegations are judged on (default: today in the
    /// calendar's time zone): a delegate whose delegation has not ended
    /// reviews alongside the owner.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}

pub fn run(root: Option<&Path>, args: &CodeownersArgs) -> Result<ExitStatus, Error> {
    let repo = load_repo(root)?;
    // Paths in CODEOWNERS are relative to the top of the git repository,
    // which may hold the release repository in a subfolder.
    let prefix = crate::git::Git::open(&repo.root)
        .map(|g| g.prefix)
        .unwrap_or_default();
    let (text, warnings) = render(&repo, &prefix, args, today(&repo, args.today));
    for w in &warnings {
        eprintln!("trainyard: warning: {w}");
    }
    if let Some(path) = &args.check {
        let current = std::fs::read_to_string(path)
            .map_err(|e| miette::miette!("cannot read {}: {e}", path.display()))?;
        if current == text {
            return Ok(ExitStatus::Success);
        }
        eprintln!(
            "trainyard: {} is out of date; regenerate it with `trainyard codeowners --output-file {}`",
            path.display(),
            path.display()
        );
        return Ok(ExitStatus::Failure);
    }
    emit(args.output_file.as_deref(), &text)?;
    Ok(ExitStatus::Success)
}

/// `@handle` for a person with a GitHub handle.
fn handle(repo: &Repo, person: &str) -> Option<String> {
    let p = repo
        .people
        .def
        .people
        .iter()
        .find(|(k, _)| k.get_ref() == person)?
        .1
        .get_ref();
    let h = p.github.as_ref()?.get_ref().trim().trim_start_matches('@');
    (!h.is_empty()).then(|| format!("@{h}"))
}

/// The handles of everyone who holds `role`, sorted.
fn role_handles(repo: &Repo, role: &str) -> Vec<String> {
    let mut v: Vec<String> = repo
        .people
        .def
        .people
        .iter()
        .filter(|(_, p)| p.get_ref().has_role(role))
        .filter_map(|(k, _)| handle(repo, k.get_ref()))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The reviewers of a service's releases: the owner, and whoever the owner
/// delegated `service-owner` to for a period that has not ended.
fn service_reviewers(
    repo: &Repo,
    service: &str,
    today: NaiveDate,
) -> (Option<String>, Vec<String>) {
    let Some(s) = repo
        .services
        .def
        .services
        .iter()
        .find(|(k, _)| k.get_ref() == service)
        .map(|(_, s)| s.get_ref())
    else {
        return (None, Vec::new());
    };
    let owner = s.owner.get_ref();
    let mut people = BTreeSet::new();
    people.insert(owner.clone());
    for d in &repo.people.def.delegations {
        let d = d.get_ref();
        if d.role.get_ref() == "service-owner"
            && d.from.get_ref() == owner
            && d.service.as_ref().is_none_or(|x| x.get_ref() == service)
            && d.until.get_ref().0 >= today
        {
            people.insert(d.to.get_ref().clone());
        }
    }
    let handles = people.iter().filter_map(|p| handle(repo, p)).collect();
    (Some(owner.clone()), handles)
}

/// The first line of a file `trainyard codeowners` wrote.
const HEADER: &str = "# CODEOWNERS for this release repository, written by `trainyard codeowners`.";

/// A release folder's line: its reviewers, or a comment saying why the
/// release managers review it instead (with the same as a warning).
fn release_line(
    repo: &Repo,
    prefix: &str,
    dir: &str,
    service: &str,
    today: NaiveDate,
) -> (String, Option<String>) {
    let (owner, handles) = service_reviewers(repo, service, today);
    if handles.is_empty() {
        let why = match owner {
            Some(o) => format!("its owner `{o}` has no `github` handle in policies/people.toml"),
            None => format!("`{service}` is not in policies/services.toml"),
        };
        return (
            format!("# releases/{dir}/ ({service}): {why}\n"),
            Some(format!(
                "releases/{dir}/: {why}; the release managers review it"
            )),
        );
    }
    (
        format!("/{prefix}releases/{dir}/ {}\n", handles.join(" ")),
        None,
    )
}

/// What [`add_release`] did.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Codeowners {
    /// The line was added to this file.
    Added(PathBuf),
    /// The file has a line for the folder already.
    Present(PathBuf),
    /// The file was not written by `trainyard codeowners`; left alone.
    NotOurs(PathBuf),
    /// The repository has no CODEOWNERS file.
    NoFile,
}

/// The CODEOWNERS file GitHub reads, in the order it looks: `.github/`,
/// the top of the work tree, `docs/`.
fn codeowners_file(top: &Path) -> Option<PathBuf> {
    [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]
        .iter()
        .map(|p| top.join(p))
        .find(|p| p.is_file())
}

/// Adds a new release folder's line to the repository's CODEOWNERS file,
/// as `trainyard codeowners` would write it, so `codeowners --check` still
/// passes: among the release lines in folder order, everything else kept.
/// A file `trainyard codeowners` did not write is left alone.
pub(crate) fn add_release(
    repo: &Repo,
    dir: &str,
    service: &str,
    today: NaiveDate,
) -> Result<Codeowners, Error> {
    let (top, prefix) = match crate::git::Git::open(&repo.root) {
        Ok(g) => (g.top, g.prefix),
        Err(_) => (repo.root.clone(), String::new()),
    };
    let Some(path) = codeowners_file(&top) else {
        return Ok(Codeowners::NoFile);
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| miette::miette!("cannot read {}: {e}", path.display()))?;
    if text.lines().next() != Some(HEADER) {
        return Ok(Codeowners::NotOurs(path));
    }
    let (line, _) = release_line(repo, &prefix, dir, service, today);
    let Some(updated) = insert_release_line(&text, &prefix, dir, &line) else {
        return Ok(Codeowners::Present(path));
    };
    std::fs::write(&path, updated)
        .map_err(|e| miette::miette!("cannot write {}: {e}", path.display()))?;
    Ok(Codeowners::Added(path))
}

/// `text` with `line` among the release lines, after the last folder that
/// sorts before `dir` (or after the section's heading); `None` when a line
/// for `dir` is there already.
fn insert_release_line(text: &str, prefix: &str, dir: &str, line: &str) -> Option<String> {
    let folder = |l: &str| -> Option<String> {
        let rest = l
            .strip_prefix(&format!("/{prefix}releases/"))
            .or_else(|| l.strip_prefix("# releases/"))?;
        let (d, _) = rest.split_once('/')?;
        (!d.is_empty()).then(|| d.to_string())
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.iter().any(|l| folder(l).as_deref() == Some(dir)) {
        return None;
    }
    let heading = lines.iter().position(|l| l.starts_with("# Each release:"));
    let after = lines
        .iter()
        .enumerate()
        .rev()
        .find(|(_, l)| folder(l).is_some_and(|d| d.as_str() < dir))
        .map(|(i, _)| i)
        .or(heading)
        .or_else(|| {
            lines
                .iter()
                .position(|l| folder(l).is_none() && l.starts_with(&format!("/{prefix}releases/ ")))
        })?;
    let mut out: String = lines[..=after].concat();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(line);
    out.push_str(&lines[after + 1..].concat());
    Some(out)
}

/// The CODEOWNERS text and warnings about what it cannot cover.
fn render(
    repo: &Repo,
    prefix: &str,
    args: &CodeownersArgs,
    today: NaiveDate,
) -> (String, Vec<String>) {
    let mut warnings = Vec::new();
    let team = |t: &Option<String>, role: &str, warnings: &mut Vec<String>| match t {
        Some(t) => vec![format!("@{}", t.trim_start_matches('@'))],
        None => {
            let v = role_handles(repo, role);
            if v.is_empty() {
                warnings.push(format!(
                    "nobody who holds `{role}` has a `github` handle in policies/people.toml; \
                     the lines for them are left out"
                ));
            }
            v
        }
    };
    let cab = team(&args.cab_team, "cab", &mut warnings);
    let managers = team(&args.managers_team, "release-manager", &mut warnings);
    let mut out = String::new();
    out.push_str(HEADER);
    out.push_str(
        "\n# Regenerate it when services, owners, delegations or releases change;\n\
         # `trainyard codeowners --check PATH` in CI says when it is out of date.\n\
         # With branch protection requiring review from code owners, a change to a\n\
         # release needs its service owner's review and a change to policy the CAB's.\n\
         # GitHub applies the last line that matches a path. See docs/review.md.\n",
    );
    let line = |out: &mut String, path: &str, owners: &[String]| {
        if !owners.is_empty() {
            let _ = writeln!(out, "{path} {}", owners.join(" "));
        }
    };
    out.push_str("\n# New releases and trains: the release managers.\n");
    line(&mut out, &format!("/{prefix}releases/"), &managers);
    out.push_str("\n# Each release: its service's owner (and current delegates).\n");
    let by_dir: std::collections::HashMap<&str, &crate::load::Release> =
        repo.releases.iter().map(|r| (r.dir.as_str(), r)).collect();
    for (dir, _) in &repo.release_dirs {
        let Some(r) = by_dir.get(dir.as_str()) else {
            let _ = writeln!(
                out,
                "# releases/{dir}/: release.toml does not load; the release managers review it"
            );
            continue;
        };
        let (text, warning) = release_line(repo, prefix, dir, r.def.service.get_ref(), today);
        warnings.extend(warning);
        out.push_str(&text);
    }
    out.push_str("\n# Policies, configuration, templates and CI: the CAB.\n");
    for path in ["policies/", "trainyard.toml", "templates/"] {
        line(&mut out, &format!("/{prefix}{path}"), &cab);
    }
    line(&mut out, "/.github/", &cab);
    line(&mut out, "/CODEOWNERS", &cab);
    (out, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args() -> CodeownersArgs {
        CodeownersArgs {
            cab_team: None,
            managers_team: None,
            output_file: None,
            check: None,
            today: None,
        }
    }

    fn repo(extra_people: &str) -> Repo {
        let people = format!(
            "[people.alice]\nname = \"A\"\ngithub = \"ang\"\nroles = [\"release-manager\"]\n\n[people.olivia]\nname = \"O\"\ngithub = \"@opark\"\nroles = [\"cab\"]\n\n[people.sam]\nname = \"S\"\n{extra_people}"
        );
        let files = vec![
            ("policies/people.toml".to_string(), people.into_bytes()),
            (
                "policies/services.toml".to_string(),
                b"[services.billing]\nname = \"B\"\nowner = \"olivia\"\n\n[services.hr]\nname = \"H\"\nowner = \"sam\"\n".to_vec(),
            ),
            (
                "releases/REL-2030-03-001/release.toml".to_string(),
                b"id = \"REL-2030-03-001\"\ntitle = \"t\"\nservice = \"billing\"\nversion = \"1.0.0\"\ntype = \"minor\"\nimpact = \"low\"\nstage = \"plan\"\nmanager = \"alice\"\n".to_vec(),
            ),
            (
                "releases/REL-2030-03-002/release.toml".to_string(),
                b"id = \"REL-2030-03-002\"\ntitle = \"t\"\nservice = \"hr\"\nversion = \"1.0.0\"\ntype = \"minor\"\nimpact = \"low\"\nstage = \"plan\"\nmanager = \"alice\"\n".to_vec(),
            ),
        ];
        Repo::from_files(Path::new("/r"), files)
    }

    #[test]
    fn owners_review_their_releases_and_the_cab_reviews_policy() {
        let day = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
        let (text, warnings) = render(&repo(""), "ops/", &args(), day);
        assert!(text.contains("\n/ops/releases/ @ang\n"), "{text}");
        assert!(
            text.contains("\n/ops/releases/REL-2030-03-001/ @opark\n"),
            "{text}"
        );
        assert!(text.contains("\n/ops/policies/ @opark\n"), "{text}");
        assert!(text.contains("\n/.github/ @opark\n"), "{text}");
        // Sam has no handle: his service falls back to the managers, and
        // says so.
        assert!(!text.contains("/ops/releases/REL-2030-03-002/ "), "{text}");
        assert!(text
            .contains("# releases/REL-2030-03-002/ (hr): its owner `sam` has no `github` handle"));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        // The specific lines come after the general one.
        let general = text.find("/ops/releases/ ").unwrap();
        assert!(text.find("/ops/releases/REL-2030-03-001/").unwrap() > general);
    }

    #[test]
    fn a_new_release_line_goes_where_codeowners_would_write_it() {
        let day = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
        let r = repo("");
        let (text, _) = render(&r, "", &args(), day);
        // What render writes with a third release, from the file without it.
        let mut files: Vec<(String, Vec<u8>)> = r
            .files
            .iter()
            .map(|f| (f.path.clone(), f.text.clone().into_bytes()))
            .collect();
        files.push((
            "releases/REL-2030-02-001/release.toml".into(),
            b"id = \"REL-2030-02-001\"\ntitle = \"t\"\nservice = \"billing\"\nversion = \"1.0.0\"\ntype = \"minor\"\nimpact = \"low\"\nstage = \"plan\"\nmanager = \"alice\"\n".to_vec(),
        ));
        let with = Repo::from_files(Path::new("/r"), files);
        let (want, _) = render(&with, "", &args(), day);
        let (line, _) = release_line(&with, "", "REL-2030-02-001", "billing", day);
        assert_eq!(line, "/releases/REL-2030-02-001/ @opark\n");
        let got = insert_release_line(&text, "", "REL-2030-02-001", &line).unwrap();
        assert_eq!(got, want);
        // Last in order, and what a user added stays.
        let edited = format!("{text}\n# Ours.\n/docs/ @ang\n");
        let got = insert_release_line(
            &edited,
            "",
            "REL-2030-09-001",
            "/releases/REL-2030-09-001/ @opark\n",
        )
        .unwrap();
        assert!(got.contains("# releases/REL-2030-03-002/ (hr): its owner `sam` has no `github` handle in policies/people.toml\n/releases/REL-2030-09-001/ @opark\n"), "{got}");
        assert!(got.ends_with("# Ours.\n/docs/ @ang\n"), "{got}");
        assert_eq!(
            insert_release_line(&got, "", "REL-2030-09-001", "x\n"),
            None
        );
    }

    #[test]
    fn current_delegates_review_too_and_teams_replace_people() {
        let delegation = "\n[[delegations]]\nfrom = \"olivia\"\nto = \"alice\"\nrole = \"service-owner\"\nfrom_date = 2030-01-01\nuntil = 2030-01-31\n";
        let r = repo(delegation);
        let during = NaiveDate::from_ymd_opt(2030, 1, 15).unwrap();
        let after = NaiveDate::from_ymd_opt(2030, 2, 1).unwrap();
        let (text, _) = render(&r, "", &args(), during);
        assert!(
            text.contains("/releases/REL-2030-03-001/ @ang @opark\n"),
            "{text}"
        );
        let (text, _) = render(&r, "", &args(), after);
        assert!(
            text.contains("/releases/REL-2030-03-001/ @opark\n"),
            "{text}"
        );
        let teams = CodeownersArgs {
            cab_team: Some("acme/cab".into()),
            ..args()
        };
        let (text, _) = render(&r, "", &teams, after);
        assert!(text.contains("/policies/ @acme/cab\n"), "{text}");
    }
}

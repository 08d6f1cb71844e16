//! `trainyard new`: start a release at stage plan with the next free id
//! for its month (or copy one with `--from`), or start a train from the
//! last one (`--train NAME --from TRAIN`), or a first one (`--train NAME`).
//!
//! Before anything is written, the new release is checked with the rest
//! of the repository in memory: a window that breaks a calendar rule is
//! refused unless `--force`. Then the schedule the policy computes
//! backward from the window is printed.

mod schedule;
mod template;
mod train;

use std::fmt::Write;
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use clap::Args;

use super::codeowners::Codeowners;
use super::{emit, load_repo, today, Error, ExitStatus};
use crate::diagnostic::{Family, Finding, Severity};
use crate::load::{Release, Repo};
use crate::model::{Impact, OutcomeStatus, Policy, Stage, Versioning};
use crate::resolve::{CheckOptions, Resolved};
use crate::rules::{self};
use template::Draft;

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The service (a key in policies/services.toml).
    #[arg(long, value_name = "SERVICE")]
    pub service: Option<String>,
    /// The release type (a policy in policies/).
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// The window's start in the calendar's time zone.
    #[arg(long, value_name = "YYYY-MM-DD HH:MM")]
    pub window: Option<String>,
    /// The window's length: 2h, 90m, 1d12h, or ISO 8601 such as PT2H.
    #[arg(long, value_name = "DURATION", default_value = "2h")]
    pub duration: String,
    #[arg(long)]
    pub title: Option<String>,
    /// The version (default: the service's last version, bumped as the
    /// type suggests; the window's date for calver services).
    #[arg(long)]
    pub version: Option<String>,
    /// high, medium or low (default: from the release copied, else by type).
    #[arg(long)]
    pub impact: Option<String>,
    /// The release manager (default: the person whose email is git's
    /// user.email).
    #[arg(long, value_name = "PERSON")]
    pub manager: Option<String>,
    /// Copy this release (keeping its service, type, impact, manager,
    /// rollback and runbook), or with `--train`, this train.
    #[arg(long, value_name = "ID")]
    pub from: Option<String>,
    /// Start a new train with this name: copied from the train `--from`,
    /// or without `--from` a first train.
    #[arg(long, value_name = "NAME")]
    pub train: Option<String>,
    /// With `--train`: the new train's first day (default: the day after
    /// the old one ends; for a first train, today).
    #[arg(long, value_name = "YYYY-MM-DD", requires = "train")]
    pub start: Option<NaiveDate>,
    /// With `--train` and no `--from`: the first train's last day
    /// (default: three months after its start, less a day).
    #[arg(
        long,
        value_name = "YYYY-MM-DD",
        requires = "train",
        conflicts_with = "from"
    )]
    pub until: Option<NaiveDate>,
    /// Create the release even when its window breaks a calendar rule.
    #[arg(long)]
    pub force: bool,
    /// The date rules treat as today (default: today in the calendar's time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}

pub fn run(root: Option<&Path>, args: &NewArgs) -> Result<ExitStatus, Error> {
    let repo = load_repo(root)?;
    match &args.train {
        Some(name) => train::new_train(&repo, args, name),
        None => new_release(&repo, args),
    }
}

/// An error naming the closest valid choice.
fn unknown<'a>(what: &str, name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Error {
    let hint = crate::suggest::closest(name, candidates)
        .map(|s| format!(" Did you mean `{s}`?"))
        .unwrap_or_default();
    miette::miette!("`{name}` is not a {what}.{hint}")
}

/// `2030-03-11 20:00`, `2030-03-11T20:00` or with seconds.
fn parse_window(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim().replace('T', " ");
    ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&s, f).ok())
}

/// The next free id for a month: one above every id used, in a folder, in
/// a file, or by a release deleted from the history.
fn next_id(repo: &Repo, year: i32, month: u32) -> Result<String, Error> {
    let deleted = crate::git::Git::open(&repo.root)
        .ok()
        .and_then(|g| g.deleted_releases("HEAD").ok())
        .unwrap_or_default();
    let used = repo
        .release_dirs
        .iter()
        .map(|(d, _)| d.as_str())
        .chain(repo.releases.iter().map(Release::id))
        .chain(deleted.iter().map(String::as_str));
    let highest = used
        .filter_map(rules::load::parse_id)
        .filter(|(y, m, _)| (*y, *m) == (year, month))
        .map(|(_, _, n)| n)
        .max()
        .unwrap_or(0);
    if highest >= 999 {
        return Err(miette::miette!(
            "every id for {year:04}-{month:02} is taken (REL-{year:04}-{month:02}-999 is the last)"
        ));
    }
    Ok(format!("REL-{year:04}-{month:02}-{:03}", highest + 1))
}

/// The version a new release of the service with its window at `start`
/// gets: the highest version among the service's releases whose windows
/// are before it (cancelled and rolled-back ones do not count, as in
/// `version-not-increasing`), bumped as the type suggests. The second
/// value names a later release whose version is not above it, when one is.
fn next_version(
    repo: &Repo,
    service: &str,
    kind: &str,
    calver: bool,
    start: NaiveDateTime,
) -> (String, Option<String>) {
    if calver {
        return (start.date().format("%Y.%m.%d").to_string(), None);
    }
    let tz = crate::resolve::zone(repo);
    let at = |w: &crate::model::When| match w {
        crate::model::When::Local(t) => Some(*t),
        other => other.instant(tz).and_then(|i| crate::time::to_local(tz, i)),
    };
    let mut before: Option<semver::Version> = None;
    let mut after: Vec<(semver::Version, &Release)> = Vec::new();
    for r in &repo.releases {
        let rolled_back = r
            .def
            .outcome
            .as_ref()
            .is_some_and(|o| *o.get_ref().status.get_ref() == OutcomeStatus::RolledBack);
        if r.def.service.get_ref() != service
            || *r.def.stage.get_ref() == Stage::Cancelled
            || rolled_back
        {
            continue;
        }
        let (Ok(v), Some(w)) = (
            semver::Version::parse(r.def.version.get_ref()),
            rules::criteria::window_start(r).and_then(at),
        ) else {
            continue;
        };
        if w < start {
            before = before.max(Some(v));
        } else {
            after.push((v, r));
        }
    }
    let version = match before {
        None => semver::Version::new(1, 0, 0),
        Some(v) => match kind {
            "major" => semver::Version::new(v.major + 1, 0, 0),
            "minor" => semver::Version::new(v.major, v.minor + 1, 0),
            _ => semver::Version::new(v.major, v.minor, v.patch + 1),
        },
    };
    after.sort_by(|a, b| a.1.id().cmp(b.1.id()));
    let clash = after.iter().find(|(v, _)| *v <= version).map(|(v, r)| {
        format!(
            "{} (version {v}, window after this one) is not above {version}: \
             pass --version, or change {}'s version, so versions rise with the windows",
            r.id(),
            r.id()
        )
    });
    (version.to_string(), clash)
}

fn impact_of(kind: &str) -> Impact {
    match kind {
        "major" | "emergency" => Impact::High,
        "minor" => Impact::Medium,
        _ => Impact::Low,
    }
}

/// The release manager: `--manager`, the release copied, or whoever git
/// says is committing.
fn manager(repo: &Repo, args: &NewArgs, source: Option<&Release>) -> Result<String, Error> {
    let people = || repo.people.def.people.keys().map(|k| k.get_ref().as_str());
    if let Some(m) = &args.manager {
        return match people().find(|p| p == m) {
            Some(p) => Ok(p.to_string()),
            None => Err(unknown("person in policies/people.toml", m, people())),
        };
    }
    if let Some(s) = source {
        return Ok(s.def.manager.get_ref().clone());
    }
    let email = crate::git::user_email(&repo.root);
    let found = email.as_deref().and_then(|e| {
        repo.people.def.people.iter().find(|(_, p)| {
            p.get_ref()
                .email
                .as_ref()
                .is_some_and(|x| x.get_ref().eq_ignore_ascii_case(e))
        })
    });
    match found {
        Some((k, _)) => Ok(k.get_ref().clone()),
        None => {
            let managers: Vec<&str> = repo
                .people
                .def
                .people
                .iter()
                .filter(|(_, p)| p.get_ref().has_role("release-manager"))
                .map(|(k, _)| k.get_ref().as_str())
                .collect();
            Err(miette::miette!(
                "who manages this release? Pass --manager PERSON (release managers: {}); \
                 by default it is the person in policies/people.toml whose email is git's user.email{}",
                if managers.is_empty() { "none listed".to_string() } else { managers.join(", ") },
                email.map(|e| format!(" ({e}, not listed)")).unwrap_or_default()
            ))
        }
    }
}

/// One finding as a line or two for the terminal.
fn line(f: &Finding) -> String {
    let mut s = format!("  - {} [{}]\n", f.message, f.rule);
    if let Some(h) = &f.help {
        for (i, l) in h.lines().enumerate() {
            let lead = if i == 0 { "help: " } else { "      " };
            let _ = writeln!(s, "    {lead}{l}");
        }
    }
    s
}

fn new_release(repo: &Repo, args: &NewArgs) -> Result<ExitStatus, Error> {
    let source = match &args.from {
        Some(id) => Some(
            repo.releases
                .iter()
                .find(|r| r.id() == id || &r.dir == id)
                .ok_or_else(|| unknown("release", id, repo.releases.iter().map(Release::id)))?,
        ),
        None => None,
    };
    let service = args
        .service
        .clone()
        .or_else(|| source.map(|s| s.def.service.get_ref().clone()))
        .ok_or_else(|| miette::miette!("which service? Pass --service SERVICE (or --from ID)"))?;
    let kind = args
        .kind
        .clone()
        .or_else(|| source.map(|s| s.def.kind.get_ref().clone()))
        .ok_or_else(|| miette::miette!("which release type? Pass --type TYPE (or --from ID)"))?;
    // A file that did not load is the problem to report, not the service
    // or type it would have named.
    let broken = |file: crate::model::FileId| match repo.findings.iter().find(|f| f.file == file) {
        Some(f) => {
            let (path, start, _) = crate::report::locate(repo, f);
            miette::miette!(
                "{path} did not load (line {}: {}); fix it first: `trainyard lint` shows where and how",
                start.line,
                f.message
            )
        }
        None => miette::miette!("{} did not load; fix it first", repo.path(file)),
    };
    if let Some(file) = repo.unloaded.services {
        return Err(broken(file));
    }
    if let Some(&file) = repo.unloaded.policies.get(&kind) {
        return Err(broken(file));
    }
    let services = || {
        repo.services
            .def
            .services
            .keys()
            .map(|k| k.get_ref().as_str())
    };
    let svc = repo
        .services
        .def
        .services
        .iter()
        .find(|(k, _)| k.get_ref() == &service)
        .map(|(_, s)| s.get_ref())
        .ok_or_else(|| unknown("service in policies/services.toml", &service, services()))?;
    let policy: &Policy = repo.policies.get(&kind).map(|p| &p.def).ok_or_else(|| {
        unknown(
            "release type (a policy in policies/)",
            &kind,
            repo.policies.keys().map(String::as_str),
        )
    })?;
    let window = args.window.as_deref().ok_or_else(|| {
        miette::miette!("when? Pass --window \"YYYY-MM-DD HH:MM\" (in the calendar's time zone)")
    })?;
    let start = parse_window(window).ok_or_else(|| {
        miette::miette!("--window `{window}` is not a date and time like \"2030-03-11 20:00\"")
    })?;
    crate::time::parse_duration(&args.duration).map_err(|e| miette::miette!("--duration: {e}"))?;
    let impact = match args.impact.as_deref() {
        Some("high") => Impact::High,
        Some("medium") => Impact::Medium,
        Some("low") => Impact::Low,
        Some(other) => {
            return Err(miette::miette!(
                "--impact `{other}`: write high, medium or low"
            ))
        }
        None => source.map_or(impact_of(&kind), |s| *s.def.impact.get_ref()),
    };
    let id = next_id(repo, start.year(), start.month())?;
    let calver = svc.versioning() == Versioning::Calver;
    let (version, clash) = match &args.version {
        Some(v) => (v.clone(), None),
        None => next_version(repo, &service, &kind, calver, start),
    };
    let title = args.title.clone().unwrap_or_else(|| {
        let name = svc.name.get_ref();
        if calver {
            format!("{name} {version}")
        } else {
            format!("{name} v{version}")
        }
    });
    let manager = manager(repo, args, source)?;
    let rollback = source.and_then(|s| s.def.rollback.as_ref()).map(|r| {
        let r = r.get_ref();
        (
            r.window.as_ref().map(|w| w.get_ref().as_str()),
            r.procedure.as_ref().map(|p| p.get_ref().as_str()),
        )
    });
    let draft = Draft {
        id: &id,
        title: &title,
        service: &service,
        owner: Some(svc.owner.get_ref().as_str()),
        version: &version,
        kind: &kind,
        impact,
        manager: &manager,
        start,
        duration: &args.duration,
        rollback,
        policy,
        from: source.map(Release::id),
    };
    let release_text = template::release(&draft);
    let dir = format!("releases/{id}");
    let release_path = format!("{dir}/release.toml");
    let runbook_path = format!("{dir}/runbook.md");
    // Check the release with the rest of the repository, in memory.
    let mut files: Vec<(String, Vec<u8>)> = repo
        .files
        .iter()
        .map(|f| (f.path.clone(), f.text.clone().into_bytes()))
        .collect();
    files.push((release_path.clone(), release_text.clone().into_bytes()));
    let options = CheckOptions {
        today: today(repo, args.today),
    };
    let span = {
        let draft_repo = Repo::from_files(&repo.root, files.clone());
        let cx = Resolved::new(&draft_repo, &options);
        draft_repo
            .release(&id)
            .and_then(|r| cx.window(r))
            .map_or_else(|| window.to_string(), |iv| cx.fmt_span(&iv))
    };
    let runbook_text = match source.and_then(|s| s.runbook.as_ref()) {
        Some(md) => template::copied_runbook(
            &repo.files[md.file].text,
            (
                source.map_or("", Release::id),
                source.map_or("", |s| s.def.title.get_ref()),
            ),
            (&id, &title),
        ),
        None => template::runbook(&draft, &span, &policy.runbook_sections()),
    };
    files.push((runbook_path.clone(), runbook_text.clone().into_bytes()));
    let with_new = Repo::from_files(&repo.root, files);
    let findings: Vec<Finding> = rules::check(&Resolved::new(&with_new, &options))
        .findings
        .into_iter()
        .filter(|f| f.release.as_deref() == Some(id.as_str()))
        .collect();
    let calendar: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.rule.family() == Family::Calendar)
        .collect();
    let mut out = String::new();
    if !calendar.is_empty() && !args.force {
        let _ = writeln!(
            out,
            "The window {span} breaks the calendar rules for {} {kind} release of {service}:",
            crate::words::article(&kind)
        );
        // The release does not exist yet, so `slots ID` cannot answer for
        // it; the windows that would work follow below.
        let slots = format!("`trainyard slots {id}`");
        for f in &calendar {
            out.push_str(&line(f).replace(&slots, "`trainyard windows`"));
        }
        schedule::suggest_windows(
            &mut out,
            &Resolved::new(&with_new, &options),
            &id,
            &args.duration,
        );
        let _ = writeln!(
            out,
            "Nothing was created. Pick another --window (`trainyard windows` lists the maintenance windows, blackouts and events ahead), or pass --force to create {id} anyway."
        );
        emit(None, &out)?;
        return Ok(ExitStatus::Failure);
    }
    let full = repo.root.join(&dir);
    if full.exists() {
        return Err(miette::miette!("{} already exists", full.display()));
    }
    std::fs::create_dir_all(&full)
        .map_err(|e| miette::miette!("cannot create {}: {e}", full.display()))?;
    emit(Some(&repo.root.join(&release_path)), &release_text)?;
    emit(Some(&repo.root.join(&runbook_path)), &runbook_text)?;
    let _ = writeln!(
        out,
        "Created {release_path} (stage plan) and {runbook_path}."
    );
    let mut add = dir.clone();
    let shown = |p: &Path| {
        p.strip_prefix(&repo.root)
            .map_or_else(|_| p.display().to_string(), |r| r.display().to_string())
    };
    match super::codeowners::add_release(&with_new, &id, &service, options.today)? {
        Codeowners::Added(path) => {
            let _ = writeln!(
                out,
                "Added {dir}/ to {} as `trainyard codeowners` writes it, so `codeowners --check` still passes.",
                shown(&path)
            );
            add = format!("{add} {}", shown(&path));
        }
        Codeowners::NotOurs(path) => {
            let _ = writeln!(
                out,
                "{} was not written by `trainyard codeowners`, so it was left alone: add a line for {dir}/ yourself.",
                shown(&path)
            );
        }
        Codeowners::Present(_) | Codeowners::NoFile => {}
    }
    schedule::timeline(
        &mut out,
        &Resolved::new(&with_new, &options),
        &id,
        policy,
        &kind,
    );
    let rest: Vec<&Finding> = findings
        .iter()
        .filter(|f| !calendar.iter().any(|c| std::ptr::eq(*c, *f)))
        .collect();
    if !calendar.is_empty() {
        let _ = writeln!(
            out,
            "\nThe window breaks the calendar rules (created anyway, --force):"
        );
        for f in &calendar {
            out.push_str(&line(f));
        }
        let _ = writeln!(
            out,
            "Run `trainyard slots {id}` for the next legal windows."
        );
    }
    if let Some(c) = clash {
        let _ = writeln!(
            out,
            "\nThe version {version} collides with a later release: {c}."
        );
    }
    if !rest.is_empty() {
        let _ = writeln!(out, "\n`trainyard lint` will also say:");
        for f in rest {
            out.push_str(&line(f));
        }
    }
    let _ = writeln!(
        out,
        "\nSuggested commit:\n  git add {add} && git commit -m \"{id}: plan {title}\""
    );
    emit(None, &out)?;
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests;

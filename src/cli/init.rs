//! `trainyard init [DIR] [--timezone TZ]`: a new release repository that
//! lints clean. The four release-type policies of the release procedure
//! (the shipped example's), a calendar in the zone given with a weekly
//! maintenance window and a month-end blackout, one service, one person who
//! holds every role, one release at stage plan with its runbook, and the
//! GitHub Actions workflow from `examples/` with the CODEOWNERS file it
//! checks.

use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate, Weekday};
use chrono_tz::Tz;
use clap::Args;

use super::{Error, ExitStatus};
use crate::diagnostic::Severity;
use crate::load::Repo;
use crate::pipeline::Pipeline;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the repository in (default: the current one).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The calendar's IANA time zone (default: the machine's, else UTC).
    #[arg(long, value_name = "TZ")]
    pub timezone: Option<String>,
    /// The date the first release is planned from (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}

/// Files written as they are.
const FIXED: &[(&str, &str)] = &[
    (
        "policies/major.toml",
        include_str!("../../policies/major.toml"),
    ),
    (
        "policies/minor.toml",
        include_str!("../../policies/minor.toml"),
    ),
    (
        "policies/patch.toml",
        include_str!("../../policies/patch.toml"),
    ),
    (
        "policies/emergency.toml",
        include_str!("../../policies/emergency.toml"),
    ),
    (
        "policies/environments.toml",
        include_str!("../../policies/environments.toml"),
    ),
    ("policies/services.toml", include_str!("init/services.toml")),
    ("policies/people.toml", include_str!("init/people.toml")),
    (
        ".github/workflows/trainyard.yml",
        include_str!("../../examples/github/trainyard.yml"),
    ),
];

/// How far ahead the first release's window is planned: past every lead
/// time of the minor policy, so it starts on schedule.
const LEAD_DAYS: u64 = 28;

pub fn run(args: &InitArgs) -> Result<ExitStatus, Error> {
    let cwd = std::env::current_dir()
        .map_err(|e| miette::miette!("cannot read the current folder: {e}"))?;
    let dir = args.dir.as_ref().map_or(cwd.clone(), |d| cwd.join(d));
    for taken in ["releases", "policies"] {
        if dir.join(taken).symlink_metadata().is_ok() {
            return Err(miette::miette!(
                "{} already has {taken}/, so it is a release repository already; nothing was \
                 written. Run `trainyard lint` there, or name a new folder: `trainyard init DIR`",
                dir.display()
            ));
        }
    }
    let zone = match &args.timezone {
        Some(name) => {
            crate::time::parse_zone(name).map_err(|e| miette::miette!("--timezone {name}: {e}"))?
        }
        None => machine_zone().unwrap_or(chrono_tz::UTC),
    };
    let today = args
        .today
        .unwrap_or_else(|| chrono::Utc::now().with_timezone(&zone).date_naive());
    let files = repository(&dir, zone, today)?;
    for (rel, _) in &files {
        let path = dir.join(rel);
        if path.symlink_metadata().is_ok() {
            return Err(miette::miette!(
                "{} already exists; nothing was written. Move it aside and run the command again",
                path.display()
            ));
        }
    }
    for (rel, text) in &files {
        write_new(&dir.join(rel), text)?;
    }
    // The workflow checks that CODEOWNERS is current: write it as
    // `trainyard codeowners` does.
    let codeowners = super::codeowners::CodeownersArgs {
        cab_team: None,
        managers_team: None,
        output_file: Some(dir.join(".github/CODEOWNERS")),
        check: None,
        today: Some(today),
    };
    super::codeowners::run(Some(&dir), &codeowners)?;
    let release = files
        .iter()
        .find(|(rel, _)| rel.ends_with("release.toml"))
        .map_or("", |(rel, _)| rel.as_str());
    eprintln!(
        "wrote a release repository into {} (calendar in {}); it lints clean.\n\
         Next: put your team in policies/people.toml and your services in \
         policies/services.toml, edit {release}, then run `trainyard lint` and \
         `trainyard build`. Once people have GitHub handles, write .github/CODEOWNERS again \
         with `trainyard codeowners --output-file .github/CODEOWNERS`.",
        dir.display(),
        zone.name()
    );
    Ok(ExitStatus::Success)
}

/// Every file of the new repository, checked: the first Saturday at least
/// [`LEAD_DAYS`] ahead whose window lints clean holds the first release.
fn repository(dir: &Path, zone: Tz, today: NaiveDate) -> Result<Vec<(String, String)>, Error> {
    let title = dir
        .canonicalize()
        .ok()
        .or_else(|| Some(dir.to_path_buf()))
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().to_string()))
        .map_or_else(|| "Releases".to_string(), |n| format!("{n} releases"));
    let mut day = today + Days::new(LEAD_DAYS);
    let mut last = Vec::new();
    for _ in 0..8 {
        while day.weekday() != Weekday::Sat {
            day = day + Days::new(1);
        }
        let files = files(&title, zone, day);
        let problems = problems(dir, &files, today);
        if problems.is_empty() {
            return Ok(files);
        }
        last = problems;
        day = day + Days::new(7);
    }
    Err(miette::miette!(
        "could not plan a first release that lints clean; nothing was written: {}",
        last.join("; ")
    ))
}

/// The files of the repository with its first release on `day`.
fn files(title: &str, zone: Tz, day: NaiveDate) -> Vec<(String, String)> {
    let id = format!("REL-{}-{:02}-001", day.year(), day.month());
    let version = "1.1.0";
    let fill = |text: &str| {
        text.replace("{title}", &title.replace('"', "'"))
            .replace("{timezone}", zone.name())
            .replace("{id}", &id)
            .replace("{version}", version)
            .replace("{year}", &day.year().to_string())
            .replace("{start}", &format!("{day}T20:00:00"))
            .replace(
                "{window}",
                &format!("{} 20:00 {}", crate::time::fmt_date(day), zone.name()),
            )
    };
    let mut out: Vec<(String, String)> = FIXED
        .iter()
        .map(|(rel, text)| (rel.to_string(), text.to_string()))
        .collect();
    out.push((
        "trainyard.toml".into(),
        fill(include_str!("init/trainyard.toml")),
    ));
    out.push((
        "policies/calendar.toml".into(),
        fill(include_str!("init/calendar.toml")),
    ));
    out.push((
        format!("releases/{id}/release.toml"),
        fill(include_str!("init/release.toml")),
    ));
    out.push((
        format!("releases/{id}/runbook.md"),
        fill(include_str!("init/runbook.md")),
    ));
    out.sort();
    out
}

/// What `lint` would say about `files` on `today`, one line a finding.
fn problems(dir: &Path, files: &[(String, String)], today: NaiveDate) -> Vec<String> {
    let bytes = files
        .iter()
        .map(|(rel, text)| (rel.clone(), text.clone().into_bytes()))
        .collect();
    let pipeline = Pipeline::from_repo(Repo::from_files(dir, bytes));
    let checked = pipeline.check(today);
    checked
        .outcome
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .map(|f| format!("{}: {}", f.rule, f.message))
        .collect()
}

/// Writes a file that must not exist yet, creating its folder.
fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| miette::miette!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .map_err(|e| miette::miette!("cannot write {}: {e}", path.display()))
}

/// The machine's IANA zone: `TZ`, else `/etc/timezone`, else where
/// `/etc/localtime` links to.
fn machine_zone() -> Option<Tz> {
    let parse = |s: &str| crate::time::parse_zone(s.trim().trim_start_matches(':')).ok();
    if let Some(tz) = std::env::var("TZ").ok().as_deref().and_then(parse) {
        return Some(tz);
    }
    if let Some(tz) = std::fs::read_to_string("/etc/timezone")
        .ok()
        .as_deref()
        .and_then(parse)
    {
        return Some(tz);
    }
    let link = std::fs::read_link("/etc/localtime").ok()?;
    let link = link.to_string_lossy();
    parse(link.split("zoneinfo/").nth(1)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_new_repository_lints_clean_whatever_the_day() {
        // Every day of a year, in zones either side of UTC: the first
        // release always finds a clean Saturday.
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        for zone in [chrono_tz::Europe::London, chrono_tz::Pacific::Auckland] {
            for n in (0..366).step_by(5) {
                let today = start + Days::new(n);
                let files = repository(Path::new("/tmp/payments"), zone, today).unwrap();
                let release = files
                    .iter()
                    .find(|(r, _)| r.ends_with("release.toml"))
                    .unwrap();
                assert!(release.0.starts_with("releases/REL-"), "{}", release.0);
                assert!(release.1.contains("stage = \"plan\""));
            }
        }
    }

    #[test]
    fn the_calendar_is_in_the_zone_given() {
        let day = NaiveDate::from_ymd_opt(2027, 2, 6).unwrap();
        let files = files("x releases", chrono_tz::America::New_York, day);
        let calendar = &files
            .iter()
            .find(|(r, _)| r == "policies/calendar.toml")
            .unwrap()
            .1;
        assert!(calendar.contains("timezone = \"America/New_York\""));
        let release = &files
            .iter()
            .find(|(r, _)| r == "releases/REL-2027-02-001/release.toml")
            .unwrap()
            .1;
        assert!(release.contains("start = 2027-02-06T20:00:00"));
    }
}

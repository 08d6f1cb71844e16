//! `new --train NAME`: a train copied from another (`--from TRAIN`), or a
//! first one at stage scope.

use super::{emit, manager, template, today, unknown, Error, ExitStatus, NewArgs};
use std::fmt::Write;

use crate::load::Repo;

/// Checks a new train's name: not taken, and usable as a file name.
fn train_name_free(repo: &Repo, name: &str) -> Result<(), Error> {
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return Err(miette::miette!(
            "`{name}` cannot name a train file; use letters, digits and dashes, such as 2027-Q2"
        ));
    }
    if repo
        .trains
        .iter()
        .any(|t| t.def.name.get_ref() == name || t.stem == name)
    {
        return Err(miette::miette!("a train named `{name}` already exists"));
    }
    Ok(())
}

/// `new --train NAME` without `--from`: a first train at stage scope.
fn first_train(repo: &Repo, args: &NewArgs, name: &str) -> Result<ExitStatus, Error> {
    train_name_free(repo, name)?;
    let start = args.start.unwrap_or_else(|| today(repo, args.today));
    let until = match args.until {
        Some(u) => u,
        None => start
            .checked_add_months(chrono::Months::new(3))
            .and_then(|d| d.pred_opt())
            .ok_or_else(|| miette::miette!("pass --until YYYY-MM-DD"))?,
    };
    if until < start {
        return Err(miette::miette!(
            "--until {until} is before the train's start {start}; a train ends on or after the day it starts"
        ));
    }
    let manager = manager(repo, args, None)?;
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| format!("{name} release train"));
    let text = template::first_train(name, &title, &manager, start, until);
    let path = format!("releases/trains/{name}.toml");
    let full = repo.root.join(&path);
    if full.exists() {
        return Err(miette::miette!("{} already exists", full.display()));
    }
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| miette::miette!("cannot create {}: {e}", parent.display()))?;
    }
    emit(Some(&full), &text)?;
    let out = format!(
        "Created {path}: a first train, stage scope, from {} to {}, managed by {manager}.\n\
         Add its purpose, milestones and exit criteria, and name it in member releases with train = \"{name}\".\n\
         Suggested commit:\n  git add {path} && git commit -m \"Train {name}: scope\"\n",
        crate::time::fmt_date(start),
        crate::time::fmt_date(until)
    );
    emit(None, &out)?;
    Ok(ExitStatus::Success)
}

pub(super) fn new_train(repo: &Repo, args: &NewArgs, name: &str) -> Result<ExitStatus, Error> {
    let Some(from) = args.from.as_deref() else {
        return first_train(repo, args, name);
    };
    let old = repo
        .trains
        .iter()
        .find(|t| t.def.name.get_ref() == from || t.stem == from)
        .ok_or_else(|| {
            unknown(
                "train",
                from,
                repo.trains.iter().map(|t| t.def.name.get_ref().as_str()),
            )
        })?;
    train_name_free(repo, name)?;
    let start = args
        .start
        .or_else(|| old.def.until.get_ref().0.succ_opt())
        .ok_or_else(|| miette::miette!("pass --start YYYY-MM-DD"))?;
    let text = template::copied_train(
        &repo.files[old.file].text,
        old.def.name.get_ref(),
        name,
        start,
    )
    .map_err(|e| miette::miette!("cannot copy {}: {e}", repo.path(old.file)))?;
    let path = format!("releases/trains/{name}.toml");
    let full = repo.root.join(&path);
    if full.exists() {
        return Err(miette::miette!("{} already exists", full.display()));
    }
    emit(Some(&full), &text)?;
    let mut out = format!(
        "Created {path} from train {} (stage scope, starting {}, exit criteria not done, no approvals).\n",
        old.def.name.get_ref(),
        crate::time::fmt_date(start)
    );
    let _ = writeln!(
        out,
        "Suggested commit:\n  git add {path} && git commit -m \"Train {name}: scope\""
    );
    emit(None, &out)?;
    Ok(ExitStatus::Success)
}

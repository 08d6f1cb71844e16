//! Release ids: well formed, matching their folder and month, unique.

use std::collections::HashMap;

use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::model::FileId;
use crate::resolve::Resolved;

pub(super) fn duplicate_ids(cx: &Resolved, out: &mut Vec<Finding>) {
    for r in &cx.repo.releases {
        let same = cx.releases_with_id(r.id());
        if same.len() > 1 && !std::ptr::eq(same[0], r) {
            let first = same[0];
            out.push(
                Finding::new(
                    Rule::DuplicateId,
                    r.file,
                    r.def.id.span(),
                    format!(
                        "id {} is already used by {}",
                        r.id(),
                        cx.repo.path(first.file)
                    ),
                )
                .help("give this release the next free id for its month (folder and `id` alike)")
                .release(r.id()),
            );
        }
    }
    let mut trains: HashMap<&str, FileId> = HashMap::new();
    for t in &cx.repo.trains {
        if let Some(first) = trains.get(t.def.name.get_ref().as_str()) {
            out.push(
                Finding::new(
                    Rule::DuplicateId,
                    t.file,
                    t.def.name.span(),
                    format!(
                        "train name `{}` is already used by {}",
                        t.def.name.get_ref(),
                        cx.repo.path(*first)
                    ),
                )
                .help("give each train its own name"),
            );
        } else {
            trains.insert(t.def.name.get_ref(), t.file);
        }
    }
}

/// The year and month of a well-formed id.
pub fn parse_id(id: &str) -> Option<(i32, u32, u32)> {
    let rest = id.strip_prefix("REL-")?;
    let parts: Vec<&str> = rest.split('-').collect();
    let [y, m, n] = parts.as_slice() else {
        return None;
    };
    let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(n, 3)) {
        return None;
    }
    let (y, m, n) = (y.parse().ok()?, m.parse().ok()?, n.parse().ok()?);
    ((1..=12).contains(&m) && n > 0).then_some((y, m, n))
}

pub(super) fn id_format(r: &Release, out: &mut Vec<Finding>) {
    let id = r.id();
    let Some((y, m, _)) = parse_id(id) else {
        out.push(
            Finding::new(
                Rule::IdFormat,
                r.file,
                r.def.id.span(),
                format!("`{id}` is not a release id of the form REL-YYYY-MM-NNN"),
            )
            .help("use REL-, the year and month of the window, and a three-digit number: REL-2024-03-015")
            .release(id),
        );
        return;
    };
    if r.dir != id {
        out.push(
            Finding::new(
                Rule::IdFormat,
                r.file,
                r.def.id.span(),
                format!("id {id} differs from its folder name releases/{}", r.dir),
            )
            .help(format!("rename the folder to releases/{id}, or fix the id"))
            .release(id),
        );
    }
    if let Some(w) = &r.def.window {
        let start = w.get_ref().start.get_ref().date();
        use chrono::Datelike;
        if (start.year(), start.month()) != (y, m) {
            out.push(
                Finding::new(
                    Rule::IdMonthMismatch,
                    r.file,
                    r.def.id.span(),
                    format!(
                        "id {id} is for {y:04}-{m:02} but the window starts on {start}",
                    ),
                )
                .label(w.get_ref().start.span(), "the window starts here")
                .help(format!(
                    "ids are never reused; if the release moved for good, plan it as a new release for {}",
                    start.format("%Y-%m")
                ))
                .release(id),
            );
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_only_when_well_formed() {
        assert_eq!(parse_id("REL-2024-03-015"), Some((2024, 3, 15)));
        assert_eq!(parse_id("REL-2024-13-015"), None);
        assert_eq!(parse_id("REL-2024-03-15"), None);
        assert_eq!(parse_id("REL-2024-03-000"), None);
        assert_eq!(parse_id("rel-2024-03-015"), None);
    }
}

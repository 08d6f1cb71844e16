//! The shared pieces every page draws on, computed once from the loaded
//! repository and the findings: URL slugs, release rows, windows as
//! instants, findings by release, people's names.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rayon::prelude::*;

use super::clock;
use super::view::{FindingView, Link, PersonRef, ReleaseRow, SiteInfo, TypeInfo, WindowView};
use crate::diagnostic::{Finding, Severity};
use crate::load::Repo;
use crate::model::FileId;
use crate::resolve::Resolved;

/// Release types with a colour of their own; others share the rest.
const NAMED_TYPES: [&str; 4] = ["major", "minor", "patch", "emergency"];

/// Folder names under `releases/` that pages of the index use.
const RESERVED: [&str; 3] = ["by-stage", "by-type", "index.html"];

/// What pages share.
pub struct SiteData<'a> {
    pub repo: &'a Repo,
    /// The resolved repository the rules saw: the calendar's zone,
    /// windows, business days.
    pub cx: &'a Resolved<'a>,
    pub tz: Tz,
    pub today: NaiveDate,
    pub info: SiteInfo,
    /// Parallel to `repo.releases`: each release's row, made the first
    /// time it is asked for ([`SiteData::row`]). A whole build fills them
    /// all at once ([`SiteData::fill_rows`]); `serve`'s quick page of one
    /// release makes only the few it shows.
    rows: Vec<OnceLock<ReleaseRow>>,
    /// Parallel to `repo.releases`: the folder's slug in the site.
    release_slugs: Vec<String>,
    /// Parallel to `repo.releases`: the window as a UTC interval.
    pub windows: Vec<Option<(DateTime<Utc>, DateTime<Utc>)>>,
    /// Service key to slug.
    pub service_slugs: BTreeMap<String, String>,
    /// Parallel to `repo.trains`.
    pub train_slugs: Vec<String>,
    /// Type name to CSS class.
    pub type_classes: BTreeMap<String, String>,
    /// Stage history from git, when the build read it.
    pub history: Option<&'a crate::git::History>,
    /// Why there is no (complete) history, for the pages to say.
    pub history_note: Option<String>,
    /// Findings waived by releases' `[[exceptions]]`, by rule.
    pub waived: std::collections::BTreeMap<&'static str, usize>,
    /// Every finding, in the engine's order, as the rules gave it.
    source: &'a [Finding],
    /// Parallel to `source`: the release whose page shows each finding.
    owners: Vec<Option<usize>>,
    /// Parallel to `source`: each finding as shown, made the first time
    /// it is asked for ([`SiteData::finding`], [`SiteData::findings`]).
    views: Vec<OnceLock<FindingView>>,
    /// Severity of each finding in `findings`.
    pub severities: Vec<Severity>,
    /// Release index to its findings (indexes into `findings`).
    pub release_findings: Vec<Vec<usize>>,
    /// Train index to its findings.
    pub train_findings: Vec<Vec<usize>>,
    /// Release id to release index (the first, for duplicated ids).
    pub by_id: HashMap<&'a str, usize>,
    /// Release indexes in window order (unscheduled last, then by id).
    pub chronological: Vec<usize>,
    /// Position of each release in `chronological`.
    pub rank: Vec<usize>,
    /// Releases that name each release in `depends_on`.
    pub dependents: Vec<Vec<usize>>,
    /// Release folder name to release index.
    pub by_dir: HashMap<&'a str, usize>,
    /// Release indexes by service key, by type and by stage name.
    pub by_service: HashMap<&'a str, Vec<usize>>,
    pub by_kind: HashMap<&'a str, Vec<usize>>,
    pub by_stage: HashMap<&'static str, Vec<usize>>,
    /// Who each calendar period applies to.
    pub scopes: super::periods::PeriodScopes,
}

/// A URL path segment for `raw`: letters, digits, `.`, `_` and `-` kept,
/// anything else `-`; never empty, never starting with a dot.
pub fn slug(raw: &str) -> String {
    let mut s: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with('.') {
        s.insert(0, '_');
    }
    s
}

/// Unique slugs for `names`, in order: a repeat gets `-2`, `-3`, …
pub fn unique_slugs<'s>(names: impl Iterator<Item = &'s str>, reserved: &[&str]) -> Vec<String> {
    let mut taken: BTreeSet<String> = reserved.iter().map(|s| s.to_ascii_lowercase()).collect();
    names
        .map(|n| {
            let base = slug(n);
            let mut candidate = base.clone();
            let mut i = 2;
            // Compare case-insensitively: case-insensitive file systems.
            while taken.contains(&candidate.to_ascii_lowercase()) {
                candidate = format!("{base}-{i}");
                i += 1;
            }
            taken.insert(candidate.to_ascii_lowercase());
            candidate
        })
        .collect()
}

impl<'a> SiteData<'a> {
    /// The shared pieces of a build of `cx` with the rules' `outcome`:
    /// what [`super::render`] and `serve`'s quick page both start from.
    pub fn for_build(
        cx: &'a Resolved<'a>,
        outcome: &'a crate::rules::Outcome,
        options: &'a super::BuildOptions,
    ) -> SiteData<'a> {
        let mut ix = SiteData::new(
            cx,
            &outcome.findings,
            options.today,
            crate::resolve::site_title(cx.repo),
            options.base_url.clone(),
        );
        ix.history = options.history.as_ref();
        ix.history_note = options.history_note.clone();
        ix.waived = outcome.waived.clone();
        ix
    }

    /// Computes the shared pieces.
    pub fn new(
        cx: &'a Resolved<'a>,
        findings: &'a [Finding],
        today: NaiveDate,
        title: String,
        base_url: Option<String>,
    ) -> SiteData<'a> {
        let repo = cx.repo;
        let tz = cx.tz;
        let release_slugs = unique_slugs(repo.releases.iter().map(|r| r.dir.as_str()), &RESERVED);
        let service_keys: Vec<&String> = repo
            .services
            .def
            .services
            .keys()
            .map(|k| k.get_ref())
            .collect();
        let service_slugs: BTreeMap<String, String> = service_keys
            .iter()
            .map(|k| k.to_string())
            .zip(unique_slugs(
                service_keys.iter().map(|k| k.as_str()),
                &["index.html"],
            ))
            .collect();
        let train_slugs =
            unique_slugs(repo.trains.iter().map(|t| t.stem.as_str()), &["index.html"]);
        let mut kinds: BTreeSet<&str> = repo.policies.keys().map(String::as_str).collect();
        kinds.extend(repo.releases.iter().map(|r| r.def.kind.get_ref().as_str()));
        let mut type_classes = BTreeMap::new();
        let mut others = 0;
        for k in &kinds {
            let class = if NAMED_TYPES.contains(k) {
                format!("type-{k}")
            } else {
                others += 1;
                format!("type-other{}", (others - 1) % 4 + 1)
            };
            type_classes.insert(k.to_string(), class);
        }
        let mut by_id = HashMap::new();
        for (i, r) in repo.releases.iter().enumerate() {
            by_id.entry(r.id()).or_insert(i);
        }
        let windows: Vec<_> = repo
            .releases
            .iter()
            .map(|r| cx.window(r).map(|iv| (iv.start, iv.end)))
            .collect();

        // Findings, and which release or train each belongs to.
        let mut file_owner: HashMap<FileId, usize> = HashMap::new();
        for (i, r) in repo.releases.iter().enumerate() {
            file_owner.insert(r.file, i);
            for md in [&r.runbook, &r.notes].into_iter().flatten() {
                file_owner.insert(md.file, i);
            }
        }
        let train_files: HashMap<FileId, usize> = repo
            .trains
            .iter()
            .enumerate()
            .map(|(i, t)| (t.file, i))
            .collect();
        let mut release_findings = vec![Vec::new(); repo.releases.len()];
        let mut train_findings = vec![Vec::new(); repo.trains.len()];
        let mut owners = Vec::with_capacity(findings.len());
        let mut severities = Vec::with_capacity(findings.len());
        for (n, f) in findings.iter().enumerate() {
            let owner = file_owner
                .get(&f.file)
                .copied()
                .or_else(|| f.release.as_deref().and_then(|id| by_id.get(id).copied()));
            if let Some(i) = owner {
                release_findings[i].push(n);
            }
            if let Some(t) = train_files.get(&f.file) {
                train_findings[*t].push(n);
            }
            owners.push(owner);
            severities.push(f.severity);
        }

        let mut index = SiteData {
            repo,
            cx,
            tz,
            today,
            info: SiteInfo {
                title,
                description: repo.config.def.site.description.clone(),
                base_url,
                today: today.to_string(),
                today_label: crate::time::fmt_date(today),
                zone: tz.name().to_string(),
                release_count: repo.releases.len(),
                feed_horizon: {
                    let (from, until) = crate::feeds::horizon(today);
                    format!(
                        "{} to {}",
                        crate::time::fmt_date(from),
                        crate::time::fmt_date(until)
                    )
                },
                types: Vec::new(),
                feeds: vec![
                    Link {
                        label: "Every release (calendar.ics)".to_string(),
                        url: "calendar.ics".to_string(),
                    },
                    Link {
                        label: "Maintenance windows and blackouts (windows.ics)".to_string(),
                        url: "windows.ics".to_string(),
                    },
                ],
            },
            rows: Vec::new(),
            release_slugs: Vec::new(),
            windows,
            service_slugs,
            train_slugs,
            type_classes,
            history: None,
            history_note: None,
            waived: Default::default(),
            source: findings,
            owners,
            views: (0..findings.len()).map(|_| OnceLock::new()).collect(),
            severities,
            release_findings,
            train_findings,
            by_id,
            chronological: Vec::new(),
            rank: Vec::new(),
            dependents: Vec::new(),
            by_service: HashMap::new(),
            by_kind: HashMap::new(),
            by_stage: HashMap::new(),
            scopes: super::periods::PeriodScopes::new(repo, tz, cx.today_start()),
            by_dir: repo
                .releases
                .iter()
                .enumerate()
                .map(|(i, r)| (r.dir.as_str(), i))
                .collect(),
        };
        index.info.types = index
            .type_classes
            .iter()
            .map(|(name, class)| TypeInfo {
                name: name.clone(),
                class: class.clone(),
                description: repo
                    .policies
                    .get(name)
                    .and_then(|p| p.def.description.as_ref())
                    .map(|d| d.get_ref().clone()),
                url: format!("releases/by-type/{}/index.html", slug(name)),
            })
            .collect();
        index.rows = (0..repo.releases.len()).map(|_| OnceLock::new()).collect();
        index.release_slugs = release_slugs;
        let mut order: Vec<usize> = (0..repo.releases.len()).collect();
        order.sort_by(|&a, &b| {
            let ka = (index.windows[a].is_none(), index.windows[a].map(|w| w.0));
            let kb = (index.windows[b].is_none(), index.windows[b].map(|w| w.0));
            ka.cmp(&kb)
                .then_with(|| repo.releases[a].id().cmp(repo.releases[b].id()))
                .then_with(|| a.cmp(&b))
        });
        let mut dependents = vec![Vec::new(); repo.releases.len()];
        for (j, r) in repo.releases.iter().enumerate() {
            for d in &r.def.depends_on {
                if let Some(&i) = index.by_id.get(d.get_ref().as_str()) {
                    dependents[i].push(j);
                }
            }
        }
        index.dependents = dependents;
        for &i in &order {
            let d = &repo.releases[i].def;
            index
                .by_service
                .entry(d.service.get_ref().as_str())
                .or_default()
                .push(i);
            index
                .by_kind
                .entry(d.kind.get_ref().as_str())
                .or_default()
                .push(i);
            index
                .by_stage
                .entry(d.stage.get_ref().as_str())
                .or_default()
                .push(i);
        }
        index.rank = vec![0; order.len()];
        for (p, &i) in order.iter().enumerate() {
            index.rank[i] = p;
        }
        index.chronological = order;
        index
    }

    /// Finding `n` (an index into the findings the site was made from) as
    /// shown.
    pub fn finding(&self, n: usize) -> &FindingView {
        self.views[n].get_or_init(|| {
            let f = &self.source[n];
            let (path, start, _) = crate::report::locate(self.repo, f);
            FindingView {
                rule: f.rule.to_string(),
                severity: f.severity.as_str().to_string(),
                message: f.message.clone(),
                help: f.help.clone(),
                location: format!("{path}:{}:{}", start.line, start.column),
                release: self.owners[n].map(|i| Link {
                    label: self.repo.releases[i].id().to_string(),
                    url: format!("releases/{}/index.html#findings", self.release_slugs[i]),
                }),
            }
        })
    }

    /// Every finding as shown, in the engine's order.
    pub fn findings(&self) -> impl Iterator<Item = &FindingView> + '_ {
        (0..self.views.len()).map(|n| self.finding(n))
    }

    /// Release `i`'s row (an index into `repo.releases`).
    pub fn row(&self, i: usize) -> &ReleaseRow {
        self.rows[i].get_or_init(|| self.make_row(i))
    }

    /// Makes every row and every finding's view, in parallel: what a whole
    /// build does first, as its pages show them all.
    pub fn fill_rows(&self) {
        (0..self.rows.len()).into_par_iter().for_each(|i| {
            self.row(i);
        });
        (0..self.views.len()).into_par_iter().for_each(|n| {
            self.finding(n);
        });
    }

    fn make_row(&self, i: usize) -> ReleaseRow {
        let r = &self.repo.releases[i];
        let slug = self.release_slugs[i].as_str();
        let d = &r.def;
        let (mut errors, mut warnings) = (0, 0);
        for &n in &self.release_findings[i] {
            match self.severities[n] {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
        }
        ReleaseRow {
            id: r.id().to_string(),
            slug: slug.to_string(),
            url: format!("releases/{slug}/index.html"),
            title: d.title.get_ref().clone(),
            service: self.service_link(d.service.get_ref()),
            version: d.version.get_ref().clone(),
            kind: d.kind.get_ref().clone(),
            kind_class: self.type_class(d.kind.get_ref()),
            impact: d.impact.get_ref().as_str().to_string(),
            stage: d.stage.get_ref().as_str().to_string(),
            window: self.windows[i].map(|(s, e)| self.window_view(s, e)),
            train: d.train.as_ref().map(|t| self.train_link(t.get_ref())),
            manager: self.person(d.manager.get_ref()).name,
            errors,
            warnings,
        }
    }

    /// The window labels for an interval.
    pub fn window_view(&self, s: DateTime<Utc>, e: DateTime<Utc>) -> WindowView {
        let local = clock::to_local(self.tz, s);
        WindowView {
            label: crate::time::label_span(self.tz, s, e),
            date: local.date().to_string(),
            time: crate::time::fmt_hhmm(local.time()),
            length: crate::time::fmt_length(e - s),
            start_utc: s.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            end_utc: e.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }

    pub fn type_class(&self, kind: &str) -> String {
        self.type_classes
            .get(kind)
            .cloned()
            .unwrap_or_else(|| "type-other1".to_string())
    }

    /// A person by key; an unknown key shows as itself.
    pub fn person(&self, key: &str) -> PersonRef {
        match self.repo.people.def.people.get(key) {
            Some(p) => PersonRef {
                key: key.to_string(),
                name: p.get_ref().name.get_ref().clone(),
                email: p.get_ref().email.as_ref().map(|e| e.get_ref().clone()),
                known: true,
            },
            None => PersonRef {
                key: key.to_string(),
                name: key.to_string(),
                email: None,
                known: false,
            },
        }
    }

    /// A service's page, or the releases index when it is not catalogued.
    pub fn service_link(&self, key: &str) -> Link {
        match (
            self.service_slugs.get(key),
            self.repo.services.def.services.get(key),
        ) {
            (Some(slug), Some(s)) => Link {
                label: s.get_ref().name.get_ref().clone(),
                url: format!("services/{slug}/index.html"),
            },
            _ => Link {
                label: key.to_string(),
                url: "services/index.html".to_string(),
            },
        }
    }

    /// A train's page by name (the `train` of a release).
    pub fn train_link(&self, name: &str) -> Link {
        let found = self
            .repo
            .trains
            .iter()
            .position(|t| t.def.name.get_ref() == name || t.stem == name);
        match found {
            Some(i) => Link {
                label: self.repo.trains[i].def.title.get_ref().clone(),
                url: format!("trains/{}/index.html", self.train_slugs[i]),
            },
            None => Link {
                label: name.to_string(),
                url: "trains/index.html".to_string(),
            },
        }
    }

    /// A release's page by id (dependencies), if it exists.
    pub fn release_link(&self, id: &str) -> Option<Link> {
        self.by_id.get(id).map(|&i| Link {
            label: id.to_string(),
            url: self.row(i).url.clone(),
        })
    }

    /// Rows of `indexes`, in chronological order.
    pub fn rows_of(&self, mut indexes: Vec<usize>) -> Vec<ReleaseRow> {
        indexes.sort_by_key(|&i| self.rank[i]);
        indexes.into_iter().map(|i| self.row(i).clone()).collect()
    }

    /// Releases of a service, type or stage, in chronological order.
    pub fn members(map: &HashMap<&str, Vec<usize>>, key: &str) -> Vec<usize> {
        map.get(key).cloned().unwrap_or_default()
    }

    /// Findings by their indexes.
    pub fn findings_of(&self, indexes: &[usize]) -> Vec<FindingView> {
        indexes.iter().map(|&n| self.finding(n).clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_and_unique() {
        assert_eq!(slug("REL-2026-03-001"), "REL-2026-03-001");
        assert_eq!(slug("../etc"), "_..-etc");
        assert_eq!(slug(""), "_");
        assert_eq!(slug("a b/c"), "a-b-c");
        let s = unique_slugs(["a", "A", "by-stage", "a"].into_iter(), &RESERVED);
        assert_eq!(s, ["a", "A-2", "by-stage-2", "a-3"]);
    }
}

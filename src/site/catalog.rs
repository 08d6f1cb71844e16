//! Service and train pages: what a service is, who owns it and its
//! releases; a train's gates and its member releases.

use super::data::{slug, SiteData};
use super::view::*;
use crate::calendar::PeriodKind;

/// The page of service `key` (catalogued or not).
pub fn service_page(ix: &SiteData<'_>, key: &str) -> ServicePage {
    let repo = ix.repo;
    let slug = ix
        .service_slugs
        .get(key)
        .cloned()
        .unwrap_or_else(|| slug(key));
    let def = repo.services.def.services.get(key).map(|s| s.get_ref());
    let members = SiteData::members(&ix.by_service, key);
    let (past, upcoming): (Vec<usize>, Vec<usize>) = members.iter().partition(|&&i| {
        let stage = *repo.releases[i].def.stage.get_ref();
        !stage.is_live()
            || ix.windows[i].is_some_and(|w| super::clock::to_local(ix.tz, w.1).date() < ix.today)
    });
    let mut past = ix.rows_of(past);
    past.reverse();
    ServicePage {
        key: key.to_string(),
        url: format!("services/{slug}/index.html"),
        slug,
        name: def.map_or_else(|| key.to_string(), |d| d.name.get_ref().clone()),
        description: def
            .and_then(|d| d.description.as_ref())
            .map(|d| d.get_ref().clone()),
        owner: ix.person(def.map_or("", |d| d.owner.get_ref().as_str())),
        versioning: def
            .map_or("semver", |d| match d.versioning() {
                crate::model::Versioning::Semver => "semver",
                crate::model::Versioning::Calver => "calver",
            })
            .to_string(),
        depends_on: def
            .map(|d| {
                d.depends_on
                    .iter()
                    .map(|x| ix.service_link(x.get_ref()))
                    .collect()
            })
            .unwrap_or_default(),
        dependents: repo
            .services
            .def
            .services
            .iter()
            .filter(|(_, s)| s.get_ref().depends_on.iter().any(|x| x.get_ref() == key))
            .map(|(k, _)| ix.service_link(k.get_ref()))
            .collect(),
        upcoming: ix.rows_of(upcoming),
        past,
        release_count: members.len(),
        windows: super::period_views::views(ix, PeriodKind::MaintenanceWindow, Some(key)),
        blackouts: super::period_views::views(ix, PeriodKind::Blackout, Some(key)),
        feed: super::feeds::ical_path(ix, &format!("services/{key}/calendar.ics")),
    }
}

/// The page of train `i` with its member releases.
pub fn train_page(ix: &SiteData<'_>, i: usize) -> TrainPage {
    let t = &ix.repo.trains[i];
    let d = &t.def;
    let name = d.name.get_ref();
    let members: Vec<usize> = (0..ix.repo.releases.len())
        .filter(|&j| {
            ix.repo.releases[j]
                .def
                .train
                .as_ref()
                .is_some_and(|x| x.get_ref() == name || *x.get_ref() == t.stem)
        })
        .collect();
    let slug = ix.train_slugs[i].clone();
    TrainPage {
        name: name.clone(),
        url: format!("trains/{slug}/index.html"),
        slug,
        title: d.title.get_ref().clone(),
        purpose: d.purpose.as_ref().map(|p| p.get_ref().clone()),
        manager: ix.person(d.manager.get_ref()),
        stage: d.stage.get_ref().as_str().to_string(),
        from: crate::time::fmt_date(d.from.get_ref().0),
        until: crate::time::fmt_date(d.until.get_ref().0),
        milestones: d
            .milestones
            .iter()
            .map(|m| Fact {
                label: crate::time::fmt_date(m.get_ref().date.get_ref().0),
                value: m.get_ref().name.get_ref().clone(),
                url: None,
            })
            .collect(),
        exit_criteria: d
            .exit_criteria
            .iter()
            .map(|e| ExitView {
                gate: e.get_ref().gate.get_ref().as_str().to_string(),
                item: e.get_ref().item.get_ref().clone(),
                done: *e.get_ref().done.get_ref(),
            })
            .collect(),
        approvals: d
            .approvals
            .iter()
            .map(|a| {
                let a = a.get_ref();
                ApprovalView {
                    gate: a.gate.get_ref().as_str().to_string(),
                    role: a.role.get_ref().clone(),
                    by: ix.person(a.by.get_ref()),
                    at: crate::time::label_when(ix.tz, a.at.get_ref()),
                    note: a.note.as_ref().map(|n| n.get_ref().clone()),
                }
            })
            .collect(),
        releases: ix.rows_of(members),
        findings: ix.findings_of(&ix.train_findings[i]),
        feed: super::feeds::ical_path(ix, &format!("trains/{name}/calendar.ics")),
    }
}

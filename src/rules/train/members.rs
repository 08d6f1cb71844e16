//! The releases on a train, and the milestones they inherit from it.

use crate::load::{Release, Repo};
use crate::model::Milestone;

/// The releases on train `name`, in folder order.
pub fn members<'a>(repo: &'a Repo, name: &'a str) -> impl Iterator<Item = &'a Release> + 'a {
    repo.releases
        .iter()
        .filter(move |r| r.def.train.as_ref().is_some_and(|t| t.get_ref() == name))
}

/// The milestones a release inherits from its train, by date: what a
/// release page shows beside its own dates.
pub fn inherited_milestones<'a>(repo: &'a Repo, r: &Release) -> Vec<&'a Milestone> {
    let Some(name) = &r.def.train else {
        return Vec::new();
    };
    let mut out: Vec<&Milestone> = repo
        .trains
        .iter()
        .filter(|t| t.def.name.get_ref() == name.get_ref())
        .flat_map(|t| t.def.milestones.iter().map(|m| m.get_ref()))
        .collect();
    out.sort_by(|a, b| {
        (a.date.get_ref(), a.name.get_ref()).cmp(&(b.date.get_ref(), b.name.get_ref()))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::inherited_milestones;
    use crate::rules::fixture::{load, Fixture, GOOD};
    use crate::rules::train::fixture::{on_train, TRAIN};

    #[test]
    fn members_inherit_milestones_by_date() {
        let fx = Fixture::new()
            .release(&on_train(GOOD))
            .file("releases/trains/2026-Q1.toml", TRAIN);
        let repo = load(&fx);
        let names: Vec<&str> = inherited_milestones(&repo, &repo.releases[0])
            .iter()
            .map(|m| m.name.get_ref().as_str())
            .collect();
        assert_eq!(names, ["Scope agreed", "Code freeze"]);
        let other = Fixture::new()
            .release(GOOD)
            .file("releases/trains/2026-Q1.toml", TRAIN);
        let repo = load(&other);
        assert!(inherited_milestones(&repo, &repo.releases[0]).is_empty());
    }
}

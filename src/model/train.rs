//! `releases/trains/NAME.toml`: a release train and its stage gates.

use serde::Deserialize;

use super::{Day, Spanned, TrainStage, When};

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainDef {
    pub name: Spanned<String>,
    pub title: Spanned<String>,
    pub purpose: Option<Spanned<String>>,
    pub manager: Spanned<String>,
    pub stage: Spanned<TrainStage>,
    pub from: Spanned<Day>,
    /// Inclusive last day of the train's period.
    pub until: Spanned<Day>,
    #[serde(default)]
    pub milestones: Vec<Spanned<Milestone>>,
    #[serde(default)]
    pub exit_criteria: Vec<Spanned<ExitCriterion>>,
    #[serde(default)]
    pub approvals: Vec<Spanned<TrainApproval>>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub name: Spanned<String>,
    pub date: Spanned<Day>,
}

/// An item that must be done before the train passes `gate`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExitCriterion {
    pub gate: Spanned<TrainStage>,
    pub item: Spanned<String>,
    pub done: Spanned<bool>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainApproval {
    pub gate: Spanned<TrainStage>,
    pub role: Spanned<String>,
    pub by: Spanned<String>,
    pub at: Spanned<When>,
    pub note: Option<Spanned<String>>,
}

//! Test support for the train family: a train at deployment with every
//! gate in order, and a release put on it.

pub(super) const TRAIN: &str = r#"name = "2026-Q1"
title = "Q1 2026"
manager = "alice"
stage = "deployment"
from = 2026-01-01
until = 2026-03-31

[[milestones]]
name = "Code freeze"
date = 2026-03-02

[[milestones]]
name = "Scope agreed"
date = 2026-01-15

[[exit_criteria]]
gate = "construction"
item = "All member releases built"
done = true

[[exit_criteria]]
gate = "deployment"
item = "Production turnover accepted"
done = false

[[approvals]]
gate = "deployment"
role = "executive"
by = "grace"
at = 2026-03-10T15:00:00
"#;

/// `text`, a release, on train 2026-Q1.
pub(super) fn on_train(text: &str) -> String {
    text.replace(
        "manager = \"alice\"",
        "manager = \"alice\"\ntrain = \"2026-Q1\"",
    )
}

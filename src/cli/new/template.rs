//! The text `trainyard new` writes: a release.toml at stage plan with what
//! its type will need written as comments, a runbook skeleton with the
//! policy's sections, and a train copied from another.

use std::fmt::Write;

use chrono::{Days, NaiveDate, NaiveDateTime};

use crate::model::{Impact, Policy, Stage};

/// What a new release is made of.
pub(super) struct Draft<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub service: &'a str,
    /// The service's owner, for the approval hints.
    pub owner: Option<&'a str>,
    pub version: &'a str,
    pub kind: &'a str,
    pub impact: Impact,
    pub manager: &'a str,
    pub start: NaiveDateTime,
    pub duration: &'a str,
    /// `[rollback]` window and procedure kept from the release copied.
    pub rollback: Option<(Option<&'a str>, Option<&'a str>)>,
    pub policy: &'a Policy,
    /// The release copied, if any.
    pub from: Option<&'a str>,
}

/// A TOML basic string.
pub(super) fn quote(s: &str) -> String {
    toml_edit::Value::from(s).to_string().trim().to_string()
}

/// A line of TOML with a comment lined up after it.
fn note(code: &str, comment: &str) -> String {
    format!("{code:<30}# {comment}\n")
}

/// release.toml for a draft.
pub(super) fn release(d: &Draft) -> String {
    let mut t = String::new();
    let origin = match d.from {
        Some(src) => format!(" from {src}"),
        None => String::new(),
    };
    let _ = writeln!(
        t,
        "# Created by `trainyard new`{origin}. The commented entries are what a"
    );
    let _ = writeln!(
        t,
        "# {} release needs as it moves on: `trainyard lint` says which are due,",
        d.kind
    );
    t.push_str("# `trainyard promote` moves it one stage once they are.\n");
    let _ = writeln!(t, "id = {}", quote(d.id));
    let _ = writeln!(t, "title = {}", quote(d.title));
    let _ = writeln!(t, "service = {}", quote(d.service));
    let _ = writeln!(t, "version = {}", quote(d.version));
    let _ = writeln!(t, "type = {}", quote(d.kind));
    t.push_str(&note(
        &format!("impact = {}", quote(d.impact.as_str())),
        "high | medium | low: sets notice and audience",
    ));
    t.push_str("stage = \"plan\"\n");
    let _ = writeln!(t, "manager = {}", quote(d.manager));
    t.push_str(&note(
        "# train = \"…\"",
        "the release train it rides, if any",
    ));
    t.push_str(&note(
        "# depends_on = [\"REL-…\"]",
        "releases that must deploy first",
    ));
    t.push_str("\n# Needed to leave plan:\n");
    t.push_str("# rationale = \"Why this release, in a sentence\"\n");
    t.push_str("# risk = \"Low: what could go wrong, and why it is contained\"\n");
    if d.policy.require_incident {
        t.push_str(&note(
            "# incident = \"INC-…\"",
            &format!("the {} policy needs the incident it fixes", d.kind),
        ));
    }
    t.push_str("\n[window]\n");
    let _ = writeln!(t, "start = {}", d.start.format("%Y-%m-%dT%H:%M:%S"));
    let _ = writeln!(t, "duration = {}", quote(d.duration));
    match d.rollback {
        Some((window, procedure)) => {
            t.push_str("\n[rollback]\n");
            if let Some(w) = window {
                let _ = writeln!(t, "window = {}", quote(w));
            }
            if let Some(p) = procedure {
                let _ = writeln!(t, "procedure = {}", quote(p));
            }
        }
        None => {
            t.push_str("\n# Needed to leave plan:\n# [rollback]\n");
            t.push_str(&note(
                "# window = \"4h\"",
                "how long after deployment rollback is possible",
            ));
            t.push_str("# procedure = \"runbook.md#rollback\"\n");
        }
    }
    t.push_str(
        "\n# The changes it ships, each approved in change management before build:\n\
         # [[changes]]\n\
         # id = \"CHG-…\"\n\
         # summary = \"…\"\n",
    );
    t.push_str(&note(
        "# status = \"pending\"",
        "approved | pending | rejected",
    ));
    approvals(&mut t, d);
    tests(&mut t, d);
    t
}

fn approvals(t: &mut String, d: &Draft) {
    let gates: Vec<(Stage, Vec<&str>)> = Stage::ALL
        .iter()
        .map(|s| (*s, d.policy.approvals_for(*s)))
        .filter(|(_, roles)| !roles.is_empty())
        .collect();
    if gates.is_empty() {
        return;
    }
    let _ = writeln!(
        t,
        "\n# Approvals the {} policy needs (gate = the stage they let it enter):",
        d.kind
    );
    for (gate, roles) in &gates {
        let _ = writeln!(t, "#   {gate}: {}", roles.join(", "));
    }
    let (gate, roles) = &gates[0];
    let role = roles[0];
    let by = match (role, d.owner) {
        ("service-owner", Some(o)) => o.to_string(),
        _ => "…".to_string(),
    };
    let _ = write!(
        t,
        "# [[approvals]]\n# gate = \"{gate}\"\n# role = \"{role}\"\n# by = \"{by}\"\n"
    );
    t.push_str(&note("# at = …", "when it was given"));
}

fn tests(t: &mut String, d: &Draft) {
    if d.policy.tests.is_empty() {
        return;
    }
    let list: Vec<String> = d
        .policy
        .tests
        .iter()
        .map(|(c, l)| format!("{} ({})", c.get_ref(), l.get_ref()))
        .collect();
    let _ = writeln!(
        t,
        "\n# Tests the {} policy needs passed before stage: {}.",
        d.kind,
        list.join(", ")
    );
    let (category, level) = d
        .policy
        .tests
        .iter()
        .next()
        .map_or(("smoke", "required"), |(c, l)| {
            (c.get_ref().as_str(), l.get_ref().as_str())
        });
    let _ = write!(
        t,
        "# [[tests]]\n# category = \"{category}\"\n# level = \"{level}\"\n# result = \"passed\"\n# at = …\n"
    );
}

/// A first train, at stage scope: what `new --train NAME` writes when there
/// is no train to copy.
pub(super) fn first_train(
    name: &str,
    title: &str,
    manager: &str,
    from: NaiveDate,
    until: NaiveDate,
) -> String {
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# Release train {name}, created by `trainyard new --train`. Member releases\n\
         # name it with `train = {}`; their windows fall between `from` and `until`.\n",
        quote(name)
    );
    let _ = writeln!(t, "name = {}", quote(name));
    let _ = writeln!(t, "title = {}", quote(title));
    t.push_str("# purpose = \"What the train ships together, in a sentence\"\n");
    let _ = writeln!(t, "manager = {}", quote(manager));
    t.push_str(&note(
        "stage = \"scope\"",
        "scope | construction | verification | deployment | closed",
    ));
    let _ = writeln!(t, "from = {}", day(from));
    t.push_str(&note(&format!("until = {}", day(until)), "inclusive"));
    let _ = write!(
        t,
        "\n# The dates the train keeps:\n# [[milestones]]\n# name = \"Scope approved\"\n# date = {}\n",
        day(from.checked_add_days(Days::new(7)).unwrap_or(from))
    );
    t.push_str(
        "\n# What the train must have done to leave a stage (gate = that stage):\n\
         [[exit_criteria]]\n\
         gate = \"scope\"\n\
         item = \"Member releases created and linked to the train\"\n\
         done = false\n",
    );
    t
}

/// A runbook skeleton with the policy's sections.
pub(super) fn runbook(d: &Draft, window: &str, sections: &[String]) -> String {
    let mut t = format!("# Runbook: {} ({})\n\nWindow: {window}.\n", d.title, d.id);
    for s in sections {
        let _ = write!(t, "\n## {s}\n\n1. …\n");
    }
    t
}

/// A runbook copied from another release, with its id and title replaced.
pub(super) fn copied_runbook(text: &str, from: (&str, &str), to: (&str, &str)) -> String {
    let (old_id, old_title) = from;
    let (new_id, new_title) = to;
    let t = if old_title.is_empty() {
        text.to_string()
    } else {
        text.replace(old_title, new_title)
    };
    t.replace(old_id, new_id)
}

/// A train copied from `text` (the train `old`) as `name`: stage scope,
/// every date moved so that it starts on `start`, exit criteria not done,
/// no approvals. Comments and layout are kept.
pub(super) fn copied_train(
    text: &str,
    old: &str,
    name: &str,
    start: NaiveDate,
) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.message().to_string())?;
    let date_of = |v: &toml_edit::Value| -> Option<NaiveDate> {
        let d = v.as_datetime()?.date?;
        NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
    };
    let old_start = doc
        .get("from")
        .and_then(toml_edit::Item::as_value)
        .and_then(date_of)
        .ok_or("it has no `from` date")?;
    let shift = |v: &mut toml_edit::Value| {
        let Some(d) = date_of(v) else { return };
        if let Some(m) = shift_date(d, old_start, start).and_then(|m| {
            m.format("%Y-%m-%d")
                .to_string()
                .parse::<toml_edit::Datetime>()
                .ok()
        }) {
            let decor = v.decor().clone();
            *v = toml_edit::Value::from(m);
            *v.decor_mut() = decor;
        }
    };
    let set = |doc: &mut toml_edit::DocumentMut, key: &str, value: &str| {
        if let Some(v) = doc.get_mut(key).and_then(toml_edit::Item::as_value_mut) {
            let decor = v.decor().clone();
            *v = toml_edit::Value::from(value);
            *v.decor_mut() = decor;
        }
    };
    set(&mut doc, "name", name);
    set(&mut doc, "stage", "scope");
    let title = doc
        .get("title")
        .and_then(toml_edit::Item::as_str)
        .map(|t| t.replace(old, name));
    if let Some(title) = title {
        set(&mut doc, "title", &title);
    }
    for key in ["from", "until"] {
        if let Some(v) = doc.get_mut(key).and_then(toml_edit::Item::as_value_mut) {
            shift(v);
        }
    }
    if let Some(ms) = doc
        .get_mut("milestones")
        .and_then(toml_edit::Item::as_array_of_tables_mut)
    {
        for m in ms.iter_mut() {
            if let Some(v) = m.get_mut("date").and_then(toml_edit::Item::as_value_mut) {
                shift(v);
            }
        }
    }
    if let Some(cs) = doc
        .get_mut("exit_criteria")
        .and_then(toml_edit::Item::as_array_of_tables_mut)
    {
        for c in cs.iter_mut() {
            if let Some(v) = c.get_mut("done").and_then(toml_edit::Item::as_value_mut) {
                let decor = v.decor().clone();
                *v = toml_edit::Value::from(false);
                *v.decor_mut() = decor;
            }
        }
    }
    doc.remove("approvals");
    Ok(doc.to_string())
}

/// `d` moved as `from` moves to `to`: by whole months when both fall on
/// the same day of the month (a quarter's train becomes the next quarter's,
/// month ends staying month ends), else by days.
fn shift_date(d: NaiveDate, from: NaiveDate, to: NaiveDate) -> Option<NaiveDate> {
    use chrono::{Datelike, Months};
    if from.day() == to.day() {
        let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
        let month_end = |x: NaiveDate| x.succ_opt().is_some_and(|n| n.month() != x.month());
        let first = d.with_day(1)?;
        let moved = if months >= 0 {
            first.checked_add_months(Months::new(months.unsigned_abs()))?
        } else {
            first.checked_sub_months(Months::new(months.unsigned_abs()))?
        };
        let last = moved.checked_add_months(Months::new(1))?.pred_opt()?;
        return Some(if month_end(d) {
            last
        } else {
            moved.with_day(d.day()).unwrap_or(last)
        });
    }
    let days = (to - from).num_days();
    if days >= 0 {
        d.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(days.unsigned_abs()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_train_copy_moves_its_dates_and_starts_afresh() {
        let text = "# Q1 train\nname = \"2030-Q1\"\ntitle = \"2030-Q1 train\"\nmanager = \"alice\"\nstage = \"closed\"  # done\nfrom = 2030-01-01\nuntil = 2030-03-31\n\n[[milestones]]\nname = \"Code freeze\"\ndate = 2030-03-01\n\n[[exit_criteria]]\ngate = \"verification\"\nitem = \"All members at test\"\ndone = true\n\n[[approvals]]\ngate = \"deployment\"\nrole = \"executive\"\nby = \"grace\"\nat = 2030-03-20T10:00:00\n";
        let start = NaiveDate::from_ymd_opt(2030, 4, 1).unwrap();
        let new = copied_train(text, "2030-Q1", "2030-Q2", start).unwrap();
        assert!(
            new.starts_with("# Q1 train\nname = \"2030-Q2\"\ntitle = \"2030-Q2 train\"\n"),
            "{new}"
        );
        assert!(new.contains("stage = \"scope\"  # done\n"), "{new}");
        assert!(
            new.contains("from = 2030-04-01\nuntil = 2030-06-30\n"),
            "{new}"
        );
        assert!(new.contains("date = 2030-06-01\n"), "{new}");
        assert!(new.contains("done = false\n"), "{new}");
        assert!(!new.contains("approvals"), "{new}");
        assert!(copied_train("name = \"x\"\n", "x", "y", start).is_err());
    }

    #[test]
    fn dates_move_by_months_when_the_train_starts_on_the_same_day() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(
            shift_date(d(2030, 3, 31), d(2030, 1, 1), d(2030, 4, 1)),
            Some(d(2030, 6, 30))
        );
        assert_eq!(
            shift_date(d(2030, 2, 15), d(2030, 1, 1), d(2030, 4, 1)),
            Some(d(2030, 5, 15))
        );
        assert_eq!(
            shift_date(d(2030, 1, 10), d(2030, 1, 1), d(2030, 1, 8)),
            Some(d(2030, 1, 17))
        );
        assert_eq!(
            shift_date(d(2030, 4, 30), d(2030, 4, 1), d(2030, 1, 1)),
            Some(d(2030, 1, 31))
        );
    }

    #[test]
    fn a_first_train_loads_and_starts_at_scope() {
        let d = |m, d| NaiveDate::from_ymd_opt(2030, m, d).unwrap();
        let text = first_train(
            "2030-Q2",
            "Q2 2030 release train",
            "alice",
            d(4, 1),
            d(6, 30),
        );
        let def: crate::model::TrainDef = toml::from_str(&text).unwrap();
        assert_eq!(def.name.get_ref(), "2030-Q2");
        assert_eq!(def.stage.get_ref().to_string(), "scope");
        assert!(
            text.contains("from = 2030-04-01\nuntil = 2030-06-30"),
            "{text}"
        );
    }

    #[test]
    fn a_copied_runbook_names_the_new_release() {
        let text = "# Runbook: Billing v1.1.0 (REL-2030-03-001)\n\nSee REL-2030-03-001.\n";
        assert_eq!(
            copied_runbook(
                text,
                ("REL-2030-03-001", "Billing v1.1.0"),
                ("REL-2030-04-001", "Billing v1.2.0")
            ),
            "# Runbook: Billing v1.2.0 (REL-2030-04-001)\n\nSee REL-2030-04-001.\n"
        );
    }
}

//! A release's page: definition, notes in the release procedure's format, tests,
//! defects, approvals, planned-versus-actual timeline, turnovers,
//! outcome, runbook and findings.

use tera::Context;

use super::data::SiteData;
use super::markdown::{self, Target};
use super::templates::{chain, Theme};
use super::view::*;
use super::SiteError;
use crate::load::{MarkdownFile, Release};
use crate::model::{test_level_rank, Policy, Stage, When};

/// Builds the page of release `i` (without `notes_html`, which the
/// renderer fills from the notes partial).
pub fn page(ix: &SiteData<'_>, i: usize) -> ReleasePage {
    let r = &ix.repo.releases[i];
    let d = &r.def;
    let row = ix.row(i).clone();
    let policy = ix.repo.policies.get(d.kind.get_ref()).map(|p| &p.def);
    let tz = ix.tz;
    let when = |w: &When| crate::time::label_when(tz, w);
    let service_owner = ix
        .repo
        .services
        .def
        .services
        .get(d.service.get_ref().as_str())
        .map(|s| ix.person(s.get_ref().owner.get_ref()));
    let manager = ix.person(d.manager.get_ref());

    let depends_on: Vec<Link> = d
        .depends_on
        .iter()
        .map(|id| {
            ix.release_link(id.get_ref()).unwrap_or_else(|| Link {
                label: id.get_ref().clone(),
                url: String::new(),
            })
        })
        .collect();
    let dependents: Vec<Link> = ix.dependents[i]
        .iter()
        .map(|&j| Link {
            label: ix.row(j).id.clone(),
            url: ix.row(j).url.clone(),
        })
        .collect();

    let approvals: Vec<ApprovalView> = d
        .approvals
        .iter()
        .map(|a| {
            let a = a.get_ref();
            ApprovalView {
                gate: a.gate.get_ref().as_str().to_string(),
                role: a.role.get_ref().clone(),
                by: ix.person(a.by.get_ref()),
                at: when(a.at.get_ref()),
                note: a.note.as_ref().map(|n| n.get_ref().clone()),
            }
        })
        .collect();
    let mut required_approvals = Vec::new();
    if let Some(p) = policy {
        for gate in Stage::LIFECYCLE {
            for role in p.approvals_for(gate) {
                let given_by = d
                    .approvals
                    .iter()
                    .map(|a| a.get_ref())
                    .filter(|a| *a.gate.get_ref() == gate && a.role.get_ref() == role)
                    .map(|a| ix.person(a.by.get_ref()).name)
                    .collect();
                required_approvals.push(RequiredApproval {
                    gate: gate.as_str().to_string(),
                    role: role.to_string(),
                    given_by,
                });
            }
        }
    }

    let rollback = d.rollback.as_ref().map(|r| r.get_ref());
    let rollback_window = rollback
        .and_then(|r| r.window.as_ref())
        .map(|w| w.get_ref().clone());
    let rollback_procedure = rollback.and_then(|r| r.procedure.as_ref()).map(|p| {
        let text = p.get_ref();
        let url = match markdown::scheme(text) {
            Some(s) if s == "http" || s == "https" => text.clone(),
            Some(_) => String::new(),
            None if text.contains(' ') => String::new(),
            None => match link_target(ix, r, "runbook-", text) {
                Target::Rewrite(u) => u,
                _ => String::new(),
            },
        };
        Link {
            label: text.clone(),
            url,
        }
    });

    let mut facts = vec![Fact {
        label: "Deploys".into(),
        value: row.window.as_ref().map_or_else(
            || "Not scheduled yet".to_string(),
            |w| format!("{} ({})", w.label, w.length),
        ),
        url: None,
    }];
    facts.push(Fact {
        label: "Service".into(),
        value: row.service.label.clone(),
        url: Some(row.service.url.clone()),
    });
    facts.push(fact("Version", &row.version));
    facts.push(Fact {
        label: "Type".into(),
        value: row.kind.clone(),
        url: Some(format!(
            "policies/index.html#type-{}",
            super::data::slug(&row.kind)
        )),
    });
    facts.push(fact("Impact", &row.impact));
    facts.push(fact("Stage", &row.stage));
    facts.push(fact("Release manager", &manager.name));
    if let Some(t) = &row.train {
        facts.push(Fact {
            label: "Train".into(),
            value: t.label.clone(),
            url: Some(t.url.clone()),
        });
    }
    let approvers: Vec<String> = approvals
        .iter()
        .map(|a| format!("{} ({}, to enter {})", a.by.name, a.role, a.gate))
        .collect();
    facts.push(fact(
        "Approved by",
        &if approvers.is_empty() {
            "No approvals yet".to_string()
        } else {
            approvers.join("; ")
        },
    ));
    // Facts link relative to the site root; the procedure's link is
    // relative to this page.
    let procedure_url = rollback_procedure.as_ref().and_then(|p| {
        if let Some(frag) = p.url.strip_prefix('#') {
            Some(format!("{}#{frag}", row.url))
        } else {
            p.url
                .strip_prefix("../")
                .map(|rest| format!("releases/{rest}"))
        }
    });
    facts.push(Fact {
        label: "Rollback".into(),
        value: match (&rollback_window, &rollback_procedure) {
            (Some(w), Some(p)) => format!("within {w}; procedure: {}", p.label),
            (Some(w), None) => format!("within {w}; no procedure given"),
            (None, Some(p)) => format!("procedure: {}", p.label),
            (None, None) => "No rollback plan recorded".to_string(),
        },
        url: procedure_url,
    });

    let changes: Vec<ChangeView> = d
        .changes
        .iter()
        .map(|c| {
            let c = c.get_ref();
            ChangeView {
                id: c.id.get_ref().clone(),
                summary: c.summary.get_ref().clone(),
                status: format!("{:?}", c.status.get_ref()).to_lowercase(),
            }
        })
        .collect();
    let known_issues: Vec<KnownIssueView> = d
        .known_issues
        .iter()
        .map(|k| {
            let k = k.get_ref();
            KnownIssueView {
                summary: k.summary.get_ref().clone(),
                workaround: k.workaround.as_ref().map(|w| w.get_ref().clone()),
                defect: k.defect.as_ref().map(|w| w.get_ref().clone()),
            }
        })
        .collect();
    let mut dependencies: Vec<Link> = d
        .requirements
        .iter()
        .map(|q| Link {
            label: q.get_ref().clone(),
            url: String::new(),
        })
        .collect();
    // Page-relative: the notes are shown on this page and in the feed.
    dependencies.extend(depends_on.iter().map(|l| Link {
        label: format!("Deployed after {}", l.label),
        url: if l.url.is_empty() {
            String::new()
        } else {
            format!("../../{}", l.url)
        },
    }));
    let intro_html = r
        .notes
        .as_ref()
        .map(|md| render_md(ix, r, md, "notes-").html);
    let notes = NotesView {
        application: d.title.get_ref().clone(),
        version: row.version.clone(),
        date: row
            .window
            .as_ref()
            .map_or_else(|| "not scheduled".to_string(), |w| w.date.clone()),
        kind: row.kind.clone(),
        changes,
        known_issues,
        dependencies,
        rollback_window,
        rollback_procedure,
        intro_html,
    };

    let runbook = r
        .runbook
        .as_ref()
        .map(|md| render_md(ix, r, md, "runbook-"));
    let window = ix.windows[i];
    let findings = ix.findings_of(&ix.release_findings[i]);
    let skips = policy.map(Policy::skips).unwrap_or_default();
    let stage = *d.stage.get_ref();
    ReleasePage {
        manager,
        service_owner,
        stages: stage_steps(stage, &skips),
        facts,
        rationale: d.rationale.as_ref().map(|x| x.get_ref().clone()),
        risk: d.risk.as_ref().map(|x| x.get_ref().clone()),
        incident: d.incident.as_ref().map(|x| x.get_ref().clone()),
        depends_on,
        dependents,
        requirements: d.requirements.iter().map(|x| x.get_ref().clone()).collect(),
        notes,
        notes_html: String::new(),
        tests: tests(ix, r, policy),
        missing_tests: missing_tests(r, policy),
        defects: d
            .defects
            .iter()
            .map(|x| {
                let x = x.get_ref();
                DefectView {
                    id: x.id.get_ref().clone(),
                    severity: x.severity.get_ref().as_str().to_string(),
                    status: format!("{:?}", x.status.get_ref()).to_lowercase(),
                    summary: x
                        .summary
                        .as_ref()
                        .map(|s| s.get_ref().clone())
                        .unwrap_or_default(),
                }
            })
            .collect(),
        approvals,
        required_approvals,
        timeline: super::timeline::timeline(ix, r, policy, window, &skips),
        notifications: d
            .notifications
            .iter()
            .map(|n| {
                let n = n.get_ref();
                let audience: Vec<&str> = n
                    .audience
                    .get_ref()
                    .iter()
                    .map(|a| a.get_ref().as_str())
                    .collect();
                Fact {
                    label: when(n.at.get_ref()),
                    value: audience.join(", "),
                    url: None,
                }
            })
            .collect(),
        readiness: d.readiness.as_ref().map(|x| {
            let x = x.get_ref();
            Fact {
                label: when(x.at.get_ref()),
                value: if *x.go.get_ref() {
                    "go".into()
                } else {
                    "no-go".into()
                },
                url: None,
            }
        }),
        deployments: d
            .deployments
            .iter()
            .map(|x| {
                let x = x.get_ref();
                DeploymentView {
                    environment: x.environment.get_ref().clone(),
                    status: format!("{:?}", x.status.get_ref()).to_lowercase(),
                    at: x.at.as_ref().map(|a| when(a.get_ref())).unwrap_or_default(),
                    by: x.by.as_ref().map(|b| ix.person(b.get_ref())),
                }
            })
            .collect(),
        exceptions: d
            .exceptions
            .iter()
            .map(|x| {
                let x = x.get_ref();
                ExceptionView {
                    rule: x.rule.get_ref().clone(),
                    reason: x
                        .reason
                        .as_ref()
                        .map(|s| s.get_ref().clone())
                        .unwrap_or_default(),
                    approved_by: x.approved_by.as_ref().map(|b| ix.person(b.get_ref())),
                    until: x
                        .until
                        .as_ref()
                        .map(|u| crate::time::fmt_date(u.get_ref().0)),
                }
            })
            .collect(),
        outcome: d.outcome.as_ref().map(|o| {
            let o = o.get_ref();
            OutcomeView {
                status: o.status.get_ref().as_str().to_string(),
                started: o.started.as_ref().map(|s| when(s.get_ref())),
                finished: o.finished.as_ref().map(|s| when(s.get_ref())),
                defects_after: o.defects_after,
                pir: o.pir.as_ref().map(|p| crate::time::fmt_date(p.get_ref().0)),
                lessons: o.lessons.as_ref().map(|s| s.get_ref().clone()),
            }
        }),
        runbook_toc: runbook.as_ref().map(|r| r.toc.clone()).unwrap_or_default(),
        runbook_html: runbook.map(|r| r.html),
        findings,
        history: ix
            .history
            .map(|h| {
                h.of(&r.dir)
                    .iter()
                    .map(|t| transition_view(ix, t))
                    .collect()
            })
            .unwrap_or_default(),
        history_note: ix.history_note.clone(),
        source: ix.repo.path(r.file).to_string(),
        row,
    }
}

fn fact(label: &str, value: &str) -> Fact {
    Fact {
        label: label.to_string(),
        value: value.to_string(),
        url: None,
    }
}

fn render_md(
    ix: &SiteData<'_>,
    r: &Release,
    md: &MarkdownFile,
    prefix: &str,
) -> markdown::Rendered {
    let text = &ix.repo.files[md.file].text;
    let relative = |dest: &str| link_target(ix, r, prefix, dest);
    markdown::render(
        text,
        &md.outline,
        &markdown::Options {
            prefix,
            top_level: 3,
            relative: &relative,
        },
    )
}

/// Where a relative link written in a file of release `r` goes on its
/// page: the runbook, notes and definition of this release or another
/// are sections of release pages; anything else is not published.
fn link_target(ix: &SiteData<'_>, r: &Release, prefix: &str, dest: &str) -> Target {
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        return match fragment {
            Some(f) if !f.is_empty() => Target::Rewrite(format!("#{prefix}{f}")),
            _ => Target::Keep,
        };
    }
    if path.starts_with('/') {
        return Target::Drop;
    }
    let mut parts: Vec<&str> = vec!["releases", r.dir.as_str()];
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Target::Drop;
                }
            }
            s => parts.push(s),
        }
    }
    let (dir, file) = match parts.as_slice() {
        ["releases", dir] => (*dir, ""),
        ["releases", dir, file] => (*dir, *file),
        _ => return Target::Drop,
    };
    let Some(&j) = ix.by_dir.get(dir) else {
        return Target::Drop;
    };
    let section = match (file, fragment) {
        ("runbook.md", Some(f)) if !f.is_empty() => format!("runbook-{f}"),
        ("runbook.md", _) => "runbook".to_string(),
        ("notes.md", Some(f)) if !f.is_empty() => format!("notes-{f}"),
        ("notes.md", _) => "notes".to_string(),
        ("release.toml", _) => "definition".to_string(),
        ("", _) => String::new(),
        _ => return Target::Drop,
    };
    let anchor = if section.is_empty() {
        String::new()
    } else {
        format!("#{section}")
    };
    if dir == r.dir && !anchor.is_empty() {
        Target::Rewrite(anchor)
    } else {
        Target::Rewrite(format!("../{}/index.html{anchor}", ix.row(j).slug))
    }
}

fn stage_steps(stage: Stage, skips: &[Stage]) -> Vec<StageStep> {
    Stage::LIFECYCLE
        .iter()
        .map(|&s| StageStep {
            name: s.as_str().to_string(),
            state: if skips.contains(&s) {
                "skipped"
            } else if s == stage {
                "current"
            } else if stage.reached(s) {
                "done"
            } else {
                "todo"
            }
            .to_string(),
        })
        .collect()
}

fn tests(ix: &SiteData<'_>, r: &Release, policy: Option<&Policy>) -> Vec<TestView> {
    r.def
        .tests
        .iter()
        .map(|t| {
            let t = t.get_ref();
            let category = t.category.get_ref();
            TestView {
                category: category.clone(),
                level: t
                    .level
                    .as_ref()
                    .map(|l| l.get_ref().clone())
                    .unwrap_or_default(),
                required: policy.and_then(|p| {
                    p.tests
                        .iter()
                        .find(|(c, _)| c.get_ref() == category)
                        .map(|(_, l)| l.get_ref().clone())
                }),
                result: format!("{:?}", t.result.get_ref()).to_lowercase(),
                at: t
                    .at
                    .as_ref()
                    .map(|a| crate::time::label_when(ix.tz, a.get_ref()))
                    .unwrap_or_default(),
                passed: t.passed,
                failed: t.failed,
                blocked: t.blocked,
            }
        })
        .collect()
}

/// `regression (full)` for each category the policy requires that no
/// passed test at the level or above covers.
fn missing_tests(r: &Release, policy: Option<&Policy>) -> Vec<String> {
    let Some(p) = policy else { return Vec::new() };
    p.tests
        .iter()
        .filter(|(category, level)| {
            let need = test_level_rank(category.get_ref(), level.get_ref()).unwrap_or(0);
            !r.def.tests.iter().any(|t| {
                let t = t.get_ref();
                t.category.get_ref() == category.get_ref()
                    && *t.result.get_ref() == crate::model::TestResult::Passed
                    && t.level
                        .as_ref()
                        .map_or(Some(0), |l| {
                            test_level_rank(category.get_ref(), l.get_ref())
                        })
                        .is_some_and(|have| have >= need)
            })
        })
        .map(|(c, l)| format!("{} ({})", c.get_ref(), l.get_ref()))
        .collect()
}

/// A stage change for display.
pub fn transition_view(ix: &SiteData<'_>, t: &crate::git::Transition) -> TransitionView {
    TransitionView {
        from: t.from.map(|s| s.as_str().to_string()),
        to: t.to.as_str().to_string(),
        when: crate::time::label_instant(ix.tz, t.commit.date.with_timezone(&chrono::Utc)),
        author: t.commit.author.clone(),
        email: t.commit.email.clone(),
        commit: t.commit.short().to_string(),
        message: t.commit.message.clone(),
    }
}

/// A release's page model with its notes rendered by the notes partial.
pub fn page_with_notes(
    ix: &SiteData<'_>,
    theme: &Theme,
    i: usize,
) -> Result<ReleasePage, SiteError> {
    let mut page = page(ix, i);
    if super::native::applies(theme) {
        page.notes_html = super::native::notes(&page.notes);
        return Ok(page);
    }
    let mut ctx = Context::new();
    ctx.insert("notes", &page.notes);
    ctx.insert("release", &page.row);
    page.notes_html = theme
        .tera
        .render("partials/notes.html", &ctx)
        .map_err(|e| {
            SiteError::Theme(format!(
                "rendering the notes of {}: {}",
                page.row.id,
                chain(&e)
            ))
        })?;
    Ok(page)
}

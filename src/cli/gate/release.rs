//! `trainyard gate --release ID [--at TIME]`: the check a deploy pipeline
//! runs before production. Yes only when the release is at stage deploy,
//! has no error findings, and TIME is inside its window.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::super::windows::{local_text, utc_text, PlainFormat};
use super::super::{emit, Error, ExitStatus};
use crate::diagnostic::{Finding, Severity};
use crate::load::{Release, Repo};
use crate::model::Stage;
use crate::pipeline::Pipeline;
use crate::time::{self, Interval};

/// Why the release may not deploy.
enum Refusal {
    /// Not at stage deploy: what to do instead.
    Stage(String),
    /// No window, or the instant is outside it.
    Window(String),
    /// Error findings: their rules, and the findings.
    Findings(Vec<String>, String),
}

impl Refusal {
    fn kind(&self) -> &'static str {
        match self {
            Refusal::Stage(_) => "stage",
            Refusal::Window(_) => "window",
            Refusal::Findings(..) => "findings",
        }
    }

    fn message(&self) -> &str {
        match self {
            Refusal::Stage(m) | Refusal::Window(m) | Refusal::Findings(_, m) => m,
        }
    }
}

/// What a release at `stage` needs before it may deploy.
fn stage_refusal(r: &Release, skips: &[Stage]) -> Option<String> {
    let id = r.id();
    let stage = *r.def.stage.get_ref();
    let now = format!("{id} is at stage `{stage}`, not `deploy`");
    Some(match stage {
        Stage::Deploy => return None,
        Stage::Close => format!(
            "{now}: it has deployed and is closed; a new deployment needs a new release (`trainyard new --from {id}`)"
        ),
        Stage::Cancelled => format!(
            "{now}: it was cancelled and must not deploy; `trainyard new --from {id}` plans a new release"
        ),
        _ => {
            let next = stage
                .rank()
                .and_then(|i| Stage::LIFECYCLE[i + 1..].iter().find(|s| !skips.contains(s)))
                .copied()
                .unwrap_or(Stage::Deploy);
            if next == Stage::Deploy {
                format!(
                    "{now}: promote it with `trainyard promote {id} --to deploy` (which checks the deploy entry criteria) and merge that change before deploying"
                )
            } else {
                format!(
                    "{now}: it must pass the stages before deploy first; `trainyard promote {id} --to {next}` is the next step"
                )
            }
        }
    })
}

/// Whether `at` is inside the window, in words when not.
fn window_refusal(tz: Tz, id: &str, window: Option<Interval>, at: DateTime<Utc>) -> Option<String> {
    let Some(w) = window else {
        return Some(format!(
            "{id} has no [window] that can be read; give it one (`trainyard slots {id}` lists legal windows)"
        ));
    };
    let span = time::fmt_span(tz, w.start, w.end);
    if at < w.start {
        Some(format!(
            "its window opens at {} ({span}); deploy then",
            time::fmt_local(tz, w.start)
        ))
    } else if at >= w.end {
        Some(format!(
            "its window closed at {} ({span}); move the window (`trainyard slots {id}` lists legal ones) and have the change reviewed before deploying",
            time::fmt_local(tz, w.end)
        ))
    } else {
        None
    }
}

/// The release's error findings, as a refusal naming their rules.
fn findings_refusal(id: &str, errors: &[&Finding]) -> Option<Refusal> {
    if errors.is_empty() {
        return None;
    }
    let rules: BTreeSet<String> = errors.iter().map(|f| f.rule.to_string()).collect();
    let rules: Vec<String> = rules.into_iter().collect();
    let mut m = format!(
        "{id} has {} ({}); `trainyard lint` shows where and how to fix {}:",
        crate::words::plural(errors.len() as i64, "error finding"),
        crate::words::and_list(&rules),
        if errors.len() == 1 { "it" } else { "them" }
    );
    for f in errors {
        let _ = write!(m, "\n      {} [{}]", f.message, f.rule);
    }
    Some(Refusal::Findings(rules, m))
}

/// Answers the gate for one release; exit 0 yes, 1 no.
pub(super) fn run(
    repo: Repo,
    tz: Tz,
    id: &str,
    at: DateTime<Utc>,
    format: PlainFormat,
) -> Result<ExitStatus, Error> {
    let pipeline = Pipeline::from_repo(repo);
    let repo = pipeline.repo();
    let Some(r) = repo.release(id) else {
        let hint = crate::suggest::closest(id, repo.releases.iter().map(Release::id))
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        return Err(miette::miette!("no release `{id}` in releases/{hint}"));
    };
    // Date-dependent rules answer as of the day of the deployment.
    let today = time::to_local(tz, at).map_or(at.date_naive(), |l| l.date());
    let checked = pipeline.check(today);
    let cx = &checked.cx;
    let window = cx.window(r);
    let skips = cx.policy_of(r).map(|p| p.skips()).unwrap_or_default();
    let errors: Vec<&Finding> = checked
        .outcome
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.release.as_deref() == Some(id))
        .collect();
    let refusals: Vec<Refusal> = [
        stage_refusal(r, &skips).map(Refusal::Stage),
        // A closed or cancelled release's window no longer matters.
        window_refusal(tz, id, window, at)
            .filter(|_| !matches!(r.def.stage.get_ref(), Stage::Close | Stage::Cancelled))
            .map(Refusal::Window),
        findings_refusal(id, &errors),
    ]
    .into_iter()
    .flatten()
    .collect();
    let allowed = refusals.is_empty();
    let when = format!("{} {}", time::fmt_local(tz, at), tz.name());
    let text = match format {
        PlainFormat::Human => {
            let title = r.def.title.get_ref();
            let mut out = String::new();
            if allowed {
                let close = window.map_or(String::new(), |w| {
                    format!("; its window closes at {}", time::fmt_local(tz, w.end))
                });
                let _ = writeln!(
                    out,
                    "yes: {id} ({title}) may deploy to production at {when}: stage deploy, no error findings, inside its window{close}."
                );
            } else {
                let _ = writeln!(
                    out,
                    "no: {id} ({title}) may not deploy to production at {when}:"
                );
                for x in &refusals {
                    let _ = writeln!(out, "  - {}", x.message());
                }
            }
            out
        }
        PlainFormat::Json => {
            let doc = Doc {
                version: 1,
                release: id,
                stage: r.def.stage.get_ref().as_str(),
                timezone: tz.name(),
                at: utc_text(at),
                at_local: local_text(tz, at),
                allowed,
                window: window.map(|w| Span {
                    start: utc_text(w.start),
                    end: utc_text(w.end),
                    text: time::fmt_span(tz, w.start, w.end),
                }),
                reasons: refusals
                    .iter()
                    .map(|x| Reason {
                        kind: x.kind(),
                        rules: match x {
                            Refusal::Findings(rules, _) => rules.clone(),
                            _ => Vec::new(),
                        },
                        message: x.message().to_string(),
                    })
                    .collect(),
            };
            let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
            out.push('\n');
            out
        }
    };
    emit(None, &text)?;
    Ok(if allowed {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    release: &'a str,
    stage: &'a str,
    timezone: &'a str,
    at: String,
    at_local: String,
    allowed: bool,
    window: Option<Span>,
    reasons: Vec<Reason>,
}

#[derive(Serialize)]
struct Span {
    start: String,
    end: String,
    text: String,
}

#[derive(Serialize)]
struct Reason {
    /// `stage`, `window` or `findings`.
    kind: &'static str,
    /// For `findings`: the rules with errors, sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rules: Vec<String>,
    message: String,
}

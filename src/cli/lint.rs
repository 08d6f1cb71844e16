//! `trainyard lint`: check the repository and report.

use std::path::Path;

use super::{emit, load_repo, today, use_color, width, Error, ExitStatus, LintArgs};
use crate::diagnostic::Severity;
use crate::report::{self, Format, Style};
use crate::resolve::CheckOptions;
use crate::rules::{self, Outcome};

pub fn run(root: Option<&Path>, args: &LintArgs) -> Result<ExitStatus, Error> {
    let repo = load_repo(root)?;
    let options = CheckOptions {
        today: today(&repo, args.today),
    };
    let outcome = rules::check(&repo, &options);
    let status = report_outcome(&repo, &outcome, args);
    // The process ends right after this: freeing a large repository's
    // hundreds of thousands of small allocations one by one would only
    // delay the exit.
    std::mem::forget((repo, outcome));
    status
}

/// Writes the report in the chosen format and picks the exit status.
pub fn report_outcome(
    repo: &crate::load::Repo,
    outcome: &Outcome,
    args: &LintArgs,
) -> Result<ExitStatus, Error> {
    let style = Style {
        color: args.output_file.is_none() && use_color(),
        width: width(),
        statistics: args.statistics,
    };
    let text = report::render(args.format, repo, outcome, &style);
    emit(args.output_file.as_deref(), &text)?;
    if args.output_file.is_some() || (args.statistics && args.format != Format::Human) {
        eprint!("{}", report::summary(repo, outcome));
    }
    Ok(exit_status(outcome, args.deny_warnings))
}

/// 1 when there are errors, or warnings under `--deny-warnings`.
pub fn exit_status(outcome: &Outcome, deny_warnings: bool) -> ExitStatus {
    let errors = outcome.count(Severity::Error);
    let warnings = outcome.count(Severity::Warning);
    if errors > 0 || (deny_warnings && warnings > 0) {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    }
}

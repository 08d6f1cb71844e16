//! `trainyard lint`: check the repository and report.

use std::path::Path;

use super::{emit, load, use_color, width, Error, ExitStatus, LintArgs};
use crate::diagnostic::Severity;
use crate::pipeline::Checked;
use crate::report::{self, Format, Style};
use crate::rules::Outcome;

pub fn run(root: Option<&Path>, args: &LintArgs) -> Result<ExitStatus, Error> {
    let pipeline = load(root)?;
    let checked = pipeline.check(pipeline.today(args.today));
    let status = report_outcome(&checked, args);
    // The process ends right after this: freeing a large repository's
    // hundreds of thousands of small allocations one by one would only
    // delay the exit.
    std::mem::forget(checked);
    std::mem::forget(pipeline);
    status
}

/// Writes the report in the chosen format and picks the exit status.
pub fn report_outcome(checked: &Checked, args: &LintArgs) -> Result<ExitStatus, Error> {
    let (repo, outcome) = (checked.cx.repo, &checked.outcome);
    let style = Style {
        color: args.output_file.is_none() && use_color(),
        width: width(),
        statistics: args.statistics,
    };
    match args.output_file.as_deref() {
        // Straight to stdout as it is formatted: a large report is never
        // held whole in memory. A closed pipe (`| head`) is not an error
        // worth reporting.
        None => {
            use std::io::Write;
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            let _ = report::write(args.format, repo, outcome, &style, &mut out)
                .and_then(|()| out.flush());
        }
        Some(path) => emit(Some(path), &checked.report(args.format, &style))?,
    }
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

//! The plan family: what a release definition must say and how it must
//! relate to other releases before it moves on (versions, changes,
//! definition fields, runbook, links, schedule, dependencies).

mod definition;
mod runbook;
mod schedule;
mod version;

use rayon::prelude::*;

use super::{Context, Finding, RuleInfo, Severity};

pub use version::{parse_version, Version};

pub const RULES: &[RuleInfo] = &[
    RuleInfo {
        name: "invalid-version",
        code: "TY101",
        family: "plan",
        severity: Severity::Error,
        summary: "A version is not semver (or calver YYYY.MM.DD where the service says so)",
        doc: r###"## What it does
From stage `test` on (entering test needs a valid version), checks `version`
against the service's `versioning` in policies/services.toml: `semver` (the
default) needs `MAJOR.MINOR.PATCH` as in semver.org (`2.4.0`,
`2.4.0-rc.1`); `calver` needs the date the release goes live,
`YYYY.MM.DD` (`2026.03.14`), or `YYYY.MM.DD.N` for a further release on the
same day.

## Why
The version is how operations, support and the configuration database tell
what is deployed. `v2.4`, `2.4` or `latest` cannot be compared or ordered.

## Example
```toml
service = "finance"           # versioning = "semver"
version = "v2.4"
stage = "test"
```

Use instead:
```toml
service = "finance"
version = "2.4.0"
stage = "test"
```
"###,
    },
    RuleInfo {
        name: "version-not-increasing",
        code: "TY102",
        family: "plan",
        severity: Severity::Error,
        summary: "A version is not above every earlier release of the service, or does not raise the number its type says",
        doc: r###"## What it does
From stage `test` on, compares a release's version with every earlier
release of the same service (earlier by window start; cancelled and
rolled-back releases do not count). It must be higher than all of them,
and it must raise the number its type stands for: a `major` release raises
MAJOR, a `minor` release MINOR (same MAJOR), a `patch` release only PATCH
(same MAJOR.MINOR). Other types (such as `emergency`) only need a higher
version. Calendar versions only need to be later.

## Why
Versions that go backwards, or a "patch" that changes the minor number,
mislead everyone who reads them: a patch is expected to be safe to take,
a major release to break things.

## Example
```toml
# REL-2026-03-001, window 2026-03-14: version = "2.4.0"
# REL-2026-04-002, window 2026-04-11:
type = "patch"
version = "2.5.0"
```

Use instead:
```toml
type = "patch"
version = "2.4.1"
```
(or `type = "minor"` if the release really adds features).
"###,
    },
    RuleInfo {
        name: "change-not-approved",
        code: "TY103",
        family: "plan",
        severity: Severity::Error,
        summary: "A release past plan includes a change that is not approved",
        doc: r###"## What it does
From stage `build` on (entering build needs all changes approved), reports
every `[[changes]]` entry whose `status` is `pending` or `rejected`.

## Why
Only changes that have been through change management may be packaged. A
pending change in a build is work nobody has agreed to ship.

## Example
```toml
stage = "build"

[[changes]]
id = "CHG-2026-0892"
summary = "Export module"
status = "pending"
```

Use instead: get the change approved and record it, or remove the entry.
```toml
[[changes]]
id = "CHG-2026-0892"
summary = "Export module"
status = "approved"
```
"###,
    },
    RuleInfo {
        name: "change-in-multiple-releases",
        code: "TY104",
        family: "plan",
        severity: Severity::Error,
        summary: "The same change id is included in two releases",
        doc: r###"## What it does
Reports a `[[changes]]` id that another release already includes (or that
appears twice in one release). The finding goes on the later release (by
window start, then id) and names the earlier one. Cancelled releases and
releases closed with `outcome.status = "rolled-back"` do not hold their
changes: those may be included again.

## Why
The procedure checks that a change "has not been included in a previous
release". A change shipped twice, or planned into two releases, makes it
unclear which release delivers it and which rollback removes it.

## Example
```toml
# REL-2026-03-001
[[changes]]
id = "CHG-2026-0892"
# REL-2026-04-002
[[changes]]
id = "CHG-2026-0892"
```

Use instead: keep the change in one release, or cancel the other
(`stage = "cancelled"`).
"###,
    },
    RuleInfo {
        name: "too-many-changes",
        code: "TY105",
        family: "plan",
        severity: Severity::Warning,
        summary: "A release includes more changes than its policy's max_changes",
        doc: r###"## What it does
Counts `[[changes]]` against the release type's `max_changes` and points
at the first change over the limit.

## Why
A typical release holds 3 to 15 changes; the procedure says releases with
more than 20 should be split, to reduce risk and make troubleshooting
possible.

## Example
```toml
type = "minor"                 # max_changes = 20
# ... 24 [[changes]] entries
```

Use instead: move the changes beyond the 20th into a second release
(`trainyard new --service finance --type minor --window "…"`).
"###,
    },
    RuleInfo {
        name: "missing-definition-field",
        code: "TY106",
        family: "plan",
        severity: Severity::Error,
        summary: "A field the release's stage needs is missing or blank (window, rationale, risk, rollback)",
        doc: r###"## What it does
Checks the release definition document's fields against the stage:

| from stage | needs |
|---|---|
| plan | `[window]` |
| build | `rationale`, `risk`, `[rollback]` with `window` and `procedure` |

A blank string counts as missing. The finding points at the file start (or
at the `[rollback]` header) and the help gives the lines to add.

## Why
The procedure's release definition document holds the classification
rationale, the risk assessment and the rollback constraints, and the
service owner signs it off before build.

## Example
```toml
stage = "build"
# no rationale, no risk, no [rollback]
```

Use instead:
```toml
stage = "build"
rationale = "Enhancements and non-critical fixes"
risk = "Low: export module is isolated"

[rollback]
window = "4h"
procedure = "runbook.md#rollback"
```
"###,
    },
    RuleInfo {
        name: "missing-runbook",
        code: "TY107",
        family: "plan",
        severity: Severity::Error,
        summary: "A release from stage build on has no runbook.md",
        doc: r###"## What it does
From stage `build` on, checks that the release folder has a `runbook.md`.

## Why
The deployment runbook is part of the release package: it is rehearsed in
staging and executed exactly as written in production.

## Example
```toml
# releases/REL-2026-03-015/release.toml, with no runbook.md beside it
stage = "build"

[rollback]
procedure = "runbook.md#rollback"
```

Use instead: keep the release as it is and add
releases/REL-2026-03-015/runbook.md:
```markdown
# Runbook: Finance system v2.4.0

## Deployment
1. `helm upgrade finance charts/finance --version 2.4.0 --wait`

## Verification
1. `curl -fsS https://finance.example.com/healthz` returns the new version.

## Rollback
1. `helm rollback finance`
```
"###,
    },
    RuleInfo {
        name: "runbook-section-missing",
        code: "TY108",
        family: "plan",
        severity: Severity::Error,
        summary: "A runbook lacks a section its policy requires (Deployment, Verification, Rollback)",
        doc: r###"## What it does
From stage `test` on, checks that runbook.md has a heading for each section
of the type's `runbook_sections` (default: Deployment, Verification,
Rollback). Any heading level counts; case, a leading number ("7.") and
words after the name ("Rollback procedure") do not matter. A near miss is
pointed at with a suggestion.

## Why
The deployment team follows the runbook under time pressure; a runbook
without a rollback section is found out at the worst moment.

## Example
```toml
# release.toml
type = "minor"                 # runbook_sections = ["Deployment", "Verification", "Rollback"]
stage = "test"
```
```markdown
<!-- runbook.md -->
# Runbook
## Deployment
## Checks
```

Use instead:
```markdown
# Runbook
## Deployment
## Verification
## Rollback
```
"###,
    },
    RuleInfo {
        name: "broken-link",
        code: "TY109",
        family: "plan",
        severity: Severity::Error,
        summary: "A link (rollback procedure, runbook or notes) points at a missing file or heading",
        doc: r###"## What it does
Checks `[rollback] procedure` when it is a link (`runbook.md#rollback`) and
every Markdown link in runbook.md and notes.md. Relative links are resolved
against the release folder; a file must exist there (files in the folder and
one level of subfolders are known, and other release folders, trains and
policies can be linked to), and an `#anchor` in runbook.md or notes.md must
be a heading's anchor (GitHub style: `## Roll back` is `#roll-back`).
External links (`https:`, `mailto:`, any scheme) and absolute paths are not
checked.

## Why
Runbooks are read in the middle of a deployment; a rollback procedure link
that goes nowhere costs minutes nobody has.

## Example
```toml
[rollback]
procedure = "runbook.md#roll-back"     # the heading is "## Rollback"
```

Use instead:
```toml
[rollback]
procedure = "runbook.md#rollback"
```
"###,
    },
    RuleInfo {
        name: "behind-schedule",
        code: "TY110",
        family: "plan",
        severity: Severity::Warning,
        summary: "A release's stage lags the dates its type's [schedule] computes back from the window",
        doc: r###"## What it does
The type's `[schedule]` says how many days before the window start each
stage is done (minor: plan 10, build 8, test 4, stage 2; major half as long
again). Using `--today` (default: today in the calendar's zone), reports a
release still at or before a stage whose done-by date has passed, listing
each missed date. Stages the type skips, and releases at deploy or later,
are not checked.

## Why
The backward-planned timeline is what makes the window realistic. A release
still in build four days before its window will not have been tested and
staged in time; move it or the window now, not on the night.

## Example
```toml
type = "minor"
stage = "build"                  # today is 2026-03-11
[window]
start = 2026-03-14T20:00:00      # build was due done on 2026-03-06
```

Use instead: move the release on, or move the window:
```toml
stage = "build"
[window]
start = 2026-03-21T20:00:00      # at least 8 days after today
```
"###,
    },
    RuleInfo {
        name: "dependency-order",
        code: "TY111",
        family: "plan",
        severity: Severity::Error,
        summary: "A release starts before a release it depends on has finished deploying, or depends on a cancelled one",
        doc: r###"## What it does
For each `depends_on` entry, checks that the release's window starts no
earlier than the end of the window of the release it depends on (windows
are read in the calendar's zone, half-open), and that the release it
depends on is not cancelled.

## Why
A release that needs another's schema or API must deploy after it. A
dependency on a cancelled release will never be met: replace it or drop it.

## Example
```toml
# REL-2026-03-020, window 2026-03-14T20:00:00 for 2h
depends_on = ["REL-2026-03-021"]   # window 2026-03-14T19:00:00 for 2h
```

Use instead: start this window when the other's ends, or move the other
earlier.
```toml
# REL-2026-03-020
[window]
start = 2026-03-21T20:00:00
```
"###,
    },
];

/// Every plan finding.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out: Vec<Finding> = cx
        .repo
        .releases
        .par_iter()
        .filter(|r| super::lifecycle::live_or_closed(r))
        .flat_map_iter(|r| {
            let mut v = Vec::new();
            version::invalid(cx, r, &mut v);
            definition::fields(cx, r, &mut v);
            definition::changes(cx, r, &mut v);
            runbook::check(cx, r, &mut v);
            schedule::behind(cx, r, &mut v);
            schedule::dependencies(cx, r, &mut v);
            v
        })
        .collect();
    version::increasing(cx, &mut out);
    definition::shared_changes(cx, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::life_testing::{run, Fixture, GOOD};

    #[test]
    fn the_good_release_is_silent() {
        assert!(run(&Fixture::new().release(GOOD), super::check).is_empty());
    }

    #[test]
    fn cancelled_releases_are_exempt_from_every_lifecycle_family() {
        let broken = GOOD
            .replace("stage = \"close\"", "stage = \"cancelled\"")
            .replace("version = \"2.4.0\"", "version = \"two\"")
            .replace("risk = \"Low\"\n", "")
            .replace("status = \"approved\"", "status = \"rejected\"")
            .replace("status = \"fixed\"", "status = \"open\"")
            .replace(
                "procedure = \"runbook.md#rollback\"",
                "procedure = \"runbook.md#nope\"",
            )
            .replace("by = \"ivan\"", "by = \"jun\"");
        let fx = Fixture::new()
            .release(&broken)
            .without("releases/REL-2026-03-001/runbook.md");
        for check in [
            super::check,
            crate::rules::evidence::check,
            crate::rules::approval::check,
            crate::rules::deploy::check,
        ] {
            let seen = run(&fx, check);
            assert!(seen.is_empty(), "{seen:#?}");
        }
        // The same release, not cancelled, breaks rules of every family.
        let live = broken.replace("stage = \"cancelled\"", "stage = \"close\"");
        let fx = Fixture::new()
            .release(&live)
            .without("releases/REL-2026-03-001/runbook.md");
        assert!(!run(&fx, super::check).is_empty());
        assert!(!run(&fx, crate::rules::evidence::check).is_empty());
        assert!(!run(&fx, crate::rules::deploy::check).is_empty());
    }
}

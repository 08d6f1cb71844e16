//! The change-review rules' registry entries and documentation.

use crate::rules::{RuleInfo, Severity};

pub const RULES: &[RuleInfo] = &[
    RuleInfo {
        name: super::ILLEGAL_TRANSITION,
        code: "TY701",
        family: "review",
        severity: Severity::Error,
        summary: "A release's stage moves more than one legal step in one change (check --base)",
        doc: r#"## What it does
Compares each release's `stage` with its stage at the base revision of
`trainyard check --base REV`. In one change a stage may move one step:
plan → build → test → stage → deploy → close, back to build from test or
stage (a fix cycle), or to cancelled from any stage but close. A type's
`skip_stages` lets it jump over those stages (emergency: test → deploy).
The moves allowed are those of the release's type as the policy stood at
the base, so a change cannot widen `skip_stages` and use it at once.

A release that is new in the change starts at plan. Trains pass one gate
per change (scope → construction → verification → deployment → closed) and
start at scope.

## Why
Each stage has entry criteria that someone reviews. Moving two stages in
one pull request skips the review of the stage in between.

## Example
```toml
# at the base: stage = "plan"
stage = "deploy"
```

Use instead (one pull request each, `trainyard promote` checks the
criteria):
```toml
stage = "build"
```
"#,
    },
    RuleInfo {
        name: super::CLOSED_RELEASE_MODIFIED,
        code: "TY702",
        family: "review",
        severity: Severity::Error,
        summary: "A file of a release that was closed or cancelled at the base revision changed (check --base)",
        doc: r#"## What it does
Compares every file in the folder of a release that was at stage close or
cancelled at the base revision (release.toml, runbook.md, notes.md and
anything else in the folder, tracked or new) with the working tree, and
reports each file added, removed or changed, and a folder that was moved.

## Why
A closed release is the record of what was deployed, approved and learnt.
Editing it afterwards rewrites that record.

## Example
```toml
# at the base: stage = "close"
[outcome]
status = "successful"    # was "partial"
```

Use instead: leave the closed release as it is; record what came later in a
new release or in the post-implementation review.
"#,
    },
    RuleInfo {
        name: super::APPROVAL_REWRITTEN,
        code: "TY703",
        family: "review",
        severity: Severity::Error,
        summary: "An approval present at the base revision was changed or removed (check --base)",
        doc: r#"## What it does
Checks that every `[[approvals]]` entry of a release (and of a train) at the
base revision is still there in the working tree, field for field. Entries
may be added, and reordered, but not edited or deleted.

## Why
An approval is a record that a person signed off at a time. Changing its
date, its approver or its note after review turns it into a different
approval that nobody reviewed.

## Example
```toml
[[approvals]]
gate = "deploy"
role = "cab"
by = "dave"
at = 2024-03-14T16:00:00   # was 2024-03-13T16:00:00 at the base
```

Use instead: keep the approval as it was and add a new `[[approvals]]`
entry if a new sign-off is needed.
"#,
    },
    RuleInfo {
        name: super::ID_REUSED,
        code: "TY704",
        family: "review",
        severity: Severity::Error,
        summary: "A release present at the base revision was deleted, or a deleted release's id is used again (check --base)",
        doc: r#"## What it does
Reports a release folder that existed at the base revision and is gone from
the working tree (unless its id moved to another folder, which is a
rename), and a new release whose id belonged to a release deleted earlier
in the history.

## Why
Ids name releases in commit messages, tickets, calendar feeds and the
site's links. Once published, an id must always mean the same release; a
release that will not go ahead is cancelled, not deleted.

## Example
```sh
git rm -r releases/REL-2024-03-015
```

Use instead:
```toml
stage = "cancelled"
```
"#,
    },
    RuleInfo {
        name: super::APPROVAL_NOT_BY_APPROVER,
        code: "TY705",
        family: "review",
        severity: Severity::Error,
        summary: "With [review] approvals = \"author\", an approval added in the change was not committed by its approver (check --base)",
        doc: r#"## What it does
With `approvals = "author"` under `[review]` in trainyard.toml (at the base
or in the working tree), finds for each `[[approvals]]` entry added since
the base revision, and each `[[exceptions]]` entry added with an approver, the
commit that added it, and compares that commit's author email with the
approver's `email` in policies/people.toml (as it stood at the base when
the person was already there). The committer must be the approver too,
because a commit signature proves who committed, not who is named as the
author; commits made in GitHub's web interface (committer
`noreply@github.com`) count as their author's. GitHub's no-reply addresses
of the person's `github` handle (`handle@users.noreply.github.com`,
`ID+handle@…`) count as theirs. An entry that no commit added (still
uncommitted) is reported too.

## Why
`by = "carol"` is just text: anyone can type it. Requiring Carol's own
commit, together with branch protection and CODEOWNERS (see
docs/review.md), makes the approval hers.

## Example
```toml
# added in a commit by alice@example.com
[[approvals]]
gate = "deploy"
role = "service-owner"
by = "carol"
at = 2024-03-13T16:00:00
```

Use instead: Carol adds the entry in a commit of her own (for example with
GitHub's "Add a suggestion" or by pushing to the branch).
"#,
    },
];

//! The load family: files that do not parse or do not fit the schema,
//! ids that are malformed or reused, references to things that do not
//! exist, and dependency cycles. `parse-error` and `schema-error` come from
//! the loader itself; the rest are checked here.

mod cycles;
mod ids;
mod references;

pub use ids::parse_id;

use super::{Context, Finding, RuleInfo, Severity};

pub const RULES: &[RuleInfo] = &[
    RuleInfo {
        name: "parse-error",
        code: "TY001",
        family: "load",
        severity: Severity::Error,
        summary: "A file is not valid TOML (or not UTF-8 text) and could not be read",
        doc: r#"## What it does
Reports a file trainyard cannot read: a TOML syntax error, a file that is not
UTF-8 text, or a link that leads out of the repository. The finding points at
the place the parser stopped. Every other file is still checked.

## Why
A release that cannot be read cannot be checked, scheduled or published.

## Example
```toml
title = "Finance system v2.4.0
service = "finance"
```

Use instead:
```toml
title = "Finance system v2.4.0"
service = "finance"
```
"#,
    },
    RuleInfo {
        name: "schema-error",
        code: "TY002",
        family: "load",
        severity: Severity::Error,
        summary: "A file is valid TOML but has an unknown field, a missing field or a value of the wrong kind",
        doc: r#"## What it does
Checks every file against its format (see `trainyard explain schema`):
unknown fields (with a "did you mean" suggestion), missing required fields,
values of the wrong type or outside their allowed set (a stage, an impact, a
test level of its category, a severity in `[lint]`).

## Why
A misspelt field is silently ignored by most tools; here it is an error, so
`rationle = "…"` never passes for a rationale.

## Example
```toml
stage = "staging"
rationle = "Enhancements"
```

Use instead:
```toml
stage = "stage"
rationale = "Enhancements"
```
"#,
    },
    RuleInfo {
        name: "duplicate-id",
        code: "TY003",
        family: "load",
        severity: Severity::Error,
        summary: "Two releases (or two trains) have the same id",
        doc: r#"## What it does
Reports a release whose `id` another release already uses, and a train whose
`name` another train already uses.

## Why
Ids name releases in the calendar, in feeds and in commit messages. A copied
folder whose id was not changed makes two releases indistinguishable.

## Example
```toml
# releases/REL-2024-03-016/release.toml, copied from REL-2024-03-015
id = "REL-2024-03-015"
```

Use instead:
```toml
id = "REL-2024-03-016"
```
"#,
    },
    RuleInfo {
        name: "id-format",
        code: "TY004",
        family: "load",
        severity: Severity::Error,
        summary: "A release id is not REL-YYYY-MM-NNN, or differs from its folder name",
        doc: r#"## What it does
Checks that a release id has the form `REL-YYYY-MM-NNN` (a real month, a
three-digit sequence number) and that the release's folder is named after it.

## Why
A fixed id format sorts by month and is recognisable in commit messages,
tickets and calendar entries; the folder name is how people find the file.

## Example
```toml
# releases/finance-march/release.toml
id = "REL-24-3-15"
```

Use instead:
```toml
# releases/REL-2024-03-015/release.toml
id = "REL-2024-03-015"
```
"#,
    },
    RuleInfo {
        name: "id-month-mismatch",
        code: "TY005",
        family: "load",
        severity: Severity::Warning,
        summary: "A release id's YYYY-MM is not the month its window starts in",
        doc: r#"## What it does
Compares the `YYYY-MM` of the id with the month of `[window] start`.

## Why
Ids are read as "the release for March"; after a window moves to another
month, the id misleads. Keep the id (ids are never reused), but consider a
new release for the new month when the move is large.

## Example
```toml
id = "REL-2024-03-015"
[window]
start = 2024-04-06T20:00:00
```

Use instead:
```toml
id = "REL-2024-04-002"
[window]
start = 2024-04-06T20:00:00
```
"#,
    },
    RuleInfo {
        name: "unknown-reference",
        code: "TY006",
        family: "load",
        severity: Severity::Error,
        summary: "A name refers to a service, person, policy, train, release, environment or defect that does not exist",
        doc: r#"## What it does
Checks every reference: a release's `service` (policies/services.toml),
`type` (a policy file), `manager`, approvers, deployers and exception
approvers (policies/people.toml), `train` (releases/trains/), `depends_on`
(other releases), deployment environments (policies/environments.toml) and a
known issue's `defect` (the release's own `[[defects]]`); also the owners and
dependencies in services.toml, people in delegations and unavailability,
services named by events and release types exempted by blackouts.

## Why
A typo in a reference silently drops a check: an approval "by" someone who
does not exist cannot be verified.

## Example
```toml
service = "fnance"
```

Use instead:
```toml
service = "finance"
```
"#,
    },
    RuleInfo {
        name: "dependency-cycle",
        code: "TY007",
        family: "load",
        severity: Severity::Error,
        summary: "Releases (or services) depend on each other in a cycle",
        doc: r#"## What it does
Follows `depends_on` between releases, and between services in
policies/services.toml, and reports every cycle, naming each member.

## Why
A cycle has no order in which the releases can deploy, and it makes
conflict detection between dependent services meaningless.

## Example
```toml
# REL-2024-03-015
depends_on = ["REL-2024-03-016"]
# REL-2024-03-016
depends_on = ["REL-2024-03-015"]
```

Use instead: remove one of the two dependencies.
"#,
    },
];

pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    ids::duplicate_ids(cx, &mut out);
    let catalogues = references::Catalogues::new(cx);
    for r in &cx.repo.releases {
        ids::id_format(r, &mut out);
        references::references(&catalogues, r, &mut out);
    }
    references::catalog_references(cx, &catalogues, &mut out);
    cycles::release_cycles(cx, &mut out);
    cycles::service_cycles(cx, &mut out);
    out
}

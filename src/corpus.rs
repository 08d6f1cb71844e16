//! A synthetic release repository of any size, for benchmarks: N releases
//! over a few hundred services with dependencies, runbooks of about
//! 1.5 KB, weekend windows that sometimes collide. Deterministic for a
//! given seed.

use std::fmt::Write as _;

use chrono::Datelike;
use std::io;
use std::path::Path;

/// What to generate.
#[derive(Clone, Debug)]
pub struct CorpusOptions {
    pub releases: usize,
    pub services: usize,
    pub seed: u64,
    /// Seed defects so that most releases have findings (about 2.5 per
    /// release), for measuring the cost of reporting them.
    pub findings: bool,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions {
            releases: 10_000,
            services: 200,
            seed: 42,
            findings: false,
        }
    }
}

/// A small deterministic generator (SplitMix64): benchmarks must see the
/// same corpus every run, and the corpus must not depend on a crate's
/// choice of algorithm.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const TYPES: [&str; 4] = ["minor", "minor", "patch", "major"];
const IMPACTS: [&str; 3] = ["low", "medium", "high"];

/// The date the corpus is written for: benchmarks lint it with this
/// `--today`, so stages, evidence and dates agree with it.
pub const TODAY: (i32, u32, u32) = (2026, 11, 24);

/// Test evidence each type's policy asks for, at the level it asks.
fn required_tests(kind: &str) -> &'static [(&'static str, &'static str)] {
    match kind {
        "patch" => &[
            ("smoke", "required"),
            ("functional-changed", "required"),
            ("functional-unchanged", "sample"),
            ("regression", "critical-paths"),
            ("integration", "affected"),
            ("security", "vulnerability-scan"),
        ],
        "major" => &[
            ("smoke", "required"),
            ("functional-changed", "required"),
            ("functional-unchanged", "required"),
            ("regression", "full"),
            ("integration", "all"),
            ("performance", "full-load"),
            ("security", "penetration-test"),
        ],
        _ => &[
            ("smoke", "required"),
            ("functional-changed", "required"),
            ("functional-unchanged", "required"),
            ("regression", "full"),
            ("integration", "all"),
            ("performance", "baseline"),
            ("security", "vulnerability-scan"),
        ],
    }
}

/// The release-type policies are the shipped example's, so the corpus is
/// checked against the same tables as a real repository.
const POLICY_MINOR: &str = include_str!("../policies/minor.toml");

const POLICY_PATCH: &str = include_str!("../policies/patch.toml");

const POLICY_MAJOR: &str = include_str!("../policies/major.toml");

const POLICY_EMERGENCY: &str = include_str!("../policies/emergency.toml");

const CALENDAR: &str = r#"timezone = "Europe/London"
readiness_hours = 24
max_concurrent = 40

[notice]
high = 5
medium = 3
low = 1

[audience]
high = ["all-users", "leadership", "partners"]
medium = ["affected-users", "support"]
low = ["technical"]

[[maintenance_windows]]
name = "Saturday night"
rrule = "FREQ=WEEKLY;BYDAY=SA"
start = "18:00"
end = "06:00"

[[maintenance_windows]]
name = "Sunday night"
rrule = "FREQ=WEEKLY;BYDAY=SU"
start = "18:00"
end = "06:00"

[[blackouts]]
name = "Month-end close"
rrule = "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31,1,2"
start = "00:00"
duration = "24h"
exempt = ["emergency"]

[[holidays]]
date = 2027-01-01
name = "New Year's Day"
"#;

const RUNBOOK: &str = "# Runbook\n\n## Pre-checks\n\n1. Confirm the release package checksum matches the build record.\n2. Confirm on-call engineers for the service and its dependencies are available.\n3. Open the service dashboard and note the baseline error rate and latency.\n\n## Deployment\n\n1. Announce the start of the window in the operations channel.\n2. Drain traffic from the first instance group: `deployctl drain --group a`.\n3. Apply database migrations: `deployctl migrate --plan release.plan`.\n4. Roll out the new version to group A and wait for health checks to pass.\n5. Shift 10% of traffic to group A; watch the error rate for ten minutes.\n6. Roll out to the remaining groups, one at a time.\n\n## Verification\n\n1. Run the smoke suite against production: `smoke --env production`.\n2. Check the error rate and p95 latency are within 10% of the baseline.\n3. Confirm the key business journey end to end with a test account.\n4. Record the outcome in the release file.\n\n## Rollback\n\n1. Decide within the rollback window; the release manager authorises it.\n2. Shift all traffic back to the previous version: `deployctl shift --to previous`.\n3. Revert database migrations with the down scripts in the package.\n4. Verify with the smoke suite and announce the rollback.\n\n## Contacts\n\n- Release manager: see release.toml\n- Operations on call: ops-oncall@example.com\n";

/// Writes the corpus into `dir` (which should be empty).
pub fn write(dir: &Path, options: &CorpusOptions) -> io::Result<()> {
    let mut rng = Rng(options.seed);
    let policies = dir.join("policies");
    std::fs::create_dir_all(&policies)?;
    std::fs::write(policies.join("calendar.toml"), CALENDAR)?;
    std::fs::write(policies.join("minor.toml"), POLICY_MINOR)?;
    std::fs::write(policies.join("patch.toml"), POLICY_PATCH)?;
    std::fs::write(policies.join("major.toml"), POLICY_MAJOR)?;
    std::fs::write(policies.join("emergency.toml"), POLICY_EMERGENCY)?;
    std::fs::write(
        policies.join("environments.toml"),
        "path = [\"dev\", \"test\", \"staging\", \"production\"]\n",
    )?;

    let people = 50;
    let mut text = String::new();
    for p in 0..people {
        let roles = match p % 5 {
            0 => "[\"release-manager\"]",
            1 => "[\"cab\", \"emergency-cab\", \"executive\"]",
            2 => "[\"release-engineer\", \"operations\"]",
            3 => "[\"release-manager\", \"cab\"]",
            _ => "[\"developer\"]",
        };
        let _ = write!(
            text,
            "[people.p{p:03}]\nname = \"Person {p}\"\nemail = \"p{p}@example.com\"\nroles = {roles}\n\n"
        );
    }
    std::fs::write(policies.join("people.toml"), &text)?;

    let services = options.services.max(1);
    text.clear();
    for s in 0..services {
        let _ = write!(
            text,
            "[services.s{s:03}]\nname = \"Service {s}\"\nowner = \"p{:03}\"\n",
            (s * 7) % people
        );
        // Depend on one or two lower-numbered services: never a cycle.
        if s > 0 {
            let a = rng.below(s as u64);
            let b = rng.below(s as u64);
            if a == b {
                let _ = writeln!(text, "depends_on = [\"s{a:03}\"]");
            } else {
                let _ = writeln!(text, "depends_on = [\"s{a:03}\", \"s{b:03}\"]");
            }
        }
        text.push('\n');
    }
    std::fs::write(policies.join("services.toml"), &text)?;

    // Windows: weekend evenings, about 600 releases a month so ids keep
    // three digits, spread around `TODAY` so that past releases are
    // closed and future ones are at the stage their date suggests. The
    // service is drawn at random, so a busy weekend now and then holds
    // two releases of the same or a dependent service, as real calendars
    // do; a few releases are cancelled or left without evidence.
    let releases = dir.join("releases");
    let today = chrono::NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap_or_default();
    let weeks = (options.releases as i64 / 140).max(4);
    let first = today - chrono::TimeDelta::weeks(weeks * 2 / 3);
    // Align to a Saturday.
    let first =
        first - chrono::TimeDelta::days(i64::from(first.weekday().num_days_from_monday()) - 5);
    let mut counters = std::collections::BTreeMap::new();
    // First draw every release's service, type and slot; then number
    // versions per service in window order, as real version histories go.
    struct Draft {
        service: usize,
        kind: &'static str,
        date: chrono::NaiveDate,
        hour: u64,
    }
    let mut drafts: Vec<Draft> = (0..options.releases)
        .map(|i| {
            let service = rng.below(services as u64) as usize;
            let kind = TYPES[rng.below(TYPES.len() as u64) as usize];
            let week = i as i64 * weeks / options.releases as i64;
            let mut date = first + chrono::TimeDelta::days(week * 7 + rng.below(2) as i64);
            // Keep clear of the month-end blackout (28th to 2nd).
            while date.day() >= 28 || date.day() <= 2 {
                date += chrono::TimeDelta::days(7);
            }
            let hour = 18 + rng.below(4);
            Draft {
                service,
                kind,
                date,
                hour,
            }
        })
        .collect();
    drafts.sort_by_key(|d| (d.date, d.hour));
    let mut versions = vec![(1u64, 0u64, 0u64); services];
    // Defects draw from their own generator, so the clean corpus stays
    // the same whether or not they are asked for.
    let mut defects = Rng(options.seed ^ 0xDEFE_C75E_ED00_0001);
    for (i, draft) in drafts.iter().enumerate() {
        let Draft {
            service,
            kind,
            date,
            hour,
        } = *draft;
        let v = &mut versions[service];
        *v = match kind {
            "major" => (v.0 + 1, 0, 0),
            "patch" => (v.0, v.1, v.2 + 1),
            _ => (v.0, v.1 + 1, 0),
        };
        let version = format!("{}.{}.{}", v.0, v.1, v.2);
        let month = date.format("%Y-%m").to_string();
        let n: &mut u32 = counters.entry(month.clone()).or_default();
        *n += 1;
        let id = format!("REL-{month}-{:03}", *n);
        let impact = IMPACTS[rng.below(3) as usize];
        let days_ahead = (date - today).num_days();
        let stage = match days_ahead {
            d if d < -2 => "close",
            d if d < 10 => "deploy",
            d if d < 20 => "stage",
            d if d < 35 => "test",
            d if d < 60 => "build",
            _ => "plan",
        };
        let stage = if rng.below(50) == 0 {
            "cancelled"
        } else {
            stage
        };
        let rank = ["plan", "build", "test", "stage", "deploy", "close"]
            .iter()
            .position(|s| *s == stage)
            .unwrap_or(0);
        let owner = (service * 7) % people;
        let manager = (0..people)
            .map(|k| (i * 5 + k * 5) % people)
            .find(|m| *m % 5 == 0 && *m != owner)
            .unwrap_or(0);
        // Evidence is dated before the window and never after today.
        let at = |days_before: i64| {
            let d = (date - chrono::TimeDelta::days(days_before)).min(today);
            format!("{d}T10:00:00")
        };
        text.clear();
        let _ = write!(
            text,
            "id = \"{id}\"\ntitle = \"Service {service} v{version}\"\nservice = \"s{service:03}\"\nversion = \"{version}\"\ntype = \"{kind}\"\nimpact = \"{impact}\"\nstage = \"{stage}\"\nmanager = \"p{manager:03}\"\nrationale = \"Routine improvements to service {service}\"\nrisk = \"Low: changes are isolated behind feature flags\"\n\n[window]\nstart = {date}T{hour:02}:00:00\nduration = \"2h\"\n\n[rollback]\nwindow = \"4h\"\nprocedure = \"runbook.md#rollback\"\n",
        );
        for c in 0..(1 + rng.below(8)) {
            let _ = write!(
                text,
                "\n[[changes]]\nid = \"CHG-{i:06}-{c}\"\nsummary = \"Change {c} of release {i}: improve request handling\"\nstatus = \"approved\"\n"
            );
        }
        let approver = |role: &str| match role {
            "service-owner" => format!("p{owner:03}"),
            "cab" => format!("p{:03}", (manager + 1) % people),
            _ => format!("p{:03}", (manager + 15) % people),
        };
        let gates: &[(&str, &[&str])] = match kind {
            "patch" => &[
                ("build", &["release-manager"]),
                ("deploy", &["release-manager"]),
            ],
            "major" => &[
                ("build", &["service-owner"]),
                ("deploy", &["service-owner", "cab"]),
            ],
            _ => &[
                ("build", &["service-owner"]),
                ("deploy", &["service-owner"]),
            ],
        };
        for (gate, roles) in gates {
            let needed = if *gate == "build" { 1 } else { 4 };
            if rank >= needed || stage == "cancelled" && *gate == "build" {
                for role in *roles {
                    let _ = write!(
                        text,
                        "\n[[approvals]]\ngate = \"{gate}\"\nrole = \"{role}\"\nby = \"{}\"\nat = {}\n",
                        approver(role),
                        at(if *gate == "build" { 9 } else { 3 })
                    );
                }
            }
        }
        if rank >= 3 {
            for (cat, level) in required_tests(kind) {
                let _ = write!(
                    text,
                    "\n[[tests]]\ncategory = \"{cat}\"\nlevel = \"{level}\"\nresult = \"passed\"\nat = {}\npassed = {}\nfailed = 0\n",
                    at(5),
                    10 + rng.below(400)
                );
            }
        }
        if rank >= 4 {
            let _ = write!(
                text,
                "\n[[notifications]]\nat = {}\naudience = {}\n\n[readiness]\nat = {}\ngo = true\n",
                at(9),
                match impact {
                    "high" => "[\"all-users\", \"leadership\", \"partners\"]",
                    "medium" => "[\"affected-users\", \"support\"]",
                    _ => "[\"technical\"]",
                },
                at(2)
            );
            let deployer = format!("p{:03}", (manager + 2) % people);
            for (k, env) in ["dev", "test", "staging"].iter().enumerate() {
                let _ = write!(
                    text,
                    "\n[[deployments]]\nenvironment = \"{env}\"\nstatus = \"deployed\"\nat = {}\nby = \"{deployer}\"\n",
                    at(8 - k as i64 * 2)
                );
            }
        }
        if rank >= 5 {
            let _ = write!(
                text,
                "\n[[deployments]]\nenvironment = \"production\"\nstatus = \"deployed\"\nat = {date}T{:02}:30:00\nby = \"p{:03}\"\n\n[outcome]\nstatus = \"successful\"\nstarted = {date}T{hour:02}:00:00\nfinished = {date}T{:02}:45:00\ndefects_after = 0\n",
                hour,
                (manager + 2) % people,
                hour + 1
            );
            if kind == "major" {
                let _ = writeln!(text, "pir = {}", date + chrono::TimeDelta::days(3));
            }
        }
        let mut runbook = std::borrow::Cow::Borrowed(RUNBOOK);
        if options.findings {
            seed_defects(&mut defects, &mut text, &mut runbook);
        }
        let folder = releases.join(&id);
        std::fs::create_dir_all(&folder)?;
        std::fs::write(folder.join("release.toml"), &text)?;
        std::fs::write(folder.join("runbook.md"), runbook.as_bytes())?;
    }
    Ok(())
}

/// Each of five defects, with even odds, so a release has 2.5 findings on
/// average and one in 32 has none. Each defect is one finding whatever
/// the release's stage.
fn seed_defects(rng: &mut Rng, text: &mut String, runbook: &mut std::borrow::Cow<'static, str>) {
    let mut hit = || rng.below(2) == 0;
    if hit() {
        // runbook-section-missing: the policy asks for a Verification section.
        *runbook = runbook.replace("## Verification", "## Checks").into();
    }
    if hit() {
        // runbook-section-missing: and for a Deployment section.
        *runbook = runbook.replace("## Deployment", "## Steps").into();
    }
    if hit() {
        // broken-link: a relative link to a file that is not there.
        runbook
            .to_mut()
            .push_str("\nSee [the deployment guide](guides/deploy.md).\n");
    }
    if hit() {
        // invalid-version: not semantic versioning.
        if let Some(start) = text.find("\nversion = \"") {
            let end = text[start + 1..]
                .find('\n')
                .map_or(text.len(), |e| start + 1 + e);
            text.replace_range(start + 1..end, "version = \"next\"");
        }
    }
    if hit() {
        // unknown-reference: a manager who is not in people.toml.
        if let Some(start) = text.find("\nmanager = \"") {
            let end = text[start + 1..]
                .find('\n')
                .map_or(text.len(), |e| start + 1 + e);
            text.replace_range(start + 1..end, "manager = \"nobody\"");
        }
    }
}

/// Writes the releases of the corpus at `repo` as a Hugo site at `site`:
/// one page per release, its runbook as the body and its definition as
/// front matter (`title` on top, every other field under `[params]`), with
/// a minimal theme of list and single templates. Release calendars are
/// future-dated, so the site sets `buildFuture`.
pub fn write_hugo(repo: &Path, site: &Path) -> io::Result<()> {
    let layouts = site.join("layouts").join("_default");
    std::fs::create_dir_all(&layouts)?;
    std::fs::write(site.join("hugo.toml"), HUGO_CONFIG)?;
    std::fs::write(layouts.join("single.html"), HUGO_SINGLE)?;
    std::fs::write(layouts.join("list.html"), HUGO_LIST)?;
    std::fs::write(site.join("layouts").join("index.html"), HUGO_LIST)?;
    let content = site.join("content").join("releases");
    std::fs::create_dir_all(&content)?;
    std::fs::write(
        content.join("_index.md"),
        "+++\ntitle = \"Releases\"\n+++\n",
    )?;
    let mut folders: Vec<_> = std::fs::read_dir(repo.join("releases"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("release.toml").is_file())
        .collect();
    folders.sort();
    let mut page = String::new();
    for folder in folders {
        let definition = std::fs::read_to_string(folder.join("release.toml"))?;
        let runbook = std::fs::read_to_string(folder.join("runbook.md")).unwrap_or_default();
        page.clear();
        page.push_str("+++\n");
        if let Some(title) = definition.lines().find(|l| l.starts_with("title = ")) {
            page.push_str(title);
            page.push('\n');
        }
        page.push_str("[params]\n");
        for line in definition.lines() {
            if let Some(rest) = line.strip_prefix("[[") {
                let _ = writeln!(page, "[[params.{rest}");
            } else if let Some(rest) = line.strip_prefix('[') {
                let _ = writeln!(page, "[params.{rest}");
            } else if !line.starts_with("title = ") {
                page.push_str(line);
                page.push('\n');
            }
        }
        page.push_str("+++\n");
        page.push_str(&runbook);
        let name = folder.file_name().unwrap_or_default();
        let bundle = content.join(name);
        std::fs::create_dir_all(&bundle)?;
        std::fs::write(bundle.join("index.md"), &page)?;
    }
    Ok(())
}

const HUGO_CONFIG: &str = "baseURL = \"http://localhost/\"\ntitle = \"Releases\"\nbuildFuture = true\ndisablePathToLower = true\ndisableKinds = [\"taxonomy\", \"term\"]\n";

const HUGO_SINGLE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>
<h1>{{ .Title }}</h1>
<dl>
<dt>Id</dt><dd>{{ .Params.id }}</dd>
<dt>Service</dt><dd>{{ .Params.service }}</dd>
<dt>Version</dt><dd>{{ .Params.version }}</dd>
<dt>Type</dt><dd>{{ .Params.type }}</dd>
<dt>Impact</dt><dd>{{ .Params.impact }}</dd>
<dt>Stage</dt><dd>{{ .Params.stage }}</dd>
<dt>Manager</dt><dd>{{ .Params.manager }}</dd>
<dt>Window</dt><dd>{{ .Params.window.start }} for {{ .Params.window.duration }}</dd>
<dt>Rationale</dt><dd>{{ .Params.rationale }}</dd>
<dt>Risk</dt><dd>{{ .Params.risk }}</dd>
</dl>
<h2>Changes</h2>
<ul>{{ range .Params.changes }}<li>{{ .id }}: {{ .summary }} ({{ .status }})</li>{{ end }}</ul>
<h2>Approvals</h2>
<ul>{{ range .Params.approvals }}<li>{{ .gate }}: {{ .role }} by {{ .by }} at {{ .at }}</li>{{ end }}</ul>
<h2>Tests</h2>
<ul>{{ range .Params.tests }}<li>{{ .category }} ({{ .level }}): {{ .result }}</li>{{ end }}</ul>
<h2>Deployments</h2>
<ul>{{ range .Params.deployments }}<li>{{ .environment }}: {{ .status }} at {{ .at }}</li>{{ end }}</ul>
<article>{{ .Content }}</article>
</main></body></html>
"#;

const HUGO_LIST: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>
<h1>{{ .Title }}</h1>
<ul>{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Params.id }}</a> {{ .Title }}, {{ .Params.stage }}</li>{{ end }}</ul>
</main></body></html>
"#;

#[cfg(test)]
mod tests;

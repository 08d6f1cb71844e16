//! A synthetic release repository of any size, for benchmarks: N releases
//! over a few hundred services with dependencies, runbooks of about
//! 1.5 KB, weekend windows that sometimes collide. Deterministic for a
//! given seed.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// What to generate.
#[derive(Clone, Debug)]
pub struct CorpusOptions {
    pub releases: usize,
    pub services: usize,
    pub seed: u64,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions {
            releases: 10_000,
            services: 200,
            seed: 42,
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

const STAGES: [&str; 7] = [
    "plan",
    "build",
    "test",
    "stage",
    "deploy",
    "close",
    "cancelled",
];
const TYPES: [&str; 4] = ["minor", "minor", "patch", "major"];
const IMPACTS: [&str; 3] = ["low", "medium", "high"];

const POLICY_MINOR: &str = r#"description = "Enhancements, non-critical fixes"
max_changes = 20

[approvals]
build = ["service-owner"]
deploy = ["service-owner"]

[tests]
smoke = "required"
functional-changed = "required"
functional-unchanged = "required"
regression = "full"
integration = "all"
performance = "baseline"
security = "vulnerability-scan"

[schedule]
plan = 10
build = 8
test = 4
stage = 2
"#;

const POLICY_PATCH: &str = r#"description = "Critical fixes, security updates"
max_changes = 20

[approvals]
build = ["release-manager"]
deploy = ["release-manager"]

[tests]
smoke = "required"
functional-changed = "required"
functional-unchanged = "sample"
regression = "critical-paths"
integration = "affected"
security = "vulnerability-scan"

[schedule]
plan = 10
build = 8
test = 4
stage = 2
"#;

const POLICY_MAJOR: &str = r#"description = "New functionality, architectural changes"
max_changes = 20

[approvals]
build = ["service-owner"]
deploy = ["service-owner", "cab"]

[tests]
smoke = "required"
functional-changed = "required"
functional-unchanged = "required"
regression = "full"
integration = "all"
performance = "full-load"
security = "penetration-test"

[schedule]
plan = 15
build = 12
test = 6
stage = 3

[close]
pir_business_days = 5
"#;

const CALENDAR: &str = r#"timezone = "Europe/London"
readiness_hours = 24
max_concurrent = 4

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
    std::fs::write(
        policies.join("environments.toml"),
        "path = [\"dev\", \"test\", \"staging\", \"production\"]\n",
    )?;

    let people = 50;
    let mut text = String::new();
    for p in 0..people {
        let roles = match p % 5 {
            0 => "[\"release-manager\"]",
            1 => "[\"cab\"]",
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

    // Windows: weekend evenings from January 2027 on, about 600 releases a
    // month so ids keep three digits; the service is drawn at random, so
    // a busy weekend now and then holds two releases of the same or a
    // dependent service, as real calendars do.
    let releases = dir.join("releases");
    let base = chrono::NaiveDate::from_ymd_opt(2027, 1, 2).unwrap_or_default();
    let weeks = (options.releases / 140).max(1) as u64;
    let mut counters = std::collections::BTreeMap::new();
    let mut versions = vec![0u64; services];
    for i in 0..options.releases {
        let service = rng.below(services as u64) as usize;
        versions[service] += 1;
        let nth = versions[service];
        let week = (i as u64 * weeks / options.releases as u64) as i64;
        let date = base + chrono::TimeDelta::days(week * 7 + rng.below(2) as i64);
        let hour = 18 + rng.below(4);
        let month = date.format("%Y-%m").to_string();
        let n: &mut u32 = counters.entry(month.clone()).or_default();
        *n += 1;
        let id = format!("REL-{month}-{:03}", *n);
        let stage = STAGES[rng.below(STAGES.len() as u64) as usize];
        let kind = TYPES[rng.below(TYPES.len() as u64) as usize];
        let impact = IMPACTS[rng.below(3) as usize];
        let folder = releases.join(&id);
        std::fs::create_dir_all(&folder)?;
        let mut r = format!(
            "id = \"{id}\"\ntitle = \"Service {service} v{major}.{nth}.0\"\nservice = \"s{service:03}\"\nversion = \"{major}.{nth}.0\"\ntype = \"{kind}\"\nimpact = \"{impact}\"\nstage = \"{stage}\"\nmanager = \"p{mgr:03}\"\nrationale = \"Routine improvements to service {service}\"\nrisk = \"Low: changes are isolated behind feature flags\"\n\n[window]\nstart = {date}T{hour:02}:00:00\nduration = \"2h\"\n\n[rollback]\nwindow = \"4h\"\nprocedure = \"runbook.md#rollback\"\n",
            major = 1 + nth / 50,
            nth = nth % 50,
            mgr = (i * 5) % people,
        );
        for c in 0..(1 + rng.below(8)) {
            let _ = write!(
                r,
                "\n[[changes]]\nid = \"CHG-{i:06}-{c}\"\nsummary = \"Change {c} of release {i}: improve request handling\"\nstatus = \"approved\"\n"
            );
        }
        for cat in ["smoke", "functional-changed", "regression"] {
            let _ = write!(
                r,
                "\n[[tests]]\ncategory = \"{cat}\"\nresult = \"passed\"\nat = {}T10:00:00\npassed = {}\nfailed = 0\n",
                date - chrono::TimeDelta::days(5),
                10 + rng.below(400)
            );
        }
        let _ = write!(
            r,
            "\n[[approvals]]\ngate = \"build\"\nrole = \"service-owner\"\nby = \"p{:03}\"\nat = {}T10:00:00\n",
            (service * 7) % people,
            date - chrono::TimeDelta::days(9)
        );
        std::fs::write(folder.join("release.toml"), r)?;
        std::fs::write(folder.join("runbook.md"), RUNBOOK)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_loadable_repository() {
        let dir = tempfile::tempdir().unwrap();
        let options = CorpusOptions {
            releases: 60,
            services: 10,
            seed: 1,
        };
        write(dir.path(), &options).unwrap();
        let repo = crate::load::Repo::load(dir.path()).unwrap();
        assert_eq!(repo.releases.len(), 60);
        let broken: Vec<_> = repo.findings.iter().map(|f| &f.message).collect();
        assert!(broken.is_empty(), "{broken:?}");
        assert!(repo.releases[0].runbook.is_some());
    }
}

//! One release from `init` to close, the way a team works: every change a
//! git commit by the person who made it, each reviewed by `check --base`
//! against the commit before, with the date moving forward; then `build`.
//! The README's walkthrough follows the same path.

mod common;

use std::path::{Path, PathBuf};

use common::git::{git, As};
use common::trainyard;

const OWNER: (&str, &str) = ("Release Owner", "release.owner@example.com");
const DANA: (&str, &str) = ("Dana Okafor", "dana.okafor@example.com");
const ID: &str = "REL-2027-02-001";

struct Team {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl Team {
    fn file(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    fn release(&self) -> PathBuf {
        self.file(&format!("releases/{ID}/release.toml"))
    }

    /// Runs trainyard in the repository; panics unless it exits `want`.
    fn run(&self, args: &[&str], want: i32) -> String {
        let o = trainyard()
            .current_dir(&self.dir)
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(o.status.code(), Some(want), "trainyard {args:?}:\n{text}");
        text
    }

    /// Commits everything as `who` on `day`, then has `check --base` review
    /// the commit against the one before, as CI does on the pull request.
    fn commit(&self, who: (&str, &str), day: &str, message: &str) {
        let at = format!("{day}T12:00:00Z");
        let who_at = As {
            name: who.0,
            email: who.1,
            date: Some(&at),
        };
        git(&self.dir, who_at, &["add", "-A"]);
        git(&self.dir, who_at, &["commit", "-q", "-m", message]);
        self.run(
            &[
                "check",
                "--base",
                "HEAD~1",
                "--today",
                day,
                "--deny-warnings",
            ],
            0,
        );
    }

    fn append(&self, rel: &Path, text: &str) {
        let mut s = std::fs::read_to_string(rel).unwrap();
        s.push_str(text);
        std::fs::write(rel, s).unwrap();
    }

    fn replace(&self, rel: &Path, from: &str, to: &str) {
        let s = std::fs::read_to_string(rel).unwrap();
        assert!(s.contains(from), "{} has no {from:?}", rel.display());
        std::fs::write(rel, s.replacen(from, to, 1)).unwrap();
    }
}

fn start() -> Team {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("releases-repo");
    let o = trainyard()
        .arg("init")
        .arg(&dir)
        .args(["--timezone", "Europe/London", "--today", "2026-12-01"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let team = Team { _tmp: tmp, dir };
    let first = As {
        name: OWNER.0,
        email: OWNER.1,
        date: Some("2026-12-01T12:00:00Z"),
    };
    git(&team.dir, first, &["init", "-q"]);
    git(&team.dir, first, &["add", "-A"]);
    git(&team.dir, first, &["commit", "-q", "-m", "trainyard init"]);
    team
}

#[test]
fn one_release_from_init_to_close() {
    let t = start();
    t.run(&["lint", "--today", "2026-12-01", "--deny-warnings"], 0);

    // The team: Dana owns the service and approves; approvals must be
    // committed by their approvers.
    t.append(
        &t.file("policies/people.toml"),
        "\n[people.dana]\nname = \"Dana Okafor\"\nemail = \"dana.okafor@example.com\"\nroles = []\n",
    );
    t.replace(
        &t.file("policies/services.toml"),
        "owner = \"owner\"",
        "owner = \"dana\"",
    );
    t.append(
        &t.file("trainyard.toml"),
        "\n[review]\napprovals = \"author\"\n",
    );
    // The release init planned will not go ahead.
    t.replace(
        &t.file("releases/REL-2027-01-001/release.toml"),
        "stage = \"plan\"",
        "stage = \"cancelled\"",
    );
    t.commit(
        OWNER,
        "2026-12-02",
        "Our team, and the first release cancelled",
    );

    // Plan: a new release on a Saturday evening in February.
    t.run(
        &[
            "new",
            "--service",
            "app",
            "--type",
            "minor",
            "--window",
            "2027-02-06 20:00",
            "--manager",
            "owner",
            "--today",
            "2027-01-04",
        ],
        0,
    );
    assert!(t.release().is_file());
    t.commit(OWNER, "2027-01-04", "Plan the February release");

    // Build: the definition written and its changes approved, the
    // definition approved by the service owner, then the move, each its
    // own commit. Moving on too early is refused and says what is missing.
    let r = t.release();
    let refused = t.run(
        &["promote", ID, "--to", "build", "--today", "2027-01-18"],
        1,
    );
    assert!(refused.contains("needs `rationale`"), "{refused}");
    t.replace(
        &r,
        "# rationale = \"Why this release, in a sentence\"",
        "rationale = \"Faster exports\"",
    );
    t.replace(
        &r,
        "# risk = \"Low: what could go wrong, and why it is contained\"",
        "risk = \"Low: the export path is behind a feature flag\"",
    );
    t.replace(&r, "# [rollback]\n# window", "[rollback]\nwindow");
    t.replace(&r, "# procedure = ", "procedure = ");
    t.append(
        &r,
        "\n[[changes]]\nid = \"CHG-2027-0007\"\nsummary = \"Streamed exports\"\nstatus = \"approved\"\n",
    );
    t.commit(
        OWNER,
        "2027-01-20",
        "Define the release; its change is approved",
    );
    t.append(
        &r,
        "\n[[approvals]]\ngate = \"build\"\nrole = \"service-owner\"\nby = \"dana\"\nat = 2027-01-20T10:00:00\n",
    );
    t.commit(DANA, "2027-01-20", "Definition approved");
    t.run(
        &["promote", ID, "--to", "build", "--today", "2027-01-20"],
        0,
    );
    t.commit(OWNER, "2027-01-20", "Promote to build");

    // Test: built and deployed to dev and test.
    t.append(
        &r,
        "\n[[deployments]]\nenvironment = \"dev\"\nstatus = \"deployed\"\nat = 2027-01-22T10:00:00\nby = \"owner\"\n\
         \n[[deployments]]\nenvironment = \"test\"\nstatus = \"deployed\"\nat = 2027-01-25T10:00:00\nby = \"owner\"\n",
    );
    t.run(&["promote", ID, "--to", "test", "--today", "2027-01-25"], 0);
    t.commit(OWNER, "2027-01-25", "Promote to test");

    // Stage: every test the minor policy asks for passed; on staging.
    for (category, level) in [
        ("smoke", "required"),
        ("functional-changed", "required"),
        ("functional-unchanged", "required"),
        ("regression", "full"),
        ("integration", "all"),
        ("performance", "baseline"),
        ("security", "vulnerability-scan"),
    ] {
        t.append(
            &r,
            &format!(
                "\n[[tests]]\ncategory = \"{category}\"\nlevel = \"{level}\"\nresult = \"passed\"\nat = 2027-01-29T16:00:00\n"
            ),
        );
    }
    t.append(
        &r,
        "\n[[deployments]]\nenvironment = \"staging\"\nstatus = \"deployed\"\nat = 2027-02-01T10:00:00\nby = \"owner\"\n",
    );
    t.run(
        &["promote", ID, "--to", "stage", "--today", "2027-02-01"],
        0,
    );
    t.commit(OWNER, "2027-02-01", "Promote to stage");

    // Deploy: notice sent, the owner's go-ahead, the readiness review.
    let refused = t.run(
        &["promote", ID, "--to", "deploy", "--today", "2027-02-03"],
        1,
    );
    assert!(refused.contains("missing-approval"), "{refused}");
    t.append(
        &r,
        "\n[[approvals]]\ngate = \"deploy\"\nrole = \"service-owner\"\nby = \"dana\"\nat = 2027-02-03T10:00:00\n",
    );
    t.commit(DANA, "2027-02-03", "Accepted in staging");
    t.append(
        &r,
        "\n[[notifications]]\nat = 2027-02-03T09:00:00\naudience = [\"affected-users\", \"support\"]\n\
         \n[readiness]\nat = 2027-02-05T11:00:00\ngo = true\n",
    );
    t.run(
        &["promote", ID, "--to", "deploy", "--today", "2027-02-05"],
        0,
    );
    t.commit(OWNER, "2027-02-05", "Go: promote to deploy");

    // Close: deployed to production in the window, and the outcome.
    t.append(
        &r,
        "\n[[deployments]]\nenvironment = \"production\"\nstatus = \"deployed\"\nat = 2027-02-06T20:05:00\nby = \"owner\"\n\
         \n[outcome]\nstatus = \"successful\"\nstarted = 2027-02-06T20:00:00\nfinished = 2027-02-06T21:10:00\ndefects_after = 0\n",
    );
    t.run(
        &["promote", ID, "--to", "close", "--today", "2027-02-08"],
        0,
    );
    t.commit(OWNER, "2027-02-08", "Deployed; close");
    let text = std::fs::read_to_string(&r).unwrap();
    assert!(text.contains("stage = \"close\""), "{text}");

    // A stage skipped in one commit is caught by the review.
    t.replace(
        &t.file("releases/REL-2027-01-001/release.toml"),
        "stage = \"cancelled\"",
        "stage = \"build\"",
    );
    let review = t.run(&["check", "--base", "HEAD", "--today", "2027-02-08"], 1);
    assert!(review.contains("illegal-transition"), "{review}");
    git(
        &t.dir,
        As {
            name: OWNER.0,
            email: OWNER.1,
            date: None,
        },
        &["checkout", "-q", "--", "."],
    );

    // The site, with each release's history from git.
    let out = t.dir.join("public");
    let built = t.run(&["build", "--today", "2027-02-08"], 0);
    assert!(built.contains("built"), "{built}");
    let page = std::fs::read_to_string(out.join(format!("releases/{ID}/index.html"))).unwrap();
    assert!(page.contains("The application v"), "the release page");
}

//! Git in a throwaway repository, with no user or system configuration.

use std::path::Path;
use std::process::Command;

/// Who commits, and when (`None`: now).
#[derive(Clone, Copy, Debug)]
pub struct As<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub date: Option<&'a str>,
}

/// Runs `git ARGS` in `dir` as `who`; panics with git's message when it
/// fails. Returns standard output, trimmed.
pub fn git(dir: &Path, who: As, args: &[&str]) -> String {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_AUTHOR_NAME", who.name)
        .env("GIT_AUTHOR_EMAIL", who.email)
        .env("GIT_COMMITTER_NAME", who.name)
        .env("GIT_COMMITTER_EMAIL", who.email)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    if let Some(date) = who.date {
        cmd.env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

//! Benchmarks of the whole pipeline on a synthetic corpus.
//!
//! `cargo bench --bench pipeline -- --releases 10000` measures, on a
//! generated repository (see `trainyard::corpus`): load, check, and the
//! real binary's `lint` and `build` end to end, with peak memory.
//! Under `cargo test` (no `--bench` flag) it runs once on a small corpus as
//! a smoke test, so the harness itself never rots.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use trainyard::corpus::{self, CorpusOptions};
use trainyard::load::Repo;
use trainyard::pipeline::Pipeline;

struct Args {
    releases: usize,
    runs: usize,
    keep: Option<PathBuf>,
    smoke: bool,
}

fn args() -> Args {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let smoke = !raw.iter().any(|a| a == "--bench");
    let value = |flag: &str| {
        raw.iter()
            .position(|a| a == flag)
            .and_then(|i| raw.get(i + 1))
            .cloned()
    };
    Args {
        releases: value("--releases")
            .and_then(|v| v.parse().ok())
            .unwrap_or(if smoke { SMOKE_RELEASES } else { 10_000 }),
        runs: value("--runs")
            .and_then(|v| v.parse().ok())
            .unwrap_or(if smoke { 1 } else { 5 }),
        keep: value("--keep").map(PathBuf::from),
        smoke,
    }
}

/// Median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// Peak resident memory of this process so far, in MB (Linux).
fn peak_rss_mb() -> Option<f64> {
    support::vm_hwm_mb("self")
}

/// Resets the peak-memory counter (Linux: writing 5 to clear_refs).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Runs the real binary; returns the median wall time and the peak memory
/// of the child (from /usr/bin/time when present).
fn binary(runs: usize, args: &[&str], root: &Path) -> (Duration, Option<f64>) {
    let exe = env!("CARGO_BIN_EXE_trainyard");
    let run = || {
        let status = Command::new(exe)
            .args(args)
            .arg("--root")
            .arg(root)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("run trainyard");
        assert!(
            status.code().is_some_and(|c| c <= 1),
            "trainyard {args:?} failed: {status}"
        );
    };
    let time = median(runs, run);
    let peak = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg(exe)
        .args(args)
        .arg("--root")
        .arg(root)
        .stdout(std::process::Stdio::null())
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .last()
                .and_then(|l| l.trim().parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0);
    (time, peak)
}

/// What `lint` must report on the smoke corpus (300 releases, seed 42):
/// the findings of each rule, and so exit 1. The corpus is deterministic,
/// so a change here is a change in the generator or in a rule.
const SMOKE_FINDINGS: &[(&str, usize)] = &[
    ("capacity-exceeded", 5),
    ("version-not-increasing", 1),
    ("window-conflict", 107),
    ("window-in-past", 40),
];

/// The number of releases of the smoke corpus.
const SMOKE_RELEASES: usize = 300;

/// Lints the smoke corpus with the real binary and checks its report:
/// exit code, finding counts by rule, and agreement with the in-process
/// check.
fn smoke_lint(root: &Path, in_process: usize) {
    let out = Command::new(env!("CARGO_BIN_EXE_trainyard"))
        .args([
            "lint",
            "--format",
            "json",
            "--today",
            "2026-11-24",
            "--root",
        ])
        .arg(root)
        .output()
        .expect("run trainyard");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for d in doc["diagnostics"].as_array().expect("diagnostics") {
        *counts
            .entry(d["rule"].as_str().unwrap_or("").to_string())
            .or_default() += 1;
    }
    let expected: std::collections::BTreeMap<String, usize> = SMOKE_FINDINGS
        .iter()
        .map(|(r, n)| (r.to_string(), *n))
        .collect();
    assert_eq!(
        counts, expected,
        "lint findings by rule on the smoke corpus"
    );
    assert_eq!(
        counts.values().sum::<usize>(),
        in_process,
        "the binary and the library agree"
    );
    let errors = doc["summary"]["errors"].as_u64().unwrap_or(0);
    assert_eq!(out.status.code(), Some(if errors > 0 { 1 } else { 0 }));
    assert!(
        errors > 0,
        "the smoke corpus has window conflicts, which are errors"
    );
}

fn main() {
    let args = args();
    let scratch = tempfile::Builder::new()
        .prefix("trainyard-bench")
        .tempdir_in(if Path::new("/dev/shm").is_dir() {
            "/dev/shm"
        } else {
            "/tmp"
        })
        .expect("temporary folder");
    let root = args
        .keep
        .clone()
        .unwrap_or_else(|| scratch.path().join("repo"));
    if !root.join("releases").is_dir() {
        let options = CorpusOptions {
            releases: args.releases,
            ..CorpusOptions::default()
        };
        let t = Instant::now();
        corpus::write(&root, &options).expect("write corpus");
        eprintln!(
            "corpus: {} releases in {:.2?} at {}",
            args.releases,
            t.elapsed(),
            root.display()
        );
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "trainyard pipeline benchmark: {} releases, {cores} cores, median of {} runs",
        args.releases, args.runs
    );

    // What the loaded model keeps, beyond the file texts: the growth of
    // resident memory over the first load, per release (an upper bound,
    // as it counts what the parse used on the way).
    let rss_before = support::status_kb("self", "VmRSS:");
    let first = Repo::load(&root).expect("load");
    let rss_after = support::status_kb("self", "VmRSS:");
    let texts: usize = first.files.iter().map(|f| f.text.len()).sum();
    if let (Some(before), Some(after)) = (rss_before, rss_after) {
        let grown = (after.saturating_sub(before) * 1024) as usize;
        let n = first.releases.len().max(1);
        println!(
            "  model (in process)      {:>7} bytes per release beyond {} of file text",
            grown.saturating_sub(texts) / n,
            texts / n
        );
    }
    drop(first);

    reset_peak();
    let mut pipeline = Pipeline::from_repo(Repo::default());
    let load = median(args.runs, || {
        pipeline = Pipeline::load(&root).expect("load")
    });
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
    let mut findings = 0;
    let check = median(args.runs, || {
        findings = pipeline.check(today).outcome.findings.len()
    });
    let peak = peak_rss_mb();
    println!("  load (in process)       {load:>10.2?}");
    println!("  check (in process)      {check:>10.2?}   {findings} findings");
    if let Some(mb) = peak {
        println!("  peak memory (in process){mb:>9.1} MB");
    }
    assert_eq!(
        pipeline.repo().releases.len(),
        args.releases,
        "every generated release loads"
    );

    let (lint, lint_mb) = binary(
        args.runs,
        &["lint", "--format", "json", "--today", "2026-11-24"],
        &root,
    );
    println!(
        "  trainyard lint          {lint:>10.2?}{}",
        lint_mb
            .map(|m| format!("   peak {m:.1} MB"))
            .unwrap_or_default()
    );

    let out = scratch.path().join("public");
    let out_s = out.to_string_lossy().to_string();
    let build_args = ["build", "--today", "2026-11-24", "--out", out_s.as_str()];
    let (build, build_mb) = binary(args.runs, &build_args, &root);
    println!(
        "  trainyard build         {build:>10.2?}{}",
        build_mb
            .map(|m| format!("   peak {m:.1} MB"))
            .unwrap_or_default()
    );
    if args.smoke {
        if args.releases == SMOKE_RELEASES && args.keep.is_none() {
            smoke_lint(&root, findings);
        }
        println!("(smoke run; `cargo bench --bench pipeline -- --releases 10000` for figures)");
    }
}

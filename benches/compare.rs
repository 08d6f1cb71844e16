//! trainyard against Hugo on the same generated pages, as whole processes.
//!
//! `cargo bench --bench compare -- --releases 1000,10000` generates, for
//! each size, a clean corpus committed to git, a variant where most
//! releases have findings, and the same pages as a Hugo site (see
//! `trainyard::corpus`); then, round after round so that machine noise
//! hits both tools alike, runs `lint` (clean and with findings), `build`
//! and `hugo` from empty output and over the previous output, and `check
//! --base HEAD` with one release changed; last, the `serve` edit latency.
//! It prints one Markdown table of medians, peak memory, the ratio to Hugo
//! and the targets. Flags: `--runs R` (default 5), `--bin PATH` (default
//! the binary Cargo built with this benchmark), `--no-hugo`, `--serve-only`
//! (only the `serve` edit latency, each sample printed). Under `cargo
//! test --bench compare` everything is a debug build: a smoke run only.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use trainyard::corpus::{self, CorpusOptions};

/// The date the corpus is written for.
const TODAY: &str = "2026-11-24";

struct Args {
    sizes: Vec<usize>,
    runs: usize,
    bin: PathBuf,
    hugo: bool,
    serve_only: bool,
}

fn args() -> Args {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        raw.iter()
            .position(|a| a == flag)
            .and_then(|i| raw.get(i + 1))
            .cloned()
    };
    Args {
        sizes: value("--releases")
            .unwrap_or_else(|| "1000,10000".into())
            .split(',')
            .map(|n| {
                n.trim()
                    .replace('_', "")
                    .parse()
                    .expect("--releases N[,N…]")
            })
            .collect(),
        runs: value("--runs").map_or(5, |v| v.parse().expect("--runs R")),
        // Cargo builds the binary in the same profile as this benchmark:
        // release under `cargo bench`, debug under `cargo test --bench`.
        bin: PathBuf::from(
            value("--bin").unwrap_or_else(|| env!("CARGO_BIN_EXE_trainyard").into()),
        ),
        hugo: !raw.iter().any(|a| a == "--no-hugo"),
        serve_only: raw.iter().any(|a| a == "--serve-only"),
    }
}

/// One timed run of a whole process: wall time and the child's peak
/// resident memory in MB.
#[derive(Clone, Copy)]
struct Sample {
    secs: f64,
    mb: Option<f64>,
}

/// How peak memory is read: `/usr/bin/time -f %M` (the child's
/// `ru_maxrss` from `wait4`) when installed, else polling `VmHWM`.
fn have_time() -> bool {
    Path::new("/usr/bin/time").is_file()
}

/// Runs `program args` in `cwd`, stdout to `stdout` (or discarded); panics
/// unless it exits 0 or 1 (1: lint found errors).
fn measure(program: &Path, args: &[&str], cwd: &Path, stdout: Option<&Path>) -> Sample {
    let out = || match stdout {
        Some(path) => Stdio::from(std::fs::File::create(path).expect("stdout file")),
        None => Stdio::null(),
    };
    if have_time() {
        let report = std::env::temp_dir().join(format!("compare-time-{}", std::process::id()));
        let start = Instant::now();
        let status = Command::new("/usr/bin/time")
            .args(["-f", "%M", "-o"])
            .arg(&report)
            .arg(program)
            .args(args)
            .current_dir(cwd)
            .stdout(out())
            .stderr(Stdio::null())
            .status()
            .expect("run /usr/bin/time");
        let secs = start.elapsed().as_secs_f64();
        assert!(
            status.code().is_some_and(|c| c <= 1),
            "{} {args:?} failed: {status}",
            program.display()
        );
        let kb = std::fs::read_to_string(&report)
            .ok()
            .and_then(|t| t.lines().last()?.trim().parse::<f64>().ok());
        return Sample {
            secs,
            mb: kb.map(|kb| kb / 1024.0),
        };
    }
    let start = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .stdout(out())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut peak = None;
    let status = loop {
        if let Some(mb) = vm_hwm_mb(child.id()) {
            peak = Some(peak.map_or(mb, |p: f64| p.max(mb)));
        }
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let secs = start.elapsed().as_secs_f64();
    assert!(
        status.code().is_some_and(|c| c <= 1),
        "{} {args:?} failed: {status}",
        program.display()
    );
    Sample { secs, mb: peak }
}

/// The peak resident memory of a running process, in MB.
fn vm_hwm_mb(pid: u32) -> Option<f64> {
    support::vm_hwm_mb(&pid.to_string())
}

fn median(samples: &[Sample]) -> Option<Sample> {
    if samples.is_empty() {
        return None;
    }
    let mut secs: Vec<f64> = samples.iter().map(|s| s.secs).collect();
    secs.sort_by(f64::total_cmp);
    let mb = samples
        .iter()
        .filter_map(|s| s.mb)
        .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))));
    Some(Sample {
        secs: secs[secs.len() / 2],
        mb,
    })
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@example.com",
        ])
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .status()
        .expect("run git");
    assert!(status.success(), "git {args:?} failed");
}

/// Replaces the `title = …` line of a release file.
fn retitle(file: &Path, title: &str) {
    let text = std::fs::read_to_string(file).expect("read release");
    let changed: String = text
        .lines()
        .map(|l| {
            if l.starts_with("title = ") {
                format!("title = \"{title}\"\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(file, changed).expect("write release");
}

/// Commits the corpus at `clean` to a new git repository and returns the
/// release in the middle of it: the one the benchmark edits.
fn commit_and_pick(clean: &Path) -> String {
    git(clean, &["init", "-q"]);
    git(clean, &["add", "-A"]);
    git(clean, &["commit", "-q", "-m", "corpus"]);
    let mut ids: Vec<String> = std::fs::read_dir(clean.join("releases"))
        .expect("releases")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    ids.sort();
    ids[ids.len() / 2].clone()
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// The number of diagnostics in a `lint --format json` report.
fn count_diagnostics(report: &Path) -> usize {
    let text = std::fs::read_to_string(report).expect("read lint report");
    let json: serde_json::Value = serde_json::from_str(&text).expect("lint JSON");
    json["diagnostics"].as_array().map_or(0, Vec::len)
}

/// One GET over a fresh connection; the body, or None on any failure.
fn get(addr: &str, path: &str) -> Option<String> {
    let mut stream =
        TcpStream::connect_timeout(&addr.parse().ok()?, Duration::from_secs(2)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut body = String::new();
    stream.read_to_string(&mut body).ok()?;
    Some(body)
}

/// Starts `serve`, then `runs` times retitles one release and times from
/// the write to the first response of its page that shows the new title.
/// Returns the latencies and the server's peak memory.
fn serve_latency(bin: &Path, root: &Path, id: &str, runs: usize) -> (Vec<Sample>, Option<f64>) {
    let mut child = Command::new(bin)
        .args(["serve", "--port", "0", "--today", TODAY, "--root"])
        .arg(root)
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start serve");
    let stderr = child.stderr.take().expect("serve stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // The address is printed once the first build is done.
    let started = Instant::now();
    let deadline = started + Duration::from_secs(600);
    let addr = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = rx.recv_timeout(left).unwrap_or_else(|_| {
            let _ = child.kill();
            panic!("serve printed no address within 600 s")
        });
        if let Some(at) = line.find("http://") {
            let rest = &line[at + "http://".len()..];
            break rest[..rest.find('/').unwrap_or(rest.len())].to_string();
        }
    };
    let first_build = started.elapsed();
    let file = root.join("releases").join(id).join("release.toml");
    let page = format!("/releases/{id}/index.html");
    // The watcher starts after the address is printed, so an edit made at
    // once can go unseen: repeat an untimed edit until the page shows it.
    let shows = |title: &str, within: Duration| {
        let start = Instant::now();
        while start.elapsed() < within {
            if get(&addr, &page).is_some_and(|body| body.contains(title)) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        false
    };
    let ready = (0..6).any(|k| {
        let title = format!("Warming up {k}");
        retitle(&file, &title);
        // A debug build at 1,000 releases or a release build at 100,000
        // takes seconds to rebuild: give each attempt time to land.
        shows(&title, Duration::from_secs(30))
    });
    if !ready {
        let _ = child.kill();
        panic!("serve never showed an edit of {id} within 180 s");
    }
    // Each save is timed on a settled server: the whole rebuild that the
    // last save started in the background (seconds at 100,000 releases)
    // has finished, so the quick page does not share the cores with it.
    // After the warm-up that is a quiet spell longer than a whole build;
    // after a timed save, the one whole rebuild it starts.
    let quiet = first_build.mul_f64(1.5).max(Duration::from_secs(2));
    while rx.recv_timeout(quiet).is_ok() {}
    let rebuilt = || {
        let deadline = Instant::now() + Duration::from_secs(600);
        while let Ok(line) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            if line.starts_with("rebuilt ") || line.starts_with("build failed") {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let mut samples = Vec::new();
    for k in 0..runs {
        let title = format!("Edited release number {k}");
        let start = Instant::now();
        retitle(&file, &title);
        let seen = shows(&title, Duration::from_secs(60));
        let secs = start.elapsed().as_secs_f64();
        if !seen {
            let _ = child.kill();
            let said: Vec<String> = rx.try_iter().collect();
            panic!("serve did not show the edit of {id} within 60 s; it said: {said:?}");
        }
        samples.push(Sample { secs, mb: None });
        rebuilt();
    }
    let peak = vm_hwm_mb(child.id());
    let _ = child.kill();
    let _ = child.wait();
    (samples, peak)
}

/// The measurements of one size.
struct Row {
    what: String,
    ours: Option<Sample>,
    hugo: Option<Sample>,
    target: Target,
}

/// A target from the design, checked where the size matches.
enum Target {
    None,
    Secs(f64),
    /// At least this many times faster than Hugo, and at most this share
    /// of its peak memory.
    VersusHugo(f64, f64),
    SecsAndMb(f64, f64),
}

impl Target {
    fn describe(&self) -> String {
        match self {
            Target::None => String::new(),
            Target::Secs(s) => format!("< {s} s"),
            Target::VersusHugo(x, m) => format!("≥ {x}× Hugo, ≤ 1/{} its memory", 1.0 / m),
            Target::SecsAndMb(s, mb) => format!("< {s} s, < {:.1} GB", mb / 1000.0),
        }
    }

    fn met(&self, ours: Option<Sample>, hugo: Option<Sample>) -> &'static str {
        let Some(ours) = ours else { return "" };
        let ok = match self {
            Target::None => return "",
            Target::Secs(s) => ours.secs < *s,
            Target::VersusHugo(x, m) => match (hugo, ours.mb, hugo.and_then(|h| h.mb)) {
                (Some(h), Some(a), Some(b)) => h.secs / ours.secs >= *x && a <= b * m,
                _ => return "no Hugo",
            },
            Target::SecsAndMb(s, mb) => ours.secs < *s && ours.mb.is_some_and(|m| m < *mb),
        };
        if ok {
            "met"
        } else {
            "missed"
        }
    }
}

fn secs(s: Option<Sample>) -> String {
    s.map_or("—".into(), |s| {
        if s.secs < 1.0 {
            format!("{:.0} ms", s.secs * 1000.0)
        } else {
            format!("{:.2} s", s.secs)
        }
    })
}

fn mb(s: Option<Sample>) -> String {
    s.and_then(|s| s.mb)
        .map_or("—".into(), |m| format!("{m:.0} MB"))
}

fn measure_size(args: &Args, n: usize, hugo: Option<&Path>) -> Vec<Row> {
    let scratch = tempfile::Builder::new()
        .prefix("trainyard-compare")
        .tempdir_in(if Path::new("/dev/shm").is_dir() {
            "/dev/shm"
        } else {
            "/tmp"
        })
        .expect("temporary folder");
    let dir = scratch.path();
    let clean = dir.join("clean");
    let findings = dir.join("findings");
    let site = dir.join("hugo");
    let t = Instant::now();
    let options = CorpusOptions {
        releases: n,
        ..CorpusOptions::default()
    };
    corpus::write(&clean, &options).expect("write corpus");
    let with_findings = CorpusOptions {
        findings: true,
        ..options
    };
    corpus::write(&findings, &with_findings).expect("write corpus with findings");
    corpus::write_hugo(&clean, &site).expect("write Hugo site");
    let id = commit_and_pick(&clean);
    retitle(
        &clean.join("releases").join(&id).join("release.toml"),
        "Changed for review",
    );
    eprintln!(
        "{n} releases: corpora, Hugo site and git commit in {:.1?} at {}",
        t.elapsed(),
        dir.display()
    );

    let bin = args.bin.as_path();
    let s = |p: &Path| p.to_string_lossy().into_owned();
    let (clean_s, findings_s) = (s(&clean), s(&findings));
    let (out, hugo_out) = (dir.join("public"), dir.join("hugo-public"));
    let (out_s, site_s, hugo_out_s) = (s(&out), s(&site), s(&hugo_out));
    let report = dir.join("lint.json");
    let lint_clean = [
        "lint", "--format", "json", "--today", TODAY, "--root", &clean_s,
    ];
    let lint_findings = [
        "lint",
        "--format",
        "json",
        "--today",
        TODAY,
        "--root",
        &findings_s,
    ];
    let build = [
        "build", "--today", TODAY, "--out", &out_s, "--root", &clean_s,
    ];
    let hugo_args = ["--quiet", "--source", &site_s, "--destination", &hugo_out_s];
    let check = [
        "check", "--base", "HEAD", "--format", "json", "--today", TODAY, "--root", &clean_s,
    ];

    let mut samples: [Vec<Sample>; 7] = Default::default();
    for round in 0..args.runs {
        eprintln!(
            "  round {} of {} (load average {})",
            round + 1,
            args.runs,
            load_average()
        );
        samples[0].push(measure(bin, &lint_clean, &clean, Some(&report)));
        samples[1].push(measure(bin, &lint_findings, &findings, Some(&report)));
        let _ = std::fs::remove_dir_all(&out);
        samples[2].push(measure(bin, &build, &clean, None));
        if let Some(hugo) = hugo {
            let _ = std::fs::remove_dir_all(&hugo_out);
            samples[3].push(measure(hugo, &hugo_args, &site, None));
        }
        samples[4].push(measure(bin, &build, &clean, None));
        if let Some(hugo) = hugo {
            samples[5].push(measure(hugo, &hugo_args, &site, None));
        }
        samples[6].push(measure(bin, &check, &clean, None));
    }
    let page = |root: &Path| root.join("releases").join(&id).join("index.html");
    assert!(page(&out).is_file(), "trainyard wrote no page for {id}");
    if hugo.is_some() {
        assert!(page(&hugo_out).is_file(), "Hugo wrote no page for {id}");
    }
    measure(bin, &lint_clean, &clean, Some(&report));
    let clean_count = count_diagnostics(&report);
    measure(bin, &lint_findings, &findings, Some(&report));
    let findings_count = count_diagnostics(&report);
    let (latency, serve_mb) = serve_latency(bin, &clean, &id, args.runs);
    let serve = median(&latency).map(|s| Sample { mb: serve_mb, ..s });

    let at = |size: usize, target: Target| if n == size { target } else { Target::None };
    let build_target = || match n {
        10_000 => Target::VersusHugo(5.0, 1.0 / 3.0),
        100_000 => Target::SecsAndMb(6.0, 1500.0),
        _ => Target::None,
    };
    let lint_target = || match n {
        10_000 => Target::Secs(0.3),
        100_000 => Target::Secs(3.0),
        _ => Target::None,
    };
    vec![
        Row {
            what: format!("`lint --format json`, {clean_count} findings"),
            ours: median(&samples[0]),
            hugo: None,
            target: lint_target(),
        },
        Row {
            what: format!("`lint --format json`, {findings_count} findings"),
            ours: median(&samples[1]),
            hugo: None,
            target: lint_target(),
        },
        Row {
            what: "`build`, empty output".into(),
            ours: median(&samples[2]),
            hugo: median(&samples[3]),
            target: build_target(),
        },
        Row {
            what: "`build`, over previous output".into(),
            ours: median(&samples[4]),
            hugo: median(&samples[5]),
            target: build_target(),
        },
        Row {
            what: "`check --base HEAD`, one release changed".into(),
            ours: median(&samples[6]),
            hugo: None,
            target: at(10_000, Target::Secs(0.5)),
        },
        Row {
            what: "`serve`: saved edit to served page".into(),
            ours: serve,
            hugo: None,
            target: at(10_000, Target::Secs(0.1)),
        },
    ]
}

/// `--serve-only`: the clean corpus of each size, committed to git as in
/// the whole run, and only the `serve` edit latency, each sample shown.
fn serve_only(args: &Args) {
    for &n in &args.sizes {
        let scratch = tempfile::Builder::new()
            .prefix("trainyard-compare")
            .tempdir_in(if Path::new("/dev/shm").is_dir() {
                "/dev/shm"
            } else {
                "/tmp"
            })
            .expect("temporary folder");
        let clean = scratch.path().join("clean");
        let options = CorpusOptions {
            releases: n,
            ..CorpusOptions::default()
        };
        corpus::write(&clean, &options).expect("write corpus");
        let id = commit_and_pick(&clean);
        let (latency, peak) = serve_latency(&args.bin, &clean, &id, args.runs);
        let each: Vec<String> = latency
            .iter()
            .map(|s| format!("{:.0} ms", s.secs * 1000.0))
            .collect();
        println!(
            "{n} releases, `serve` saved edit to served page: median {}, peak {} ({}; load average {})",
            secs(median(&latency)),
            mb(median(&latency).map(|s| Sample { mb: peak, ..s })),
            each.join(", "),
            load_average()
        );
    }
}

fn main() {
    let mut args = args();
    args.bin = args.bin.canonicalize().unwrap_or(args.bin);
    assert!(
        args.bin.is_file(),
        "no trainyard binary at {}: pass --bin PATH",
        args.bin.display()
    );
    if args.serve_only {
        serve_only(&args);
        return;
    }
    let hugo = args
        .hugo
        .then(|| {
            let out = Command::new("hugo").arg("version").output().ok()?;
            out.status
                .success()
                .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
        })
        .flatten();
    match &hugo {
        Some(version) => eprintln!("Hugo: {version}"),
        None if args.hugo => {
            eprintln!("Hugo is not installed (apt-get install hugo); its columns stay empty")
        }
        None => eprintln!("Hugo left out (--no-hugo)"),
    }
    let hugo_path = hugo.as_ref().map(|_| PathBuf::from("hugo"));
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let started = load_average();
    let mut table = Vec::new();
    for &n in &args.sizes {
        table.push((n, measure_size(&args, n, hugo_path.as_deref())));
    }
    println!(
        "\ntrainyard ({}) against {}: {cores} cores, load average {started} at the start and {} at the end; \
         median of {} runs, alternating the tools; peak memory from {}; output on {}.\n",
        args.bin.display(),
        hugo.as_deref().unwrap_or("no Hugo"),
        load_average(),
        args.runs,
        if have_time() {
            "/usr/bin/time -f %M (the child's ru_maxrss)"
        } else {
            "VmHWM polling"
        },
        if Path::new("/dev/shm").is_dir() { "tmpfs" } else { "/tmp" },
    );
    if cfg!(debug_assertions) {
        println!(
            "Debug build: a smoke run, not figures; `cargo bench --bench compare` measures.\n"
        );
    }
    println!("| releases | command | trainyard | peak | Hugo | Hugo peak | Hugo ÷ trainyard | target | |");
    println!("|---:|---|---:|---:|---:|---:|---:|---|---|");
    for (n, rows) in &table {
        for row in rows {
            let ratio = match (row.ours, row.hugo) {
                (Some(a), Some(b)) => format!("{:.1}×", b.secs / a.secs),
                _ => "—".into(),
            };
            println!(
                "| {n} | {} | {} | {} | {} | {} | {ratio} | {} | {} |",
                row.what,
                secs(row.ours),
                mb(row.ours),
                secs(row.hugo),
                mb(row.hugo),
                row.target.describe(),
                row.target.met(row.ours, row.hugo),
            );
        }
    }
}

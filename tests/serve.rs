//! `trainyard serve` on a fixture: it rebuilds when a file changes and
//! reports a broken repository on the page without dying.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{copy_dir, fixture, TODAY};

/// A bounded HTTP GET to the serve process: status and body.
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok()?;
    let status = buf.split_whitespace().nth(1)?.parse().ok()?;
    let body = buf
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Some((status, body))
}

/// Kills the serve process however the test ends.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `serve` on `repo` at a free port; returns the process, its
/// standard error (read past the line that gives the address) and the port.
fn start(repo: &std::path::Path) -> (Child, BufReader<std::process::ChildStderr>, u16) {
    let bin = assert_cmd::cargo::cargo_bin("trainyard");
    let mut child = Child(
        std::process::Command::new(bin)
            .arg("--root")
            .arg(repo)
            .args(["serve", "--port", "0", "--today", TODAY])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut err = BufReader::new(child.0.stderr.take().unwrap());
    let mut line = String::new();
    let mut port = 0;
    for _ in 0..10 {
        line.clear();
        if err.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            port = rest.split('/').next().unwrap().parse().unwrap();
            break;
        }
    }
    assert_ne!(port, 0, "serve did not say where it listens: {line}");
    (child, err, port)
}

#[test]
fn serve_rebuilds_on_change_and_shows_errors_without_dying() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    copy_dir(&fixture("site-xss"), &repo);
    let (_child, mut err, port) = start(&repo);
    // Keep reading standard error so the server never blocks on it.
    std::thread::spawn(move || {
        let mut sink = String::new();
        let _ = err.read_to_string(&mut sink);
    });
    let (status, body) = get(port, "/").unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("EventSource"), "no reload script");
    assert_eq!(
        get(port, "/releases/REL-2026-03-002/index.html").unwrap().0,
        200
    );
    assert_eq!(get(port, "/no/such/page").unwrap().0, 404);
    assert_eq!(get(port, "/../../etc/passwd").unwrap().0, 400);

    let until = |what: &str, ok: &dyn Fn() -> bool| {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("serve did not {what} within 20 s");
    };
    // An edit shows up without a restart.
    let release = repo.join("releases/REL-2026-03-002/release.toml");
    let original = std::fs::read_to_string(&release).unwrap();
    std::fs::write(
        &release,
        original.replace("A plain release", "A renamed release"),
    )
    .unwrap();
    until("rebuild after an edit", &|| {
        get(port, "/releases/REL-2026-03-002/index.html")
            .is_some_and(|(_, b)| b.contains("A renamed release"))
    });
    // A broken template shows the error page; the server stays up.
    std::fs::create_dir_all(repo.join("templates")).unwrap();
    std::fs::write(repo.join("templates/index.html"), "{% if %}").unwrap();
    until("show the build error", &|| {
        get(port, "/").is_some_and(|(s, b)| s == 500 && b.contains("could not be built"))
    });
    // A broken release file is a banner on every page.
    std::fs::remove_file(repo.join("templates/index.html")).unwrap();
    std::fs::write(&release, "id = \"REL-2026-03-002\"\ntitle = ").unwrap();
    until("name the broken file", &|| {
        get(port, "/").is_some_and(|(s, b)| s == 200 && b.contains("REL-2026-03-002/release.toml"))
    });
}

/// `serve` on a copy of a fixture: the process, its port, and a count of
/// the "rebuilt" lines it has written to standard error so far.
fn serve_counting(repo: &std::path::Path) -> (Child, u16, Arc<AtomicUsize>) {
    let (child, err, port) = start(repo);
    let rebuilds = Arc::new(AtomicUsize::new(0));
    let count = rebuilds.clone();
    std::thread::spawn(move || {
        for line in err.lines().map_while(Result::ok) {
            if line.starts_with("rebuilt ") || line.starts_with("build failed") {
                count.fetch_add(1, Ordering::SeqCst);
            }
        }
    });
    (child, port, rebuilds)
}

#[test]
fn serve_rebuilds_once_per_save_and_never_when_idle() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    copy_dir(&fixture("site-xss"), &repo);
    let (_child, port, rebuilds) = serve_counting(&repo);
    // Reading pages and idling are not changes: the build's own reads of
    // the files must not start another build.
    assert_eq!(get(port, "/").unwrap().0, 200);
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(rebuilds.load(Ordering::SeqCst), 0, "rebuilt while idle");

    // A save as Vim makes it: a swap file, the write test file, the write,
    // then the swap file goes. Scratch files alone are no change; the
    // whole save is one rebuild.
    let dir = repo.join("releases/REL-2026-03-002");
    let release = dir.join("release.toml");
    let original = std::fs::read_to_string(&release).unwrap();
    std::fs::write(dir.join(".release.toml.swp"), "swap").unwrap();
    std::fs::write(dir.join("4913"), "").unwrap();
    std::fs::remove_file(dir.join("4913")).unwrap();
    std::fs::write(dir.join("release.toml~"), &original).unwrap();
    // Nor is a file the build does not read.
    std::fs::write(repo.join("notes.txt"), "not read").unwrap();
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(
        rebuilds.load(Ordering::SeqCst),
        0,
        "rebuilt for a swap file"
    );
    std::fs::write(
        &release,
        original.replace("A plain release", "A renamed release"),
    )
    .unwrap();
    std::fs::remove_file(dir.join(".release.toml.swp")).unwrap();
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(rebuilds.load(Ordering::SeqCst), 1, "one save, one rebuild");
    let (_, body) = get(port, "/releases/REL-2026-03-002/index.html").unwrap();
    assert!(body.contains("A renamed release"));
}

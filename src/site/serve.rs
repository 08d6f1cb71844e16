//! `serve`: the site kept in memory, served on 127.0.0.1 by a small HTTP
//! server, rebuilt when a file of the repository changes, and open pages
//! reloaded through a server-sent event stream.
//!
//! A rebuild that fails (a template that does not parse, a repository
//! that cannot be read) keeps the server up: every page then shows the
//! error until the next good build. Files that do not parse are findings,
//! so the site still builds; served pages then carry a banner naming them.
//!
//! A save is handled as soon as its burst of events is over: a quick page
//! first when the change allows one ([`Rebuild::quick`]), then the whole
//! site in the background, once for every save that arrived meanwhile.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// The path open pages listen on for reloads.
pub const EVENTS: &str = "/__trainyard/events";

/// A finished build: the site's files, and problems to show on every page.
pub struct Built {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Broken files (parse and schema errors) worth a banner.
    pub problems: Vec<String>,
}

/// What the server serves now.
struct State {
    files: Arc<BTreeMap<String, Vec<u8>>>,
    /// Pages rendered since the last whole build, served in place of
    /// theirs until a whole build that read their files replaces them.
    quick: Arc<BTreeMap<String, Vec<u8>>>,
    /// When each quick page was put, on the clock of [`Server::stamp`].
    stamps: BTreeMap<String, u64>,
    /// The clock of [`Server::stamp`]: quick pages put so far.
    puts: u64,
    problems: Arc<Vec<String>>,
    error: Option<String>,
    generation: u64,
}

/// What one request sees.
struct Snapshot {
    files: Arc<BTreeMap<String, Vec<u8>>>,
    quick: Arc<BTreeMap<String, Vec<u8>>>,
    problems: Arc<Vec<String>>,
    error: Option<String>,
    generation: u64,
}

/// The server's shared state.
pub struct Server {
    state: Mutex<State>,
    changed: Condvar,
}

impl Server {
    /// A server with the first build's result.
    pub fn new(first: Result<Built, String>) -> Arc<Server> {
        let server = Arc::new(Server {
            state: Mutex::new(State {
                files: Arc::new(BTreeMap::new()),
                quick: Arc::new(BTreeMap::new()),
                stamps: BTreeMap::new(),
                puts: 0,
                problems: Arc::new(Vec::new()),
                error: None,
                generation: 0,
            }),
            changed: Condvar::new(),
        });
        server.update(first);
        server
    }

    /// Takes a build's result: a good build replaces the site, a failed
    /// one keeps it but shows the error. Open pages reload either way.
    pub fn update(&self, result: Result<Built, String>) {
        self.update_since(result, u64::MAX);
    }

    /// The time on the quick pages' clock: a whole build started after it
    /// has read every file whose quick page was put by then.
    pub fn stamp(&self) -> u64 {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).puts
    }

    /// [`Server::update`] with a build that started reading at `since`
    /// ([`Server::stamp`]): quick pages put after that stay, as the build
    /// may predate their saves; the next build replaces them.
    pub fn update_since(&self, result: Result<Built, String>, since: u64) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match result {
            Ok(built) => {
                s.files = Arc::new(built.files);
                let later: BTreeMap<String, u64> = s
                    .stamps
                    .iter()
                    .filter(|(_, &t)| t > since)
                    .map(|(k, &t)| (k.clone(), t))
                    .collect();
                let quick: BTreeMap<String, Vec<u8>> = later
                    .keys()
                    .filter_map(|k| Some((k.clone(), s.quick.get(k)?.clone())))
                    .collect();
                s.quick = Arc::new(quick);
                s.stamps = later;
                s.problems = Arc::new(built.problems);
                s.error = None;
            }
            Err(e) => s.error = Some(e),
        }
        s.generation += 1;
        self.changed.notify_all();
    }

    /// Serves `bytes` at `path` at once, ahead of the next whole build;
    /// open pages reload.
    pub fn put_page(&self, path: String, bytes: Vec<u8>) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.puts += 1;
        let now = s.puts;
        s.stamps.insert(path.clone(), now);
        Arc::make_mut(&mut s.quick).insert(path, bytes);
        s.generation += 1;
        self.changed.notify_all();
    }

    /// Every file served now, path to bytes as built (without what is
    /// added on the way out), or the build error.
    pub fn served(&self) -> Result<BTreeMap<String, Vec<u8>>, String> {
        let s = self.snapshot();
        if let Some(e) = s.error {
            return Err(e);
        }
        let mut files = (*s.files).clone();
        files.extend(s.quick.iter().map(|(k, v)| (k.clone(), v.clone())));
        Ok(files)
    }

    fn snapshot(&self) -> Snapshot {
        let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        Snapshot {
            files: s.files.clone(),
            quick: s.quick.clone(),
            problems: s.problems.clone(),
            error: s.error.clone(),
            generation: s.generation,
        }
    }

    /// Waits until the generation differs from `seen`, or `timeout` passes.
    fn wait_change(&self, seen: u64, timeout: Duration) -> u64 {
        let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (s, _) = self
            .changed
            .wait_timeout_while(s, timeout, |s| s.generation == seen)
            .unwrap_or_else(|e| e.into_inner());
        s.generation
    }
}

/// Accepts connections until the listener fails, one thread each.
pub fn run(listener: TcpListener, server: Arc<Server>) {
    for stream in listener.incoming().flatten() {
        let server = server.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &server);
        });
    }
}

/// How long the files must stay quiet after a change before it is
/// handled: an editor's save is a burst of writes, renames and removals
/// made within microseconds of each other. A change seen again later, with
/// the same contents, is no change (see [`Rebuild::unchanged`]).
const SETTLE: Duration = Duration::from_millis(10);

/// What `serve` rebuilds the site with.
pub trait Rebuild: Send + Sync {
    /// Whether the files at `paths` hold what they held when last seen,
    /// so that an event repeated for one save starts no second rebuild.
    /// Records what they hold now.
    fn unchanged(&self, paths: &[PathBuf]) -> bool;
    /// The one page a change of `paths` affects first, rendered at once,
    /// when the change is simple enough; `None` when it is not.
    fn quick(&self, paths: &[PathBuf]) -> Option<Result<(String, Vec<u8>), String>>;
    /// The whole site, read afresh.
    fn full(&self) -> Result<Built, String>;
}

/// Whether an event can change what a build reads: a file created,
/// written, renamed or removed. Opening, reading and closing a file (which
/// the build itself does to every file it reads) and metadata changes
/// (access times) are not changes.
fn is_change(kind: &notify::EventKind) -> bool {
    use notify::event::{EventKind, ModifyKind};
    matches!(
        kind,
        EventKind::Create(_)
            | EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
            | EventKind::Any
    )
}

/// Whether a file name is an editor's scratch file rather than content:
/// Vim's swap files and write test (`.x.swp`, `4913`), backups (`x~`) and
/// Emacs's lock and auto-save files (`.#x`, `#x#`).
fn is_scratch(name: &str) -> bool {
    name == "4913"
        || name.ends_with('~')
        || name.starts_with(".#")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx"].iter().any(|e| name.ends_with(e))
}

/// What a build reads, relative to the repository root.
const READ: [&str; 4] = ["trainyard.toml", "releases", "policies", "templates"];

/// Whether a changed path is one the build may read: `trainyard.toml` or
/// under `releases/`, `policies/` or `templates/`, not under a hidden
/// folder or an ignored folder (the output), and not an editor's scratch
/// file. Other files of the repository (code, `.git`) are not read.
fn is_watched(root: &Path, ignore: &[PathBuf], path: &Path) -> bool {
    if ignore.iter().any(|i| path.starts_with(i)) {
        return false;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let read = rel
        .components()
        .next()
        .is_some_and(|c| READ.iter().any(|r| c.as_os_str() == *r));
    if !read {
        return false;
    }
    let hidden = rel.components().any(|c| {
        let s = c.as_os_str().to_string_lossy();
        s.starts_with('.') || s == "target"
    });
    let scratch = rel
        .file_name()
        .is_some_and(|n| is_scratch(&n.to_string_lossy()));
    !hidden && !scratch
}

/// Changes to the files a build reads, watched from the moment it is
/// started: start it before the first build, so that a save made while
/// that build runs is not lost.
pub struct Watch {
    // Kept alive: dropping it stops the events.
    _watcher: notify::RecommendedWatcher,
    rx: mpsc::Receiver<PathBuf>,
}

impl Watch {
    /// Watches `root`, leaving out `ignore` (the output folder) and what
    /// the build does not read.
    pub fn start(root: &Path, ignore: Vec<PathBuf>) -> Result<Watch, String> {
        use notify::{RecursiveMode, Watcher};
        let (tx, rx) = mpsc::channel();
        let root = root.to_path_buf();
        let watched = root.clone();
        let mut watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
            let Ok(ev) = ev else { return };
            if is_change(&ev.kind) {
                for p in ev
                    .paths
                    .into_iter()
                    .filter(|p| is_watched(&root, &ignore, p))
                {
                    let _ = tx.send(p);
                }
            }
        })
        .map_err(|e| format!("cannot watch files: {e}"))?;
        watcher
            .watch(&watched, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch {}: {e}", watched.display()))?;
        Ok(Watch {
            _watcher: watcher,
            rx,
        })
    }

    /// Handles each burst of changes as soon as it is over: the quick
    /// page at once, then the whole site on a background thread, which
    /// rebuilds once for all the changes that arrived while it worked.
    /// Hands each result to `server`, until the watch ends.
    pub fn run(self, server: Arc<Server>, engine: Arc<dyn Rebuild>) -> Result<(), String> {
        let pending = Arc::new((Mutex::new(false), Condvar::new()));
        {
            let (server, engine, pending) = (server.clone(), engine.clone(), pending.clone());
            // Whole builds get threads of their own: a quick page renders
            // on the shared ones at once instead of queueing behind them.
            let pool = rayon::ThreadPoolBuilder::new().build().ok();
            std::thread::spawn(move || loop {
                {
                    let (lock, wake) = &*pending;
                    let mut due = lock.lock().unwrap_or_else(|e| e.into_inner());
                    while !*due {
                        due = wake.wait(due).unwrap_or_else(|e| e.into_inner());
                    }
                    *due = false;
                }
                let (started, since) = (Instant::now(), server.stamp());
                let result = match &pool {
                    Some(pool) => pool.install(|| engine.full()),
                    None => engine.full(),
                };
                match &result {
                    Ok(b) => eprintln!(
                        "rebuilt {} files in {} ms",
                        b.files.len(),
                        started.elapsed().as_millis()
                    ),
                    Err(e) => eprintln!("build failed: {e}"),
                }
                server.update_since(result, since);
            });
        }
        while let Ok(first) = self.rx.recv() {
            let mut paths = BTreeSet::from([first]);
            while let Ok(p) = self.rx.recv_timeout(SETTLE) {
                paths.insert(p);
            }
            let paths: Vec<PathBuf> = paths.into_iter().collect();
            if engine.unchanged(&paths) {
                continue;
            }
            let started = Instant::now();
            match engine.quick(&paths) {
                Some(Ok((path, bytes))) => {
                    server.put_page(path.clone(), bytes);
                    eprintln!("updated {path} in {} ms", started.elapsed().as_millis());
                }
                Some(Err(e)) => eprintln!("quick update failed: {e}"),
                None => {}
            }
            let (lock, wake) = &*pending;
            *lock.lock().unwrap_or_else(|e| e.into_inner()) = true;
            wake.notify_one();
        }
        Ok(())
    }
}

fn handle(mut stream: TcpStream, server: &Server) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?.take(16 * 1024));
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Skip the headers.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            405,
            "text/plain; charset=utf-8",
            b"method not allowed\n",
            method == "HEAD",
        );
    }
    let head = method == "HEAD";
    let path = target.split(['?', '#']).next().unwrap_or("/");
    if path == EVENTS {
        return events(stream, server);
    }
    let Snapshot {
        files,
        quick,
        problems,
        error,
        generation,
    } = server.snapshot();
    let Some(decoded) = percent_decode(path) else {
        return respond(
            &mut stream,
            400,
            "text/plain; charset=utf-8",
            b"bad request\n",
            head,
        );
    };
    if let Some(err) = error {
        let page = error_page(&err, generation);
        return respond(
            &mut stream,
            500,
            "text/html; charset=utf-8",
            page.as_bytes(),
            head,
        );
    }
    let rel = decoded.trim_start_matches('/');
    if rel.split('/').any(|s| s == "..") {
        return respond(
            &mut stream,
            400,
            "text/plain; charset=utf-8",
            b"bad request\n",
            head,
        );
    }
    let key = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if let Some(body) = quick.get(&key).or_else(|| files.get(&key)) {
        let kind = content_type(&key);
        if kind.starts_with("text/html") {
            let page = inject(body, &problems, generation);
            return respond(&mut stream, 200, kind, &page, head);
        }
        return respond(&mut stream, 200, kind, body, head);
    }
    if files.contains_key(&format!("{key}/index.html")) {
        let location = format!("{path}/");
        let msg = format!(
            "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        return stream.write_all(msg.as_bytes());
    }
    let body = files
        .get("404.html")
        .map(|b| inject(b, &problems, generation))
        .unwrap_or_else(|| b"not found\n".to_vec());
    respond(&mut stream, 404, "text/html; charset=utf-8", &body, head)
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    kind: &str,
    body: &[u8],
    head: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Internal Server Error",
    };
    let header = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The event stream: the current generation at once, then each new one;
/// a comment every 15 seconds keeps the connection open.
fn events(mut stream: TcpStream, server: &Server) -> std::io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n",
    )?;
    let mut seen = server.snapshot().generation;
    stream.write_all(format!("data: {seen}\n\n").as_bytes())?;
    loop {
        let now = server.wait_change(seen, Duration::from_secs(15));
        if now == seen {
            stream.write_all(b": ping\n\n")?;
        } else {
            seen = now;
            stream.write_all(format!("data: {seen}\n\n").as_bytes())?;
        }
        stream.flush()?;
    }
}

/// The reload script and, when files are broken, a banner naming them.
fn inject(body: &[u8], problems: &[String], generation: u64) -> Vec<u8> {
    let mut extra = String::new();
    if !problems.is_empty() {
        extra.push_str(
            "<div role=\"alert\" style=\"position:sticky;bottom:0;background:#7a1010;color:#fff;padding:.75rem 1rem;font:14px/1.4 system-ui,sans-serif;z-index:10\">\
             <strong>Some files could not be read; their releases are missing from this preview:</strong><ul style=\"margin:.25rem 0 0\">",
        );
        for p in problems.iter().take(20) {
            extra.push_str("<li>");
            extra.push_str(&escape(p));
            extra.push_str("</li>");
        }
        extra.push_str("</ul></div>");
    }
    extra.push_str(&reload_script(generation));
    let text = String::from_utf8_lossy(body);
    let page = match text.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &text[..i], &text[i..]),
        None => format!("{text}{extra}"),
    };
    page.into_bytes()
}

fn reload_script(generation: u64) -> String {
    format!(
        "<script>(function(){{var g=\"{generation}\";var s=new EventSource(\"{EVENTS}\");\
         s.onmessage=function(e){{if(e.data!==g){{location.reload();}}}};}})();</script>"
    )
}

fn error_page(err: &str, generation: u64) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>\
         <body style=\"font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem\">\
         <main><h1>The site could not be built</h1><p>Fix the problem below and save: this page reloads by itself.</p>\
         <pre style=\"white-space:pre-wrap;background:#f4f4f4;color:#222;padding:1rem;border-left:4px solid #b00\">{}</pre></main>{}</body></html>",
        escape(err),
        reload_script(generation)
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("");
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/atom+xml",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_scratch_files_are_not_changes() {
        use notify::event::{AccessKind, DataChange, EventKind, ModifyKind, RemoveKind};
        assert!(!is_change(&EventKind::Access(AccessKind::Any)));
        assert!(!is_change(&EventKind::Modify(ModifyKind::Metadata(
            notify::event::MetadataKind::AccessTime
        ))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Data(
            DataChange::Content
        ))));
        assert!(is_change(&EventKind::Remove(RemoveKind::File)));
        let root = Path::new("/r");
        let ignore = [root.join("public")];
        for skipped in [
            "/r/.git/index",
            "/r/src/main.rs",
            "/r/notes.txt",
            "/elsewhere/releases/A/release.toml",
            "/r/public/index.html",
            "/r/target/x",
            "/r/releases/A/.release.toml.swp",
            "/r/releases/A/4913",
            "/r/releases/A/release.toml~",
            "/r/releases/A/.#release.toml",
            "/r/releases/A/#release.toml#",
        ] {
            assert!(!is_watched(root, &ignore, Path::new(skipped)), "{skipped}");
        }
        assert!(is_watched(
            root,
            &ignore,
            Path::new("/r/releases/A/release.toml")
        ));
        assert!(is_watched(
            root,
            &ignore,
            Path::new("/r/policies/calendar.toml")
        ));
        assert!(is_watched(root, &ignore, Path::new("/r/trainyard.toml")));
        assert!(is_watched(
            root,
            &ignore,
            Path::new("/r/templates/base.html")
        ));
    }

    #[test]
    fn a_build_keeps_only_the_quick_pages_put_after_it_started() {
        let built = |text: &str| {
            Ok(Built {
                files: [("a", text), ("b", text)]
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
                    .collect(),
                problems: Vec::new(),
            })
        };
        let server = Server::new(built("old"));
        server.put_page("a".into(), b"quick a".to_vec());
        let since = server.stamp();
        server.put_page("b".into(), b"quick b".to_vec());
        let served = server.served().unwrap();
        assert_eq!(
            (&served["a"][..], &served["b"][..]),
            (&b"quick a"[..], &b"quick b"[..])
        );
        // The build read `a` after its save, but maybe not `b`.
        server.update_since(built("new"), since);
        let served = server.served().unwrap();
        assert_eq!(
            (&served["a"][..], &served["b"][..]),
            (&b"new"[..], &b"quick b"[..])
        );
        server.update(built("newer"));
        let served = server.served().unwrap();
        assert_eq!(
            (&served["a"][..], &served["b"][..]),
            (&b"newer"[..], &b"newer"[..])
        );
    }

    #[test]
    fn paths_decode_and_types_follow_extensions() {
        assert_eq!(percent_decode("/a%20b/").as_deref(), Some("/a b/"));
        assert_eq!(percent_decode("/%zz"), None);
        assert_eq!(content_type("feed.xml"), "application/atom+xml");
        assert_eq!(content_type("x/index.html"), "text/html; charset=utf-8");
    }

    #[test]
    fn injection_goes_before_the_body_end_and_escapes_problems() {
        let out = inject(
            b"<html><body><p>x</p></body></html>",
            &["<b>bad</b>".to_string()],
            3,
        );
        let s = String::from_utf8(out).unwrap();
        assert!(s.ends_with("</body></html>"));
        assert!(s.contains("&lt;b&gt;bad"));
        assert!(s.contains("var g=\"3\""));
    }
}

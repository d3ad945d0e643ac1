//! The HTTP side of `serve`: one thread per request (event streams keep
//! theirs), files from the destination with their content types, the
//! live-reload script injected into HTML, `404.html` for misses.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::livereload::{self, Hub};
use super::mime;
use super::overlay;
use super::resolve::{self, Resolved};

/// What the request handlers share with the build loop.
pub struct Shared {
    pub hub: Hub,
    pub livereload: bool,
    /// `--show-dir-listing`: folders are shown as listings.
    pub listings: bool,
    pub mount: RwLock<Mount>,
    /// Outputs a rebuild in progress may still change: requests for them wait.
    pub gate: Gate,
}

/// Holds back requests for outputs a rebuild has not finished (after it
/// announced the pages browsers show), so nothing stale is ever served.
#[derive(Default)]
pub struct Gate {
    pending: Mutex<Option<HashSet<String>>>,
    done: Condvar,
}

/// Longest a request waits for a rebuild.
const GATE_WAIT: Duration = Duration::from_secs(30);

impl Gate {
    /// Close the gate on `pending` (destinations with a leading `/`).
    pub fn hold(&self, pending: HashSet<String>) {
        if let Ok(mut p) = self.pending.lock() {
            *p = Some(pending);
        }
    }

    /// Open it: the rebuild ended.
    pub fn release(&self) {
        if let Ok(mut p) = self.pending.lock() {
            *p = None;
        }
        self.done.notify_all();
    }

    /// Wait while `dest` is pending (or, with `dest` `None`, while anything is).
    pub fn wait(&self, dest: Option<&str>) {
        let Ok(mut p) = self.pending.lock() else {
            return;
        };
        let deadline = std::time::Instant::now() + GATE_WAIT;
        loop {
            let held = match (&*p, dest) {
                (None, _) => false,
                (Some(_), None) => true,
                (Some(set), Some(d)) => set.contains(d),
            };
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if !held || left.is_zero() {
                return;
            }
            p = match self.done.wait_timeout(p, left) {
                Ok((g, _)) => g,
                Err(_) => return,
            };
        }
    }
}

/// Where the site is served from (changes when `_config.yml` does).
#[derive(Debug, Clone)]
pub struct Mount {
    pub root: PathBuf,
    pub baseurl: String,
}

/// Accept requests until the server stops, each on its own thread.
pub fn serve(server: Arc<tiny_http::Server>, shared: Arc<Shared>) {
    for request in server.incoming_requests() {
        let shared = shared.clone();
        let spawned = std::thread::Builder::new()
            .name("hyde-http".into())
            .spawn(move || handle(request, &shared));
        if let Err(e) = spawned {
            eprintln!("hyde serve: could not start a request thread: {e}");
        }
    }
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn respond(
    request: Request,
    status: u16,
    content_type: &str,
    body: Vec<u8>,
    extra: &[(&str, &str)],
) {
    let mut r = Response::from_data(body).with_status_code(StatusCode(status));
    let mut headers = vec![
        ("Content-Type", content_type),
        (
            "Cache-Control",
            "private, max-age=0, proxy-revalidate, no-store, no-cache, must-revalidate",
        ),
    ];
    headers.extend_from_slice(extra);
    for (k, v) in headers {
        if let Some(h) = header(k, v) {
            r.add_header(h);
        }
    }
    let _ = request.respond(r);
}

/// Answer one request.
pub fn handle(request: Request, shared: &Shared) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        respond(
            request,
            405,
            "text/plain; charset=utf-8",
            b"Method Not Allowed\n".to_vec(),
            &[("Allow", "GET, HEAD")],
        );
        return;
    }
    let target = request.url().to_string();
    let (path, _) = resolve::split_target(&target);
    if shared.livereload && path == livereload::EVENTS_PATH {
        shared.hub.stream(request);
        return;
    }
    if shared.livereload && path == livereload::SCRIPT_PATH {
        respond(
            request,
            200,
            "application/javascript; charset=utf-8",
            livereload::SCRIPT.as_bytes().to_vec(),
            &[],
        );
        return;
    }
    let mount = match shared.mount.read() {
        Ok(m) => m.clone(),
        Err(_) => return,
    };
    let base = resolve::normalize_baseurl(&mount.baseurl);
    let resolve = || resolve::resolve_with(&mount.root, &base, &target, shared.listings);
    let mut resolved = resolve();
    match &resolved {
        Resolved::File(p) => {
            let dest = mount
                .root
                .canonicalize()
                .ok()
                .and_then(|root| p.strip_prefix(root).ok().map(|r| r.to_path_buf()))
                .map(|r| format!("/{}", r.to_string_lossy().replace('\\', "/")));
            if let Some(d) = dest {
                shared.gate.wait(Some(&d));
            }
        }
        // it may be a page the rebuild in progress adds
        _ => {
            shared.gate.wait(None);
            resolved = resolve();
        }
    }
    match resolved {
        Resolved::Redirect(to) => respond(
            request,
            301,
            "text/plain; charset=utf-8",
            format!("Moved to {to}\n").into_bytes(),
            &[("Location", &to)],
        ),
        Resolved::File(p) => match std::fs::read(&p) {
            Ok(bytes) => {
                let ct = mime::content_type(&p);
                let body = finish(shared, &base, ct, bytes, false);
                respond(request, 200, ct, body, &[]);
            }
            Err(_) => not_found(request, shared, &mount, &base, path),
        },
        Resolved::Listing(dir) => {
            let ct = "text/html; charset=utf-8";
            let body = finish(
                shared,
                &base,
                ct,
                overlay::listing_page(&dir, path, path.trim_end_matches('/') == base),
                false,
            );
            respond(request, 200, ct, body, &[]);
        }
        Resolved::NotFound => not_found(request, shared, &mount, &base, path),
    }
}

/// Add the live-reload tag to HTML.
fn finish(
    shared: &Shared,
    base: &str,
    content_type: &str,
    bytes: Vec<u8>,
    missing: bool,
) -> Vec<u8> {
    if shared.livereload && mime::is_html(content_type) {
        livereload::inject(&bytes, &livereload::script_tag(base, missing))
    } else {
        bytes
    }
}

/// The site's `404.html` (or a plain page) with status 404.
fn not_found(request: Request, shared: &Shared, mount: &Mount, base: &str, path: &str) {
    let page = match mount.root.canonicalize() {
        Ok(root) => {
            let p = root.join("404.html");
            match p.canonicalize() {
                Ok(real) if real.starts_with(&root) => std::fs::read(real).ok(),
                _ => None,
            }
        }
        Err(_) => None,
    };
    let bytes = page.unwrap_or_else(|| overlay::not_found_page(path).into_bytes());
    let ct = "text/html; charset=utf-8";
    let body = finish(shared, base, ct, bytes, true);
    respond(request, 404, ct, body, &[]);
}

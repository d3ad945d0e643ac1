//! Live reload in a real browser: headless Chromium driven through
//! chromedriver's WebDriver HTTP API. It loads a page served by `hyde serve`,
//! then (without any reload from the test) sees an edited Markdown page's new
//! text, a Sass change applied by swapping the stylesheet (no reload), the
//! error overlay for broken front matter, and the page again after the fix.
//! Skips with a message when chromium or chromedriver is not installed.

mod serve_support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use serve_support::{copy_dir, request, Serve, TempDir};

const BIN: &str = env!("CARGO_BIN_EXE_hyde");

fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

struct Driver {
    child: Child,
    addr: String,
    session: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = request(
                &self.addr,
                "DELETE",
                &format!("/session/{}", self.session),
                None,
            );
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn start(driver: &Path, chromium: &Path) -> Driver {
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let mut d = Driver {
            child,
            addr: format!("127.0.0.1:{port}"),
            session: String::new(),
        };
        let t = Instant::now();
        while request(&d.addr, "GET", "/status", None).is_none() {
            assert!(
                t.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.to_string_lossy(),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--no-first-run"]
            }
        }}});
        let v = d.call("POST", "/session", Some(caps));
        d.session = v["sessionId"].as_str().expect("session id").to_string();
        d
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string());
        let r = request(&self.addr, method, path, body.as_deref()).expect("webdriver call");
        let v: Value = serde_json::from_slice(&r.body).expect("webdriver JSON");
        assert!(r.status < 300, "webdriver {method} {path}: {v}");
        v["value"].clone()
    }

    fn goto(&self, url: &str) {
        self.call(
            "POST",
            &format!("/session/{}/url", self.session),
            Some(json!({ "url": url })),
        );
    }

    fn js(&self, script: &str) -> Value {
        self.call(
            "POST",
            &format!("/session/{}/execute/sync", self.session),
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Poll `script` until `ok` holds for its result (60 s at most).
    fn wait_for(&self, what: &str, script: &str, ok: impl Fn(&Value) -> bool) -> Value {
        let t = Instant::now();
        loop {
            let v = self.js(script);
            if ok(&v) {
                return v;
            }
            assert!(
                t.elapsed() < Duration::from_secs(60),
                "browser never showed {what}; last: {v}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

#[test]
fn browser_live_reload_and_overlay() {
    let (Some(chromium), Some(driver)) = (
        which(&["chromium", "chromium-browser", "google-chrome"]),
        which(&["chromedriver"]),
    ) else {
        eprintln!(
            "skipped: chromium and chromedriver are not installed \
             (apt-get install -y chromium chromium-driver)"
        );
        return;
    };
    let tmp = TempDir::new("serve-browser");
    let src = tmp.path().join("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site"),
        &src,
    );
    let serve = Serve::start(
        BIN,
        &["-s", src.to_str().expect("utf-8 path")],
        &[("HYDE_SERVE_DEBOUNCE_MS", "100")],
    );
    let d = Driver::start(&driver, &chromium);
    d.goto(&format!("http://{}/about/", serve.addr));
    let text = "return document.body ? document.body.innerText : ''";
    d.wait_for("the page", text, |v| {
        v.as_str().unwrap_or("").contains("version 1")
    });
    // wait until the page's event stream is open before editing
    d.wait_for(
        "the event stream",
        "return !!(window.__hydeLiveReload && window.__hydeLiveReload.connected)",
        |v| v.as_bool() == Some(true),
    );
    std::thread::sleep(Duration::from_millis(300));

    // a Sass change is applied without a reload
    d.js("window.__hydeMarker = 42; return null");
    let about = src.join("about.md");
    let vars = src.join("_sass/_vars.scss");
    std::fs::write(&vars, "$accent: #00ff00;\n").expect("write");
    d.wait_for(
        "the new stylesheet",
        "return getComputedStyle(document.body).color",
        |v| v.as_str() == Some("rgb(0, 255, 0)"),
    );
    assert_eq!(
        d.js("return window.__hydeMarker || null"),
        json!(42),
        "a CSS-only change must not reload the page"
    );

    // an edited Markdown page shows its new text
    let good = std::fs::read_to_string(&about).expect("read");
    std::fs::write(&about, good.replace("version 1", "version 2")).expect("write");
    d.wait_for("the edited text", text, |v| {
        v.as_str().unwrap_or("").contains("version 2")
    });

    // broken front matter: the overlay, over the last good page
    let good = std::fs::read_to_string(&about).expect("read");
    std::fs::write(&about, good.replace("title: About", "title: [unclosed")).expect("write");
    let overlay =
        "var o = document.getElementById('hyde-error-overlay'); return o ? o.textContent : ''";
    let shown = d.wait_for("the error overlay", overlay, |v| {
        v.as_str().unwrap_or("").contains("about.md")
    });
    assert!(
        shown.as_str().unwrap_or("").contains("YAML"),
        "overlay: {shown}"
    );

    // the fix: the overlay goes, the page is back
    std::fs::write(&about, good.replace("version 2", "version 3")).expect("write");
    d.wait_for("the fixed page", text, |v| {
        v.as_str().unwrap_or("").contains("version 3")
    });
    assert_eq!(d.js(overlay), json!(""));
}

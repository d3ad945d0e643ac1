//! End-to-end test of `hyde serve`: the real binary on a temporary copy of
//! `tests/fixtures/serve-site`, on a free port. Each edit (page, layout,
//! include, data, Sass partial, static file, `_config.yml`, deletion, rename,
//! editor-style atomic save, a front-matter error and its fix) must produce
//! one event on `/__hyde/events`, and afterwards every served file must equal
//! a fresh `hyde build` of the same files.

mod serve_support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serve_support::{copy_dir, get, list_files, save_atomically, Events, Serve, TempDir};

const BIN: &str = env!("CARGO_BIN_EXE_hyde");
/// A longer debounce than the default 15 ms, so that a loaded CI machine
/// pausing the test between the temp write and the rename still gives one batch.
const ENV: &[(&str, &str)] = &[
    ("SOURCE_DATE_EPOCH", "1767225600"),
    ("TZ", "UTC"),
    ("HYDE_SERVE_DEBOUNCE_MS", "150"),
];

struct Ctx {
    tmp: TempDir,
    src: PathBuf,
    serve: Serve,
    events: Events,
}

impl Ctx {
    fn path(&self, rel: &str) -> PathBuf {
        self.src.join(rel)
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let p = self.path(rel);
        let text = std::fs::read_to_string(&p).expect("read");
        assert!(text.contains(from), "{rel} lacks {from:?}");
        std::fs::write(&p, text.replace(from, to)).expect("write");
    }

    /// The next build event, checked to be of `kind`.
    fn expect_event(&self, kind: &str, step: &str) -> serde_json::Value {
        let ev = self.events.next(120);
        assert_eq!(ev.event, kind, "{step}: event {ev:?}");
        serde_json::from_str(&ev.data).expect("event data is JSON")
    }

    /// No event within `ms`.
    fn expect_quiet(&self, ms: u64, step: &str) {
        if let Ok(ev) = self.events.rx.recv_timeout(Duration::from_millis(ms)) {
            panic!("{step}: unexpected event {ev:?}");
        }
    }

    /// A fresh `hyde build` of the current files, with the url serve uses.
    fn fresh_build(&self) -> PathBuf {
        let out = self.tmp.path().join("fresh");
        let _ = std::fs::remove_dir_all(&out);
        let extra = self.tmp.path().join("url.yml");
        std::fs::write(
            &extra,
            format!("url: http://localhost:{}\n", self.serve.port),
        )
        .expect("write url.yml");
        let configs = format!("{},{}", self.path("_config.yml").display(), extra.display());
        let status = Command::new(BIN)
            .args(["build", "-q", "-s"])
            .arg(&self.src)
            .arg("-d")
            .arg(&out)
            .arg("--config")
            .arg(configs)
            .envs(ENV.iter().copied())
            .status()
            .expect("run hyde build");
        assert!(status.success(), "fresh hyde build failed");
        out
    }

    /// Every file of a fresh build is served with the same bytes (minus the
    /// live-reload tag), and the served folder holds nothing else.
    fn assert_matches_fresh_build(&self, step: &str) {
        let fresh = self.fresh_build();
        let expected = list_files(&fresh);
        assert!(!expected.is_empty());
        assert_eq!(
            list_files(&self.path("_site")),
            expected,
            "{step}: file set"
        );
        let tag = hyde::serve::livereload::script_tag("", false);
        for f in &expected {
            let r = get(&self.serve.addr, &format!("/{f}"));
            assert_eq!(r.status, 200, "{step}: GET /{f}");
            let want = std::fs::read(fresh.join(f)).expect("read fresh");
            let mut body = r.body;
            if f.ends_with(".html") {
                let s = String::from_utf8(body).expect("utf-8 html");
                assert_eq!(
                    s.matches(&tag).count(),
                    1,
                    "{step}: /{f} has one script tag"
                );
                body = s.replacen(&tag, "", 1).into_bytes();
            }
            assert!(
                body == want,
                "{step}: /{f} differs from a fresh build:\n--- served\n{}\n--- fresh\n{}",
                String::from_utf8_lossy(&body),
                String::from_utf8_lossy(&want)
            );
        }
    }

    fn body(&self, target: &str) -> String {
        String::from_utf8_lossy(&get(&self.serve.addr, target).body).into_owned()
    }
}

fn changed(data: &serde_json::Value) -> Vec<String> {
    data["changed"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn start() -> Ctx {
    let tmp = TempDir::new("serve-e2e");
    let src = tmp.path().join("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site"),
        &src,
    );
    let serve = Serve::start(BIN, &["-s", src.to_str().expect("utf-8 path")], ENV);
    let events = Events::connect(&serve.addr);
    let hello = events.hello(30);
    assert_eq!(hello.event, "hello");
    Ctx {
        tmp,
        src,
        serve,
        events,
    }
}

#[test]
fn serve_end_to_end() {
    let c = start();
    c.assert_matches_fresh_build("initial build");

    // HTTP behaviour
    let r = get(&c.serve.addr, "/about");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/about/"));
    let r = get(&c.serve.addr, "/about/");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    let r = get(&c.serve.addr, "/assets/css/main.css");
    assert_eq!(r.header("content-type"), Some("text/css; charset=utf-8"));
    let r = get(&c.serve.addr, "/feed.xml");
    assert_eq!(r.header("content-type"), Some("application/xml"));
    let r = get(&c.serve.addr, "/__hyde/livereload.js");
    assert_eq!(
        r.header("content-type"),
        Some("application/javascript; charset=utf-8")
    );
    assert!(String::from_utf8_lossy(&r.body).contains("/__hyde/events"));
    std::fs::write(c.tmp.path().join("secret.txt"), "secret").expect("write secret");
    for t in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/about%2f..%2f..%2f..%2fsecret.txt",
        "/..%5c..%5csecret.txt",
        "/../_config.yml",
        "/%2e%2e/_config.yml",
    ] {
        let r = get(&c.serve.addr, t);
        assert_eq!(r.status, 404, "{t}");
        assert!(!String::from_utf8_lossy(&r.body).contains("secret"), "{t}");
    }
    let r = get(&c.serve.addr, "/no/such/page");
    assert_eq!(r.status, 404);
    let missing = String::from_utf8_lossy(&r.body).into_owned();
    assert!(missing.contains("Nothing here."), "404.html is served");
    assert!(missing.contains(&hyde::serve::livereload::script_tag("", true)));
    assert!(
        c.body("/").contains("href=\"http://localhost:"),
        "site.url is the local address in development"
    );

    // several browsers at once
    let others: Vec<Events> = (0..3).map(|_| Events::connect(&c.serve.addr)).collect();
    for o in &others {
        o.hello(30);
    }

    // 1. a page
    c.edit("about.md", "version 1", "version 2");
    let d = c.expect_event("reload", "page");
    assert!(
        changed(&d).contains(&"/about/index.html".to_string()),
        "{d}"
    );
    assert!(!changed(&d).contains(&"/index.html".to_string()), "{d}");
    for o in &others {
        assert_eq!(o.next(60).event, "reload", "every client hears it");
    }
    let readers: Vec<_> = (0..8)
        .map(|_| {
            let addr = c.serve.addr.clone();
            std::thread::spawn(move || get(&addr, "/about/").body)
        })
        .collect();
    for r in readers {
        let body = r.join().expect("reader thread");
        assert!(String::from_utf8_lossy(&body).contains("version 2"));
    }
    drop(others);
    c.assert_matches_fresh_build("page edit");

    // 2. a layout
    c.edit("_layouts/default.html", "Layout v1", "Layout v2");
    let d = c.expect_event("reload", "layout");
    assert!(changed(&d).contains(&"/index.html".to_string()), "{d}");
    c.assert_matches_fresh_build("layout edit");

    // 3. an include
    c.edit("_includes/nav.html", "<nav>", "<nav class=\"top\">");
    c.expect_event("reload", "include");
    assert!(c.body("/").contains("<nav class=\"top\">"));
    c.assert_matches_fresh_build("include edit");

    // 4. a data file
    c.edit(
        "_data/nav.yml",
        "- title: About",
        "- title: Papers\n  url: /publication/\n- title: About",
    );
    c.expect_event("reload", "data");
    assert!(c.body("/about/").contains("Papers"));
    c.assert_matches_fresh_build("data edit");

    // 5. a Sass partial: CSS only, swapped without a reload
    c.edit("_sass/_vars.scss", "#336699", "#993366");
    let d = c.expect_event("css", "sass");
    assert_eq!(changed(&d), vec!["/assets/css/main.css".to_string()]);
    assert!(c.body("/assets/css/main.css").contains("#993366"));
    c.assert_matches_fresh_build("sass edit");

    // 6. a static file
    c.edit("assets/files/note.txt", "version 1", "version 2");
    let d = c.expect_event("reload", "static");
    assert_eq!(changed(&d), vec!["/assets/files/note.txt".to_string()]);
    c.assert_matches_fresh_build("static edit");

    // 7. _config.yml
    c.edit(
        "_config.yml",
        "title: Serve Fixture",
        "title: Served Fixture",
    );
    c.expect_event("reload", "config");
    assert!(c.body("/").contains("Home | Served Fixture"));
    c.assert_matches_fresh_build("config edit");

    // 8. delete a page
    std::fs::remove_file(c.path("_publications/2024-03-01-paper-two.md")).expect("rm");
    let d = c.expect_event("reload", "delete");
    assert!(
        changed(&d).contains(&"/publication/2024-03-01-paper-two/index.html".to_string()),
        "{d}"
    );
    assert_eq!(
        get(&c.serve.addr, "/publication/2024-03-01-paper-two/").status,
        404
    );
    c.assert_matches_fresh_build("delete");

    // 9. rename one
    std::fs::rename(
        c.path("_publications/2024-01-01-paper-one.md"),
        c.path("_publications/2024-02-02-paper-renamed.md"),
    )
    .expect("rename");
    c.expect_event("reload", "rename");
    assert_eq!(
        get(&c.serve.addr, "/publication/2024-01-01-paper-one/").status,
        404
    );
    assert_eq!(
        get(&c.serve.addr, "/publication/2024-02-02-paper-renamed/").status,
        200
    );
    c.assert_matches_fresh_build("rename");

    // 10. an editor's save (temp file + rename) is one rebuild; excluded and
    // hidden files are not watched
    let text = std::fs::read_to_string(c.path("about.md")).expect("read");
    save_atomically(&c.path("about.md"), &text.replace("version 2", "version 3"));
    c.expect_event("reload", "atomic save");
    c.expect_quiet(1500, "atomic save gives one rebuild");
    std::fs::write(c.path("notes/todo.md"), "still excluded").expect("write");
    std::fs::write(c.path(".hidden.md"), "hidden").expect("write");
    c.expect_quiet(1500, "excluded and hidden files");
    std::fs::remove_file(c.path(".hidden.md")).expect("rm");
    c.expect_quiet(500, "hidden file removed");
    c.assert_matches_fresh_build("atomic save");

    // 11. a front-matter error: overlay event, last good output kept
    let good_about = c.body("/about/");
    let good = std::fs::read_to_string(c.path("about.md")).expect("read");
    std::fs::write(
        c.path("about.md"),
        good.replace("title: About", "title: [unclosed"),
    )
    .expect("write");
    let d = c.expect_event("builderror", "broken front matter");
    let msg = d["message"].as_str().unwrap_or_default().to_string();
    assert!(msg.contains("about.md:"), "error names file:line: {msg}");
    assert!(
        !msg.contains(c.src.to_str().unwrap_or("@")),
        "paths are relative: {msg}"
    );
    assert_eq!(
        c.body("/about/"),
        good_about,
        "the last good output is served"
    );
    let late = Events::connect(&c.serve.addr);
    let hello: serde_json::Value = serde_json::from_str(&late.hello(30).data).expect("hello JSON");
    assert!(
        hello["error"]
            .as_str()
            .unwrap_or_default()
            .contains("about.md:"),
        "a browser arriving later sees the error: {hello}"
    );

    // a Sass edit meanwhile does not hide the error
    c.edit("_sass/_vars.scss", "#993366", "#669933");
    let d = c.expect_event("builderror", "Sass edit while broken");
    assert!(d["message"]
        .as_str()
        .unwrap_or_default()
        .contains("about.md:"));

    // 12. the fix clears it
    std::fs::write(c.path("about.md"), good).expect("write");
    // only the stylesheet differs from the last good output: a CSS event
    // (a page showing the overlay reloads on any event)
    let d = c.expect_event("css", "fixed front matter");
    assert_eq!(changed(&d), vec!["/assets/css/main.css".to_string()]);
    let hello: serde_json::Value =
        serde_json::from_str(&Events::connect(&c.serve.addr).hello(30).data).expect("hello JSON");
    assert!(hello["error"].is_null(), "{hello}");
    c.assert_matches_fresh_build("fixed");
}

#[test]
fn serve_honours_baseurl_and_no_livereload() {
    let tmp = TempDir::new("serve-base");
    let src = tmp.path().join("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site"),
        &src,
    );
    let serve = Serve::start(
        BIN,
        &[
            "-s",
            src.to_str().expect("utf-8 path"),
            "--baseurl",
            "/sub",
            "--no-livereload",
            "--no-watch",
        ],
        ENV,
    );
    let r = get(&serve.addr, "/sub/about/");
    assert_eq!(r.status, 200);
    let body = String::from_utf8_lossy(&r.body).into_owned();
    assert!(body.contains("href=\"/sub/assets/css/main.css\""), "{body}");
    assert!(!body.contains("__hyde"), "no script without live reload");
    assert_eq!(get(&serve.addr, "/about/").status, 404);
    let r = get(&serve.addr, "/sub");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/sub/"));
    assert_eq!(get(&serve.addr, "/__hyde/events").status, 404);
    assert_eq!(get(&serve.addr, "/sub/../sub/about/").status, 404);
}

/// A panic in hyde while rendering (forced with `HYDE_INTERNAL_PANIC_IN`)
/// does not take the server down: it keeps serving the last good build,
/// reports the error, and rebuilds the next change.
#[test]
fn serve_survives_a_panic() {
    let tmp = TempDir::new("serve-panic");
    let src = tmp.path().join("site");
    std::fs::create_dir_all(&src).expect("mkdir");
    std::fs::write(src.join("_config.yml"), "title: panic\n").expect("config");
    std::fs::write(src.join("index.md"), "---\n---\nfirst\n").expect("index");
    let mut env = ENV.to_vec();
    env.push(("HYDE_INTERNAL_PANIC_IN", "other.md"));
    let mut serve = Serve::start(BIN, &["-s", src.to_str().expect("utf-8 path")], &env);
    let events = Events::connect(&serve.addr);
    assert_eq!(events.hello(30).event, "hello");
    let body = |serve: &Serve| String::from_utf8_lossy(&get(&serve.addr, "/").body).to_string();
    assert!(body(&serve).contains("first"));
    // the page whose rendering panics
    save_atomically(&src.join("other.md"), "---\n---\nother\n");
    let failed = events.next(30);
    assert!(
        failed
            .data
            .contains("Internal error while processing other.md"),
        "the error is reported to the browser: {} {}",
        failed.event,
        failed.data
    );
    let r = get(&serve.addr, "/");
    assert_eq!(r.status, 200, "the last good build is still served");
    let shown = String::from_utf8_lossy(&r.body).to_string();
    assert!(shown.contains("first"), "{shown}");
    // without it, the next change builds
    std::fs::remove_file(src.join("other.md")).expect("rm");
    save_atomically(&src.join("index.md"), "---\n---\nsecond\n");
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while !body(&serve).contains("second") && std::time::Instant::now() < deadline {
        let _ = events.next(5);
    }
    assert!(body(&serve).contains("second"), "rebuilt after the panic");
    assert!(
        serve.child.try_wait().expect("wait").is_none(),
        "the server is still running"
    );
}

//! Jekyll's command-line options, as `hyde build` and `hyde serve` take them:
//! the build options that are configuration keys (`--safe`, `--layouts`,
//! `-p`, `-I`, `--lsi`, `--strict_front_matter`, `--force_polling`) build what
//! Jekyll 4.3.1 builds with them (compared with `jekyll` itself when it is
//! installed); `build --watch` rebuilds after a save; and `serve`'s
//! `--show-dir-listing`, `--skip-initial-build`, `--livereload-ignore`,
//! `--detach` and the refused `--ssl-cert` behave as in Jekyll; `hyde clean`
//! removes what Jekyll's does, and never the site itself.

mod serve_support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serve_support::{copy_dir, get, list_files, Events, Serve, TempDir};

const BIN: &str = env!("CARGO_BIN_EXE_hyde");
const ENV: &[(&str, &str)] = &[
    ("SOURCE_DATE_EPOCH", "1767225600"),
    ("TZ", "UTC"),
    ("HYDE_SERVE_DEBOUNCE_MS", "150"),
];

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().expect("a parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// A small site whose output depends on `--layouts`, `--safe` and
/// `--strict_front_matter`: two layout folders, a plugin that safe mode
/// drops, a page whose front matter names an unknown filter.
fn flag_site(root: &Path) {
    write(
        root,
        "_config.yml",
        "title: Flags\nplugins:\n  - jekyll-feed\n  - jekyll-sitemap\nwhitelist:\n  - jekyll-sitemap\nurl: https://example.org\n",
    );
    write(
        root,
        "_layouts/default.html",
        "<main class=\"standard\">{{ content }}</main>\n",
    );
    write(
        root,
        "_alt/default.html",
        "<main class=\"alternative\">{{ content }}</main>\n",
    );
    write(
        root,
        "index.md",
        "---\nlayout: default\ntitle: Home\n---\n# {{ page.title }}\n\nHello.\n",
    );
    write(
        root,
        "_posts/2024-01-02-first.md",
        "---\nlayout: default\ntitle: First\n---\nA post, {{ site.related_posts | size }} related.\n",
    );
    write(
        root,
        "_posts/2024-02-03-second.md",
        "---\nlayout: default\ntitle: Second\n---\nAnother post.\n",
    );
}

/// Whether Jekyll 4.3.1 (`jekyll`) is here to compare with.
fn have_jekyll() -> bool {
    Command::new("jekyll")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn run(cmd: &mut Command) -> (bool, String) {
    let out = cmd.envs(ENV.iter().copied()).output().expect("run");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn files(root: &Path) -> Vec<(String, Vec<u8>)> {
    list_files(root)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(root.join(&f)).expect("read output");
            (f, bytes)
        })
        .collect()
}

#[test]
fn build_options_are_the_configuration_keys_jekyll_sets() {
    let tmp = TempDir::new("jekyll-flags");
    let src = tmp.path().join("site");
    flag_site(&src);
    let flags: &[&[&str]] = &[
        &[],
        &["--layouts", "_alt"],
        &["--safe"],
        &["--safe", "--layouts", "_alt", "-I", "--strict_front_matter"],
        &["-p", "_plugins,_more", "--force_polling", "--no-watch"],
    ];
    let have_jekyll = have_jekyll();
    if !have_jekyll {
        eprintln!(
            "jekyll is not installed: hyde's outputs are checked, not compared with Jekyll's"
        );
    }
    for (i, f) in flags.iter().enumerate() {
        let dest = tmp.path().join(format!("hyde-{i}"));
        let mut cmd = Command::new(BIN);
        cmd.args(["build", "--profile", "jekyll", "-q", "-s"])
            .arg(&src)
            .arg("-d")
            .arg(&dest)
            .args(*f);
        let (ok, log) = run(&mut cmd);
        assert!(ok, "hyde build {f:?} failed:\n{log}");
        let index = std::fs::read_to_string(dest.join("index.html")).expect("index");
        let alternative = f.contains(&"_alt");
        assert_eq!(index.contains("alternative"), alternative, "{f:?}: {index}");
        // safe mode runs only whitelisted plugins: the sitemap, not the feed
        let safe = f.contains(&"--safe");
        assert!(dest.join("sitemap.xml").is_file(), "{f:?}: sitemap");
        assert_eq!(dest.join("feed.xml").is_file(), !safe, "{f:?}: feed");
        if have_jekyll {
            let jdest = tmp.path().join(format!("jekyll-{i}"));
            let mut cmd = Command::new("jekyll");
            cmd.args(["build", "-q", "-s"])
                .arg(&src)
                .arg("-d")
                .arg(&jdest)
                .args(*f);
            let (ok, log) = run(&mut cmd);
            assert!(ok, "jekyll build {f:?} failed:\n{log}");
            let (mine, theirs) = (files(&dest), files(&jdest));
            let names = |v: &[(String, Vec<u8>)]| v.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
            assert_eq!(names(&mine), names(&theirs), "{f:?}: the files written");
            for ((name, a), (_, b)) in mine.iter().zip(&theirs) {
                // the feed's and sitemap's times are the build's clock
                if name == "feed.xml" || name == "sitemap.xml" {
                    continue;
                }
                assert!(
                    a == b,
                    "{f:?}: {name} differs from Jekyll's:\n--- hyde\n{}\n--- jekyll\n{}",
                    String::from_utf8_lossy(a),
                    String::from_utf8_lossy(b)
                );
            }
        }
    }

    // --lsi: Jekyll needs a gem hyde has no counterpart of; hyde says so
    let mut cmd = Command::new(BIN);
    cmd.args(["build", "--profile", "jekyll", "--lsi", "-s"])
        .arg(&src)
        .arg("-d")
        .arg(tmp.path().join("lsi"));
    let (ok, log) = run(&mut cmd);
    assert!(ok, "{log}");
    assert!(log.contains("no LSI index"), "{log}");
}

/// Wait until `cond` holds (panics after `secs`).
fn wait_for(secs: u64, what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(
            start.elapsed() < Duration::from_secs(secs),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn build_watch_rebuilds_after_a_save() {
    let tmp = TempDir::new("build-watch");
    let src = tmp.path().join("site");
    flag_site(&src);
    let dest = tmp.path().join("out");
    let mut child = Command::new(BIN)
        .args(["build", "--watch", "--profile", "jekyll", "-s"])
        .arg(&src)
        .arg("-d")
        .arg(&dest)
        .envs(ENV.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start hyde build --watch");
    let index = dest.join("index.html");
    let read = || std::fs::read_to_string(&index).unwrap_or_default();
    wait_for(60, "the first build", || read().contains("Hello."));
    // the watcher is set up right after the first build: save until it sees one
    let mut n = 0;
    wait_for(60, "a rebuild after saving index.md", || {
        n += 1;
        write(
            &src,
            "index.md",
            &format!("---\nlayout: default\ntitle: Home\n---\nSaved {n}.\n"),
        );
        std::thread::sleep(Duration::from_millis(300));
        read().contains(&format!("Saved {n}."))
    });
    assert!(
        child.try_wait().expect("status").is_none(),
        "still watching"
    );
    let _ = child.kill();
    let _ = child.wait();
}

fn fixture(tag: &str) -> (TempDir, std::path::PathBuf) {
    let tmp = TempDir::new(tag);
    let src = tmp.path().join("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site"),
        &src,
    );
    (tmp, src)
}

#[test]
fn serve_lists_folders_and_can_skip_the_first_build() {
    let (_tmp, src) = fixture("serve-listing");
    // what an earlier build left: served as it is until a change
    write(&src, "_site/index.html", "<p>left from before</p>\n");
    write(&src, "_site/notes/old.txt", "old\n");
    let s = src.to_str().expect("utf-8 path");
    let serve = Serve::start(
        BIN,
        &[
            "-s",
            s,
            "--show-dir-listing",
            "--skip-initial-build",
            "--no-livereload",
        ],
        ENV,
    );
    let top = String::from_utf8_lossy(&get(&serve.addr, "/").body).into_owned();
    assert!(top.contains("Index of /"), "{top}");
    assert!(
        top.contains("<a href=\"index.html\">index.html</a>"),
        "{top}"
    );
    assert!(top.contains("<a href=\"notes/\">notes/</a>"), "{top}");
    assert!(!top.contains("Parent Directory"), "{top}");
    let notes = String::from_utf8_lossy(&get(&serve.addr, "/notes/").body).into_owned();
    assert!(notes.contains("<a href=\"old.txt\">old.txt</a>"), "{notes}");
    assert!(
        notes.contains("<a href=\"../\">Parent Directory</a>"),
        "{notes}"
    );
    let page = String::from_utf8_lossy(&get(&serve.addr, "/index.html").body).into_owned();
    assert_eq!(page, "<p>left from before</p>\n", "no initial build");
}

#[test]
fn serve_does_not_reload_for_ignored_files() {
    let (_tmp, src) = fixture("serve-ignore");
    let s = src.to_str().expect("utf-8 path");
    let serve = Serve::start(BIN, &["-s", s, "--livereload-ignore", "_data/*,*.txt"], ENV);
    let events = Events::connect(&serve.addr);
    assert_eq!(events.hello(30).event, "hello");
    let about = std::fs::read_to_string(src.join("about.md")).expect("about.md");
    let nav = src.join("_data/nav.yml");
    let text = std::fs::read_to_string(&nav).expect("nav.yml");
    std::fs::write(&nav, format!("{text}- title: Ignored\n  url: /ignored/\n")).expect("edit");
    // the rebuild happens (the log says so) but no browser is told
    let start = Instant::now();
    let mut rebuilt = false;
    while start.elapsed() < Duration::from_secs(30) && !rebuilt {
        if let Ok(line) = serve.log.recv_timeout(Duration::from_millis(200)) {
            rebuilt = line.contains("done in");
        }
    }
    assert!(rebuilt, "the ignored edit was rebuilt");
    std::fs::write(src.join("about.md"), format!("{about}\nA watched edit.\n")).expect("edit");
    let ev = events.next(30);
    assert_eq!(ev.event, "reload", "{ev:?}");
    // the nav edit changed every page; the about edit only its own
    let data: serde_json::Value = serde_json::from_str(&ev.data).expect("event json");
    let changed: Vec<&str> = data["changed"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    assert!(
        changed.iter().any(|c| c.starts_with("/about")),
        "{changed:?}"
    );
    assert!(
        !changed.contains(&"/index.html"),
        "the first event is the watched edit's, not the ignored one's: {changed:?}"
    );
}

#[test]
fn serve_detaches_and_refuses_https() {
    let (_tmp, src) = fixture("serve-detach");
    let s = src.to_str().expect("utf-8 path");
    let out = Command::new(BIN)
        .args(["serve", "-B", "-P", "0", "-s", s])
        .envs(ENV.iter().copied())
        .output()
        .expect("hyde serve -B");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}");
    let pid: u32 = text
        .split("pid '")
        .nth(1)
        .and_then(|r| r.split('\'').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no pid in: {text}"));
    let addr = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Server address: http://"))
        .and_then(|r| r.split('/').next())
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no address in: {text}"));
    let status = get(&addr, "/about/").status;
    let _ = Command::new("kill").arg(pid.to_string()).status();
    assert_eq!(status, 200, "the detached server serves");

    // refused as Jekyll refuses them, with what to do
    let refused = [
        (
            &["--ssl-cert", "c.pem", "--ssl-key", "k.pem"][..],
            "plain HTTP",
        ),
        (
            &["--no-livereload", "--livereload-port", "35729"][..],
            "require the --livereload option",
        ),
    ];
    for (args, says) in refused {
        let out = Command::new(BIN)
            .arg("serve")
            .args(args)
            .args(["-s", s])
            .output()
            .expect("hyde serve");
        assert!(!out.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(says),
            "{args:?}"
        );
    }
}

#[test]
fn clean_removes_the_outputs_and_caches_only() {
    let tmp = TempDir::new("clean");
    let src = tmp.path().join("site");
    flag_site(&src);
    let before = files(&src);
    let (ok, log) = run(Command::new(BIN)
        .args(["build", "--profile", "jekyll", "-q", "-s"])
        .arg(&src));
    assert!(ok, "{log}");
    assert!(src.join("_site/index.html").is_file());
    assert!(src.join(".jekyll-cache/hyde").is_dir(), "the build cache");
    write(&src, ".jekyll-metadata", "from Jekyll's --incremental\n");
    let (ok, log) = run(Command::new(BIN).args(["clean", "-s"]).arg(&src));
    assert!(ok, "{log}");
    assert!(log.contains("Cleaner:"), "{log}");
    for gone in ["_site", ".jekyll-cache", ".jekyll-metadata"] {
        assert!(!src.join(gone).exists(), "{gone} removed");
    }
    assert_eq!(files(&src), before, "the sources are as they were");
    let (ok, log) = run(Command::new(BIN).args(["clean", "-s"]).arg(&src));
    assert!(ok, "{log}");
    assert!(log.contains("Nothing to do for"), "{log}");

    // a destination holding the source is never removed
    let (ok, log) = run(Command::new(BIN)
        .args(["clean", "-d", "."])
        .current_dir(&src)
        .args(["-s", "."]));
    assert!(!ok, "{log}");
    assert!(log.contains("does not remove it"), "{log}");
    assert_eq!(files(&src), before, "the sources are still there");
}

#[test]
fn strict_front_matter_makes_yaml_errors_fatal() {
    let tmp = TempDir::new("strict-fm");
    let have_jekyll = have_jekyll();
    // a post, a page and a publication with broken front matter, one at a time
    let broken = [
        "_posts/2024-01-01-bad.md",
        "bad-page.md",
        "_publications/bad.md",
    ];
    for (i, rel) in broken.iter().enumerate() {
        let src = tmp.path().join(format!("site-{i}"));
        write(
            &src,
            "_config.yml",
            "title: Strict\ncollections:\n  publications:\n    output: true\n",
        );
        write(&src, "index.md", "---\ntitle: ok\n---\nHello.\n");
        write(&src, rel, "---\ntitle: [unclosed\n---\nbody\n");
        for strict in [false, true] {
            let flag: &[&str] = if strict {
                &["--strict_front_matter"]
            } else {
                &[]
            };
            let (ok, log) = run(Command::new(BIN)
                .args(["build", "--profile", "jekyll", "-s"])
                .arg(&src)
                .arg("-d")
                .arg(tmp.path().join(format!("out-{i}-{strict}")))
                .args(flag));
            assert_eq!(ok, !strict, "{rel}, strict {strict}:\n{log}");
            assert!(log.contains("YAML Exception reading"), "{rel}: {log}");
            if have_jekyll {
                let (jok, jlog) = run(Command::new("jekyll")
                    .args(["build", "-s"])
                    .arg(&src)
                    .arg("-d")
                    .arg(tmp.path().join(format!("jekyll-{i}-{strict}")))
                    .args(flag));
                assert_eq!(
                    ok, jok,
                    "{rel}, strict {strict}: hyde and Jekyll disagree:\n{jlog}"
                );
            }
        }
    }
}

#[test]
fn serve_prints_the_liquid_profile_of_its_first_build() {
    use std::io::{BufRead, BufReader};
    let (_tmp, src) = fixture("serve-profile");
    let mut child = Command::new(BIN)
        .args(["serve", "-P", "0", "--no-watch", "--profile", "-s"])
        .arg(&src)
        .envs(ENV.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("hyde serve --profile");
    let out = child.stdout.take().expect("stdout");
    let mut before_address = Vec::new();
    for line in BufReader::new(out).lines().map_while(Result::ok) {
        if line.contains("Server address:") {
            break;
        }
        before_address.push(line);
    }
    let _ = child.kill();
    let _ = child.wait();
    let text = before_address.join("\n");
    assert!(text.contains("Build Process Summary:"), "{text}");
    assert!(text.contains("Site Render Stats:"), "{text}");
    assert!(text.contains("| _layouts/"), "{text}");
}

//! Save-to-event latency of `hyde serve` (issue 5's goal): academicpages-2025
//! grown to N documents with `../shared/tools/grow-site` (N from
//! `HYDE_BENCH_DOCS`, default 1000), served by the real binary; then, R times
//! each (`HYDE_BENCH_REPEAT`, default 3), one publication, one layout, one
//! Sass partial and one static file are saved and the time until the
//! matching event arrives on `/__hyde/events` is measured, by a client that
//! says it shows the edited publication's page (as the live-reload script
//! does): the time until that page is announced, and until the rebuild is
//! complete. `HYDE_BENCH_PROFILE` picks the profile (`jekyll` or
//! `github-pages`; default the site's own: GitHub Pages for academicpages-2025,
//! which has no Gemfile). With `HYDE_BENCH_JEKYLL=1` it also times `jekyll build` of the same site, for
//! the layout-save ratio. Run: `cargo bench --bench serve_latency`.

#[path = "../tests/serve_support/mod.rs"]
mod serve_support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serve_support::{Events, Serve, TempDir};

const BIN: &str = env!("CARGO_BIN_EXE_hyde");

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn first_file(dir: &Path, pred: impl Fn(&str) -> bool) -> Option<PathBuf> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.file_name().and_then(|n| n.to_str()).is_some_and(&pred))
        .collect();
    names.sort();
    names.into_iter().next()
}

/// Save `path` with `text` appended; return the time until the first event
/// (the page the viewer shows, when the rebuild announces it first) and the
/// time until the rebuild is complete.
fn time_save(events: &Events, path: &Path, text: &str, want: &str) -> (Duration, Duration) {
    while events.rx.try_recv().is_ok() {}
    let mut body = std::fs::read_to_string(path).expect("read");
    body.push_str(text);
    let start = Instant::now();
    std::fs::write(path, body).expect("write");
    let ev = events.next(3600);
    let first = start.elapsed();
    assert_eq!(ev.event, want, "{}: {ev:?}", path.display());
    if !ev.data.contains("\"partial\":true") {
        return (first, first);
    }
    let done = events.next(3600);
    assert!(done.event == "reload" || done.event == "css", "{done:?}");
    (first, start.elapsed())
}

/// Every file under `root`, as destinations with a leading `/`.
fn walk(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(root) {
                out.push(format!("/{}", rel.to_string_lossy()));
            }
        }
    }
    out
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let base = shared.join("corpus/academicpages-2025/site");
    let grow = shared.join("tools/grow-site");
    if !base.is_dir() || !grow.is_file() {
        println!(
            "skipped: ../shared/corpus/academicpages-2025 or ../shared/tools/grow-site absent"
        );
        return;
    }
    let docs = env_num("HYDE_BENCH_DOCS", 1000);
    let repeat = env_num("HYDE_BENCH_REPEAT", 3).max(1);
    let tmp = TempDir::new("serve-bench");
    let site = tmp.path().join("site");
    let ok = Command::new("python3")
        .arg(&grow)
        .arg(&base)
        .arg(&site)
        .arg(docs.to_string())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(ok, "grow-site failed");

    let started = Instant::now();
    // HYDE_BENCH_PROFILE=jekyll|github-pages (default: the site's, GitHub Pages)
    let mut args = vec!["-q", "-s", site.to_str().expect("utf-8 path")];
    let profile = std::env::var("HYDE_BENCH_PROFILE").unwrap_or_default();
    if !profile.is_empty() {
        args.extend(["--profile", profile.as_str()]);
    }
    // HYDE_BENCH_BIN: another hyde binary (an A/B comparison in one session)
    let bin = std::env::var("HYDE_BENCH_BIN").unwrap_or_else(|_| BIN.to_string());
    let serve = Serve::start(
        &bin,
        &args,
        &[("SOURCE_DATE_EPOCH", "1767225600"), ("TZ", "UTC")],
    );
    let initial = started.elapsed();
    // a browser showing the publication that gets edited (what the rebuild renders first)
    let publication = first_file(&site.join("_publications"), |n| n.contains("gen-"))
        .or_else(|| first_file(&site.join("_publications"), |n| n.ends_with(".md")))
        .expect("a publication");
    let stem = publication
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("a name")
        .to_string();
    let viewed: Vec<String> = walk(&site.join("_site"))
        .into_iter()
        .filter(|p| p.contains(&stem) && p.ends_with(".html"))
        .collect();
    let events = Events::connect_viewing(&serve.addr, &viewed);
    events.hello(60);
    println!("site: academicpages-2025 + {docs} documents");
    println!(
        "initial build + server start: {:.3} s",
        initial.as_secs_f64()
    );

    let layout = site.join("_layouts/single.html");
    let partial = first_file(&site.join("_sass"), |n| n.ends_with(".scss"))
        .or_else(|| {
            std::fs::read_dir(site.join("_sass"))
                .ok()?
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .find_map(|d| first_file(&d, |n| n.ends_with(".scss")))
        })
        .expect("a Sass partial");
    let statik = site.join("images/hyde-bench.txt");
    std::fs::write(&statik, "static 0\n").expect("write static");
    // the new static file is a full rebuild (site.static_files changed)
    events.next(3600);

    let mut rows = Vec::new();
    let cases: [(&str, &Path, &str); 4] = [
        ("save one publication", &publication, "reload"),
        ("save a layout (_layouts/single.html)", &layout, "reload"),
        ("save a Sass partial", &partial, "css"),
        ("save a static file", &statik, "reload"),
    ];
    for (name, path, want) in cases {
        let mut times = Vec::new();
        for i in 0..repeat {
            let text = if path.extension().is_some_and(|e| e == "scss") {
                format!("\n// bench {i}\n.hyde-bench-{i} {{ color: red; }}\n")
            } else if path.extension().is_some_and(|e| e == "html") {
                format!("\n<!-- bench {i} -->\n")
            } else {
                format!("\nbench edit {i}\n")
            };
            times.push(time_save(&events, path, &text, want));
        }
        let firsts: Vec<Duration> = times.iter().map(|t| t.0).collect();
        let dones: Vec<Duration> = times.iter().map(|t| t.1).collect();
        let (m, d) = (median(firsts.clone()), median(dones.clone()));
        let all = |v: &[Duration]| {
            v.iter()
                .map(|t| format!("{:.1}", t.as_secs_f64() * 1000.0))
                .collect::<Vec<_>>()
                .join(", ")
        };
        println!(
            "{name}: viewed page reloaded after median {:.1} ms (all: {}); rebuild complete after median {:.1} ms (all: {}), over {repeat}",
            m.as_secs_f64() * 1000.0,
            all(&firsts),
            d.as_secs_f64() * 1000.0,
            all(&dones),
        );
        rows.push((name, d));
    }

    if std::env::var("HYDE_BENCH_JEKYLL").is_ok_and(|v| v == "1") {
        let out = tmp.path().join("jekyll-out");
        let start = Instant::now();
        let ok = Command::new("jekyll")
            .args(["build", "-q", "-s"])
            .arg(&site)
            .arg("-d")
            .arg(&out)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        let jekyll = start.elapsed();
        if ok {
            println!("jekyll build (full): {:.3} s", jekyll.as_secs_f64());
            if let Some((_, layout)) = rows.iter().find(|(n, _)| n.contains("layout")) {
                println!(
                    "layout save / jekyll full build = 1/{:.1}",
                    jekyll.as_secs_f64() / layout.as_secs_f64().max(1e-9)
                );
            }
        } else {
            println!("jekyll build failed or jekyll is not installed");
        }
    }
}

//! Where a serve rebuild's time goes, phase by phase, on academicpages-2025
//! grown to N documents (`HYDE_BENCH_DOCS`, default 1000): config, read,
//! generate, rendering ONE generated document (what a dependency-aware rebuild
//! would render after saving it) and Sass. It sizes the floor of the
//! incremental design the serve report asks for. Run:
//! `cargo bench --bench serve_phases`.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

use hyde::config::{Config, Overrides};
use hyde::site::drops::Ctx;
use hyde::site::{Kind, Site};

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
    let docs: usize = std::env::var("HYDE_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let site_dir = std::env::temp_dir().join(format!("hyde-phases-{}", std::process::id()));
    let ok = Command::new("python3")
        .arg(&grow)
        .arg(&base)
        .arg(&site_dir)
        .arg(docs.to_string())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(ok, "grow-site failed");
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;

    let t = Instant::now();
    let config = Config::load(&Overrides {
        source: Some(site_dir.clone()),
        quiet: true,
        ..Overrides::default()
    })
    .expect("config");
    println!("academicpages-2025 + {docs} documents");
    println!("config load: {:.1} ms", ms(t));
    let t = Instant::now();
    let mut site = Site::new(config);
    site.read().expect("read");
    println!(
        "read ({} pages and documents): {:.1} ms",
        site.docs.len(),
        ms(t)
    );
    let t = Instant::now();
    let mut again = Site::new(site.config.clone());
    again.read().expect("read");
    println!("read again (patterns compiled): {:.1} ms", ms(t));
    drop(again);
    // what `hyde serve` reads after a save: unchanged files from its memo
    let memo = hyde::memo::Memo::new();
    memo.trust_watcher();
    let read_memo = || {
        let mut s = Site::new(site.config.clone());
        s.memo = Some(memo.clone());
        s.track_deps = true;
        s.read().expect("read");
    };
    read_memo();
    let mut times: Vec<f64> = (0..101)
        .map(|_| {
            let t = Instant::now();
            read_memo();
            ms(t)
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "read with the serve memo filled: median {:.2} ms (min {:.2}, of 101)",
        times[50], times[0]
    );
    let t = Instant::now();
    hyde::plugins::generate(&mut site).expect("generate");
    println!("generate: {:.1} ms", ms(t));
    let site = Arc::new(site);
    let ctx = Ctx::new(site.clone());
    let generated = site
        .docs
        .iter()
        .position(|d| matches!(d.kind, Kind::Doc(_)) && d.relative_path.contains("gen-"));
    if let Some(id) = generated {
        let t = Instant::now();
        let r = hyde::render::render_document(&ctx, id);
        println!(
            "render one generated document ({}), cold template caches: {:.1} ms{}",
            site.docs[id].relative_path,
            ms(t),
            if r.is_err() { " (failed)" } else { "" }
        );
    }
    let t = Instant::now();
    for (id, d) in site.docs.iter().enumerate() {
        if d.sass {
            let _ = hyde::render::render_document(&ctx, id);
        }
    }
    println!("render the Sass pages: {:.1} ms", ms(t));
    drop(ctx);
    drop(site);

    // the full rebuild serve does today: render everything, then write
    // (second time round, so the writer compares with existing files)
    let load = || {
        Config::load(&Overrides {
            source: Some(site_dir.clone()),
            quiet: true,
            ..Overrides::default()
        })
        .expect("config")
    };
    let first = hyde::build::render(load()).expect("render");
    hyde::writer::write(&first).expect("write");
    let t = Instant::now();
    let again = hyde::build::render(load()).expect("render");
    println!(
        "full render (read + generate + render all): {:.1} ms",
        ms(t)
    );
    let t = Instant::now();
    hyde::writer::write(&again).expect("write");
    println!("write (nothing changed): {:.1} ms", ms(t));
    let _ = std::fs::remove_dir_all(&site_dir);
}

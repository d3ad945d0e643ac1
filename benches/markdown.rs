//! Markdown throughput: converts every Markdown body of ../shared/corpus
//! (front matter stripped) a few times on one thread and prints MB/s.
//! Also prints the one-time startup cost (pattern compilation) of the
//! first conversions. `MD_BENCH_FILE=FILE` measures one file instead
//! (`MD_BENCH_GFM=1`: with `input: GFM`). Run: `cargo bench --bench markdown`.

use std::path::Path;
use std::time::Instant;

mod support;
use support::cpu_seconds;

/// The bodies (front matter stripped) of the Markdown files under `dir`.
fn collect(dir: &Path, out: &mut Vec<String>) {
    let mut texts = Vec::new();
    support::markdown_files(dir, &mut texts);
    out.extend(texts.iter().map(|s| strip_front_matter(s).to_string()));
}

fn strip_front_matter(s: &str) -> &str {
    if let Some(rest) = s.strip_prefix("---\n") {
        if let Some(i) = rest.find("\n---") {
            let after = &rest[i + 4..];
            return after.strip_prefix('\n').unwrap_or(after);
        }
    }
    s
}

/// The measured loop, a function of its own so that a profiler can be
/// told to count it only (`valgrind --tool=callgrind --toggle-collect=*timed_rounds*`).
#[inline(never)]
fn timed_rounds(docs: &[String], opts: &hyde::markdown::Options, rounds: usize) {
    for _ in 0..rounds {
        for d in docs {
            std::hint::black_box(hyde::markdown::to_html(d, opts));
        }
    }
}

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        println!("skipped: ../shared/corpus absent");
        return;
    }
    let mut docs = Vec::new();
    // MD_BENCH_FILE=FILE measures that one body instead of the corpus
    // (a list page's Liquid output, say)
    match std::env::var("MD_BENCH_FILE") {
        Ok(file) => match std::fs::read_to_string(&file) {
            Ok(text) => docs.push(text),
            Err(e) => {
                println!("MD_BENCH_FILE {file}: {e}");
                return;
            }
        },
        Err(_) => collect(&corpus, &mut docs),
    }
    // MD_BENCH_ONLY=TEXT keeps the bodies containing TEXT (profiling runs)
    if let Ok(only) = std::env::var("MD_BENCH_ONLY") {
        docs.retain(|d| d.contains(&only));
    }
    let bytes: usize = docs.iter().map(String::len).sum();
    // MD_BENCH_DUMP=FILE writes every output, kramdown-cases included (to
    // compare two builds)
    if let Ok(path) = std::env::var("MD_BENCH_DUMP") {
        let opts = hyde::markdown::Options::default();
        let mut extra = docs.clone();
        collect(&corpus.join("../kramdown-cases"), &mut extra);
        let all: Vec<String> = extra
            .iter()
            .map(|d| hyde::markdown::to_html(d, &opts))
            .collect();
        let _ = std::fs::write(path, all.join("\n\u{0}\n"));
    }
    // MD_BENCH_GFM=1 converts with `input: GFM`, as academicpages sites do
    let mut opts = hyde::markdown::Options::default();
    if std::env::var_os("MD_BENCH_GFM").is_some() {
        opts.input = "GFM".into();
    }
    // MD_BENCH_DUMP_GFM=FILE writes the outputs of the measured bodies with
    // the options measured (`MD_BENCH_GFM` honoured), kramdown-cases left out
    if let Ok(path) = std::env::var("MD_BENCH_DUMP_GFM") {
        let all: Vec<String> = docs
            .iter()
            .map(|d| hyde::markdown::to_html(d, &opts))
            .collect();
        let _ = std::fs::write(path, all.join("\n\u{0}\n"));
    }
    // startup: the first conversions of a process pay for compiling the
    // patterns they meet (one short page, then the whole corpus once)
    let t0 = Instant::now();
    std::hint::black_box(hyde::markdown::to_html("Hello *world*, it's me.\n", &opts));
    let first_page = t0.elapsed().as_secs_f64() * 1000.0;
    let t1 = Instant::now();
    for d in &docs {
        std::hint::black_box(hyde::markdown::to_html(d, &opts));
    }
    let warm = t1.elapsed().as_secs_f64() * 1000.0;
    println!(
        "markdown startup: first one-line page {first_page:.1} ms, first corpus pass {warm:.1} ms (wall)"
    );
    // MD_BENCH_SLOWEST=N prints the N files with the lowest throughput
    if let Some(n) = std::env::var("MD_BENCH_SLOWEST")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    {
        let mut rates: Vec<(f64, usize, usize)> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let t = Instant::now();
                for _ in 0..20 {
                    std::hint::black_box(hyde::markdown::to_html(d, &opts));
                }
                (t.elapsed().as_secs_f64() / 20.0, i, d.len())
            })
            .collect();
        rates.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (secs, i, len) in rates.iter().take(n) {
            let first = docs[*i].lines().next().unwrap_or("");
            println!(
                "{:8.1} us {:7} bytes {:6.1} MB/s  {}",
                secs * 1e6,
                len,
                *len as f64 / secs / 1e6,
                first.chars().take(60).collect::<String>()
            );
        }
    }
    // MD_BENCH_ROUNDS overrides the round count (profiling runs)
    let rounds = std::env::var("MD_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20);
    let cpu0 = cpu_seconds();
    let start = Instant::now();
    timed_rounds(&docs, &opts, rounds);
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu0).map(|(a, b)| a - b);
    let mb = (bytes * rounds) as f64 / 1_000_000.0;
    let cpu_rate = match cpu {
        Some(c) if c > 0.0 => format!(", {:.1} MB/s of CPU time", mb / c),
        _ => String::new(),
    };
    println!(
        "markdown: {} files, {:.2} MB x {rounds} in {secs:.3} s = {:.1} MB/s wall{cpu_rate}",
        docs.len(),
        bytes as f64 / 1_000_000.0,
        mb / secs
    );
}

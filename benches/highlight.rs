//! Highlighting throughput: every fenced code block with a language in
//! ../shared/corpus's Markdown, highlighted a few times on one thread;
//! prints MB/s of CPU time overall and the time per lexer.
//! Run: `cargo bench --bench highlight` (`HL_BENCH_ROUNDS=N` rounds,
//! `HL_BENCH_ONLY=LEXER` one lexer). The first pass (pattern compilation)
//! is outside `timed_rounds`, for `--toggle-collect=*timed_rounds*`.
//! `HL_BENCH_SNIPPET=FILE:LEXER` benches that one file's text instead of
//! the corpus (with `HL_BENCH_ROUNDS`, a per-block instruction count);
//! `HL_BENCH_DUMP=FILE` writes every block's HTML there (to compare a
//! change's output with the one before).

use std::path::Path;
use std::time::Instant;

mod support;
use support::{cpu_seconds, markdown_files};

/// (lexer, code) of each fenced block whose language rouge knows.
fn fenced_blocks(text: &str, blocks: &mut Vec<(&'static str, String)>) {
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        let fence = if t.starts_with("```") {
            "```"
        } else if t.starts_with("~~~") {
            "~~~"
        } else {
            continue;
        };
        if line.len() - t.len() > 3 {
            continue;
        }
        let lang = t.trim_start_matches(['`', '~']).trim();
        let lang = lang.split_whitespace().next().unwrap_or("");
        let mut code = String::new();
        for l in lines.by_ref() {
            if l.trim_start().starts_with(fence) && l.trim().chars().all(|c| c == '`' || c == '~') {
                break;
            }
            code.push_str(l);
            code.push('\n');
        }
        if let Some(lexer) = hyde::highlight::find_lexer(lang) {
            blocks.push((lexer, code));
        }
    }
}

/// The measured loop (a function of its own for profilers).
#[inline(never)]
fn timed_rounds(blocks: &[(&'static str, String)], rounds: usize) {
    for _ in 0..rounds {
        for (lexer, code) in blocks {
            std::hint::black_box(hyde::highlight::highlight(lexer, code));
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
    let mut blocks = Vec::new();
    if let Ok(snippet) = std::env::var("HL_BENCH_SNIPPET") {
        let Some((file, lexer)) = snippet.rsplit_once(':') else {
            panic!("HL_BENCH_SNIPPET=FILE:LEXER");
        };
        let code = std::fs::read_to_string(file).expect("HL_BENCH_SNIPPET file");
        let lexer = hyde::highlight::find_lexer(lexer).expect("HL_BENCH_SNIPPET lexer");
        blocks.push((lexer, code));
    } else {
        markdown_files(&corpus, &mut docs);
        for d in &docs {
            fenced_blocks(d, &mut blocks);
        }
    }
    if let Ok(dump) = std::env::var("HL_BENCH_DUMP") {
        // besides the bench's blocks: corpus-wide's and the fixtures'
        let mut all = blocks.clone();
        let mut wide = Vec::new();
        markdown_files(&corpus.join("../corpus-wide"), &mut wide);
        for d in &wide {
            fenced_blocks(d, &mut all);
        }
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/highlight");
        let mut tags: Vec<_> = std::fs::read_dir(fixtures)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        tags.sort();
        for dir in tags {
            let tag = dir.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let Some(lexer) = hyde::highlight::find_lexer(tag) else {
                continue;
            };
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect();
            files.sort();
            for f in files {
                if let Ok(code) = std::fs::read_to_string(f) {
                    all.push((lexer, code));
                }
            }
        }
        let mut o = String::new();
        for (lexer, code) in &all {
            o.push_str(&format!("=== {lexer} {}\n", code.len()));
            o.push_str(&hyde::highlight::highlight(lexer, code));
            o.push('\n');
        }
        std::fs::write(dump, o).expect("HL_BENCH_DUMP");
        return;
    }
    if let Ok(only) = std::env::var("HL_BENCH_ONLY") {
        blocks.retain(|(l, _)| *l == only);
    }
    let bytes: usize = blocks.iter().map(|(_, c)| c.len()).sum();
    // warm-up: compiles the patterns met
    let t0 = Instant::now();
    for (lexer, code) in &blocks {
        std::hint::black_box(hyde::highlight::highlight(lexer, code));
    }
    let warm = t0.elapsed().as_secs_f64() * 1000.0;
    // per lexer (not for a snippet, whose count is then its rounds')
    let mut lexers: Vec<&'static str> = blocks.iter().map(|(l, _)| *l).collect();
    if docs.is_empty() {
        lexers.clear();
    }
    lexers.sort_unstable();
    lexers.dedup();
    let mut per: Vec<(f64, &str, usize, usize)> = lexers
        .iter()
        .map(|lx| {
            let mine: Vec<(&'static str, String)> =
                blocks.iter().filter(|(l, _)| l == lx).cloned().collect();
            let n: usize = mine.iter().map(|(_, c)| c.len()).sum();
            let t = Instant::now();
            timed_rounds(&mine, 10);
            (t.elapsed().as_secs_f64() / 10.0, *lx, mine.len(), n)
        })
        .collect();
    per.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (secs, lx, count, n) in &per {
        println!(
            "{:9.1} us {:4} blocks {:7} bytes {:6.1} MB/s  {lx}",
            secs * 1e6,
            count,
            n,
            *n as f64 / secs / 1e6
        );
    }
    let rounds = std::env::var("HL_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    let cpu0 = cpu_seconds();
    let start = Instant::now();
    timed_rounds(&blocks, rounds);
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu0).map(|(a, b)| a - b);
    let mb = (bytes * rounds) as f64 / 1_000_000.0;
    let cpu_rate = match cpu {
        Some(c) if c > 0.0 => format!(", {:.1} MB/s of CPU time", mb / c),
        _ => String::new(),
    };
    println!(
        "highlight: {} blocks, {:.3} MB x {rounds} in {secs:.3} s = {:.1} MB/s wall{cpu_rate} (first pass {warm:.1} ms)",
        blocks.len(),
        bytes as f64 / 1_000_000.0,
        mb / secs
    );
}

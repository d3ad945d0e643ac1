//! Markdown throughput: converts every Markdown body of ../shared/corpus
//! (front matter stripped) a few times on one thread and prints MB/s.
//! Run: `cargo bench --bench markdown`.

use std::path::Path;
use std::time::Instant;

fn collect(dir: &Path, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().map(|x| x == "md").unwrap_or(false) {
            if let Ok(s) = std::fs::read_to_string(&p) {
                out.push(strip_front_matter(&s).to_string());
            }
        }
    }
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

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        println!("skipped: ../shared/corpus absent");
        return;
    }
    let mut docs = Vec::new();
    collect(&corpus, &mut docs);
    let bytes: usize = docs.iter().map(String::len).sum();
    let opts = hyde::markdown::Options::default();
    // warm up (regex compilation)
    for d in &docs {
        std::hint::black_box(hyde::markdown::to_html(d, &opts));
    }
    let rounds = 5;
    let start = Instant::now();
    for _ in 0..rounds {
        for d in &docs {
            std::hint::black_box(hyde::markdown::to_html(d, &opts));
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = (bytes * rounds) as f64 / 1_000_000.0;
    println!(
        "markdown: {} files, {:.2} MB x {rounds} in {secs:.3} s = {:.1} MB/s",
        docs.len(),
        bytes as f64 / 1_000_000.0,
        mb / secs
    );
}

//! Liquid benchmark (`cargo bench --bench liquid`): a publications list over
//! 1000 documents (for, where, sort, date, if, capture, filters) and a
//! `single` → `default` layout chain with includes, rendered for each of the
//! 1000 documents. `benches/liquid_bench.rb` runs the same list template in
//! Ruby Liquid on the same data (see benches/liquid_bench_data.txt).
//! Knobs: `LIQUID_BENCH=list` runs only the list, `LIQUID_TPL='...'` replaces
//! the list template (to profile one construct), `OUT=file` saves its output.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use hyde::liquid::{self, Context, Host, Map, Template, Value};

const WORDS: [&str; 6] = [
    "theory",
    "practice",
    "design",
    "analysis",
    "structure",
    "evolution",
];

struct BenchHost {
    includes: HashMap<String, Arc<Template>>,
}

impl Host for BenchHost {
    fn include(&self, name: &str) -> Result<Arc<Template>, String> {
        self.includes
            .get(name)
            .cloned()
            .ok_or_else(|| format!("no include {name}"))
    }
    fn include_relative(&self, _p: &str, name: &str) -> Result<Arc<Template>, String> {
        self.include(name)
    }
    fn markdownify(&self, input: &str) -> String {
        format!("<p>{input}</p>\n")
    }
    fn custom_tag(&self, _n: &str, _m: &str, _c: &mut Context) -> Option<Result<String, String>> {
        None
    }
    fn now(&self) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap_or_default()
    }
    fn warn(&self, _msg: &str) {}
    fn jekyll_filters(&self) -> bool {
        // The list template uses Liquid's standard filters so that Ruby Liquid runs it unchanged.
        false
    }
}

fn publication(i: usize) -> Map {
    let mut m = Map::default();
    m.insert(
        "title".into(),
        Value::from(format!(
            "Paper {i}: On the {} of {} systems",
            WORDS[i % 6],
            WORDS[(i * 7) % 6]
        )),
    );
    m.insert(
        "category".into(),
        Value::str(["manuscripts", "conferences", "books"][i % 3]),
    );
    let base = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    let d = base + Duration::days(((i * 37) % 9000) as i64);
    m.insert("date".into(), Value::Time(liquid::date::date_to_time(d)));
    if !i.is_multiple_of(5) {
        m.insert("venue".into(), Value::from(format!("Journal {}", i % 17)));
    }
    if !i.is_multiple_of(4) {
        m.insert(
            "paperurl".into(),
            Value::from(format!("http://example.org/p{i}.pdf")),
        );
    }
    m.insert(
        "excerpt".into(),
        Value::from(format!(
            "<p>Excerpt {i} {}</p>",
            "lorem ipsum dolor sit amet ".repeat(6)
        )),
    );
    m.insert("url".into(), Value::from(format!("/publication/{i}/")));
    m.insert("collection".into(), Value::str("publications"));
    m.insert(
        "citation".into(),
        Value::from(format!("Author, A. ({}). Paper {i}.", 2000 + i % 25)),
    );
    m.insert(
        "tags".into(),
        Value::array(vec![
            Value::str("ml"),
            Value::from(WORDS[i % 6].to_string()),
            Value::str("systems"),
        ]),
    );
    m.insert("author_profile".into(), Value::Bool(true));
    m
}

fn site(pubs: &[Value]) -> Value {
    let mut site = Map::default();
    site.insert("title".into(), Value::str("Jane Doe"));
    site.insert("baseurl".into(), Value::str(""));
    site.insert("url".into(), Value::str("https://jane.example.org"));
    site.insert("description".into(), Value::str("Personal academic site"));
    site.insert("locale".into(), Value::str("en-US"));
    site.insert(
        "time".into(),
        Value::Time(DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap_or_default()),
    );
    site.insert(
        "css".into(),
        Value::array(vec![Value::str("main"), Value::str("dark")]),
    );
    site.insert("publications".into(), Value::array(pubs.to_vec()));
    let mut author = Map::default();
    for (k, v) in [
        ("name", "Jane Doe"),
        ("avatar", "profile.png"),
        ("bio", "Researcher"),
        ("location", "Earth"),
        ("email", "j@example.org"),
        ("github", "jane"),
    ] {
        author.insert(k.into(), Value::str(v));
    }
    site.insert("author".into(), Value::hash(author));
    let nav: Vec<Value> = ["Publications", "Talks", "Teaching", "CV", "Blog"]
        .iter()
        .map(|t| {
            let mut m = Map::default();
            m.insert("title".into(), Value::str(t));
            m.insert("url".into(), Value::from(format!("/{}/", t.to_lowercase())));
            Value::hash(m)
        })
        .collect();
    let mut navigation = Map::default();
    navigation.insert("main".into(), Value::array(nav));
    let mut data = Map::default();
    data.insert("navigation".into(), Value::hash(navigation));
    site.insert("data".into(), Value::hash(data));
    Value::hash(site)
}

/// CPU time of this thread in ns (Linux `/proc/thread-self/schedstat`), so
/// that the figure holds on a loaded machine; `None` elsewhere.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn load(dir: &Path, name: &str) -> Template {
    let src = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
    liquid::parse(&src, name, 1).unwrap_or_else(|e| panic!("{e}"))
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/liquid_templates");
    let mut includes = HashMap::new();
    for e in std::fs::read_dir(dir.join("includes"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = e.file_name().to_string_lossy().to_string();
        includes.insert(name.clone(), Arc::new(load(&dir.join("includes"), &name)));
    }
    let host = BenchHost { includes };
    let pubs: Vec<Value> = (0..1000).map(|i| Value::hash(publication(i))).collect();
    let site = site(&pubs);

    // 1. The publications list over 1000 documents.
    let list = match std::env::var("LIQUID_TPL") {
        Ok(src) => liquid::parse(&src, "x", 1).unwrap_or_else(|e| panic!("{e}")),
        Err(_) => load(&dir, "publications.liquid"),
    };
    let mut g = Map::default();
    g.insert("site".into(), site.clone());
    let mut page = Map::default();
    page.insert("title".into(), Value::str("Publications"));
    g.insert("page".into(), Value::hash(page));
    let out = list.render(&g, &host).unwrap_or_else(|e| panic!("{e}"));
    // The machine is shared: report the best of 10 batches (and the mean).
    let (batches, iters) = (10, 20);
    let mut best = f64::MAX;
    let t_all = Instant::now();
    let cpu0 = cpu_ns();
    let mut bytes = 0;
    for _ in 0..batches {
        let t0 = Instant::now();
        for _ in 0..iters {
            let mut s = String::with_capacity(out.len());
            list.render_to(&g, &host, &mut s)
                .unwrap_or_else(|e| panic!("{e}"));
            bytes += s.len();
        }
        best = best.min(t0.elapsed().as_secs_f64() * 1000.0 / iters as f64);
    }
    let mean = t_all.elapsed().as_secs_f64() * 1000.0 / (batches * iters) as f64;
    if let (Some(a), Some(b)) = (cpu0, cpu_ns()) {
        println!(
            "liquid list (1000 docs): cpu {:.3} ms/render",
            (b - a) as f64 / 1e6 / (batches * iters) as f64
        );
    }
    let per = best;
    println!("liquid list (1000 docs): best {best:.3} ms/render, mean {mean:.3} ({} bytes out, {bytes} total)", out.len());
    if let Ok(p) = std::env::var("OUT") {
        let _ = std::fs::write(p, &out);
    }
    let _ = per;

    if std::env::var("LIQUID_BENCH").as_deref() == Ok("list") {
        return;
    }
    // 2. single -> default layout chain with includes, for each of the 1000 documents.
    let single = load(&dir, "single.html");
    let default = load(&dir, "default.html");
    let mut layout = Map::default();
    layout.insert("author_profile".into(), Value::Bool(true));
    let t0 = Instant::now();
    let rounds = 5;
    let mut total = 0;
    for _ in 0..rounds {
        for p in &pubs {
            let mut g = Map::default();
            g.insert("site".into(), site.clone());
            g.insert("page".into(), p.clone());
            g.insert("layout".into(), Value::hash(layout.clone()));
            g.insert(
                "content".into(),
                Value::from(format!("<p>{}</p>", ruby_excerpt(p))),
            );
            let inner = single.render(&g, &host).unwrap_or_else(|e| panic!("{e}"));
            g.insert("content".into(), Value::from(inner));
            let page = default.render(&g, &host).unwrap_or_else(|e| panic!("{e}"));
            total += page.len();
        }
    }
    let per_page = t0.elapsed().as_secs_f64() * 1e6 / (rounds * pubs.len()) as f64;
    println!(
        "liquid layout chain (single+default, 1000 pages): {per_page:.1} us/page ({total} bytes)"
    );
    println!("ruby side: ruby benches/liquid_bench.rb (same list template and data)");
}

fn ruby_excerpt(p: &Value) -> String {
    liquid::ruby::to_s(&p.get("excerpt"))
}

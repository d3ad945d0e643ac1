//! Every layout and include of the reference corpora (corpus, corpus-wide) parses (front matter
//! stripped, lines counted as Jekyll counts them).

mod common;

use std::path::Path;

fn strip_front_matter(src: &str) -> (&str, usize) {
    if let Some(rest) = src.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---\n") {
            let body = &rest[end + 5..];
            let lines = src[..src.len() - body.len()].matches('\n').count();
            return (body, lines + 1);
        }
    }
    (src, 1)
}

#[test]
fn corpus_templates_parse() {
    let Some(sites) = common::corpus_sites() else {
        println!("skipped: ../shared/corpus absent");
        return;
    };
    let mut n = 0;
    let mut failures = Vec::new();
    for site in sites {
        for dir in ["_layouts", "_includes"] {
            let d = site.join(dir);
            for e in walk(&d) {
                let Ok(src) = std::fs::read_to_string(&e) else {
                    continue;
                };
                let (body, first) = strip_front_matter(&src);
                n += 1;
                if let Err(err) = hyde::liquid::parse(body, &e.display().to_string(), first) {
                    failures.push(err.to_string());
                }
            }
        }
    }
    println!("parsed {n} corpus templates, {} failed", failures.len());
    assert!(failures.is_empty(), "{failures:#?}");
}

fn walk(d: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(d).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

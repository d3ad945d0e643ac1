//! Converts every Markdown body of ../shared/corpus's sites when
//! `MD_COMPARE_DIR` names a folder of `NAME.md` + `NAME.html` pairs made by
//! Jekyll's converter (see ../shared/kramdown-cases/README.md for the
//! one-liner), and reports the pairs that differ. Without the variable the
//! test only checks that the corpus bodies convert without panicking.

use std::path::Path;

#[test]
fn corpus_bodies_convert() {
    let opts = hyde::markdown::Options::default();
    if let Ok(dir) = std::env::var("MD_COMPARE_DIR") {
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .expect("compare dir")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".md"))
            .collect();
        names.sort();
        let (mut same, mut total) = (0, 0);
        for n in names {
            let md = std::fs::read_to_string(Path::new(&dir).join(&n)).unwrap_or_default();
            let Ok(want) = std::fs::read_to_string(Path::new(&dir).join(n.replace(".md", ".html")))
            else {
                continue;
            };
            total += 1;
            let got = hyde::markdown::to_html(&md, &opts);
            if got.trim_end() == want.trim_end() {
                same += 1;
            } else {
                let _ = std::fs::write(Path::new(&dir).join(n.replace(".md", ".got")), &got);
                println!("DIFF {n}");
            }
        }
        println!("corpus bodies: {same} of {total} identical");
        return;
    }
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        println!("skipped: ../shared/corpus absent");
        return;
    }
    let mut n = 0;
    let mut stack = vec![corpus];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().map(|x| x == "md").unwrap_or(false) {
                let s = std::fs::read_to_string(&p).unwrap_or_default();
                let html = hyde::markdown::to_html(&s, &opts);
                assert!(s.trim().is_empty() || !html.is_empty(), "{}", p.display());
                n += 1;
            }
        }
    }
    println!("converted {n} corpus Markdown files");
}

/// Timing probe (not an assertion): `cargo test --release --test
/// markdown_corpus -- --ignored --nocapture slowest` lists the slowest files.
#[test]
#[ignore]
fn slowest() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let opts = hyde::markdown::Options::default();
    let mut stack = vec![corpus];
    let mut times = Vec::new();
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().map(|x| x == "md").unwrap_or(false) {
                let s = std::fs::read_to_string(&p).unwrap_or_default();
                let t = std::time::Instant::now();
                let _ = hyde::markdown::to_html(&s, &opts);
                times.push((t.elapsed(), s.len(), p.display().to_string()));
            }
        }
    }
    times.sort();
    for t in times.iter().rev().take(8) {
        println!("{:?} {} {}", t.0, t.1, t.2);
    }
}

/// Timing probe: converts the file named by `MD_PROBE` 20 times.
#[test]
#[ignore]
fn probe_file() {
    let Ok(p) = std::env::var("MD_PROBE") else {
        return;
    };
    let s = std::fs::read_to_string(p).unwrap_or_default();
    let opts = hyde::markdown::Options::default();
    for _ in 0..20 {
        std::hint::black_box(hyde::markdown::to_html(&s, &opts));
    }
}

/// Timing probe: parse vs convert share over the corpus (prints only).
#[test]
#[ignore]
fn phase_split() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut docs = Vec::new();
    let mut stack = vec![corpus];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().map(|x| x == "md").unwrap_or(false) {
                docs.push(std::fs::read_to_string(&p).unwrap_or_default());
            }
        }
    }
    let opts = hyde::markdown::Options::default();
    for d in &docs {
        let _ = hyde::markdown::to_html(d, &opts);
    }
    let (mut tp, mut tc) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    for _ in 0..10 {
        for d in &docs {
            let t = std::time::Instant::now();
            let doc = hyde::markdown::parser::Parser::new(&opts).parse(d);
            tp += t.elapsed();
            let t = std::time::Instant::now();
            let _ = hyde::markdown::convert::Converter::new(&doc).convert_doc();
            tc += t.elapsed();
        }
    }
    println!("parse {tp:?} convert {tc:?}");
}

//! Without `MD_COMPARE_DIR`: every Markdown file of ../shared/corpus's and corpus-wide's sites
//! converts (no panic, no empty page for a non-empty body).
//! With `MD_COMPARE_DIR` naming a folder of `NAME.md` + `NAME.html` pairs made
//! by Jekyll's converter (see ../shared/kramdown-cases/README.md for the
//! one-liner): every pair must be identical; differing ones are listed and
//! our output is written to `NAME.got`.

mod common;

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
        // code with real token spans needs the highlight module
        assert_eq!(
            same, total,
            "pairs differ (see DIFF lines; NAME.got holds our output)"
        );
        return;
    }
    let Some(sites) = common::corpus_sites() else {
        println!("skipped: ../shared/corpus absent");
        return;
    };
    let mut n = 0;
    let mut stack = sites;
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

//! Converts every case of ../shared/kramdown-cases (kramdown's and
//! kramdown-parser-gfm's test inputs, with the HTML Jekyll made of them) and
//! compares byte for byte; only a final newline may differ.

use std::path::Path;

const MIN_IDENTICAL: usize = 200;

fn first_diff(a: &str, b: &str) -> String {
    let (al, bl): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    for i in 0..al.len().max(bl.len()) {
        let x = al.get(i).copied().unwrap_or("<eof>");
        let y = bl.get(i).copied().unwrap_or("<eof>");
        if x != y {
            let cut = |s: &str| s.chars().take(90).collect::<String>();
            return format!("line {}: got {:?} want {:?}", i + 1, cut(x), cut(y));
        }
    }
    "differs in trailing whitespace".into()
}

#[test]
fn kramdown_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/kramdown-cases");
    if !dir.is_dir() {
        println!("skipped: ../shared/kramdown-cases absent");
        return;
    }
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("readable case dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".html"))
        .map(|n| n.trim_end_matches(".html").to_string())
        .collect();
    names.sort();
    let only = std::env::var("CASE").ok();
    let opts = hyde::markdown::Options::default();
    let (mut pass, mut total) = (0, 0);
    for name in &names {
        if let Some(o) = &only {
            if !name.contains(o.as_str()) {
                continue;
            }
        }
        let Ok(input) = std::fs::read_to_string(dir.join(format!("{name}.md"))) else {
            continue;
        };
        let want = std::fs::read_to_string(dir.join(format!("{name}.html"))).unwrap_or_default();
        total += 1;
        let got = hyde::markdown::to_html(&input, &opts);
        let norm = |s: &str| s.strip_suffix('\n').unwrap_or(s).to_string();
        if norm(&got) == norm(&want) {
            pass += 1;
        } else {
            // one-line reason: token spans come from the highlight module
            let reason = if want.contains("<span class=\"") && !got.contains("<span class=\"") {
                "needs rouge token spans (highlight module)"
            } else {
                "output differs"
            };
            println!("FAIL {name}: {reason}; {}", first_diff(&got, &want));
            if only.is_some() {
                println!("--- got\n{got}\n--- want\n{want}");
            }
        }
    }
    println!("kramdown-cases: {pass} of {total} identical");
    if only.is_none() {
        assert!(
            pass >= MIN_IDENTICAL,
            "only {pass} of {total} identical (need {MIN_IDENTICAL})"
        );
    }
}

//! Golden tests: hyde's highlighting against rouge 3.30's HTML for the
//! snippets in tests/fixtures/highlight/<lang>/<name>.txt (expected output
//! made by tests/fixtures/highlight/regen.sh).

use std::fs;
use std::path::Path;

#[test]
fn highlight_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/highlight");
    let mut langs: Vec<_> = fs::read_dir(&root)
        .expect("fixtures dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    langs.sort();
    let (mut pass, mut total) = (0, 0);
    let mut failed = Vec::new();
    for dir in langs {
        let lang = dir
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let lexer = hyde::highlight::find_lexer(&lang).expect("fixture dir names a rouge lexer");
        let mut files: Vec<_> = fs::read_dir(&dir)
            .expect("lang dir")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        for txt in files {
            total += 1;
            let code = fs::read_to_string(&txt).expect("fixture text");
            let want = fs::read_to_string(txt.with_extension("html")).expect("expected html");
            let got = hyde::highlight::highlight(lexer, &code);
            if got == want {
                pass += 1;
            } else {
                let at = got
                    .bytes()
                    .zip(want.bytes())
                    .position(|(a, b)| a != b)
                    .unwrap_or(got.len().min(want.len()));
                let from = at.saturating_sub(80);
                let cut = |s: &str| -> String {
                    s.get(from..(at + 120).min(s.len()))
                        .unwrap_or(s)
                        .to_string()
                };
                println!(
                    "FAIL {}: at byte {at}\n  got:  {:?}\n  want: {:?}",
                    txt.strip_prefix(&root).unwrap_or(&txt).display(),
                    cut(&got),
                    cut(&want)
                );
                failed.push(txt);
            }
        }
    }
    println!("highlight: {pass} of {total} identical");
    assert!(failed.is_empty(), "{} fixtures differ", failed.len());
}

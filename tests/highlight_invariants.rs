//! Properties every ported lexer keeps on any input: no panic, and the text
//! of the HTML (tags dropped, entities decoded) is the input, as with rouge.

use std::fs;
use std::path::Path;

fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = rest[i..].split_once('>').map_or("", |(_, r)| r);
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Deterministic pseudo-random code-like strings.
fn noise(seed: u64, len: usize) -> String {
    const ALPHABET: &[&str] = &[
        "a", "Z", "_", "0", "9", " ", "\t", "\n", "\n", "\"", "'", "`", "\\", "/", "*", "#", "$",
        "{", "}", "(", ")", "[", "]", "<", ">", "&", ";", ":", "=", "-", "+", "%", "@", "!", "?",
        ".", ",", "|", "~", "^", "é", "→", "😀", "if ", "def ", "<<EOF\n", "```", "---\n", "\r\n",
    ];
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut s = String::new();
    for _ in 0..len {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let i = usize::try_from(x >> 33).unwrap_or(0) % ALPHABET.len();
        s.push_str(ALPHABET[i]);
    }
    s
}

#[test]
fn every_lexer_keeps_all_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/highlight");
    let mut inputs: Vec<String> = (0..40).map(|i| noise(i, 30 + 7 * i as usize)).collect();
    if let Ok(dirs) = fs::read_dir(&root) {
        for d in dirs.filter_map(Result::ok) {
            if let Ok(files) = fs::read_dir(d.path()) {
                for f in files.filter_map(Result::ok) {
                    if f.path().extension().is_some_and(|e| e == "txt") {
                        inputs.extend(fs::read_to_string(f.path()));
                    }
                }
            }
        }
    }
    let lexers = hyde::highlight::ported_lexers();
    assert!(lexers.len() > 100, "{} lexers", lexers.len());
    let mut checked = 0;
    for lexer in &lexers {
        for input in &inputs {
            let html = hyde::highlight::highlight(lexer, input);
            assert_eq!(text_of(&html), *input, "{lexer} lost text of {input:?}");
            checked += 1;
        }
    }
    println!("highlight invariants: {checked} lexer/input pairs keep their text");
}

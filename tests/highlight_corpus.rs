//! Every fenced code block of ../shared/corpus's and corpus-wide's Markdown, highlighted by
//! hyde and by the installed rouge (when `ruby -rrouge` runs), compared
//! byte for byte.

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn md_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    for e in rd.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            md_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md" || e == "markdown") {
            out.push(p);
        }
    }
}

/// (language, code) of each fenced block with a language.
fn fenced_blocks(text: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        let fence = if t.starts_with("```") {
            "```"
        } else if t.starts_with("~~~") {
            "~~~"
        } else {
            continue;
        };
        if indent > 3 {
            continue;
        }
        let lang = t
            .trim_start_matches(fence.chars().next().unwrap_or('`'))
            .trim();
        let lang = lang.split_whitespace().next().unwrap_or("").to_string();
        let mut code = String::new();
        for l in lines.by_ref() {
            if l.trim_start().starts_with(fence) && l.trim().chars().all(|c| c == '`' || c == '~') {
                break;
            }
            code.push_str(l);
            code.push('\n');
        }
        if !lang.is_empty() {
            blocks.push((lang, code));
        }
    }
    blocks
}

#[test]
fn corpus_code_blocks_match_rouge() {
    let Some(sites) = common::corpus_sites() else {
        println!("skipped: ../shared/corpus absent");
        return;
    };
    let mut files = Vec::new();
    for site in &sites {
        md_files(site, &mut files);
    }
    files.sort();
    let mut blocks = Vec::new();
    for f in &files {
        if let Ok(text) = fs::read_to_string(f) {
            for (lang, code) in fenced_blocks(&text) {
                if let Some(lexer) = hyde::highlight::find_lexer(&lang) {
                    blocks.push((f.clone(), lang, lexer, code));
                }
            }
        }
    }
    let script = r#"
        data = STDIN.read.force_encoding("utf-8").split("\0", -1)
        data.pop
        out = data.each_slice(2).map do |lang, code|
          begin
            Rouge::Formatters::HTML.new.format(Rouge::Lexer.find_fancy(lang, code).lex(code))
          rescue StandardError
            "\x01rouge raised"
          end
        end
        STDOUT.write(out.join("\0"))
    "#;
    let child = Command::new("ruby")
        .args(["-rrouge", "-e", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        println!("skipped: ruby with rouge not available");
        return;
    };
    let mut input = Vec::new();
    for (_, lang, _, code) in &blocks {
        input.extend_from_slice(lang.as_bytes());
        input.push(0);
        input.extend_from_slice(code.as_bytes());
        input.push(0);
    }
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(&input).expect("write to ruby");
    }
    let output = child.wait_with_output().expect("ruby output");
    if !output.status.success() {
        println!("skipped: ruby with rouge not available");
        return;
    }
    let stdout = String::from_utf8(output.stdout).expect("utf-8 from rouge");
    let wants: Vec<&str> = stdout.split('\0').collect();
    assert_eq!(wants.len(), blocks.len(), "one rouge answer per block");
    let (mut pass, mut unported) = (0, 0);
    for ((file, lang, lexer, code), want) in blocks.iter().zip(&wants) {
        if !hyde::highlight::is_ported(lexer) {
            unported += 1;
            println!("UNPORTED {lang} in {}", file.display());
            continue;
        }
        let got = hyde::highlight::highlight(lexer, code);
        if got == *want {
            pass += 1;
        } else {
            println!(
                "FAIL {lang} in {}:\n  got:  {got:?}\n  want: {want:?}",
                file.display()
            );
        }
    }
    let ported = blocks.len() - unported;
    let bytes: usize = blocks.iter().map(|b| b.3.len()).sum();
    println!(
        "highlight corpus: {pass} of {ported} identical ({unported} blocks in lexers not ported, {bytes} bytes of code)"
    );
    assert_eq!(pass, ported);
}

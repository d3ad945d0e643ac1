//! jekyll-titles-from-headings against the gem itself: thousands of generated
//! contents (atx headings of one to four `#`, with and without closing `#`s,
//! setext headings, emphasis, links, footnotes, HTML, entities, Liquid,
//! leading blank lines, CRLF, no heading, random strings of the pattern's own
//! characters) go through the plugin's real generator in one Ruby run
//! (tests/fixtures/plugins/titles_from_headings.rb, kramdown configured as
//! GitHub Pages has it) and through `hyde::plugins::titles_from_headings` with
//! hyde's kramdown; the heading found, the title and the stripped content must
//! agree exactly. Skipped, saying so, without `ruby -rjekyll-titles-from-headings`.

mod common;

use common::Rng;

use std::process::{Command, Stdio};

use hyde::liquid::{Map, Value};
use hyde::plugins::titles_from_headings::{strip_title, title_from};
use serde_json::Value as Json;

const PREFIXES: &[&str] = &[
    "", "", "", "\n", "\n\n", "  ", "\t", " \n \n", "\r\n", "   \n",
];

const TEXTS: &[&str] = &[
    "Hello",
    "Hello *world*",
    "**Bold** and _em_",
    "A & B",
    "<span class=\"x\">HTML</span> text",
    "[link](http://x.org) and [ref][r]",
    "Note[^1]",
    "[^a] footnote",
    "`code` span",
    "a  \t b",
    "ü ñ 中文",
    "{{ site.title }}",
    "Title: sub",
    "<b>unclosed",
    "a < b > c",
    "x \\# y",
    "\\# not",
    "",
    " ",
    "![img](a.png)",
    "\"quotes\" 'single' -- dash ...",
    "a\u{a0}b",
    "<!-- c --> t",
    "<script>x</script>y",
    "*",
    "1. list",
    "- item",
    "> quote",
    "| a | b |",
    "Title #",
    "Title ##",
    "C# and F#",
    "a&amp;b &copy;",
    "Line one  ",
    "$x^2$",
    "[^1]: defn",
    "{: .class}",
    "Hard\\",
];

const BODIES: &[&str] = &[
    "",
    "",
    "\n\nBody text.",
    "\nline",
    "\n# Second",
    "\n\n---\n",
    "\r\nCRLF body\r\n",
];

fn heading(r: &mut Rng) -> String {
    let text = r.word(TEXTS);
    let pre = r.word(PREFIXES);
    let body = r.word(BODIES);
    match r.below(3) {
        0 | 1 => format!(
            "{pre}{}{}{text}{}{body}",
            "#".repeat(1 + r.below(4)),
            r.word(&[" ", " ", "  ", "\t", "", "\n", " \n"]),
            r.word(&["", "", " #", " ##", " ###", " ####", "#", "  ## ", " # x", "\t#"]),
        ),
        _ => format!(
            "{pre}{text}{}{}{body}",
            r.word(&["\n", "\r\n", "\n\n", "\r\r\n"]),
            r.word(&["===", "---", "-", "= =", "-=-", "--- ", "---\n\n", "==\t", "--- x"]),
        ),
    }
}

fn fuzz(r: &mut Rng) -> String {
    const ALPHABET: &[&str] = &[
        "#", "#", " ", "\n", "=", "-", "\r", "a", "*", "[", "]", "^", "<", ">", "\t", "_", "`",
        "é", "&", "\x0b", "\x0c", "b",
    ];
    let len = r.below(24);
    (0..len).map(|_| r.word(ALPHABET)).collect()
}

fn ruby_available() -> bool {
    Command::new("ruby")
        .args(["-rjekyll", "-rjekyll-titles-from-headings", "-e", "exit 0"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// kramdown as GitHub Pages configures it (the oracle's configuration).
fn options() -> hyde::markdown::Options {
    let mut k = Map::default();
    for (key, v) in [
        ("input", "GFM"),
        ("gfm_quirks", "paragraph_end"),
        ("math_engine", "mathjax"),
        ("syntax_highlighter", "rouge"),
        ("template", ""),
    ] {
        k.insert(key.into(), Value::str(v));
    }
    k.insert("hard_wrap".into(), Value::Bool(false));
    let mut hl = Map::default();
    hl.insert("default_lang".into(), Value::str("plaintext"));
    k.insert("syntax_highlighter_opts".into(), Value::hash(hl));
    hyde::markdown::Options::from_config(&Value::hash(k), &Value::str("rouge"))
}

#[test]
fn titles_match_the_gem() {
    if !ruby_available() {
        println!("skipped: ruby -rjekyll-titles-from-headings absent");
        return;
    }
    let mut r = Rng(0x7157_1e5f_0000_0042);
    let mut cases: Vec<String> = (0..5000)
        .map(|n| {
            if n % 3 == 2 {
                fuzz(&mut r)
            } else {
                heading(&mut r)
            }
        })
        .collect();
    cases.extend(
        [
            "",
            "Plain paragraph\nMore",
            "####### seven",
            "- list\n- b",
            "#\n\n\nfar title",
            "\n---\n",
            "Title\n===\nmore\n===",
            "# A\r\n",
            "#  Spaces  inside   title  \n",
        ]
        .map(str::to_string),
    );
    let (same, titled, failures) = compare(&cases);
    println!(
        "titles from headings: {same} of {} contents as the gem ({titled} with a title)",
        cases.len()
    );
    assert!(failures.is_empty(), "{} disagreements", failures.len());
    assert!(titled > 1500, "the cases exercise titles");
}

/// The body (after the front matter) of every Markdown file of ../shared's corpora.
#[test]
fn corpus_markdown_matches_the_gem() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let mut files = Vec::new();
    for c in ["corpus", "corpus-wide"] {
        let Ok(rd) = std::fs::read_dir(shared.join(c)) else {
            continue;
        };
        for e in rd.flatten() {
            collect_md(&e.path().join("site"), &mut files);
        }
    }
    files.sort();
    if files.is_empty() {
        println!("skipped: ../shared/corpus absent");
        return;
    }
    if !ruby_available() {
        println!("skipped: ruby -rjekyll-titles-from-headings absent");
        return;
    }
    let cases: Vec<String> = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .map(|t| match hyde::frontmatter::split(&t) {
            Some((_, body, _)) => body.to_string(),
            None => t,
        })
        .collect();
    let (same, titled, failures) = compare(&cases);
    println!(
        "titles from headings over the corpora: {same} of {} Markdown bodies as the gem ({titled} with a title)",
        cases.len()
    );
    assert!(failures.is_empty(), "{} disagreements", failures.len());
}

fn collect_md(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != ".git") {
                collect_md(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

/// Run the gem over `cases` and compare: (agreeing, with a title, failures).
fn compare(cases: &[String]) -> (usize, usize, Vec<String>) {
    let input = serde_json::to_string(cases).expect("json");
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/plugins/titles_from_headings.rb"
    );
    let stdout = common::ruby_oracle(script, &input);
    let want: Vec<Json> = serde_json::from_slice(&stdout).expect("oracle JSON");
    assert_eq!(want.len(), cases.len());

    let opts = options();
    let markdownify = |s: &str| hyde::markdown::to_html(s, &opts);
    let (mut same, mut titled, mut failures) = (0, 0, Vec::new());
    for (content, want) in cases.iter().zip(&want) {
        let title = title_from(content, &markdownify);
        let stripped = strip_title(content);
        let want_title = want["title"].as_str();
        let mut bad = Vec::new();
        if stripped != want["stripped"].as_str().unwrap_or("\u{0}missing") {
            bad.push(format!(
                "stripped\n  hyde: {stripped:?}\n  ruby: {}",
                want["stripped"]
            ));
        }
        if title.as_deref() != want_title {
            // tell a kramdown difference from the plugin's own steps
            let heading = want["heading"].as_str().unwrap_or("");
            let md = markdownify(heading);
            if want["markdownify"].as_str() != Some(md.as_str()) {
                bad.push(format!(
                    "kramdown differs on the heading {heading:?}\n  hyde: {md:?}\n  ruby: {}",
                    want["markdownify"]
                ));
            }
            bad.push(format!("title\n  hyde: {title:?}\n  ruby: {want_title:?}"));
        }
        if title.is_some() {
            titled += 1;
        }
        if bad.is_empty() {
            same += 1;
        } else {
            failures.push(format!("{content:?}: {}", bad.join("; ")));
        }
    }
    for f in failures.iter().take(30) {
        println!("FAIL {f}");
    }
    (same, titled, failures)
}

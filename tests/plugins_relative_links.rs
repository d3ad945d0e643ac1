//! jekyll-relative-links against the gem itself: thousands of generated
//! contents (inline and reference links of every shape, titles, fragments,
//! `../`, `/`, escapes, URIs, code, nested brackets, images, several per line,
//! and random strings of the pattern's own characters) go through the plugin's
//! real generator in one Ruby run (tests/fixtures/plugins/relative_links.rb)
//! and through `hyde::plugins::relative_links`; the matches of `LINK_REGEX`
//! (offsets and groups) and the rewritten content must agree exactly.
//! Skipped, saying so, without `ruby -rjekyll-relative-links`.

mod common;

use common::Rng;

use std::process::{Command, Stdio};

use hyde::plugins::relative_links::{link_matches, rewrite};
use serde_json::{json, Value};

const TARGETS: &[(&str, &str)] = &[
    ("about.md", "/about/"),
    ("_pages/about.md", "/about-me/"),
    ("docs/x.md", "/docs/x.html"),
    ("docs/a b.md", "/docs/a b.html"),
    ("a b.md", "/a b/"),
    ("ünï.md", "/ünï/"),
    ("/files/paper.pdf", "/files/paper.pdf"),
    ("a+b.md", "/plus/"),
    ("x.md", "/x/"),
    ("docs/sub/y.md", "/docs/sub/y/"),
    ("docs/sub/page.md", "/docs/sub/page/"),
    ("index.md", "/"),
    ("README.md", "/readme/"),
    ("_posts/2020-01-01-post.md", "/2020/01/01/post.html"),
    ("a)b.md", "/paren/"),
    ("a:b.md", "/colon/"),
    ("about.md", "/second-about/"),
    ("/x.md", "/second-x/"),
    ("q?.md", "/query?x=1#f"),
    ("http:", "/http-colon/"),
    ("ftp:", "/ftp-colon/"),
    ("mailto:", "/mailto-colon/"),
];

const DOCS: &[&str] = &[
    "index.md",
    "_pages/about.md",
    "docs/sub/page.md",
    "docs/x.md",
    "a b/c.md",
    "_posts/2020-01-01-post.md",
    "README.md",
];

const BASEURLS: &[Option<&str>] = &[
    None,
    Some(""),
    Some("/base"),
    Some("/base/"),
    Some("/b a"),
    Some("/ü"),
];

const PATHS: &[&str] = &[
    "about.md",
    "./about.md",
    "../about.md",
    "/about.md",
    "//about.md",
    "about.md/",
    "docs/x.md",
    "../docs/x.md",
    "/docs/x.md",
    "x.md",
    "a%20b.md",
    "a b.md",
    "a+b.md",
    "docs/a%20b.md",
    "a%20b",
    "%C3%BCn%C3%AF.md",
    "ünï.md",
    "files/paper.pdf",
    "/files/paper.pdf",
    "../../about.md",
    "../../../x.md",
    "..",
    ".",
    "/",
    "mailto:me@example.org",
    "http://example.org/about.md",
    "https://example.org",
    "//example.org/x.md",
    "c:about.md",
    "a:b.md",
    "./a:b.md",
    "http:",
    "http://a b/about.md",
    "http://h:port/x.md",
    "ftp:",
    "#about",
    "#",
    "about.md#sec",
    "~/about.md",
    "~root/about.md",
    "sub/../about.md",
    "docs//x.md",
    "nothing.md",
    "about.MD",
    "%2E%2E/about.md",
    "a%2Bb.md",
    "%zz.md",
    "%FF.md",
    "_pages/about.md",
    "../_pages/about.md",
    "y.md",
    "sub/y.md",
    "docs/sub/y.md",
    "index.md",
    "README.md",
    "a)b.md",
    "a(b.md",
    "a\\\"b.md",
    "about.md\tx",
    "q?.md",
    "q%3F.md",
    "../index.md",
    "../../README.md",
    "/_posts/2020-01-01-post.md",
    ":about.md",
    // URIs that resolve to a file once `expand_path` folds them: only
    // Addressable's verdict (absolute, or invalid hence relative) decides
    "http:",
    "ftp:",
    "mailto:",
    "http:/../about.md",
    "mailto:/../about.md",
    "http://a b/../../about.md",
    "http://h:xx/../../about.md",
    "http://h:%31/../../about.md",
    "http://h:%zz/../../about.md",
    "http://[a b]/../../about.md",
    "http://[::1]/../../about.md",
    "http://:80/../../about.md",
    "http://u@/../../about.md",
    "a b:/../about.md",
    "\u{212A}:/../about.md",
    "\u{17F}x:/../about.md",
    "1a:/../about.md",
    "a+.-:/../about.md",
    "http://a\"b/../../about.md",
    "http://a\u{a0}b/../../about.md",
];

const FRAGMENTS: &[&str] = &["", "", "", "#sec", "#", "#a b", "#a)b", "#é", "#x\"y"];

const TITLES: &[&str] = &[
    "",
    "",
    "",
    " \"Title\"",
    " 'T'",
    " \"T'",
    "\t\"a \\\" b\"",
    " \"a\\\\\"",
    "\n\"T\"",
    "  \"x)\"",
    " \"\"",
    " \"it's\"",
    " \"a\\\"",
    " (paren)",
];

const TEXTS: &[&str] = &[
    "A",
    "",
    "a [b] c",
    "x]y",
    "a\\]b",
    "é",
    "`code`",
    "[nested]",
    "![img](i.png)",
];

fn inline(r: &mut Rng) -> String {
    let bang = if r.below(5) == 0 { "!" } else { "" };
    format!(
        "{bang}[{}]({}{}{})",
        r.word(TEXTS),
        r.word(PATHS),
        r.word(FRAGMENTS),
        r.word(TITLES)
    )
}

fn reference(r: &mut Rng) -> String {
    format!(
        "{}[{}]: {}{}{}{}",
        r.word(&["", "", "  ", "\t", " \n"]),
        r.word(TEXTS),
        r.word(PATHS),
        r.word(FRAGMENTS),
        r.word(TITLES),
        r.word(&["", "", "  ", " x", "\t"])
    )
}

fn structured(r: &mut Rng) -> String {
    let mut c = String::new();
    if r.below(4) == 0 {
        c.push_str(r.word(&["# Title\n\n", "\n", "   ", "Intro text. "]));
    }
    for _ in 0..1 + r.below(5) {
        let piece = match r.below(6) {
            0..=2 => inline(r),
            3 | 4 => format!("\n{}\n", reference(r)),
            _ => r
                .word(&[
                    "plain text",
                    "`[a](about.md)`",
                    "[not a link]",
                    "(about.md)",
                ])
                .to_string(),
        };
        c.push_str(&piece);
        c.push_str(r.word(&[
            " ", "\n", "\n\n", " and ", "\r\n", "\n```\n", "`", "\n    ", "\n> ", "", ", ",
        ]));
    }
    c
}

fn fuzz(r: &mut Rng) -> String {
    const ALPHABET: &[&str] = &[
        "[", "]", "(", ")", "#", "\"", "'", "\\", " ", "\n", ":", "!", "a", "é", "\t", "/", ".",
        "about.md", "x.md", "../", "]: ", "](", "\r", "mailto:", "%20", "a b.md",
    ];
    let len = r.below(40);
    (0..len).map(|_| r.word(ALPHABET)).collect()
}

fn ruby_available() -> bool {
    Command::new("ruby")
        .args(["-rjekyll", "-rjekyll-relative-links", "-e", "exit 0"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn url_for<'a>(
    targets: &'a [(String, String)],
    baseurl: &'a str,
) -> impl Fn(&str) -> Option<String> + 'a {
    move |p: &str| {
        targets
            .iter()
            .find(|(rel, _)| rel.strip_prefix('/').unwrap_or(rel) == p)
            .map(|(_, url)| hyde::site::url::relative_url(baseurl, url))
    }
}

type Case = (String, String, Option<String>);

/// The gem's answers for `cases` (content, document path, baseurl).
fn oracle(targets: &[(String, String)], cases: &[Case]) -> Vec<Value> {
    let input = json!({
        "targets": targets,
        "cases": cases.iter().map(|(c, d, b)| json!([c, d, b])).collect::<Vec<_>>(),
    });
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/plugins/relative_links.rb"
    );
    let stdout = common::ruby_oracle(script, &input.to_string());
    let want: Vec<Value> = serde_json::from_slice(&stdout).expect("oracle JSON");
    assert_eq!(want.len(), cases.len());
    want
}

/// Compare hyde with the gem on every case: (agreeing, rewritten, Jekyll raised, failures).
fn compare(
    targets: &[(String, String)],
    cases: &[Case],
    want: &[Value],
) -> (usize, usize, usize, Vec<String>) {
    let (mut same, mut rewritten, mut raised, mut failures) = (0, 0, 0, Vec::new());
    for ((content, doc, base), want) in cases.iter().zip(want) {
        let got_m = hyde_matches(content);
        if got_m != want["matches"] {
            failures.push(format!(
                "matches of {content:?}\n  hyde: {got_m}\n  ruby: {}",
                want["matches"]
            ));
            continue;
        }
        let f = url_for(targets, base.as_deref().unwrap_or(""));
        let got = rewrite(content, doc, &f);
        let Some(want_out) = want["out"].as_str() else {
            // `File.expand_path("~user")` for a user the machine lacks: Jekyll fails the build
            let err = want["err"].as_str().unwrap_or("");
            if err.contains("doesn't exist") {
                raised += 1;
            } else {
                failures.push(format!("{content:?} in {doc}: ruby raised {err}"));
            }
            continue;
        };
        if got.is_some() {
            rewritten += 1;
        }
        if got.as_deref().unwrap_or(content) == want_out && (got.is_some() == (want_out != content))
        {
            same += 1;
        } else {
            failures.push(format!(
                "{content:?} in {doc} (baseurl {base:?})\n  hyde: {got:?}\n  ruby: {want_out:?}"
            ));
        }
    }
    for f in failures.iter().take(30) {
        println!("FAIL {f}");
    }
    (same, rewritten, raised, failures)
}

fn hyde_matches(content: &str) -> Value {
    let g = |r: &std::ops::Range<usize>| json!(&content[r.clone()]);
    Value::Array(
        link_matches(content)
            .iter()
            .map(|m| {
                json!([
                    m.start,
                    m.end,
                    if m.reference { "reference" } else { "inline" },
                    g(&m.text),
                    g(&m.path),
                    g(&m.fragment),
                    m.title.as_ref().map(g),
                ])
            })
            .collect(),
    )
}

#[test]
fn relative_links_match_the_gem() {
    if !ruby_available() {
        println!("skipped: ruby -rjekyll-relative-links absent");
        return;
    }
    let mut r = Rng(0x5eed_1234_abcd_0001);
    let mut cases: Vec<Case> = Vec::new();
    for n in 0..6000 {
        let content = if n % 2 == 0 {
            structured(&mut r)
        } else {
            fuzz(&mut r)
        };
        let doc = r.word(DOCS).to_string();
        let base = BASEURLS[r.below(BASEURLS.len())].map(str::to_string);
        cases.push((content, doc, base));
    }
    // whole-content corners
    for c in [
        "[a]: about.md",
        "\n\n\n[a]: about.md \"t\"\n",
        "[a](about.md \"x\") [b](x.md) ![c](files/paper.pdf)\n[d]: x.md",
        "~~~\n[a](about.md)\n~~~\n    [b](about.md)",
        "[a](~nosuchuser/about.md)",
    ] {
        cases.push((c.to_string(), "index.md".into(), Some("/base".into())));
    }
    let targets: Vec<(String, String)> = TARGETS
        .iter()
        .map(|(p, u)| (p.to_string(), u.to_string()))
        .collect();
    let want = oracle(&targets, &cases);
    let (same, rewritten, raised, failures) = compare(&targets, &cases, &want);
    println!(
        "relative links: {same} of {} cases as the gem ({rewritten} rewritten; {raised} where Jekyll raises for a `~user` path, not compared)",
        cases.len()
    );
    assert!(failures.is_empty(), "{} disagreements", failures.len());
    assert!(rewritten > 1000, "the cases exercise rewriting");
}

/// Every Markdown file of ../shared's corpora, as its site's own page, with
/// every file of every site as a target.
#[test]
fn corpus_markdown_matches_the_gem() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let mut sites: Vec<std::path::PathBuf> = ["corpus", "corpus-wide"]
        .iter()
        .filter_map(|c| std::fs::read_dir(shared.join(c)).ok())
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path().join("site")))
        .filter(|p| p.is_dir())
        .collect();
    sites.sort();
    if sites.is_empty() {
        println!("skipped: ../shared/corpus absent");
        return;
    }
    if !ruby_available() {
        println!("skipped: ruby -rjekyll-relative-links absent");
        return;
    }
    let (mut targets, mut cases) = (Vec::new(), Vec::new());
    for site in &sites {
        let name = site
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        let mut files: Vec<_> = walk(site);
        files.sort();
        for rel in files {
            targets.push((
                rel.clone(),
                format!("/{}/{rel}", name.as_deref().unwrap_or("")),
            ));
            if rel.ends_with(".md") {
                if let Ok(content) = std::fs::read_to_string(site.join(&rel)) {
                    cases.push((content, rel, Some("/base".to_string())));
                }
            }
        }
    }
    let want = oracle(&targets, &cases);
    let (same, rewritten, raised, failures) = compare(&targets, &cases, &want);
    println!(
        "relative links over the corpora: {same} of {} Markdown files as the gem ({rewritten} rewritten, {raised} raise)",
        cases.len()
    );
    assert!(failures.is_empty(), "{} disagreements", failures.len());
}

/// The files under `dir`, as paths relative to it (no `.git`).
fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(dir) {
                out.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    out
}

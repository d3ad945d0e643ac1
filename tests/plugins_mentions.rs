//! jekyll-mentions, differential: generated pages and fragments (mentions in
//! text, in skipped elements, in attributes and comments, near entities,
//! dots, slashes and other boundaries) through `hyde::plugins::mentions` and
//! through the Ruby plugin (tests/fixtures/plugins/mentions.rb, one Ruby
//! process). Ruby re-serialises what it processes through Nokogiri, which
//! hyde does not (see the module's documentation), so each case checks:
//! - unchanged by Ruby: unchanged by hyde, byte for byte;
//! - changed: hyde's output, put through the same Nokogiri round trip, is
//!   Ruby's output (the same links in the same places);
//! - changed, and Nokogiri keeps the input as it is: hyde's bytes are Ruby's.

mod common;

use common::Rng;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use hyde::liquid::{Map, Value};
use hyde::plugins::mentions::{base_url, mentionable, mentionify};
use serde_json::{json, Value as Json};

const TEXTS: &[&str] = &[
    "@foo",
    "hi @bar-baz.",
    "mail j@x.org now",
    "(@paren)",
    "@x.y",
    "@x.. and @y.",
    "@mention @MENTIONS @Mentioned",
    "@a@b",
    "@@z",
    "@-no @_u",
    "@foo/bar",
    "x &amp; @amp",
    "&nbsp;@nb",
    "&#64;ent &#x40;hex",
    "é@uni",
    "中 @zh",
    "line\n@start",
    "@end\n",
    "@a_b-c-",
    "@9lives",
    "&lt;@lt &gt;@gt",
    "@x. y",
    "tab\t@t",
    "a > @gt",
    "&quot;@q&quot;",
    "&bogus;@b",
    "@ſa @aſ",
    "no mention here",
    "plain @",
    "@ @",
    "a.@dot",
    "@Café",
];

fn piece(rng: &mut Rng) -> String {
    let t = *rng.pick(TEXTS);
    let t2 = *rng.pick(TEXTS);
    match rng.below(22) {
        0 => format!("<p>{t}</p>"),
        1 => format!("<div>{t}</div>"),
        2 => format!("<p>{t} <em>{t2}</em></p>"),
        3 => format!("<ul>\n<li>{t}</li>\n</ul>"),
        4 => format!("<pre>{t}</pre>"),
        5 => format!("<p><code>{t}</code> {t2}</p>"),
        6 => format!("<p><a href=\"https://example.com/\">{t}</a> {t2}</p>"),
        7 => format!("<script>var s = \"{t}\"; if (a < b) {{}}</script>"),
        8 => format!("<style>/* {t} */</style>"),
        9 => format!("<textarea>{t}</textarea>"),
        10 => format!("<h2 id=\"x\">{t}</h2>"),
        11 => format!("<blockquote>\n<p>{t}</p>\n</blockquote>"),
        12 => format!("<table>\n<tr>\n<td>{t}</td>\n</tr>\n</table>"),
        13 => format!("<!-- {t} --><p>{t2}</p>"),
        14 => format!("<p><img src=\"a@b.png\" alt=\"@alt\"> {t}<br>\n{t2}</p>"),
        15 => format!("<p>{t}<br/>{t2}</p>"),
        16 => format!("<p class='single'>{t}</p>"),
        17 => format!("<div><div>{t}</div><div>{t2}</div></div>"),
        18 => format!("<p><strong>{t}</strong>{t2}</p>"),
        19 => format!("<code><div>x</code>{t}</div>"),
        20 => format!("<p><code>{t}</p> {t2}"),
        _ => t.to_string(),
    }
}

fn gen_case(rng: &mut Rng) -> Json {
    let body: Vec<String> = (0..1 + rng.below(4)).map(|_| piece(rng)).collect();
    let body = body.join("\n");
    let html = match rng.below(3) {
        0 => format!("{body}\n"),
        1 => format!(
            "<!DOCTYPE html>\n<html>\n<head>\n<title>@title</title>\n<meta name=\"twitter:site\" content=\"@site\">\n</head>\n<body class=\"layout--single\">\n  {body}\n</body>\n</html>\n"
        ),
        _ => format!("<html><body>{body}</body></html>"),
    };
    let base = *rng.pick(&[
        "https://github.com",
        "https://twitter.com/",
        "https://x.com/u~",
        "/people",
    ]);
    json!({ "html": html, "base_url": base })
}

fn ruby_ok() -> bool {
    common::ruby_has("jekyll-mentions")
}

#[test]
fn mentions_match_ruby() {
    if !ruby_ok() {
        println!("skipped: ruby with jekyll and jekyll-mentions absent");
        return;
    }
    let mut rng = Rng(0x3E47_1085);
    let mut cases: Vec<Json> = (0..1500).map(|_| gen_case(&mut rng)).collect();
    // Real pages: the GitHub Pages builds of the reference corpus, when present.
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut pages: Vec<_> = walkdir::WalkDir::new(&corpus)
        .into_iter()
        .flatten()
        .filter(|e| {
            e.path().extension().is_some_and(|x| x == "html")
                && e.path()
                    .components()
                    .any(|c| c.as_os_str() == "expected-pages")
        })
        .map(|e| e.into_path())
        .collect();
    pages.sort();
    let n_pages = pages.len();
    for p in pages {
        if let Ok(html) = std::fs::read_to_string(&p) {
            cases.push(json!({ "html": html, "base_url": "https://github.com" }));
        }
    }
    for c in &mut cases {
        let html = c["html"].as_str().unwrap_or_default().to_string();
        let base = c["base_url"].as_str().unwrap_or_default().to_string();
        c["rust"] = json!(mentionify(&html, &base));
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plugins/mentions.rb");
    let mut child = Command::new("ruby")
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("ruby");
    let input = serde_json::to_string(&cases).unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().expect("ruby output");
    assert!(out.status.success(), "ruby failed");
    let ruby: Vec<Json> = serde_json::from_slice(&out.stdout).expect("ruby JSON");
    assert_eq!(ruby.len(), cases.len());
    let (mut unchanged, mut changed, mut exact) = (0, 0, 0);
    let mut failures = Vec::new();
    for (c, r) in cases.iter().zip(&ruby) {
        let html = c["html"].as_str().unwrap_or_default();
        let rust = c["rust"].as_str().unwrap_or_default();
        let want = r["ruby"].as_str().unwrap_or_default();
        let problem = if want == html {
            unchanged += 1;
            (rust != html).then_some("Ruby leaves it unchanged, hyde does not")
        } else {
            changed += 1;
            if r["rust_roundtrip"].as_str() != Some(want) {
                Some("links differ (after Nokogiri's round trip of hyde's output)")
            } else if r["input_roundtrip"].as_str() == Some(html) {
                exact += 1;
                (rust != want).then_some("bytes differ where Nokogiri keeps the input")
            } else {
                None
            }
        };
        if let Some(p) = problem {
            failures.push(format!(
                "{p}\n  input: {html:?}\n  base:  {}\n  ruby:  {want:?}\n  hyde:  {rust:?}\n  hyde through Nokogiri: {:?}",
                c["base_url"], r["rust_roundtrip"]
            ));
        }
    }
    println!(
        "{} of {} cases agree with Ruby ({n_pages} corpus pages; {unchanged} unchanged, {changed} changed, {exact} of those compared byte for byte)",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(
        changed > 500 && unchanged > 50 && exact > 100,
        "the generator covers too little"
    );
    assert!(
        failures.is_empty(),
        "{} disagreements; first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(6)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// `mention_base` and `mentionable?` against Ruby.
#[test]
fn base_url_and_mentionable_match_ruby() {
    if !ruby_ok() {
        println!("skipped: ruby with jekyll and jekyll-mentions absent");
        return;
    }
    let settings: Vec<Json> = vec![
        Json::Null,
        json!("https://gitlab.com"),
        json!({"base_url": "https://x.org"}),
        json!({"other": 1}),
        json!(false),
        json!(5),
        json!([1]),
    ];
    let envs: Vec<Json> = vec![
        json!({}),
        json!({"SSL": "true", "GITHUB_HOSTNAME": "ghe.example.com/"}),
        json!({"SSL": "false", "GITHUB_HOSTNAME": "ghe.example.com"}),
        json!({"SSL": "", "GITHUB_HOSTNAME": "ghe.example.com"}),
        json!({"SSL": "true"}),
    ];
    let script = r#"
require "jekyll"; require "json"; require "jekyll-mentions"
cases = JSON.parse($stdin.read)
puts JSON.generate(cases.map { |c|
  %w(SSL GITHUB_HOSTNAME).each { |v| ENV.delete(v) }
  c["env"].each { |k, v| ENV[k] = v }
  begin
    { "ok" => Jekyll::Mentions.mention_base({ "jekyll-mentions" => c["setting"] }) }
  rescue StandardError => e
    { "err" => e.message }
  end
})
"#;
    let mut cases = Vec::new();
    for s in &settings {
        for e in &envs {
            cases.push(json!({"setting": s, "env": e}));
        }
    }
    let mut child = Command::new("ruby")
        .args(["-e", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("ruby");
    let input = serde_json::to_string(&cases).unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().expect("ruby output");
    let ruby: Vec<Json> = serde_json::from_slice(&out.stdout).expect("ruby JSON");
    for (c, r) in cases.iter().zip(&ruby) {
        let env = c["env"].clone();
        let lookup = |k: &str| env.get(k).and_then(Json::as_str).map(String::from);
        let setting = to_value(&c["setting"]);
        let got = base_url(Some(&setting), &lookup);
        match (r.get("ok"), got) {
            (Some(want), Ok(got)) => assert_eq!(want.as_str(), Some(got.as_str()), "{c}"),
            (None, Err(got)) => assert_eq!(r["err"].as_str(), Some(got.as_str()), "{c}"),
            (_, got) => panic!("{c}: ruby {r}, hyde {got:?}"),
        }
    }
    // mentionable?: pages always, documents when written; .html or a
    // permalink ending in "/"; not with `jekyll-mentions: false`
    assert!(mentionable(true, false, ".html", None, None));
    assert!(!mentionable(false, false, ".html", None, None));
    assert!(mentionable(false, true, ".xml", Some("/feed/"), None));
    assert!(!mentionable(true, true, ".xml", Some("/feed.xml"), None));
    assert!(!mentionable(
        true,
        true,
        ".html",
        None,
        Some(&Value::Bool(false))
    ));
    assert!(mentionable(true, true, ".html", None, Some(&Value::Nil)));
}

fn to_value(j: &Json) -> Value {
    match j {
        Json::Null => Value::Nil,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Int(n.as_i64().unwrap_or(0)),
        Json::String(s) => Value::from(s.as_str()),
        Json::Array(a) => Value::array(a.iter().map(to_value).collect()),
        Json::Object(o) => {
            let m: Map = o.iter().map(|(k, v)| (k.clone(), to_value(v))).collect();
            Value::hash(m)
        }
    }
}

//! `hyde doctor`: for each check, a small site made here with the mistake
//! (a finding, at the right file and line) and without it (none); the JSON
//! output parses; the exit status is 1 exactly when there is an error; the
//! site folder is left as it was. Then every corpus site: no crash, and
//! the findings counted per check.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

const CONFIG: &str = "title: T
url: \"https://ann.github.io\"
repository: \"ann/ann.github.io\"
collections:
  publications:
    output: true
  talks:
    output: true
defaults:
  - scope:
      path: \"\"
    values:
      layout: default
";

const LAYOUT: &str = "<!doctype html><html><head><link rel=\"stylesheet\" href=\"{{ '/assets/main.css' | relative_url }}\"></head><body>{{ content }}</body></html>\n";

/// A site in a fresh temporary folder: the base configuration (unless
/// `files` has one), a layout, a stylesheet, and `files`.
fn site(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = tempdir(&format!("doctor-{name}")).join("site");
    let mut all: Vec<(&str, &str)> = vec![
        ("_config.yml", CONFIG),
        ("_layouts/default.html", LAYOUT),
        ("assets/main.css", "body { color: black }\n"),
        ("index.md", "---\ntitle: Home\n---\nHello\n"),
    ];
    for f in files {
        all.retain(|(p, _)| p != &f.0);
        all.push(*f);
    }
    for (p, text) in all {
        let path = dir.join(p);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
    }
    dir
}

/// `hyde doctor --format json` on `src`: the findings and the exit code.
fn doctor(src: &Path, extra: &[&str]) -> (Vec<Value>, i32) {
    let out = hyde()
        .env_remove("PAGES_REPO_NWO")
        .args(["doctor", "--format", "json", "-s"])
        .arg(src)
        .args(extra)
        .output()
        .expect("hyde runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "doctor's JSON does not parse ({e}):\n{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let list = v.as_array().expect("an array").clone();
    for f in &list {
        for key in ["severity", "check", "file", "what", "fix"] {
            assert!(f[key].is_string(), "{key} missing in {f}");
        }
        assert!(f["line"].is_null() || f["line"].is_u64(), "{f}");
    }
    (list, out.status.code().unwrap_or(-1))
}

fn jekyll(src: &Path) -> (Vec<Value>, i32) {
    doctor(src, &["--profile", "jekyll"])
}

fn of<'a>(findings: &'a [Value], check: &str) -> Vec<&'a Value> {
    findings.iter().filter(|f| f["check"] == check).collect()
}

fn at(f: &Value) -> String {
    format!("{}:{}", f["file"].as_str().unwrap_or(""), f["line"])
}

#[test]
fn a_sound_site_has_no_findings_and_exits_0() {
    let s = site(
        "sound",
        &[
            (
                "_publications/2020-01-01-p.md",
                "---\ntitle: 'It''s fine'\nvenue: 'J'\n---\nText [pdf](/files/p.pdf)\n",
            ),
            ("files/p.pdf", "%PDF"),
            ("_talks/2021-02-03-t.md", "---\ntitle: T\n---\n"),
        ],
    );
    let before = listing(&s);
    let (f, code) = jekyll(&s);
    assert!(f.is_empty(), "{f:#?}");
    assert_eq!(code, 0);
    // nothing is written into the site (no _site, no cache)
    assert_eq!(listing(&s), before);
    let (_, code) = doctor(&s, &["--profile", "github-pages"]);
    assert_eq!(code, 0);
    assert_eq!(listing(&s), before);
}

/// Every path under `dir`, sorted.
fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

#[test]
fn text_format_is_one_line_per_finding() {
    let s = site("text", &[("about.md", "---\ntitle: 'Smith's work'\n---\n")]);
    let out = hyde()
        .args(["doctor", "--profile", "jekyll", "-s"])
        .arg(&s)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next().unwrap_or("");
    assert!(
        first.starts_with("error: about.md:2: front matter does not parse"),
        "{text}"
    );
    assert!(first.contains("fix: "), "{text}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn front_matter_with_an_apostrophe_in_single_quotes() {
    let s = site(
        "fm",
        &[(
            "_publications/2020-01-01-p.md",
            "---\ntitle: 'Paper'\nexcerpt: 'Smith's method'\nvenue: 'J'\n---\nBody\n",
        )],
    );
    let (f, code) = jekyll(&s);
    let fm = of(&f, "front-matter");
    assert_eq!(fm.len(), 1, "{f:#?}");
    assert_eq!(at(fm[0]), "_publications/2020-01-01-p.md:3");
    assert!(
        fm[0]["fix"].as_str().unwrap_or("").contains("''"),
        "{:?}",
        fm[0]
    );
    assert_eq!(fm[0]["severity"], "error");
    assert_eq!(code, 1);
    // and no second finding about the fields the failed front matter lost
    assert!(of(&f, "academic").is_empty(), "{f:#?}");
}

#[test]
fn a_config_that_does_not_parse() {
    let s = site("cfg", &[("_config.yml", "title: 'Ann's site'\nurl: x\n")]);
    let (f, code) = jekyll(&s);
    let c = of(&f, "config");
    assert_eq!(c.len(), 1, "{f:#?}");
    assert_eq!(at(c[0]), "_config.yml:1");
    assert_eq!(code, 1);
}

#[test]
fn broken_links_and_images_are_found_where_written() {
    let s = site("links", &[
        ("about.md", "---\ntitle: About\n---\nSee [the paper](/files/missing.pdf).\n\n![me](../images/Me.png)\n\n[ok](/files/here.pdf) [ext](https://example.org/x) [top](#top)\n"),
        ("files/here.pdf", "%PDF"),
        ("images/me.png", "png"),
    ]);
    let (f, code) = jekyll(&s);
    let l = of(&f, "links");
    assert_eq!(l.len(), 2, "{f:#?}");
    let by_line: Vec<String> = l.iter().map(|x| at(x)).collect();
    assert!(by_line.contains(&"about.md:4".to_string()), "{by_line:?}");
    assert!(by_line.contains(&"about.md:6".to_string()), "{by_line:?}");
    let case = l.iter().find(|x| at(x) == "about.md:6").expect("image");
    assert!(
        case["fix"].as_str().unwrap_or("").contains("case"),
        "{case}"
    );
    assert_eq!(code, 1);
}

#[test]
fn files_named_in_stylesheets() {
    let s = site("css", &[
        ("assets/style.css", "body { background: url(\"../img/bg.png\") }\n@font-face { src: url(data:font/woff;base64,AAAA) }\n.a { background: url('../assets/main.css') }\n"),
    ]);
    let (f, _) = jekyll(&s);
    let l = of(&f, "links");
    assert_eq!(l.len(), 1, "{f:#?}");
    assert_eq!(at(l[0]), "assets/style.css:1");
}

#[test]
fn a_data_file_that_does_not_parse_and_front_matter_still_checked() {
    let s = site(
        "data",
        &[
            ("_data/people.yml", "- name: 'O'Brien'\n"),
            ("about.md", "---\ntitle: \"The \"best\" page\"\n---\n"),
        ],
    );
    let (f, code) = jekyll(&s);
    let b = of(&f, "build");
    assert_eq!(b.len(), 1, "{f:#?}");
    assert_eq!(at(b[0]), "_data/people.yml:1");
    assert!(
        b[0]["fix"].as_str().unwrap_or("").contains("''"),
        "{}",
        b[0]
    );
    let fm = of(&f, "front-matter");
    assert_eq!(fm.len(), 1, "{f:#?}");
    assert_eq!(at(fm[0]), "about.md:2");
    assert!(
        fm[0]["fix"].as_str().unwrap_or("").contains("\\\""),
        "{}",
        fm[0]
    );
    assert_eq!(code, 1);
}

#[test]
fn a_link_made_by_a_layout_is_reported_once_at_the_layout() {
    let layout = "<html><body><a href=\"/nowhere/\">x</a>{{ content }}</body></html>\n";
    let s = site(
        "layout-link",
        &[
            ("_layouts/default.html", layout),
            ("a.md", "---\ntitle: A\n---\nA\n"),
        ],
    );
    let (f, _) = jekyll(&s);
    let l = of(&f, "links");
    assert_eq!(l.len(), 1, "{f:#?}");
    assert_eq!(at(l[0]), "_layouts/default.html:1");
    assert!(
        l[0]["what"].as_str().unwrap_or("").contains("2 pages"),
        "{}",
        l[0]
    );
}

#[test]
fn baseurl_must_match_the_repository() {
    let project = CONFIG.replace("ann/ann.github.io", "ann/site");
    let s = site("base-bad", &[("_config.yml", &project)]);
    let (f, code) = jekyll(&s);
    let u = of(&f, "url");
    assert_eq!(u.len(), 1, "{f:#?}");
    assert_eq!(at(u[0]), "_config.yml:null");
    assert!(
        u[0]["fix"].as_str().unwrap_or("").contains("/site"),
        "{}",
        u[0]
    );
    assert_eq!(code, 1);

    let fixed = format!("{project}baseurl: /site\n");
    let s = site("base-good", &[("_config.yml", &fixed)]);
    let (f, code) = jekyll(&s);
    assert!(of(&f, "url").is_empty(), "{f:#?}");
    assert_eq!(code, 0, "{f:#?}");

    // a user site is served at the root
    let user = format!("{CONFIG}baseurl: /blog\n");
    let s = site("base-user", &[("_config.yml", &user)]);
    let (f, _) = jekyll(&s);
    let u = of(&f, "url");
    assert_eq!(u.len(), 1, "{f:#?}");
    assert_eq!(at(u[0]), "_config.yml:14");
}

#[test]
fn a_repository_left_from_the_template() {
    let cfg = CONFIG.replace("ann/ann.github.io", "academicpages/academicpages.github.io");
    let s = site("template-repo", &[("_config.yml", &cfg)]);
    let (f, code) = jekyll(&s);
    let u = of(&f, "url");
    assert_eq!(u.len(), 1, "{f:#?}");
    assert_eq!(at(u[0]), "_config.yml:3");
    assert_eq!(code, 0, "{f:#?}");
}

#[test]
fn pages_repo_nwo_wins_over_repository() {
    let s = site("nwo", &[]);
    let out = hyde()
        .env("PAGES_REPO_NWO", "ann/homepage")
        .args(["doctor", "--format", "json", "--profile", "jekyll", "-s"])
        .arg(&s)
        .output()
        .expect("runs");
    let f: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
    let u = of(&f, "url");
    assert!(u.iter().any(|x| at(x) == "_config.yml:3"), "{f:#?}"); // repository differs
    assert!(u.iter().any(|x| x["severity"] == "error"), "{f:#?}"); // baseurl
}

#[test]
fn no_url_is_a_warning() {
    let s = site("no-url", &[("_config.yml", "title: T\n")]);
    let (f, code) = jekyll(&s);
    let u = of(&f, "url");
    assert_eq!(u.len(), 1, "{f:#?}");
    assert_eq!(u[0]["severity"], "warning");
    assert_eq!(code, 0);
}

#[test]
fn plugins_github_pages_does_not_run() {
    let cfg = format!("{CONFIG}plugins:\n  - jekyll-feed\n  - jekyll-scholar\n");
    let s = site("plugins", &[("_config.yml", &cfg)]);
    let (f, code) = doctor(&s, &["--profile", "github-pages"]);
    let p = of(&f, "plugins");
    assert_eq!(p.len(), 1, "{f:#?}");
    assert_eq!(at(p[0]), "_config.yml:16");
    assert!(p[0]["what"]
        .as_str()
        .unwrap_or("")
        .contains("jekyll-scholar"));
    assert_eq!(code, 0, "a warning only: {f:#?}");
    // the Jekyll profile runs what it can: no warning
    let (f, _) = jekyll(&s);
    assert!(
        of(&f, "plugins").iter().all(|x| x["severity"] == "info"),
        "{f:#?}"
    );
}

#[test]
fn files_over_githubs_limit() {
    let s = site("size", &[]);
    let big = std::fs::File::create(s.join("files-video.mp4")).expect("create");
    big.set_len(101 * 1024 * 1024).expect("sparse file");
    let (f, code) = jekyll(&s);
    let z = of(&f, "file-size");
    assert_eq!(z.len(), 1, "{f:#?}");
    assert_eq!(z[0]["file"], "files-video.mp4");
    assert_eq!(code, 1);
    big.set_len(1024).expect("shrink");
    let (f, _) = jekyll(&s);
    assert!(of(&f, "file-size").is_empty(), "{f:#?}");
}

#[test]
fn documents_that_are_not_published_say_why() {
    let s = site(
        "unpub",
        &[
            (
                "_posts/2020-01-01-hidden.md",
                "---\ntitle: H\npublished: false\n---\n",
            ),
            ("_posts/2199-01-01-later.md", "---\ntitle: L\n---\n"),
            ("_posts/no-date.md", "---\ntitle: N\n---\n"),
            ("_posts/2020-02-02-shown.md", "---\ntitle: S\n---\n"),
            ("draft-page.md", "---\ntitle: D\npublished: false\n---\n"),
        ],
    );
    let (f, code) = jekyll(&s);
    let u = of(&f, "unpublished");
    let places: Vec<String> = u.iter().map(|x| at(x)).collect();
    assert!(
        places.contains(&"_posts/2020-01-01-hidden.md:3".into()),
        "{places:?}"
    );
    assert!(
        places.contains(&"_posts/2199-01-01-later.md:null".into()),
        "{places:?}"
    );
    assert!(
        places.contains(&"_posts/no-date.md:null".into()),
        "{places:?}"
    );
    assert!(places.contains(&"draft-page.md:3".into()), "{places:?}");
    assert_eq!(u.len(), 4, "{f:#?}");
    assert_eq!(code, 0);
    // `future: true` publishes the later one
    let cfg = format!("{CONFIG}future: true\n");
    std::fs::write(s.join("_config.yml"), cfg).expect("write");
    let (f, _) = jekyll(&s);
    assert_eq!(of(&f, "unpublished").len(), 3, "{f:#?}");
}

#[test]
fn publications_and_talks_the_theme_cannot_show() {
    let s = site(
        "academic",
        &[
            ("_publications/2020-01-01-p.md", "---\ntitle: P\n---\n"),
            ("_publications/undated.md", "---\ntitle: Q\nvenue: J\n---\n"),
            (
                "_publications/2020-01-02-ok.md",
                "---\ntitle: R\nvenue: J\n---\n",
            ),
            ("_talks/keynote.md", "---\ntitle: K\n---\n"),
            ("_talks/dated.md", "---\ntitle: K\ndate: 2020-05-05\n---\n"),
        ],
    );
    let (f, code) = jekyll(&s);
    let a = of(&f, "academic");
    let what: Vec<(String, String)> = a
        .iter()
        .map(|x| {
            (
                x["file"].as_str().unwrap_or("").to_string(),
                x["what"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(a.len(), 3, "{what:#?}");
    assert!(what
        .iter()
        .any(|(p, w)| p == "_publications/2020-01-01-p.md"
            && w.contains("`venue`")
            && !w.contains("`date`")));
    assert!(what
        .iter()
        .any(|(p, w)| p == "_publications/undated.md" && w.contains("`date`")));
    assert!(what.iter().any(|(p, _)| p == "_talks/keynote.md"));
    assert_eq!(code, 0);
}

#[test]
fn destination_conflicts_and_case_only_urls() {
    let s = site(
        "conflicts",
        &[
            ("a.md", "---\ntitle: A\npermalink: /same/\n---\n"),
            ("b.md", "---\ntitle: B\npermalink: /same/\n---\n"),
            ("c.md", "---\ntitle: C\npermalink: /Case/\n---\n"),
            ("d.md", "---\ntitle: D\npermalink: /case/\n---\n"),
        ],
    );
    let (f, _) = jekyll(&s);
    let c = of(&f, "conflicts");
    assert_eq!(c.len(), 1, "{f:#?}");
    assert!(c[0]["what"]
        .as_str()
        .unwrap_or("")
        .contains("same/index.html"));
    assert_eq!(of(&f, "url-case").len(), 1, "{f:#?}");
}

#[test]
fn deprecated_configuration() {
    let cfg = format!("{CONFIG}relative_permalinks: true\ngems:\n  - jekyll-feed\n");
    let s = site("deprecated", &[("_config.yml", &cfg)]);
    let (f, _) = jekyll(&s);
    let d = of(&f, "deprecated");
    assert_eq!(d.len(), 2, "{f:#?}");
    let places: Vec<String> = d.iter().map(|x| at(x)).collect();
    assert!(places.contains(&"_config.yml:14".into()), "{places:?}");
    assert!(places.contains(&"_config.yml:15".into()), "{places:?}");
}

#[test]
fn a_missing_site_is_a_clear_error() {
    let out = hyde()
        .args(["doctor", "-s", "/nonexistent/hyde-doctor-site"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nonexistent"));
}

/// The `PAGES_REPO_NWO` (and other) variables a corpus site was built with.
fn corpus_env(site: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(site.join("../env"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

#[test]
fn every_corpus_site_without_a_crash() {
    let Some(sites) = corpus_sites() else {
        eprintln!("skipped: ../shared/corpus absent");
        return;
    };
    let mut counts: std::collections::BTreeMap<(String, String), usize> = Default::default();
    for s in &sites {
        let out = hyde()
            .envs(corpus_env(s))
            .args(["doctor", "--format", "json", "-s"])
            .arg(s)
            .output()
            .expect("hyde runs");
        let code = out.status.code();
        assert!(
            matches!(code, Some(0) | Some(1)),
            "{}: exit {code:?}\n{}",
            s.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let f: Vec<Value> = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{}: JSON does not parse: {e}", s.display()));
        assert_eq!(code == Some(1), f.iter().any(|x| x["severity"] == "error"));
        for x in &f {
            let key = (
                x["check"].as_str().unwrap_or("").to_string(),
                x["severity"].as_str().unwrap_or("").to_string(),
            );
            *counts.entry(key).or_default() += 1;
        }
        assert!(!s.join("_site").exists() || s.join("_site").is_dir());
    }
    println!(
        "doctor over {} corpus sites, findings per check:",
        sites.len()
    );
    for ((check, severity), n) in &counts {
        println!("  {check:<14} {severity:<8} {n}");
    }
}

//! GitHub's own Pages builder test projects (../shared/pages-builder-cases),
//! with the files the real builder (the github-pages gem on Jekyll 3.10, in
//! production, PAGES_REPO_NWO=actions/jekyll-build-pages) wrote. hyde builds
//! each in the github-pages profile. What cannot match offline is left out,
//! as the cases' README lists: the default theme's files and layouts
//! (jekyll-theme-primer is not installed), so only projects with their own
//! layouts are compared file by file. Skipped, saying so, when ../shared is
//! absent.

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn case(name: &str) -> Option<PathBuf> {
    let dir = shared()?.join("pages-builder-cases").join(name);
    dir.join("_expected").is_dir().then_some(dir)
}

/// Build a case as GitHub's builder does; the output folder.
fn build(dir: &Path, name: &str) -> PathBuf {
    let tmp = tempdir(&format!("pages-builder-{name}"));
    let src = tmp.join("site");
    copy_site(dir, &src, &["_expected"]);
    let out = tmp.join("out");
    let o = hyde()
        .env("JEKYLL_ENV", "production")
        .env("PAGES_REPO_NWO", "actions/jekyll-build-pages")
        .args(["build", "-q", "--profile", "github-pages", "-s"])
        .arg(&src)
        .arg("-d")
        .arg(&out)
        .output()
        .expect("the hyde binary runs");
    assert!(
        o.status.success(),
        "{name}: hyde build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

/// The default theme's files, which the real builder adds and hyde cannot.
fn theme_file(f: &str) -> bool {
    f.starts_with("assets/")
}

#[test]
fn mojombo_matches_the_real_builder() {
    let Some(dir) = case("mojombo") else {
        eprintln!("skipped: ../shared/pages-builder-cases/mojombo absent");
        return;
    };
    let out = build(&dir, "mojombo");
    let expected = dir.join("_expected");
    let mut bad = Vec::new();
    let mut compared = 0;
    for f in file_list(&expected) {
        if theme_file(&f) {
            continue;
        }
        compared += 1;
        match (
            std::fs::read(expected.join(&f)),
            std::fs::read(out.join(&f)),
        ) {
            (Ok(a), Ok(b)) if a == b => {}
            (Ok(_), Ok(_)) => bad.push(format!("different {f}")),
            _ => bad.push(format!("missing {f}")),
        }
    }
    println!("mojombo: {compared} files compared byte for byte");
    assert!(compared >= 20, "the case shrank: {compared} files");
    assert!(
        bad.is_empty(),
        "mojombo differs from GitHub's build: {bad:#?}"
    );
}

/// `future:` decides which posts exist (GitHub's builder: the site's value).
#[test]
fn future_posts_as_the_real_builder() {
    for name in ["future-false", "future-true"] {
        let Some(dir) = case(name) else {
            eprintln!("skipped: ../shared/pages-builder-cases/{name} absent");
            return;
        };
        let out = build(&dir, name);
        let html = |root: &Path| -> Vec<String> {
            file_list(root)
                .into_iter()
                .filter(|f| !theme_file(f) && f.ends_with(".html") && f != "index.html")
                .collect()
        };
        assert_eq!(html(&out), html(&dir.join("_expected")), "{name}");
    }
}

/// `include_cached` (jekyll-include-cache, whitelisted) renders its include.
#[test]
fn include_cache_renders_the_include() {
    let Some(dir) = case("jekyll-include-cache") else {
        eprintln!("skipped: ../shared/pages-builder-cases/jekyll-include-cache absent");
        return;
    };
    let out = build(&dir, "jekyll-include-cache");
    let want = std::fs::read_to_string(dir.join("_expected/index.html")).expect("expected");
    let got = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    let body = "<p>Buy our red shirt in medium!</p>";
    assert!(want.contains(body) && got.contains(body), "{got}");
}

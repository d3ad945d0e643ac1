//! The corpora: real academicpages builds scored with
//! ../shared/tools/compat, in both profiles: `--profile jekyll` against what
//! Jekyll 4.3.1 made (`expected/`), `--profile github-pages` against what
//! GitHub Pages made (`expected-pages/`). ../shared/corpus has a test per
//! site; ../shared/corpus-wide (about twenty sites, 2017–2026) one per
//! profile over all its sites. Skipped, saying so, when ../shared is absent.

mod common;

use std::process::Command;

use common::*;

/// `compat` output for one site, or `None` when the corpus is absent.
fn compat(site: &str, pages: bool) -> Option<String> {
    let shared = shared()?;
    let tool = shared.join("tools/compat");
    let reference = if pages { "expected-pages" } else { "expected" };
    if !tool.exists() || !shared.join("corpus").join(site).join(reference).is_dir() {
        return None;
    }
    let profile = if pages { "github-pages" } else { "jekyll" };
    let out = Command::new("python3")
        .arg(&tool)
        .args(["--min", "0", "--expected", reference, "--site", site, "--"])
        .arg(env!("CARGO_BIN_EXE_hyde"))
        .args(["build", "--profile", profile])
        .output()
        .expect("python3 runs compat");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    println!("{text}");
    Some(text)
}

fn assert_full(site: &str, pages: bool) {
    let Some(text) = compat(site, pages) else {
        eprintln!("skipped: ../shared/corpus/{site} (or ../shared/tools/compat) absent");
        return;
    };
    let whose = if pages { "GitHub Pages'" } else { "Jekyll's" };
    assert!(
        text.contains(&format!("{site}: 100.0% of")),
        "{site} is not byte-for-byte {whose}:\n{text}"
    );
}

macro_rules! sites {
    ($($jekyll:ident, $pages:ident => $site:literal;)*) => {
        $(
            #[test]
            fn $jekyll() {
                assert_full($site, false);
            }

            #[test]
            fn $pages() {
                assert_full($site, true);
            }
        )*
    };
}

sites! {
    academicpages_2021, academicpages_2021_pages => "academicpages-2021";
    academicpages_2024, academicpages_2024_pages => "academicpages-2024";
    academicpages_2024_production, academicpages_2024_production_pages => "academicpages-2024-production";
    academicpages_2025, academicpages_2025_pages => "academicpages-2025";
}

/// Every site of ../shared/corpus-wide in one compat run: each at 100.0%,
/// no build failed.
fn assert_wide(pages: bool) {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared absent");
        return;
    };
    let wide = shared.join("corpus-wide");
    let tool = shared.join("tools/compat");
    if !wide.is_dir() || !tool.exists() {
        eprintln!("skipped: ../shared/corpus-wide (or ../shared/tools/compat) absent");
        return;
    }
    let reference = if pages { "expected-pages" } else { "expected" };
    let profile = if pages { "github-pages" } else { "jekyll" };
    let out = Command::new("python3")
        .arg(&tool)
        .args(["--min", "0", "--expected", reference, "--corpus"])
        .arg(&wide)
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_hyde"))
        .args(["build", "--profile", profile])
        .output()
        .expect("python3 runs compat");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    println!("{text}");
    let sites = std::fs::read_dir(&wide)
        .map(|d| {
            d.flatten()
                .filter(|e| e.path().join(reference).is_dir())
                .count()
        })
        .unwrap_or(0);
    // the site lines; the closing `compat: 100.0% of ...` total is not one
    let full = text
        .lines()
        .filter(|l| !l.starts_with("compat:") && l.contains(": 100.0% of "))
        .count();
    assert!(sites > 0, "no site with {reference}/ in {}", wide.display());
    assert!(
        full == sites && text.contains(" 0 builds failed"),
        "{full} of {sites} corpus-wide sites match {profile}'s reference byte for byte:\n{text}"
    );
}

#[test]
fn corpus_wide_jekyll() {
    assert_wide(false);
}

#[test]
fn corpus_wide_pages() {
    assert_wide(true);
}

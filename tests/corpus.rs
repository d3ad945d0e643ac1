//! The corpus: four real academicpages builds scored with
//! ../shared/tools/compat, in both profiles: `--profile jekyll` against what
//! Jekyll 4.3.1 made (`expected/`), `--profile github-pages` against what
//! GitHub Pages made (`expected-pages/`). Skipped, saying so, when
//! ../shared is absent.

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

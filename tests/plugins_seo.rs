//! jekyll-seo-tag: small sites under tests/fixtures/seo/<case>/src, built by
//! Jekyll 4.3.1 with jekyll-seo-tag 2.8.0 into `expected/`; hyde's build of
//! each must give the same files, byte for byte.

mod common;

use std::path::Path;

use common::{copy_site, root, run_build, tempdir};

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(dir)
                .ok()
                .map(|p| p.to_string_lossy().into_owned())
        })
        .collect();
    v.sort();
    v
}

fn check(case: &str) {
    let fixture = root().join("tests/fixtures/seo").join(case);
    let tmp = tempdir(&format!("seo-{case}"));
    let src = tmp.join("src");
    let out = tmp.join("out");
    copy_site(&fixture.join("src"), &src, &[]);
    let o = run_build(&src, &out, &[]);
    assert!(
        o.status.success(),
        "hyde build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let expected = fixture.join("expected");
    assert_eq!(files(&expected), files(&out), "the same files");
    let mut bad = Vec::new();
    for f in files(&expected) {
        let want = std::fs::read_to_string(expected.join(&f)).expect("read expected");
        let got = std::fs::read_to_string(out.join(&f)).expect("read ours");
        if want != got {
            bad.push(format!("--- {f}\nJekyll:\n{want}\nhyde:\n{got}"));
        }
    }
    assert!(
        bad.is_empty(),
        "{case}: {} files differ\n{}",
        bad.len(),
        bad.join("\n")
    );
    let _ = std::fs::remove_dir_all(&tmp);
}

/// Site title, tagline, description, url + baseurl, author hash, twitter,
/// facebook, logo, social, webmaster verifications; pages with seo: front
/// matter, image hashes, authors from _data, `title=false`, canonical_url,
/// lang/locale; posts (excerpt descriptions, last_modified_at); paginated
/// index pages ("Page 2 of 3 for ...").
#[test]
fn full_site() {
    check("full");
}

/// No title, description, url or author at all.
#[test]
fn minimal_site() {
    check("minimal");
}

/// `name` instead of `title`, author and twitter as strings, a page titled
/// as the site, an author list that is not resolvable.
#[test]
fn title_only_site() {
    check("titleonly");
}

/// A trailing `/` in `url`, `locale`, an absolute logo, an Organization
/// author, a collection with a directory permalink, a document author with
/// only a twitter handle, an image from `image.twitter`, a Markdown title,
/// an explicit `excerpt`, a numeric description, `seo.type`, the about page.
#[test]
fn variants_site() {
    check("variants");
}

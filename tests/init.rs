//! `hyde init github-pages`: writes `.github/workflows/pages.yml` into the
//! site; the same file a second time is left as it is (exit 0); a different
//! one is refused, named, and kept, unless `--force` replaces it; and this
//! repository's own workflow is exactly what it writes.

mod common;

use common::*;

const WORKFLOW: &str = ".github/workflows/pages.yml";

fn init(site: &std::path::Path, force: bool) -> std::process::Output {
    let mut c = hyde();
    c.args(["init", "github-pages", "-s"]).arg(site);
    if force {
        c.arg("--force");
    }
    c.output().expect("hyde runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn writes_the_workflow_then_keeps_it_then_replaces_it_only_with_force() {
    let site = tempdir("init-pages");
    let path = site.join(WORKFLOW);

    let out = init(&site, false);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&path).expect("the workflow was written");
    assert_eq!(written, hyde::init::github_pages_workflow());
    let said = text(&out.stdout);
    assert!(said.contains("Source: GitHub Actions"), "{said}");
    let pin = format!("{}=={}", hyde::init::DIST, env!("CARGO_PKG_VERSION"));
    assert!(written.contains(&pin), "not pinned to {pin}");
    assert!(written.contains("include-hidden-files: true"));
    assert!(written.contains("actions/configure-pages"));
    assert!(written.contains("actions/deploy-pages"));

    // the same file again: nothing to do
    let out = init(&site, false);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Up to date"),
        "{}",
        text(&out.stdout)
    );

    // a different file: refused, named, kept
    std::fs::write(&path, "name: mine\n").expect("write");
    let out = init(&site, false);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("pages.yml") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "name: mine\n"
    );

    // replaced with --force
    let out = init(&site, true);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        hyde::init::github_pages_workflow()
    );
    let _ = std::fs::remove_dir_all(&site);
}

#[test]
fn a_site_that_is_not_a_folder_is_refused() {
    let tmp = tempdir("init-missing");
    let out = init(&tmp.join("nowhere"), false);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("nowhere") && err.contains("not a folder"),
        "{err}"
    );
    assert!(!tmp.join("nowhere").exists());
    let _ = std::fs::remove_dir_all(&tmp);
}

/// The repository's own workflow is the template's output for this version
/// (`hyde init github-pages -s . --force` after a change to either).
#[test]
fn the_repository_workflow_is_the_template() {
    let ours = std::fs::read_to_string(root().join(WORKFLOW)).expect("the repository's workflow");
    assert!(
        ours == hyde::init::github_pages_workflow(),
        "{WORKFLOW} differs from what `hyde init github-pages` writes: \
         run `cargo run --release -- init github-pages -s . --force`"
    );
}

//! `hyde new DIR`: the embedded theme written into a new folder builds
//! with no error (and `hyde doctor` finds no error in it); a folder that
//! is not empty is refused and left as it was.

mod common;

use common::*;

#[test]
fn a_new_site_builds() {
    let tmp = tempdir("new-site");
    let dir = tmp.join("mysite");
    let out = hyde().arg("new").arg(&dir).output().expect("hyde runs");
    assert!(
        out.status.success(),
        "hyde new failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in [
        "_config.yml",
        "_layouts/default.html",
        "_pages/about.md",
        ".gitignore",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    // none of the Rust project
    for f in [
        "src",
        "tests",
        "target",
        "Cargo.toml",
        "scripts",
        "docs",
        "README.md",
    ] {
        assert!(!dir.join(f).exists(), "{f} should not be in a new site");
    }
    let dest = tmp.join("out");
    let b = run_build(&dir, &dest, &[]);
    let stderr = String::from_utf8_lossy(&b.stderr);
    assert!(b.status.success(), "hyde build failed:\n{stderr}");
    assert!(!stderr.contains("Error"), "{stderr}");
    assert!(dest.join("index.html").is_file());

    let d = hyde()
        .env_remove("PAGES_REPO_NWO")
        .args(["doctor", "--format", "json", "-s"])
        .arg(&dir)
        .output()
        .expect("hyde runs");
    let findings: serde_json::Value = serde_json::from_slice(&d.stdout).expect("json");
    let errors: Vec<_> = findings
        .as_array()
        .expect("array")
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(d.status.code(), Some(0));
}

#[test]
fn a_folder_that_is_not_empty_is_refused() {
    let tmp = tempdir("new-site-full");
    std::fs::write(tmp.join("notes.txt"), "mine").expect("write");
    let out = hyde().arg("new").arg(&tmp).output().expect("hyde runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not empty"), "{err}");
    let names: Vec<_> = std::fs::read_dir(&tmp).expect("dir").flatten().collect();
    assert_eq!(names.len(), 1, "hyde new wrote into a folder it refused");

    // a file is refused too
    let out = hyde()
        .arg("new")
        .arg(tmp.join("notes.txt"))
        .output()
        .expect("runs");
    assert!(!out.status.success());
}

#[test]
fn an_empty_folder_is_used() {
    let tmp = tempdir("new-site-empty");
    let out = hyde().arg("new").arg(&tmp).output().expect("hyde runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(tmp.join("_config.yml").is_file());
}

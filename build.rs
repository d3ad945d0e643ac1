//! Embeds the site half of this repository (hyde's own theme and its
//! placeholder content: `_config.yml`, the `_`-folders, `assets`, `files`,
//! `images`) for `hyde new`: writes `$OUT_DIR/scaffold_files.rs`, a sorted
//! list of `(path, include_bytes!(...))`. The Rust project, its tests,
//! scripts, docs and build output are not part of a site.
//!
//! Also sets `HYDE_LONG_VERSION` for `hyde --version`: the package version
//! and the commit it was built from (`0.1.0 (abc1234 2026-12-02)`): the
//! `HYDE_COMMIT` environment variable when set (the release workflow sets
//! it), else `git` in a checkout, else `unknown`.

use std::path::{Path, PathBuf};

/// Top-level folders of a site besides the `_`-folders.
const FOLDERS: &[&str] = &["assets", "files", "images"];
/// `_`-folders that are not part of a site.
const NOT_SITE: &[&str] = &["_site"];

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut tops: Vec<String> = vec!["_config.yml".into()];
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .expect("the package folder")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            (n.starts_with('_') && !NOT_SITE.contains(&n.as_str())) || FOLDERS.contains(&n.as_str())
        })
        .collect();
    names.sort();
    tops.extend(names);
    // (a `_`-folder added at the root is picked up at the next build of
    // the crate: watching `.` would rerun this on every build, `target/` included)
    println!("cargo:rerun-if-changed=build.rs");
    position_dependent_binary();
    let mut files = Vec::new();
    for t in &tops {
        println!("cargo:rerun-if-changed={t}");
        collect(&root, &root.join(t), &mut files);
    }
    files.sort();
    let mut out = String::from("/// The new site's files: (path relative to the site, contents).\npub static FILES: &[(&str, &[u8])] = &[\n");
    for rel in &files {
        let abs = root.join(rel);
        out.push_str(&format!(
            "    ({rel:?}, include_bytes!({:?})),\n",
            abs.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest =
        PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("scaffold_files.rs");
    std::fs::write(dest, out).expect("write scaffold_files.rs");
    long_version(&root);
}

/// A commit as `git log --format=%h` shows it: a full hexadecimal hash cut
/// to 7 characters; anything else (a tag, a description) as it is.
fn short(commit: String) -> String {
    let commit = commit.trim();
    if commit.len() == 40 && commit.bytes().all(|b| b.is_ascii_hexdigit()) {
        commit[..7].to_string()
    } else {
        commit.to_string()
    }
}

/// The `hyde` binary is linked at a fixed address where the target is
/// x86-64 Linux (`-no-pie`): a position-independent executable has the
/// dynamic loader patch about 108,000 addresses at every start, touching
/// some 900 pages; `hyde build` starts twice (its Sass worker is a second
/// process). The library, tests and Python module are left as they are.
fn position_dependent_binary() {
    let target = std::env::var("TARGET").unwrap_or_default();
    if target == "x86_64-unknown-linux-gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// `cargo:rustc-env=HYDE_LONG_VERSION=...`: the commit from `HYDE_COMMIT`
/// (what the release workflow builds), else from `git`.
fn long_version(root: &Path) {
    println!("cargo:rerun-if-env-changed=HYDE_COMMIT");
    let git = |args: &[&str]| -> Option<String> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .ok()?;
        let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
        (out.status.success() && !text.is_empty()).then_some(text)
    };
    // only this package's own checkout: not a repository it was unpacked into
    let own = git(&["rev-parse", "--show-toplevel"])
        .and_then(|top| std::fs::canonicalize(top).ok())
        .zip(std::fs::canonicalize(root).ok())
        .is_some_and(|(top, root)| top == root);
    // (the checkout's HEAD is not watched: a new commit would rerun this
    // script and so recompile the whole crate; a local build names the
    // commit its build script last ran at, a release build sets
    // HYDE_COMMIT)
    let from_git = if own {
        git(&["log", "-1", "--format=%h %cs"])
    } else {
        None
    };
    let commit = std::env::var("HYDE_COMMIT")
        .ok()
        .map(short)
        .filter(|c| !c.is_empty())
        .or(from_git)
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "unknown".to_string());
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    println!("cargo:rustc-env=HYDE_LONG_VERSION={version} ({commit})");
}

fn collect(root: &Path, path: &Path, out: &mut Vec<String>) {
    let Ok(meta) = std::fs::metadata(path) else {
        return;
    };
    if meta.is_file() {
        if let Ok(rel) = path.strip_prefix(root) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    } else if meta.is_dir() {
        for e in std::fs::read_dir(path).into_iter().flatten().flatten() {
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            collect(root, &e.path(), out);
        }
    }
}

//! Embeds the site half of this repository (hyde's own theme and its
//! placeholder content: `_config.yml`, the `_`-folders, `assets`, `files`,
//! `images`) for `hyde new`: writes `$OUT_DIR/scaffold_files.rs`, a sorted
//! list of `(path, include_bytes!(...))`. The Rust project, its tests,
//! scripts, docs and build output are not part of a site.

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

//! `hyde new DIR`: a new site with hyde's own theme. The repository root is
//! itself a site; its site files (`_config.yml`, `_layouts`, `_includes`,
//! `_sass`, `_data`, `assets`, the placeholder `_pages`, `_publications`,
//! `_talks`...) are embedded in the binary by `build.rs` and written out.

use std::path::Path;

use crate::error::{Error, Result};

include!(concat!(env!("OUT_DIR"), "/scaffold_files.rs"));

/// The opening comment of a new site's `_config.yml` (the repository's own
/// speaks of the repository).
const CONFIG_HEADER: &str =
    "# Site settings, made by `hyde new`: the keys of the academicpages theme.
# Set title, author, url and repository; `hyde doctor` checks them.
#
# `hyde serve` and `jekyll serve` do not reload this file: restart after editing.
";

/// `_config.yml` with its opening comment (up to the first blank line)
/// replaced by [`CONFIG_HEADER`].
fn new_config(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    if !text.starts_with('#') {
        return bytes.to_vec();
    }
    match text.find("\n\n") {
        Some(i) => format!("{CONFIG_HEADER}{}", &text[i + 1..]).into_bytes(),
        None => bytes.to_vec(),
    }
}

/// What `git` should not track in a new site.
const GITIGNORE: &str = "_site/\n.hyde-cache/\n.jekyll-cache/\n.sass-cache/\n";

/// Write a new site into `dir` (created if missing; refused unless empty).
/// Returns the number of files written.
pub fn create(dir: &Path) -> Result<usize> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Path {
            path: dir.to_path_buf(),
            message: "is a file: `hyde new` needs a new or empty folder".into(),
        });
    }
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Error::Path {
                    path: dir.to_path_buf(),
                    message: "exists and is not empty: `hyde new` only writes into a new or empty folder (choose another name, or empty it first)".into(),
                });
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(dir, e)),
    }
    let mut written = 0;
    for (rel, bytes) in FILES
        .iter()
        .copied()
        .chain([(".gitignore", GITIGNORE.as_bytes())])
    {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let bytes = if rel == "_config.yml" {
            new_config(bytes)
        } else {
            bytes.to_vec()
        };
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
        written += 1;
    }
    Ok(written)
}

/// `hyde new DIR`: create the site and say what to do next.
pub fn cli(dir: &Path) -> std::process::ExitCode {
    match create(dir) {
        Ok(n) => {
            println!(
                "New site with hyde's theme created at {} ({n} files).",
                dir.display()
            );
            println!("Next: edit _config.yml (title, author, url, repository), then");
            println!("  hyde serve -s {}", dir.display());
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", crate::site::format_log("Error:", &e.to_string()));
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_theme_is_embedded_without_the_rust_project() {
        let has = |p: &str| super::FILES.iter().any(|(r, _)| *r == p);
        assert!(has("_config.yml"));
        assert!(has("_layouts/default.html"));
        assert!(!super::FILES.iter().any(|(r, _)| r.starts_with("src/")
            || r.starts_with("tests/")
            || r.starts_with("target/")
            || r.starts_with("Cargo")));
    }
}

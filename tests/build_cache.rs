//! hyde's build cache (`.jekyll-cache/hyde/`) is exact: on the repository's
//! own site and on every ../shared/corpus site (when present), a build with
//! the cache cold, warm, after editing a Sass partial, a Markdown body and
//! `_config.yml`, and with damaged cache files, is byte-identical to a
//! `--disable-disk-cache` build of the same sources; and no build writes
//! anywhere in the source but the cache folder.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// Every file under `root` with its bytes, except under `skip`.
fn snapshot(root: &Path, skip: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.path().starts_with(skip))
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap_or(e.path());
            let bytes = if e.file_type().is_file() {
                std::fs::read(e.path()).unwrap_or_default()
            } else {
                Vec::new()
            };
            (rel.to_string_lossy().into_owned(), bytes)
        })
        .collect();
    out.sort();
    out
}

/// `KEY=VALUE` lines of a corpus site's `env` file (e.g. PAGES_REPO_NWO).
fn site_env(src: &Path) -> Vec<(String, String)> {
    let file = src.parent().map(|p| p.join("env")).unwrap_or_default();
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// Build `src` into a fresh `dest`, with or without the cache; panics with
/// hyde's output when the build fails.
fn build(src: &Path, dest: &Path, cache: bool, env: &[(String, String)]) {
    let _ = std::fs::remove_dir_all(dest);
    let mut c = hyde();
    c.arg("build")
        .arg("-q")
        .arg("-s")
        .arg(src)
        .arg("-d")
        .arg(dest);
    if !cache {
        c.arg("--disable-disk-cache");
    }
    c.envs(env.iter().map(|(k, v)| (k, v)));
    let out = c.output().expect("the hyde binary runs");
    assert!(
        out.status.success(),
        "hyde build {} failed:\n{}{}",
        src.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The cached build of `src` equals the uncached one, file for file.
fn assert_exact(src: &Path, work: &Path, step: &str, env: &[(String, String)]) {
    let plain = work.join("plain");
    let cached = work.join("cached");
    build(src, &plain, false, env);
    build(src, &cached, true, env);
    let a = snapshot(&plain, &plain.join("\0"));
    let b = snapshot(&cached, &cached.join("\0"));
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "{step}: other files with the cache");
    for ((n, x), (_, y)) in a.iter().zip(&b) {
        assert!(
            x == y,
            "{step}: {n} differs with the cache ({})",
            src.display()
        );
    }
}

/// A file under `dir` (recursively) whose name ends with `suffix`.
fn find(dir: &Path, suffix: &str) -> Option<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .find(|p| p.is_file() && p.to_string_lossy().ends_with(suffix))
}

fn append(path: &Path, text: &str) {
    let mut s = std::fs::read_to_string(path).expect("read");
    s.push_str(text);
    std::fs::write(path, s).expect("write");
}

/// The names of the source's files (all but hyde's cache and the folder
/// holding it), and whether their bytes are unchanged since `before`.
fn source_unchanged(src: &Path, before: &[(String, Vec<u8>)], name: &str) {
    let cache = src.join(".jekyll-cache");
    let now: Vec<(String, Vec<u8>)> = snapshot(src, &cache.join("hyde"))
        .into_iter()
        .filter(|(n, _)| Path::new(n) != Path::new(".jekyll-cache"))
        .collect();
    let before: Vec<&(String, Vec<u8>)> = before
        .iter()
        .filter(|(n, _)| Path::new(n) != Path::new(".jekyll-cache"))
        .collect();
    let changed: Vec<&String> = now
        .iter()
        .filter(|e| !before.contains(e))
        .map(|(n, _)| n)
        .chain(before.iter().filter(|e| !now.contains(e)).map(|e| &e.0))
        .collect();
    assert!(
        changed.is_empty(),
        "{name}: a build wrote into the source outside the cache: {changed:?}"
    );
}

fn check_site(from: &Path, skip: &[&str], name: &str) {
    let work = tempdir(&format!("cache-{name}"));
    let src = work.join("site");
    copy_site(from, &src, skip);
    let env = site_env(from);
    let env = env.as_slice();
    let cache = src.join(".jekyll-cache/hyde");
    let before = snapshot(&src, &cache);

    assert_exact(&src, &work, "cold", env);
    let stores: Vec<PathBuf> = ["markdown.cache", "sass.cache"]
        .iter()
        .map(|n| cache.join(n))
        .filter(|p| p.is_file())
        .collect();
    assert!(
        !stores.is_empty(),
        "{name}: the cold build wrote no cache in {}",
        cache.display()
    );
    assert_eq!(
        std::fs::read_to_string(cache.join(".gitignore"))
            .ok()
            .as_deref(),
        Some("*\n"),
        "{name}: the cache folder's .gitignore"
    );
    assert_exact(&src, &work, "warm", env);
    source_unchanged(&src, &before, name);

    if let Some(partial) = find(&src.join("_sass"), ".scss") {
        append(&partial, "\n.hyde-cache-test { color: #123456; }\n");
        assert_exact(&src, &work, "after editing a Sass partial", env);
    }
    if let Some(md) = find(&src.join("_pages"), ".md").or_else(|| find(&src, ".md")) {
        append(&md, "\n\nAn added paragraph with `code` and *emphasis*.\n");
        assert_exact(&src, &work, "after editing a Markdown body", env);
    }
    append(&src.join("_config.yml"), "\nkramdown:\n  auto_ids: false\n");
    assert_exact(&src, &work, "after editing _config.yml", env);

    // damaged stores: truncated, garbled, emptied, replaced by a folder
    for (i, store) in stores.iter().enumerate() {
        let bytes = std::fs::read(store).unwrap_or_default();
        match i % 2 {
            0 => std::fs::write(store, &bytes[..bytes.len() / 2]).expect("truncate"),
            _ => {
                let mut b = bytes.clone();
                let mid = b.len() / 2;
                b[mid] ^= 0x55;
                std::fs::write(store, b).expect("garble");
            }
        }
    }
    assert_exact(&src, &work, "with damaged cache files", env);
    for store in &stores {
        std::fs::write(store, b"").expect("empty");
    }
    assert_exact(&src, &work, "with empty cache files", env);
    let _ = std::fs::remove_dir_all(&work);
}

#[test]
fn the_repository_site_builds_the_same_with_the_cache() {
    check_site(&root(), NOT_SITE, "self");
}

#[test]
fn corpus_sites_build_the_same_with_the_cache() {
    let Some(shared) = shared() else {
        println!("skipped: ../shared absent");
        return;
    };
    let corpus = shared.join("corpus");
    let mut sites: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("site").is_dir())
        .collect();
    sites.sort();
    for s in sites {
        let name = s
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        check_site(&s.join("site"), &[], &name);
    }
}

/// `disable_disk_cache: true` in `_config.yml` turns the cache off as the flag does.
#[test]
fn config_key_disables_the_cache() {
    let work = tempdir("cache-config-off");
    let src = work.join("site");
    std::fs::create_dir_all(src.join("_sass")).expect("mkdir");
    std::fs::write(src.join("_config.yml"), "disable_disk_cache: true\n").expect("config");
    std::fs::write(src.join("index.md"), "---\n---\n# Hi\n\nText.\n").expect("page");
    build(&src, &work.join("out"), true, &[]);
    assert!(
        !src.join(".jekyll-cache").exists(),
        "the cache was written although disabled"
    );
    std::fs::write(src.join("_config.yml"), "cache_dir: my-cache\n").expect("config");
    build(&src, &work.join("out"), true, &[]);
    assert!(
        src.join("my-cache/hyde/markdown.cache").is_file(),
        "cache_dir is not where the cache went"
    );
    build(&src, &work.join("out"), true, &[]);
    assert!(
        !work.join("out/my-cache").exists(),
        "the cache folder was read as site content"
    );
    let _ = std::fs::remove_dir_all(&work);
}

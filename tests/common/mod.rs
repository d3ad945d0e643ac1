//! Shared helpers for the integration tests: run the `hyde` binary, copy a
//! site with fixed file times, and compare two built sites the way
//! `../shared/tools/sitediff` judges them (bytes, or what a browser sees).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, UNIX_EPOCH};

use regex::Regex;

/// The instant the reference builds were made at (2026-01-01T00:00:00Z).
pub const EPOCH: u64 = 1_767_225_600;

pub fn hyde() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hyde"));
    c.env("SOURCE_DATE_EPOCH", EPOCH.to_string())
        .env("TZ", "UTC")
        .env_remove("JEKYLL_ENV");
    c
}

pub fn run_build(src: &Path, dest: &Path, extra: &[&str]) -> Output {
    let mut c = hyde();
    c.arg("build")
        .arg("-q")
        .arg("-s")
        .arg(src)
        .arg("-d")
        .arg(dest)
        .args(extra);
    c.output().expect("the hyde binary runs")
}

/// What scripts/site-files.sh leaves out: the Rust project and build output.
pub const NOT_SITE: &[&str] = &[
    ".git",
    ".github",
    ".ci",
    ".gitignore",
    ".jekyll-cache",
    ".hyde-cache",
    ".sass-cache",
    "_site",
    "target",
    "src",
    "tests",
    "benches",
    "examples",
    "scripts",
    "docs",
    "node_modules",
    "Cargo.toml",
    "Cargo.lock",
    "pyproject.toml",
    "build.rs",
    "README.md",
    "LICENSE",
    "CHANGELOG.md",
    "CONTRIBUTING.md",
    "rustfmt.toml",
    "clippy.toml",
    "deny.toml",
    "rust-toolchain.toml",
];

/// The repository root (also a site).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared`, when it is there.
pub fn shared() -> Option<PathBuf> {
    let p = root().join("../shared");
    p.is_dir().then_some(p)
}

/// The corpora of real sites: `../shared/corpus` and `../shared/corpus-wide`.
pub const CORPORA: &[&str] = &["corpus", "corpus-wide"];

/// Every `site/` folder of both corpora, sorted; `None` (the caller says it
/// skipped) when `../shared/corpus` is absent.
pub fn corpus_sites() -> Option<Vec<PathBuf>> {
    let shared = shared()?;
    if !shared.join("corpus").is_dir() {
        return None;
    }
    let mut sites: Vec<PathBuf> = CORPORA
        .iter()
        .flat_map(|c| {
            std::fs::read_dir(shared.join(c))
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|e| e.path().join("site"))
        .filter(|p| p.is_dir())
        .collect();
    sites.sort();
    Some(sites)
}

pub fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("hyde-test-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// Copy `from` to `to` (skipping top-level names in `skip`), every file's
/// modification time set to `EPOCH`.
pub fn copy_site(from: &Path, to: &Path, skip: &[&str]) {
    for e in walkdir::WalkDir::new(from).into_iter().filter_entry(|e| {
        e.depth() != 1 || !skip.iter().any(|s| e.file_name().to_string_lossy() == *s)
    }) {
        let e = e.expect("walk");
        let rel = e.path().strip_prefix(from).expect("inside");
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else if e.file_type().is_file() {
            std::fs::copy(e.path(), &dest).expect("copy");
            let f = std::fs::File::options()
                .write(true)
                .open(&dest)
                .expect("open");
            f.set_modified(UNIX_EPOCH + Duration::from_secs(EPOCH))
                .expect("mtime");
        }
    }
}

fn norm_markup(s: &str) -> String {
    let s = s.trim_start_matches('\u{feff}');
    let ws = Regex::new(r"\s+").expect("re");
    let s = ws.replace_all(s, " ");
    let between = Regex::new(r">\s+<").expect("re");
    let s = between.replace_all(&s, "><");
    let before = Regex::new(r"\s+>").expect("re");
    before.replace_all(&s, ">").trim().to_string()
}

fn norm_css(s: &str) -> String {
    let s = s.trim_start_matches('\u{feff}');
    let s = Regex::new(r"(?s)/\*.*?\*/").expect("re").replace_all(s, "");
    let s = s.replace('\'', "\"");
    let s = Regex::new(r"(^|[^\w.])0+\.(\d)")
        .expect("re")
        .replace_all(&s, "$1.$2");
    let s = Regex::new(r"[ \t\r\n\f]+")
        .expect("re")
        .replace_all(&s, " ");
    let s = Regex::new(r" ?([{}:;,>+~()]) ?")
        .expect("re")
        .replace_all(&s, "$1");
    s.replace(";}", "}").trim().to_string()
}

/// Compare two built sites; returns the files of `expected` that differ or are missing.
pub fn site_diff(expected: &Path, actual: &Path) -> Vec<String> {
    let mut bad = Vec::new();
    let have = file_list(actual);
    for f in file_list(expected) {
        if f.ends_with(".map") {
            continue;
        }
        if have.binary_search(&f).is_err() {
            bad.push(format!("missing {f}"));
            continue;
        }
        let a = std::fs::read(expected.join(&f)).expect("read");
        let b = std::fs::read(actual.join(&f)).expect("read");
        if a == b {
            continue;
        }
        let (sa, sb) = (String::from_utf8_lossy(&a), String::from_utf8_lossy(&b));
        let same = match Path::new(&f).extension().and_then(|e| e.to_str()) {
            Some("html" | "htm" | "xml" | "svg" | "txt" | "md") => {
                norm_markup(&sa) == norm_markup(&sb)
            }
            Some("css") => norm_css(&sa) == norm_css(&sb),
            Some("json") => {
                let pa: Result<serde_json::Value, _> = serde_json::from_str(&sa);
                let pb: Result<serde_json::Value, _> = serde_json::from_str(&sb);
                matches!((pa, pb), (Ok(x), Ok(y)) if x == y)
            }
            _ => false,
        };
        if !same {
            bad.push(format!("different {f}"));
        }
    }
    bad
}

/// Whether `ruby -rjekyll -rGEM` loads: the Ruby oracles' precondition.
pub fn ruby_has(gem: &str) -> bool {
    Command::new("ruby")
        .args(["-rjekyll", &format!("-r{gem}"), "-e", "exit 0"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Run a Ruby oracle script (under tests/fixtures): `input` on its standard
/// input, its standard output back; the script must succeed.
pub fn ruby_oracle(script: &str, input: &str) -> Vec<u8> {
    use std::io::Write;
    let mut child = Command::new("ruby")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .expect("ruby runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write the cases");
    let out = child.wait_with_output().expect("ruby output");
    assert!(out.status.success(), "the Ruby oracle {script} failed");
    out.stdout
}

/// A small deterministic generator (splitmix64) for generated test inputs.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// One of `v`, as the string itself.
    pub fn word<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len())]
    }
    pub fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
}

/// Files under `root`, relative with `/`, sorted.
pub fn file_list(root: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    v.sort();
    v
}

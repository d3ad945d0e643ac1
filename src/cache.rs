//! hyde's build cache on disk, in a `hyde/` folder of Jekyll's `cache_dir`
//! (`.jekyll-cache` by default, inside the source): what a second build can
//! take from the first instead of computing again — Markdown (with its
//! highlighting) by body and options, compiled Sass by everything it could
//! import and its options. `--disable-disk-cache` and `disable_disk_cache:
//! true` turn it off, as in Jekyll.
//!
//! Entries are checked, never trusted. Each store is one file: a header
//! naming hyde's version and the format, the entries, and a checksum of the
//! whole. A file that is missing, truncated, garbled, from another version or
//! unreadable is an empty store (every lookup a miss, the build computes as
//! without a cache); a store that cannot be written (full disk, read-only
//! folder) is skipped, never an error. A store keeps what this build used,
//! so it never grows past one site's worth. Keys are 128-bit SipHash of
//! every input, each part length-prefixed.
//!
//! The folder carries a `.gitignore` of `*` so it is never committed. The
//! reader and the dev server's watcher leave it alone ([`DiskCache::dir`]).

use std::collections::HashMap;
use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use siphasher::sip128::{Hasher128, SipHasher13};

use crate::config::Config;

/// What a store holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Markdown,
    Sass,
}

impl Kind {
    fn file(self) -> &'static str {
        match self {
            Kind::Markdown => "markdown.cache",
            Kind::Sass => "sass.cache",
        }
    }

    fn index(self) -> usize {
        match self {
            Kind::Markdown => 0,
            Kind::Sass => 1,
        }
    }
}

const MAGIC: &[u8] = b"hyde build cache\n";
/// Bumped whenever what a store means changes (besides hyde's version).
const FORMAT: u32 = 1;

/// One kind's entries: those read from disk, and those this build used.
#[derive(Default)]
struct Store {
    loaded: bool,
    old: HashMap<u128, Arc<str>>,
    used: HashMap<u128, Arc<str>>,
    /// A lookup missed: the file on disk is out of date.
    missed: bool,
}

/// The build cache of one site.
pub struct DiskCache {
    dir: PathBuf,
    stores: [Mutex<Store>; 2],
    /// The Markdown options, as part of every Markdown key.
    markdown_options: String,
}

impl std::fmt::Debug for DiskCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DiskCache").field("dir", &self.dir).finish()
    }
}

/// The folder hyde's cache lives in for `config` (whether or not it is on).
pub fn folder(config: &Config) -> PathBuf {
    let cache_dir = config
        .raw
        .get("cache_dir")
        .and_then(|v| v.as_str())
        .filter(|s| !s.is_empty())
        .unwrap_or(".jekyll-cache")
        .to_string();
    config.source.join(cache_dir).join("hyde")
}

impl DiskCache {
    /// The site's cache, or `None` when the disk cache is disabled.
    pub fn open(config: &Config) -> Option<Arc<DiskCache>> {
        if config
            .raw
            .get("disable_disk_cache")
            .is_some_and(|v| v.is_truthy())
        {
            return None;
        }
        Some(Arc::new(DiskCache {
            dir: folder(config),
            stores: Default::default(),
            markdown_options: format!("{:?}", config.markdown),
        }))
    }

    /// The cache's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key of a Markdown body converted with this site's options.
    pub fn markdown_key(&self, text: &str) -> u128 {
        key(&[
            b"markdown",
            self.markdown_options.as_bytes(),
            text.as_bytes(),
        ])
    }

    /// Whether the store of `kind` may hold values: loaded with some, or
    /// present on disk (an absent store is a sure miss).
    pub fn may_hold(&self, kind: Kind) -> bool {
        match self.stores[kind.index()].lock() {
            Ok(s) if s.loaded => !s.old.is_empty() || !s.used.is_empty(),
            _ => self.dir.join(kind.file()).exists(),
        }
    }

    /// The value stored under `k`, or `make`'s (then stored). A failure of
    /// `make` is returned and nothing stored.
    pub fn get_or<E>(
        &self,
        kind: Kind,
        k: u128,
        make: impl FnOnce() -> Result<String, E>,
    ) -> Result<Arc<str>, E> {
        let slot = &self.stores[kind.index()];
        {
            let Ok(mut s) = slot.lock() else {
                return make().map(Arc::from);
            };
            if !s.loaded {
                s.loaded = true;
                s.old = read_store(&self.dir.join(kind.file())).unwrap_or_default();
            }
            if let Some(v) = s.used.get(&k) {
                return Ok(v.clone());
            }
            if let Some(v) = s.old.remove(&k) {
                s.used.insert(k, v.clone());
                return Ok(v);
            }
        }
        // computed outside the lock: other pages go on meanwhile
        let v: Arc<str> = Arc::from(make()?);
        if let Ok(mut s) = slot.lock() {
            s.missed = true;
            s.used.insert(k, v.clone());
        }
        Ok(v)
    }

    /// Write every store that changed: what this build used. Failures are
    /// ignored (the next build computes what it cannot read).
    pub fn save(&self) {
        for kind in [Kind::Markdown, Kind::Sass] {
            let Ok(mut s) = self.stores[kind.index()].lock() else {
                continue;
            };
            // unchanged: nothing missed and nothing on disk went unused
            if !s.loaded || (!s.missed && s.old.is_empty()) {
                continue;
            }
            if write_store(&self.dir, kind.file(), &s.used).is_ok() {
                s.missed = false;
                // what stayed unused is gone from disk now; keep it for a later build
                let old = std::mem::take(&mut s.old);
                s.used.extend(old);
            }
        }
    }

    /// Forget what this build used, keeping it for the next (the dev server
    /// calls this between builds).
    pub fn begin_build(&self) {
        for slot in &self.stores {
            if let Ok(mut s) = slot.lock() {
                let used = std::mem::take(&mut s.used);
                s.old.extend(used);
                s.missed = false;
            }
        }
    }
}

/// A 128-bit key of `parts` (each length-prefixed) and hyde's version.
pub fn key(parts: &[&[u8]]) -> u128 {
    let mut h = SipHasher13::new_with_keys(0x6879_6465_2d63_6163, 0x6865_2d6b_6579_7331);
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    h.write_u32(FORMAT);
    for p in parts {
        h.write_u64(p.len() as u64);
        h.write(p);
    }
    h.finish128().as_u128()
}

fn checksum(bytes: &[u8]) -> u128 {
    let mut h = SipHasher13::new_with_keys(0x6368_6563_6b73_756d, 0x6879_6465_2d73_756d);
    h.write(bytes);
    h.finish128().as_u128()
}

fn header() -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&(version.len() as u32).to_le_bytes());
    out.extend_from_slice(version);
    out
}

/// The entries of a store file, or `None` for anything but an intact file
/// this version wrote.
fn read_store(path: &Path) -> Option<HashMap<u128, Arc<str>>> {
    let bytes = std::fs::read(path).ok()?;
    let head = header();
    let body_end = bytes.len().checked_sub(16)?;
    if body_end < head.len() || !bytes.starts_with(&head) {
        return None;
    }
    let sum = u128::from_le_bytes(bytes[body_end..].try_into().ok()?);
    if checksum(&bytes[..body_end]) != sum {
        return None;
    }
    let mut rest = &bytes[head.len()..body_end];
    let mut take = |n: usize| -> Option<&[u8]> {
        if rest.len() < n {
            return None;
        }
        let (a, b) = rest.split_at(n);
        rest = b;
        Some(a)
    };
    let count = u64::from_le_bytes(take(8)?.try_into().ok()?);
    let mut out = HashMap::new();
    for _ in 0..count {
        let k = u128::from_le_bytes(take(16)?.try_into().ok()?);
        let len = u64::from_le_bytes(take(8)?.try_into().ok()?);
        let v = std::str::from_utf8(take(usize::try_from(len).ok()?)?).ok()?;
        out.insert(k, Arc::from(v));
    }
    Some(out)
}

/// Make hyde's cache folder `dir`, with the `.gitignore` that keeps it
/// out of commits.
pub fn ensure_folder(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(&ignore, "*\n")?;
    }
    Ok(())
}

/// Write a store beside its final name, then move it there (a reader never
/// sees half a file); the folder gets its `.gitignore` first.
fn write_store(dir: &Path, name: &str, entries: &HashMap<u128, Arc<str>>) -> std::io::Result<()> {
    ensure_folder(dir)?;
    let mut bytes = header();
    bytes.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    let mut keys: Vec<&u128> = entries.keys().collect();
    keys.sort();
    for k in keys {
        let v = entries[k].as_bytes();
        bytes.extend_from_slice(&k.to_le_bytes());
        bytes.extend_from_slice(&(v.len() as u64).to_le_bytes());
        bytes.extend_from_slice(v);
    }
    let sum = checksum(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    let tmp = dir.join(format!("{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(&bytes)?;
        f.flush()
    });
    let moved = written.and_then(|()| std::fs::rename(&tmp, dir.join(name)));
    if moved.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries() -> HashMap<u128, Arc<str>> {
        (0..50u128)
            .map(|i| {
                (
                    key(&[&i.to_le_bytes()]),
                    Arc::from(format!("<p>value {i} é</p>\n")),
                )
            })
            .collect()
    }

    fn tempdir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("hyde-cache-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn a_store_reads_back_what_was_written() {
        let d = tempdir("roundtrip");
        let e = entries();
        write_store(&d, "x.cache", &e).expect("write");
        assert_eq!(read_store(&d.join("x.cache")), Some(e));
        assert_eq!(
            std::fs::read_to_string(d.join(".gitignore"))
                .ok()
                .as_deref(),
            Some("*\n")
        );
        let _ = std::fs::remove_dir_all(&d);
    }

    /// Every truncation and every flipped byte of a store is refused whole.
    #[test]
    fn damaged_stores_are_empty() {
        let d = tempdir("damaged");
        let mut e = HashMap::new();
        e.insert(key(&[b"a"]), Arc::from("<p>a</p>"));
        e.insert(key(&[b"b"]), Arc::from("<h1>b</h1>"));
        write_store(&d, "x.cache", &e).expect("write");
        let good = std::fs::read(d.join("x.cache")).expect("read");
        let p = d.join("bad.cache");
        for n in 0..good.len() {
            std::fs::write(&p, &good[..n]).expect("write");
            assert_eq!(read_store(&p), None, "truncated to {n} bytes");
        }
        for i in 0..good.len() {
            let mut b = good.clone();
            b[i] ^= 0x20;
            std::fs::write(&p, &b).expect("write");
            assert_eq!(read_store(&p), None, "byte {i} flipped");
        }
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn keys_separate_their_parts() {
        assert_ne!(key(&[b"ab", b"c"]), key(&[b"a", b"bc"]));
        assert_ne!(key(&[b"markdown", b""]), key(&[b"markdown"]));
    }
}

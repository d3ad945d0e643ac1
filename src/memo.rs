//! Conversions remembered across builds: the dev server keeps one `Memo`, so a
//! rebuild converts again only the Markdown whose text (or options) changed
//! and compiles Sass only when its text or a file it could import changed.
//! Entries not used by a build are dropped after the next one. It also keeps
//! parsed templates (layouts, includes) by their text, and files' front
//! matter by their size and modification time, so a rebuild reads and
//! parses only the files that changed.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct Generations {
    current: HashMap<u64, Arc<str>>,
    previous: HashMap<u64, Arc<str>>,
}

/// What identifies a file's version without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified: Option<std::time::SystemTime>,
}

impl Stamp {
    /// What every file is stamped with when the memo trusts the watcher
    /// (`Memo::trust_watcher`): entries are then dropped only by `forget_files`.
    const TRUSTED: Stamp = Stamp {
        len: u64::MAX,
        modified: None,
    };

    pub fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
        })
    }
}

/// A file read and split: its front matter (or the YAML error), its body.
#[derive(Debug)]
pub struct Parsed {
    pub data: crate::liquid::Map,
    pub body: String,
    pub line: usize,
    /// The YAML error message, reported again by every build that reads it.
    pub error: Option<String>,
}

type TemplateResult = Result<Arc<crate::liquid::Template>, crate::liquid::Error>;

#[derive(Default)]
pub struct Memo {
    /// Whether a watcher reports every change (`forget_files`): files are then
    /// not even looked at to tell whether they changed.
    trusted: std::sync::atomic::AtomicBool,
    entries: Mutex<Generations>,
    templates: Mutex<HashMap<u64, TemplateResult>>,
    files: FileCache<PathBuf, Arc<Parsed>>,
    headers: FileCache<PathBuf, bool>,
    docs: FileCache<DocKey, Arc<DocOutcome>>,
    /// Data files as parsed.
    data: FileCache<PathBuf, crate::liquid::Value>,
    /// Folder listings and file kinds, kept while the watcher is trusted.
    fs: Arc<crate::site::fs_view::FsCache>,
    /// Builds begun with this memo.
    builds: std::sync::atomic::AtomicUsize,
}

/// A collection document's file, collection and draft hint.
type DocKey = (PathBuf, usize, Option<bool>);

/// A key naming the file its value was made from.
trait FileKey: Eq + std::hash::Hash {
    fn file(&self) -> &Path;
}

impl FileKey for PathBuf {
    fn file(&self) -> &Path {
        self
    }
}

impl FileKey for DocKey {
    fn file(&self) -> &Path {
        &self.0
    }
}

/// Values made from files, each kept with the stamp its file had then.
struct FileCache<K, V> {
    map: Mutex<HashMap<K, (Stamp, V), foldhash::fast::RandomState>>,
}

impl<K, V> Default for FileCache<K, V> {
    fn default() -> Self {
        FileCache {
            map: Mutex::new(HashMap::default()),
        }
    }
}

impl<K: FileKey, V: Clone> FileCache<K, V> {
    /// The value for `key`, if its file still has `stamp`.
    fn get<Q>(&self, key: &Q, stamp: Stamp) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
        Q: Eq + std::hash::Hash + ?Sized,
    {
        let m = self.map.lock().ok()?;
        match m.get(key) {
            Some((s, v)) if *s == stamp => Some(v.clone()),
            _ => None,
        }
    }

    fn put(&self, key: K, stamp: Stamp, v: V) {
        if let Ok(mut m) = self.map.lock() {
            m.insert(key, (stamp, v));
        }
    }

    /// Drop the values made from files at or under `paths`.
    fn forget(&self, paths: &[PathBuf]) {
        if let Ok(mut m) = self.map.lock() {
            m.retain(|k, _| !paths.iter().any(|p| k.file().starts_with(p)));
        }
    }

    fn clear(&self) {
        if let Ok(mut m) = self.map.lock() {
            m.clear();
        }
    }
}

/// What reading one collection document gave (a function of its file, the
/// configuration and `site.time`, which stay the same between the dev
/// server's incremental rebuilds; a full rebuild forgets them all).
#[derive(Debug)]
pub enum DocOutcome {
    Doc(crate::site::Document),
    /// Not published: nothing is added.
    Unpublished,
    /// Skipped with this warning (a future post).
    Skipped(String),
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Memo({} entries)", self.len())
    }
}

impl Memo {
    pub fn new() -> Arc<Memo> {
        Arc::new(Memo::default())
    }

    /// Start a build: what the last build used stays reachable for this one.
    pub fn begin_build(&self) {
        self.builds
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if let Ok(mut g) = self.entries.lock() {
            g.previous = std::mem::take(&mut g.current);
        }
    }

    /// Whether the build under way is the memo's first (nothing remembered yet).
    pub fn is_fresh(&self) -> bool {
        self.builds.load(std::sync::atomic::Ordering::Relaxed) <= 1
    }

    /// The remembered value for `key`, or `make()` (remembered unless it failed).
    pub fn get_or<E>(
        &self,
        key: u64,
        make: impl FnOnce() -> Result<String, E>,
    ) -> Result<Arc<str>, E> {
        if let Ok(mut g) = self.entries.lock() {
            if let Some(v) = g.current.get(&key).cloned() {
                return Ok(v);
            }
            if let Some(v) = g.previous.remove(&key) {
                g.current.insert(key, v.clone());
                return Ok(v);
            }
        }
        let v: Arc<str> = Arc::from(make()?);
        if let Ok(mut g) = self.entries.lock() {
            g.current.insert(key, v.clone());
        }
        Ok(v)
    }

    /// Trust the caller to report every changed file (`forget_files`), as the
    /// dev server's watcher does: an unchanged file is then not even stat-ed.
    pub fn trust_watcher(&self) {
        self.trusted
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// The file system answers kept between builds, when the watcher is trusted.
    pub fn fs_cache(&self) -> Option<Arc<crate::site::fs_view::FsCache>> {
        self.trusts_watcher().then(|| self.fs.clone())
    }

    /// Whether [`Memo::trust_watcher`] was called.
    pub fn trusts_watcher(&self) -> bool {
        self.trusted.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The stamp `path` is remembered under.
    pub fn stamp(&self, path: &Path) -> Option<Stamp> {
        if self.trusts_watcher() {
            return Some(Stamp::TRUSTED);
        }
        Stamp::of(path)
    }

    /// The data file at `path` as last parsed, if unchanged.
    pub fn data(&self, path: &Path, stamp: Stamp) -> Option<crate::liquid::Value> {
        self.data.get(path, stamp)
    }

    pub fn remember_data(&self, path: &Path, stamp: Stamp, v: crate::liquid::Value) {
        self.data.put(path.to_path_buf(), stamp, v);
    }

    /// Forget every file read (the watcher may have missed changes).
    pub fn forget_all_files(&self) {
        self.data.clear();
        self.files.clear();
        self.headers.clear();
        self.docs.clear();
        self.fs.clear();
    }

    /// The template parsed from `text` (named `name`, body starting at `line`), once.
    pub fn template(&self, name: &str, text: &str, line: usize) -> TemplateResult {
        let k = key(&[name.as_bytes(), text.as_bytes(), &line.to_le_bytes()]);
        if let Some(t) = self.templates.lock().ok().and_then(|m| m.get(&k).cloned()) {
            return t;
        }
        let t = crate::liquid::parse(text, name, line).map(Arc::new);
        if let Ok(mut m) = self.templates.lock() {
            if m.len() > 4096 {
                m.clear();
            }
            m.insert(k, t.clone());
        }
        t
    }

    /// The file at `path` as last parsed, if it has not changed since (`stamp`).
    pub fn parsed(&self, path: &Path, stamp: Stamp) -> Option<Arc<Parsed>> {
        self.files.get(path, stamp)
    }

    pub fn remember_parsed(&self, path: &Path, stamp: Stamp, parsed: Arc<Parsed>) {
        self.files.put(path.to_path_buf(), stamp, parsed);
    }

    /// Whether the file at `path` starts with front matter, looked at once per version.
    /// (The file's stamp comes along, for the reads that follow.)
    pub fn has_header(&self, path: &Path, look: impl FnOnce() -> bool) -> (bool, Option<Stamp>) {
        let Some(stamp) = self.stamp(path) else {
            return (look(), None);
        };
        if let Some(h) = self.headers.get(path, stamp) {
            return (h, Some(stamp));
        }
        let h = look();
        self.headers.put(path.to_path_buf(), stamp, h);
        (h, Some(stamp))
    }

    /// The document read from `path` when it was at `stamp`.
    pub fn doc(
        &self,
        path: &Path,
        coll: usize,
        draft: Option<bool>,
        stamp: Stamp,
    ) -> Option<Arc<DocOutcome>> {
        self.docs.get(&(path.to_path_buf(), coll, draft), stamp)
    }

    pub fn remember_doc(
        &self,
        path: &Path,
        coll: usize,
        draft: Option<bool>,
        stamp: Stamp,
        outcome: Arc<DocOutcome>,
    ) {
        self.docs
            .put((path.to_path_buf(), coll, draft), stamp, outcome);
    }

    /// Forget what was parsed of `paths` (the watcher saw them change).
    pub fn forget_files(&self, paths: &[PathBuf]) {
        self.files.forget(paths);
        self.headers.forget(paths);
        self.docs.forget(paths);
        self.data.forget(paths);
        self.fs.forget(paths);
    }

    pub fn len(&self) -> usize {
        self.entries.lock().map(|g| g.current.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A key from the parts that decide a conversion's output.
/// Short texts and what they convert to, for one build (keyed by the
/// whole text: no two texts share an entry).
#[derive(Debug, Default)]
pub struct ShortMemo(Mutex<foldhash::HashMap<Box<str>, Arc<str>>>);

impl ShortMemo {
    pub fn get(&self, text: &str) -> Option<Arc<str>> {
        self.0.lock().ok()?.get(text).cloned()
    }

    pub fn put(&self, text: &str, converted: Arc<str>) {
        if let Ok(mut m) = self.0.lock() {
            m.insert(Box::from(text), converted);
        }
    }
}

pub fn key(parts: &[&[u8]]) -> u64 {
    let mut h = DefaultHasher::new();
    for p in parts {
        p.hash(&mut h);
    }
    h.finish()
}

/// A fingerprint of every file under `dirs` (paths and contents): what a
/// Sass page could import.
pub fn tree_fingerprint(dirs: &[&Path]) -> u64 {
    let mut h = DefaultHasher::new();
    for d in dirs {
        for e in walkdir::WalkDir::new(d)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
        {
            if e.file_type().is_file() {
                e.path().hash(&mut h);
                if let Ok(bytes) = std::fs::read(e.path()) {
                    bytes.hash(&mut h);
                }
            }
        }
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_across_one_build_then_forgets() {
        let m = Memo::new();
        let calls = std::cell::Cell::new(0);
        let conv = |m: &Memo, k: u64| {
            m.get_or::<()>(k, || {
                calls.set(calls.get() + 1);
                Ok(format!("v{k}"))
            })
            .unwrap()
        };
        assert_eq!(&*conv(&m, 1), "v1");
        m.begin_build();
        assert_eq!(&*conv(&m, 1), "v1"); // from the previous build
        m.begin_build();
        m.begin_build(); // a build that did not use key 1
        assert_eq!(&*conv(&m, 1), "v1");
        assert_eq!(calls.get(), 2);
    }
}

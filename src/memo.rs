//! Conversions remembered across builds: the dev server keeps one `Memo`, so a
//! rebuild converts again only the Markdown whose text (or options) changed
//! and compiles Sass only when its text or a file it could import changed.
//! Entries not used by a build are dropped after the next one.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct Generations {
    current: HashMap<u64, Arc<str>>,
    previous: HashMap<u64, Arc<str>>,
}

#[derive(Default)]
pub struct Memo {
    entries: Mutex<Generations>,
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
        if let Ok(mut g) = self.entries.lock() {
            g.previous = std::mem::take(&mut g.current);
        }
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

    pub fn len(&self) -> usize {
        self.entries.lock().map(|g| g.current.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A key from the parts that decide a conversion's output.
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

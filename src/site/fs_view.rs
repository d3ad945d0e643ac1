//! What the reader asks the file system (folder listings, whether a path is
//! a folder or a file, where a link leads), asked through one view. A plain
//! build asks the file system each time; the dev server, whose watcher
//! reports every changed path (`Memo::trust_watcher`), keeps the answers in
//! its memo from one rebuild to the next and forgets those a reported path
//! could change, so a rebuild after one saved file lists no folder and
//! stats no file again.

use std::collections::HashMap;
use std::fs::FileType;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// A folder's entries in name order, each with its type as the listing gives
/// it (`None` when it does not).
pub type Listing = Arc<[(String, Option<FileType>)]>;

/// What a path is, following links (`None`: nothing is there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Dir,
    File,
    Other,
}

fn kind_of(path: &Path) -> Option<Kind> {
    let m = std::fs::metadata(path).ok()?;
    Some(if m.is_dir() {
        Kind::Dir
    } else if m.is_file() {
        Kind::File
    } else {
        Kind::Other
    })
}

/// Sorted names in a folder with their listed types (Ruby 3's `Dir.glob` sorts).
fn list(dir: &Path) -> Listing {
    let mut v: Vec<(String, Option<FileType>)> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.file_type().ok(),
                )
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v.into()
}

type Map<V> = HashMap<PathBuf, V, foldhash::fast::RandomState>;

/// The answers kept between the dev server's rebuilds.
#[derive(Default)]
pub struct FsCache {
    listings: Mutex<Map<Listing>>,
    kinds: Mutex<Map<Option<Kind>>>,
    canonical: Mutex<Map<Option<PathBuf>>>,
    modified: Mutex<Map<Option<SystemTime>>>,
}

impl FsCache {
    /// Forget what `paths` (reported changed: written, made, removed or
    /// renamed) could have changed: what was asked of them, of anything
    /// under them and of the folders above them, and the listing of each of
    /// those folders unless it still holds its entry as it is now (a file
    /// written in place leaves every listing as it was; a file made in a new
    /// folder changes the listing that now holds the folder).
    pub fn forget(&self, paths: &[PathBuf]) {
        let related = |k: &Path| paths.iter().any(|p| k.starts_with(p) || p.starts_with(k));
        if let Ok(mut m) = self.kinds.lock() {
            m.retain(|k, _| !related(k));
        }
        if let Ok(mut m) = self.canonical.lock() {
            m.retain(|k, _| !related(k));
        }
        if let Ok(mut m) = self.modified.lock() {
            m.retain(|k, _| !related(k));
        }
        let Ok(mut m) = self.listings.lock() else {
            return;
        };
        m.retain(|k, _| !paths.iter().any(|p| k.starts_with(p)));
        for p in paths {
            for entry in p.ancestors() {
                let (Some(parent), Some(name)) = (entry.parent(), entry.file_name()) else {
                    break;
                };
                let Some(listing) = m.get(parent) else {
                    continue;
                };
                let name = name.to_string_lossy();
                let listed = listing
                    .binary_search_by(|(n, _)| n.as_str().cmp(&name))
                    .ok()
                    .map(|i| listing[i].1);
                let now = std::fs::symlink_metadata(entry).ok().map(|m| m.file_type());
                let same = match (listed, now) {
                    (None, None) => true,
                    (Some(Some(a)), Some(b)) => {
                        a.is_dir() == b.is_dir()
                            && a.is_file() == b.is_file()
                            && a.is_symlink() == b.is_symlink()
                    }
                    _ => false,
                };
                if !same {
                    m.remove(parent);
                }
            }
        }
    }

    pub fn clear(&self) {
        if let Ok(mut m) = self.kinds.lock() {
            m.clear();
        }
        if let Ok(mut m) = self.listings.lock() {
            m.clear();
        }
        if let Ok(mut m) = self.canonical.lock() {
            m.clear();
        }
        if let Ok(mut m) = self.modified.lock() {
            m.clear();
        }
    }
}

/// One build's view of the file system: straight through, or through the
/// dev server's cache.
#[derive(Clone)]
pub struct Fs(pub Option<Arc<FsCache>>);

impl Fs {
    /// The view a build with `memo` reads through.
    pub fn new(memo: Option<&crate::memo::Memo>) -> Fs {
        Fs(memo.and_then(|m| m.fs_cache()))
    }

    /// The entries of `dir` in name order (none when it cannot be listed).
    pub fn list(&self, dir: &Path) -> Listing {
        through(self.0.as_deref().map(|c| &c.listings), dir, list)
    }

    fn kind(&self, path: &Path) -> Option<Kind> {
        through(self.0.as_deref().map(|c| &c.kinds), path, kind_of)
    }

    /// `Path::is_dir`.
    pub fn is_dir(&self, path: &Path) -> bool {
        self.kind(path) == Some(Kind::Dir)
    }

    /// `Path::is_file`.
    pub fn is_file(&self, path: &Path) -> bool {
        self.kind(path) == Some(Kind::File)
    }

    /// `std::fs::canonicalize`, `None` when it fails.
    pub fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
        through(self.0.as_deref().map(|c| &c.canonical), path, |p| {
            std::fs::canonicalize(p).ok()
        })
    }

    /// When `path` itself (not a link's target) was last modified.
    pub fn modified(&self, path: &Path) -> Option<SystemTime> {
        through(self.0.as_deref().map(|c| &c.modified), path, |p| {
            std::fs::symlink_metadata(p).and_then(|m| m.modified()).ok()
        })
    }
}

/// `ask(path)`, kept in `cache` (when there is one) for the next time.
fn through<V: Clone>(
    cache: Option<&Mutex<Map<V>>>,
    path: &Path,
    ask: impl FnOnce(&Path) -> V,
) -> V {
    let Some(cache) = cache else {
        return ask(path);
    };
    if let Some(v) = cache.lock().ok().and_then(|m| m.get(path).cloned()) {
        return v;
    }
    let v = ask(path);
    if let Ok(mut m) = cache.lock() {
        m.insert(path.to_path_buf(), v.clone());
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(l: &Listing) -> Vec<&str> {
        l.iter().map(|(n, _)| n.as_str()).collect()
    }

    #[test]
    fn cached_answers_last_until_a_reported_path_changes_them() {
        let dir = std::env::temp_dir().join(format!("hyde-fsview-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("b.md"), "b").unwrap();
        let fs = Fs(Some(Arc::new(FsCache::default())));
        let cache = fs.0.clone().unwrap();
        assert_eq!(names(&fs.list(&dir)), ["b.md", "sub"]);
        assert!(fs.is_dir(&dir.join("sub")));
        assert!(!fs.is_file(&dir.join("a.md")));

        // unreported changes are not seen: the watcher is trusted
        std::fs::write(dir.join("a.md"), "a").unwrap();
        assert_eq!(names(&fs.list(&dir)), ["b.md", "sub"]);
        assert!(!fs.is_file(&dir.join("a.md")));

        // a file written in place keeps its folder's listing...
        let kept = fs.list(&dir);
        std::fs::write(dir.join("b.md"), "b2").unwrap();
        cache.forget(&[dir.join("b.md")]);
        assert!(Arc::ptr_eq(&kept, &fs.list(&dir)));
        // ...a new one does not
        cache.forget(&[dir.join("a.md")]);
        assert_eq!(names(&fs.list(&dir)), ["a.md", "b.md", "sub"]);
        assert!(fs.is_file(&dir.join("a.md")));

        // a folder replaced by a file: its own answers and its folder's go
        std::fs::remove_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub"), "now a file").unwrap();
        cache.forget(&[dir.join("sub")]);
        assert!(fs.is_file(&dir.join("sub")));
        let types: Vec<bool> = fs
            .list(&dir)
            .iter()
            .map(|(_, t)| t.is_some_and(|t| t.is_file()))
            .collect();
        assert_eq!(types, [true, true, true]);

        // a file made in a new folder: the new folder joins its parent's listing
        assert!(!fs.is_dir(&dir.join("new")));
        std::fs::create_dir_all(dir.join("new")).unwrap();
        std::fs::write(dir.join("new/n.md"), "n").unwrap();
        assert!(!fs.is_dir(&dir.join("new")));
        cache.forget(&[dir.join("new/n.md")]);
        assert_eq!(names(&fs.list(&dir)), ["a.md", "b.md", "new", "sub"]);
        assert!(fs.is_dir(&dir.join("new")));
        assert_eq!(names(&fs.list(&dir.join("new"))), ["n.md"]);
        std::fs::remove_dir_all(dir.join("new")).unwrap();
        cache.forget(&[dir.join("new")]);

        // a removed file leaves the listing
        std::fs::remove_file(dir.join("a.md")).unwrap();
        cache.forget(&[dir.join("a.md")]);
        assert_eq!(names(&fs.list(&dir)), ["b.md", "sub"]);

        // without a cache every answer is fresh
        std::fs::write(dir.join("c.md"), "c").unwrap();
        assert_eq!(names(&Fs(None).list(&dir)), ["b.md", "c.md", "sub"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

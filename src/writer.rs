//! Writing the site: every page, document and static file to its place in the
//! destination, conflicts resolved as Jekyll resolves them (last writer wins,
//! with its warning), stale files removed except `keep_files`. Nothing is ever
//! written outside the destination.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::site::Site;

/// Paths held for lookups only (a `BTreeSet` compared paths component by
/// component: a third of preparing the destination before rendering).
type PathSet = foldhash::HashSet<PathBuf>;

/// One output: where, and what.
pub enum Source<'a> {
    Doc(usize),
    Static(&'a crate::site::StaticFile),
}

/// The outputs in Jekyll's write order (pages, static files, documents);
/// a later one with the same destination replaces an earlier one.
pub fn plan(site: &Site) -> Vec<(String, Source<'_>)> {
    plan_with(site, true)
}

fn plan_with(site: &Site, warn: bool) -> Vec<(String, Source<'_>)> {
    // each output with the way Jekyll names its source in a conflict (made
    // into text only for conflicts: this runs on every serve rebuild)
    enum Named<'a> {
        Page(usize),
        Static(&'a crate::site::StaticFile),
        Document(usize),
    }
    let mut out: Vec<(String, Source)> = Vec::new();
    let mut named: Vec<Named> = Vec::new();
    for &id in &site.pages {
        out.push((site.docs[id].dest.clone(), Source::Doc(id)));
        named.push(Named::Page(id));
    }
    for f in &site.static_files {
        if f.write {
            out.push((f.dest.clone(), Source::Static(f)));
            named.push(Named::Static(f));
        }
    }
    for ids in &site.collections {
        for &id in ids {
            let d = &site.docs[id];
            if d.write {
                out.push((d.dest.clone(), Source::Doc(id)));
                named.push(Named::Document(id));
            }
        }
    }
    // the outputs of each destination, in order: the last one is written
    let mut seen: foldhash::HashMap<&str, Vec<usize>> = foldhash::HashMap::default();
    seen.reserve(out.len());
    for (i, (d, _)) in out.iter().enumerate() {
        seen.entry(d.as_str()).or_default().push(i);
    }
    let mut keep = vec![true; out.len()];
    let mut conflicts: Vec<(&str, Vec<String>)> = Vec::new();
    for (path, outputs) in &seen {
        let Some((&last, earlier)) = outputs.split_last() else {
            continue;
        };
        if earlier.is_empty() {
            continue;
        }
        for &i in earlier {
            keep[i] = false;
        }
        if warn {
            // As Jekyll lists them (`thing.path`): a page's path relative to
            // the source, a document's or static file's absolute path.
            let name = |i: usize| match &named[i] {
                Named::Page(id) => site.docs[*id].relative_path.clone(),
                Named::Static(f) => f.path.to_string_lossy().into_owned(),
                Named::Document(id) => site
                    .config
                    .source
                    .join(&site.docs[*id].relative_path)
                    .to_string_lossy()
                    .into_owned(),
            };
            let mut sources: Vec<String> = earlier.iter().map(|&i| name(i)).collect();
            sources.push(name(last));
            conflicts.push((path, sources));
        }
    }
    conflicts.sort();
    let dest = &site.config.destination;
    for (path, sources) in conflicts {
        let mut msg = format!(
            "Conflict: The following destination is shared by multiple files.\n{:>20}The written file may end up with unexpected contents.\n{:>20}{}",
            "",
            "",
            dest.join(path).display()
        );
        for s in sources {
            msg.push_str(&format!("\n{:>20} - {}", "", s));
        }
        site.warn(msg);
    }
    out.into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(x, _)| x)
        .collect()
}

/// A build that writes each page as soon as it is rendered (`hyde build`):
/// the destination was planned and cleaned before rendering, so a page's
/// output is not kept in memory once written.
#[derive(Debug)]
pub struct Stream {
    /// Per document id: whether it is the one written to its destination.
    writes: Vec<bool>,
    /// Per document id: written already (its output then read back from
    /// the destination when a template asks, see [`streamed_output`]).
    written: Vec<std::sync::atomic::AtomicBool>,
    /// The folders made (and checked) so far.
    folders: Folders,
}

/// The destination's folders made and checked for symlinks so far in one
/// build: a page's folder is looked at once, not for each of its files
/// (each look is a system call per level of the path).
#[derive(Debug, Default)]
pub struct Folders(std::sync::Mutex<std::collections::HashSet<PathBuf>>);

impl Folders {
    /// Make sure `path`'s folder exists inside `dest`: no component of the
    /// path may leave it, and a symlink where a folder belongs is replaced
    /// (it could lead anywhere). Folders checked before are not looked at
    /// again: a page in a folder of its own under a known one costs one
    /// look, not one per level plus the making.
    fn prepare(&self, dest: &Path, path: &Path) -> Result<()> {
        check_components(dest, path)?;
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        let known = |d: &Path| self.0.lock().is_ok_and(|f| f.contains(d));
        if known(parent) {
            return Ok(());
        }
        let rel = parent.strip_prefix(dest).unwrap_or(Path::new(""));
        let mut cur = dest.to_path_buf();
        let mut exists = true;
        for c in rel.components() {
            cur.push(c);
            if known(&cur) {
                continue;
            }
            match std::fs::symlink_metadata(&cur) {
                Ok(m) if m.is_dir() => {}
                Ok(m) if m.file_type().is_symlink() => {
                    std::fs::remove_file(&cur).map_err(|e| Error::io(&cur, e))?;
                    exists = false;
                    break;
                }
                // a file in the way: making the folder says so
                _ => {
                    exists = false;
                    break;
                }
            }
        }
        if !exists {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        if let Ok(mut f) = self.0.lock() {
            let mut p = Some(parent);
            while let Some(d) = p.filter(|d| d.starts_with(dest)) {
                if !f.insert(d.to_path_buf()) {
                    break;
                }
                p = d.parent();
            }
        }
        Ok(())
    }
}

impl Stream {
    /// Whether document `id` is written by the stream.
    pub fn writes(&self, id: usize) -> bool {
        self.writes.get(id).copied().unwrap_or(false)
    }

    fn written(&self, id: usize) -> bool {
        self.written
            .get(id)
            .is_some_and(|w| w.load(std::sync::atomic::Ordering::Relaxed))
    }
}

/// Plan the destination (conflicts warned about once), remove what this
/// build will not produce, and return the stream the render writes through.
pub fn prepare_stream(site: &Site) -> Result<Stream> {
    let dest = &site.config.destination;
    std::fs::create_dir_all(dest).map_err(|e| Error::io(dest, e))?;
    let plan = plan_with(site, true);
    let wanted: PathSet = plan.iter().map(|(d, _)| dest.join(d)).collect();
    cleanup(site, &wanted)?;
    let mut writes = vec![false; site.docs.len()];
    for (_, src) in &plan {
        if let Source::Doc(id) = src {
            writes[*id] = true;
        }
    }
    Ok(Stream {
        written: (0..site.docs.len())
            .map(|_| std::sync::atomic::AtomicBool::new(false))
            .collect(),
        writes,
        folders: Folders::default(),
    })
}

/// Write document `id`'s output now (it is the stream's to write).
pub fn write_streamed(site: &Site, stream: &Stream, id: usize, output: &[u8]) -> Result<()> {
    let dest = &site.config.destination;
    let path = dest.join(&site.docs[id].dest);
    stream.folders.prepare(dest, &path)?;
    write_if_changed(&path, output)?;
    if let Some(w) = stream.written.get(id) {
        w.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    Ok(())
}

/// The output of a document the stream wrote and dropped, read back from
/// the destination (a template read `page.output` of another page).
pub fn streamed_output(site: &Site, id: usize) -> Option<std::sync::Arc<str>> {
    let stream = site.stream.as_ref()?;
    if !stream.written(id) {
        return None;
    }
    let path = site.config.destination.join(&site.docs.get(id)?.dest);
    let bytes = std::fs::read(path).ok()?;
    String::from_utf8(bytes).ok().map(std::sync::Arc::from)
}

/// Write everything to the destination; remove what is no longer produced.
/// After a streamed render only what the stream did not write is left.
pub fn write(site: &Site) -> Result<usize> {
    let dest = &site.config.destination;
    std::fs::create_dir_all(dest).map_err(|e| Error::io(dest, e))?;
    let plan = plan_with(site, site.stream.is_none());
    if site.stream.is_none() {
        let wanted: PathSet = plan.iter().map(|(d, _)| dest.join(d)).collect();
        cleanup(site, &wanted)?;
    }
    use rayon::prelude::*;
    let folders = Folders::default();
    let results: Vec<Result<()>> = plan
        .par_iter()
        .with_max_len(crate::render::SHARE)
        .map(|(rel, src)| {
            let path = dest.join(rel);
            match src {
                Source::Doc(id) if site.stream.as_ref().is_some_and(|s| s.written(*id)) => {
                    return Ok(())
                }
                _ => folders.prepare(dest, &path)?,
            }
            match src {
                Source::Doc(id) if site.stream.as_ref().is_some_and(|s| s.written(*id)) => Ok(()),
                Source::Doc(id) => {
                    // a page that failed to render keeps its last good output
                    match site.docs[*id].output.get() {
                        Some(out) => write_if_changed(&path, out.as_bytes()),
                        None => Ok(()),
                    }
                }
                Source::Static(f) => copy_static(&f.path, &path),
            }
        })
        .collect();
    for r in results {
        r?;
    }
    Ok(plan.len())
}

fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<()> {
    let meta = std::fs::symlink_metadata(path);
    // only a file of the same size can hold the same bytes
    if meta
        .as_ref()
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && holds(path, bytes)
    {
        return Ok(());
    }
    // a symlink or directory in the way is replaced, never followed
    if let Ok(m) = meta {
        if m.file_type().is_symlink() {
            std::fs::remove_file(path).map_err(|e| Error::io(path, e))?;
        } else if m.is_dir() {
            std::fs::remove_dir_all(path).map_err(|e| Error::io(path, e))?;
        }
    }
    overwrite(path, bytes).map_err(|e| Error::io(path, e))
}

/// Whether the file at `path` holds exactly `bytes` (read in pieces,
/// stopping at the first difference).
fn holds(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    thread_local! {
        // one buffer per thread, zeroed once: a fresh 64 KB array per file
        // was 4% of a build's instructions, spent clearing it
        static BUF: std::cell::RefCell<Box<[u8]>> =
            std::cell::RefCell::new(vec![0u8; 64 << 10].into_boxed_slice());
    }
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    BUF.with(|buf| {
        let Ok(mut buf) = buf.try_borrow_mut() else {
            return false;
        };
        let mut rest = bytes;
        loop {
            // the sizes are equal: no read is needed to see the end
            if rest.is_empty() {
                return true;
            }
            match f.read(&mut buf) {
                Ok(0) => return false,
                Ok(n) => match rest.split_at_checked(n) {
                    Some((head, tail)) if head == &buf[..n] => rest = tail,
                    _ => return false,
                },
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
        }
    })
}

/// Write `bytes` over the file at `path` in place: opened without
/// truncating, written, then cut to length. Truncating to zero first would
/// free the old blocks, which some file systems make slow (ext4 mounted
/// with `discard` waited ~1 ms per file here); the result is the same.
pub fn overwrite(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    f.write_all(bytes)?;
    f.set_len(bytes.len() as u64)
}

/// Copy a static file to `to` with its modification time (skipped when `to`
/// already has its size and time); a symlink or folder there is replaced.
pub fn copy_static(from: &Path, to: &Path) -> Result<()> {
    let meta = std::fs::metadata(from).map_err(|e| Error::io(from, e))?;
    if let Ok(m) = std::fs::symlink_metadata(to) {
        if m.file_type().is_symlink() || m.is_dir() {
            let _ = std::fs::remove_dir_all(to).or_else(|_| std::fs::remove_file(to));
        } else if m.len() == meta.len() && m.modified().ok() == meta.modified().ok() {
            return Ok(());
        }
    }
    std::fs::copy(from, to).map_err(|e| Error::io(to, e))?;
    if let Ok(t) = meta.modified() {
        let _ = std::fs::File::options()
            .write(true)
            .open(to)
            .and_then(|f| f.set_modified(t));
    }
    Ok(())
}

/// Refuse a path that is not `dest` followed by plain names (no `..`).
fn check_components(dest: &Path, path: &Path) -> Result<()> {
    let outside = || Error::Path {
        path: path.to_path_buf(),
        message: "refusing to write outside the destination folder".into(),
    };
    let rel = path.strip_prefix(dest).map_err(|_| outside())?;
    if rel
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)))
    {
        Ok(())
    } else {
        Err(outside())
    }
}

/// Remove files in the destination that this build does not produce,
/// except those under `keep_files`.
fn cleanup(site: &Site, wanted: &PathSet) -> Result<()> {
    let dest = &site.config.destination;
    let keep: Vec<PathBuf> = site
        .config
        .keep_files
        .iter()
        .map(|k| dest.join(k.trim_start_matches('/')))
        .collect();
    let mut wanted_dirs = PathSet::default();
    for w in wanted {
        let mut p = w.parent();
        while let Some(d) = p {
            if d == dest.as_path() || !wanted_dirs.insert(d.to_path_buf()) {
                break;
            }
            p = d.parent();
        }
    }
    let mut dirs = Vec::new();
    for e in walkdir::WalkDir::new(dest)
        .min_depth(1)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let p = e.path();
        if keep.iter().any(|k| p.starts_with(k)) {
            continue;
        }
        if e.file_type().is_dir() {
            if !wanted_dirs.contains(p) {
                dirs.push(p.to_path_buf());
            }
        } else if !wanted.contains(p) {
            let _ = std::fs::remove_file(p);
        }
    }
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in dirs {
        let _ = std::fs::remove_dir(&d);
    }
    Ok(())
}

//! Which files a build reads: Jekyll's entry filter (include/exclude,
//! special and backup names), folder listings and walks in Ruby's sorted
//! order, symlinks that would lead out of the source, and reading a file's
//! text or first bytes.

use std::path::Path;

use super::fs_view::Fs;
use crate::config::{Config, PatternSet};
use crate::error::{Error, Result};
use crate::frontmatter;
use crate::utils::fnmatch;

/// The entry filter (`Jekyll::EntryFilter`).
pub struct EntryFilter<'a> {
    pub config: &'a Config,
}

impl EntryFilter<'_> {
    /// `EntryFilter#glob_include?(patterns, entry)`: `entry` (relative to the
    /// source) matches a pattern as a glob, starts with it, or is the folder it names.
    pub fn glob_include<'p>(
        &self,
        patterns: impl IntoIterator<Item = &'p String>,
        entry: &str,
    ) -> bool {
        let src = self.config.source.to_string_lossy();
        let meta = crate::utils::has_glob_meta;
        if !meta(&src) && !entry.is_empty() {
            // both sides start with the same literal `source/`: compare what follows
            let e = entry.trim_start_matches('/');
            return patterns.into_iter().any(|p| {
                if p.is_empty() {
                    return true; // `File.join(source, "")` is a prefix of everything
                }
                let q = p.trim_start_matches('/');
                self.pattern_matches(q, meta(q), e)
            });
        }
        let entry_with_source = join(&src, entry);
        patterns.into_iter().any(|p| {
            let ps = join(&src, p);
            fnmatch(&ps, &entry_with_source)
                || entry_with_source.starts_with(&ps)
                // a pattern `dir/` names the folder itself (the stat only when the names agree)
                || (ps.len() == entry_with_source.len() + 1
                    && ps.ends_with('/')
                    && ps.starts_with(entry_with_source.as_str())
                    && Path::new(&entry_with_source).is_dir())
        })
    }
    /// One pattern of `glob_include`'s fast path: `q` and `e` relative to
    /// the source (leading `/` trimmed), `glob` when `q` has glob characters.
    fn pattern_matches(&self, q: &str, glob: bool, e: &str) -> bool {
        (glob && fnmatch(q, e))
            || e.starts_with(q)
            // a pattern `dir/` names the folder itself (the stat only when the names agree)
            || (q.len() == e.len() + 1
                && q.ends_with('/')
                && q.starts_with(e)
                && self.config.source.join(e).is_dir())
    }
    /// `glob_include` of a configured pattern list, as its `PatternSet`:
    /// only the literal patterns that share the entry's first byte can
    /// match it, so only those are tried.
    fn set_include(&self, set: &PatternSet, all: &[String], entry: &str) -> bool {
        let e = entry.trim_start_matches('/');
        if e.is_empty() || crate::utils::has_glob_meta(&self.config.source.to_string_lossy()) {
            return self.glob_include(all, entry);
        }
        if set.any {
            return true;
        }
        set.literal_from(e.as_bytes()[0])
            .iter()
            .any(|q| self.pattern_matches(q, false, e))
            || set.glob.iter().any(|q| self.pattern_matches(q, true, e))
    }
    pub fn included(&self, entry: &str) -> bool {
        let (set, _) = self.config.filter_sets();
        let base = entry.rsplit('/').next().unwrap_or(entry);
        let all = &self.config.include;
        self.set_include(set, all, entry) || self.set_include(set, all, base)
    }
    pub fn excluded(&self, rel: &str) -> bool {
        let (_, set) = self.config.filter_sets();
        self.set_include(set, self.config.effective_exclude(), rel)
    }
    fn special(entry: &str) -> bool {
        let base = entry.rsplit('/').next().unwrap_or(entry);
        let sp = |s: &str| s.starts_with(['.', '_', '#', '~']);
        sp(entry) || sp(base)
    }
    /// Keep `entry` (a name in folder `base_dir`, relative to the source)?
    pub fn keep(&self, base_dir: &str, entry: &str) -> bool {
        if entry.ends_with('.') {
            return false;
        }
        let rel = rel_join(base_dir, entry);
        let included = self.included(entry);
        if self.excluded(&rel) && !included {
            return false;
        }
        if included {
            return true;
        }
        !(Self::special(entry) || entry.ends_with('~'))
    }
}

/// Ruby's `File.join` of two strings (one slash between).
pub(super) fn join(a: &str, b: &str) -> String {
    if b.is_empty() {
        return a.to_string();
    }
    format!("{}/{}", a.trim_end_matches('/'), b.trim_start_matches('/'))
}

/// `dir/name`, or `name` when `dir` is empty (on every entry read: no
/// formatting machinery).
pub(super) fn rel_join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        return name.to_string();
    }
    let mut r = String::with_capacity(dir.len() + 1 + name.len());
    r.push_str(dir);
    r.push('/');
    r.push_str(name);
    r
}

/// Whether `path` is a symbolic link whose target lies outside `source`
/// (hyde never reads through those: the build must not copy outside files).
pub(super) fn escapes_source(path: &Path, source: &Path) -> bool {
    let is_link = std::fs::symlink_metadata(path)
        .map(|m| m.file_type().is_symlink())
        .unwrap_or(false);
    if !is_link {
        return false;
    }
    let root = std::fs::canonicalize(source).unwrap_or_else(|_| source.to_path_buf());
    match std::fs::canonicalize(path) {
        Ok(target) => !target.starts_with(&root),
        // a dangling link: nothing to read
        Err(_) => true,
    }
}

/// Every file under `dir`, recursively, as paths relative to it (sorted,
/// `**/*`, folders left out).
/// Symbolic links leading outside `dir` are not followed.
pub(super) fn walk_files(fs: &Fs, dir: &Path, dotfiles: bool) -> Vec<String> {
    let root = fs.canonicalize(dir).unwrap_or_else(|| dir.to_path_buf());
    let mut out = Vec::new();
    walk_into(fs, dir, &root, &root, "", dotfiles, &mut out);
    out
}

/// One folder of `walk_files`: entries in name order, each folder's files
/// right after its name (pre-order, as `Dir.glob` lists them). File types
/// come from the listing; only symbolic links are resolved, and followed
/// when their target lies inside `root` and is not a folder being walked.
fn walk_into(
    fs: &Fs,
    dir: &Path,
    canon: &Path,
    root: &Path,
    prefix: &str,
    dotfiles: bool,
    out: &mut Vec<String>,
) {
    for (name, ft) in fs.list(dir).iter() {
        if !dotfiles && name.starts_with('.') {
            continue;
        }
        let Some(ft) = ft.or_else(|| {
            std::fs::symlink_metadata(dir.join(name))
                .ok()
                .map(|m| m.file_type())
        }) else {
            continue;
        };
        // paths are made for folders and links only: most entries are files
        let target = if ft.is_symlink() {
            match fs.canonicalize(&dir.join(name)) {
                // a link back to a folder being walked would never end
                Some(t) if t.starts_with(root) && !canon.starts_with(&t) => Some(t),
                _ => continue,
            }
        } else {
            None
        };
        let is_dir = match &target {
            Some(t) => fs.is_dir(t),
            None => ft.is_dir(),
        };
        let rel = rel_join(prefix, name);
        if is_dir {
            let target = target.unwrap_or_else(|| canon.join(name));
            walk_into(fs, &dir.join(name), &target, root, &rel, dotfiles, out);
        } else {
            out.push(rel);
        }
    }
}

pub(super) fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .map(|b| b.to_vec())
        .unwrap_or(bytes);
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// The text of `path` when it starts with front matter (`None`: it does
/// not, or cannot be opened), read through one open: a collection of
/// thousands of documents would otherwise open each twice, once for
/// [`file_has_header`] and once for [`read_text`].
pub(super) fn read_if_header(path: &Path) -> Option<Result<String>> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).ok()?;
    let mut bytes = Vec::with_capacity(f.metadata().map_or(0, |m| m.len() as usize + 1));
    // the head first, as file_has_header reads it (unreadable: static): a
    // static file is not read further
    (&mut f).take(512).read_to_end(&mut bytes).ok()?;
    if !frontmatter::has_header(&bytes) {
        return None;
    }
    // through `take`, which needs no second `fstat` for its size hint
    if let Err(e) = (&mut f).take(u64::MAX).read_to_end(&mut bytes) {
        return Some(Err(Error::io(path, e)));
    }
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(b) => b.to_vec(),
        None => bytes,
    };
    Some(Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }))
}

pub(super) fn file_has_header(path: &Path) -> bool {
    use std::io::Read;
    let mut buf = [0u8; 512];
    let n = match std::fs::File::open(path).and_then(|mut f| f.read(&mut buf)) {
        Ok(n) => n,
        Err(_) => return false,
    };
    frontmatter::has_header(&buf[..n])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One open (`read_if_header`) reads what the check then the read did:
    /// the same documents, the same text (byte-order mark dropped, bad
    /// UTF-8 replaced), static files and missing files alike.
    #[test]
    fn one_open_reads_as_check_then_read() {
        let dir = std::env::temp_dir().join(format!("hyde-read-once-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp folder");
        let long = "é".repeat(400);
        let cases: Vec<Vec<u8>> = vec![
            b"---\ntitle: a\n---\nbody\n".to_vec(),
            b"\xEF\xBB\xBF---\ntitle: a\n---\nbody\n".to_vec(),
            b"--- \t\nx: 1\n---\n".to_vec(),
            b"---x\n".to_vec(),
            b"no front matter\n".to_vec(),
            b"".to_vec(),
            b"---".to_vec(),
            format!("---\nt: {long}\n---\n{long}\n").into_bytes(),
            [
                b"---\n".as_slice(),
                &[b'a'; 509],
                b"\xC3\xA9 \xFF\xFE tail\n",
            ]
            .concat(),
            [&[b' '; 600][..], b"---\n"].concat(),
        ];
        for (i, bytes) in cases.iter().enumerate() {
            let path = dir.join(format!("{i}.md"));
            std::fs::write(&path, bytes).expect("write");
            let before = file_has_header(&path).then(|| read_text(&path).expect("read"));
            let now = read_if_header(&path).map(|r| r.expect("read"));
            assert_eq!(now, before, "case {i}");
        }
        assert!(read_if_header(&dir.join("missing.md")).is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }
    use crate::config::{Config, Overrides};

    /// The pattern-set test of `include`/`exclude` agrees with
    /// `glob_include` over the same list, for generated patterns and
    /// entries (folders `a` and `b/a` exist, for the `dir/` clause).
    #[test]
    fn pattern_sets_agree_with_glob_include() {
        let dir = std::env::temp_dir().join(format!("hyde-entry-sets-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("b/a")).expect("temp folder");
        std::fs::create_dir_all(dir.join("a")).expect("temp folder");
        let alphabet = ['a', 'b', '_', '.', '/', '*', '?', '-'];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut word = |max: usize| -> String {
            let len = next(max + 1);
            (0..len).map(|_| alphabet[next(alphabet.len())]).collect()
        };
        let (mut checked, mut matched) = (0, 0);
        for _ in 0..60 {
            // mostly non-empty patterns (an empty one matches everything)
            let patterns: Vec<String> = (0..6)
                .map(|_| loop {
                    let w = word(4);
                    if !w.is_empty() {
                        break w;
                    }
                })
                .collect();
            let yaml: String = patterns.iter().map(|p| format!("  - {:?}\n", p)).collect();
            std::fs::write(dir.join("_config.yml"), format!("exclude:\n{yaml}")).expect("config");
            let config = Config::load(&Overrides {
                source: Some(dir.clone()),
                quiet: true,
                ..Overrides::default()
            })
            .expect("config loads");
            let f = EntryFilter { config: &config };
            let (_, set) = config.filter_sets();
            let all = config.effective_exclude();
            for _ in 0..200 {
                let e = word(5);
                let want = f.glob_include(all, &e);
                assert_eq!(
                    f.set_include(set, all, &e),
                    want,
                    "patterns {all:?}, entry {e:?}"
                );
                checked += 1;
                matched += usize::from(want);
            }
        }
        assert_eq!(checked, 12_000);
        // both answers are common (the generator is not one-sided)
        assert!(matched > 1_000 && matched < 11_000, "{matched} matched");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

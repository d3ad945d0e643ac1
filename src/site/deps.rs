//! What rendering one page read of the site: the dependency record the dev
//! server uses to re-render only the outputs a change can reach.
//!
//! Recording is off unless a caller asks for it with [`capture`]: the drops
//! (`site`, documents, collections), the include and layout lookups and the
//! tags that search the site call [`record`], which adds to the innermost
//! capture of the current thread (a page renders on one thread). A nested
//! capture (an excerpt rendered while another page reads it) is also merged
//! into the one around it, since that page read what the excerpt read.

use std::cell::RefCell;
use std::collections::HashSet;
use std::path::PathBuf;

/// One thing a render read, named by ids of the site being rendered.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Dep {
    /// Any field of document `id` (another page than the one rendering).
    Doc(usize),
    /// Which documents are the `previous`/`next` of document `id`.
    Neighbours(usize),
    /// A collection's list: its members, their order and their fields.
    Collection(usize),
    /// `site.pages` / `site.html_pages`: members, order, fields.
    Pages,
    /// `site.static_files` and collections' `files`.
    Statics,
    /// `site.data`.
    Data,
    /// A layout by name (whether it exists, and its text).
    Layout(String),
    /// A file read by path (`include`, `include_relative`).
    File(PathBuf),
    /// Every page's and document's path and url (`link`, `post_url`).
    Structure,
    /// The Sass sources a Sass page can import.
    Sass,
}

thread_local! {
    static FRAMES: RefCell<Vec<HashSet<Dep>>> = const { RefCell::new(Vec::new()) };
}

/// Note that the render in progress read `dep` (built only when recording).
pub fn record(dep: impl FnOnce() -> Dep) {
    FRAMES.with(|f| {
        if let Ok(mut frames) = f.try_borrow_mut() {
            if let Some(top) = frames.last_mut() {
                top.insert(dep());
            }
        }
    });
}

/// Run `f`, returning what it read beside its result.
pub fn capture<T>(f: impl FnOnce() -> T) -> (T, HashSet<Dep>) {
    FRAMES.with(|fr| fr.borrow_mut().push(HashSet::new()));
    let out = f();
    let deps = FRAMES.with(|fr| {
        let mut frames = fr.borrow_mut();
        let deps = frames.pop().unwrap_or_default();
        if let Some(outer) = frames.last_mut() {
            outer.extend(deps.iter().cloned());
        }
        deps
    });
    (out, deps)
}

/// Whether a capture is running on this thread.
pub fn recording() -> bool {
    FRAMES.with(|f| f.try_borrow().map(|v| !v.is_empty()).unwrap_or(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_only_inside_a_capture_and_merges_outwards() {
        record(|| Dep::Data);
        assert!(!recording());
        let ((), outer) = capture(|| {
            record(|| Dep::Pages);
            let ((), inner) = capture(|| record(|| Dep::Doc(3)));
            assert_eq!(inner, HashSet::from([Dep::Doc(3)]));
        });
        assert_eq!(outer, HashSet::from([Dep::Pages, Dep::Doc(3)]));
        assert!(!recording());
    }
}

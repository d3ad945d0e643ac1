//! Include outputs shared by every page of a build.
//!
//! Most of a theme's includes (a masthead, a footer, the scripts) read
//! nothing but the site's settings and data, so they render the same text
//! for every page: academicpages renders a dozen such includes per page,
//! about a tenth of a build's Liquid. An include without parameters is
//! rendered once with its reads watched; when every read was of something
//! the same for all pages, later pages reuse its text and replay the
//! variables it assigned, instead of rendering it again.
//!
//! A read is the same for all pages when it is:
//! - a variable the include (or an include inside it) assigned before
//!   reading it, or a loop variable or other local of its own scopes;
//! - `site`, through the site drop, except its document lists' documents,
//!   `site.pages` and `site.related_posts` (the drops [`taint`] for those).
//!
//! Anything else taints the render and the include is rendered for every
//! page as before: a read of `page`, `paginator`, `content`, `layout`, an
//! outer variable or one not set at all (another page may set it), a
//! document's fields, counters (`increment`), `cycle`, `ifchanged`, a
//! loop's `offset: continue`, an outer loop's `forloop.parentloop`, a
//! plugin tag, a `render` tag, a warning, an error or a `break` that
//! leaves the include.
//!
//! The host keeps the outputs ([`crate::liquid::Host::include_memo`]); the
//! dev server, which records what each page read, keeps none.

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::value::Value;

thread_local! {
    /// Something the same render read differs between pages.
    static TAINTED: Cell<bool> = const { Cell::new(false) };
    /// How many include renders are watched on this thread now.
    static WATCHING: Cell<u32> = const { Cell::new(0) };
}

/// Mark the include render now watched on this thread (if any) as one
/// that differs between pages.
#[inline]
pub fn taint() {
    TAINTED.with(|t| t.set(true));
}

/// Whether an include render is being watched on this thread.
#[inline]
pub(super) fn watching() -> bool {
    WATCHING.with(|w| w.get() > 0)
}

/// The watch of one include render: started by [`Watch::start`], ended by
/// [`Watch::end`], which says whether the render was the same for all pages.
pub(super) struct Watch {
    outer_tainted: bool,
}

impl Watch {
    pub(super) fn start() -> Watch {
        WATCHING.with(|w| w.set(w.get() + 1));
        Watch {
            outer_tainted: TAINTED.with(|t| t.replace(false)),
        }
    }

    /// Whether nothing tainted the render; a taint also reaches the
    /// render watched around this one.
    pub(super) fn end(self) -> bool {
        WATCHING.with(|w| w.set(w.get().saturating_sub(1)));
        let tainted = TAINTED.with(|t| t.get());
        TAINTED.with(|t| t.set(self.outer_tainted || tainted));
        !tainted
    }
}

/// One include's render, the same for every page.
#[derive(Debug)]
pub struct Rendered {
    /// Its text.
    pub(super) output: String,
    /// The variables it assigned (to the outermost scope), in the order of
    /// their first assignment, with their values when it ended.
    pub(super) assigns: Vec<(Arc<str>, Value)>,
    /// The loop iterations and filter text it counted against the limits.
    pub(super) iterations: u64,
    pub(super) produced: usize,
}

/// The includes of one build, by name: rendered once for all pages, or
/// `None` when they differ between pages.
#[derive(Debug, Default)]
pub struct IncludeMemo {
    known: Mutex<HashMap<String, Option<Arc<Rendered>>>>,
}

impl IncludeMemo {
    /// What is known of include `name`: `None` when nothing yet.
    pub(super) fn get(&self, name: &str) -> Option<Option<Arc<Rendered>>> {
        self.known.lock().ok()?.get(name).cloned()
    }

    /// Remember include `name`'s render (`None`: it differs between pages).
    pub(super) fn put(&self, name: &str, rendered: Option<Rendered>) {
        if let Ok(mut known) = self.known.lock() {
            known
                .entry(name.to_string())
                .or_insert_with(|| rendered.map(Arc::new));
        }
    }
}

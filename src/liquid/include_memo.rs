//! Include outputs shared between pages.
//!
//! Most of a theme's includes (a masthead, a footer, the scripts) read
//! nothing but the site's settings and data, so they render the same text
//! for every page; others (a sidebar, an author profile) read a few page
//! fields that most pages share. An include without parameters is rendered
//! with its reads watched; a later page whose reads would find the same
//! values reuses its text and replays the variables it assigned, instead of
//! rendering it again.
//!
//! A read needs nothing checked when it is:
//! - a variable the include (or an include inside it) assigned before
//!   reading it, or a loop variable or other local of its own scopes;
//! - `site`, through the site drop, except its document lists' documents,
//!   `site.pages` and `site.related_posts` (the drops [`taint`] for those).
//!
//! A read from outside the include of a dotted name (`page.title`,
//! `layout.author_profile`, `post.url`, `site.related_posts.size`, an unset
//! `seo_url`) whose value is plain (nil, a boolean, number, string, time,
//! date or range) is a [`Dep`]: the render is reused where every dep reads
//! the same value again. Up to [`MAX_VARIANTS`] renders with different deps
//! are kept per include; an include that keeps missing them
//! ([`MAX_MISSES`]) is no longer watched.
//!
//! Anything else taints the render and the include is rendered for every
//! page from then on: a read from outside the include of an array, hash or
//! drop (`page.tags`, `paginator`), through an index (`page.x[0]`) or of a
//! counter; a document's fields reached through the include's own
//! variables; counters (`increment`), `cycle`, `ifchanged`, a loop's
//! `offset: continue`, an outer loop's `forloop.parentloop`, a plugin tag,
//! a `render` tag, a warning, an error or a `break` that leaves the
//! include.
//!
//! The host keeps the outputs ([`crate::liquid::Host::include_memo`]); the
//! dev server, which records what each page read, keeps none.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::expr::Lookup;
use super::lookup::{lookup_key, lookup_key_ref, NIL};
use super::render::Renderer;
use super::value::Value;

/// Renders with different deps kept per include.
pub const MAX_VARIANTS: usize = 8;
/// Renders that matched no kept one, once [`MAX_VARIANTS`] are kept, after
/// which an include is no longer watched (a list item reading `post.url`).
pub const MAX_MISSES: u32 = 16;

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
    /// The includes rendered inside it and their bytes (a profiled build
    /// only), counted again each time it is served.
    pub(super) included: Vec<(String, usize)>,
}

/// A value an include read from outside itself: `name.key.key…` (keys
/// only) and what it was.
#[derive(Debug)]
pub struct Dep {
    name: Arc<str>,
    path: Vec<Lookup>,
    value: Value,
}

impl Dep {
    fn reads(&self, name: &str, path: &[Lookup]) -> bool {
        *self.name == *name
            && self.path.len() == path.len()
            && self.path.iter().zip(path).all(|(a, b)| match (a, b) {
                (Lookup::Key(a, x), Lookup::Key(b, y)) => a == b && x == y,
                _ => false,
            })
    }
}

/// A value whose text and comparisons say all of it (no array, hash or
/// drop, whose insides the render may read further).
fn plain(v: &Value) -> bool {
    matches!(
        v,
        Value::Nil
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::Str(_)
            | Value::Time(_)
            | Value::Date(_)
            | Value::Range(..)
    )
}

/// The same plain value: same kind, same contents (1 is not 1.0, and a
/// time's offset counts).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Int(a), Value::Int(b)) => a == b,
        (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
        (Value::Str(a), Value::Str(b)) => a == b,
        (Value::Time(a), Value::Time(b)) => a == b && a.offset() == b.offset(),
        (Value::Date(a), Value::Date(b)) => a == b,
        (Value::Range(a, x), Value::Range(b, y)) => a == b && x == y,
        _ => false,
    }
}

/// One render of an include and the deps it read.
#[derive(Debug)]
pub struct Variant {
    pub(super) deps: Vec<Dep>,
    pub(super) rendered: Rendered,
}

impl Variant {
    fn same_deps(&self, other: &Variant) -> bool {
        self.deps.len() == other.deps.len()
            && self
                .deps
                .iter()
                .zip(&other.deps)
                .all(|(a, b)| a.reads(&b.name, &b.path) && same(&a.value, &b.value))
    }
}

/// What is known of an include.
pub(super) enum Known {
    /// Nothing yet: render it watched.
    Unknown,
    /// Renders to reuse where their deps hold; else render it watched.
    Variants(Arc<Vec<Arc<Variant>>>),
    /// It differs between pages: render it.
    Volatile,
}

#[derive(Debug, Default)]
struct Entry {
    variants: Arc<Vec<Arc<Variant>>>,
    misses: u32,
    volatile: bool,
}

/// The includes of one build, by name.
#[derive(Debug, Default)]
pub struct IncludeMemo {
    known: Mutex<HashMap<String, Entry>>,
}

impl IncludeMemo {
    pub(super) fn get(&self, name: &str) -> Known {
        let Ok(known) = self.known.lock() else {
            return Known::Volatile;
        };
        match known.get(name) {
            None => Known::Unknown,
            Some(e) if e.volatile => Known::Volatile,
            Some(e) => Known::Variants(e.variants.clone()),
        }
    }

    /// Remember a watched render of include `name` (`None`: it differs
    /// between pages).
    pub(super) fn put(&self, name: &str, variant: Option<Variant>) {
        let Ok(mut known) = self.known.lock() else {
            return;
        };
        let e = known.entry(name.to_string()).or_default();
        if e.volatile {
            return;
        }
        let Some(v) = variant else {
            *e = Entry {
                volatile: true,
                ..Entry::default()
            };
            return;
        };
        // another thread rendered it for the same values meanwhile
        if e.variants.iter().any(|k| k.same_deps(&v)) {
            return;
        }
        if e.variants.len() < MAX_VARIANTS {
            let mut list = Vec::with_capacity(e.variants.len() + 1);
            list.extend(e.variants.iter().cloned());
            list.push(Arc::new(v));
            e.variants = Arc::new(list);
        } else {
            e.misses += 1;
            if e.misses > MAX_MISSES {
                *e = Entry {
                    volatile: true,
                    ..Entry::default()
                };
            }
        }
    }
}

impl Renderer<'_> {
    /// `name.key.key…` read inside watched includes: for each, a read from
    /// outside it of a plain value becomes a dep, any other taints it.
    pub(super) fn lookup_watched<'s>(&'s self, name: &Arc<str>, path: &[Lookup]) -> Cow<'s, Value> {
        let (found, root) = self.resolve(name);
        let counter = found.is_none() && self.is_counter(name);
        let before = TAINTED.with(|t| t.replace(false));
        let mut cur = Cow::Borrowed(root);
        for l in path {
            let Lookup::Key(k, command) = l else { break };
            cur = match cur {
                Cow::Borrowed(o) => lookup_key_ref(o, k, *command),
                Cow::Owned(o) => Cow::Owned(lookup_key(&o, k, *command)),
            };
            if cur.is_nil() {
                cur = Cow::Borrowed(&NIL);
                break;
            }
        }
        // a drop read a document's field or a page list
        let drop_read = TAINTED.with(|t| t.get());
        let site = found.is_none() && !counter && &**name == "site";
        let mut taint = before;
        for f in &self.frames {
            let inside = match found {
                Some(i) => i + 1 >= f.base || (i == 0 && f.assigned.iter().any(|k| k == name)),
                None => site && !drop_read,
            };
            if inside {
                if drop_read {
                    f.tainted.set(true);
                }
            } else if !counter && plain(&cur) {
                let mut deps = f.deps.borrow_mut();
                if !deps.iter().any(|d| d.reads(name, path)) {
                    deps.push(Dep {
                        name: name.clone(),
                        path: path.to_vec(),
                        value: cur.clone().into_owned(),
                    });
                }
            } else {
                taint = true;
            }
        }
        TAINTED.with(|t| t.set(taint));
        cur
    }

    /// Whether every dep reads its value again here (the reads are watched
    /// as any, for the includes around this one).
    pub(super) fn deps_hold(&self, deps: &[Dep]) -> bool {
        deps.iter()
            .all(|d| same(&self.lookup_watched(&d.name, &d.path), &d.value))
    }
}

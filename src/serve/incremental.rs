//! The dev server's incremental rebuild: read the site again (unchanged
//! files come from the memo, not the disk), compare it with the last good
//! build, and render only the pages whose recorded reads (`site::deps`) a
//! change can reach; every other page keeps its output. Exact by
//! construction as long as every read is recorded: a page's own source,
//! the documents, lists, data, layouts, includes and Sass it read.
//!
//! Rendering follows the full build's two phases: collection documents and
//! Sass pages first (they see other documents' raw content), then pages
//! (which see documents' rendered content) — so a document whose rendered
//! content or output changed in the first phase counts as changed for the
//! second.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use crate::liquid::Value;
use crate::site::deps::Dep;
use crate::site::drops::Ctx;
use crate::site::{Document, Kind, Site};

/// Why the incremental path cannot answer (the caller builds everything).
#[derive(Debug)]
pub enum Fallback {
    /// Something the comparison cannot pair up (a key shared by two pages).
    Ambiguous,
    /// The build failed: the message.
    Failed(String),
}

/// A page's identity across builds.
pub fn doc_key(d: &Document) -> String {
    match d.kind {
        Kind::Page => format!("p:{}", d.relative_path),
        Kind::Doc(c) => format!("d{c}:{}", d.relative_path),
        Kind::Generated => format!("g:{}", d.url),
    }
}

/// Every document's key, and the id each key has; `None` when a key repeats.
pub fn key_index(site: &Site) -> Option<(Vec<String>, HashMap<String, usize>)> {
    let keys: Vec<String> = site.docs.iter().map(doc_key).collect();
    let mut index = HashMap::with_capacity(keys.len());
    for (i, k) in keys.iter().enumerate() {
        if index.insert(k.clone(), i).is_some() {
            return None;
        }
    }
    Some((keys, index))
}

/// What differs between two reads of the site.
#[derive(Debug, Default)]
pub struct Changes {
    pub docs: HashSet<String>,
    pub neighbours: HashSet<String>,
    pub collections: HashSet<usize>,
    pub pages: bool,
    pub statics: bool,
    pub data: bool,
    pub structure: bool,
    pub sass: bool,
    pub layouts: HashSet<String>,
    pub files: HashSet<PathBuf>,
    /// `docs` and `neighbours` by old id (`reindex`), so that checking a
    /// page's thousand reads hashes no string.
    old_docs: Vec<bool>,
    old_neighbours: Vec<bool>,
}

impl Changes {
    /// Whether `dep` (recorded against the old site, whose keys are `old_keys`) is touched.
    fn hits(&self, dep: &Dep, old_keys: &[String]) -> bool {
        let flag = |v: &Vec<bool>, set: &HashSet<String>, i: usize| match v.get(i) {
            Some(b) if v.len() == old_keys.len() => *b,
            _ => old_keys.get(i).is_none_or(|k| set.contains(k)),
        };
        match dep {
            Dep::Doc(i) => flag(&self.old_docs, &self.docs, *i),
            Dep::Neighbours(i) => flag(&self.old_neighbours, &self.neighbours, *i),
            Dep::Collection(c) => self.collections.contains(c),
            Dep::Pages => self.pages,
            Dep::Statics => self.statics,
            Dep::Data => self.data,
            Dep::Layout(n) => !self.layouts.is_empty() && self.layouts.contains(n),
            // a few changed paths against many reads: compare bytes, no path hashing
            Dep::File(p) => {
                if self.files.len() <= 8 {
                    let p = p.as_os_str();
                    self.files.iter().any(|f| f.as_os_str() == p)
                } else {
                    self.files.contains(p)
                }
            }
            Dep::Structure => self.structure,
            Dep::Sass => self.sass,
        }
    }

    fn hits_any(&self, deps: &HashSet<Dep>, old_keys: &[String]) -> bool {
        deps.iter().any(|d| self.hits(d, old_keys))
    }

    /// Index `docs` and `neighbours` by the old ids (after they change).
    pub fn reindex(&mut self, old_keys: &[String]) {
        self.old_docs = old_keys.iter().map(|k| self.docs.contains(k)).collect();
        self.old_neighbours = old_keys
            .iter()
            .map(|k| self.neighbours.contains(k))
            .collect();
    }

    /// Mark the document `key` (of collection `kind`) changed, with the lists holding it.
    fn doc_changed(&mut self, key: &str, kind: Kind) {
        self.docs.insert(key.to_string());
        match kind {
            Kind::Doc(c) => {
                self.collections.insert(c);
            }
            Kind::Page | Kind::Generated => self.pages = true,
        }
    }
}

fn hash_value<H: Hasher>(v: &Value, h: &mut H, keys: &[String]) {
    std::mem::discriminant(v).hash(h);
    match v {
        Value::Nil => {}
        Value::Bool(b) => b.hash(h),
        Value::Int(i) => i.hash(h),
        Value::Float(f) => f.to_bits().hash(h),
        Value::Str(s) => s.hash(h),
        Value::Array(a) => {
            a.len().hash(h);
            for x in a.iter() {
                hash_value(x, h, keys);
            }
        }
        Value::Hash(m) => hash_map(m, h, keys),
        Value::Time(t) => {
            t.timestamp_nanos_opt().hash(h);
            t.offset().local_minus_utc().hash(h);
        }
        Value::Date(d) => d.hash(h),
        Value::Range(a, b) => (a, b).hash(h),
        Value::Object(o) => o.type_name().hash(h),
    }
}

fn hash_map<H: Hasher>(m: &crate::liquid::Map, h: &mut H, keys: &[String]) {
    m.len().hash(h);
    for (k, x) in m.iter() {
        k.hash(h);
        if k == "__post_ids" {
            // document ids: compare the documents, not their numbers
            if let Value::Array(ids) = x {
                for id in ids.iter() {
                    if let Value::Int(i) = id {
                        keys.get(*i as usize).hash(h);
                    }
                }
            }
            continue;
        }
        hash_value(x, h, keys);
    }
}

/// Everything a page's render starts from (its read and generated state).
fn signature(site: &Site, id: usize, keys: &[String]) -> u64 {
    let d = &site.docs[id];
    let mut h = std::collections::hash_map::DefaultHasher::new();
    doc_key(d).hash(&mut h);
    d.path.hash(&mut h);
    d.dir.hash(&mut h);
    d.name.hash(&mut h);
    d.content.hash(&mut h);
    d.body_line.hash(&mut h);
    d.url.hash(&mut h);
    d.output_ext.hash(&mut h);
    d.dest.hash(&mut h);
    d.date
        .map(|t| (t.timestamp_nanos_opt(), t.offset().local_minus_utc()))
        .hash(&mut h);
    (d.draft, d.write, d.render_liquid, d.markdown, d.sass).hash(&mut h);
    d.excerpt_separator.hash(&mut h);
    hash_map(&d.data, &mut h, keys);
    match &d.paginator {
        Some(p) => hash_value(p, &mut h, keys),
        None => 0u8.hash(&mut h),
    }
    d.map_for.and_then(|i| keys.get(i)).hash(&mut h);
    h.finish()
}

fn seq<'a>(ids: &'a [usize], keys: &'a [String]) -> impl Iterator<Item = &'a String> + 'a {
    ids.iter().map(move |&i| &keys[i])
}

/// Compare the old and new reads of the site; `changed_paths` are what the watcher saw.
pub fn compare(
    old: &Previous,
    new: &Site,
    new_keys: &[String],
    new_index: &HashMap<String, usize>,
    changed_paths: &[PathBuf],
) -> Changes {
    let old_keys = &old.keys[..];
    let old = &*old.site;
    let same_ids = old_keys == new_keys;
    let mut c = Changes {
        files: changed_paths.iter().cloned().collect(),
        ..Changes::default()
    };
    let old_index: HashMap<&str, usize> = old_keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    for (n, key) in new_keys.iter().enumerate() {
        match old_index.get(key.as_str()) {
            None => {
                c.doc_changed(key, new.docs[n].kind);
                c.structure = true;
            }
            Some(&o) => {
                let (a, b) = (&old.docs[o], &new.docs[n]);
                // one source shared since it was read: the same, unless it names other pages by id
                let shared = a.same_source(b)
                    && (same_ids || (b.paginator.is_none() && b.map_for.is_none()));
                if !shared && signature(old, o, old_keys) != signature(new, n, new_keys) {
                    c.doc_changed(key, new.docs[n].kind);
                    if old.docs[o].url != new.docs[n].url {
                        c.structure = true;
                    }
                }
            }
        }
    }
    for (o, key) in old_keys.iter().enumerate() {
        if !new_index.contains_key(key) {
            c.doc_changed(key, old.docs[o].kind);
            c.structure = true;
        }
    }
    // lists: members and order
    for (i, (a, b)) in old.collections.iter().zip(&new.collections).enumerate() {
        if !seq(a, old_keys).eq(seq(b, new_keys)) {
            c.collections.insert(i);
        }
        let around = |ids: &[usize], keys: &[String], p: usize| {
            (
                p.checked_sub(1).map(|q| keys[ids[q]].clone()),
                ids.get(p + 1).map(|&q| keys[q].clone()),
            )
        };
        let old_pos: HashMap<&str, usize> = a
            .iter()
            .enumerate()
            .map(|(p, &i)| (old_keys[i].as_str(), p))
            .collect();
        for (p, &n) in b.iter().enumerate() {
            let key = &new_keys[n];
            let same = old_pos
                .get(key.as_str())
                .is_some_and(|&q| around(a, old_keys, q) == around(b, new_keys, p));
            if !same {
                c.neighbours.insert(key.clone());
            }
        }
    }
    if old.collections.len() != new.collections.len() {
        c.collections
            .extend(0..new.collections.len().max(old.collections.len()));
    }
    if !seq(&old.pages, old_keys).eq(seq(&new.pages, new_keys)) {
        c.pages = true;
    }
    let statics = |s: &Site| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for f in &s.static_files {
            format!("{f:?}").hash(&mut h);
        }
        h.finish()
    };
    c.statics = statics(old) != statics(new);
    let data = |s: &Site| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        hash_value(&s.data, &mut h, &[]);
        h.finish()
    };
    c.data = data(old) != data(new);
    let layout_sig = |l: &crate::site::Layout| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        l.path.hash(&mut h);
        l.content.hash(&mut h);
        l.body_line.hash(&mut h);
        hash_map(&l.data, &mut h, &[]);
        h.finish()
    };
    for name in old.layouts.keys().chain(new.layouts.keys()) {
        let same = match (old.layouts.get(name), new.layouts.get(name)) {
            (Some(a), Some(b)) => layout_sig(a) == layout_sig(b),
            _ => false,
        };
        if !same {
            c.layouts.insert(name.clone());
        }
    }
    let sass_dirs = crate::sass::input_dirs(new);
    c.sass = changed_paths
        .iter()
        .any(|p| sass_dirs.iter().any(|d| p.starts_with(d)));
    c.reindex(old_keys);
    c
}

/// The last good build, as the next incremental one starts from it.
pub struct Previous {
    pub site: Arc<Site>,
    pub keys: Vec<String>,
    pub index: HashMap<String, usize>,
}

/// The new read of the site, keyed.
pub struct Next<'a> {
    pub ctx: &'a Arc<Ctx>,
    pub keys: &'a [String],
    pub index: &'a HashMap<String, usize>,
}

impl Next<'_> {
    fn site(&self) -> &Site {
        &self.ctx.site
    }
}

/// Render what `changes` reaches, in the full build's two phases, carrying
/// everything else over from `old`. Returns the render errors and the ids rendered.
///
/// `hot` pages (those a browser shows) are rendered first within their phase;
/// once every dirty hot page is rendered, `on_hot` gets them, so they can be
/// written and announced before the rest.
pub fn render(
    old: &Previous,
    next: &Next,
    changes: &mut Changes,
    hot: &HashSet<usize>,
    on_hot: &mut dyn FnMut(&[usize]),
) -> (Vec<crate::error::Error>, Vec<usize>) {
    use rayon::prelude::*;
    let site = next.site();
    let same_ids = old.keys == next.keys;
    // excerpts are rendered on demand by readers: keep those nothing reaches
    for (n, key) in next.keys.iter().enumerate() {
        let Some(&o) = old.index.get(key) else {
            continue;
        };
        let od = &old.site.docs[o];
        if let (Some(e), Some(ed)) = (od.excerpt.get(), od.excerpt_deps.get()) {
            if !changes.docs.contains(key) && !changes.hits_any(ed, &old.keys) {
                let d = &site.docs[n];
                let _ = d.excerpt.set(e.clone());
                let _ = d.excerpt_deps.set(carry(ed, same_ids, old, next));
            }
        }
    }
    let is_first = |i: usize| matches!(site.docs[i].kind, Kind::Doc(_)) || site.docs[i].sass;
    let first: Vec<usize> = (0..site.docs.len()).filter(|&i| is_first(i)).collect();
    let second: Vec<usize> = (0..site.docs.len()).filter(|&i| !is_first(i)).collect();
    let render_all = |ids: &[usize]| -> Vec<crate::error::Error> {
        ids.par_iter()
            .with_max_len(crate::render::SHARE)
            .filter_map(|&id| crate::render::render_document(next.ctx, id).err())
            .collect()
    };
    let dirty1 = carry_over(old, next, changes, &first, same_ids);
    let (hot1, rest1): (Vec<usize>, Vec<usize>) = dirty1.iter().partition(|i| hot.contains(i));
    let mut errors = render_all(&hot1);
    // hot pages of the second phase might be dirty too: announce now only if none is
    let hot_later = second.iter().any(|i| hot.contains(i));
    let mut announced = false;
    if !hot1.is_empty() && !hot_later && errors.is_empty() {
        on_hot(&hot1);
        announced = true;
    }
    errors.extend(render_all(&rest1));
    next.ctx.docs_done.store(true, Ordering::Release);
    // documents whose rendered content or output changed reach the pages that read them
    for &n in &dirty1 {
        let key = &next.keys[n];
        let d = &site.docs[n];
        let same = old.index.get(key).is_some_and(|&o| {
            let od = &old.site.docs[o];
            od.converted.get() == d.converted.get() && od.output.get() == d.output.get()
        });
        if !same {
            changes.doc_changed(key, d.kind);
        }
    }
    changes.reindex(&old.keys);
    let dirty2 = carry_over(old, next, changes, &second, same_ids);
    let (hot2, rest2): (Vec<usize>, Vec<usize>) = dirty2.iter().partition(|i| hot.contains(i));
    errors.extend(render_all(&hot2));
    if !announced && !hot2.is_empty() && errors.is_empty() {
        let mut done = hot1.clone();
        done.extend(&hot2);
        on_hot(&done);
    }
    errors.extend(render_all(&rest2));
    let mut rendered = dirty1;
    rendered.extend(dirty2);
    (errors, rendered)
}

/// For each of `ids`, carry the old results over when no change reaches it;
/// return the others.
fn carry_over(
    old: &Previous,
    next: &Next,
    changes: &Changes,
    ids: &[usize],
    same_ids: bool,
) -> Vec<usize> {
    let site = next.site();
    let mut dirty = Vec::new();
    for &n in ids {
        let key = &next.keys[n];
        let d = &site.docs[n];
        let od = old.index.get(key).map(|&o| &old.site.docs[o]);
        let deps = od.and_then(|od| od.deps.get());
        let clean = !changes.docs.contains(key)
            && od.is_some_and(|od| od.output.get().is_some())
            && deps.is_some_and(|deps| !changes.hits_any(deps, &old.keys));
        let (Some(od), Some(deps), true) = (od, deps, clean) else {
            dirty.push(n);
            continue;
        };
        if let Some(v) = od.converted.get() {
            let _ = d.converted.set(v.clone());
        }
        if let Some(v) = od.output.get() {
            let _ = d.output.set(v.clone());
        }
        let _ = d.deps.set(carry(deps, same_ids, old, next));
    }
    dirty
}

/// Deps recorded against the old ids, for the new site (shared when the ids
/// are the same; a document that is gone becomes an id no page has, which
/// every later check counts as changed).
fn carry(
    deps: &Arc<HashSet<Dep>>,
    same_ids: bool,
    old: &Previous,
    next: &Next,
) -> Arc<HashSet<Dep>> {
    if same_ids {
        return deps.clone();
    }
    let find = |i: &usize| {
        old.keys
            .get(*i)
            .and_then(|k| next.index.get(k).copied())
            .unwrap_or(usize::MAX)
    };
    Arc::new(
        deps.iter()
            .map(|d| match d {
                Dep::Doc(i) => Dep::Doc(find(i)),
                Dep::Neighbours(i) => Dep::Neighbours(find(i)),
                other => other.clone(),
            })
            .collect(),
    )
}

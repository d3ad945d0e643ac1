//! What templates see of the site: Jekyll's drops (`site`, `page`/documents,
//! collections, static files), computed on demand and shared by reference.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, Weak};

use super::deps::{record, Dep};
use super::document::{Kind, StaticFile};
use super::Site;
use crate::liquid::{Map, Object, Value};

/// One render pass over a site: the site, its `site` drop, and the phase.
pub struct Ctx {
    pub site: Arc<Site>,
    pub site_drop: Value,
    /// Set once every collection document is rendered: from then on other
    /// documents' `content`/`output` are their rendered forms (as in Jekyll,
    /// which renders documents before pages).
    pub docs_done: AtomicBool,
    /// Per document, its drop value (built once).
    doc_values: Vec<OnceLock<Value>>,
    /// Per document, its place in Jekyll's render order of collection
    /// documents (posts, then each collection in turn); `u32::MAX` for pages.
    pub render_order: Vec<u32>,
    /// Per document, its place in its collection (for `next`/`previous`,
    /// which every post page asks for: searched, that was quadratic).
    place: Vec<u32>,
    /// Whether a Sass page writes a source map (a page in `site.pages`).
    has_maps: bool,
    /// The includes rendered once for all pages (none for the dev server,
    /// which records each page's reads; `HYDE_INTERNAL_NO_INCLUDE_MEMO=1`
    /// turns it off, for tests comparing the two).
    pub include_memo: Option<crate::liquid::include_memo::IncludeMemo>,
}

impl Ctx {
    pub fn new(site: Arc<Site>) -> Arc<Ctx> {
        let n = site.docs.len();
        Arc::new_cyclic(|weak: &Weak<Ctx>| Ctx {
            site: site.clone(),
            site_drop: Value::Object(Arc::new(SiteDrop {
                ctx: weak.clone(),
                cache: Default::default(),
            })),
            docs_done: AtomicBool::new(false),
            doc_values: (0..n).map(|_| OnceLock::new()).collect(),
            render_order: {
                let mut order = vec![u32::MAX; n];
                for (i, &id) in site.collections.iter().flatten().enumerate() {
                    if let Some(o) = order.get_mut(id) {
                        *o = u32::try_from(i).unwrap_or(u32::MAX - 1);
                    }
                }
                order
            },
            place: {
                let mut place = vec![u32::MAX; n];
                for list in &site.collections {
                    for (pos, &id) in list.iter().enumerate() {
                        if let Some(p) = place.get_mut(id) {
                            *p = u32::try_from(pos).unwrap_or(u32::MAX);
                        }
                    }
                }
                place
            },
            has_maps: site.docs.iter().any(|d| d.map_for.is_some()),
            include_memo: (!site.track_deps
                && std::env::var_os("HYDE_INTERNAL_NO_INCLUDE_MEMO").is_none())
            .then(Default::default),
        })
    }

    /// The drop of document `id` as other templates see it.
    pub fn doc_value(self: &Arc<Ctx>, id: usize) -> Value {
        match self.doc_values.get(id) {
            Some(cell) => cell
                .get_or_init(|| {
                    Value::Object(Arc::new(DocDrop {
                        ctx: Arc::downgrade(self),
                        id,
                        current: false,
                        excerpt_of: false,
                    }))
                })
                .clone(),
            None => Value::Nil,
        }
    }

    /// The drop of the document being rendered (`page`).
    pub fn current_value(self: &Arc<Ctx>, id: usize) -> Value {
        Value::Object(Arc::new(DocDrop {
            ctx: Arc::downgrade(self),
            id,
            current: true,
            excerpt_of: false,
        }))
    }

    /// The drop an excerpt is rendered with as `page`.
    pub fn excerpt_value(self: &Arc<Ctx>, id: usize) -> Value {
        Value::Object(Arc::new(DocDrop {
            ctx: Arc::downgrade(self),
            id,
            current: false,
            excerpt_of: true,
        }))
    }

    pub fn docs_value(self: &Arc<Ctx>, ids: &[usize]) -> Value {
        Value::array(ids.iter().map(|&i| self.doc_value(i)).collect())
    }
}

#[derive(Default)]
struct SiteCache {
    posts: OnceLock<Value>,
    pages: OnceLock<Value>,
    html_pages: OnceLock<Value>,
    collections: OnceLock<Value>,
    /// Each collection's documents by label (a handful: searched in order).
    coll_docs: OnceLock<Vec<(String, Value)>>,
    documents: OnceLock<Value>,
    static_files: OnceLock<Value>,
    tags: OnceLock<Value>,
    categories: OnceLock<Value>,
}

pub struct SiteDrop {
    ctx: Weak<Ctx>,
    cache: SiteCache,
}

impl SiteDrop {
    fn post_attr_hash(&self, ctx: &Arc<Ctx>, attr: &str) -> Value {
        let site = &ctx.site;
        let mut m: Map = Map::default();
        for &p in site.posts() {
            if let Some(Value::Array(vals)) = site.docs[p].data.get(attr) {
                for t in vals.iter() {
                    let k = crate::utils::scalar_string(t).unwrap_or_default();
                    let entry = m.entry(k).or_insert_with(|| Value::array(Vec::new()));
                    if let Value::Array(a) = entry {
                        Arc::make_mut(a).push(Value::Int(p as i64));
                    }
                }
            }
        }
        // each list newest first (sort!.reverse!)
        let mut out = Map::default();
        for (k, v) in m {
            let mut ids: Vec<usize> = match v {
                Value::Array(a) => a
                    .iter()
                    .filter_map(|x| {
                        if let Value::Int(i) = x {
                            Some(*i as usize)
                        } else {
                            None
                        }
                    })
                    .collect(),
                _ => Vec::new(),
            };
            ids.sort_by(|a, b| super::reader::doc_cmp(&site.docs[*a], &site.docs[*b]));
            ids.reverse();
            out.insert(k, ctx.docs_value(&ids));
        }
        Value::hash(out)
    }
}

impl Object for SiteDrop {
    fn get(&self, key: &str) -> Option<Value> {
        // what a page, its excerpt and another page see differently
        if matches!(key, "pages" | "related_posts") {
            crate::liquid::include_memo::taint();
        }
        let ctx = self.ctx.upgrade()?;
        let site = &ctx.site;
        let c = &self.cache;
        record_site_key(site, key);
        Some(match key {
            "posts" => c
                .posts
                .get_or_init(|| {
                    // SiteDrop#posts: `posts.docs.sort { |a, b| b <=> a }`, by
                    // the dates as they are at render time (drafts' included).
                    let mut ids = site.posts().to_vec();
                    ids.sort_by(|&a, &b| {
                        crate::site::reader::doc_cmp(&site.docs[b], &site.docs[a])
                    });
                    ctx.docs_value(&ids)
                })
                .clone(),
            "pages" => c.pages.get_or_init(|| ctx.docs_value(&site.pages)).clone(),
            "html_pages" => c
                .html_pages
                .get_or_init(|| {
                    let ids: Vec<usize> = site
                        .pages
                        .iter()
                        .copied()
                        .filter(|&i| site.docs[i].is_html() || site.docs[i].url.ends_with('/'))
                        .collect();
                    ctx.docs_value(&ids)
                })
                .clone(),
            "data" => site.data.clone(),
            "time" => Value::Time(site.time),
            "static_files" => c
                .static_files
                .get_or_init(|| {
                    Value::array(site.static_files.iter().map(StaticDrop::value).collect())
                })
                .clone(),
            "collections" => c
                .collections
                .get_or_init(|| {
                    let mut idx: Vec<usize> = (0..site.config.collections.len()).collect();
                    idx.sort_by(|a, b| {
                        site.config.collections[*a]
                            .label
                            .cmp(&site.config.collections[*b].label)
                    });
                    Value::array(
                        idx.into_iter()
                            .map(|i| {
                                Value::Object(Arc::new(CollectionDrop {
                                    ctx: self.ctx.clone(),
                                    idx: i,
                                }))
                            })
                            .collect(),
                    )
                })
                .clone(),
            "documents" => c
                .documents
                .get_or_init(|| {
                    // `Site#documents`: each collection's docs, then its static files.
                    let mut all = Vec::new();
                    for (i, ids) in site.collections.iter().enumerate() {
                        all.extend(ids.iter().map(|&d| ctx.doc_value(d)));
                        let label = site.config.collections.get(i).map(|c| c.label.as_str());
                        all.extend(
                            site.static_files
                                .iter()
                                .filter(|f| {
                                    f.collection.is_some() && f.collection.as_deref() == label
                                })
                                .map(StaticDrop::value),
                        );
                    }
                    Value::array(all)
                })
                .clone(),
            "tags" => c
                .tags
                .get_or_init(|| self.post_attr_hash(&ctx, "tags"))
                .clone(),
            "categories" => c
                .categories
                .get_or_init(|| self.post_attr_hash(&ctx, "categories"))
                .clone(),
            "related_posts" => return None,
            "config" => return None,
            _ => {
                let colls = c.coll_docs.get_or_init(|| {
                    let mut m: Vec<(String, Value)> = Vec::new();
                    for (i, cc) in site.config.collections.iter().enumerate().skip(1) {
                        let v = ctx.docs_value(&site.collections[i]);
                        // `HashMap#insert`: a repeated label keeps the last
                        match m.iter_mut().find(|(l, _)| *l == cc.label) {
                            Some(slot) => slot.1 = v,
                            None => m.push((cc.label.clone(), v)),
                        }
                    }
                    m
                });
                if let Some((_, v)) = colls.iter().find(|(l, _)| l == key) {
                    return Some(v.clone());
                }
                return site.config.raw.get(key).cloned();
            }
        })
    }

    fn keys(&self) -> Vec<String> {
        crate::liquid::include_memo::taint();
        let mut k: Vec<String> = [
            "posts",
            "pages",
            "html_pages",
            "data",
            "time",
            "static_files",
            "collections",
            "documents",
            "tags",
            "categories",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        if let Some(ctx) = self.ctx.upgrade() {
            k.extend(ctx.site.config.raw.keys().cloned());
        }
        k
    }

    fn type_name(&self) -> &'static str {
        "site"
    }
}

/// What reading `site.KEY` depends on.
fn record_site_key(site: &Site, key: &str) {
    // `site.title` and the like are read everywhere: no search unless recording
    if !super::deps::recording() {
        return;
    }
    match key {
        "posts" | "tags" | "categories" | "related_posts" => record(|| Dep::Collection(0)),
        "pages" | "html_pages" => record(|| Dep::Pages),
        "data" => record(|| Dep::Data),
        "static_files" => record(|| Dep::Statics),
        "collections" | "documents" => {
            for i in 0..site.config.collections.len() {
                record(|| Dep::Collection(i));
            }
            record(|| Dep::Statics);
        }
        _ => {
            if let Some(i) = site.config.collections.iter().position(|c| c.label == key) {
                record(|| Dep::Collection(i));
            }
        }
    }
}

/// A page or document (Jekyll's `DocumentDrop`, or a page's `to_liquid` hash).
pub struct DocDrop {
    ctx: Weak<Ctx>,
    pub id: usize,
    /// This is the document being rendered (its own `content` is converted once converted).
    current: bool,
    /// The `page` of an excerpt being rendered.
    excerpt_of: bool,
}

impl Object for DocDrop {
    fn get(&self, key: &str) -> Option<Value> {
        // a document's fields (its content above all) differ as the build goes
        crate::liquid::include_memo::taint();
        let ctx = self.ctx.upgrade()?;
        let site = &ctx.site;
        let d = site.docs.get(self.id)?;
        if !self.current && !self.excerpt_of {
            record(|| Dep::Doc(self.id));
        }
        let is_doc = matches!(d.kind, Kind::Doc(_));
        let visible = self.current || (is_doc && ctx.docs_done.load(Ordering::Acquire));
        let str_v = |s: &str| Some(Value::from(s));
        match key {
            "content" => {
                if self.excerpt_of {
                    return Some(Value::Str(super::super::render::excerpt_source(d)));
                }
                if self.current && crate::render::liquid_running(self.id) {
                    // its own Liquid runs on the raw body
                    return Some(Value::Str(d.content.clone()));
                }
                // Jekyll renders documents one after another: one rendered
                // before the document now rendering shows its converted body
                let earlier = is_doc
                    && !visible
                    && ctx.render_order.get(self.id).copied().unwrap_or(u32::MAX)
                        < crate::render::rendering_order();
                if earlier {
                    if let Some(c) = crate::render::converted_on_demand(&ctx, self.id) {
                        return Some(Value::Str(c));
                    }
                }
                Some(Value::Str(d.current_content(visible)))
            }
            "output" => {
                if visible && !self.current {
                    return d
                        .output
                        .get()
                        .cloned()
                        .or_else(|| crate::writer::streamed_output(site, self.id))
                        .map(Value::Str);
                }
                Some(Value::Nil)
            }
            "url" => str_v(&d.url),
            "path" => {
                if !is_doc {
                    if let Some(p) = d.data.get("path") {
                        return Some(p.clone());
                    }
                }
                str_v(&d.relative_path)
            }
            "relative_path" if is_doc => str_v(&d.relative_path),
            "name" => {
                if let Some(n) = d.data.get("name") {
                    return Some(n.clone());
                }
                str_v(&d.name)
            }
            "dir" if !is_doc => str_v(&d.url_dir()),
            "id" if is_doc => str_v(&d.id()),
            "collection" => match d.kind {
                Kind::Doc(c) => str_v(&site.config.collections[c].label),
                _ => d.data.get("collection").cloned(),
            },
            "date" if is_doc => Some(Value::Time(d.date.unwrap_or(site.time))),
            "excerpt" => {
                if self.excerpt_of {
                    return Some(Value::Nil);
                }
                if is_doc {
                    // `data["excerpt"] ||= Excerpt.new(self)`: a front-matter
                    // `excerpt:` that is nil or false is generated all the same
                    if let Some(e) = d
                        .data
                        .get("excerpt")
                        .filter(|e| !matches!(e, Value::Nil | Value::Bool(false)))
                    {
                        return Some(Value::from(
                            crate::utils::scalar_string(e).unwrap_or_default(),
                        ));
                    }
                    if d.excerpt_separator.is_empty() {
                        return Some(Value::Nil);
                    }
                    let e = super::super::render::excerpt(&ctx, self.id);
                    // the reader read what the excerpt read (it may have been rendered for another)
                    if let Some(deps) = d.excerpt_deps.get() {
                        for dep in deps.iter() {
                            record(|| dep.clone());
                        }
                    }
                    return Some(Value::Str(e));
                }
                d.data.get("excerpt").cloned()
            }
            "next" | "previous" if is_doc => {
                record(|| Dep::Neighbours(self.id));
                let Kind::Doc(c) = d.kind else { return None };
                let list = &site.collections[c];
                let pos = ctx
                    .place
                    .get(self.id)
                    .map(|&p| p as usize)
                    .filter(|&p| list.get(p) == Some(&self.id))?;
                let other = if key == "next" {
                    list.get(pos + 1)
                } else {
                    pos.checked_sub(1).and_then(|p| list.get(p))
                };
                Some(other.map(|&o| ctx.doc_value(o)).unwrap_or(Value::Nil))
            }
            "layout" if self.excerpt_of => d.data.get("layout").cloned(),
            "paginator" => d.paginator.clone(),
            _ => d.data.get(key).cloned(),
        }
    }

    fn keys(&self) -> Vec<String> {
        crate::liquid::include_memo::taint();
        let Some(ctx) = self.ctx.upgrade() else {
            return Vec::new();
        };
        let Some(d) = ctx.site.docs.get(self.id) else {
            return Vec::new();
        };
        let mut k: Vec<String> = Vec::new();
        if matches!(d.kind, Kind::Doc(_)) {
            for f in [
                "collection",
                "content",
                "date",
                "excerpt",
                "id",
                "next",
                "output",
                "path",
                "previous",
                "relative_path",
                "url",
            ] {
                k.push(f.into());
            }
        } else {
            for f in ["content", "dir", "name", "path", "url"] {
                k.push(f.into());
            }
        }
        for key in d.data.keys() {
            if !k.contains(key) {
                k.push(key.clone());
            }
        }
        k
    }

    fn type_name(&self) -> &'static str {
        "document"
    }
}

pub struct CollectionDrop {
    ctx: Weak<Ctx>,
    idx: usize,
}

impl Object for CollectionDrop {
    fn get(&self, key: &str) -> Option<Value> {
        let ctx = self.ctx.upgrade()?;
        let site = &ctx.site;
        let cc = site.config.collections.get(self.idx)?;
        let dir = if site.config.collections_dir.is_empty() {
            format!("_{}", cc.label)
        } else {
            format!("{}/_{}", site.config.collections_dir, cc.label)
        };
        Some(match key {
            "label" => Value::from(cc.label.as_str()),
            "docs" => {
                record(|| Dep::Collection(self.idx));
                ctx.docs_value(&site.collections[self.idx])
            }
            "files" => Value::array({
                record(|| Dep::Statics);
                site.static_files
                    .iter()
                    .filter(|f| f.collection.as_deref() == Some(cc.label.as_str()))
                    .map(StaticDrop::value)
                    .collect()
            }),
            "output" => Value::Bool(cc.output),
            "relative_directory" => Value::from(dir.as_str()),
            "directory" => Value::from(site.config.source.join(&dir).to_string_lossy().as_ref()),
            _ => return cc.meta.get(key).cloned(),
        })
    }
    fn keys(&self) -> Vec<String> {
        [
            "label",
            "docs",
            "files",
            "output",
            "relative_directory",
            "directory",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }
    fn type_name(&self) -> &'static str {
        "collection"
    }
}

/// A static file as templates see it (holds its own copy: usable before rendering).
pub struct StaticDrop {
    file: StaticFile,
}

impl StaticDrop {
    pub fn value(f: &StaticFile) -> Value {
        Value::Object(Arc::new(StaticDrop { file: f.clone() }))
    }
}

impl Object for StaticDrop {
    fn get(&self, key: &str) -> Option<Value> {
        let f = &self.file;
        Some(match key {
            "name" => Value::from(f.name.as_str()),
            "extname" => Value::from(f.extname.as_str()),
            "basename" => Value::from(f.basename.as_str()),
            "modified_time" => Value::Time(f.modified),
            // A collection's static file has a relative dir (`_talks/x.pdf`),
            // others a leading slash (`/assets/x.css`), as Jekyll's StaticFile#relative_path.
            "path" if f.collection.is_some() => {
                Value::from(f.relative_path.trim_start_matches('/'))
            }
            "path" => Value::from(f.relative_path.as_str()),
            "collection" => f
                .collection
                .as_deref()
                .map(Value::from)
                .unwrap_or(Value::Nil),
            _ => return f.data.get(key).cloned(),
        })
    }
    fn keys(&self) -> Vec<String> {
        [
            "name",
            "extname",
            "modified_time",
            "basename",
            "path",
            "collection",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }
    fn type_name(&self) -> &'static str {
        "static_file"
    }
}

/// `site` while a document renders: the shared site drop, plus
/// `related_posts` of that document (Jekyll's non-LSI: the ten newest other posts).
pub struct CurrentSite {
    ctx: Weak<Ctx>,
    id: usize,
    related: OnceLock<Value>,
}

impl CurrentSite {
    pub fn value(ctx: &Arc<Ctx>, id: usize) -> Value {
        Value::Object(Arc::new(CurrentSite {
            ctx: Arc::downgrade(ctx),
            id,
            related: OnceLock::new(),
        }))
    }
}

impl Object for CurrentSite {
    fn get(&self, key: &str) -> Option<Value> {
        if matches!(key, "pages" | "related_posts") {
            crate::liquid::include_memo::taint();
        }
        let ctx = self.ctx.upgrade()?;
        let site = &ctx.site;
        if key == "pages" {
            record(|| Dep::Pages);
        }
        if key == "pages" && ctx.has_maps {
            // Jekyll renders pages in order and appends a source map when its Sass
            // page is converted: a page sees only the maps of pages before it.
            let pos = site.pages.iter().position(|&p| p == self.id);
            let ids: Vec<usize> = site
                .pages
                .iter()
                .copied()
                .filter(|&p| match site.docs[p].map_for {
                    None => true,
                    Some(css) => match (pos, site.pages.iter().position(|&q| q == css)) {
                        (Some(me), Some(c)) => c < me,
                        _ => false,
                    },
                })
                .collect();
            return Some(ctx.docs_value(&ids));
        }
        if key == "related_posts" {
            record(|| Dep::Collection(0));
            if !matches!(
                site.docs.get(self.id).map(|d| d.kind),
                Some(super::document::Kind::Doc(_))
            ) {
                return Some(Value::Nil);
            }
            return Some(
                self.related
                    .get_or_init(|| {
                        let posts = ctx.site.posts();
                        let start = posts.len().saturating_sub(11);
                        let ids: Vec<usize> = posts[start..]
                            .iter()
                            .rev()
                            .copied()
                            .filter(|&p| p != self.id)
                            .take(10)
                            .collect();
                        ctx.docs_value(&ids)
                    })
                    .clone(),
            );
        }
        match &ctx.site_drop {
            Value::Object(o) => o.get(key),
            _ => None,
        }
    }
    fn keys(&self) -> Vec<String> {
        // the site drop's `keys` taints a watched include
        match self.ctx.upgrade().map(|c| c.site_drop.clone()) {
            Some(Value::Object(o)) => o.keys(),
            _ => Vec::new(),
        }
    }
    fn type_name(&self) -> &'static str {
        "site"
    }
}

//! Rendering one page or document as Jekyll's `Renderer` does: Liquid over the
//! body, then the converter (Markdown, Sass), then the layout chain — and the
//! `Host` that gives templates the site's includes, Markdown and tags.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use crate::error::{Error, Result};
use crate::liquid::{self, Context, Map, Template, Value};
use crate::profiler::{Probe, Sample};
use crate::site::deps::Dep;
use crate::site::document::{Document, Kind};
use crate::site::drops::Ctx;
use crate::site::Site;

mod excerpt;
pub use excerpt::{excerpt, excerpt_source};

/// The host templates render against.
pub struct SiteHost<'a> {
    pub ctx: &'a Arc<Ctx>,
}

impl liquid::Host for SiteHost<'_> {
    fn include(&self, name: &str) -> std::result::Result<Arc<Template>, String> {
        let site = &self.ctx.site;
        crate::site::deps::record(|| {
            Dep::File(
                site.config
                    .source
                    .join(&site.config.includes_dir)
                    .join(name.trim_start_matches('/')),
            )
        });
        if let Ok(cache) = site.includes.lock() {
            if let Some(t) = cache.get(name) {
                return t.clone();
            }
        }
        let r = load_include(site, name);
        if let Ok(mut cache) = site.includes.lock() {
            cache.insert(name.to_string(), r.clone());
        }
        r
    }

    fn include_relative(
        &self,
        page_path: &str,
        name: &str,
    ) -> std::result::Result<Arc<Template>, String> {
        let site = &self.ctx.site;
        let dir = match page_path.rfind('/') {
            Some(i) => &page_path[..i],
            None => "",
        };
        if name.contains("..") {
            return Err(format!("Invalid syntax for include tag. File contains invalid characters or sequences: {name}"));
        }
        let rel = if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        };
        let path = site.config.source.join(&rel);
        crate::site::deps::record(|| Dep::File(path.clone()));
        let text = std::fs::read_to_string(&path)
            .map_err(|_| format!("Could not locate the included file '{name}' in any of [\"{}\"]. Ensure it exists in one of those directories and is not a symlink as those are not allowed in safe mode.", site.config.source.join(dir).display()))?;
        let (body, line) = match crate::frontmatter::split(&text) {
            Some((_, b, l)) => (b.to_string(), l),
            None => (text.clone(), 1),
        };
        liquid::parse(&body, &rel, line)
            .map(Arc::new)
            .map_err(|e| e.to_string())
    }

    fn markdownify(&self, input: &str) -> String {
        markdown(&self.ctx.site, input).unwrap_or_else(|e| e.to_string())
    }

    fn try_markdownify(&self, input: &str) -> std::result::Result<String, String> {
        let site = &self.ctx.site;
        // a title or an excerpt is converted on its page, then again on
        // every list that shows it: short texts are converted once per build
        if input.len() <= SHORT_MARKDOWN && site.memo.is_none() {
            if let Some(html) = site.short_markdown.get(input) {
                return Ok(html.to_string());
            }
            let html = markdown(site, input).map_err(|e| format!("markdownify: {e}"))?;
            site.short_markdown.put(input, Arc::from(html.as_str()));
            return Ok(html);
        }
        markdown(site, input).map_err(|e| format!("markdownify: {e}"))
    }

    fn custom_tag(
        &self,
        name: &str,
        markup: &str,
        ctx: &mut Context,
    ) -> Option<std::result::Result<String, String>> {
        crate::plugins::custom_tag(self.ctx, name, markup, ctx)
    }

    fn now(&self) -> DateTime<FixedOffset> {
        self.ctx.site.time
    }

    fn include_memo(&self) -> Option<&liquid::include_memo::IncludeMemo> {
        self.ctx.include_memo.as_ref()
    }

    fn render_stats(&self) -> Option<&crate::profiler::RenderStats> {
        self.ctx.site.profiler.as_ref().map(|p| &p.renders)
    }

    /// 1 GB and 64 times the site's text: a page listing every document's
    /// content through a few filters stays far inside it.
    fn filter_text_budget(&self) -> usize {
        let site = &self.ctx.site;
        let text = *site
            .text_len
            .get_or_init(|| site.docs.iter().map(|d| d.content.len()).sum());
        crate::liquid::ruby::MAX_RENDER_TEXT.saturating_add(text.saturating_mul(64))
    }

    fn warn(&self, msg: &str) {
        self.ctx.site.warn(msg.to_string());
    }

    fn local_offset(&self, utc: chrono::NaiveDateTime) -> FixedOffset {
        self.ctx.site.config.offset_at(&utc)
    }

    /// `%Z` of a local time: the `timezone`'s abbreviation (`EST`, `CEST`).
    fn zone_abbreviation(&self, utc: chrono::NaiveDateTime) -> Option<String> {
        use chrono::TimeZone;
        use chrono_tz::OffsetName;
        let tz = self.ctx.site.config.timezone?;
        let name = tz
            .offset_from_utc_datetime(&utc)
            .abbreviation()?
            .to_string();
        Some(name)
    }

    /// Jekyll's `smartify` runs kramdown's SmartyPants parser, whose HTML
    /// output escapes a bare `&` (`R&D` → `R&amp;D`; jekyll-feed then
    /// xml-escapes it again). The typography is the Liquid module's.
    fn smartify(&self, input: &str) -> String {
        escape_bare_amp(&crate::liquid::filters_jekyll::smartify_default(input))
    }
}

/// `&` that does not start an entity (`&name;`, `&#n;`, `&#xh;`) → `&amp;`.
fn escape_bare_amp(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c == '&' {
            let rest = &s[i + 1..];
            let body: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
                .collect();
            if body.is_empty() || !rest[body.len()..].starts_with(';') {
                out.push_str("&amp;");
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn load_include(site: &Site, name: &str) -> std::result::Result<Arc<Template>, String> {
    // Jekyll's INVALID_SEQUENCES: two or more of `.`/`/` in a row
    let b = name.as_bytes();
    if b.windows(2)
        .any(|w| matches!(w[0], b'.' | b'/') && matches!(w[1], b'.' | b'/'))
    {
        return Err(format!(
            "Invalid syntax for include tag. File contains invalid characters or sequences: {name}"
        ));
    }
    let dir = site.config.source.join(&site.config.includes_dir);
    let path = dir.join(name.trim_start_matches('/'));

    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(_) => {
            return Err(format!(
                "Could not locate the included file '{name}' in any of [\"{}\"]. Ensure it exists in one of those directories and is not a symlink as those are not allowed in safe mode.",
                dir.display()
            ))
        }
    };
    let rel = format!("{}/{}", site.config.includes_dir, name);
    match &site.memo {
        Some(m) => m.template(&rel, &text, 1),
        None => liquid::parse(&text, &rel, 1).map(Arc::new),
    }
    .map_err(|e| e.to_string())
}

fn jekyll_value(site: &Site) -> Value {
    let mut m = Map::default();
    m.insert("version".into(), Value::from("4.3.1"));
    m.insert(
        "environment".into(),
        Value::from(site.config.environment.as_str()),
    );
    Value::hash(m)
}

/// The globals for rendering `page` (a drop) with an optional paginator.
pub fn payload(ctx: &Arc<Ctx>, page: Value, paginator: Option<Value>) -> Map {
    let mut g = Map::default();
    g.insert("site".into(), ctx.site_drop.clone());
    g.insert("page".into(), page);
    g.insert("paginator".into(), paginator.unwrap_or(Value::Nil));
    g.insert("jekyll".into(), jekyll_value(&ctx.site));
    g.insert("highlighter_prefix".into(), Value::from(""));
    g.insert("highlighter_suffix".into(), Value::from(""));
    g
}

/// Render document `id` (Liquid → convert → layouts), storing `converted` and
/// `output` (and `deps`, what it read, when the site tracks them).
/// A panic in hyde's code while rendering becomes an error naming the page.
pub fn render_document(ctx: &Arc<Ctx>, id: usize) -> Result<()> {
    let guarded = || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            panic_if_asked(&ctx.site.docs[id].relative_path);
            render_document_inner(ctx, id)
        }))
        .unwrap_or_else(|p| {
            Err(Error::Internal {
                file: ctx.site.docs[id].relative_path.clone(),
                message: crate::error::panic_message(p.as_ref()),
            })
        })
    };
    let timed = || {
        let t = crate::timings::on().then(std::time::Instant::now);
        let r = guarded();
        if let Some(t) = t {
            crate::timings::page(&ctx.site.docs[id].relative_path, t.elapsed().as_secs_f64());
        }
        r
    };
    if !ctx.site.track_deps {
        return timed();
    }
    let (r, deps) = crate::site::deps::capture(timed);
    let _ = ctx.site.docs[id].deps.set(Arc::new(deps));
    r
}

/// The tests' way to see a panic handled: `HYDE_INTERNAL_PANIC_IN=PATH`
/// panics while rendering the document at PATH (relative to the source).
fn panic_if_asked(relative_path: &str) {
    static ASKED: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let asked = ASKED.get_or_init(|| std::env::var("HYDE_INTERNAL_PANIC_IN").ok());
    if asked.as_deref() == Some(relative_path) {
        panic!("HYDE_INTERNAL_PANIC_IN asked for a panic here");
    }
}

thread_local! {
    /// Jekyll's render order of the document whose templates run on this
    /// thread (`u32::MAX`: none, or a page, which sees every document rendered).
    static RENDERING: std::cell::Cell<u32> = const { std::cell::Cell::new(u32::MAX) };
    /// The document whose own Liquid runs on this thread.
    static LIQUID_OF: std::cell::Cell<usize> = const { std::cell::Cell::new(usize::MAX) };
}

/// Jekyll's render order of the document being rendered on this thread.
pub fn rendering_order() -> u32 {
    RENDERING.with(|r| r.get())
}

/// Whether document `id`'s own Liquid is running on this thread.
pub fn liquid_running(id: usize) -> bool {
    LIQUID_OF.with(|l| l.get()) == id
}

/// Sets a thread-local for a scope and puts the old value back after it.
struct Scoped<T: Copy + 'static> {
    key: &'static std::thread::LocalKey<std::cell::Cell<T>>,
    old: T,
}

impl<T: Copy + 'static> Scoped<T> {
    fn set(key: &'static std::thread::LocalKey<std::cell::Cell<T>>, v: T) -> Scoped<T> {
        Scoped {
            key,
            old: key.with(|c| c.replace(v)),
        }
    }
}

impl<T: Copy + 'static> Drop for Scoped<T> {
    fn drop(&mut self) {
        self.key.with(|c| c.set(self.old));
    }
}

/// The globals a document renders with.
fn document_globals(ctx: &Arc<Ctx>, id: usize) -> Map {
    let site = &ctx.site;
    let doc = &site.docs[id];
    let paginator = doc.paginator.as_ref().map(|p| resolve_paginator(ctx, p));
    let mut globals = payload(ctx, ctx.current_value(id), paginator);
    globals.insert(
        "site".into(),
        crate::site::drops::CurrentSite::value(ctx, id),
    );
    if let Some(layout) = doc.layout().and_then(|l| site.layouts.get(l)) {
        globals.insert("layout".into(), Value::hash(layout.data.clone()));
    }
    globals
}

/// Liquid then conversion: what `content` becomes once the document is
/// rendered, and (in a profiled build) its Liquid render measured, to be
/// counted when this result is the one kept.
fn liquid_and_convert(
    ctx: &Arc<Ctx>,
    id: usize,
    globals: &Map,
) -> Result<(Arc<str>, Option<Sample>)> {
    let site = &ctx.site;
    let doc = &site.docs[id];
    let host = SiteHost { ctx };
    let mut sample = None;
    let body: String = if doc.render_liquid {
        let _own = Scoped::set(&LIQUID_OF, id);
        let probe = site.profiler.as_ref().map(|_| Probe::start());
        let t = liquid::parse(&doc.content, &doc.relative_path, doc.body_line)?;
        // a body's Liquid output is about as long as its source, unless it
        // lists the site's documents: sized for that up front, it is not
        // copied as it grows (a 45 MB sitemap page grown by doubling made
        // 128 MB of fresh memory, a page fault per 4 KB; room reserved
        // beyond what is written costs address space only)
        let mut room = doc.content.len() + doc.content.len() / 4;
        if !matches!(doc.kind, Kind::Doc(_)) {
            let listed = list_weight(site, &doc.content).saturating_mul(ENTRY_BYTES);
            room = room.max(listed.min(MAX_LIST_ROOM));
        }
        let mut body = String::with_capacity(room);
        t.render_to(globals, &host, &mut body)?;
        if let Some(p) = probe {
            sample = Some(p.sample(crate::profiler::document_file(site, doc), body.len()));
        }
        body
    } else {
        doc.content.to_string()
    };
    Ok((Arc::from(convert(site, doc, body)?), sample))
}

/// Count `sample` (a document's Liquid render) in a profiled build.
fn count(site: &Site, sample: Option<Sample>) {
    if let (Some(p), Some(s)) = (&site.profiler, sample) {
        p.renders.add(s);
    }
}

/// Keep `converted` as document `doc`'s converted body unless another
/// thread kept one first; its render counts only when it is the one kept.
fn keep_converted(
    site: &Site,
    doc: &Document,
    converted: Arc<str>,
    sample: Option<Sample>,
) -> Arc<str> {
    let mut kept = false;
    let c = doc
        .converted
        .get_or_init(|| {
            kept = true;
            converted
        })
        .clone();
    if kept {
        count(site, sample);
    }
    c
}

/// A document's converted body when another one, rendered after it in
/// Jekyll's order, reads it: computed now if its own render has not got that
/// far (its render order only reaches documents before it, so this ends).
/// `None` when it fails (its own render reports the error).
pub fn converted_on_demand(ctx: &Arc<Ctx>, id: usize) -> Option<Arc<str>> {
    let doc = ctx.site.docs.get(id)?;
    if let Some(c) = doc.converted.get() {
        return Some(c.clone());
    }
    let _order = Scoped::set(&RENDERING, ctx.render_order[id]);
    let globals = document_globals(ctx, id);
    let (c, sample) = liquid_and_convert(ctx, id, &globals).ok()?;
    Some(keep_converted(&ctx.site, doc, c, sample))
}

fn render_document_inner(ctx: &Arc<Ctx>, id: usize) -> Result<()> {
    let site = &ctx.site;
    let doc = &site.docs[id];
    let host = SiteHost { ctx };
    let _order = Scoped::set(&RENDERING, ctx.render_order[id]);
    let globals = document_globals(ctx, id);
    // another document may have needed this one converted already; with
    // dependencies recorded it is converted again, so that its reads are its own
    let streamed = site.stream.as_ref().filter(|s| s.writes(id));
    let converted = match doc.converted.get() {
        Some(c) if !site.track_deps => c.clone(),
        // a page's converted body is read by its layouts only (other
        // templates see pages' raw content): once written, nothing needs it
        // (a list page's body is most of the memory its build holds)
        _ if streamed.is_some() && !matches!(doc.kind, Kind::Doc(_)) => {
            let (c, sample) = liquid_and_convert(ctx, id, &globals)?;
            count(site, sample);
            c
        }
        _ => {
            let (c, sample) = liquid_and_convert(ctx, id, &globals)?;
            keep_converted(site, doc, c, sample)
        }
    };
    let output = if place_in_layout(doc) {
        place_in_layouts(ctx, doc, converted, globals, &host)?
    } else {
        converted.to_string()
    };
    let output = crate::plugins::post_render(site, doc, output);
    if let Some(stream) = streamed {
        return crate::writer::write_streamed(site, stream, id, output.as_bytes());
    }
    let _ = doc.output.set(Arc::from(output));
    Ok(())
}

/// The paginator's posts are stored as document ids until drops exist.
fn resolve_paginator(ctx: &Arc<Ctx>, p: &Value) -> Value {
    let Value::Hash(h) = p else { return p.clone() };
    let mut m = Map::default();
    for (k, v) in h.iter() {
        if k == "__post_ids" {
            let ids: Vec<usize> = match v {
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
            m.insert("posts".into(), ctx.docs_value(&ids));
        } else {
            m.insert(k.clone(), v.clone());
        }
    }
    // Jekyll's order: page, per_page, posts, ...
    let order = [
        "page",
        "per_page",
        "posts",
        "total_posts",
        "total_pages",
        "previous_page",
        "previous_page_path",
        "next_page",
        "next_page_path",
    ];
    let mut out = Map::default();
    for k in order {
        if let Some(v) = m.get(k) {
            out.insert(k.to_string(), v.clone());
        }
    }
    Value::hash(out)
}

/// Jekyll's `place_in_layout?`: not for asset files (Sass pages and
/// their source maps, CoffeeScript), YAML files or `layout: none`.
fn place_in_layout(doc: &Document) -> bool {
    !(doc.sass
        || doc.map_for.is_some()
        || matches!(doc.ext.as_str(), ".yml" | ".yaml" | ".coffee")
        || doc.layout() == Some("none"))
}

fn convert(site: &Site, doc: &Document, body: String) -> Result<String> {
    if doc.markdown {
        markdown(site, &body).map_err(|e| Error::Markdown {
            file: doc.relative_path.clone(),
            // the body's lines, counted after the front matter (the
            // Liquid output's, which Liquid rarely changes)
            line: if e.line == 0 {
                0
            } else {
                doc.body_line + e.line - 1
            },
            message: e.reason(),
        })
    } else if doc.sass {
        crate::site::deps::record(|| Dep::Sass);
        let compile = || crate::sass::compile_cached(site, doc, &body);
        match &site.memo {
            Some(memo) => {
                let inputs = *site
                    .sass_inputs
                    .get_or_init(|| crate::sass::inputs_fingerprint(site));
                let k = crate::memo::key(&[
                    b"sass",
                    &inputs.to_le_bytes(),
                    doc.path.to_string_lossy().as_bytes(),
                    body.as_bytes(),
                ]);
                Ok(memo.get_or(k, compile)?.to_string())
            }
            None => compile(),
        }
    } else {
        Ok(body)
    }
}

/// Markdown to HTML with the site's options (remembered across builds when
/// the site has a memo); an error for input too deep or too costly.
pub(crate) fn markdown(
    site: &Site,
    text: &str,
) -> std::result::Result<String, crate::markdown::TooComplex> {
    let opts = &site.config.markdown;
    let from_disk = || -> std::result::Result<String, crate::markdown::TooComplex> {
        let Some(cache) = &site.disk_cache else {
            return crate::markdown::try_to_html(text, opts);
        };
        let k = cache.markdown_key(text);
        cache
            .get_or(crate::cache::Kind::Markdown, k, || {
                crate::markdown::try_to_html(text, opts)
            })
            .map(|html| html.to_string())
    };
    let Some(memo) = &site.memo else {
        return from_disk();
    };
    let k = crate::memo::key(&[b"md", format!("{opts:?}").as_bytes(), text.as_bytes()]);
    memo.get_or(k, from_disk).map(|html| html.to_string())
}

/// The longest text `markdownify` remembers the HTML of within a build.
const SHORT_MARKDOWN: usize = 2048;

/// The most a layout has added around its content so far in this process
/// (a start for the next page's buffer).
static LAYOUT_EXTRA: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(16 << 10);

fn place_in_layouts(
    ctx: &Arc<Ctx>,
    doc: &Document,
    content: Arc<str>,
    mut globals: Map,
    host: &SiteHost,
) -> Result<String> {
    let site = &ctx.site;
    let Some(name) = doc.layout() else {
        return Ok(content.to_string());
    };
    crate::site::deps::record(|| Dep::Layout(name.to_string()));
    let mut layout = match site.layouts.get(name) {
        Some(l) => l,
        None => {
            if doc.kind != Kind::Generated {
                site.warn(format!(
                    "Build Warning: Layout '{name}' requested in {} does not exist.",
                    doc.relative_path
                ));
            }
            return Ok(content.to_string());
        }
    };
    // the content each layout wraps: the body, then the inner layout's output
    let mut content = Value::Str(content);
    let mut used: Vec<&str> = vec![layout.name.as_str()];
    let mut layout_data: Map = Map::default();
    loop {
        layout_data = crate::utils::deep_merge(&layout.data, &layout_data);
        globals.insert("content".into(), content);
        globals.insert("layout".into(), Value::hash(layout_data.clone()));
        let probe = site.profiler.as_ref().map(|_| Probe::start());
        let t = match &site.memo {
            Some(m) => m.template(&layout.relative_path, &layout.content, layout.body_line)?,
            None => layout.template()?,
        };
        // the page is rendered into a buffer sized for it up front: grown
        // by doubling, a 40 KB page copies itself a dozen times and touches
        // fresh memory each time
        let extra = LAYOUT_EXTRA.load(Ordering::Relaxed);
        let content_len = globals
            .get("content")
            .map_or(0, |c| c.as_str().map_or(0, str::len));
        let mut buf = String::with_capacity(content_len + extra + extra / 4);
        t.render_to(&globals, host, &mut buf)?;
        LAYOUT_EXTRA.fetch_max(buf.len().saturating_sub(content_len), Ordering::Relaxed);
        if let Some(p) = probe {
            count(
                site,
                Some(p.sample(crate::profiler::layout_file(site, layout), buf.len())),
            );
        }
        let next_name = layout.data.get("layout").and_then(|v| v.as_str());
        if let Some(n) = next_name {
            crate::site::deps::record(|| Dep::Layout(n.to_string()));
        }
        let next = next_name.and_then(|n| site.layouts.get(n));
        match next {
            Some(l) if !used.contains(&l.name.as_str()) => {
                used.push(l.name.as_str());
                layout = l;
                // the inner output is let go before the outer one is made
                if let Some(c) = globals.get_mut("content") {
                    *c = Value::Nil;
                }
                content = Value::from(buf);
            }
            _ => return Ok(buf),
        }
    }
}

/// The most items of a parallel list one thread takes at once (see `render_site`).
pub(crate) const SHARE: usize = 4;

/// What a list page writes per document it lists, about (academicpages'
/// `archive-single.html` writes 1 to 5 KB).
const ENTRY_BYTES: usize = 4 << 10;

/// The most room a list page's output starts with (a page naming the
/// site's lists many times would otherwise ask for gigabytes).
const MAX_LIST_ROOM: usize = 256 << 20;

/// A rough cost of rendering `text`: how many documents the site-wide
/// lists it names hold (`site.posts`, `site.pages`, `site.<collection>`,
/// `.docs`, `site.documents`), each time it names one. A sitemap page
/// names them all and a publications page one collection twice.
fn list_weight(site: &Site, text: &str) -> usize {
    let all: usize = site.collections.iter().map(Vec::len).sum();
    let ident = |rest: &str| -> usize {
        rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len())
    };
    let mut weight = 0;
    for (i, _) in text.match_indices("site.") {
        let rest = &text[i + 5..];
        let name = &rest[..ident(rest)];
        weight += match name {
            "pages" | "html_pages" => site.pages.len(),
            "documents" => all,
            _ => site
                .config
                .collections
                .iter()
                .position(|c| c.label == name)
                .and_then(|c| site.collections.get(c))
                .map_or(0, Vec::len),
        };
    }
    weight + text.matches(".docs").count() * all
}

/// Render every document then every page, in parallel within each phase.
pub fn render_site(ctx: &Arc<Ctx>) -> Vec<Error> {
    use rayon::prelude::*;
    let site = &ctx.site;
    // Sass pages depend on no document, and compiling them is the longest
    // single job of a typical site. Those without Liquid read nothing of the
    // site: they compile beside both phases; the others start the first one.
    let (sass, pages): (Vec<usize>, Vec<usize>) =
        site.pages.iter().partition(|&&id| site.docs[id].sass);
    let (plain_sass, liquid_sass): (Vec<usize>, Vec<usize>) =
        sass.iter().partition(|&&id| !site.docs[id].render_liquid);
    let docs: Vec<usize> = liquid_sass
        .iter()
        .copied()
        .chain(site.collections.iter().flatten().copied())
        .collect();
    // rayon hands each thread a share of the list that no other thread can
    // take part of once it has started; shares of a few documents keep
    // both cores busy to the end of the phase (shares of 2,500 left one
    // core idle for the last 0.16 s of 10,000 documents)
    let render_all = |ids: &[usize]| -> Vec<Error> {
        ids.par_iter()
            .with_max_len(SHARE)
            .filter_map(|&id| render_document(ctx, id).err())
            .collect()
    };
    // pages that loop over the site (archives, the sitemap page) take
    // far longer than the rest: started first, they no longer end the phase
    // alone on one core while the others wait
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by_cached_key(|&k| {
        std::cmp::Reverse(list_weight(site, &site.docs[pages[k]].content))
    });
    let render_longest_first = |ids: &[usize]| -> Vec<Error> {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let found = std::sync::Mutex::new(Vec::new());
        rayon::scope(|s| {
            for _ in 0..rayon::current_num_threads() {
                s.spawn(|_| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&k) = order.get(i) else { break };
                    if let Err(e) = render_document(ctx, ids[k]) {
                        if let Ok(mut f) = found.lock() {
                            f.push((k, e));
                        }
                    }
                });
            }
        });
        // in the pages' order, as the rest of the build reports them
        let mut found = found.into_inner().unwrap_or_default();
        found.sort_by_key(|(k, _)| *k);
        found.into_iter().map(|(_, e)| e).collect()
    };
    let (mut errors, sass_errors) = rayon::join(
        || {
            let mut errors = render_all(&docs);
            crate::timings::mark("documents rendered");
            ctx.docs_done.store(true, Ordering::Release);
            errors.extend(render_longest_first(&pages));
            errors
        },
        || {
            let errors = render_all(&plain_sass);
            crate::timings::mark("stylesheets compiled");
            errors
        },
    );
    errors.extend(sass_errors);
    errors
}

//! Reading the source folder as Jekyll's `Reader` does: layouts, pages,
//! static files, posts and drafts, collections, data — with the entry filter
//! (include/exclude, special and backup files) applied to every folder.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, FixedOffset, NaiveDateTime};

use super::collection_doc::Prepared;
use super::document::{Document, Kind, StaticFile};
use super::entries::{
    escapes_source, file_has_header, read_text, rel_join, walk_files, EntryFilter,
};
use super::fs_view::Fs;
use super::{defaults, Layout, Site};
use crate::config::{add_permalink_suffix, Config};
use crate::error::{Error, Result};
use crate::frontmatter;
use crate::liquid::{Map, Value};
use crate::utils::scalar_string;
use crate::yaml;

pub use super::dates::parse_time_string;

pub struct Reader<'a> {
    pub site: &'a mut Site,
    pub warnings: Vec<String>,
    /// Front matter parsed ahead, in parallel, for the files of a folder
    /// about to be read one by one (see [`Reader::prefetch`]).
    pub prefetched: foldhash::HashMap<PathBuf, Arc<crate::memo::Parsed>>,
}

fn mtime(fs: &Fs, path: &Path, cfg: &Config) -> DateTime<FixedOffset> {
    let t = fs
        .modified(path)
        .map(chrono::DateTime::<chrono::Utc>::from)
        .unwrap_or_else(|| DateTime::<chrono::Utc>::from_timestamp(0, 0).unwrap_or_default());
    let naive = t.naive_utc();
    t.with_timezone(&cfg.offset_at(&naive))
}

impl Reader<'_> {
    pub fn read(&mut self) -> Result<()> {
        self.read_layouts()?;
        self.read_directories("")?;
        self.read_included_files()?;
        // sort_files!
        let docs = &self.site.docs;
        self.site
            .pages
            .sort_by(|a, b| docs[*a].name.cmp(&docs[*b].name));
        self.site
            .static_files
            .sort_by(|a, b| a.relative_path.cmp(&b.relative_path));
        self.read_collections()?;
        self.sort_posts();
        let data_dir = self.site.config.source.join(&self.site.config.data_dir);
        self.site.data = self.read_data_dir(&data_dir)?;
        Ok(())
    }

    /// The file system as this build sees it (see `fs_view`).
    pub(super) fn fs(&self) -> Fs {
        Fs::new(self.site.memo.as_deref())
    }

    pub(super) fn filter(&self) -> EntryFilter<'_> {
        EntryFilter {
            config: &self.site.config,
        }
    }

    fn read_layouts(&mut self) -> Result<()> {
        let dir = self.site.config.source.join(&self.site.config.layouts_dir);
        let fs = self.fs();
        if !fs.is_dir(&dir) {
            return Ok(());
        }
        for rel in walk_files(&fs, &dir, false) {
            let path = dir.join(&rel);
            if fs.is_dir(&path) {
                continue;
            }
            let name = match rel.rfind('.') {
                Some(i) if !rel[i..].contains('/') => rel[..i].to_string(),
                _ => rel.clone(),
            };
            let (data, body, line) = self.read_front_matter(&path)?;
            let rel_display = format!("{}/{}", self.site.config.layouts_dir, rel);
            self.site.layouts.insert(
                name.clone(),
                Layout {
                    name,
                    path: path.clone(),
                    relative_path: rel_display,
                    data,
                    content: body,
                    body_line: line,
                    template: OnceLock::new(),
                },
            );
        }
        Ok(())
    }

    /// Read `path` and split its front matter (a YAML error is reported and
    /// leaves the data empty). With a memo, an unchanged file is not read again.
    pub(super) fn read_front_matter(&mut self, path: &Path) -> Result<(Map, String, usize)> {
        self.read_front_matter_checked(path)
            .map(|(data, body, line, _)| (data, body, line))
    }

    /// [`Self::read_front_matter`], and whether its YAML failed to parse.
    pub(super) fn read_front_matter_checked(
        &mut self,
        path: &Path,
    ) -> Result<(Map, String, usize, bool)> {
        let parsed = self.parsed_front_matter(path)?;
        if let Some(e) = &parsed.error {
            // Convertible#read: `strict_front_matter` makes the YAML error fatal
            if self.site.config.get("strict_front_matter").is_truthy() {
                return Err(Error::Other(e.clone()));
            }
            self.site.report_error(e.clone());
        }
        Ok((
            parsed.data.clone(),
            parsed.body.clone(),
            parsed.line,
            parsed.error.is_some(),
        ))
    }

    /// `path`'s front matter parsed: from the memo, from the prefetch, or
    /// read now (its YAML error is the caller's to report).
    pub(super) fn parsed_front_matter(&mut self, path: &Path) -> Result<Arc<crate::memo::Parsed>> {
        let memo = self.site.memo.clone();
        let stamp = memo.as_ref().and_then(|m| m.stamp(path));
        let cached = match (&memo, stamp) {
            (Some(m), Some(s)) => m.parsed(path, s),
            _ => None,
        };
        let parsed = match cached {
            Some(p) => p,
            None => {
                let p = match self.prefetched.remove(path) {
                    Some(p) => p,
                    None => {
                        let text = read_text(path)?;
                        Arc::new(parse_front_matter(&self.site.config, path, &text))
                    }
                };
                if let (Some(m), Some(s)) = (&memo, stamp) {
                    m.remember_parsed(path, s, p.clone());
                }
                p
            }
        };
        Ok(parsed)
    }

    /// Whether `path` starts with front matter, and (with a memo) the file's stamp.
    pub(super) fn has_header(&self, path: &Path) -> (bool, Option<crate::memo::Stamp>) {
        match &self.site.memo {
            Some(m) => m.has_header(path, || file_has_header(path)),
            None => (file_has_header(path), None),
        }
    }

    /// Parse the front matter of `paths` on every core, for the serial
    /// read that follows: only the work that needs nothing but the
    /// configuration (reading the file, splitting and parsing its YAML).
    /// Errors stay for that read to report in order; a file the memo
    /// already holds, or that cannot be read, is left to it.
    pub(super) fn prefetch(&mut self, mut paths: Vec<PathBuf>) {
        use rayon::prelude::*;
        let memo = self.site.memo.clone();
        let cfg = &self.site.config;
        let unknown = |p: &PathBuf| {
            memo.as_ref()
                .is_none_or(|m| m.stamp(p).and_then(|s| m.parsed(p, s)).is_none())
        };
        // a memo that trusts the watcher answers without the file system: ask
        // it here, and hand the cores only what it does not hold (after one
        // saved file, one path: no thread is woken for the rest)
        if memo.as_ref().is_some_and(|m| m.trusts_watcher()) {
            paths.retain(unknown);
            if paths.is_empty() {
                return;
            }
        }
        let parsed: Vec<(PathBuf, Arc<crate::memo::Parsed>)> = paths
            .into_par_iter()
            .with_max_len(crate::render::SHARE)
            .filter(unknown)
            .filter(|p| file_has_header(p))
            .filter_map(|p| {
                let text = read_text(&p).ok()?;
                let parsed = Arc::new(parse_front_matter(cfg, &p, &text));
                Some((p, parsed))
            })
            .collect();
        self.prefetched.extend(parsed);
    }

    fn read_directories(&mut self, dir: &str) -> Result<()> {
        let base = self.site.config.source.join(dir);
        let fs = self.fs();
        if !fs.is_dir(&base) {
            return Ok(());
        }
        let mut dirs = Vec::new();
        let mut pages = Vec::new();
        let mut statics = Vec::new();
        let own_cache = crate::cache::folder(&self.site.config);
        for (entry, file_type) in fs.list(&base).iter() {
            let entry = entry.clone();
            let file_type = *file_type;
            if !self.filter().keep(dir, &entry) {
                continue;
            }
            let path = base.join(&entry);
            // hyde's cache is never site content, whatever `cache_dir` is
            if path == own_cache {
                continue;
            }
            // the listing's type spares a `stat` per entry; a link (or an
            // entry of unknown type) is looked at through the file system
            let plain = file_type.filter(|t| !t.is_symlink());
            if plain.is_none() && escapes_source(&path, &self.site.config.source) {
                self.warnings.push(format!(
                    "{}: a symbolic link to a place outside the source; it was not read",
                    rel_join(dir, &entry)
                ));
                continue;
            }
            if plain.map_or_else(|| fs.is_dir(&path), |t| t.is_dir()) {
                dirs.push(entry);
            } else if self.has_header(&path).0 {
                pages.push(entry);
            } else {
                statics.push(entry);
            }
        }
        self.retrieve_posts(dir)?;
        for d in dirs {
            let path = base.join(&d);
            let dest = &self.site.config.destination;
            if path == *dest || fs.canonicalize(&path).as_ref() == Some(dest) {
                continue;
            }
            self.read_directories(&rel_join(dir, &d))?;
        }
        for p in pages {
            self.read_page(dir, &p)?;
        }
        for s in statics {
            self.add_static(dir, &s, None);
        }
        Ok(())
    }

    fn read_included_files(&mut self) -> Result<()> {
        let includes = self.site.config.include.clone();
        let fs = self.fs();
        for entry in includes {
            let path = self.site.config.source.join(&entry);
            if !fs.is_file(&path) {
                continue;
            }
            let (dir, name) = match entry.rfind('/') {
                Some(i) => (entry[..i].to_string(), entry[i + 1..].to_string()),
                None => (String::new(), entry.clone()),
            };
            let rel = entry.trim_start_matches('/').to_string();
            if self.has_header(&path).0 {
                if self
                    .site
                    .pages
                    .iter()
                    .any(|&i| self.site.docs[i].relative_path == rel)
                {
                    continue;
                }
                self.read_page(&dir, &name)?;
            } else {
                let srel = format!("/{rel}");
                if self
                    .site
                    .static_files
                    .iter()
                    .any(|s| s.relative_path == srel)
                {
                    continue;
                }
                self.add_static(&dir, &name, None);
            }
        }
        Ok(())
    }

    fn add_static(&mut self, dir: &str, name: &str, collection: Option<(&str, usize)>) {
        let cfg = &self.site.config;
        let path = cfg.source.join(rel_join(dir, name));
        let relative_path = format!("/{}", rel_join(dir, name)).replace("//", "/");
        let (basename, extname) = split_ext(name);
        let (url, write) = match collection {
            None => (relative_path.clone(), true),
            Some((label, idx)) => {
                let cc = &cfg.collections[idx];
                let template = cc.permalink.clone().unwrap_or_else(|| {
                    add_permalink_suffix("/:collection/:path", &cfg.permalink_style)
                });
                let mut cleaned = relative_path[..relative_path.len() - extname.len()]
                    .trim_end_matches('.')
                    .to_string();
                let coll_dir = format!("_{label}");
                if let Some(i) = cleaned.find(&coll_dir) {
                    cleaned.replace_range(i..i + coll_dir.len(), "");
                }
                let lookup = |k: &str| match k {
                    "collection" => Some(label.to_string()),
                    "path" => Some(cleaned.clone()),
                    "output_ext" | "title" => Some(String::new()),
                    "name" => Some(basename.clone()),
                    _ => None,
                };
                let u = super::url::fill(&template, &lookup).unwrap_or_else(|_| cleaned.clone());
                let u = super::url::sanitize(&u);
                let u = format!("{}{}", u.trim_end_matches('/'), extname);
                (u, cc.output)
            }
        };
        let dest = match super::url::safe_relative(&super::url::unescape_path(&url)) {
            Some(d) => d,
            None => {
                self.site.report_error(format!(
                    "{}: its output path '{url}' would be outside the destination; it was not written",
                    path.display()
                ));
                return;
            }
        };
        let kind = match collection {
            Some((label, _)) => label.to_string(),
            None => "pages".to_string(),
        };
        let data = defaults::all(
            &cfg.defaults,
            relative_path.trim_start_matches('/'),
            &kind,
            &cfg.collections_dir,
        );
        let modified = mtime(&self.fs(), &path, cfg);
        self.site.static_files.push(StaticFile {
            path,
            relative_path,
            name: name.to_string(),
            basename,
            extname,
            modified,
            collection: collection.map(|(l, _)| l.to_string()),
            url,
            dest,
            write,
            data,
        });
    }

    fn read_page(&mut self, dir: &str, name: &str) -> Result<()> {
        if let Some(id) = self.page(dir, name, true, None)? {
            crate::sass::start_early(self.site, id);
        }
        Ok(())
    }

    /// A page of `dir/name`, appended to `site.pages`: front matter over the
    /// defaults (`permalink` laid over them when given). With `check_published`,
    /// as the reader does, `published: false` leaves it out (`None`).
    fn page(
        &mut self,
        dir: &str,
        name: &str,
        check_published: bool,
        permalink: Option<&str>,
    ) -> Result<Option<usize>> {
        let path = self.site.config.source.join(rel_join(dir, name));
        let (fm, body, line) = self.read_front_matter(&path)?;
        let relative_path = rel_join(dir, name);
        let cfg = &self.site.config;
        let mut data = defaults::all(&cfg.defaults, &relative_path, "pages", &cfg.collections_dir);
        data = crate::utils::deep_merge(&data, &fm);
        if let Some(p) = permalink {
            data.insert("permalink".into(), Value::from(p));
        }
        if check_published
            && data
                .get("published")
                .map(|v| matches!(v, Value::Bool(false)))
                .unwrap_or(false)
            && !cfg.unpublished
        {
            return Ok(None);
        }
        let (_, ext) = split_ext(name);
        let basename = name[..name.len() - ext.len()]
            .trim_end_matches('.')
            .to_string();
        let page_dir = if dir.is_empty() {
            String::new()
        } else {
            format!("/{dir}")
        };
        let mut doc = self.new_document(
            Kind::Page,
            path,
            relative_path,
            name.to_string(),
            basename,
            ext,
            data,
            body,
            line,
        );
        doc.dir = page_dir;
        self.finish_page_url(&mut doc)?;
        let id = self.site.docs.len();
        self.site.docs.push(doc);
        self.site.pages.push(id);
        Ok(Some(id))
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn new_document(
        &self,
        kind: Kind,
        path: PathBuf,
        relative_path: String,
        name: String,
        basename: String,
        ext: String,
        data: Map,
        body: String,
        line: usize,
    ) -> Document {
        let cfg = &self.site.config;
        let lower = ext.to_lowercase();
        let markdown = cfg.is_markdown_ext(&ext);
        let sass = lower == ".scss" || lower == ".sass";
        let output_ext = if markdown {
            ".html".to_string()
        } else if sass {
            ".css".to_string()
        } else {
            ext.clone()
        };
        let render_liquid = !matches!(data.get("render_with_liquid"), Some(Value::Bool(false)))
            && !matches!(lower.as_str(), ".coffee" | ".yml" | ".yaml")
            && crate::utils::has_liquid_construct(&body);
        let sep = data
            .get("excerpt_separator")
            .and_then(scalar_string)
            .unwrap_or_else(|| cfg.excerpt_separator.clone());
        Document::new(super::document::DocSource {
            kind,
            path,
            relative_path,
            dir: String::new(),
            name,
            basename,
            ext,
            data,
            content: Arc::from(body),
            body_line: line,
            url: String::new(),
            output_ext,
            dest: String::new(),
            date: None,
            draft: false,
            write: true,
            render_liquid,
            markdown,
            sass,
            excerpt_separator: sep,
            paginator: None,
            map_for: None,
        })
    }

    fn finish_page_url(&mut self, doc: &mut Document) -> Result<()> {
        assign_page_url(doc, &self.site.config.permalink_style)
    }

    fn retrieve_posts(&mut self, dir: &str) -> Result<()> {
        let cd = &self.site.config.collections_dir;
        if !cd.is_empty() && !format!("/{dir}").starts_with(&format!("/{cd}")) {
            return Ok(());
        }
        self.read_publishable(dir, "_posts", true)?;
        if self.site.config.show_drafts {
            self.read_publishable(dir, "_drafts", false)?;
        }
        Ok(())
    }

    fn read_publishable(&mut self, dir: &str, magic: &str, dated: bool) -> Result<()> {
        let base = self.site.config.source.join(rel_join(dir, magic));
        let fs = self.fs();
        if !fs.is_dir(&base) {
            return Ok(());
        }
        let base_rel = rel_join(dir, magic);
        // `walk_files` lists files only: no folder to skip here
        let files: Vec<PathBuf> = walk_files(&fs, &base, false)
            .into_iter()
            .filter(|entry| {
                // the entry filter, applied to the path inside the magic folder
                let name = entry.rsplit('/').next().unwrap_or(entry);
                self.filter().keep(&base_rel, entry)
                    && (!dated || parse_dated_name(entry).is_some())
                    && (dated || name.contains('.'))
            })
            .map(|entry| base.join(entry))
            .collect();
        let draft = Some(magic == "_drafts");
        // the posts made on every core, then added in order
        let prepared = self.prepare_documents(&files, 0, draft);
        for (full, p) in files.into_iter().zip(prepared) {
            match p {
                Prepared::Doc(made, diags) => self.add_prepared(0, made, diags)?,
                Prepared::Static | Prepared::Unread => self.read_document(full, 0, draft, None)?,
            }
        }
        self.prefetched.clear();
        Ok(())
    }

    fn read_collections(&mut self) -> Result<()> {
        let n = self.site.config.collections.len();
        for idx in 1..n {
            let label = self.site.config.collections[idx].label.clone();
            let cd = self.site.config.collections_dir.clone();
            let rel_dir = rel_join(&cd, &format!("_{label}"));
            let dir = self.site.config.source.join(&rel_dir);
            let fs = self.fs();
            if !fs.is_dir(&dir) {
                continue;
            }
            let entries: Vec<String> = walk_files(&fs, &dir, true)
                .into_iter()
                .filter(|entry| self.filter().keep(&format!("_{label}"), entry))
                .collect();
            // the documents made on every core, then added in order
            let files: Vec<PathBuf> = entries.iter().map(|e| dir.join(e)).collect();
            let prepared = self.prepare_documents(&files, idx, None);
            // `walk_files` lists files only: no folder to skip here
            for ((entry, full), p) in entries.into_iter().zip(files).zip(prepared) {
                let header = match p {
                    Prepared::Doc(made, diags) => {
                        self.add_prepared(idx, made, diags)?;
                        continue;
                    }
                    Prepared::Static => (false, None),
                    Prepared::Unread => self.has_header(&full),
                };
                if let (true, stamp) = header {
                    self.read_document(full, idx, None, stamp)?;
                } else {
                    let (d, name) = match entry.rfind('/') {
                        Some(i) => (rel_join(&rel_dir, &entry[..i]), entry[i + 1..].to_string()),
                        None => (rel_dir.clone(), entry.clone()),
                    };
                    self.add_static(&d, &name, Some((&label, idx)));
                }
            }
            self.sort_collection(idx);
            self.prefetched.clear();
        }
        Ok(())
    }

    pub(super) fn sort_collection(&mut self, idx: usize) {
        let cc = self.site.config.collections[idx].clone();
        let docs = &self.site.docs;
        let ids = &mut self.site.collections[idx];
        if let Some(order) = &cc.order {
            let mut ordered = Vec::new();
            for o in order {
                if let Some(pos) = ids.iter().position(|&i| {
                    docs[i]
                        .relative_path
                        .ends_with(&format!("_{}/{}", cc.label, o))
                        || docs[i].relative_path == *o
                }) {
                    ordered.push(ids.remove(pos));
                }
            }
            sort_docs(ids, docs);
            ordered.append(ids);
            *ids = ordered;
        } else if let Some(key) = &cc.sort_by {
            ids.sort_by(|a, b| {
                let (x, y) = (docs[*a].data.get(key), docs[*b].data.get(key));
                let o = match (x.filter(|v| !v.is_nil()), y.filter(|v| !v.is_nil())) {
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (Some(x), Some(y)) => value_cmp(x, y),
                    (None, None) => std::cmp::Ordering::Equal,
                };
                o.then_with(|| doc_cmp(&docs[*a], &docs[*b]))
            });
        } else {
            sort_docs(ids, docs);
        }
    }

    fn sort_posts(&mut self) {
        // Jekyll sorts `posts.docs` while a draft without a front-matter date
        // has none yet (it compares by path: `_drafts/...` first); that order
        // gives `previous`/`next`. Its date (the file's mtime, Document#date)
        // is set afterwards and orders `site.posts`.
        self.sort_collection(0);
        let fs = self.fs();
        for &id in &self.site.collections[0] {
            let d = &mut self.site.docs[id];
            if d.draft && d.data.get("date").is_none_or(|v| v.is_nil()) {
                let t = mtime(&fs, &d.path, &self.site.config);
                d.data.insert("date".into(), Value::Time(t));
            }
        }
        let limit = self.site.config.limit_posts;
        if limit > 0 {
            let ids = &mut self.site.collections[0];
            if ids.len() > limit {
                let cut = ids.len() - limit;
                ids.drain(..cut);
            }
        }
    }
}

/// Split `text` (the file at `path`) into front matter and body, and parse
/// the front matter's YAML as Jekyll does.
pub(super) fn parse_front_matter(cfg: &Config, path: &Path, text: &str) -> crate::memo::Parsed {
    let parsed = |data, body: &str, line, error| crate::memo::Parsed {
        data,
        body: body.to_string(),
        line,
        error,
    };
    match frontmatter::split(text) {
        None => parsed(Map::default(), text, 1, None),
        Some((y, body, line)) => {
            let tz = cfg.timezone;
            let local = move |t: &NaiveDateTime| crate::config::offset_at_utc(tz, t);
            match yaml::parse(y, &local).map(crate::liquid::value_depth::within_depth) {
                Ok(None) => {
                    let msg = Error::Yaml {
                        path: path.to_path_buf(),
                        line: 1,
                        col: 0,
                        message: crate::liquid::value_depth::TOO_DEEP.into(),
                    }
                    .to_string();
                    parsed(Map::default(), body, line, Some(msg))
                }
                Ok(Some(Value::Hash(h))) => parsed((*h).clone(), body, line, None),
                Ok(_) => parsed(Map::default(), body, line, None),
                Err(e) => {
                    let msg = Error::Yaml {
                        path: path.to_path_buf(),
                        line: e.line,
                        col: e.col,
                        message: e.message,
                    }
                    .to_string();
                    parsed(Map::default(), body, line, Some(msg))
                }
            }
        }
    }
}

/// `Jekyll::Page.new(site, base, dir, name)` as plugins call it to turn a
/// file into a page (jekyll-optional-front-matter, jekyll-readme-index):
/// read like any page but without the reader's `published` filter, and
/// appended to `site.pages`; `permalink`, when given, is set in its data.
pub fn add_page_from_file(
    site: &mut Site,
    dir: &str,
    name: &str,
    permalink: Option<&str>,
) -> Result<usize> {
    let mut r = Reader {
        site,
        warnings: Vec::new(),
        prefetched: Default::default(),
    };
    match r.page(dir, name, false, permalink)? {
        Some(id) => Ok(id),
        // without the `published` check a page is always made
        None => Err(Error::Other(format!("{dir}/{name}: not read as a page"))),
    }
}

pub(crate) fn same(a: &Value, b: &Value) -> bool {
    scalar_string(a) == scalar_string(b)
}

/// Compare two documents as `Document#<=>`: by date, then path.
/// Sort document ids by `doc_cmp`, each date looked up once.
fn sort_docs(ids: &mut [usize], docs: &[Document]) {
    // each document's date looked up once, not at every comparison
    let mut keyed: Vec<(Option<&DateTime<FixedOffset>>, usize)> =
        ids.iter().map(|&i| (doc_date(&docs[i]), i)).collect();
    keyed.sort_by(|(x, a), (y, b)| dated_order(*x, *y, &docs[*a], &docs[*b]));
    for (slot, (_, i)) in ids.iter_mut().zip(keyed) {
        *slot = i;
    }
}

/// Jekyll's `Document#<=>`: by date when both have different ones, else by path.
pub fn doc_cmp(a: &Document, b: &Document) -> std::cmp::Ordering {
    dated_order(doc_date(a), doc_date(b), a, b)
}

fn doc_date(d: &Document) -> Option<&DateTime<FixedOffset>> {
    match d.data.get("date") {
        Some(Value::Time(t)) => Some(t),
        _ => None,
    }
}

fn dated_order(
    x: Option<&DateTime<FixedOffset>>,
    y: Option<&DateTime<FixedOffset>>,
    a: &Document,
    b: &Document,
) -> std::cmp::Ordering {
    match (x, y) {
        (Some(x), Some(y)) if x != y => x.cmp(y),
        // Ruby compares the path strings byte by byte (`Path`'s order goes
        // by components: it puts `a/b` before `a-b`, Ruby after)
        _ => a
            .path
            .as_os_str()
            .as_encoded_bytes()
            .cmp(b.path.as_os_str().as_encoded_bytes()),
    }
}

fn value_cmp(a: &Value, b: &Value) -> std::cmp::Ordering {
    use std::cmp::Ordering::*;
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Int(x), Value::Float(y)) => (*x as f64).partial_cmp(y).unwrap_or(Equal),
        (Value::Float(x), Value::Int(y)) => x.partial_cmp(&(*y as f64)).unwrap_or(Equal),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y).unwrap_or(Equal),
        (Value::Time(x), Value::Time(y)) => x.cmp(y),
        (Value::Date(x), Value::Date(y)) => x.cmp(y),
        _ => scalar_string(a).cmp(&scalar_string(b)),
    }
}

pub(super) fn split_ext(name: &str) -> (String, String) {
    // File.extname: the last dot not at the start
    match name.rfind('.') {
        Some(i) if i > 0 => (name[..i].to_string(), name[i..].to_string()),
        _ => (name.to_string(), String::new()),
    }
}

/// `Document::DATE_FILENAME_MATCHER` on a relative path: the date and slug.
pub fn parse_dated_name(rel: &str) -> Option<(String, String)> {
    let name = rel.rsplit('/').next()?;
    let (stem, ext) = split_ext(name);
    if ext.is_empty() {
        return None;
    }
    let parts: Vec<&str> = stem.splitn(4, '-').collect();
    if parts.len() < 4 {
        return None;
    }
    let ok = |s: &str, lo: usize, hi: usize| {
        s.len() >= lo && s.len() <= hi && s.bytes().all(|b| b.is_ascii_digit())
    };
    if ok(parts[0], 2, 4) && ok(parts[1], 1, 2) && ok(parts[2], 1, 2) {
        Some((
            format!("{}-{}-{}", parts[0], parts[1], parts[2]),
            parts[3].to_string(),
        ))
    } else {
        None
    }
}

/// A page's permalink ext overrides the converter's (`Renderer#permalink_ext`).
pub fn permalink_ext(doc: &mut Document) {
    if let Some(p) = doc.data.get("permalink").and_then(|v| v.as_str()) {
        if !p.ends_with('/') {
            let last = p.rsplit('/').next().unwrap_or("");
            if let Some(i) = last.rfind('.') {
                if i > 0 {
                    doc.output_ext = last[i..].to_string();
                }
            }
        }
    }
}

/// `Page#url` and `Page#destination`: from the permalink, or the page template.
pub fn assign_page_url(doc: &mut Document, permalink_style: &str) -> Result<()> {
    permalink_ext(doc);
    let pairs = [
        ("path", Some(doc.dir.clone())),
        ("basename", Some(doc.basename.clone())),
        ("output_ext", Some(doc.output_ext.clone())),
    ];
    let url = match doc
        .data
        .get("permalink")
        .and_then(scalar_string)
        .filter(|p| !p.is_empty())
    {
        Some(p) => super::url::fill_hash(&p, &pairs),
        None => {
            let template = if !doc.is_html() {
                "/:path/:basename:output_ext".to_string()
            } else if doc.basename == "index" {
                "/:path/".to_string()
            } else {
                add_permalink_suffix("/:path/:basename", permalink_style)
            };
            super::url::fill_hash(&template, &pairs)
        }
    };
    doc.url = super::url::sanitize(&url);
    set_dest(doc, true)
}

pub(super) fn set_dest(doc: &mut Document, page_style: bool) -> Result<()> {
    match super::url::output_path(&doc.url, &doc.output_ext, page_style) {
        Some(d) => doc.dest = d,
        None => {
            return Err(Error::Path {
                path: doc.path.clone(),
                message: format!(
                    "its URL '{}' would write outside the destination folder; change its permalink",
                    doc.url
                ),
            })
        }
    }
    Ok(())
}

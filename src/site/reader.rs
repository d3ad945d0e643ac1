//! Reading the source folder as Jekyll's `Reader` does: layouts, pages,
//! static files, posts and drafts, collections, data — with the entry filter
//! (include/exclude, special and backup files) applied to every folder.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, FixedOffset, NaiveDateTime};

use super::document::{Document, Kind, StaticFile};
use super::{defaults, Layout, Site};
use crate::config::{add_permalink_suffix, Config};
use crate::error::{Error, Result};
use crate::frontmatter;
use crate::liquid::{Map, Value};
use crate::utils::{fnmatch, scalar_string, slugify, titleize_slug};
use crate::yaml;

/// The entry filter (`Jekyll::EntryFilter`).
pub struct EntryFilter<'a> {
    pub config: &'a Config,
}

impl EntryFilter<'_> {
    fn glob_include<'p>(
        &self,
        patterns: impl IntoIterator<Item = &'p String>,
        entry: &str,
    ) -> bool {
        let src = self.config.source.to_string_lossy();
        const META: [char; 5] = ['*', '?', '[', '\\', '{'];
        if !src.contains(META) && !entry.is_empty() {
            // both sides start with the same literal `source/`: compare what follows
            let e = entry.trim_start_matches('/');
            return patterns.into_iter().any(|p| {
                if p.is_empty() {
                    return true; // `File.join(source, "")` is a prefix of everything
                }
                let q = p.trim_start_matches('/');
                let matched = if q.contains(META) {
                    fnmatch(q, e)
                } else {
                    q == e
                };
                matched
                    || e.starts_with(q)
                    || (q.len() == e.len() + 1
                        && q.ends_with('/')
                        && q.starts_with(e)
                        && self.config.source.join(e).is_dir())
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
    pub fn included(&self, entry: &str) -> bool {
        let base = entry.rsplit('/').next().unwrap_or(entry);
        self.glob_include(&self.config.include, entry)
            || self.glob_include(&self.config.include, base)
    }
    pub fn excluded(&self, rel: &str) -> bool {
        self.glob_include(self.config.effective_exclude().iter(), rel)
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
        let rel = if base_dir.is_empty() {
            entry.to_string()
        } else {
            format!("{base_dir}/{entry}")
        };
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
fn join(a: &str, b: &str) -> String {
    if b.is_empty() {
        return a.to_string();
    }
    format!("{}/{}", a.trim_end_matches('/'), b.trim_start_matches('/'))
}

fn rel_join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Sorted names in a folder (Ruby 3's `Dir.glob` sorts).
fn list_dir(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    v.sort();
    v
}

/// Whether `path` is a symbolic link whose target lies outside `source`
/// (hyde never reads through those: the build must not copy outside files).
fn escapes_source(path: &Path, source: &Path) -> bool {
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
fn walk_files(dir: &Path, dotfiles: bool) -> Vec<String> {
    let root = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        // a linked file or folder is read only when its target is inside `dir`
        .filter_entry(|e| {
            !e.path_is_symlink()
                || std::fs::canonicalize(e.path()).is_ok_and(|t| t.starts_with(&root))
        })
        .filter_map(|e| e.ok())
    {
        if e.depth() == 0 || e.file_type().is_dir() {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if !dotfiles && rel.split('/').any(|c| c.starts_with('.')) {
            continue;
        }
        out.push(rel);
    }
    out
}

pub struct Reader<'a> {
    pub site: &'a mut Site,
    pub warnings: Vec<String>,
}

fn mtime(path: &Path, cfg: &Config) -> DateTime<FixedOffset> {
    let t = std::fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .ok()
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

    fn filter(&self) -> EntryFilter<'_> {
        EntryFilter {
            config: &self.site.config,
        }
    }

    fn read_layouts(&mut self) -> Result<()> {
        let dir = self.site.config.source.join(&self.site.config.layouts_dir);
        if !dir.is_dir() {
            return Ok(());
        }
        for rel in walk_files(&dir, false) {
            let path = dir.join(&rel);
            if path.is_dir() {
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
    fn read_front_matter(&mut self, path: &Path) -> Result<(Map, String, usize)> {
        let memo = self.site.memo.clone();
        let stamp = memo.as_ref().and_then(|m| m.stamp(path));
        let cached = match (&memo, stamp) {
            (Some(m), Some(s)) => m.parsed(path, s),
            _ => None,
        };
        let parsed = match cached {
            Some(p) => p,
            None => {
                let text = read_text(path)?;
                let p = Arc::new(self.parse_front_matter(path, &text));
                if let (Some(m), Some(s)) = (&memo, stamp) {
                    m.remember_parsed(path, s, p.clone());
                }
                p
            }
        };
        if let Some(e) = &parsed.error {
            self.site.report_error(e.clone());
        }
        Ok((parsed.data.clone(), parsed.body.clone(), parsed.line))
    }

    /// Whether `path` starts with front matter, and (with a memo) the file's stamp.
    fn has_header(&self, path: &Path) -> (bool, Option<crate::memo::Stamp>) {
        match &self.site.memo {
            Some(m) => m.has_header(path, || file_has_header(path)),
            None => (file_has_header(path), None),
        }
    }

    fn parse_front_matter(&self, path: &Path, text: &str) -> crate::memo::Parsed {
        let parsed = |data, body: &str, line, error| crate::memo::Parsed {
            data,
            body: body.to_string(),
            line,
            error,
        };
        match frontmatter::split(text) {
            None => parsed(Map::new(), text, 1, None),
            Some((y, body, line)) => {
                let cfg = &self.site.config;
                let tz = cfg.timezone;
                let local = move |t: &NaiveDateTime| crate::config::local_offset(tz, t);
                match yaml::parse(y, &local) {
                    Ok(Value::Hash(h)) => parsed((*h).clone(), body, line, None),
                    Ok(_) => parsed(Map::new(), body, line, None),
                    Err(e) => {
                        let msg = Error::Yaml {
                            path: path.to_path_buf(),
                            line: e.line + 1,
                            col: e.col,
                            message: e.message,
                        }
                        .to_string();
                        parsed(Map::new(), body, line, Some(msg))
                    }
                }
            }
        }
    }

    fn read_directories(&mut self, dir: &str) -> Result<()> {
        let base = self.site.config.source.join(dir);
        if !base.is_dir() {
            return Ok(());
        }
        let mut dirs = Vec::new();
        let mut pages = Vec::new();
        let mut statics = Vec::new();
        for entry in list_dir(&base) {
            if !self.filter().keep(dir, &entry) {
                continue;
            }
            let path = base.join(&entry);
            if escapes_source(&path, &self.site.config.source) {
                self.warnings.push(format!(
                    "{}: a symbolic link to a place outside the source; it was not read",
                    rel_join(dir, &entry)
                ));
                continue;
            }
            if path.is_dir() {
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
            if path == *dest || std::fs::canonicalize(&path).ok().as_ref() == Some(dest) {
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
        for entry in includes {
            let path = self.site.config.source.join(&entry);
            if !path.is_file() {
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
        let modified = mtime(&path, cfg);
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
        let path = self.site.config.source.join(rel_join(dir, name));
        let (fm, body, line) = self.read_front_matter(&path)?;
        let relative_path = rel_join(dir, name);
        let cfg = &self.site.config;
        let mut data = defaults::all(&cfg.defaults, &relative_path, "pages", &cfg.collections_dir);
        data = crate::utils::deep_merge(&data, &fm);
        if data
            .get("published")
            .map(|v| matches!(v, Value::Bool(false)))
            .unwrap_or(false)
            && !cfg.unpublished
        {
            return Ok(());
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
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn new_document(
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
        let markdown = cfg.markdown_ext.contains(&lower);
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

    fn set_dest(&mut self, doc: &mut Document, page_style: bool) -> Result<()> {
        set_dest(doc, page_style)
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
        if !base.is_dir() {
            return Ok(());
        }
        let base_rel = rel_join(dir, magic);
        for entry in walk_files(&base, false) {
            let full = base.join(&entry);
            if full.is_dir() {
                continue;
            }
            // the entry filter, applied to the path inside the magic folder
            let f = self.filter();
            if !f.keep(&base_rel, &entry) {
                continue;
            }
            let name = entry.rsplit('/').next().unwrap_or(&entry).to_string();
            if dated && parse_dated_name(&entry).is_none() {
                continue;
            }
            if !dated && !name.contains('.') {
                continue;
            }
            self.read_document(full, 0, Some(magic == "_drafts"), None)?;
        }
        Ok(())
    }

    fn read_collections(&mut self) -> Result<()> {
        let n = self.site.config.collections.len();
        for idx in 1..n {
            let label = self.site.config.collections[idx].label.clone();
            let cd = self.site.config.collections_dir.clone();
            let rel_dir = rel_join(&cd, &format!("_{label}"));
            let dir = self.site.config.source.join(&rel_dir);
            if !dir.is_dir() {
                continue;
            }
            for entry in walk_files(&dir, true) {
                let full = dir.join(&entry);
                if full.is_dir() {
                    continue;
                }
                let f = self.filter();
                if !f.keep(&format!("_{label}"), &entry) {
                    continue;
                }
                if let (true, stamp) = self.has_header(&full) {
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
        }
        Ok(())
    }

    fn read_document(
        &mut self,
        path: PathBuf,
        coll: usize,
        draft_hint: Option<bool>,
        stamp: Option<crate::memo::Stamp>,
    ) -> Result<()> {
        use crate::memo::DocOutcome;
        let memo = self.site.memo.clone();
        let stamp = stamp.or_else(|| memo.as_ref().and_then(|m| m.stamp(&path)));
        let cached = match (&memo, stamp) {
            (Some(m), Some(s)) => m.doc(&path, coll, draft_hint, s),
            _ => None,
        };
        let outcome = match cached {
            Some(o) => {
                if let DocOutcome::Skipped(w) = &*o {
                    self.site.warn(w.clone());
                }
                o
            }
            None => {
                let errors = self.site.errors.lock().map(|e| e.len()).unwrap_or(0);
                let o = Arc::new(self.make_document(path.clone(), coll, draft_hint)?);
                let clean = self.site.errors.lock().map(|e| e.len()).unwrap_or(1) == errors;
                if let (Some(m), Some(s), true) = (&memo, stamp, clean) {
                    m.remember_doc(&path, coll, draft_hint, s, o.clone());
                }
                o
            }
        };
        if let DocOutcome::Doc(doc) = &*outcome {
            let id = self.site.docs.len();
            self.site.docs.push(doc.unrendered());
            self.site.collections[coll].push(id);
        }
        Ok(())
    }

    fn make_document(
        &mut self,
        path: PathBuf,
        coll: usize,
        draft_hint: Option<bool>,
    ) -> Result<crate::memo::DocOutcome> {
        use crate::memo::DocOutcome;
        let (fm, body, line) = self.read_front_matter(&path)?;
        let cfg = &self.site.config;
        let source = cfg.source.to_string_lossy().to_string();
        let cpath = if cfg.collections_dir.is_empty() {
            source.clone()
        } else {
            join(&source, &cfg.collections_dir)
        };
        let full = path.to_string_lossy().to_string();
        let relative_path = full
            .strip_prefix(&format!("{cpath}/"))
            .unwrap_or(&full)
            .to_string();
        let label = cfg.collections[coll].label.clone();
        let coll_dir = format!("_{label}");
        let draft = coll == 0 && (draft_hint == Some(true) || !relative_path.contains(&coll_dir));
        let mut data = defaults::all(&cfg.defaults, &relative_path, &label, &cfg.collections_dir);
        // Jekyll's Document#initialize calls `draft?`, which stores the answer
        // in data["draft"] for every document (false outside drafts) before
        // defaults and front matter are merged over it.
        if !data.contains_key("draft") {
            data.insert("draft".into(), Value::Bool(draft));
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (stem, ext) = split_ext(&name);

        // categories from the path
        let special = if draft { "_drafts" } else { coll_dir.as_str() };
        let mut categories: Vec<Value> = Vec::new();
        if !relative_path.starts_with(special) {
            if let Some(i) = relative_path.find(special) {
                for c in relative_path[..i].split('/') {
                    if !c.is_empty() && c != special && c != name {
                        categories.push(Value::from(c));
                    }
                }
            }
        }
        merge_categories(&mut data, Value::array(categories));
        // front matter over defaults
        let mut fm = fm;
        if let Some(Value::Str(s)) = fm.get("categories") {
            let v: Vec<Value> = s.split_whitespace().map(Value::from).collect();
            fm.insert("categories".into(), Value::array(v));
        }
        if let (Some(Value::Array(old)), Some(Value::Array(new))) =
            (data.get("categories"), fm.get("categories"))
        {
            let mut merged: Vec<Value> = old.to_vec();
            for v in new.iter() {
                if !merged.iter().any(|m| same(m, v)) {
                    merged.push(v.clone());
                }
            }
            fm.insert("categories".into(), Value::array(merged));
        }
        data = crate::utils::deep_merge(&data, &fm);
        if draft {
            data.insert("draft".into(), Value::Bool(true));
        }

        let mut date = match data.get("date") {
            None | Some(Value::Nil) => None,
            Some(v) => Some(self.parse_date(v, &path)?),
        };
        // populate_title
        let (slug, file_date) = match parse_dated_name(&relative_path) {
            Some((d, slug)) => (slug, Some(d)),
            None => (stem.trim_end_matches('.').to_string(), None),
        };
        if let Some(fd) = file_date {
            let site_time = self.site.time;
            if date.is_none() || date.map(|d| d.timestamp()) == Some(site_time.timestamp()) {
                date = Some(self.parse_date(&Value::from(fd.as_str()), &path)?);
            }
        }
        if let Some(d) = date {
            data.insert("date".into(), Value::Time(d));
        }
        let slug = slug.trim_end_matches('.').to_string();
        // Ruby's `||=`: set when missing, nil or false
        let unset = |d: &Map, k: &str| !d.get(k).map(|v| v.is_truthy()).unwrap_or(false);
        if unset(&data, "title") {
            data.insert("title".into(), Value::from(titleize_slug(&slug)));
        }
        if unset(&data, "slug") {
            data.insert("slug".into(), Value::from(slug.as_str()));
        }
        if unset(&data, "ext") {
            data.insert("ext".into(), Value::from(ext.as_str()));
        }
        // populate_categories
        let mut cats: Vec<Value> = Vec::new();
        let mut push_cat = |v: &Value| {
            let s = scalar_string(v).unwrap_or_default();
            if !cats.iter().any(|c| c.as_str() == Some(&s)) {
                cats.push(Value::from(s));
            }
        };
        for key in ["categories", "category"] {
            match data.get(key) {
                Some(Value::Array(a)) => a.iter().for_each(&mut push_cat),
                Some(Value::Str(s)) if key == "category" => push_cat(&Value::Str(s.clone())),
                Some(Value::Str(s)) => s.split_whitespace().for_each(|w| push_cat(&Value::from(w))),
                Some(Value::Nil) | None => {}
                Some(v) => push_cat(v),
            }
        }
        data.insert("categories".into(), Value::array(cats));
        // populate_tags
        let mut tags: Vec<Value> = Vec::new();
        match data.get("tags").or(data.get("tag")) {
            Some(Value::Array(a)) => tags.extend(a.iter().cloned()),
            Some(Value::Str(s)) => {
                if data.contains_key("tags") {
                    tags.extend(s.split_whitespace().map(Value::from))
                } else {
                    tags.push(Value::Str(s.clone()))
                }
            }
            Some(Value::Nil) | None => {}
            Some(v) => tags.push(v.clone()),
        }
        data.insert("tags".into(), Value::array(tags));

        let published = !matches!(data.get("published"), Some(Value::Bool(false)));
        if !published && !self.site.config.unpublished {
            return Ok(DocOutcome::Unpublished);
        }
        let write_coll = self.site.config.collections[coll].output;
        let mut doc = self.new_document(
            Kind::Doc(coll),
            path,
            relative_path,
            name,
            stem,
            ext,
            data,
            body,
            line,
        );
        doc.draft = draft;
        doc.date = date;
        doc.write = write_coll;
        // future posts
        let eff_date = date.unwrap_or(self.site.time);
        if !self.site.config.future && eff_date.timestamp() > self.site.time.timestamp() {
            if coll == 0 {
                let w = format!("Skipping: {} has a future date", doc.relative_path);
                self.site.warn(w.clone());
                return Ok(DocOutcome::Skipped(w));
            }
            doc.write = false;
        }
        self.finish_doc_url(&mut doc)?;
        Ok(DocOutcome::Doc(doc))
    }

    fn finish_doc_url(&mut self, doc: &mut Document) -> Result<()> {
        permalink_ext(doc);
        let Kind::Doc(coll) = doc.kind else {
            return Ok(());
        };
        let cfg = &self.site.config;
        let cc = &cfg.collections[coll];
        let template = cc
            .permalink
            .clone()
            .unwrap_or_else(|| add_permalink_suffix("/:collection/:path", &cfg.permalink_style));
        let permalink = doc
            .data
            .get("permalink")
            .and_then(scalar_string)
            .filter(|p| !p.is_empty());
        let template = permalink.unwrap_or(template);
        let date = doc.date.unwrap_or(self.site.time);
        let label = cc.label.clone();
        let coll_dir = format!("_{label}");
        let rel_no_ext = &doc.relative_path[..doc.relative_path.len() - doc.ext.len()];
        let mut cleaned = rel_no_ext.to_string();
        if let Some(i) = cleaned.find(&coll_dir) {
            cleaned.replace_range(i..i + coll_dir.len(), "");
        }
        let cleaned = cleaned.trim_end_matches('.').to_string();
        let data_slug = doc.data.get("slug").and_then(scalar_string);
        let cats: Vec<String> = match doc.data.get("categories") {
            Some(Value::Array(a)) => a.iter().filter_map(scalar_string).collect(),
            _ => Vec::new(),
        };
        let mut uniq: Vec<String> = Vec::new();
        for c in &cats {
            let c = c.to_lowercase();
            if !uniq.contains(&c) {
                uniq.push(c);
            }
        }
        let mut slugged: Vec<String> = Vec::new();
        for c in &cats {
            let c = slugify(c, "default", false);
            if !slugged.contains(&c) {
                slugged.push(c);
            }
        }
        let basename = doc.basename.clone();
        let output_ext = doc.output_ext.clone();
        let lookup = |k: &str| -> Option<String> {
            Some(match k {
                "collection" => label.clone(),
                "path" => cleaned.clone(),
                "output_ext" => output_ext.clone(),
                "name" => slugify(&basename, "default", false),
                "title" => match &data_slug {
                    Some(s) if !s.is_empty() => slugify(s, "pretty", true),
                    _ => slugify(&basename, "pretty", true),
                },
                "slug" => match &data_slug {
                    Some(s) if !s.is_empty() => slugify(s, "default", false),
                    _ => slugify(&basename, "default", false),
                },
                "categories" => uniq.join("/"),
                "slugified_categories" => slugged.join("/"),
                "year" => date.format("%Y").to_string(),
                "month" => date.format("%m").to_string(),
                "day" => date.format("%d").to_string(),
                "hour" => date.format("%H").to_string(),
                "minute" => date.format("%M").to_string(),
                "second" => date.format("%S").to_string(),
                "i_day" => date.format("%-d").to_string(),
                "i_month" => date.format("%-m").to_string(),
                "short_month" => date.format("%b").to_string(),
                "long_month" => date.format("%B").to_string(),
                "short_year" => date.format("%y").to_string(),
                "w_year" => date.format("%G").to_string(),
                "week" => date.format("%V").to_string(),
                "w_day" => date.format("%u").to_string(),
                "short_day" => date.format("%a").to_string(),
                "long_day" => date.format("%A").to_string(),
                "y_day" => date.format("%j").to_string(),
                _ => return None,
            })
        };
        let url = super::url::fill(&template, &lookup).map_err(|m| Error::Path {
            path: doc.path.clone(),
            message: m,
        })?;
        doc.url = super::url::sanitize(&url);
        self.set_dest(doc, false)
    }

    fn parse_date(&self, v: &Value, path: &Path) -> Result<DateTime<FixedOffset>> {
        let cfg = &self.site.config;
        let local = |t: DateTime<FixedOffset>| {
            let off = cfg.offset_at(&t.naive_utc());
            t.with_timezone(&off)
        };
        match v {
            Value::Time(t) => Ok(local(*t)),
            Value::Date(d) => {
                let n = d.and_hms_opt(0, 0, 0).unwrap_or_default();
                let off = cfg.offset_for_local(&n);
                Ok(local(
                    n.and_local_timezone(off)
                        .single()
                        .unwrap_or_else(|| n.and_utc().fixed_offset()),
                ))
            }
            other => {
                let s = scalar_string(other).unwrap_or_default();
                parse_time_string(&s, cfg).map(local).ok_or_else(|| Error::Path {
                    path: path.to_path_buf(),
                    message: format!("Invalid date '{s}': it does not have a valid date in the YAML front matter (use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS +/-TTTT)"),
                })
            }
        }
    }

    fn sort_collection(&mut self, idx: usize) {
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
        for &id in &self.site.collections[0] {
            let d = &mut self.site.docs[id];
            if d.draft && d.data.get("date").is_none_or(|v| v.is_nil()) {
                let t = mtime(&d.path, &self.site.config);
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

    fn read_data_dir(&mut self, dir: &Path) -> Result<Value> {
        let mut map = Map::new();
        if !dir.is_dir() {
            return Ok(Value::hash(map));
        }
        let rel_base = dir
            .strip_prefix(&self.site.config.source)
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Jekyll's DataReader lists `Dir["*.{yaml,yml,json,csv,tsv}"]` (each
        // brace alternative sorted on its own) and then the sub-folders, so
        // `site.data` keys come in that order.
        let names = list_dir(dir);
        let mut entries: Vec<String> = Vec::new();
        for ext in [".yaml", ".yml", ".json", ".csv", ".tsv"] {
            entries.extend(
                names
                    .iter()
                    .filter(|n| !n.starts_with('.') && n.ends_with(ext) && !dir.join(n).is_dir())
                    .cloned(),
            );
        }
        entries.extend(
            names
                .iter()
                .filter(|n| !n.starts_with('.') && dir.join(n).is_dir())
                .cloned(),
        );
        for entry in entries {
            if !self.filter().keep(&rel_base, &entry) {
                continue;
            }
            let path = dir.join(&entry);
            let key = sanitize_data_key(&entry);
            if path.is_dir() {
                let v = self.read_data_dir(&path)?;
                map.insert(key, v);
                continue;
            }
            let (stem, ext) = split_ext(&entry);
            let key = sanitize_data_key(&stem);
            let memo = self.site.memo.clone();
            let stamp = memo.as_ref().and_then(|m| m.stamp(&path));
            if let (Some(m), Some(st)) = (&memo, stamp) {
                if let Some(v) = m.data(&path, st) {
                    map.insert(key, v);
                    continue;
                }
            }
            let text = read_text(&path)?;
            let cfg = &self.site.config;
            let tz = cfg.timezone;
            let local = move |t: &NaiveDateTime| crate::config::local_offset(tz, t);
            let v = match ext.to_lowercase().as_str() {
                ".yml" | ".yaml" => yaml::parse(&text, &local).map_err(|e| Error::Yaml {
                    path: path.clone(),
                    line: e.line,
                    col: e.col,
                    message: e.message,
                })?,
                ".json" => crate::site::data::parse_json(&text).map_err(|m| Error::Config {
                    path: path.clone(),
                    message: m,
                })?,
                ".csv" => crate::site::data::parse_csv(&text, b','),
                ".tsv" => crate::site::data::parse_csv(&text, b'\t'),
                _ => continue,
            };
            if let (Some(m), Some(st)) = (&memo, stamp) {
                m.remember_data(&path, st, v.clone());
            }
            map.insert(key, v);
        }
        Ok(Value::hash(map))
    }
}

fn same(a: &Value, b: &Value) -> bool {
    scalar_string(a) == scalar_string(b)
}

fn merge_categories(data: &mut Map, cats: Value) {
    data.insert("categories".into(), cats);
}

/// Compare two documents as `Document#<=>`: by date, then path.
/// Sort document ids by `doc_cmp`, each date looked up once.
fn sort_docs(ids: &mut [usize], docs: &[Document]) {
    let dates: std::collections::HashMap<usize, Option<&DateTime<FixedOffset>>> = ids
        .iter()
        .map(|&i| {
            let d = match docs[i].data.get("date") {
                Some(Value::Time(t)) => Some(t),
                _ => None,
            };
            (i, d)
        })
        .collect();
    ids.sort_by(|a, b| match (dates[a], dates[b]) {
        (Some(x), Some(y)) if x != y => x.cmp(y),
        _ => docs[*a].path.cmp(&docs[*b].path),
    });
}

pub fn doc_cmp(a: &Document, b: &Document) -> std::cmp::Ordering {
    match (a.data.get("date"), b.data.get("date")) {
        (Some(Value::Time(x)), Some(Value::Time(y))) if x != y => x.cmp(y),
        _ => a.path.cmp(&b.path),
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

/// `DataReader#sanitize_filename`.
fn sanitize_data_key(name: &str) -> String {
    let kept: String = name
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '_' || *c == '-' || c.is_whitespace())
        .collect();
    let trimmed = kept.trim();
    trimmed.split_whitespace().collect::<Vec<_>>().join("_")
}

fn split_ext(name: &str) -> (String, String) {
    // File.extname: the last dot not at the start
    match name.rfind('.') {
        Some(i) if i > 0 => (name[..i].to_string(), name[i..].to_string()),
        _ => (name.to_string(), String::new()),
    }
}

/// `Document::DATE_FILENAME_MATCHER` on a relative path: the date and slug.
fn parse_dated_name(rel: &str) -> Option<(String, String)> {
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

/// Ruby's `Time.parse` for the forms dates are written in.
pub fn parse_time_string(s: &str, cfg: &Config) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    let tz = cfg.timezone;
    let local = move |t: &NaiveDateTime| crate::config::local_offset(tz, t);
    if let Some(t) = yaml::parse_time(s, &local) {
        return Some(t);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t);
    }
    for f in [
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M %z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M%z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(s, f) {
            return Some(t);
        }
    }
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y/%m/%d %H:%M:%S",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, f) {
            return n.and_local_timezone(local(&n)).single();
        }
    }
    for f in [
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%B %d, %Y",
        "%b %d, %Y",
        "%d %B %Y",
        "%d %b %Y",
        "%Y-%m",
    ] {
        let src = if f == "%Y-%m" {
            format!("{s}-01")
        } else {
            s.to_string()
        };
        let f2 = if f == "%Y-%m" { "%Y-%m-%d" } else { f };
        if let Ok(d) = chrono::NaiveDate::parse_from_str(&src, f2) {
            let n = d.and_hms_opt(0, 0, 0)?;
            return n.and_local_timezone(local(&n)).single();
        }
    }
    None
}

fn read_text(path: &Path) -> Result<String> {
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

fn file_has_header(path: &Path) -> bool {
    use std::io::Read;
    let mut buf = [0u8; 512];
    let n = match std::fs::File::open(path).and_then(|mut f| f.read(&mut buf)) {
        Ok(n) => n,
        Err(_) => return false,
    };
    frontmatter::has_header(&buf[..n])
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

fn set_dest(doc: &mut Document, page_style: bool) -> Result<()> {
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

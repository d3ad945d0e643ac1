//! Pages, collection documents (posts included) and static files, as
//! Jekyll's `Page`, `Document` and `StaticFile` hold them after reading.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, FixedOffset};

use super::deps::Dep;
use crate::liquid::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A page: any file with front matter outside collections.
    Page,
    /// A document of collection number `n` (0 is always posts).
    Doc(usize),
    /// A page made by a generator (feed, sitemap, redirects, paginator).
    Generated,
}

/// What a page or document is as read (and as generators left it): shared
/// between the dev server's builds while its file is unchanged.
#[derive(Debug, Clone)]
pub struct DocSource {
    pub kind: Kind,
    /// Absolute source path (empty for generated pages).
    pub path: PathBuf,
    /// Jekyll's `relative_path` (`_posts/2020-01-01-a.md`, `about.md`, `_pages/cv.md`).
    pub relative_path: String,
    /// Page `dir` (`/_pages`), the folder relative to the source, with a leading `/`.
    pub dir: String,
    /// File name with extension.
    pub name: String,
    /// Name without extension (trailing dots removed).
    pub basename: String,
    /// Source extension, with the dot (`.md`).
    pub ext: String,
    /// Front matter over defaults, with the fields Jekyll computes (title, slug, date...).
    pub data: Map,
    /// The body after the front matter.
    pub content: Arc<str>,
    /// 1-based line in the file where `content` starts.
    pub body_line: usize,
    pub url: String,
    pub output_ext: String,
    /// Output path relative to the destination.
    pub dest: String,
    pub date: Option<DateTime<FixedOffset>>,
    pub draft: bool,
    /// Whether it is written (collections with `output: false` are rendered, not written).
    pub write: bool,
    /// Run Liquid over the body.
    pub render_liquid: bool,
    /// Convert the body with the Markdown converter.
    pub markdown: bool,
    /// Compile as Sass/SCSS.
    pub sass: bool,
    /// Explicit excerpt text from front matter, or none.
    pub excerpt_separator: String,
    /// Paginator for pages jekyll-paginate expands.
    pub paginator: Option<Value>,
    /// For a Sass source-map page: the Sass page it maps (Jekyll adds it to
    /// `site.pages` only when that page is rendered).
    pub map_for: Option<usize>,
}

/// A page or document: its source (read), then what one build rendered of
/// it. Reads of the source's fields go through `Deref`; writes (the reader,
/// generators) copy the source first if another build shares it.
#[derive(Debug, Clone)]
pub struct Document {
    src: Arc<DocSource>,
    /// After Liquid + conversion (what `content` becomes).
    pub converted: OnceLock<Arc<str>>,
    /// The final output (in layouts).
    pub output: OnceLock<Arc<str>>,
    /// The rendered excerpt (lazy).
    pub excerpt: OnceLock<Arc<str>>,
    /// What rendering it read (recorded when the site tracks dependencies).
    pub deps: OnceLock<Arc<HashSet<Dep>>>,
    /// What rendering its excerpt read (likewise).
    pub excerpt_deps: OnceLock<Arc<HashSet<Dep>>>,
}

impl std::ops::Deref for Document {
    type Target = DocSource;
    fn deref(&self) -> &DocSource {
        &self.src
    }
}

impl std::ops::DerefMut for Document {
    fn deref_mut(&mut self) -> &mut DocSource {
        Arc::make_mut(&mut self.src)
    }
}

impl Document {
    pub fn new(src: DocSource) -> Document {
        Document {
            src: Arc::new(src),
            converted: OnceLock::new(),
            output: OnceLock::new(),
            excerpt: OnceLock::new(),
            deps: OnceLock::new(),
            excerpt_deps: OnceLock::new(),
        }
    }

    /// A fresh document (nothing rendered) on the same source.
    pub fn unrendered(&self) -> Document {
        Document {
            src: self.src.clone(),
            converted: OnceLock::new(),
            output: OnceLock::new(),
            excerpt: OnceLock::new(),
            deps: OnceLock::new(),
            excerpt_deps: OnceLock::new(),
        }
    }

    /// Whether two documents share one source (unchanged since it was read).
    pub fn same_source(&self, other: &Document) -> bool {
        Arc::ptr_eq(&self.src, &other.src)
    }

    /// The body as templates see it now: converted once rendered, raw before.
    pub fn current_content(&self, converted_visible: bool) -> Arc<str> {
        if converted_visible {
            if let Some(c) = self.converted.get() {
                return c.clone();
            }
        }
        self.content.clone()
    }
}

impl DocSource {
    pub fn is_html(&self) -> bool {
        matches!(self.output_ext.as_str(), ".html" | ".xhtml" | ".htm")
    }
    pub fn is_post(&self) -> bool {
        self.kind == Kind::Doc(0)
    }
    pub fn layout(&self) -> Option<&str> {
        self.data.get("layout").and_then(|v| v.as_str())
    }
    /// Jekyll's `Document#id` / page id.
    pub fn id(&self) -> String {
        // Ruby's File.dirname ignores trailing slashes
        let trimmed = self.url.trim_end_matches('/');
        let dir = match trimmed.rfind('/') {
            Some(0) | None => "/",
            Some(i) => &trimmed[..i],
        };
        let slug = self
            .data
            .get("slug")
            .and_then(crate::utils::scalar_string)
            .unwrap_or_else(|| self.basename.clone());
        if dir == "/" {
            format!("/{slug}")
        } else {
            format!("{dir}/{slug}")
        }
    }
    /// The page's `dir` as Jekyll's `Page#dir` reports it.
    pub fn url_dir(&self) -> String {
        if self.url.ends_with('/') {
            return self.url.clone();
        }
        match self.url.rfind('/') {
            Some(0) | None => "/".into(),
            Some(i) => format!("{}/", &self.url[..i]),
        }
    }
}

/// A file copied as it is.
#[derive(Debug, Clone)]
pub struct StaticFile {
    pub path: PathBuf,
    /// `/assets/css/x.css` (leading slash, as Jekyll's `relative_path` for static files).
    pub relative_path: String,
    pub name: String,
    pub basename: String,
    pub extname: String,
    pub modified: DateTime<FixedOffset>,
    pub collection: Option<String>,
    pub url: String,
    /// Output path relative to the destination.
    pub dest: String,
    pub write: bool,
    /// Front-matter defaults that apply to it (Jekyll exposes them as its data).
    pub data: Map,
}

impl Document {
    /// A page a generator makes (Jekyll's `PageWithoutAFile`): `name` at `dir`.
    pub fn generated(dir: &str, name: &str, content: String, data: crate::liquid::Map) -> Document {
        let ext = match name.rfind('.') {
            Some(i) if i > 0 => name[i..].to_string(),
            _ => String::new(),
        };
        let basename = name[..name.len() - ext.len()].to_string();
        let relative_path = if dir.is_empty() {
            name.to_string()
        } else {
            format!("{}/{}", dir.trim_matches('/'), name)
        };
        Document::new(DocSource {
            kind: Kind::Generated,
            path: PathBuf::new(),
            relative_path,
            dir: dir.to_string(),
            name: name.to_string(),
            basename,
            output_ext: ext.clone(),
            ext,
            render_liquid: crate::utils::has_liquid_construct(&content),
            content: Arc::from(content),
            data,
            body_line: 1,
            url: String::new(),
            dest: String::new(),
            date: None,
            draft: false,
            write: true,
            markdown: false,
            sass: false,
            excerpt_separator: String::new(),
            paginator: None,
            map_for: None,
        })
    }
}

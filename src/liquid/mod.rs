//! hyde's own Liquid interpreter, Jekyll-flavoured (Ruby Liquid 5.4 in lax mode).
//!
//! CONTRACT with the build (src/site, src/render): `parse`, `Template::render`,
//! `Host`, `Context` (enough for custom tags), `Error`, and `value::*`.
//!
//! Layout: `lexer` (source → tokens) → `parser` + `tag_syntax` (→ `ast`),
//! with `expr`/`strict` for expressions and variables; `render` (the
//! interpreter) with `include` (include/render tags), `include_memo`
//! (includes rendered once for all pages) and `lookup` (property access,
//! loop drops); `filters` (Liquid's) and `filters_jekyll` (Jekyll's),
//! over `text` (string helpers), `date` (Ruby strftime / Time.parse) and
//! `ruby` (Ruby printing, equality, ordering, numbers); `highlight_tag`.

mod ast;
mod condition;
pub mod date;
mod expr;
mod filters;
pub(crate) mod filters_jekyll;
mod highlight_tag;
mod include;
pub mod include_memo;
pub(crate) mod jekyll_text;
mod lexer;
mod lookup;
mod number;
mod parser;
mod render;
pub mod rstring;
pub mod ruby;
pub mod strftime;
mod strict;
mod tag_syntax;
mod text;
mod uri;
pub mod value;
pub mod value_depth;

use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

pub use text::{cgi_unescape, html_escape, normalize_whitespace, strip_html};
pub use value::{Map, Object, Value};

/// A Liquid error with where it happened. `Display` reads like Jekyll:
/// `Liquid syntax error (line 3): Unknown tag 'foo' in _layouts/x.html`.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message} in {file}")]
pub struct Error {
    pub message: String,
    /// The template's name as given to `parse` (e.g. `_layouts/single.html`).
    pub file: String,
    /// 1-based line in that file (front matter counted), 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub col: usize,
}

/// What templates need from the site: Ruby Liquid's registers and file system.
pub trait Host: Send + Sync {
    /// `{% include name %}`: the file `_includes/name`, parsed once and cached by the host.
    fn include(&self, name: &str) -> Result<Arc<Template>, String>;
    /// `{% include_relative name %}` from the page whose `path` is `page_path`.
    fn include_relative(&self, page_path: &str, name: &str) -> Result<Arc<Template>, String>;
    /// The `markdownify` filter: the site's Markdown converter.
    fn markdownify(&self, input: &str) -> String;
    /// `markdownify` with the converter's refusal (input nested too deeply
    /// or too costly) as an error. Default: `markdownify`, which never fails.
    fn try_markdownify(&self, input: &str) -> Result<String, String> {
        Ok(self.markdownify(input))
    }
    /// Tags the build or a plugin provides (`link`, `post_url`, `seo`, `feed_meta`, `gist`).
    /// `None` means "no such tag" (a Liquid error: Unknown tag).
    fn custom_tag(
        &self,
        name: &str,
        markup: &str,
        ctx: &mut Context,
    ) -> Option<Result<String, String>>;
    /// The includes this host's renders share between pages (see
    /// `include_memo`). Default: none, each render renders its own.
    fn include_memo(&self) -> Option<&include_memo::IncludeMemo> {
        None
    }
    /// Where the includes' renders are counted, when the build is profiled
    /// (asked once per render, not per include).
    fn render_stats(&self) -> Option<&crate::profiler::RenderStats> {
        None
    }
    /// The clock for `"now"` / `"today"` in the `date` filter (SOURCE_DATE_EPOCH aware).
    fn now(&self) -> DateTime<FixedOffset>;
    /// A warning to print once (unknown filter...).
    fn warn(&self, msg: &str);
    /// The `smartify` filter (kramdown's SmartyPants). Default: a built-in
    /// converter following kramdown's typographic rules.
    fn smartify(&self, input: &str) -> String {
        filters_jekyll::smartify_default(input)
    }
    /// The site's local time zone (Jekyll's `timezone`, else TZ) as the UTC
    /// offset in effect at a UTC instant: strings without a zone parse as
    /// local time and Jekyll's date filters show times in it. Default: the
    /// offset of `now()`.
    fn local_offset(&self, utc: chrono::NaiveDateTime) -> FixedOffset {
        let _ = utc;
        *self.now().offset()
    }
    /// The abbreviation Ruby's `%Z` prints for the site's local zone at a
    /// UTC instant (`EST`, `CEST`). Default: none (UTC is `UTC`).
    fn zone_abbreviation(&self, utc: chrono::NaiveDateTime) -> Option<String> {
        let _ = utc;
        None
    }
    /// Whether Jekyll's filters (its `where`, `sort`, `find`, URL and date
    /// filters...) are registered over Liquid's. `false` gives plain Liquid.
    fn jekyll_filters(&self) -> bool {
        true
    }
    /// How much text the filters of one render may make in all (see
    /// `ruby::MAX_RENDER_TEXT`).
    fn filter_text_budget(&self) -> usize {
        ruby::MAX_RENDER_TEXT
    }
}

/// A parsed template: shared (`Send + Sync`), rendered many times.
#[derive(Debug)]
pub struct Template {
    nodes: ast::Block,
    pub file: String,
}

/// The render-time state a custom tag can read.
pub struct Context<'a> {
    /// The globals, with the template's local variables (assigns, loop
    /// variables, `include`) laid over them.
    pub globals: &'a Map,
    /// The host of the render the tag is in: markup evaluated for the tag
    /// sees the same includes, clock and time zone as the page.
    pub host: &'a dyn Host,
}

impl Context<'_> {
    /// Resolve a variable path (`page.title`, `site.data[x]`) as a template would.
    pub fn lookup(&self, path: &str) -> Value {
        let mut r = render::Renderer::new(self.globals, self.host);
        r.eval(&expr::parse_expression(path)).unwrap_or_default()
    }

    /// Render `{{ ... }}` inside a custom tag's markup (`{% link {{ page.x }} %}`).
    pub fn render_markup(&self, markup: &str) -> Result<String, String> {
        if !markup.contains("{{") && !markup.contains("{%") {
            return Ok(markup.to_string());
        }
        let t = parse(markup, "(tag markup)", 0).map_err(|e| e.message)?;
        t.render(self.globals, self.host).map_err(|e| e.message)
    }
}

/// Parse `source`. `file` names it in errors; `first_line` is the file line
/// where `source` starts (1 + the front matter's lines).
pub fn parse(source: &str, file: &str, first_line: usize) -> Result<Template, Error> {
    let nodes = parser::parse_document(source, file, first_line.max(1)).map_err(|e| Error {
        message: format!("Liquid syntax error (line {}): {}", e.line, e.message),
        file: file.to_string(),
        line: e.line,
        col: e.col,
    })?;
    Ok(Template {
        nodes,
        file: file.to_string(),
    })
}

impl Template {
    pub fn render(&self, globals: &Map, host: &dyn Host) -> Result<String, Error> {
        let mut out = String::new();
        self.render_to(globals, host, &mut out)?;
        Ok(out)
    }

    pub fn render_to(&self, globals: &Map, host: &dyn Host, out: &mut String) -> Result<(), Error> {
        let mut r = render::Renderer::new(globals, host);
        self.render_with(&mut r, out).map_err(|e| {
            let e = *e;
            let msg = if e.message.starts_with("Liquid ") {
                e.message
            } else if e.line > 0 {
                format!("Liquid error (line {}): {}", e.line, e.message)
            } else {
                format!("Liquid error: {}", e.message)
            };
            Error {
                message: msg,
                file: e.file.unwrap_or_else(|| self.file.clone()),
                line: e.line as usize,
                col: 0,
            }
        })
    }

    /// Render inside an existing render (includes): same scopes and registers.
    pub(crate) fn render_with(
        &self,
        r: &mut render::Renderer<'_>,
        out: &mut String,
    ) -> render::RResult<()> {
        r.render_block(&self.nodes, out)
    }
}

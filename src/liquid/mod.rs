//! hyde's own Liquid interpreter, Jekyll-flavoured (Ruby Liquid 5.4 in lax mode).
//!
//! CONTRACT with the build (src/site, src/render): `parse`, `Template::render`,
//! `Host`, `Context` (enough for custom tags), `Error`, and `value::*`.
//! This file is a stub the liquid module replaces; keep these signatures.

pub mod value;

use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

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
    /// Tags the build or a plugin provides (`link`, `post_url`, `seo`, `feed_meta`, `gist`).
    /// `None` means "no such tag" (a Liquid error: Unknown tag).
    fn custom_tag(
        &self,
        name: &str,
        markup: &str,
        ctx: &mut Context,
    ) -> Option<Result<String, String>>;
    /// The clock for `"now"` / `"today"` in the `date` filter (SOURCE_DATE_EPOCH aware).
    fn now(&self) -> DateTime<FixedOffset>;
    /// A warning to print once (unknown filter...).
    fn warn(&self, msg: &str);
}

/// A parsed template: shared (`Send + Sync`), rendered many times.
#[derive(Debug)]
pub struct Template {
    source: String,
    pub file: String,
}

/// The render-time state a custom tag can read.
pub struct Context<'a> {
    pub globals: &'a Map,
}

impl Context<'_> {
    /// Resolve a variable path (`page.title`, `site.data[x]`) as a template would.
    pub fn lookup(&self, path: &str) -> Value {
        let mut parts = path.split('.');
        let mut v = parts
            .next()
            .and_then(|p| self.globals.get(p))
            .cloned()
            .unwrap_or_default();
        for p in parts {
            v = v.get(p);
        }
        v
    }
}

/// Parse `source`. `file` names it in errors; `first_line` is the file line
/// where `source` starts (1 + the front matter's lines).
pub fn parse(source: &str, file: &str, first_line: usize) -> Result<Template, Error> {
    let _ = first_line;
    Ok(Template {
        source: source.to_string(),
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
        let _ = (globals, host);
        out.push_str(&self.source);
        Ok(())
    }
}

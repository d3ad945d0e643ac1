//! Markdown to HTML exactly as Jekyll's kramdown (2.4, GFM parser) writes it.
//!
//! CONTRACT with the build: `Options`, `Options::from_config`, `to_html`.
//! This file is a stub the markdown module replaces; keep these signatures.

use crate::liquid::Value;

/// kramdown's options as `_config.yml`'s `kramdown:` block sets them,
/// over Jekyll's defaults.
#[derive(Debug, Clone)]
pub struct Options {
    pub input: String,
    pub auto_ids: bool,
    pub auto_id_prefix: String,
    pub footnote_nr: usize,
    pub entity_output: String,
    pub smart_quotes: String,
    pub toc_levels: Vec<u8>,
    pub hard_wrap: bool,
    /// `rouge` (Jekyll's default) or none.
    pub syntax_highlighter: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            input: "GFM".into(),
            auto_ids: true,
            auto_id_prefix: String::new(),
            footnote_nr: 1,
            entity_output: "as_char".into(),
            smart_quotes: "lsquo,rsquo,ldquo,rdquo".into(),
            toc_levels: (1..=6).collect(),
            hard_wrap: false,
            syntax_highlighter: Some("rouge".into()),
        }
    }
}

impl Options {
    /// From the site config's `kramdown` hash (and `highlighter`).
    pub fn from_config(kramdown: &Value, highlighter: &Value) -> Options {
        let _ = (kramdown, highlighter);
        Options::default()
    }
}

/// Convert a document body.
pub fn to_html(src: &str, opts: &Options) -> String {
    let _ = opts;
    let mut out = String::new();
    let parser = pulldown_cmark::Parser::new(src);
    pulldown_cmark::html::push_html(&mut out, parser);
    out
}

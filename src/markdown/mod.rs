//! Markdown to HTML exactly as Jekyll's kramdown (2.4, GFM parser) writes it.
//!
//! CONTRACT with the build: `Options`, `Options::from_config`, `to_html`.
//!
//! Design: a port of kramdown's own parser (`parser/`: block parsing into
//! raw text, then span parsing, then kramdown-parser-gfm's updates) and HTML
//! converter (`convert/`), not pulldown-cmark. kramdown is not CommonMark:
//! its block boundaries, lazy lines, list-item paragraph rules, HTML blocks
//! with `markdown="1"`, IALs, ALDs, definition lists, abbreviations, `$$`
//! math and `{::options}` are defined by its regexps, and reproducing them
//! byte for byte is simplest by running the same regexps in the same order
//! (`scanner.rs` translates Ruby regexp syntax; `fancy-regex` supplies the
//! look-arounds and back-references the `regex` crate lacks). pulldown-
//! cmark's events cannot express these rules, so that dependency was dropped.
//!
//! Speed: the patterns that run per line or per span are decided by hand
//! (`fast.rs`, `scanner::Fast`, `parser::blocks::block_end_quick`,
//! `parser::smart_quotes`), each checked against its regexp on every short
//! string of the characters it looks at and on random inputs; the rest run
//! in the `regex` crate where they need no backtracking, compiled on first
//! use. The converter appends to one output buffer; element options are
//! allocated only when set (`element::LazyOpts`). `cargo bench --bench
//! markdown` reports the throughput and the first-pass (startup) cost.
//!
//! Code: `crate::highlight` gives rouge's token spans; this module writes
//! the wrapper markup kramdown's rouge integration puts around them.

pub mod convert;
pub mod element;
pub mod entities;
pub mod fast;
pub mod parser;
pub mod scanner;
#[cfg(test)]
pub(crate) mod test_strings;

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
    /// `parse_block_html` (kramdown default false).
    pub parse_block_html: bool,
    /// `parse_span_html` (kramdown default true).
    pub parse_span_html: bool,
    /// `header_offset`.
    pub header_offset: i64,
    /// `footnote_backlink` (`&#8617;`).
    pub footnote_backlink: String,
    pub footnote_backlink_inline: bool,
    pub footnote_prefix: String,
    /// `syntax_highlighter_opts[:default_lang]`: the language of code
    /// without one (Jekyll sets `plaintext`; `None` leaves such code
    /// unhighlighted).
    pub default_lang: Option<String>,
    /// `syntax_highlighter_opts[:css_class]`: the class of a highlighted
    /// block's `<pre>`.
    pub css_class: String,
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
            parse_block_html: false,
            parse_span_html: true,
            header_offset: 0,
            footnote_backlink: "&#8617;".into(),
            footnote_backlink_inline: false,
            footnote_prefix: String::new(),
            default_lang: Some("plaintext".into()),
            css_class: "highlight".into(),
        }
    }
}

fn value_str(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.to_string()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Range(a, b) => Some(format!("{a}..{b}")),
        Value::Array(a) => Some(a.iter().filter_map(value_str).collect::<Vec<_>>().join(",")),
        _ => None,
    }
}

fn parse_bool(v: &str) -> bool {
    !matches!(v.trim(), "" | "false" | "nil" | "0" | "no")
}

/// kramdown's `toc_levels` syntax: `1..6`, `2,3`, `[1, 2]`.
fn parse_levels(v: &str) -> Option<Vec<u8>> {
    let v = v.trim().trim_start_matches('[').trim_end_matches(']');
    if let Some((a, b)) = v.split_once("..") {
        let a: u8 = a.trim().parse().ok()?;
        let b: u8 = b.trim().parse().ok()?;
        return Some((a..=b).collect());
    }
    v.split(',').map(|x| x.trim().parse::<u8>().ok()).collect()
}

impl Options {
    /// From the site config's `kramdown` hash (and `highlighter`).
    pub fn from_config(kramdown: &Value, highlighter: &Value) -> Options {
        let mut o = Options::default();
        if let Some(h) = value_str(highlighter) {
            o.syntax_highlighter = Some(h);
        }
        if let Value::Hash(h) = kramdown {
            for (k, v) in h.iter() {
                match k.as_str() {
                    "syntax_highlighter" => {
                        o.syntax_highlighter = match v {
                            Value::Nil => None,
                            v => value_str(v),
                        }
                    }
                    "input" => {
                        if let Some(s) = value_str(v) {
                            o.input = s;
                        }
                    }
                    "toc_levels" => {
                        if let Some(l) = value_str(v).and_then(|s| parse_levels(&s)) {
                            o.toc_levels = l;
                        }
                    }
                    "syntax_highlighter_opts" => {
                        if let Value::Hash(opts) = v {
                            // Jekyll: `default_lang ||= "plaintext"`
                            o.set_highlighter_opts(opts, Some("plaintext"));
                        }
                    }
                    _ => {
                        if let Some(s) = value_str(v) {
                            o.set_inline(k, &s);
                        }
                    }
                }
            }
        }
        o
    }

    /// Set an option by kramdown's name (also `{::options key="value" /}`);
    /// false for names this port does not know.
    /// The `syntax_highlighter_opts` keys this port knows, from a hash;
    /// `default_lang` falls back to `default` when the hash lacks it.
    fn set_highlighter_opts(&mut self, opts: &crate::liquid::value::Map, default: Option<&str>) {
        self.default_lang = opts
            .get("default_lang")
            .and_then(value_str)
            .or(default.map(str::to_string));
        self.css_class = opts
            .get("css_class")
            .and_then(value_str)
            .unwrap_or_else(|| "highlight".into());
    }

    pub fn set_inline(&mut self, key: &str, v: &str) -> bool {
        match key {
            "auto_ids" => self.auto_ids = parse_bool(v),
            "auto_id_prefix" => self.auto_id_prefix = v.to_string(),
            "footnote_nr" => self.footnote_nr = v.trim().parse().unwrap_or(1),
            "entity_output" => self.entity_output = v.trim().to_string(),
            "smart_quotes" => self.smart_quotes = v.to_string(),
            "toc_levels" => {
                if let Some(l) = parse_levels(v) {
                    self.toc_levels = l;
                }
            }
            "hard_wrap" => self.hard_wrap = parse_bool(v),
            "parse_block_html" => self.parse_block_html = parse_bool(v),
            "parse_span_html" => self.parse_span_html = parse_bool(v),
            "header_offset" => self.header_offset = v.trim().parse().unwrap_or(0),
            "footnote_backlink" => self.footnote_backlink = v.to_string(),
            "footnote_backlink_inline" => self.footnote_backlink_inline = parse_bool(v),
            "footnote_prefix" => self.footnote_prefix = v.to_string(),
            // kramdown reads the value as a YAML hash and replaces the
            // whole option with it; anything else is refused
            "syntax_highlighter_opts" => match crate::yaml::parse(v, &|_| crate::config::utc()) {
                Ok(Value::Hash(opts)) => self.set_highlighter_opts(&opts, None),
                _ => return false,
            },
            // known kramdown/Jekyll options with no effect on this output
            "auto_id_stripping"
            | "transliterated_header_ids"
            | "html_to_native"
            | "enable_coderay"
            | "guess_lang"
            | "show_warnings"
            | "math_engine"
            | "math_engine_opts"
            | "gfm_quirks"
            | "remove_block_html_tags"
            | "remove_span_html_tags"
            | "link_defs"
            | "line_width"
            | "latex_headers"
            | "template"
            | "coderay"
            | "typographic_symbols"
            | "remove_line_breaks_for_cjk"
            | "forbidden_inline_options"
            | "list_indent"
            | "smart_quotes_off" => {}
            _ => return false,
        }
        true
    }
}

pub use parser::guard::TooComplex;

/// Convert a document body; an error for input nested too deeply or too
/// costly to follow kramdown through (see `parser/guard.rs`).
pub fn try_to_html(src: &str, opts: &Options) -> Result<String, TooComplex> {
    if let Some(html) = plain_paragraph(src) {
        return Ok(html);
    }
    parse_and_convert(src, opts)
}

/// One line of words that no Markdown construct, typographic symbol or
/// smart quote can touch (a title given to `markdownify`, most often):
/// kramdown makes it one paragraph, whatever the options. `None` for
/// anything else. It starts with a letter (no list, header or code
/// block), has no space at its end (no line break) and only letters,
/// digits, spaces and `,()?!;%` besides single `.` and `-` (`...` and
/// `--` are typographic symbols).
fn plain_paragraph(src: &str) -> Option<String> {
    let text = src.strip_suffix('\n').unwrap_or(src);
    let b = text.as_bytes();
    if !b.first()?.is_ascii_alphabetic() || b.last() == Some(&b' ') {
        return None;
    }
    let mut prev = 0u8;
    for &c in b {
        let ok = c.is_ascii_alphanumeric()
            || matches!(c, b' ' | b',' | b'(' | b')' | b'?' | b'!' | b';' | b'%')
            || (matches!(c, b'.' | b'-') && prev != c);
        if !ok {
            return None;
        }
        prev = c;
    }
    Some(format!("<p>{text}</p>\n"))
}

fn parse_and_convert(src: &str, opts: &Options) -> Result<String, TooComplex> {
    let doc = parser::Parser::new(opts).parse(src)?;
    // one highlighting budget for all the document's code
    let _budget = crate::highlight::budget::enter(src.len());
    let mut conv = convert::Converter::new(&doc);
    let html = conv.convert_doc();
    if let Some((lexer, code)) = conv.too_costly {
        return Err(TooComplex {
            why: parser::guard::Stop::Highlight(lexer),
            line: line_of(src, &code),
        });
    }
    Ok(html)
}

/// The 1-based line of the source where `code` (a code block's or span's
/// text) begins, as near as its first line tells; 0 when not found.
fn line_of(src: &str, code: &str) -> usize {
    let first = code.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first.is_empty() {
        return 0;
    }
    src.find(first)
        .map_or(0, |i| src[..i].bytes().filter(|&b| b == b'\n').count() + 1)
}

/// Convert a document body; for input [`try_to_html`] refuses, the
/// refusal as an HTML paragraph (for tests and benchmarks: the build uses
/// `try_to_html`).
pub fn to_html(src: &str, opts: &Options) -> String {
    try_to_html(src, opts).unwrap_or_else(|e| {
        format!(
            "<p>{}</p>\n",
            crate::liquid::jekyll_text::xml_escape(&e.to_string())
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::liquid::value::Map;

    /// `kramdown: syntax_highlighter_opts: default_lang:` in `_config.yml`
    /// (output of Jekyll 4.3.1 with that configuration).
    #[test]
    fn config_default_lang() {
        let mut hl = Map::default();
        hl.insert("default_lang".into(), Value::str("ruby"));
        let mut m = Map::default();
        m.insert("syntax_highlighter_opts".into(), Value::hash(hl));
        let o = Options::from_config(&Value::hash(m), &Value::str("rouge"));
        assert_eq!(o.default_lang.as_deref(), Some("ruby"));
        assert_eq!(
            to_html("    x = 1\n", &o),
            "<div class=\"language-ruby highlighter-rouge\"><div class=\"highlight\"><pre class=\"highlight\"><code>\
             <span class=\"n\">x</span> <span class=\"o\">=</span> <span class=\"mi\">1</span>\n\
             </code></pre></div></div>\n"
        );
        // a hash without `default_lang` keeps Jekyll's plaintext
        let mut m = Map::default();
        m.insert(
            "syntax_highlighter_opts".into(),
            Value::hash(Map::default()),
        );
        let o = Options::from_config(&Value::hash(m), &Value::str("rouge"));
        assert_eq!(o.default_lang.as_deref(), Some("plaintext"));
    }

    /// The plain-paragraph shortcut gives what the parser gives, for every
    /// short string of its characters and the ones at its edges, with
    /// kramdown's and GFM's input and with smart quotes and ids off.
    #[test]
    fn plain_paragraphs_convert_as_the_parser_does() {
        use crate::markdown::test_strings::{all_strings, random_strings};
        let alphabet = [
            'a', 'Z', '1', ' ', ',', '(', ')', '?', '!', ';', '%', '.', '-', '\n', ':', '#', '*',
        ];
        let mut inputs = all_strings(&alphabet, 5);
        inputs.extend(random_strings(&alphabet, 24, 20_000));
        inputs.extend(
            [
                "A multi-data fusion model (2025), part 2",
                "Title. Subtitle; more",
                "Hello  world",
                "e.g. this",
                "Mr. X - and Y",
                "Wait... no",
                "Em -- dash",
                "Done!",
            ]
            .map(String::from),
        );
        let kramdown = Options {
            input: "kramdown".into(),
            ..Options::default()
        };
        let plain = Options {
            auto_ids: false,
            smart_quotes: String::new(),
            ..Options::default()
        };
        let mut taken = 0;
        for s in &inputs {
            let Some(fast) = plain_paragraph(s) else {
                continue;
            };
            taken += 1;
            for o in [&Options::default(), &kramdown, &plain] {
                assert_eq!(Ok(fast.clone()), parse_and_convert(s, o), "{s:?}");
            }
        }
        assert!(taken > 1000, "only {taken} inputs took the shortcut");
    }

    #[test]
    fn from_config_reads_academicpages_block() {
        let mut m = Map::default();
        m.insert("input".into(), Value::str("GFM"));
        m.insert("hard_wrap".into(), Value::Bool(false));
        m.insert("auto_ids".into(), Value::Bool(false));
        m.insert("footnote_nr".into(), Value::Int(3));
        m.insert("entity_output".into(), Value::str("as_char"));
        m.insert("toc_levels".into(), Value::str("2..3"));
        m.insert("smart_quotes".into(), Value::str("lsquo,rsquo,ldquo,rdquo"));
        m.insert("enable_coderay".into(), Value::Bool(false));
        let o = Options::from_config(&Value::hash(m), &Value::str("rouge"));
        assert!(!o.auto_ids);
        assert_eq!(o.footnote_nr, 3);
        assert_eq!(o.toc_levels, vec![2, 3]);
        assert_eq!(o.syntax_highlighter.as_deref(), Some("rouge"));
        // kramdown's output for these options (checked with ruby -rjekyll)
        assert_eq!(
            to_html("# A\n\nx[^n]\n\n[^n]: y\n", &o).lines().next(),
            Some("<h1>A</h1>")
        );
        assert!(to_html("x[^n]\n\n[^n]: y\n", &o).contains("<ol start=\"3\">"));
    }

    #[test]
    fn other_highlighter_leaves_code_plain() {
        // Jekyll with `highlighter: none` (checked with ruby -rjekyll)
        let o = Options::from_config(&Value::Nil, &Value::str("none"));
        assert_eq!(
            to_html("```python\ndef x\n```\n", &o),
            "<pre><code class=\"language-python\">def x\n</code></pre>\n"
        );
    }
}

//! The kramdown parser with kramdown-parser-gfm's changes (`Parser::GFM`),
//! ported from kramdown 2.4.0: block parsing into raw text, then span parsing
//! of every raw text (`update_tree`), then GFM's line breaks and header ids.
//!
//! Each `parse_*` method mirrors the Ruby method of the same name; the state
//! that Ruby keeps in instance variables (`@src`, `@tree`, `@stack`,
//! `@block_ial`) is the [`Scanner`] field, the `tree` argument, `span_stack`
//! and `block_ial`.

mod abbrev;
mod blocks;
pub mod consts;
mod gfm;
mod html;
mod lists;
mod smart_quotes;
pub mod spans;
mod table;

pub(crate) use blocks::html_line_ends;

use foldhash::HashMap;

use indexmap::IndexMap;

use super::element::{Attr, El, Eob, Ial, T};
use super::fast::{FinderStop, SpanStarts};
use super::scanner::{Re, ReCache, Scanner};
use super::Options;
use consts::*;

/// Result of a block parser (`true`/`false`, or `throw :stop_block_parsing`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum R {
    No,
    Yes,
    Stop,
}

/// A footnote definition.
#[derive(Debug, Clone)]
pub struct FootnoteDef {
    pub content: El,
    pub marker: bool,
}

/// Everything the converter needs besides the tree.
#[derive(Debug, Default)]
pub struct Doc {
    pub root: Option<El>,
    pub footnotes: IndexMap<String, FootnoteDef>,
    pub abbrev_defs: IndexMap<String, String>,
    pub abbrev_attr: HashMap<String, Attr>,
    pub options: Options,
    pub warnings: Vec<String>,
    /// Whether an IAL or ALD referenced `toc` (a `{:toc}` list may exist).
    pub toc_ref: bool,
    /// The source length (a hint for the output size).
    pub src_len: usize,
}

/// Span parser names (`@span_parsers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sp {
    Emphasis,
    Codespan,
    Autolink,
    SpanHtml,
    FootnoteMarker,
    Link,
    SmartQuotes,
    InlineMath,
    SpanExtensions,
    HtmlEntity,
    TypographicSyms,
    LineBreak,
    EscapedChars,
    Strikethrough,
}

/// kramdown's span parsers with GFM's strikethrough, in their order
/// (`@span_parsers`).
pub const SPAN_PARSERS: [Sp; 14] = [
    Sp::Emphasis,
    Sp::Codespan,
    Sp::Autolink,
    Sp::SpanHtml,
    Sp::FootnoteMarker,
    Sp::Link,
    Sp::SmartQuotes,
    Sp::InlineMath,
    Sp::SpanExtensions,
    Sp::HtmlEntity,
    Sp::TypographicSyms,
    Sp::LineBreak,
    Sp::EscapedChars,
    Sp::Strikethrough,
];

impl Sp {
    fn span_start(self) -> &'static str {
        match self {
            Sp::Emphasis => r"\*|_",
            Sp::Codespan => "`",
            Sp::Autolink | Sp::SpanHtml => "<",
            Sp::FootnoteMarker => r"\[",
            Sp::Link => r"!?\[",
            Sp::SmartQuotes => r#"[^\\]?["']"#,
            Sp::InlineMath => r"\$",
            Sp::SpanExtensions => r"\{:",
            Sp::HtmlEntity => "&",
            Sp::TypographicSyms => r"--|\.\.\.|(?:\\| )?(?:<<|>>)",
            Sp::LineBreak => r"(?:  |\\\\)\n",
            Sp::EscapedChars => r"\\",
            Sp::Strikethrough => "~~",
        }
    }
}

/// The regexp kramdown builds to find the next span start (`@span_start`,
/// with a stop pattern first), in `regex` syntax.
pub fn span_finder_pattern(parsers: &[Sp], stop: Option<&str>) -> String {
    let mut pat = String::from("(?m)");
    let mut first = true;
    if let Some(s) = stop {
        pat.push_str(&format!("(?:{s})"));
        first = false;
    }
    for p in parsers {
        if !first {
            pat.push('|');
        }
        first = false;
        pat.push_str(&format!("(?:{})", p.span_start()));
    }
    pat
}

/// [`span_finder_pattern`] compiled (for tests).
#[cfg(test)]
pub fn span_finder_regex(parsers: &[Sp], stop: Option<&str>) -> regex::Regex {
    regex::Regex::new(&span_finder_pattern(parsers, stop)).expect("span patterns compile")
}

/// How `parse_spans` finds the next possible span start.
enum Finder {
    /// An index into `Parser::span_tables`.
    Hand(usize),
    Re(std::sync::Arc<regex::Regex>),
}

/// How a `parse_spans` with a stop regexp decides that the stop is real
/// (the Ruby block given to `parse_spans`).
#[derive(Debug, Clone)]
pub enum StopCheck {
    /// No block: stop at the first match.
    Always,
    /// `parse_link`'s bracket counting.
    Link { count: i64 },
    /// `parse_emphasis`'s closing-delimiter test.
    Emphasis {
        delim: &'static str,
        em: bool,
        underscore: bool,
    },
}

pub struct Parser {
    pub opts: Options,
    pub src: Scanner,
    pub block_ial: Option<Ial>,
    pub text_type: T,
    pub span_stack: Vec<T>,
    pub span_parsers: Vec<Sp>,
    pub alds: HashMap<String, Ial>,
    pub footnotes: IndexMap<String, FootnoteDef>,
    /// name → (url, title, eob id)
    pub link_defs: HashMap<String, (String, Option<String>, Option<usize>)>,
    pub abbrev_defs: IndexMap<String, String>,
    pub abbrev_eob: HashMap<String, usize>,
    /// IALs attached to definition markers (eob elements that outlive the tree).
    pub eob_ials: Vec<Option<Ial>>,
    pub id_counter: HashMap<String, i64>,
    pub warnings: Vec<String>,
    toc_ref: bool,
    /// The hand span finders built so far.
    span_tables: Vec<SpanStarts>,
    /// The stop patterns met so far (`stop_re`).
    stop_res: Vec<(String, std::sync::Arc<Re>)>,
    /// Spare buffers for `with_src`.
    spare_matches: Vec<Vec<Option<(usize, usize)>>>,
    spare_stacks: Vec<Vec<T>>,
    pub cache: ReCache,
    default_finder: Option<std::sync::Arc<regex::Regex>>,
    finders: HashMap<(u32, String), std::sync::Arc<regex::Regex>>,
}

/// `add_text`: append to the last child of type `t` or add a new one.
pub fn add_text(tree: &mut El, text: &str, t: T) {
    if let Some(last) = tree.children.last_mut() {
        if last.t == t {
            last.value.push_str(text);
            return;
        }
    }
    if !text.is_empty() {
        tree.children.push(El::with_value(t, text));
    }
}

/// `update_attr_with_ial` without ALD references.
fn merge_ial_attrs(attr: &mut Attr, ial: &Ial) {
    for (k, v) in &ial.attrs {
        if k == "class" {
            let old = attr.get("class").cloned().unwrap_or_default();
            let nv = format!("{old} {v}");
            attr.insert(k.clone(), nv.trim_start().to_string());
        } else {
            attr.insert(k.clone(), v.clone());
        }
    }
}

impl Parser {
    pub fn new(opts: &Options) -> Parser {
        let mut span_parsers = SPAN_PARSERS.to_vec();
        if opts.hard_wrap {
            span_parsers.retain(|p| *p != Sp::LineBreak);
        }
        Parser {
            opts: opts.clone(),
            src: Scanner::new(""),
            block_ial: None,
            text_type: T::RawText,
            span_stack: Vec::new(),
            span_parsers,
            alds: HashMap::default(),
            footnotes: IndexMap::new(),
            link_defs: HashMap::default(),
            abbrev_defs: IndexMap::new(),
            abbrev_eob: HashMap::default(),
            eob_ials: Vec::new(),
            id_counter: HashMap::default(),
            warnings: Vec::new(),
            toc_ref: false,
            span_tables: Vec::new(),
            stop_res: Vec::new(),
            spare_matches: Vec::new(),
            spare_stacks: Vec::new(),
            cache: ReCache,
            default_finder: None,
            finders: HashMap::default(),
        }
    }

    pub fn warning(&mut self, w: String) {
        self.warnings.push(w);
    }

    /// `parse` + GFM's `update_elements`.
    pub fn parse(mut self, source: &str) -> Doc {
        let mut root = El::new(T::Root);
        let text = adapt_source(source);
        let text_len = text.len();
        self.parse_blocks(&mut root, Some(text));
        self.update_tree(&mut root);
        // correct_abbreviations_attributes
        let mut abbrev_attr = HashMap::default();
        for (k, id) in &self.abbrev_eob {
            let mut attr = Attr::new();
            if let Some(Some(ial)) = self.eob_ials.get(*id) {
                let ial = ial.clone();
                self.update_attr_with_ial(&mut attr, &ial);
            }
            abbrev_attr.insert(k.clone(), attr);
        }
        self.replace_abbreviations(&mut root);
        let names: Vec<String> = self.footnotes.keys().cloned().collect();
        for name in names {
            if let Some(mut fd) = self
                .footnotes
                .get_mut(&name)
                .map(|f| std::mem::replace(&mut f.content, El::new(T::Root)))
            {
                self.update_tree(&mut fd);
                self.replace_abbreviations(&mut fd);
                if let Some(f) = self.footnotes.get_mut(&name) {
                    f.content = fd;
                }
            }
        }
        // GFM updates the main tree only, not footnote bodies
        self.update_elements(&mut root);
        Doc {
            root: Some(root),
            footnotes: self.footnotes,
            abbrev_defs: self.abbrev_defs,
            abbrev_attr,
            options: self.opts,
            warnings: self.warnings,
            toc_ref: self.toc_ref,
            src_len: text_len,
        }
    }

    /// `parse_blocks(el, text)`: returns true when an HTML end tag stopped it.
    pub fn parse_blocks(&mut self, el: &mut El, text: Option<String>) -> bool {
        let saved_ial = self.block_ial.take();
        let saved_src = text.map(|t| std::mem::replace(&mut self.src, Scanner::new(t)));
        let mut found = false;
        while !self.src.eos() {
            match self.block_step(el) {
                R::Yes => {}
                R::Stop => {
                    found = true;
                    break;
                }
                R::No => {
                    self.warning("no block parser handled the line".into());
                    let line = match self.src.rest().find('\n') {
                        Some(i) => self.src.rest()[..=i].to_string(),
                        None => self.src.rest().to_string(),
                    };
                    self.src.pos += line.len();
                    let tt = self.text_type;
                    add_text(el, &line, tt);
                }
            }
        }
        if let Some(s) = saved_src {
            self.src = s;
        }
        self.block_ial = saved_ial;
        found
    }

    fn block_step(&mut self, tree: &mut El) -> R {
        // Necessary first-character conditions of each start regexp, so that
        // most of them are not run at all (the regexps decide the rest).
        let (ind, c, blank, pipe, tab_or_4) = {
            let b = self.src.rest().as_bytes();
            let ind = b.iter().take(4).take_while(|&&x| x == b' ').count();
            let c = b.get(ind).copied().unwrap_or(b'\n');
            let line_end = crate::markdown::fast::find_nl(b).unwrap_or(b.len());
            let line = &b[..line_end];
            let blank = line
                .iter()
                .all(|&x| matches!(x, b' ' | b'\t' | b'\r' | 0x0B | 0x0C));
            let pipe = memchr::memchr(b'|', line).is_some();
            let tab_or_4 = b.first() == Some(&b'\t') || ind == 4;
            (ind, c, blank, pipe, tab_or_4)
        };
        let opt = ind <= 3;
        macro_rules! try_parser {
            ($cond:expr, $re:expr, $call:expr) => {
                if $cond && self.src.check(&$re) {
                    let r = $call;
                    if r != R::No {
                        return r;
                    }
                }
            };
        }
        try_parser!(blank, BLANK_LINE, self.parse_blank_line(tree));
        try_parser!(tab_or_4, INDENT, self.parse_codeblock(tree));
        try_parser!(
            opt && (c == b'`' || c == b'~'),
            FENCED_START,
            self.parse_codeblock_fenced(tree)
        );
        try_parser!(
            opt && c == b'>',
            BLOCKQUOTE_START,
            self.parse_blockquote(tree)
        );
        try_parser!(
            ind == 0 && c == b'#',
            ATX_HEADER_START,
            self.parse_atx_header(tree)
        );
        try_parser!(
            opt && matches!(c, b'*' | b'-' | b'_'),
            HR_START,
            self.parse_horizontal_rule(tree)
        );
        try_parser!(
            opt && (matches!(c, b'+' | b'*' | b'-') || c.is_ascii_digit()),
            LIST_START,
            self.parse_list(tree)
        );
        try_parser!(
            opt && c == b':',
            DEFINITION_LIST_START,
            self.parse_definition_list(tree)
        );
        try_parser!(
            opt && c == b'<',
            HTML_BLOCK_START,
            self.parse_block_html(tree)
        );
        try_parser!(
            opt && !blank,
            SETEXT_HEADER_START,
            self.parse_setext_header(tree)
        );
        try_parser!(
            opt && (c == b'$' || c == b'\\'),
            BLOCK_MATH_START,
            self.parse_block_math(tree)
        );
        try_parser!(opt && pipe, TABLE_START, self.parse_table(tree));
        try_parser!(
            opt && c == b'[',
            FOOTNOTE_DEFINITION_START,
            self.parse_footnote_definition(tree)
        );
        try_parser!(
            opt && c == b'[',
            LINK_DEFINITION_START,
            self.parse_link_definition(tree)
        );
        try_parser!(
            opt && c == b'*',
            ABBREV_DEFINITION_START,
            self.parse_abbrev_definition(tree)
        );
        try_parser!(
            opt && c == b'{',
            BLOCK_EXTENSIONS_START,
            self.parse_block_extensions(tree)
        );
        try_parser!(
            ind == 0 && c == b'^',
            EOB_MARKER,
            self.parse_eob_marker(tree)
        );
        try_parser!(
            opt && !matches!(c, b' ' | b'\t'),
            PARAGRAPH_START,
            self.parse_paragraph(tree)
        );
        R::No
    }

    /// `new_block_el`: a block element taking the pending block IAL.
    pub fn new_block_el(&mut self, t: T) -> El {
        let mut el = El::new(t);
        if let Some(ial) = self.block_ial.take() {
            el.o.ial = Some(ial);
        }
        el
    }

    /// `update_attr_with_ial`: ALD references first, then the IAL's own keys.
    pub fn update_attr_with_ial(&self, attr: &mut Attr, ial: &Ial) {
        self.update_attr_with_ial_depth(attr, ial, 0);
    }

    fn update_attr_with_ial_depth(&self, attr: &mut Attr, ial: &Ial, depth: usize) {
        if depth > 32 {
            return;
        }
        for r in &ial.refs {
            if let Some(ald) = self.alds.get(r) {
                self.update_attr_with_ial_depth(attr, ald, depth + 1);
            }
        }
        merge_ial_attrs(attr, ial);
    }

    /// `update_tree`: span-parse raw text, apply IALs, merge blank runs.
    pub fn update_tree(&mut self, element: &mut El) {
        let children = std::mem::take(&mut element.children);
        // allocated on the first kept child: a lone raw text (most
        // paragraphs) hands over the vector its span parse filled
        let mut out: Vec<El> = Vec::new();
        let mut last_blank: Option<usize> = None;
        for mut child in children {
            match child.t {
                T::RawText => {
                    last_blank = None;
                    let text = std::mem::take(&mut child.value);
                    self.with_src(text, |p| {
                        let saved_tt = p.text_type;
                        p.text_type = T::Text;
                        p.parse_spans(&mut child, None, None, T::Text, &mut StopCheck::Always);
                        p.text_type = saved_tt;
                    });
                    if out.is_empty() {
                        out = std::mem::take(&mut child.children);
                    } else {
                        out.append(&mut child.children);
                    }
                }
                T::Eob => {}
                T::Blank => {
                    if let Some(i) = last_blank {
                        let v = child.value;
                        out[i].value.push_str(&v);
                    } else {
                        last_blank = Some(out.len());
                        out.push(child);
                    }
                }
                _ => {
                    last_blank = None;
                    self.update_tree(&mut child);
                    if let Some(ial) = child.o.ial.clone() {
                        self.update_attr_with_ial(&mut child.attr, &ial);
                    }
                    if child.t == T::Dt || child.t == T::Header {
                        let mut raw = String::new();
                        gfm::gfm_raw_text(&child, &mut raw);
                        child.o.raw_text = raw;
                    }
                    out.push(child);
                }
            }
        }
        element.children = out;
    }

    /// A stop pattern of `parse_spans` (Ruby syntax), compiled once per
    /// process and found again here without building a cache key: a
    /// document uses a handful of them, many times.
    pub fn stop_re(&mut self, pat: &str) -> std::sync::Arc<Re> {
        if let Some((_, re)) = self.stop_res.iter().find(|(p, _)| p == pat) {
            return re.clone();
        }
        let re = self.cache.get(pat, "");
        self.stop_res.push((pat.to_string(), re.clone()));
        re
    }

    /// Run `f` with `text` as the scanner's string and an empty span stack
    /// (kramdown's nested `@src` and `@stack`), both restored after; the
    /// buffers are reused across calls.
    pub fn with_src<R>(&mut self, text: String, f: impl FnOnce(&mut Parser) -> R) -> R {
        let m = self.spare_matches.pop().unwrap_or_default();
        let mut other = Scanner::with_matches(text, m);
        std::mem::swap(&mut self.src, &mut other);
        let stack = self.spare_stacks.pop().unwrap_or_default();
        let saved_stack = std::mem::replace(&mut self.span_stack, stack);
        let r = f(self);
        let mut used = std::mem::replace(&mut self.span_stack, saved_stack);
        used.clear();
        self.spare_stacks.push(used);
        std::mem::swap(&mut self.src, &mut other);
        self.spare_matches.push(other.into_matches());
        r
    }

    /// The `regex` that finds the next possible span start (`@span_start_re`),
    /// combined with a stop pattern (plain-regex syntax) when given.
    fn span_finder(&mut self, parsers: &[Sp], stop: Option<&str>) -> std::sync::Arc<regex::Regex> {
        let default = stop.is_none() && parsers == self.span_parsers.as_slice();
        if default {
            if let Some(f) = &self.default_finder {
                return f.clone();
            }
        }
        let f = self.build_span_finder(parsers, stop);
        if default {
            self.default_finder = Some(f.clone());
        }
        f
    }

    fn build_span_finder(
        &mut self,
        parsers: &[Sp],
        stop: Option<&str>,
    ) -> std::sync::Arc<regex::Regex> {
        // parsers as a bit set (order is always kramdown's) + the stop
        let mask: u32 = parsers.iter().fold(0, |m, p| m | (1 << (*p as u32)));
        let key = (mask, stop.unwrap_or("").to_string());
        if let Some(f) = self.finders.get(&key) {
            return f.clone();
        }
        thread_local! {
            /// The finders this thread has built, across documents (the
            /// pattern depends only on the parsers and the stop).
            static FINDERS: std::cell::RefCell<HashMap<(u32, String), std::sync::Arc<regex::Regex>>> =
                Default::default();
        }
        let f = match FINDERS.with(|m| m.borrow().get(&key).cloned()) {
            Some(f) => f,
            None => {
                let f = self.compile_span_finder(parsers, stop);
                FINDERS.with(|m| m.borrow_mut().insert(key.clone(), f.clone()));
                f
            }
        };
        self.finders.insert(key, f.clone());
        f
    }

    fn compile_span_finder(
        &mut self,
        parsers: &[Sp],
        stop: Option<&str>,
    ) -> std::sync::Arc<regex::Regex> {
        self.cache.plain(&span_finder_pattern(parsers, stop))
    }

    /// The span-start search for these parsers and stop: by hand where
    /// `fast::span_start` knows the stop, else the regexp.
    fn finder(&mut self, parsers: &[Sp], stop: Option<&str>) -> Finder {
        let mask: u32 = parsers.iter().fold(0, |m, p| m | (1 << (*p as u32)));
        let angle = mask & (1 << Sp::Autolink as u32 | 1 << Sp::SpanHtml as u32) != 0;
        let hand = match stop {
            None => Some(FinderStop::None),
            Some(r"\]|!?\[") => Some(FinderStop::Link),
            Some(r"\*") => Some(FinderStop::Lit("*")),
            Some(r"\*\*") => Some(FinderStop::Lit("**")),
            Some("_") => Some(FinderStop::Lit("_")),
            Some("__") => Some(FinderStop::Lit("__")),
            // an end tag starts with `<`, which the parsers find already
            Some(s) if angle && (s.starts_with("</") || s.starts_with("(?i)</")) => {
                Some(FinderStop::None)
            }
            Some(_) => None,
        };
        match hand {
            Some(h) => {
                let i = match self
                    .span_tables
                    .iter()
                    .position(|t| t.mask == mask && t.stop == h)
                {
                    Some(i) => i,
                    None => {
                        self.span_tables.push(SpanStarts::new(mask, h));
                        self.span_tables.len() - 1
                    }
                };
                Finder::Hand(i)
            }
            None => Finder::Re(self.span_finder(parsers, stop)),
        }
    }

    /// `parse_spans(el, stop_re, parsers, text_type)`. `stop` is given twice:
    /// as a Ruby pattern (checked at a position) and as plain-regex syntax
    /// (searched for).
    pub fn parse_spans(
        &mut self,
        el: &mut El,
        stop: Option<(&str, &str)>,
        parsers: Option<&[Sp]>,
        text_type: T,
        check: &mut StopCheck,
    ) -> bool {
        let saved_tt = self.text_type;
        self.text_type = text_type;
        self.span_stack.push(el.t);
        // the default parsers copied to the stack (at most 14 of them):
        // `self` stays free for the span parsers
        let mut default_buf = [Sp::Emphasis; 16];
        let parsers: &[Sp] = match parsers {
            Some(p) => p,
            None => {
                let n = self.span_parsers.len().min(default_buf.len());
                default_buf[..n].copy_from_slice(&self.span_parsers[..n]);
                &default_buf[..n]
            }
        };
        let finder = self.finder(parsers, stop.map(|s| s.1));
        let stop_re = stop.map(|s| self.stop_re(s.0));
        let mut stop_found = false;
        while !self.src.eos() && !stop_found {
            let found = match &finder {
                Finder::Hand(i) => match self.span_tables.get(*i) {
                    Some(t) => self.src.skip_until_hand(t),
                    None => None,
                },
                Finder::Re(re) => self.src.skip_until_start(re),
            };
            if let Some((a, b)) = found {
                add_text(el, &self.src.s[a..b], self.text_type);
                if let Some(sr) = &stop_re {
                    if self.src.check(sr) {
                        stop_found = self.stop_check(el, check);
                    }
                }
                let mut processed = false;
                if !stop_found {
                    for p in parsers {
                        if self.span_try(*p, el) {
                            processed = true;
                            break;
                        }
                    }
                }
                if !processed && !stop_found {
                    let start = self.src.pos;
                    self.src.getch();
                    add_text(el, &self.src.s[start..self.src.pos], self.text_type);
                }
            } else {
                if stop.is_none() {
                    add_text(el, self.src.rest(), self.text_type);
                    self.src.terminate();
                }
                break;
            }
        }
        self.span_stack.pop();
        self.text_type = saved_tt;
        stop_found
    }

    fn stop_check(&mut self, el: &El, check: &mut StopCheck) -> bool {
        match check {
            StopCheck::Always => true,
            StopCheck::Link { count } => {
                *count += if self.src.group(1).is_some() { -1 } else { 1 };
                let imgs = el.children.iter().filter(|c| c.t == T::Img).count() as i64;
                *count - imgs == 0
            }
            StopCheck::Emphasis {
                delim,
                em,
                underscore,
            } => {
                let pre_ws = self
                    .src
                    .pre_match()
                    .chars()
                    .last()
                    .map(|c| matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r'))
                    .unwrap_or(false);
                if pre_ws {
                    return false;
                }
                let rest = self.src.rest();
                if *em {
                    // /#{delim * 2}(?!#{delim})/
                    let two = delim.repeat(2);
                    if rest.starts_with(&two) && !rest[two.len()..].starts_with(*delim) {
                        return false;
                    }
                }
                if *underscore {
                    // /#{delim}[[:alnum:]]/
                    if let Some(after) = rest.strip_prefix(*delim) {
                        if after
                            .chars()
                            .next()
                            .map(|c| c.is_alphanumeric())
                            .unwrap_or(false)
                        {
                            return false;
                        }
                    }
                }
                // restore the match of the stop regexp for the caller
                !el.children.is_empty()
            }
        }
    }

    /// Is any enclosing span element (or the current one) of type `t`?
    pub fn in_span(&self, t: T) -> bool {
        self.span_stack.contains(&t)
    }

    /// `parse_attribute_list(str, opts)`.
    pub fn parse_attribute_list(&mut self, s: &str, ial: &mut Ial) {
        let st = s.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\0');
        if st.is_empty() || st == ":" {
            return;
        }
        let all = ALD_TYPE_ANY.captures_all(s);
        if all.is_empty() {
            self.warning(format!(
                "No or invalid attributes found in IAL/ALD content: {s}"
            ));
        }
        for caps in all {
            let grp = |i: usize| caps.get(i).copied().flatten().map(|(a, b)| &s[a..b]);
            if let Some(r) = grp(4) {
                self.toc_ref |= r == "toc";
                ial.refs.push(r.to_string());
            } else if let Some(idc) = grp(5) {
                for c2 in ALD_TYPE_ID_OR_CLASS.captures_all(idc) {
                    let g2 = |i: usize| c2.get(i).copied().flatten().map(|(a, b)| &idc[a..b]);
                    if let Some(class) = g2(2) {
                        let old = ial.attrs.get("class").cloned().unwrap_or_default();
                        ial.attrs.insert(
                            "class".into(),
                            format!("{old} {class}").trim_start().to_string(),
                        );
                    } else if let Some(id) = g2(1) {
                        ial.attrs.insert("id".into(), id.to_string());
                    }
                }
            } else if let (Some(key), Some(sep), Some(val)) = (grp(1), grp(2), grp(3)) {
                let re = self
                    .cache
                    .get(&format!(r"\\(\}}|{})", scanner_escape(sep)), "");
                let v = re.replace_all(val, |g| g[1].unwrap_or("").to_string());
                ial.attrs.insert(key.to_string(), v);
            }
        }
    }

    /// Attach an IAL to a definition marker or element (`last_child.options[:ial]`).
    pub fn ial_of<'a>(&'a mut self, el: &'a mut El) -> &'a mut Ial {
        if let Some(id) = el.o.eob_id {
            if id < self.eob_ials.len() {
                return self.eob_ials[id].get_or_insert_with(Ial::default);
            }
        }
        el.o.ial.get_or_insert_with(Ial::default)
    }

    /// A new definition marker with a side-table slot for its IAL.
    pub fn new_eob_def(&mut self, kind: Eob) -> El {
        let mut el = self.new_block_el(T::Eob);
        el.o.eob = kind;
        let ial = el.o.ial.take();
        el.o.eob_id = Some(self.eob_ials.len());
        self.eob_ials.push(ial);
        el
    }
}

/// Escape for a Ruby pattern (same rules as `Regexp.escape`).
pub fn scanner_escape(s: &str) -> String {
    regex::escape(s)
}

/// `adapt_source`: unify line ends, end with exactly one newline.
fn adapt_source(source: &str) -> String {
    let mut s = if memchr::memchr(b'\r', source.as_bytes()).is_some() {
        source.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        source.to_string()
    };
    if s.ends_with('\n') {
        s.pop();
    }
    s.push('\n');
    s
}

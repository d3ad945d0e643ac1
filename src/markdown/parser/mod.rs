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
pub mod guard;
mod html;
mod lists;
mod raw_html;
#[cfg(test)]
mod same_either_way;
mod smart_quotes;
mod span_loop;
pub mod spans;
mod table;

pub(crate) use blocks::html_line_ends;
#[cfg(test)]
pub use span_loop::span_finder_regex;
pub use span_loop::{span_finder_pattern, Sp, StopCheck, SPAN_PARSERS};

use foldhash::HashMap;

use indexmap::IndexMap;

use super::element::{Attr, El, Eob, Ial, T};
use super::fast::SpanStarts;
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
    /// The line of the top-level block it is in (for errors).
    pub line: usize,
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
    /// Nesting and work limits (`guard.rs`).
    pub guard: guard::Guard,
    /// Root children before this index were looked at by `settle_raw_html`.
    settled: usize,
    /// Whether `settle_raw_html` converts early (the tests compare both ways).
    pub(crate) settle: bool,
    /// Whether raw HTML bodies write nested raw elements as HTML while
    /// parsing them (`raw_html.rs`; the tests compare both ways).
    pub(crate) stream_raw: bool,
    /// What converting a settled HTML block needs (the options), made once.
    fragment_doc: Option<Box<Doc>>,
}

thread_local! {
    /// The hand span finders and stop patterns of this thread's last
    /// parser, lent to the next one: they depend on neither the document
    /// nor the options, and building them again cost every short document
    /// a few thousand instructions.
    static SPAN_CACHE: std::cell::RefCell<SpanCache> = Default::default();
}

/// [`Parser::span_tables`] and [`Parser::stop_res`].
type SpanCache = (Vec<SpanStarts>, Vec<(String, std::sync::Arc<Re>)>);

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
        let (span_tables, stop_res) = SPAN_CACHE
            .try_with(|c| c.try_borrow_mut().map(|mut c| std::mem::take(&mut *c)))
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default();
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
            span_tables,
            stop_res,
            spare_matches: Vec::new(),
            spare_stacks: Vec::new(),
            cache: ReCache,
            default_finder: None,
            finders: HashMap::default(),
            guard: guard::Guard::default(),
            settled: 0,
            settle: true,
            stream_raw: true,
            fragment_doc: None,
        }
    }

    pub fn warning(&mut self, w: String) {
        self.warnings.push(w);
    }

    /// `parse` + GFM's `update_elements`; a [`guard::TooComplex`] when the
    /// input is nested too deeply or too costly to follow.
    pub fn parse(mut self, source: &str) -> Result<Doc, guard::TooComplex> {
        let mut root = El::new(T::Root);
        let text = adapt_source(source);
        let text_len = text.len();
        self.guard = guard::Guard::new(text_len);
        self.parse_blocks(&mut root, Some(text));
        self.guard.result()?;
        let marks = std::mem::take(&mut self.guard.marks);
        self.update_tree_at(&mut root, &marks);
        self.guard.result()?;
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
        self.replace_abbreviations(&mut root, &marks);
        self.guard.result()?;
        let names: Vec<String> = self.footnotes.keys().cloned().collect();
        for name in names {
            if let Some((mut fd, line)) = self
                .footnotes
                .get_mut(&name)
                .map(|f| (std::mem::replace(&mut f.content, El::new(T::Root)), f.line))
            {
                self.guard.line = line;
                self.update_tree(&mut fd);
                self.guard.result()?;
                self.replace_abbreviations(&mut fd, &[]);
                self.guard.result()?;
                if let Some(f) = self.footnotes.get_mut(&name) {
                    f.content = fd;
                }
            }
        }
        // GFM updates the main tree only, not footnote bodies
        self.update_elements(&mut root);
        let cache = (
            std::mem::take(&mut self.span_tables),
            std::mem::take(&mut self.stop_res),
        );
        let _ = SPAN_CACHE.try_with(|c| c.try_borrow_mut().map(|mut c| *c = cache));
        Ok(Doc {
            root: Some(root),
            footnotes: self.footnotes,
            abbrev_defs: self.abbrev_defs,
            abbrev_attr,
            options: self.opts,
            warnings: self.warnings,
            toc_ref: self.toc_ref,
            src_len: text_len,
        })
    }

    /// `parse_blocks(el, text)`: returns true when an HTML end tag stopped it.
    pub fn parse_blocks(&mut self, el: &mut El, text: Option<String>) -> bool {
        if !self.guard.enter() {
            return false;
        }
        if let Some(t) = &text {
            // kramdown re-reads a nested block's text at every level
            if !self.guard.spend_reread(t.len()) {
                self.guard.leave();
                return false;
            }
        }
        let saved_ial = self.block_ial.take();
        let saved_src = text.map(|t| std::mem::replace(&mut self.src, Scanner::new(t)));
        let mut found = false;
        while !self.src.eos() && self.guard.ok() {
            if self.guard.at_root() {
                self.guard
                    .root_block(&self.src.s, self.src.pos, el.children.len());
                self.settle_raw_html(el);
            }
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
        self.guard.leave();
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
        self.update_tree_at(element, &[]);
    }

    /// `update_tree` of an element whose children's lines are in `marks`
    /// (the root's: what a `TooComplex` names).
    fn update_tree_at(&mut self, element: &mut El, marks: &[(usize, usize)]) {
        let children = std::mem::take(&mut element.children);
        // allocated on the first kept child: a lone raw text (most
        // paragraphs) hands over the vector its span parse filled
        let mut out: Vec<El> = Vec::new();
        // without raw text the children stay as many or fewer: sized once
        // (grown one by one, a third of a page of HTML blocks' tree was room
        // left in vectors)
        if !children.iter().any(|c| c.t == T::RawText) {
            out.reserve_exact(children.len());
        }
        let mut last_blank: Option<usize> = None;
        for (i, mut child) in children.into_iter().enumerate() {
            if !self.guard.ok() {
                // stopped: the line it stopped on is the one to report
                break;
            }
            if let Some(line) = guard::Guard::line_of_child(marks, i) {
                self.guard.line = line;
            }
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

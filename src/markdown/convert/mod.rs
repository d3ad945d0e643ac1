//! kramdown's HTML converter (`Kramdown::Converter::Html`) with Jekyll's
//! rouge settings: indentation, entities and every element; footnotes, the
//! TOC and code live in the submodules.

mod code;
mod escape;
mod notes;
mod toc;

pub use escape::{
    basic_generate_id, escape_html, escape_html_into, html_attributes, write_attribute,
    write_attributes, Esc,
};

use std::fmt::Write as _;

use foldhash::HashMap;

use super::element::{Align, Attr, Cm, El, T};
use super::parser::consts::HTML_ELEMENTS_WITHOUT_BODY;
use super::parser::spans::{entity_by_name, entity_name};
use super::parser::Doc;
use super::Options;

/// Char of a named entity.
pub fn entity_char_by_name(name: &str) -> Option<char> {
    entity_by_name(name).and_then(char::from_u32)
}

struct Frame {
    t: T,
    cm: Option<Cm>,
    alignment: Vec<Align>,
    /// The element's first `auto_ids…` ALD reference (what a `dt` child
    /// takes its id prefix from).
    auto_ids_ref: Option<String>,
}

pub struct Converter<'a> {
    opts: &'a Options,
    doc: &'a Doc,
    footnote_counter: usize,
    footnote_start: usize,
    /// name, content name, number, repeat
    footnotes: Vec<(String, String, usize, usize)>,
    footnotes_by_name: HashMap<String, usize>,
    footnote_location: Option<String>,
    toc: Vec<(u8, String, Vec<El>)>,
    toc_code: Option<(T, Attr, String)>,
    /// Whether a `{:toc}` list exists (otherwise header entries are not kept).
    want_toc: bool,
    /// The four smart-quote entity names (`smart_quotes` option).
    quotes: [&'a str; 4],
    used_ids: HashMap<String, usize>,
    stack: Vec<Frame>,
    idx: usize,
    /// the first code too costly to highlight: its lexer and its text
    pub too_costly: Option<(&'static str, String)>,
}

const INDENT: usize = 2;

const SPACES: &str = "                                                                ";

/// Append `' ' * n`.
fn sp(out: &mut String, n: usize) {
    match SPACES.get(..n) {
        Some(s) => out.push_str(s),
        None => out.extend(std::iter::repeat_n(' ', n)),
    }
}

/// The HTML of `el` as a child of the root of `doc` (see the parser's
/// `settle_raw_html`): what converting the whole document writes for it.
pub(crate) fn convert_root_child(doc: &Doc, el: &mut El) -> String {
    if let Some(html) = raw_root_child(el) {
        return html;
    }
    let mut root = El::new(T::Root);
    root.children.push(std::mem::replace(el, El::new(T::Blank)));
    let mut out = String::with_capacity(1024);
    Converter::new(doc).inner(&root, -(INDENT as i64), &mut out);
    out
}

/// What `convert_html_element` writes for a block HTML element of the
/// root whose body is raw and was written ahead as HTML (raw texts only,
/// see the parser's `raw_html.rs`): no converter to set up for it.
fn raw_root_child(el: &El) -> Option<String> {
    let plain = |c: &El| c.t == T::Raw && c.o.span && c.o.raw_type.is_none();
    if el.t != T::HtmlElement
        || el.o.span
        || el.o.content_model != Some(Cm::Raw)
        || !el.children.iter().all(plain)
    {
        return None;
    }
    let body: usize = el.children.iter().map(|c| c.value.len()).sum();
    let name = &el.value;
    let mut out = String::with_capacity(body + 2 * name.len() + 64);
    out.push('<');
    out.push_str(name);
    write_attributes(&mut out, &el.attr);
    let p = out.len();
    out.push('>');
    for c in &el.children {
        out.push_str(&c.value);
    }
    let empty = body == 0;
    if el.o.is_closed || (empty && HTML_ELEMENTS_WITHOUT_BODY.contains(&name.as_str())) {
        out.truncate(p);
        out.push_str(" />");
    } else {
        close_tag(&mut out, name);
    }
    out.push('\n');
    Some(out)
}

impl<'a> Converter<'a> {
    pub fn new(doc: &'a Doc) -> Converter<'a> {
        let opts = &doc.options;
        let want_toc = doc.toc_ref;
        let mut q = opts.smart_quotes.split(',').map(str::trim);
        let quotes = [(); 4].map(|_| q.next().unwrap_or("quot"));
        Converter {
            footnote_counter: opts.footnote_nr,
            footnote_start: opts.footnote_nr,
            opts,
            doc,
            footnotes: Vec::new(),
            footnotes_by_name: HashMap::default(),
            footnote_location: None,
            toc: Vec::new(),
            toc_code: None,
            want_toc,
            quotes,
            used_ids: HashMap::default(),
            stack: Vec::new(),
            idx: 0,
            too_costly: None,
        }
    }

    /// Highlights `code` into `out`; code too costly to highlight is
    /// written as it is, escaped, and kept in `too_costly` (the
    /// conversion then fails).
    fn highlight_into(&mut self, lexer: &str, code: &str, out: &mut String) {
        if let Err(e) = crate::highlight::try_highlight_into(lexer, code, out) {
            escape_html_into(out, code, Esc::All);
            self.too_costly.get_or_insert((e.lexer, code.to_string()));
        }
    }

    fn entity_into(&self, out: &mut String, cp: u32, original: Option<&str>) {
        let c = char::from_u32(cp);
        let escapable = matches!(c, Some('<' | '>' | '&' | '"'));
        if self.opts.entity_output == "as_char" {
            if let Some(c) = c {
                if c == '"' || !escapable {
                    out.push(c);
                    return;
                }
            }
        }
        if self.opts.entity_output == "as_input" || self.opts.entity_output == "as_char" {
            if let Some(o) = original {
                out.push_str(o);
                return;
            }
        }
        if self.opts.entity_output == "symbolic" || escapable {
            if let Some(n) = entity_name(cp) {
                out.push('&');
                out.push_str(n);
                out.push(';');
                return;
            }
        }
        let _ = write!(out, "&#{cp};");
    }

    fn named_entity_into(&self, out: &mut String, name: &str) {
        if let Some(cp) = entity_by_name(name) {
            self.entity_into(out, cp, None);
        }
    }

    fn named_entity_to_str(&self, name: &str) -> String {
        let mut s = String::new();
        self.named_entity_into(&mut s, name);
        s
    }

    pub fn convert_doc(&mut self) -> String {
        let Some(root) = self.doc.root.as_ref() else {
            return String::new();
        };
        let mut result = String::with_capacity(self.doc.src_len * 2 + 256);
        self.inner(root, -(INDENT as i64), &mut result);
        let fc = self.footnote_content();
        if let Some(loc) = self.footnote_location.take() {
            result = result.replacen(&loc, &fc, 1);
        } else {
            result.push_str(&fc);
        }
        if let Some((t, attr, code)) = self.toc_code.take() {
            let tree = self.generate_toc_tree(t, &attr);
            let mut text = String::new();
            if !tree.children.is_empty() {
                self.convert(&tree, 0, &mut text);
            }
            result = result.replacen(&code, &text, 1);
        }
        result
    }

    fn inner(&mut self, el: &El, indent: i64, out: &mut String) {
        let indent = indent + INDENT as i64;
        let auto_ids_ref =
            el.o.ial
                .as_ref()
                .and_then(|i| i.refs.iter().find(|r| r.starts_with("auto_ids")).cloned());
        self.stack.push(Frame {
            t: el.t,
            cm: el.o.content_model,
            alignment: if el.t == T::Table {
                el.o.alignment.clone()
            } else {
                Vec::new()
            },
            auto_ids_ref,
        });
        for (i, c) in el.children.iter().enumerate() {
            self.idx = i;
            self.convert(c, indent, out);
        }
        self.stack.pop();
    }

    fn parent(&self, back: usize) -> Option<&Frame> {
        self.stack
            .len()
            .checked_sub(back + 1)
            .and_then(|i| self.stack.get(i))
    }

    fn parent_not_raw(&self) -> bool {
        match self.parent(0) {
            Some(f) => f.t != T::HtmlElement || f.cm != Some(Cm::Raw),
            None => true,
        }
    }

    /// `<name attrs>` children `</name>\n`, indented.
    fn block_el(&mut self, name: &str, attr: &Attr, el: &El, indent: i64, out: &mut String) {
        sp(out, indent.max(0) as usize);
        open_tag(out, name, attr);
        self.inner(el, indent, out);
        close_tag(out, name);
        out.push('\n');
    }

    /// `<name attrs>\n` children `</name>\n`, indented.
    fn indented_block_el(&mut self, name: &str, el: &El, indent: i64, out: &mut String) {
        let ind = indent.max(0) as usize;
        sp(out, ind);
        open_tag(out, name, &el.attr);
        out.push('\n');
        self.inner(el, indent, out);
        sp(out, ind);
        close_tag(out, name);
        out.push('\n');
    }

    /// `<name attrs>` children `</name>`.
    fn span_el(&mut self, name: &str, el: &El, indent: i64, out: &mut String) {
        open_tag(out, name, &el.attr);
        self.inner(el, indent, out);
        close_tag(out, name);
    }

    fn convert(&mut self, el: &El, indent: i64, out: &mut String) {
        let ind = indent.max(0) as usize;
        match el.t {
            T::Blank => out.push('\n'),
            T::Text => escape_html_into(out, &el.value, Esc::Text),
            T::P => {
                if el.o.transparent {
                    self.inner(el, indent, out)
                } else if el.children.len() == 1
                    && el.children[0].t == T::Img
                    && el.children[0]
                        .o
                        .ial
                        .as_ref()
                        .map(|i| i.refs.iter().any(|r| r == "standalone"))
                        .unwrap_or(false)
                {
                    self.convert_standalone_image(el, ind, out)
                } else {
                    self.block_el("p", &el.attr, el, indent, out)
                }
            }
            T::Codeblock => self.convert_codeblock(el, ind, out),
            T::Blockquote => self.indented_block_el("blockquote", el, indent, out),
            T::Header => self.convert_header(el, indent, out),
            T::Hr => {
                sp(out, ind);
                out.push_str("<hr");
                write_attributes(out, &el.attr);
                out.push_str(" />\n");
            }
            T::Ul | T::Ol => self.convert_list(el, indent, out),
            T::Dl => self.indented_block_el("dl", el, indent, out),
            T::Li | T::Dd => {
                let name = if el.t == T::Li { "li" } else { "dd" };
                sp(out, ind);
                open_tag(out, name, &el.attr);
                let transparent_first = el
                    .children
                    .first()
                    .map(|f| f.t == T::P && f.o.transparent)
                    .unwrap_or(false);
                if el.children.is_empty() || transparent_first {
                    let start = out.len();
                    self.inner(el, indent, out);
                    if out.len() > start && out.ends_with('\n') {
                        sp(out, ind);
                    }
                } else {
                    out.push('\n');
                    self.inner(el, indent, out);
                    sp(out, ind);
                }
                close_tag(out, name);
                out.push('\n');
            }
            T::Dt => {
                let prefix = if el.attr.contains_key("id") {
                    None
                } else {
                    self.parent(0)
                        .and_then(|f| f.auto_ids_ref.as_deref())
                        .and_then(|r| r.strip_prefix("auto_ids"))
                        .map(|rest| {
                            let pre = rest
                                .strip_prefix('-')
                                .filter(|_| rest.starts_with('-') && rest.len() > 1);
                            pre.map(|p| {
                                p.chars()
                                    .take_while(|c| {
                                        c.is_ascii_alphanumeric() || *c == '_' || *c == '-'
                                    })
                                    .collect::<String>()
                            })
                            .unwrap_or_default()
                        })
                };
                match prefix {
                    Some(prefix) => {
                        let mut attr = el.attr.clone();
                        let id = format!("{prefix}{}", basic_generate_id(&el.o.raw_text));
                        attr.insert("id".into(), id.trim_start().to_string());
                        self.block_el("dt", &attr, el, indent, out)
                    }
                    None => self.block_el("dt", &el.attr, el, indent, out),
                }
            }
            T::HtmlElement => self.convert_html_element(el, indent, out),
            T::XmlComment | T::XmlPi => {
                if !el.o.span && self.parent_not_raw() {
                    sp(out, ind);
                    out.push_str(&el.value);
                    out.push('\n');
                } else {
                    out.push_str(&el.value);
                }
            }
            T::Table | T::Thead | T::Tbody | T::Tfoot | T::Tr => {
                let name = match el.t {
                    T::Table => "table",
                    T::Thead => "thead",
                    T::Tbody => "tbody",
                    T::Tfoot => "tfoot",
                    _ => "tr",
                };
                self.indented_block_el(name, el, indent, out)
            }
            T::Td => {
                let idx = self.idx;
                let th = self.parent(1).map(|f| f.t == T::Thead).unwrap_or(false);
                let align = self
                    .parent(2)
                    .and_then(|f| f.alignment.get(idx).copied())
                    .unwrap_or(Align::Default);
                let a = match align {
                    Align::Default => None,
                    Align::Left => Some("left"),
                    Align::Right => Some("right"),
                    Align::Center => Some("center"),
                };
                let name = if th { "th" } else { "td" };
                sp(out, ind);
                match a {
                    Some(a) => {
                        let mut attr = el.attr.clone();
                        let style = match attr.get("style") {
                            Some(s) => format!("{s}; text-align: {a}"),
                            None => format!("text-align: {a}"),
                        };
                        attr.insert("style".into(), style);
                        open_tag(out, name, &attr);
                    }
                    None => open_tag(out, name, &el.attr),
                }
                let start = out.len();
                self.inner(el, indent, out);
                if out.len() == start {
                    self.named_entity_into(out, "nbsp");
                }
                close_tag(out, name);
                out.push('\n');
            }
            T::Comment => {
                if el.o.span {
                    out.push_str("<!-- ");
                    out.push_str(&el.value);
                    out.push_str(" -->");
                } else {
                    sp(out, ind);
                    out.push_str("<!-- ");
                    out.push_str(&el.value);
                    out.push_str(" -->\n");
                }
            }
            T::Br => out.push_str("<br />"),
            T::A => self.span_el("a", el, indent, out),
            T::Img => {
                out.push_str("<img");
                write_attributes(out, &el.attr);
                out.push_str(" />");
            }
            T::Codespan => self.convert_codespan(el, out),
            T::Footnote => self.convert_footnote(el, out),
            T::Raw => {
                let ok = match &el.o.raw_type {
                    None => true,
                    Some(v) => v.is_empty() || v.iter().any(|t| t == "html"),
                };
                if ok {
                    out.push_str(&el.value);
                    if !el.o.span {
                        out.push('\n');
                    }
                }
            }
            T::Em => self.span_el("em", el, indent, out),
            T::Strong => self.span_el("strong", el, indent, out),
            T::Entity => self.entity_into(out, el.o.code_point, el.o.original.as_deref()),
            T::TypographicSym => match el.value.as_str() {
                "laquo_space" => {
                    self.named_entity_into(out, "laquo");
                    self.named_entity_into(out, "nbsp");
                }
                "raquo_space" => {
                    self.named_entity_into(out, "nbsp");
                    self.named_entity_into(out, "raquo");
                }
                v => self.named_entity_into(out, v),
            },
            T::SmartQuote => {
                let i = match el.value.as_str() {
                    "lsquo" => 0,
                    "rsquo" => 1,
                    "ldquo" => 2,
                    _ => 3,
                };
                let name = self.quotes[i];
                match name.parse::<u32>() {
                    Ok(cp) => self.entity_into(out, cp, None),
                    Err(_) => self.named_entity_into(out, name),
                }
            }
            T::Math => self.convert_math(el, ind, out),
            T::Abbreviation => {
                let title = self
                    .doc
                    .abbrev_defs
                    .get(&el.value)
                    .cloned()
                    .unwrap_or_default();
                let mut attr = self
                    .doc
                    .abbrev_attr
                    .get(&el.value)
                    .cloned()
                    .unwrap_or_default();
                if !title.is_empty() {
                    attr.insert("title".into(), title);
                }
                open_tag(out, "abbr", &attr);
                out.push_str(&el.value);
                close_tag(out, "abbr");
            }
            T::Root | T::Temp => self.inner(el, indent, out),
            T::RawText | T::Eob => {}
        }
    }

    fn convert_standalone_image(&mut self, el: &El, ind: usize, out: &mut String) {
        let mut figure_attr = el.attr.clone();
        let mut image_attr = el.children[0].attr.clone();
        if image_attr.contains_key("class") && !figure_attr.contains_key("class") {
            if let Some(c) = image_attr.shift_remove("class") {
                figure_attr.insert("class".into(), c);
            }
        }
        if image_attr.contains_key("id") && !figure_attr.contains_key("id") {
            if let Some(c) = image_attr.shift_remove("id") {
                figure_attr.insert("id".into(), c);
            }
        }
        let alt = image_attr.get("alt").cloned().unwrap_or_default();
        sp(out, ind);
        open_tag(out, "figure", &figure_attr);
        out.push('\n');
        sp(out, ind + INDENT);
        out.push_str("<img");
        write_attributes(out, &image_attr);
        out.push_str(" />\n");
        sp(out, ind + INDENT);
        out.push_str("<figcaption>");
        out.push_str(&alt);
        out.push_str("</figcaption>\n");
        sp(out, ind);
        close_tag(out, "figure");
        out.push('\n');
    }

    fn convert_header(&mut self, el: &El, indent: i64, out: &mut String) {
        let generated = if self.opts.auto_ids && !el.attr.contains_key("id") {
            Some(self.generate_id(&el.o.raw_text))
        } else {
            None
        };
        let id = generated
            .as_deref()
            .or_else(|| el.attr.get("id").map(String::as_str));
        if let (Some(id), true) = (id, self.want_toc) {
            let no_toc = el
                .attr
                .get("class")
                .map(|c| c.split_ascii_whitespace().any(|x| x == "no_toc") || c.contains("no_toc"))
                .unwrap_or(false);
            if self.opts.toc_levels.contains(&el.o.level) && !no_toc {
                self.toc
                    .push((el.o.level, id.to_string(), el.children.clone()));
            }
        }
        let level = (el.o.level as i64 + self.opts.header_offset).clamp(1, 6);
        let name = HEADER_NAMES[(level - 1) as usize];
        match generated {
            Some(id) => {
                let mut attr = el.attr.clone();
                attr.insert("id".into(), id);
                self.block_el(name, &attr, el, indent, out)
            }
            None => self.block_el(name, &el.attr, el, indent, out),
        }
    }

    fn generate_id(&mut self, s: &str) -> String {
        let mut id = basic_generate_id(s);
        if id.is_empty() {
            id = "section".into();
        }
        if let Some(n) = self.used_ids.get_mut(&id) {
            *n += 1;
            id = format!("{id}-{n}");
        } else {
            self.used_ids.insert(id.clone(), 0);
        }
        format!("{}{}", self.opts.auto_id_prefix, id)
    }

    fn convert_list(&mut self, el: &El, indent: i64, out: &mut String) {
        let refs: &[String] = el.o.ial.as_ref().map(|i| i.refs.as_slice()).unwrap_or(&[]);
        if self.toc_code.is_none() && refs.iter().any(|r| r == "toc") {
            let code = placeholder(self.toc.len() + 1);
            out.push_str(&code);
            self.toc_code = Some((el.t, el.attr.clone(), code));
            return;
        }
        if self.footnote_location.is_none() && refs.iter().any(|r| r == "footnotes") {
            let code = placeholder(7_777);
            out.push_str(&code);
            self.footnote_location = Some(code);
            return;
        }
        self.indented_block_el(if el.t == T::Ul { "ul" } else { "ol" }, el, indent, out)
    }

    /// The body is written in place after an optimistic `>` (or `>\n`),
    /// taken back when the body decides otherwise.
    fn convert_html_element(&mut self, el: &El, indent: i64, out: &mut String) {
        let ind = indent.max(0) as usize;
        let name = &el.value;
        let no_body = HTML_ELEMENTS_WITHOUT_BODY.contains(&name.as_str());
        if el.o.span {
            out.push('<');
            out.push_str(name);
            write_attributes(out, &el.attr);
            let p = out.len();
            out.push('>');
            self.inner(el, indent, out);
            if out.len() == p + 1 && no_body {
                out.truncate(p);
                out.push_str(" />");
            } else {
                close_tag(out, name);
            }
            return;
        }
        let pnr = self.parent_not_raw();
        if pnr {
            sp(out, ind);
        }
        out.push('<');
        out.push_str(name);
        write_attributes(out, &el.attr);
        let cm = el.o.content_model;
        let p = out.len();
        out.push_str(if cm == Some(Cm::Block) { ">\n" } else { ">" });
        let start = out.len();
        self.inner(el, indent, out);
        let empty = out.len() == start;
        if el.o.is_closed && cm == Some(Cm::Raw) {
            out.truncate(p);
            out.push_str(" />");
        } else if !empty && cm != Some(Cm::Block) {
            close_tag(out, name);
        } else if !empty {
            if out.ends_with('\n') {
                out.pop();
            }
            out.push('\n');
            sp(out, ind);
            close_tag(out, name);
        } else if no_body {
            out.truncate(p);
            out.push_str(" />");
        } else {
            out.truncate(p);
            out.push('>');
            close_tag(out, name);
        }
        if pnr {
            out.push('\n');
        }
    }

    fn convert_math(&mut self, el: &El, ind: usize, out: &mut String) {
        if el.o.span {
            if el.attr.is_empty() {
                out.push_str("\\(");
                escape_html_into(out, &el.value, Esc::All);
                out.push_str("\\)");
            } else {
                open_tag(out, "span", &el.attr);
                out.push('$');
                out.push_str(&el.value);
                out.push('$');
                close_tag(out, "span");
            }
        } else if el.attr.is_empty() {
            out.push_str("\\[");
            escape_html_into(out, &el.value, Esc::All);
            out.push_str("\\]\n");
        } else {
            sp(out, ind);
            open_tag(out, "div", &el.attr);
            out.push_str("\\[");
            escape_html_into(out, &el.value, Esc::All);
            out.push_str("\\]\n");
            close_tag(out, "div");
            out.push('\n');
        }
    }
}

const HEADER_NAMES: [&str; 6] = ["h1", "h2", "h3", "h4", "h5", "h6"];

/// `<name attrs>`.
fn open_tag(out: &mut String, name: &str, attr: &Attr) {
    out.push('<');
    out.push_str(name);
    write_attributes(out, attr);
    out.push('>');
}

/// `</name>`.
fn close_tag(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn placeholder(n: usize) -> String {
    format!("\u{1}kramdown-placeholder-{n}\u{1}")
}

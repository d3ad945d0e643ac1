//! kramdown's HTML converter (`Kramdown::Converter::Html`) with Jekyll's
//! rouge settings: indentation, entities and every element; footnotes, the
//! TOC and code live in the submodules.

mod code;
mod escape;
mod notes;
mod toc;

pub use escape::{basic_generate_id, escape_html, html_attributes, Esc};

use std::collections::HashMap;

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
    refs: Vec<String>,
}

pub struct Converter<'a> {
    opts: Options,
    doc: &'a Doc,
    footnote_counter: usize,
    footnote_start: usize,
    /// name, content name, number, repeat
    footnotes: Vec<(String, String, usize, usize)>,
    footnotes_by_name: HashMap<String, usize>,
    footnote_location: Option<String>,
    toc: Vec<(u8, String, Vec<El>)>,
    toc_code: Option<(T, Attr, String)>,
    used_ids: HashMap<String, usize>,
    stack: Vec<Frame>,
    idx: usize,
}

const INDENT: usize = 2;

const SPACES: &str = "                                                                ";

/// `' ' * n` without allocating for the usual depths.
fn sp(n: usize) -> std::borrow::Cow<'static, str> {
    match SPACES.get(..n) {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(" ".repeat(n)),
    }
}

impl<'a> Converter<'a> {
    pub fn new(doc: &'a Doc) -> Converter<'a> {
        let opts = doc.options.clone();
        Converter {
            footnote_counter: opts.footnote_nr,
            footnote_start: opts.footnote_nr,
            opts,
            doc,
            footnotes: Vec::new(),
            footnotes_by_name: HashMap::new(),
            footnote_location: None,
            toc: Vec::new(),
            toc_code: None,
            used_ids: HashMap::new(),
            stack: Vec::new(),
            idx: 0,
        }
    }

    fn entity_to_str(&self, cp: u32, original: Option<&str>) -> String {
        let c = char::from_u32(cp);
        let escapable = matches!(c, Some('<' | '>' | '&' | '"'));
        if self.opts.entity_output == "as_char" {
            if let Some(c) = c {
                if c == '"' || !escapable {
                    return c.to_string();
                }
            }
        }
        if (self.opts.entity_output == "as_input" || self.opts.entity_output == "as_char")
            && original.is_some()
        {
            return original.unwrap_or_default().to_string();
        }
        if self.opts.entity_output == "symbolic" || escapable {
            if let Some(n) = entity_name(cp) {
                return format!("&{n};");
            }
        }
        format!("&#{cp};")
    }

    fn named_entity_to_str(&self, name: &str) -> String {
        match entity_by_name(name) {
            Some(cp) => self.entity_to_str(cp, None),
            None => String::new(),
        }
    }

    pub fn convert_doc(&mut self) -> String {
        let Some(root) = self.doc.root.as_ref() else {
            return String::new();
        };
        let mut result = self.inner(root, -(INDENT as i64));
        let fc = self.footnote_content();
        if let Some(loc) = self.footnote_location.take() {
            result = result.replacen(&loc, &fc, 1);
        } else {
            result.push_str(&fc);
        }
        if let Some((t, attr, code)) = self.toc_code.take() {
            let tree = self.generate_toc_tree(t, &attr);
            let text = if !tree.children.is_empty() {
                self.convert(&tree, 0)
            } else {
                String::new()
            };
            result = result.replacen(&code, &text, 1);
        }
        result
    }

    fn inner(&mut self, el: &El, indent: i64) -> String {
        let mut result = String::new();
        let indent = indent + INDENT as i64;
        let refs =
            el.o.ial
                .as_ref()
                .map(|i| i.refs.clone())
                .unwrap_or_default();
        self.stack.push(Frame {
            t: el.t,
            cm: el.o.content_model,
            alignment: if el.t == T::Table {
                el.o.alignment.clone()
            } else {
                Vec::new()
            },
            refs,
        });
        for (i, c) in el.children.iter().enumerate() {
            self.idx = i;
            result.push_str(&self.convert(c, indent));
        }
        self.stack.pop();
        result
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

    fn convert(&mut self, el: &El, indent: i64) -> String {
        let ind = indent.max(0) as usize;
        match el.t {
            T::Blank => "\n".into(),
            T::Text => escape_html(&el.value, Esc::Text),
            T::P => {
                if el.o.transparent {
                    self.inner(el, indent)
                } else if el.children.len() == 1
                    && el.children[0].t == T::Img
                    && el.children[0]
                        .o
                        .ial
                        .as_ref()
                        .map(|i| i.refs.iter().any(|r| r == "standalone"))
                        .unwrap_or(false)
                {
                    self.convert_standalone_image(el, ind)
                } else {
                    let body = self.inner(el, indent);
                    block_html("p", &el.attr, &body, ind)
                }
            }
            T::Codeblock => self.convert_codeblock(el, ind),
            T::Blockquote => {
                let body = self.inner(el, indent);
                indented_block_html("blockquote", &el.attr, &body, ind)
            }
            T::Header => self.convert_header(el, indent),
            T::Hr => format!("{}<hr{} />\n", sp(ind), html_attributes(&el.attr)),
            T::Ul | T::Ol => self.convert_list(el, indent),
            T::Dl => {
                let body = self.inner(el, indent);
                indented_block_html("dl", &el.attr, &body, ind)
            }
            T::Li | T::Dd => {
                let name = if el.t == T::Li { "li" } else { "dd" };
                let mut out = format!("{}<{name}{}>", sp(ind), html_attributes(&el.attr));
                let res = self.inner(el, indent);
                let transparent_first = el
                    .children
                    .first()
                    .map(|f| f.t == T::P && f.o.transparent)
                    .unwrap_or(false);
                if el.children.is_empty() || transparent_first {
                    out.push_str(&res);
                    if ends_with_nl_z(&res) {
                        out.push_str(&sp(ind));
                    }
                } else {
                    out.push('\n');
                    out.push_str(&res);
                    out.push_str(&sp(ind));
                }
                out.push_str(&format!("</{name}>\n"));
                out
            }
            T::Dt => {
                let mut attr = el.attr.clone();
                if !attr.contains_key("id") {
                    if let Some(f) = self.parent(0) {
                        for r in &f.refs {
                            if let Some(rest) = r.strip_prefix("auto_ids") {
                                let pre = rest
                                    .strip_prefix('-')
                                    .filter(|_| rest.starts_with('-') && rest.len() > 1);
                                let prefix: String = pre
                                    .map(|p| {
                                        p.chars()
                                            .take_while(|c| {
                                                c.is_ascii_alphanumeric() || *c == '_' || *c == '-'
                                            })
                                            .collect()
                                    })
                                    .unwrap_or_default();
                                let id = format!("{prefix}{}", basic_generate_id(&el.o.raw_text));
                                attr.insert("id".into(), id.trim_start().to_string());
                                break;
                            }
                        }
                    }
                }
                let body = self.inner(el, indent);
                block_html("dt", &attr, &body, ind)
            }
            T::HtmlElement => self.convert_html_element(el, indent),
            T::XmlComment | T::XmlPi => {
                if !el.o.span && self.parent_not_raw() {
                    format!("{}{}\n", sp(ind), el.value)
                } else {
                    el.value.clone()
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
                let body = self.inner(el, indent);
                indented_block_html(name, &el.attr, &body, ind)
            }
            T::Td => {
                let idx = self.idx;
                let th = self.parent(1).map(|f| f.t == T::Thead).unwrap_or(false);
                let align = self
                    .parent(2)
                    .and_then(|f| f.alignment.get(idx).copied())
                    .unwrap_or(Align::Default);
                let res = self.inner(el, indent);
                let mut attr = el.attr.clone();
                let a = match align {
                    Align::Default => None,
                    Align::Left => Some("left"),
                    Align::Right => Some("right"),
                    Align::Center => Some("center"),
                };
                if let Some(a) = a {
                    let style = match attr.get("style") {
                        Some(s) => format!("{s}; text-align: {a}"),
                        None => format!("text-align: {a}"),
                    };
                    attr.insert("style".into(), style);
                }
                let body = if res.is_empty() {
                    self.named_entity_to_str("nbsp")
                } else {
                    res
                };
                block_html(if th { "th" } else { "td" }, &attr, &body, ind)
            }
            T::Comment => {
                if el.o.span {
                    format!("<!-- {} -->", el.value)
                } else {
                    format!("{}<!-- {} -->\n", sp(ind), el.value)
                }
            }
            T::Br => "<br />".into(),
            T::A => {
                let body = self.inner(el, indent);
                span_html("a", &el.attr, &body)
            }
            T::Img => format!("<img{} />", html_attributes(&el.attr)),
            T::Codespan => self.convert_codespan(el),
            T::Footnote => self.convert_footnote(el),
            T::Raw => {
                let ok = match &el.o.raw_type {
                    None => true,
                    Some(v) => v.is_empty() || v.iter().any(|t| t == "html"),
                };
                if ok {
                    if el.o.span {
                        el.value.clone()
                    } else {
                        format!("{}\n", el.value)
                    }
                } else {
                    String::new()
                }
            }
            T::Em | T::Strong => {
                let body = self.inner(el, indent);
                span_html(if el.t == T::Em { "em" } else { "strong" }, &el.attr, &body)
            }
            T::Entity => self.entity_to_str(el.o.code_point, el.o.original.as_deref()),
            T::TypographicSym => match el.value.as_str() {
                "laquo_space" => format!(
                    "{}{}",
                    self.named_entity_to_str("laquo"),
                    self.named_entity_to_str("nbsp")
                ),
                "raquo_space" => format!(
                    "{}{}",
                    self.named_entity_to_str("nbsp"),
                    self.named_entity_to_str("raquo")
                ),
                v => self.named_entity_to_str(v),
            },
            T::SmartQuote => {
                let i = match el.value.as_str() {
                    "lsquo" => 0,
                    "rsquo" => 1,
                    "ldquo" => 2,
                    _ => 3,
                };
                let q: Vec<&str> = self.opts.smart_quotes.split(',').map(str::trim).collect();
                let name = q.get(i).copied().unwrap_or("quot");
                match name.parse::<u32>() {
                    Ok(cp) => self.entity_to_str(cp, None),
                    Err(_) => self.named_entity_to_str(name),
                }
            }
            T::Math => self.convert_math(el, ind),
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
                span_html("abbr", &attr, &el.value)
            }
            T::Root | T::Temp => self.inner(el, indent),
            T::RawText | T::Eob => String::new(),
        }
    }

    fn convert_standalone_image(&mut self, el: &El, ind: usize) -> String {
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
        let body = format!(
            "{}<img{} />\n{}<figcaption>{}</figcaption>\n",
            sp(ind + INDENT),
            html_attributes(&image_attr),
            sp(ind + INDENT),
            alt
        );
        indented_block_html("figure", &figure_attr, &body, ind)
    }

    fn convert_header(&mut self, el: &El, indent: i64) -> String {
        let ind = indent.max(0) as usize;
        let mut attr = el.attr.clone();
        if self.opts.auto_ids && !attr.contains_key("id") {
            let id = self.generate_id(&el.o.raw_text);
            attr.insert("id".into(), id);
        }
        if let Some(id) = attr.get("id") {
            let no_toc = attr
                .get("class")
                .map(|c| c.split_ascii_whitespace().any(|x| x == "no_toc") || c.contains("no_toc"))
                .unwrap_or(false);
            if self.opts.toc_levels.contains(&el.o.level) && !no_toc {
                self.toc.push((el.o.level, id.clone(), el.children.clone()));
            }
        }
        let level = (el.o.level as i64 + self.opts.header_offset).clamp(1, 6);
        let body = self.inner(el, indent);
        block_html(&format!("h{level}"), &attr, &body, ind)
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

    fn convert_list(&mut self, el: &El, indent: i64) -> String {
        let ind = indent.max(0) as usize;
        let refs =
            el.o.ial
                .as_ref()
                .map(|i| i.refs.clone())
                .unwrap_or_default();
        if self.toc_code.is_none() && refs.iter().any(|r| r == "toc") {
            let code = placeholder(self.toc.len() + 1);
            self.toc_code = Some((el.t, el.attr.clone(), code.clone()));
            return code;
        }
        if self.footnote_location.is_none() && refs.iter().any(|r| r == "footnotes") {
            let code = placeholder(7_777);
            self.footnote_location = Some(code.clone());
            return code;
        }
        let body = self.inner(el, indent);
        indented_block_html(
            if el.t == T::Ul { "ul" } else { "ol" },
            &el.attr,
            &body,
            ind,
        )
    }

    fn convert_html_element(&mut self, el: &El, indent: i64) -> String {
        let ind = indent.max(0) as usize;
        let res = self.inner(el, indent);
        let name = &el.value;
        let no_body = HTML_ELEMENTS_WITHOUT_BODY.contains(&name.as_str());
        if el.o.span {
            let mut s = format!("<{name}{}", html_attributes(&el.attr));
            if res.is_empty() && no_body {
                s.push_str(" />");
            } else {
                s.push_str(&format!(">{res}</{name}>"));
            }
            return s;
        }
        let pnr = self.parent_not_raw();
        let mut out = String::new();
        if pnr {
            out.push_str(&sp(ind));
        }
        out.push_str(&format!("<{name}{}", html_attributes(&el.attr)));
        let cm = el.o.content_model;
        if el.o.is_closed && cm == Some(Cm::Raw) {
            out.push_str(" />");
        } else if !res.is_empty() && cm != Some(Cm::Block) {
            out.push_str(&format!(">{res}</{name}>"));
        } else if !res.is_empty() {
            let chomped = res.strip_suffix('\n').unwrap_or(&res);
            out.push_str(&format!(">\n{chomped}\n{}</{name}>", sp(ind)));
        } else if no_body {
            out.push_str(" />");
        } else {
            out.push_str(&format!("></{name}>"));
        }
        if pnr {
            out.push('\n');
        }
        out
    }

    fn convert_math(&mut self, el: &El, ind: usize) -> String {
        let value = escape_html(&el.value, Esc::All);
        if el.o.span {
            if el.attr.is_empty() {
                format!("\\({value}\\)")
            } else {
                span_html("span", &el.attr, &format!("${}$", el.value))
            }
        } else {
            let result = format!("\\[{value}\\]\n");
            if el.attr.is_empty() {
                result
            } else {
                block_html("div", &el.attr, &result, ind)
            }
        }
    }
}

fn placeholder(n: usize) -> String {
    format!("\u{1}kramdown-placeholder-{n}\u{1}")
}

fn ends_with_nl_z(s: &str) -> bool {
    s.ends_with('\n')
}

fn block_html(name: &str, attr: &Attr, body: &str, ind: usize) -> String {
    format!(
        "{}<{name}{}>{body}</{name}>\n",
        sp(ind),
        html_attributes(attr)
    )
}

fn indented_block_html(name: &str, attr: &Attr, body: &str, ind: usize) -> String {
    format!(
        "{}<{name}{}>\n{body}{}</{name}>\n",
        sp(ind),
        html_attributes(attr),
        sp(ind)
    )
}

fn span_html(name: &str, attr: &Attr, body: &str) -> String {
    format!("<{name}{}>{body}</{name}>", html_attributes(attr))
}

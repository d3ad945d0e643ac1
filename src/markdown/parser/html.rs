//! HTML in kramdown: block HTML tags (with `markdown="…"` content models),
//! raw HTML bodies, and span-level HTML tags.

use super::consts::*;
use super::{add_text, Doc, Parser, Sp, StopCheck, R};
use crate::markdown::element::{Attr, Cm, El, T};
use crate::utils::is_ruby_space as is_space;

pub(super) fn markdown_attr(v: Option<&str>) -> Option<Option<Cm>> {
    // Some(None) = "1" (default model)
    match v {
        Some("0") => Some(Some(Cm::Raw)),
        Some("1") => Some(None),
        Some("span") => Some(Some(Cm::Span)),
        Some("block") => Some(Some(Cm::Block)),
        _ => None,
    }
}

/// An ASCII name-start character of `UNAME` (`[[:alpha:]_]`).
fn name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

/// An ASCII name character of `UNAME` (`[-[:alnum:]._]`).
fn name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_')
}

/// `HTML_ATTRIBUTE_RE` scanned over `s` by hand: every (name, value) it
/// finds, in order, or `None` when a non-ASCII character outside a quoted
/// value would need the regexp's Unicode classes.
#[cfg(test)]
fn scan_html_attributes(s: &str) -> Option<Vec<(&str, &str)>> {
    let mut out = Vec::new();
    scan_html_attributes_each(s, |n, v| out.push((n, v)))?;
    Some(out)
}

/// [`scan_html_attributes`] handing each pair to `out` as it is found
/// (no list to allocate); on `None`, the pairs given so far are void.
pub(super) fn scan_html_attributes_each<'s>(
    s: &'s str,
    mut out: impl FnMut(&'s str, &'s str),
) -> Option<()> {
    let b = s.as_bytes();
    let mut p = 0;
    while p < b.len() {
        // the next name start (after optional whitespace)
        let c = b[p];
        if c >= 0x80 {
            return None;
        }
        if !name_start(c) {
            p += 1;
            continue;
        }
        // UNAME: `(?:A N*:)?A N*`
        let run = |at: usize| -> Option<usize> {
            let mut e = at;
            while e < b.len() && b[e] < 0x80 && name_char(b[e]) {
                e += 1;
            }
            if e < b.len() && b[e] >= 0x80 {
                return None;
            }
            Some(e)
        };
        let start = p;
        let mut end = run(p + 1)?;
        if b.get(end) == Some(&b':') {
            match b.get(end + 1) {
                Some(&n) if n >= 0x80 => return None,
                Some(&n) if name_start(n) => end = run(end + 2)?,
                _ => {}
            }
        }
        let name = &s[start..end];
        // `(?:\s*=\s*(?:(\p{Word}+)|"([^"]*)"|'([^']*)'))?`
        let mut value = "";
        let mut q = end;
        while q < b.len() && is_space(b[q]) {
            q += 1;
        }
        if b.get(q) == Some(&b'=') {
            q += 1;
            while q < b.len() && is_space(b[q]) {
                q += 1;
            }
            match b.get(q) {
                Some(&d @ (b'"' | b'\'')) => {
                    if let Some(close) = memchr::memchr(d, &b[q + 1..]) {
                        value = &s[q + 1..q + 1 + close];
                        end = q + 1 + close + 1;
                    }
                }
                Some(&w) if w >= 0x80 => return None,
                Some(&w) if w.is_ascii_alphanumeric() || w == b'_' => {
                    let mut e = q;
                    while e < b.len() && (b[e].is_ascii_alphanumeric() || b[e] == b'_') {
                        e += 1;
                    }
                    if e < b.len() && b[e] >= 0x80 {
                        return None;
                    }
                    value = &s[q..e];
                    end = e;
                }
                _ => {}
            }
        }
        out(name, value);
        p = end;
    }
    Some(())
}

impl Parser {
    /// `parse_html_attributes`.
    pub(super) fn parse_html_attributes(&self, s: &str, in_html_tag: bool) -> Attr {
        let mut attrs = Attr::new();
        let scanned = scan_html_attributes_each(s, |name, val| {
            // the scanned names are ASCII: lowercase only when needed
            let name = if in_html_tag && name.bytes().any(|b| b.is_ascii_uppercase()) {
                name.to_ascii_lowercase()
            } else {
                name.to_string()
            };
            attrs.insert(name, val.to_string());
        });
        if scanned.is_some() {
            return attrs;
        }
        let mut attrs = Attr::new();
        for c in HTML_ATTRIBUTE_RE.captures_all(s) {
            let grp = |i: usize| c.get(i).copied().flatten().map(|(a, b)| &s[a..b]);
            let Some(name) = grp(1) else { continue };
            let name = if in_html_tag {
                name.to_lowercase()
            } else {
                name.to_string()
            };
            let val = grp(2)
                .or_else(|| grp(4))
                .or_else(|| grp(6))
                .unwrap_or("")
                .to_string();
            attrs.insert(name, val);
        }
        attrs.shrink_to_fit();
        attrs
    }

    pub(super) fn parse_block_html(&mut self, tree: &mut El) -> R {
        if let Some(result) = self.src.scan(&HTML_COMMENT_RE) {
            tree.children.push(El::with_value(T::XmlComment, result));
            self.src.skip(&TRAILING_WHITESPACE);
            return R::Yes;
        }
        if self.src.check(&BLOCK_HTML_TAG) {
            let name = self.src.group(1).unwrap_or("").to_lowercase();
            if !HTML_SPAN_ELEMENTS.contains(&name.as_str()) {
                self.src.advance();
                let el = self.handle_html_start_tag(tree);
                tree.children.push(el);
                return R::Yes;
            }
            return R::No;
        }
        if self.src.check(&BLOCK_HTML_TAG_CLOSE) {
            let name = self.src.group(1).unwrap_or("").to_lowercase();
            if HTML_SPAN_ELEMENTS.contains(&name.as_str()) {
                return R::No;
            }
            if tree.t == T::HtmlElement && tree.value == name {
                self.src.advance();
                return R::Stop;
            }
        }
        R::No
    }

    /// `handle_html_start_tag` + `handle_kramdown_html_tag`; the scanner's
    /// last match is the start tag. Returns the element (not yet added).
    /// The name of the start tag just matched (lower-cased when it is an
    /// HTML element's) and whether it is an HTML element's.
    pub(super) fn start_tag_name(&self) -> (String, bool) {
        let name = self.src.group(1).unwrap_or_default();
        if !name.is_ascii() || name.bytes().any(|b| b.is_ascii_uppercase()) {
            let lower = name.to_lowercase();
            if is_html_element(&lower) {
                (lower, true)
            } else {
                (name.to_string(), false)
            }
        } else {
            (name.to_string(), is_html_element(name))
        }
    }

    pub(super) fn handle_html_start_tag(&mut self, parent: &El) -> El {
        let (name, known) = self.start_tag_name();
        let mut closed = self.src.group(4).is_some();
        // the attributes are read from the source in place (no copy)
        let attrs = self.parse_html_attributes(self.src.group(2).unwrap_or_default(), known);
        if !closed && HTML_ELEMENTS_WITHOUT_BODY.contains(&name.as_str()) {
            closed = true;
        }
        let raw_body = name == "script" || name == "style";
        let mut el = El::with_value(T::HtmlElement, name);
        el.attr = attrs;
        if raw_body {
            self.handle_raw_html_tag(&mut el);
            self.handle_kramdown_html_tag(parent, &mut el, false, false);
        } else {
            self.handle_kramdown_html_tag(parent, &mut el, closed, true);
        }
        el
    }

    fn handle_raw_html_tag(&mut self, el: &mut El) {
        let finder = self.raw_end_finder(&el.value);
        let text = if let Some((a, b)) = self.src.skip_until_start(&finder) {
            let text = self.src.s[a..b].to_string();
            self.src.skip(&HTML_TAG_CLOSE_RE);
            text
        } else {
            let rest = self.src.rest().to_string();
            self.src.terminate();
            rest
        };
        if !text.is_empty() {
            // a raw text without a category: no newline after it
            let mut raw = El::with_value(T::Raw, text);
            raw.o.span = true;
            el.children.push(raw);
        }
    }

    fn handle_kramdown_html_tag(
        &mut self,
        parent: &El,
        el: &mut El,
        closed: bool,
        handle_body: bool,
    ) {
        if let Some(ial) = self.block_ial.take() {
            el.o.ial = Some(ial);
        }
        let parent_raw = parent.t == T::HtmlElement && parent.o.content_model == Some(Cm::Raw);
        let mut cm = if !parent_raw {
            if self.opts.parse_block_html {
                content_model(&el.value)
            } else {
                Cm::Raw
            }
        } else {
            Cm::Raw
        };
        if let Some(v) = markdown_attr(el.attr.shift_remove("markdown").as_deref()) {
            cm = v.unwrap_or_else(|| content_model(&el.value));
        }
        if cm == Cm::Block {
            self.src.skip(&TRAILING_WHITESPACE);
        }
        el.o.content_model = Some(cm);
        el.o.is_closed = closed;
        if !closed && handle_body {
            match cm {
                Cm::Block => {
                    if !self.parse_blocks(el, None) {
                        self.warning(format!(
                            "Found no end tag for '{}' - auto-closing it",
                            el.value
                        ));
                    }
                }
                Cm::Span => {
                    let cur = self.src.pos;
                    let finder = self
                        .cache
                        .plain(&format!(r"(?i)</{}\s*>", regex::escape(&el.value)));
                    if self.src.skip_until_start(&finder).is_some() {
                        let tt = self.text_type;
                        add_text(el, &self.src.s[cur..self.src.pos], tt);
                        self.src.skip(&HTML_TAG_CLOSE_RE);
                    } else {
                        let rest = self.src.rest().to_string();
                        let tt = self.text_type;
                        add_text(el, &rest, tt);
                        self.src.terminate();
                    }
                }
                Cm::Raw => self.parse_raw_html(el),
            }
            if !parent_raw {
                self.src.skip(&TRAILING_WHITESPACE);
            }
        }
    }

    /// A page that lists every document is mostly HTML blocks (kramdown's
    /// default `parse_block_html: false` keeps their bodies as raw HTML):
    /// kept as trees until the end, they took seven times the page's size.
    /// A root-level HTML block whose whole body is raw and that has a
    /// sibling after it can no longer change (only an IAL on the very next
    /// line attaches to it, and the later passes leave raw HTML as it is),
    /// so it is converted now and kept as its HTML.
    pub(super) fn settle_raw_html(&mut self, root: &mut El) {
        let Some(i) = root.children.len().checked_sub(2) else {
            return;
        };
        if i < self.settled || !self.settle {
            return;
        }
        self.settled = i + 1;
        let el = &mut root.children[i];
        if el.t != T::HtmlElement || !all_raw(el) {
            return;
        }
        let doc = self.fragment_doc.get_or_insert_with(|| {
            // every field but the options written out: `Doc::default()`
            // would build default options only to drop them
            Box::new(Doc {
                root: None,
                footnotes: Default::default(),
                abbrev_defs: Default::default(),
                abbrev_attr: Default::default(),
                options: self.opts.clone(),
                warnings: Vec::new(),
                toc_ref: false,
                src_len: 0,
            })
        });
        let html = crate::markdown::convert::convert_root_child(doc, el);
        let mut raw = El::with_value(T::Raw, html);
        // the converted block ends its own line: nothing to add after it
        raw.o.span = true;
        *el = raw;
    }

    pub(super) fn parse_span_html(&mut self, tree: &mut El) {
        let tt = self.text_type;
        if let Some(c) = self.src.scan(&HTML_COMMENT_RE) {
            let mut el = El::with_value(T::XmlComment, c);
            el.o.span = true;
            tree.children.push(el);
        } else if let Some(r) = self.src.scan(&HTML_TAG_CLOSE_RE) {
            self.warning("Found invalidly used HTML closing tag".into());
            add_text(tree, &r, tt);
        } else if let Some(result) = self.src.scan(&HTML_TAG_RE) {
            let mut tag = self.src.group_s(1).unwrap_or_default();
            let lower = tag.to_lowercase();
            if is_html_element(&lower) {
                tag = lower;
            }
            if HTML_BLOCK_ELEMENTS.contains(&tag.as_str()) {
                self.warning(format!("Found block HTML tag '{tag}' in span-level text"));
                add_text(tree, &result, tt);
                return;
            }
            let self_closed = self.src.group(4).is_some();
            let attrs_src = self.src.group_s(2).unwrap_or_default();
            let mut attrs = self.parse_html_attributes(&attrs_src, is_html_element(&tag));
            for v in attrs.values_mut() {
                if !v.is_empty() && v.contains('\n') {
                    let mut out = String::with_capacity(v.len());
                    let mut prev_nl = false;
                    for ch in v.chars() {
                        if ch == '\n' {
                            if !prev_nl {
                                out.push(' ');
                            }
                            prev_nl = true;
                        } else {
                            prev_nl = false;
                            out.push(ch);
                        }
                    }
                    *v = out;
                }
            }
            let mut do_parsing =
                if content_model(&tag) == Cm::Raw || tree.o.content_model == Some(Cm::Raw) {
                    false
                } else {
                    self.opts.parse_span_html
                };
            match attrs.shift_remove("markdown").as_deref() {
                Some("block") => {
                    self.warning("Cannot use block-level parsing in span-level HTML tag".into())
                }
                Some("span") => do_parsing = true,
                Some("1") => do_parsing = content_model(&tag) != Cm::Raw,
                Some("0") => do_parsing = false,
                _ => {}
            }
            let mut el = El::with_value(T::HtmlElement, tag.clone());
            el.attr = attrs;
            el.o.span = true;
            el.o.content_model = Some(if do_parsing { Cm::Span } else { Cm::Raw });
            el.o.is_closed = self_closed;
            if !self_closed && !HTML_ELEMENTS_WITHOUT_BODY.contains(&tag.as_str()) {
                let esc = regex::escape(&tag);
                let ci = if is_html_element(&tag) { "(?i)" } else { "" };
                let ruby = format!(r"{ci}<\/{esc}\s*>");
                let plain = format!(r"{ci}</{esc}\s*>");
                let parsers: Option<&[Sp]> = if do_parsing {
                    None
                } else {
                    Some(&[Sp::SpanHtml])
                };
                if self.parse_spans(
                    &mut el,
                    Some((&ruby, &plain)),
                    parsers,
                    tt,
                    &mut StopCheck::Always,
                ) {
                    let re = self.stop_re(&ruby);
                    self.src.skip(&re);
                } else {
                    self.warning(format!("Found no end tag for '{tag}' - auto-closing it"));
                    let rest = self.src.rest().to_string();
                    add_text(&mut el, &rest, tt);
                    self.src.terminate();
                }
            }
            tree.children.push(el);
        } else {
            let c = self.src.getch();
            add_text(tree, &c, tt);
        }
    }
}

/// An HTML element whose body is raw HTML all the way down (no IAL, no
/// `markdown` attribute that turned Markdown parsing back on inside).
fn all_raw(el: &El) -> bool {
    let mut todo = vec![el];
    while let Some(e) = todo.pop() {
        if e.o.content_model != Some(Cm::Raw) || e.o.ial.is_some() {
            return false;
        }
        for c in &e.children {
            match c.t {
                T::Text | T::Raw | T::XmlComment | T::XmlPi => {}
                T::HtmlElement => todo.push(c),
                _ => return false,
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Converting root HTML blocks early changes nothing: random documents
    /// of HTML blocks mixed with what could still reach them (IALs before
    /// and after, `markdown` attributes, ALDs, abbreviations, comments,
    /// unclosed tags, nomarkdown, lists, code) convert the same either way,
    /// with HTML blocks parsed raw (Jekyll's default) and as Markdown.
    #[test]
    fn settled_html_blocks_convert_as_the_tree_would() {
        const PARTS: &[&str] = &[
            "<div class=\"a\" id='x'>\n<p>x & y &amp; <b>z</b></p>\n</div>\n",
            "{: .c #d}\n",
            "{:.e}\n",
            "{:ref}\n",
            "{:ref: .from-ald title=\"t\"}\n",
            "\n",
            "\n\n",
            "<div markdown=\"1\">\n*em* HTML\n</div>\n",
            "<div><p markdown=\"span\">*a*</p></div>\n",
            "<div><section markdown=\"block\">\n# h\n</section></div>\n",
            "<!-- a comment -->\n",
            "<?php echo 1; ?>\n",
            "para *x* HTML\n",
            "<script>if (a<b && c) {}</script>\n",
            "<style>p > a { x: 'y' }</style>\n",
            "<span>span-level</span>\n",
            "[l]: http://x \"t\"\n",
            "*[HTML]: Hyper Text\n",
            "<br/>\n",
            "<img src=\"x.png\" alt=\"\">\n",
            "<div><div>nested <em>deep</em></div>\n</div>\n",
            "<pre>\n  code  \n</pre>\n",
            "    indented code\n",
            "* item\n* item 2\n",
            "<div>\nunclosed\n",
            "</div>\n",
            "{::nomarkdown}\n<b>x</b>\n{:/}\n",
            "<table><tr><td>1</td></tr></table>\n",
            "  <div>indented</div>\n",
            "<div>\n\n<p>blank inside</p>\n\n</div>\n",
            "<DIV CLASS=up>Upper</DIV>\n",
            "<div title=\"HTML\">HTML in raw HTML, \"quoted\" -- ...</div>\n",
            "<custom-el a=b>text</custom-el>\n",
            "<div/>\n",
            "text[^1]\n\n[^1]: note <div>x</div>\n",
            "# Header {#hid}\n",
            "<p>a\\\nb</p>\n",
        ];
        let mut next = super::super::same_either_way::picker(0x2545_F491_4F6C_DD1D);
        let sets = super::super::same_either_way::option_sets();
        let html = |opts, src: &str, shortcut: bool| {
            super::super::same_either_way::to_html(opts, src, |p| p.settle = shortcut)
        };
        let mut settled = 0;
        for i in 0..20_000 {
            let mut src = String::new();
            for _ in 0..1 + next(8) {
                src.push_str(PARTS[next(PARTS.len())]);
            }
            let opts = &sets[i % 3];
            let want = html(opts, &src, false);
            assert_eq!(html(opts, &src, true), want, "on {src:?}");
            settled += usize::from(want.contains("<div class=\"a\""));
        }
        assert!(settled > 1_000);
    }

    /// The hand scanner finds what `HTML_ATTRIBUTE_RE` finds, on every short
    /// string over the characters it looks at (or declines).
    #[test]
    fn scan_html_attributes_equals_regexp() {
        let alphabet = [
            ' ', 'a', '=', '"', '\'', ':', '-', '1', '\n', 'é', '_', '.', '>', 'Z',
        ];
        let mut checked = 0;
        for s in &crate::markdown::test_strings::all_strings(&alphabet, 6) {
            let Some(got) = scan_html_attributes(s) else {
                continue;
            };
            checked += 1;
            let want: Vec<(&str, &str)> = HTML_ATTRIBUTE_RE
                .captures_all(s)
                .iter()
                .map(|c| {
                    let g = |i: usize| c[i].map(|(x, y)| &s[x..y]);
                    (
                        g(1).unwrap_or_default(),
                        g(2).or(g(4)).or(g(6)).unwrap_or_default(),
                    )
                })
                .collect();
            assert_eq!(got, want, "on {s:?}");
        }
        assert!(checked > 1_000_000);
    }

    /// Random longer inputs: the scanner agrees with the regexp.
    #[test]
    fn scan_html_attributes_random() {
        let alphabet: Vec<char> = " a=\"':-1\n_.>Zbx\t/".chars().collect();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let mut s = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 40) as usize;
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            let got = scan_html_attributes(&s).expect("ASCII input");
            let want: Vec<(&str, &str)> = HTML_ATTRIBUTE_RE
                .captures_all(&s)
                .iter()
                .map(|c| {
                    let g = |i: usize| c[i].map(|(x, y)| &s[x..y]);
                    (
                        g(1).unwrap_or_default(),
                        g(2).or(g(4)).or(g(6)).unwrap_or_default(),
                    )
                })
                .collect();
            assert_eq!(got, want, "on {s:?}");
        }
    }
}

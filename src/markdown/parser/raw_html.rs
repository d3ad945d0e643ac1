//! The body of an HTML element whose content is raw (kramdown's default
//! `parse_block_html: false`): `parse_raw_html`.
//!
//! kramdown keeps such a body as a tree of elements and text that its
//! converter writes back out. Inside a raw element, a nested element whose
//! own content is raw converts the same wherever it is (no indentation, no
//! newline, nothing later passes change), so it is written as its HTML
//! while it is parsed, into one raw text of the parent, instead of being
//! built as nodes and converted and freed later: a page that lists every
//! document is mostly that (a third of its instructions went to building
//! and dropping the nodes). A nested element that has to be a node (a
//! `markdown` attribute that turns parsing back on) is found only once its
//! ancestors are partly written: the outermost of them is then parsed
//! again as nodes, and nothing before that element is written ahead again
//! (`Scanner::raw_tree_until`), so the work stays linear.

use super::consts::*;
use super::html::{markdown_attr, scan_html_attributes_each};
use super::Parser;
use crate::markdown::convert::{escape_html_into, write_attribute, write_attributes, Esc};
use crate::markdown::element::{Cm, El, T};

const UNAME_PLAIN_START: &str = r"<(?:[\p{Alphabetic}_]|/|!--|\?)";

/// Attributes written straight from the source, at most (more go through
/// an attribute list).
const DIRECT_ATTRS: usize = 8;

/// A start tag's attributes as `parse_html_attributes` reads them (a
/// repeated name keeps its first place and takes the last value), as
/// slices of the source: `None` when there are more than `list` holds, a
/// name to lower-case (`lower`, an HTML element's) or a character the
/// hand scanner declines.
fn direct_attrs<'s>(
    s: &'s str,
    lower: bool,
    list: &mut [(&'s str, &'s str); DIRECT_ATTRS],
) -> Option<usize> {
    let mut n = 0;
    let mut fits = true;
    scan_html_attributes_each(s, |k, v| {
        if !fits {
            return;
        }
        if lower && k.bytes().any(|b| b.is_ascii_uppercase()) {
            fits = false;
        } else if let Some(e) = list[..n].iter_mut().find(|(a, _)| *a == k) {
            e.1 = v;
        } else if n < DIRECT_ATTRS {
            list[n] = (k, v);
            n += 1;
        } else {
            fits = false;
        }
    })?;
    fits.then_some(n)
}

/// A nested element starting at this position has to be a node.
pub(super) struct NeedsTree(usize);

/// Where the body goes: the element's children (each nested element
/// written ahead when it can be), or HTML text only (inside an element
/// being written ahead).
enum Sink<'a> {
    Tree(&'a mut El),
    Html,
}

/// The HTML written so far as the last child of `el` (a raw text with no
/// newline after it, as the converter writes a nested raw element).
fn flush(el: &mut El, buf: &mut String) {
    if !buf.is_empty() {
        let mut raw = El::with_value(T::Raw, std::mem::take(buf));
        raw.o.span = true;
        el.children.push(raw);
    }
}

impl Parser {
    /// `parse_raw_html`: the body of `el`, a raw-content element, nested
    /// tags kept as elements (or written ahead), text as plain text.
    pub(super) fn parse_raw_html(&mut self, el: &mut El) {
        let name = std::mem::take(&mut el.value);
        let mut buf = String::new();
        // `Sink::Tree` never gives up: every nested element can be a node
        let _ = self.raw_html_body(&name, Sink::Tree(&mut *el), &mut buf);
        el.value = name;
        flush(el, &mut buf);
    }

    /// The loop of `parse_raw_html`, up to the end tag of `name`: text
    /// escaped as the converter escapes it into `buf`, nested elements
    /// into `buf` or (only with a tree sink) `el`'s children. Gives up
    /// with a HTML sink at an element that must be a node.
    fn raw_html_body(
        &mut self,
        name: &str,
        mut sink: Sink,
        buf: &mut String,
    ) -> Result<(), NeedsTree> {
        if !self.guard.enter() {
            return Ok(());
        }
        let r = self.raw_html_loop(name, &mut sink, buf);
        self.guard.leave();
        r
    }

    fn raw_html_loop(
        &mut self,
        name: &str,
        sink: &mut Sink,
        buf: &mut String,
    ) -> Result<(), NeedsTree> {
        let finder = self.cache.plain(UNAME_PLAIN_START);
        let mut done = false;
        while !self.src.eos() && !done && self.guard.spend_scan(0) {
            let next = {
                let rest = self.src.rest();
                match crate::markdown::fast::raw_html_start(rest.as_bytes()) {
                    Ok(x) => x,
                    Err(i) => finder.find(&rest[i..]).map(|m| i + m.start()),
                }
            };
            let Some(off) = next else {
                escape_html_into(buf, self.src.rest(), Esc::Text);
                self.src.terminate();
                break;
            };
            let (a, b) = self.src.jump(off);
            escape_html_into(buf, &self.src.s[a..b], Esc::Text);
            // each pattern needs its own second character (`!`, `?`, `/`,
            // else a name): only the one that can match is tried
            let at = self.src.pos;
            let (comment, pi, close) = match self.src.s.as_bytes().get(at + 1) {
                Some(b'!') => (true, false, false),
                Some(b'?') => (false, true, false),
                Some(b'/') => (false, false, true),
                _ => (false, false, false),
            };
            let open = !(comment || pi || close);
            if let Some((x, y)) = comment
                .then(|| self.src.scan_range(&HTML_COMMENT_RE))
                .flatten()
            {
                buf.push_str(&self.src.s[x..y]);
            } else if let Some((x, y)) = pi
                .then(|| self.src.scan_range(&HTML_INSTRUCTION_RE))
                .flatten()
            {
                buf.push_str(&self.src.s[x..y]);
            } else if open && self.src.skip(&HTML_TAG_RE) {
                self.raw_html_child(at, sink, buf)?;
            } else if close && self.src.skip(&HTML_TAG_CLOSE_RE) {
                let g1 = self.src.group(1).unwrap_or("");
                let same = if is_html_element(name) {
                    // `name` is a lower-case ASCII name: an ASCII `g1`
                    // lower-cases to it only byte by byte
                    if g1.is_ascii() {
                        g1.eq_ignore_ascii_case(name)
                    } else {
                        g1.to_lowercase() == name
                    }
                } else {
                    g1 == name
                };
                if same {
                    done = true;
                } else {
                    escape_html_into(buf, self.src.matched(), Esc::Text);
                }
            } else {
                // one character (`<`) as text
                let c = self.src.getch();
                escape_html_into(buf, &c, Esc::Text);
            }
        }
        Ok(())
    }

    /// The start tag just matched at `at`, in a raw body: written ahead
    /// when it can be, else a node of the tree sink (or given up).
    fn raw_html_child(
        &mut self,
        at: usize,
        sink: &mut Sink,
        buf: &mut String,
    ) -> Result<(), NeedsTree> {
        if self.stream_raw && at >= self.src.raw_tree_until {
            let mark = buf.len();
            let spent = self.guard.rescan_spent();
            let tree = match self.write_raw_child(at, buf) {
                Ok(()) => return Ok(()),
                Err(e) => e,
            };
            let Sink::Tree(_) = sink else {
                return Err(tree);
            };
            // parse this child again as nodes, from its start tag, as if
            // it had never been written ahead
            let NeedsTree(from) = tree;
            self.src.raw_tree_until = self.src.raw_tree_until.max(from + 1);
            buf.truncate(mark);
            self.guard.set_rescan_spent(spent);
            self.src.pos = at;
            if !self.src.skip(&HTML_TAG_RE) {
                // it matched here a moment ago: cannot happen
                return Ok(());
            }
        }
        match sink {
            Sink::Tree(el) => {
                flush(el, buf);
                let child = self.handle_html_start_tag(el);
                el.children.push(child);
                Ok(())
            }
            Sink::Html => Err(NeedsTree(at)),
        }
    }

    /// `handle_html_start_tag` of a child of a raw element, converted as
    /// it is parsed into `buf`: what `convert_html_element` writes for a
    /// raw element in a raw parent. Gives up (having moved on) when the
    /// element must be a node: a `markdown` attribute asks for another
    /// content model, or an IAL waits for it.
    fn write_raw_child(&mut self, at: usize, buf: &mut String) -> Result<(), NeedsTree> {
        let (name, known) = self.start_tag_name();
        let closed =
            self.src.group(4).is_some() || HTML_ELEMENTS_WITHOUT_BODY.contains(&name.as_str());
        // `handle_kramdown_html_tag` with a raw parent: raw unless its
        // `markdown` attribute says otherwise
        let raw = |markdown: Option<&str>| match markdown_attr(markdown) {
            Some(v) => v.unwrap_or_else(|| content_model(&name)) == Cm::Raw,
            None => true,
        };
        let attrs_src = self.src.group(2).unwrap_or_default();
        let mut list = [("", ""); DIRECT_ATTRS];
        match direct_attrs(attrs_src, known, &mut list) {
            Some(n) => {
                let list = &list[..n];
                let markdown = list.iter().find(|(k, _)| *k == "markdown").map(|(_, v)| *v);
                if !raw(markdown) || self.block_ial.is_some() {
                    return Err(NeedsTree(at));
                }
                buf.push('<');
                buf.push_str(&name);
                for (k, v) in list.iter().filter(|(k, _)| *k != "markdown") {
                    write_attribute(buf, k, v);
                }
            }
            None => {
                let mut attrs = self.parse_html_attributes(attrs_src, known);
                if !raw(attrs.shift_remove("markdown").as_deref()) || self.block_ial.is_some() {
                    return Err(NeedsTree(at));
                }
                buf.push('<');
                buf.push_str(&name);
                write_attributes(buf, &attrs);
            }
        }
        let p = buf.len();
        buf.push('>');
        let start = buf.len();
        // `script` and `style` bodies are raw text, whatever their tag says
        let raw_body = name == "script" || name == "style";
        if raw_body {
            self.raw_text_body(&name, buf);
        } else if !closed {
            self.raw_html_body(&name, Sink::Html, buf)?;
        }
        let empty = buf.len() == start;
        if (closed && !raw_body) || (empty && HTML_ELEMENTS_WITHOUT_BODY.contains(&name.as_str())) {
            buf.truncate(p);
            buf.push_str(" />");
        } else {
            buf.push_str("</");
            buf.push_str(&name);
            buf.push('>');
        }
        Ok(())
    }

    /// `handle_raw_html_tag`'s text (a `script` or `style` body) into `buf`.
    fn raw_text_body(&mut self, name: &str, buf: &mut String) {
        let finder = self.raw_end_finder(name);
        if let Some((a, b)) = self.src.skip_until_start(&finder) {
            buf.push_str(&self.src.s[a..b]);
            self.src.skip(&HTML_TAG_CLOSE_RE);
        } else {
            buf.push_str(self.src.rest());
            self.src.terminate();
        }
    }

    /// The end tag of a `script` or `style` body.
    pub(super) fn raw_end_finder(&mut self, name: &str) -> std::sync::Arc<regex::Regex> {
        // no regexp metacharacters to escape in these names
        self.cache.plain(if name == "script" {
            r"(?i)</script\s*>"
        } else {
            r"(?i)</style\s*>"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writing raw HTML ahead changes nothing: random documents of HTML
    /// blocks with nested elements of every kind (some that must be nodes,
    /// deep down) convert the same with and without it, with raw HTML
    /// blocks (Jekyll's default), parsed ones and hard wraps.
    #[test]
    fn written_ahead_converts_as_the_tree_would() {
        const PARTS: &[&str] = &[
            "<div class=\"a\" id='x'>",
            "</div>",
            "<DIV CLASS=up TITLE='T'>",
            "</DIV>",
            "<p>",
            "</p>",
            "<span a=b>x</span>",
            "<p markdown=\"1\">*em* x</p>",
            "<div markdown=\"block\">\n# h\n</div>",
            "<em markdown=\"span\">*a*</em>",
            "<b markdown=\"0\">*b*</b>",
            "<i markdown=\"x\">i</i>",
            "<script>if (a<b && c) {}</script>",
            "<SCRIPT src=x />",
            "<style markdown=\"1\">p > a { }</style>",
            "<style>\n</style>",
            "<br>",
            "<br/>",
            "<img src=\"x.png\" alt=\"\">",
            "<hr />",
            "<span></span>",
            "<div id=\"\"></div>",
            "<div id=' '>",
            "<a href=\"?a=1&b=2\" title='say \"hi\"' a=b a=c>",
            "<custom-el x:y=z>",
            "</custom-el>",
            "<dïv é=1>",
            "</dïv>",
            "<!-- a comment -->",
            "<!-- unclosed",
            "<?php echo 1; ?>",
            "<!doctype>",
            "x & y &amp; &#38; &x",
            " < > ",
            "</span>",
            "</ >",
            "\n",
            "\n\n",
            "  \n",
            "{: .c}\n",
            "text *x*",
        ];
        let mut next = super::super::same_either_way::picker(0x1234_5678_9ABC_DEF1);
        let sets = super::super::same_either_way::option_sets();
        let html = |opts, src: &str, shortcut: bool| {
            super::super::same_either_way::to_html(opts, src, |p| p.stream_raw = shortcut)
        };
        for i in 0..20_000 {
            let mut src = String::new();
            for _ in 0..1 + next(4) {
                // an HTML block: a start tag, then anything
                src.push_str(["<div>", "<section a=1>", "<p>", "<dïv>"][next(4)]);
                for _ in 0..next(12) {
                    src.push_str(PARTS[next(PARTS.len())]);
                }
                src.push_str(["</div>\n", "\n\n", "\n", ""][next(4)]);
            }
            let opts = &sets[i % 3];
            let want = html(opts, &src, false);
            assert_eq!(html(opts, &src, true), want, "on {src:?}");
        }
    }

    /// An element that must be a node deep inside raw elements: every
    /// level is parsed at most twice.
    #[test]
    fn deep_node_is_linear() {
        let depth = 400;
        let mut src = "<div>".repeat(depth);
        src.push_str("<p markdown=\"1\">*x*</p>");
        src.push_str(&"</div>".repeat(depth));
        src.push('\n');
        let opts = crate::markdown::Options::default();
        let p = Parser::new(&opts);
        let doc = p.parse(&src).expect("within the nesting limit");
        let got = crate::markdown::convert::Converter::new(&doc).convert_doc();
        let mut q = Parser::new(&opts);
        q.stream_raw = false;
        let doc = q.parse(&src).expect("within the nesting limit");
        assert_eq!(
            got,
            crate::markdown::convert::Converter::new(&doc).convert_doc()
        );
        assert!(got.contains("<em>x</em>"));
    }
}

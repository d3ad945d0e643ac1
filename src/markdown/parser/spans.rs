//! kramdown's span parsers: emphasis, code spans, autolinks, footnote
//! markers, links and images, smart quotes, math, span IALs/extensions,
//! entities, typographic symbols, line breaks, escapes and GFM strikethrough.

use super::blocks::{normalize_link_id, strip};
use super::consts::*;
use super::{add_text, Parser, Sp, StopCheck};
use crate::lazy_re;
use crate::markdown::element::{Attr, El, Ial, T};
use crate::markdown::entities;
use crate::markdown::scanner::{Fast, LazyRe};

static ALPHA_BEFORE: LazyRe = lazy_re!(r"[[:alpha:]]-?[[:alpha:]]*\z");
static OPEN_PAREN: LazyRe = lazy_re!(r"\(", "", fast Fast::Literals(&["("]));
static CLOSE_PAREN: LazyRe = lazy_re!(r"\)", "", fast Fast::Literals(&[")"]));
static ANGLE_URL: LazyRe = lazy_re!(r"\(<(.*?)>", "", fast Fast::AngleUrl);
static LINK_BRACKET_STOP: LazyRe = lazy_re!(LINK_BRACKET_STOP_S);

/// The first `(`, `)` or whitespace-before-quote in `s` (what
/// `LINK_PAREN_STOP_RE` finds): its byte offset and `(`, `)` or `s`.
fn paren_stop(s: &str) -> Option<(usize, u8)> {
    let b = s.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'(' | b')' => return Some((i, c)),
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C
                if matches!(b.get(i + 1), Some(b'"' | b'\'')) =>
            {
                return Some((i, b's'))
            }
            _ => {}
        }
    }
    None
}

/// Ruby's `\s`: an ASCII space, tab, newline, return, vertical tab or form feed.
fn ruby_space(b: Option<&u8>) -> bool {
    matches!(b, Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C))
}

/// Ruby `@src.check(/\s/)`.
fn next_is_ws(rest: &str) -> bool {
    ruby_space(rest.as_bytes().first())
}

/// kramdown's `/\s\Z|\A\Z/` on the text before a backtick: empty, or
/// ending in an ASCII space (`\Z` may stand before a final newline, which
/// is a space itself). Matched by hand: the regexp would run over all the
/// text before every backtick, quadratic in a paragraph of them.
fn ws_end_or_empty(pre: &str) -> bool {
    pre.is_empty() || ruby_space(pre.as_bytes().last())
}

/// Look up an entity by name: (code point, name).
pub fn entity_by_name(name: &str) -> Option<u32> {
    entities::BY_NAME
        .binary_search_by(|(n, _)| n.cmp(&name))
        .ok()
        .map(|i| entities::BY_NAME[i].1)
}

/// kramdown's name for a code point, if it has one.
pub fn entity_name(cp: u32) -> Option<&'static str> {
    entities::BY_CODE
        .binary_search_by(|(c, _)| c.cmp(&cp))
        .ok()
        .map(|i| entities::BY_CODE[i].1)
}

fn entity_el(cp: u32, original: Option<String>) -> El {
    let mut el = El::new(T::Entity);
    el.o.code_point = cp;
    el.value = entity_name(cp).unwrap_or("").to_string();
    el.o.original = original;
    el
}

impl Parser {
    pub(super) fn span_try(&mut self, p: Sp, tree: &mut El) -> bool {
        let re: &LazyRe = match p {
            Sp::Emphasis => &EMPHASIS_START,
            Sp::Codespan => &CODESPAN_DELIMITER,
            Sp::Autolink => &AUTOLINK_START,
            Sp::SpanHtml => &HTML_SPAN_START,
            Sp::FootnoteMarker => &FOOTNOTE_MARKER_START,
            Sp::Link => &LINK_START,
            Sp::SmartQuotes => &SMART_QUOTES_RE,
            Sp::InlineMath => &INLINE_MATH_START,
            Sp::SpanExtensions => &SPAN_EXTENSIONS_START,
            Sp::HtmlEntity => &HTML_ENTITY_RE,
            Sp::TypographicSyms => &TYPOGRAPHIC_SYMS_RE,
            Sp::LineBreak => &LINE_BREAK,
            Sp::EscapedChars => &ESCAPED_CHARS_GFM,
            Sp::Strikethrough => &STRIKETHROUGH_MATCH,
        };
        let mut chars = self.src.rest().chars();
        let c = chars.next().unwrap_or('\0');
        let possible = match p {
            Sp::Emphasis => c == '*' || c == '_',
            Sp::Codespan => c == '`',
            Sp::Autolink | Sp::SpanHtml => c == '<',
            Sp::FootnoteMarker => c == '[',
            Sp::Link => c == '[' || c == '!',
            Sp::SmartQuotes => c == '"' || c == '\'' || matches!(chars.next(), Some('"' | '\'')),
            Sp::InlineMath => c == '$',
            Sp::SpanExtensions => c == '{',
            Sp::HtmlEntity => c == '&',
            Sp::TypographicSyms => matches!(c, '-' | '.' | '\\' | '<' | '>' | ' '),
            Sp::LineBreak => c == ' ' || c == '\\',
            Sp::EscapedChars => c == '\\',
            Sp::Strikethrough => c == '~',
        };
        if !possible || !self.src.check(re) {
            return false;
        }
        match p {
            Sp::Emphasis => self.parse_emphasis(tree),
            Sp::Codespan => self.parse_codespan(tree),
            Sp::Autolink => self.parse_autolink(tree),
            Sp::SpanHtml => self.parse_span_html(tree),
            Sp::FootnoteMarker => self.parse_footnote_marker(tree),
            Sp::Link => self.parse_link(tree),
            Sp::SmartQuotes => self.parse_smart_quotes(tree),
            Sp::InlineMath => self.parse_inline_math(tree),
            Sp::SpanExtensions => self.parse_span_extensions(tree),
            Sp::HtmlEntity => self.parse_html_entity(tree),
            Sp::TypographicSyms => self.parse_typographic_syms(tree),
            Sp::LineBreak => {
                tree.children.push(El::new(T::Br));
                self.src.advance();
            }
            Sp::EscapedChars => {
                self.src.advance();
                let c = self.src.group_s(1).unwrap_or_default();
                let tt = self.text_type;
                add_text(tree, &c, tt);
            }
            Sp::Strikethrough => self.parse_strikethrough(tree),
        }
        true
    }

    fn txt(&self, tree: &mut El, s: &str) {
        add_text(tree, s, self.text_type);
    }

    fn parse_emphasis(&mut self, tree: &mut El) {
        let saved = self.src.pos;
        let result = self.src.scan(&EMPHASIS_START).unwrap_or_default();
        let strong = result.len() == 2;
        let element = if strong { T::Strong } else { T::Em };
        let underscore = result.starts_with('_');
        let alpha_before = underscore && ALPHA_BEFORE.is_match(self.src.pre_match());
        if alpha_before || next_is_ws(self.src.rest()) || self.in_span(element) {
            self.txt(tree, &result);
            return;
        }
        let delim_of = |s: &str| -> &'static str {
            match s {
                "**" => "**",
                "*" => "*",
                "__" => "__",
                _ => "_",
            }
        };
        let sub_parse = |p: &mut Parser, delim: &'static str, elem: T| -> (bool, El) {
            let mut el = El::new(elem);
            let stop = regex::escape(delim);
            let mut check = StopCheck::Emphasis {
                delim,
                em: elem == T::Em,
                underscore,
            };
            let found = p.parse_spans(&mut el, Some((&stop, &stop)), None, p.text_type, &mut check);
            (found, el)
        };
        let (mut found, mut el) = sub_parse(self, delim_of(&result), element);
        let mut delim = delim_of(&result);
        if !found && element == T::Strong && tree.t != T::Em {
            self.src.pos = saved + 1;
            delim = if underscore { "_" } else { "*" };
            let r = sub_parse(self, delim, T::Em);
            found = r.0;
            el = r.1;
        }
        if found {
            self.src.pos += delim.len();
            tree.children.push(el);
        } else {
            self.src.pos = saved + result.len();
            self.txt(tree, &result);
        }
    }

    fn parse_codespan(&mut self, tree: &mut El) {
        let result = self.src.scan(&CODESPAN_DELIMITER).unwrap_or_default();
        let simple = result.len() == 1;
        let saved = self.src.pos;
        if simple && next_is_ws(self.src.rest()) && ws_end_or_empty(self.src.pre_match()) {
            self.txt(tree, &result);
            return;
        }
        match self.src.rest().find(&result) {
            Some(i) => {
                let mut text = self.src.rest()[..i].to_string();
                self.src.pos += i + result.len();
                if !simple {
                    if text.starts_with(' ') {
                        text.remove(0);
                    }
                    if text.ends_with(' ') {
                        text.pop();
                    }
                }
                tree.children.push(El::with_value(T::Codespan, text));
            }
            None => {
                self.src.pos = saved;
                self.txt(tree, &result);
            }
        }
    }

    fn parse_autolink(&mut self, tree: &mut El) {
        self.src.advance();
        let g1 = self.src.group_s(1).unwrap_or_default();
        let href = if self.src.group(2).is_none() {
            format!("mailto:{g1}")
        } else {
            g1.clone()
        };
        let mut el = El::new(T::A);
        el.attr.insert("href".into(), href);
        let text = g1.strip_prefix("mailto:").unwrap_or(&g1).to_string();
        self.txt(&mut el, &text);
        tree.children.push(el);
    }

    fn parse_footnote_marker(&mut self, tree: &mut El) {
        self.src.advance();
        let name = self.src.group_s(1).unwrap_or_default();
        if let Some(fd) = self.footnotes.get_mut(&name) {
            fd.marker = true;
            let mut el = El::new(T::Footnote);
            el.o.name = name;
            tree.children.push(el);
        } else {
            self.warning(format!("Footnote definition for '{name}' not found"));
            let m = self.src.matched().to_string();
            self.txt(tree, &m);
        }
    }

    fn add_link(
        &mut self,
        tree: &mut El,
        mut el: El,
        href: String,
        title: Option<String>,
        alt: &str,
        ial: Option<Ial>,
    ) {
        if let Some(ial) = &ial {
            let mut attr: Attr = std::mem::take(&mut el.attr);
            self.update_attr_with_ial(&mut attr, ial);
            el.attr = attr;
        }
        el.o.ial = ial;
        if el.t == T::A {
            el.attr.insert("href".into(), href);
        } else {
            el.attr.insert("src".into(), href);
            el.attr.insert("alt".into(), alt.to_string());
            el.children.clear();
        }
        if let Some(t) = title {
            el.attr.insert("title".into(), t);
        }
        tree.children.push(el);
    }

    fn parse_link(&mut self, tree: &mut El) {
        let result = self.src.scan(&LINK_START).unwrap_or_default();
        let cur_pos = self.src.pos;
        let saved = self.src.pos;
        let is_img = result.starts_with('!');
        if !is_img && (self.in_span(T::A) || self.in_span(T::Img)) {
            self.txt(tree, &result);
            return;
        }
        let mut el = El::new(if is_img { T::Img } else { T::A });
        let mut check = StopCheck::Link {
            count: 1,
            imgs: 0,
            seen: 0,
        };
        let found = self.parse_spans(
            &mut el,
            Some((LINK_BRACKET_STOP_S, r"\]|!?\[")),
            None,
            self.text_type,
            &mut check,
        );
        if !found {
            self.src.pos = saved;
            self.txt(tree, &result);
            return;
        }
        let alt_text = crate::markdown::fast::unescape_chars(&self.src.s[cur_pos..self.src.pos]);
        self.src.skip(&LINK_BRACKET_STOP);

        let id_scanned = self.src.skip(&LINK_INLINE_ID_RE);
        if id_scanned || !self.src.check(&OPEN_PAREN) {
            let g1 = if id_scanned {
                self.src.group_s(1)
            } else {
                None
            };
            let link_id = normalize_link_id(g1.as_deref().unwrap_or(&alt_text));
            if let Some((url, title, eob)) = self.link_defs.get(&link_id).cloned() {
                // a definition used a million times is copied a million
                // times; the parse stops at its next step once over budget
                let _ = self
                    .guard
                    .spend_copy(url.len() + title.as_ref().map_or(0, String::len));
                let ial = eob.and_then(|i| self.eob_ials.get(i).cloned().flatten());
                self.add_link(tree, el, url, title, &alt_text, ial);
            } else {
                if g1.is_none() {
                    self.warning(format!("No link definition for link ID '{link_id}' found"));
                }
                self.src.pos = saved;
                self.txt(tree, &result);
            }
            return;
        }

        let link_url: String;
        if self.src.skip(&ANGLE_URL) {
            link_url = self.src.group_s(1).unwrap_or_default();
            if self.src.skip(&CLOSE_PAREN) {
                self.add_link(tree, el, link_url, None, &alt_text, None);
                return;
            }
        } else {
            let mut url = String::new();
            let mut nr: i64 = 0;
            // `scan_until(LINK_PAREN_STOP_RE)`: `(`, `)`, or whitespace
            // before a quote, whichever comes first
            while let Some((at, kind)) = paren_stop(self.src.rest()) {
                // an unclosed `(` runs to the end of the text, and nested
                // links each run there again: charged as the rescan it is
                if !self.guard.spend_scan(at) {
                    break;
                }
                url.push_str(&self.src.rest()[..=at]);
                self.src.pos += at + 1;
                match kind {
                    b')' => {
                        nr -= 1;
                        if nr == 0 {
                            break;
                        }
                    }
                    b'(' => nr += 1,
                    _ => break,
                }
            }
            let inner = {
                let mut cs = url.chars();
                cs.next();
                cs.next_back();
                cs.as_str().to_string()
            };
            link_url = strip(&inner).to_string();
            if nr == 0 {
                self.add_link(tree, el, link_url, None, &alt_text, None);
                return;
            }
        }
        if self.src.skip(&LINK_INLINE_TITLE_RE) {
            let title = self.src.group_s(2);
            self.add_link(tree, el, link_url, title, &alt_text, None);
        } else {
            self.src.pos = saved;
            self.txt(tree, &result);
        }
    }

    fn parse_smart_quotes(&mut self, tree: &mut El) {
        let Some((rule, len, groups)) = super::smart_quotes::match_rule(self.src.rest()) else {
            let c = self.src.getch();
            self.txt(tree, &c);
            return;
        };
        let base = self.src.pos;
        self.src.set_match(
            base,
            len,
            &groups.map(|g| g.map(|(a, b)| (base + a, base + b))),
        );
        self.src.pos = base + len;
        let substs = &SQ_RULES[rule].1;
        for s in substs {
            let q = |g: Option<&str>, dq: &'static str, sq: &'static str| -> &'static str {
                if g == Some("\"") {
                    dq
                } else {
                    sq
                }
            };
            let val: &str = match s {
                Sq::Group(i) => {
                    let t = self.src.group_s(*i).unwrap_or_default();
                    self.txt(tree, &t);
                    continue;
                }
                Sq::Lquote1 => q(self.src.group(1), "ldquo", "lsquo"),
                Sq::Rquote1 => q(self.src.group(1), "rdquo", "rsquo"),
                Sq::Lquote2 => q(self.src.group(2), "ldquo", "lsquo"),
                Sq::Rquote2 => q(self.src.group(2), "rdquo", "rsquo"),
                Sq::Q(n) => n,
            };
            tree.children.push(El::with_value(T::SmartQuote, val));
        }
    }

    fn parse_inline_math(&mut self, tree: &mut El) {
        self.src.advance();
        let mut el = El::with_value(T::Math, strip(self.src.group(1).unwrap_or("")));
        el.o.span = true;
        tree.children.push(el);
    }

    fn parse_span_extensions(&mut self, tree: &mut El) {
        if self.src.check(&EXT_SPAN_START) {
            self.parse_extension_start_tag(tree, true);
        } else if self.src.check(&IAL_SPAN_START) {
            let ok = tree
                .children
                .last()
                .map(|l| l.t != T::Text)
                .unwrap_or(false);
            if ok {
                self.src.advance();
                let body = self.src.group_s(1).unwrap_or_default();
                let mut attr = Ial::default();
                self.parse_attribute_list(&body, &mut attr);
                let mut new_attr = tree
                    .children
                    .last()
                    .map(|l| l.attr.clone())
                    .unwrap_or_default();
                self.update_attr_with_ial(&mut new_attr, &attr);
                if let Some(last) = tree.children.last_mut() {
                    let ial = last.o.ial.get_or_insert_with(Ial::default);
                    super::blocks::merge_parsed_ial(ial, attr);
                    last.attr = new_attr;
                }
            } else {
                self.warning("Found span IAL after text - ignoring it".into());
                let c = self.src.getch();
                self.txt(tree, &c);
            }
        } else {
            let c = self.src.getch();
            self.txt(tree, &c);
        }
    }

    fn parse_html_entity(&mut self, tree: &mut El) {
        self.src.advance();
        let matched = self.src.matched().to_string();
        let cp = if let Some(name) = self.src.group(1) {
            entity_by_name(name)
        } else if let Some(d) = self.src.group(2) {
            Some(
                d.parse::<u64>()
                    .ok()
                    .map(|v| v.min(u32::MAX as u64) as u32)
                    .unwrap_or(u32::MAX),
            )
        } else {
            self.src
                .group(3)
                .map(|h| u32::from_str_radix(h, 16).unwrap_or(u32::MAX))
        };
        match cp {
            Some(cp) => tree.children.push(entity_el(cp, Some(matched))),
            None => {
                tree.children.push(entity_el(38, None));
                self.txt(tree, &matched[1..]);
            }
        }
    }

    fn parse_typographic_syms(&mut self, tree: &mut El) {
        self.src.advance();
        let m = self.src.matched().to_string();
        let sym = match m.as_str() {
            "---" => "mdash",
            "--" => "ndash",
            "..." => "hellip",
            "<< " => "laquo_space",
            " >>" => "raquo_space",
            "<<" => "laquo",
            ">>" => "raquo",
            "\\<<" => {
                tree.children.push(entity_el(60, None));
                tree.children.push(entity_el(60, None));
                return;
            }
            _ => {
                tree.children.push(entity_el(62, None));
                tree.children.push(entity_el(62, None));
                return;
            }
        };
        tree.children.push(El::with_value(T::TypographicSym, sym));
    }

    fn parse_strikethrough(&mut self, tree: &mut El) {
        self.src.advance();
        let m = self.src.matched().to_string();
        let inner = m
            .get(2..m.len().saturating_sub(2))
            .unwrap_or("")
            .to_string();
        let mut el = El::with_value(T::HtmlElement, "del");
        el.o.span = true;
        self.with_src(inner, |p| {
            p.parse_spans(&mut el, None, None, T::Text, &mut StopCheck::Always)
        });
        tree.children.push(el);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::scanner::Scanner;

    #[test]
    fn paren_stop_equals_regexp() {
        let alphabet = ['(', ')', ' ', '"', '\'', 'a', '\n'];
        for s in &crate::markdown::test_strings::all_strings(&alphabet, 6) {
            let mut sc = Scanner::new(s.clone());
            let want = sc.scan_until(&LINK_PAREN_STOP_RE).map(|t| {
                let k = if sc.group(1).is_some() {
                    b'('
                } else if sc.group(2).is_some() {
                    b')'
                } else {
                    b's'
                };
                (t.len() - 1, k)
            });
            assert_eq!(paren_stop(s), want, "on {s:?}");
        }
    }

    /// The hand check is kramdown's regexp on every short string.
    #[test]
    fn ws_end_or_empty_equals_regexp() {
        let re = crate::markdown::scanner::Re::new(r"\s\Z|\A\Z", "");
        let alphabet = [
            ' ', '\n', '\t', '\r', '\x0b', '\x0c', '\u{a0}', '\u{3000}', 'a',
        ];
        for s in &crate::markdown::test_strings::all_strings(&alphabet, 4) {
            assert_eq!(ws_end_or_empty(s), re.is_match(s), "on {s:?}");
        }
    }
}

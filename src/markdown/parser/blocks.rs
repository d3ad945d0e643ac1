//! Block parsers of kramdown other than lists, tables and HTML: blank lines,
//! code blocks, blockquotes, headers, rules, math, definitions (footnotes,
//! links, abbreviations), extensions/IAL/ALD, end-of-block markers and
//! paragraphs.

use super::consts::*;
use super::{add_text, Parser, R};
use crate::lazy_re;
use crate::markdown::element::{El, Eob, Ial, T};
use crate::markdown::scanner::{LazyRe, Re};

static CODE_LAZY_JOIN: LazyRe = lazy_re!(r"\n( {0,3}\S)");
static LINKDEF_TITLE_CHECK: LazyRe = lazy_re!(r#"[ \t]+["']"#);
static ESCAPED_BACKSLASH_LINE: LazyRe = lazy_re!(r"^ {0,3}\\");

/// Which block-end regexp `block_end` stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndKind {
    /// `BLOCK_BOUNDARY`: blank line, EOB marker, block IAL, end.
    Boundary,
    /// `LAZY_END`: those and HTML tag lines.
    Lazy,
    /// `PARAGRAPH_END_GFM`: those and list, ATX header, definition,
    /// blockquote and fence starts.
    Paragraph,
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

/// `Some(answer)` when the first line decides the block-end regexp alone,
/// `None` when the regexp must run (lines starting with `{` or `<`).
pub fn block_end_quick(text: &str, kind: EndKind) -> Option<bool> {
    let b = text.as_bytes();
    // \Z
    if b.is_empty() || b == b"\n" {
        return Some(true);
    }
    let line_end = crate::markdown::fast::find_nl(b);
    let line = &b[..line_end.unwrap_or(b.len())];
    // BLANK_LINE: a whitespace-only first line followed by a newline
    if line_end.is_some() && line.iter().all(|&c| is_ws(c)) {
        return Some(true);
    }
    let ind = line.iter().take(4).take_while(|&&c| c == b' ').count();
    let c = line.get(ind).copied().unwrap_or(b'\n');
    // EOB_MARKER: ^\^\s*?\n
    if ind == 0 && c == b'^' && line_end.is_some() && line[1..].iter().all(|&x| is_ws(x)) {
        return Some(true);
    }
    if ind <= 3 && c == b'{' {
        // all three patterns reduce to `IAL_BLOCK_START` on such a line
        return Some(crate::markdown::fast::ial_block_start(b));
    }
    if kind == EndKind::Boundary {
        return Some(false);
    }
    if ind <= 3 && c == b'<' {
        return html_line_ends(&text[ind..]);
    }
    if kind == EndKind::Lazy || ind > 3 {
        return Some(false);
    }
    let tail_ok = |i: usize| line_end.is_some() && matches!(line.get(i), Some(b'\t' | b'|' | b' '));
    let r = match c {
        b'>' => true,
        b'+' | b'*' | b'-' => tail_ok(ind + 1),
        b':' => tail_ok(ind + 1),
        b'0'..=b'9' => {
            let d = line[ind..]
                .iter()
                .take_while(|x| x.is_ascii_digit())
                .count();
            line.get(ind + d) == Some(&b'.') && tail_ok(ind + d + 1)
        }
        b'#' => {
            let n = line.iter().take_while(|&&x| x == b'#').count();
            ind == 0 && n <= 6 && line_end.is_some() && matches!(line.get(n), Some(b'\t' | b' '))
        }
        b'`' | b'~' => {
            line[ind..]
                .iter()
                .take_while(|&&x| x == b'`' || x == b'~')
                .count()
                >= 3
        }
        _ => false,
    };
    Some(r)
}

/// kramdown's names that do not end a paragraph (`LAZY_END_HTML_SPAN_ELEMENTS`).
fn lazy_span_name(s: &str) -> Option<bool> {
    // Some(true): the text starts with such a name followed by a word
    // boundary; None: undecidable by hand (a non-ASCII character follows).
    let mut hit = false;
    for n in HTML_SPAN_ELEMENTS
        .iter()
        .copied()
        .chain(std::iter::once("script"))
    {
        if let Some(after) = s.strip_prefix(n) {
            match after.chars().next() {
                None => hit = true,
                Some(c) if c.is_ascii() => {
                    if !(c.is_ascii_alphanumeric() || c == '_') {
                        hit = true;
                    }
                }
                Some(_) => return None,
            }
        }
    }
    Some(hit)
}

/// Length of a REXML name (`UNAME_STR`) at the start of `s`; `Err` when a
/// non-ASCII numeric character makes the hand decision unsafe.
fn uname_len(s: &str) -> Result<Option<usize>, ()> {
    fn start(c: char) -> bool {
        c.is_alphabetic() || c == '_'
    }
    fn cont(c: char) -> Result<bool, ()> {
        if !c.is_ascii() && !c.is_alphabetic() && c.is_numeric() {
            return Err(());
        }
        Ok(c.is_alphabetic() || c.is_ascii_digit() || matches!(c, '-' | '.' | '_'))
    }
    fn run(s: &str) -> Result<Option<usize>, ()> {
        let mut it = s.char_indices();
        match it.next() {
            Some((_, c)) if start(c) => {}
            _ => return Ok(None),
        }
        for (i, c) in it {
            if !cont(c)? {
                return Ok(Some(i));
            }
        }
        Ok(Some(s.len()))
    }
    let Some(first) = run(s)? else {
        return Ok(None);
    };
    if s[first..].starts_with(':') {
        if let Some(second) = run(&s[first + 1..])? {
            return Ok(Some(first + 1 + second));
        }
    }
    Ok(Some(first))
}

/// `LAZY_END_HTML_STOP` / `LAZY_END_HTML_START` after the indentation of a
/// line starting with `<`; `None` when the regexp must decide.
pub(crate) fn html_line_ends(s: &str) -> Option<bool> {
    if let Some(after) = s.strip_prefix("</") {
        if lazy_span_name(after)? {
            return Some(false);
        }
        let Some(n) = uname_len(after).ok()? else {
            return Some(false);
        };
        let rest = after[n..].trim_start_matches([' ', '\t', '\n', '\r', '\x0B', '\x0C']);
        if rest.starts_with('>') {
            return Some(true);
        }
        // a closing tag that is not one: the start pattern cannot match `</`
        return Some(false);
    }
    let after = &s[1..];
    if lazy_span_name(after)? {
        return Some(false);
    }
    Some(matches!(after.chars().next(), Some(c) if c.is_alphabetic() || c == '_'))
}

/// Ruby's `String#strip` set (whitespace and NUL).
pub fn rstrip(s: &str) -> &str {
    s.trim_end_matches([' ', '\t', '\n', '\x0B', '\x0C', '\r', '\0'])
}
pub fn lstrip(s: &str) -> &str {
    s.trim_start_matches([' ', '\t', '\n', '\x0B', '\x0C', '\r', '\0'])
}
pub fn strip(s: &str) -> &str {
    lstrip(rstrip(s))
}

/// `normalize_link_id`.
pub fn normalize_link_id(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    let mut in_ws = false;
    for c in id.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r') {
            if !in_ws {
                out.push(' ');
            }
            in_ws = true;
        } else {
            in_ws = false;
            out.push(c);
        }
    }
    out.to_lowercase()
}

impl Parser {
    pub(super) fn after_block_boundary(&self, tree: &El) -> bool {
        match tree.children.last() {
            None => true,
            Some(l) => {
                l.t == T::Blank
                    || (l.t == T::Eob && l.o.eob == Eob::Plain)
                    || self.block_ial.is_some()
            }
        }
    }

    /// The block-end regexps (`BLOCK_BOUNDARY`, `LAZY_END`,
    /// `PARAGRAPH_END_GFM`) at a line start, decided by hand where that is
    /// simple and by the regexp for lines starting with `{` or `<`.
    pub(super) fn block_end(&mut self, kind: EndKind) -> bool {
        match block_end_quick(self.src.rest(), kind) {
            Some(b) => b,
            None => {
                let re: &Re = match kind {
                    EndKind::Boundary => &BLOCK_BOUNDARY,
                    EndKind::Lazy => &LAZY_END,
                    EndKind::Paragraph => &PARAGRAPH_END_GFM,
                };
                self.src.check(re)
            }
        }
    }

    pub(super) fn before_block_boundary(&mut self) -> bool {
        self.block_end(EndKind::Boundary)
    }

    pub(super) fn parse_blank_line(&mut self, tree: &mut El) -> R {
        self.src.advance();
        let m = self.src.matched().to_string();
        if let Some(last) = tree.children.last_mut() {
            if last.t == T::Blank {
                last.value.push_str(&m);
                return R::Yes;
            }
        }
        let mut el = self.new_block_el(T::Blank);
        el.value = m;
        tree.children.push(el);
        R::Yes
    }

    pub(super) fn parse_eob_marker(&mut self, tree: &mut El) -> R {
        self.src.advance();
        let el = self.new_block_el(T::Eob);
        tree.children.push(el);
        R::Yes
    }

    pub(super) fn parse_codeblock(&mut self, tree: &mut El) -> R {
        let Some(data) = self.src.scan(&CODEBLOCK_MATCH) else {
            return R::No;
        };
        let data = CODE_LAZY_JOIN.replace_all(&data, |g| format!(" {}", g[1].unwrap_or("")));
        let data = INDENT.replace_all(&data, |_| String::new());
        let mut el = self.new_block_el(T::Codeblock);
        el.value = data;
        tree.children.push(el);
        R::Yes
    }

    pub(super) fn parse_codeblock_fenced(&mut self, tree: &mut El) -> R {
        if !self.src.check(&FENCED_MATCH) {
            return R::No;
        }
        self.src.advance();
        let code = self.src.group_s(5).unwrap_or_default();
        let lang = strip(self.src.group(3).unwrap_or("")).to_string();
        let lang4 = self.src.group_s(4).unwrap_or_default();
        let mut el = self.new_block_el(T::Codeblock);
        el.value = code;
        if !lang.is_empty() {
            el.o.lang = Some(lang);
            el.attr.insert("class".into(), format!("language-{lang4}"));
        }
        tree.children.push(el);
        R::Yes
    }

    pub(super) fn parse_blockquote(&mut self, tree: &mut El) -> R {
        let mut result = self.src.scan(&PARAGRAPH_MATCH).unwrap_or_default();
        while !self.block_end(EndKind::Lazy) {
            match self.src.scan_range(&PARAGRAPH_MATCH) {
                Some((a, b)) => result.push_str(&self.src.s[a..b]),
                None => break,
            }
        }
        let result = BLOCKQUOTE_START.replace_all(&result, |_| String::new());
        let mut el = self.new_block_el(T::Blockquote);
        self.parse_blocks(&mut el, Some(result));
        tree.children.push(el);
        R::Yes
    }

    fn parse_header_contents(&self, contents: &str) -> (String, Option<String>) {
        let text = rstrip(contents).to_string();
        if let Some((a, (ia, ib))) = crate::markdown::fast::header_id(&text) {
            let id = text[ia..ib].to_string();
            return (rstrip(&text[..a]).to_string(), Some(id));
        }
        (text, None)
    }

    fn add_header(&mut self, tree: &mut El, level: u8, text: String, id: Option<String>) {
        self.src.advance();
        let mut el = self.new_block_el(T::Header);
        el.o.level = level;
        el.o.raw_text = text.clone();
        add_text(&mut el, &text, T::RawText);
        if let Some(id) = id {
            el.attr.insert("id".into(), id);
        }
        tree.children.push(el);
    }

    /// GFM's `parse_atx_header_gfm_quirk` (no block-boundary requirement).
    pub(super) fn parse_atx_header(&mut self, tree: &mut El) -> R {
        let level = self.src.group(1).map(str::len).unwrap_or(1) as u8;
        let contents = self.src.group_s(2).unwrap_or_default();
        let (mut text, id) = self.parse_header_contents(&contents);
        if let Some(at) = crate::markdown::fast::trailing_hashes(&text) {
            text = rstrip(&text[..at]).to_string();
        }
        if text.is_empty() {
            return R::No;
        }
        self.add_header(tree, level, text, id);
        R::Yes
    }

    pub(super) fn parse_setext_header(&mut self, tree: &mut El) -> R {
        if !self.after_block_boundary(tree) {
            return R::No;
        }
        let contents = self.src.group_s(1).unwrap_or_default();
        let level = if self.src.group(2) == Some("-") { 2 } else { 1 };
        let (text, id) = self.parse_header_contents(&contents);
        if text.is_empty() {
            return R::No;
        }
        self.add_header(tree, level, text, id);
        R::Yes
    }

    pub(super) fn parse_horizontal_rule(&mut self, tree: &mut El) -> R {
        self.src.advance();
        let el = self.new_block_el(T::Hr);
        tree.children.push(el);
        R::Yes
    }

    pub(super) fn parse_block_math(&mut self, tree: &mut El) -> R {
        if !self.after_block_boundary(tree) {
            return R::No;
        }
        if self.src.group(1).is_some() {
            if self.src.group(3).is_some() {
                self.src.skip(&ESCAPED_BACKSLASH_LINE);
            }
            return R::No;
        }
        let saved = self.src.pos;
        self.src.advance();
        let data = strip(self.src.group(2).unwrap_or("")).to_string();
        if self.before_block_boundary() {
            let mut el = self.new_block_el(T::Math);
            el.value = data;
            tree.children.push(el);
            R::Yes
        } else {
            self.src.pos = saved;
            R::No
        }
    }

    pub(super) fn parse_footnote_definition(&mut self, tree: &mut El) -> R {
        self.src.advance();
        let name = self.src.group_s(1).unwrap_or_default();
        let body = INDENT.replace_all(self.src.group(2).unwrap_or(""), |_| String::new());
        let mut el = El::new(T::Temp);
        self.parse_blocks(&mut el, Some(body));
        if self.footnotes.contains_key(&name) {
            self.warning(format!("Duplicate footnote name '{name}' - overwriting"));
        }
        let eob = self.new_eob_def(Eob::FootnoteDef);
        tree.children.push(eob);
        self.footnotes.insert(
            name,
            super::FootnoteDef {
                content: el,
                marker: false,
                line: self.guard.line,
            },
        );
        R::Yes
    }

    pub(super) fn parse_link_definition(&mut self, tree: &mut El) -> R {
        if let Some(g3) = self.src.group(3) {
            if LINKDEF_TITLE_CHECK.is_match(g3) {
                return R::No;
            }
        }
        self.src.advance();
        let id = normalize_link_id(self.src.group(1).unwrap_or(""));
        let url = self
            .src
            .group_s(2)
            .or_else(|| self.src.group_s(3))
            .unwrap_or_default();
        let title = self.src.group_s(5);
        let eob = self.new_eob_def(Eob::LinkDef);
        let eob_id = eob.o.eob_id;
        tree.children.push(eob);
        self.link_defs.insert(id, (url, title, eob_id));
        R::Yes
    }

    pub(super) fn parse_abbrev_definition(&mut self, tree: &mut El) -> R {
        self.src.advance();
        let id = self.src.group_s(1).unwrap_or_default();
        let text = strip(self.src.group(2).unwrap_or("")).to_string();
        let eob = self.new_eob_def(Eob::AbbrevDef);
        if let Some(i) = eob.o.eob_id {
            self.abbrev_eob.insert(id.clone(), i);
        }
        tree.children.push(eob);
        self.abbrev_defs.insert(id, text);
        R::Yes
    }

    pub(super) fn parse_block_extensions(&mut self, tree: &mut El) -> R {
        if self.src.skip(&ALD_START) {
            let name = self.src.group_s(1).unwrap_or_default();
            let body = self.src.group_s(2).unwrap_or_default();
            let mut ald = self.alds.remove(&name).unwrap_or_default();
            self.parse_attribute_list(&body, &mut ald);
            self.alds.insert(name, ald);
            let mut el = self.new_block_el(T::Eob);
            el.o.eob = Eob::Ald;
            tree.children.push(el);
            R::Yes
        } else if self.src.check(&EXT_BLOCK_START) {
            if self.parse_extension_start_tag(tree, false) {
                R::Yes
            } else {
                R::No
            }
        } else if self.src.skip(&IAL_BLOCK_START) {
            let body = self.src.group_s(1).unwrap_or_default();
            let attach = match tree.children.last() {
                Some(l) => {
                    l.t != T::Blank
                        && (l.t != T::Eob
                            || matches!(l.o.eob, Eob::LinkDef | Eob::AbbrevDef | Eob::FootnoteDef))
                }
                None => false,
            };
            if attach {
                let mut ial = Ial::default();
                self.parse_attribute_list(&body, &mut ial);
                if let Some(last) = tree.children.last_mut() {
                    let target = self.ial_of(last);
                    merge_parsed_ial(target, ial);
                }
                if !self.src.check(&IAL_BLOCK_START) {
                    let mut el = self.new_block_el(T::Eob);
                    el.o.eob = Eob::Ial;
                    tree.children.push(el);
                }
            } else {
                let mut ial = self.block_ial.take().unwrap_or_default();
                self.parse_attribute_list(&body, &mut ial);
                self.block_ial = Some(ial);
            }
            R::Yes
        } else {
            R::No
        }
    }

    /// `parse_extension_start_tag(type)`; `span` selects the span variant.
    pub(super) fn parse_extension_start_tag(&mut self, tree: &mut El, span: bool) -> bool {
        let saved = self.src.pos;
        self.src.advance();
        let g1 = self.src.group_s(1);
        let g2 = self.src.group_s(2);
        let g3 = self.src.group(3).is_some();
        let g4 = self.src.group_s(4);
        let matched = self.src.matched().to_string();
        let error = |p: &mut Parser, tree: &mut El, msg: String| {
            p.warning(msg);
            p.src.pos = saved;
            if span {
                let c = p.src.getch();
                let tt = p.text_type;
                add_text(tree, &c, tt);
            }
            false
        };
        if g4.is_some() || matched == "{:/}" {
            return error(
                self,
                tree,
                "Invalid extension stop tag found - ignoring it".into(),
            );
        }
        let ext = g1.unwrap_or_default();
        let mut opts = Ial::default();
        self.parse_attribute_list(g2.as_deref().unwrap_or(""), &mut opts);
        let mut body = None;
        if !g3 {
            let e = regex::escape(&ext);
            let stop = if span {
                ext_stop_str(&e)
            } else {
                format!(r"^{OPT_SPACE}{} *?\n", ext_stop_str(&e))
            };
            let stop_re = self.cache.get(&stop, "");
            match self.src.scan_until(&stop_re) {
                Some(result) => {
                    let mut b = stop_re
                        .replace_first(&result, |_| String::new())
                        .unwrap_or(result);
                    if !span && b.ends_with('\n') {
                        b.pop();
                    }
                    body = Some(b);
                }
                None => {
                    return error(
                        self,
                        tree,
                        format!("No stop tag for extension '{ext}' found - ignoring it"),
                    );
                }
            }
        }
        if self.handle_extension(tree, &ext, &opts, body, span) {
            true
        } else {
            error(
                self,
                tree,
                format!("Invalid extension with name '{ext}' specified - ignoring it"),
            )
        }
    }

    fn handle_extension(
        &mut self,
        tree: &mut El,
        name: &str,
        opts: &Ial,
        body: Option<String>,
        span: bool,
    ) -> bool {
        match name {
            "comment" => {
                if let Some(b) = body {
                    let mut el = El::with_value(T::Comment, b);
                    el.o.span = span;
                    tree.children.push(el);
                }
                true
            }
            "nomarkdown" => {
                if let Some(b) = body {
                    let mut el = El::with_value(T::Raw, b);
                    el.o.span = span;
                    let ty = opts.attrs.get("type").cloned().unwrap_or_default();
                    el.o.raw_type = Some(ty.split_ascii_whitespace().map(str::to_string).collect());
                    tree.children.push(el);
                }
                true
            }
            "options" => {
                for (k, v) in &opts.attrs {
                    if !self.opts.set_inline(k, v) {
                        self.warning(format!("Unknown kramdown option '{k}'"));
                    }
                }
                if !span {
                    let mut el = self.new_block_el(T::Eob);
                    el.o.eob = Eob::Extension;
                    tree.children.push(el);
                }
                true
            }
            _ => false,
        }
    }

    pub(super) fn parse_paragraph(&mut self, tree: &mut El) -> R {
        let pos = self.src.pos;
        // the lines matched follow each other (anchored matches), so the
        // paragraph is one slice of the source, copied once
        let _ = self.src.scan_range(&PARAGRAPH_MATCH);
        while !self.block_end(EndKind::Paragraph) {
            if self.src.scan_range(&PARAGRAPH_MATCH).is_none() {
                break;
            }
        }
        let tt = self.text_type;
        let joins = matches!(tree.children.last(), Some(last) if last.t == T::P);
        let text = rstrip(&self.src.s[pos..self.src.pos]);
        let result = if joins { text } else { lstrip(text) }.to_string();
        if let Some(last) = tree.children.last_mut() {
            if last.t == T::P {
                let joiner = if pos >= 3 && self.src.s.get(pos - 3..pos) == Some("  \n") {
                    "  \n"
                } else {
                    "\n"
                };
                match last.children.last_mut() {
                    Some(item) if item.t == tt => {
                        item.value.push_str(joiner);
                        item.value.push_str(&result);
                    }
                    _ => add_text(last, &result, tt),
                }
                return R::Yes;
            }
        }
        let mut p = self.new_block_el(T::P);
        if !result.is_empty() {
            p.children.push(El::with_value(tt, result));
        }
        tree.children.push(p);
        R::Yes
    }
}

/// `parse_attribute_list` into an existing IAL: class values append.
pub fn merge_parsed_ial(target: &mut Ial, new: Ial) {
    target.refs.extend(new.refs);
    for (k, v) in new.attrs {
        if k == "class" {
            let old = target.attrs.get("class").cloned().unwrap_or_default();
            target
                .attrs
                .insert(k, format!("{old} {v}").trim_start().to_string());
        } else {
            target.attrs.insert(k, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::scanner::Scanner;

    /// The hand decision agrees with the three regexps on every short text
    /// over the characters they look at.
    #[test]
    fn block_end_quick_equals_regexps() {
        let alphabet = [
            ' ', '\n', '\t', 'a', '-', '1', '.', '#', ':', '>', '`', '~', '^', '|', '{', '<',
        ];
        for s in &crate::markdown::test_strings::all_strings(&alphabet, 5) {
            for (kind, re) in [
                (EndKind::Boundary, &*BLOCK_BOUNDARY),
                (EndKind::Lazy, &*LAZY_END),
                (EndKind::Paragraph, &*PARAGRAPH_END_GFM),
            ] {
                if let Some(q) = block_end_quick(s, kind) {
                    let mut sc = Scanner::new(s.clone());
                    assert_eq!(q, sc.check(re), "{kind:?} on {s:?}");
                }
            }
        }
    }
}

//! The template tokenizer: Ruby Liquid's `TemplateParser` split into text,
//! `{{ }}` and `{% %}` tokens with whitespace-control flags and positions,
//! the line tokenizer of `{% liquid %}`, and raw's end-tag detection.

use super::expr::is_word;

#[derive(Debug, Clone)]
pub(super) enum Tok<'a> {
    Text(&'a str),
    Var {
        markup: &'a str,
        raw: &'a str,
        lstrip: bool,
        rstrip: bool,
    },
    Tag {
        name: &'a str,
        markup: &'a str,
        raw: &'a str,
        lstrip: bool,
        rstrip: bool,
    },
    /// A `{%`/`{{` that isn't closed, or a tag without a name.
    Bad {
        raw: &'a str,
        is_tag: bool,
    },
}

pub(super) struct Token<'a> {
    pub(super) tok: Tok<'a>,
    pub(super) line: u32,
    pub(super) col: u32,
}

pub(super) fn find(h: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    if from >= h.len() {
        return None;
    }
    memchr::memmem::find(&h[from..], pat).map(|p| p + from)
}

/// `find` that remembers where a search came up empty: a search from there
/// on comes up empty too, so a text of many unclosed `{%` is scanned once,
/// not once per `{%`.
struct Finder {
    none_from: usize,
}

impl Finder {
    fn find(&mut self, h: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
        if from >= self.none_from {
            return None;
        }
        let r = find(h, from, pat);
        if r.is_none() {
            self.none_from = from;
        }
        r
    }
}

pub(super) use crate::utils::is_ruby_space as is_space;

/// `FullToken`: `{%-?(\s*)(#|\w+)(\s*)(.*?)-?%}`.
pub(super) fn classify_tag(raw: &str) -> Tok<'_> {
    let b = raw.as_bytes();
    let inner_start = if b.get(2) == Some(&b'-') { 3 } else { 2 };
    let mut end = raw.len() - 2;
    let rstrip = end >= 1 && b[end - 1] == b'-' && end > inner_start;
    if rstrip {
        end -= 1;
    }
    let lstrip = inner_start == 3;
    let mut i = inner_start;
    while i < end && is_space(b[i]) {
        i += 1;
    }
    let ns = i;
    if i < end && b[i] == b'#' {
        i += 1;
    } else {
        while i < end && is_word(b[i]) {
            i += 1;
        }
    }
    if i == ns {
        return Tok::Bad { raw, is_tag: true };
    }
    let name = &raw[ns..i];
    while i < end && is_space(b[i]) {
        i += 1;
    }
    Tok::Tag {
        name,
        markup: &raw[i..end],
        raw,
        lstrip,
        rstrip,
    }
}

pub(super) fn tokenize(src: &str, first_line: usize) -> Vec<Token<'_>> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0;
    let mut line = first_line as u32;
    let mut line_start = 0usize;
    fn push<'a>(
        out: &mut Vec<Token<'a>>,
        tok: Tok<'a>,
        st: usize,
        line: &mut u32,
        line_start: &mut usize,
        s: &str,
    ) {
        out.push(Token {
            tok,
            line: *line,
            col: (st - *line_start + 1) as u32,
        });
        for (i, c) in s.bytes().enumerate() {
            if c == b'\n' {
                *line += 1;
                *line_start = st + i + 1;
            }
        }
    }
    let mut tag_end = Finder {
        none_from: usize::MAX,
    };
    let mut var_end = Finder {
        none_from: usize::MAX,
    };
    while pos < b.len() {
        // leftmost "{%" or "{{"
        let mut next = None;
        let mut i = pos;
        while let Some(p) = b[i..].iter().position(|&c| c == b'{').map(|p| p + i) {
            if p + 1 < b.len() && (b[p + 1] == b'%' || b[p + 1] == b'{') {
                next = Some(p);
                break;
            }
            i = p + 1;
        }
        let Some(st) = next else {
            push(
                &mut out,
                Tok::Text(&src[pos..]),
                pos,
                &mut line,
                &mut line_start,
                &src[pos..],
            );
            break;
        };
        if st > pos {
            push(
                &mut out,
                Tok::Text(&src[pos..st]),
                pos,
                &mut line,
                &mut line_start,
                &src[pos..st],
            );
        }
        if b[st + 1] == b'%' {
            match tag_end.find(b, st + 2, b"%}") {
                Some(e) => {
                    let raw = &src[st..e + 2];
                    push(
                        &mut out,
                        classify_tag(raw),
                        st,
                        &mut line,
                        &mut line_start,
                        raw,
                    );
                    pos = e + 2;
                }
                None => {
                    let raw = &src[st..st + 2];
                    push(
                        &mut out,
                        Tok::Bad { raw, is_tag: true },
                        st,
                        &mut line,
                        &mut line_start,
                        raw,
                    );
                    pos = st + 2;
                }
            }
        } else {
            match var_end.find(b, st + 2, b"}") {
                Some(e) => {
                    let end = if b.get(e + 1) == Some(&b'}') {
                        e + 2
                    } else {
                        e + 1
                    };
                    let raw = &src[st..end];
                    let tok = if raw.len() >= 4 && raw.ends_with("}}") {
                        let lstrip = raw.as_bytes().get(2) == Some(&b'-');
                        let is = if lstrip { 3 } else { 2 };
                        let mut ie = raw.len() - 2;
                        let rstrip = raw.len() >= 5 && raw.as_bytes()[ie - 1] == b'-';
                        if rstrip && ie > is {
                            ie -= 1;
                        }
                        Tok::Var {
                            markup: &raw[is.min(ie)..ie],
                            raw,
                            lstrip,
                            rstrip,
                        }
                    } else {
                        Tok::Bad { raw, is_tag: false }
                    };
                    push(&mut out, tok, st, &mut line, &mut line_start, raw);
                    pos = end;
                }
                None => {
                    let raw = &src[st..st + 2];
                    push(
                        &mut out,
                        Tok::Bad { raw, is_tag: false },
                        st,
                        &mut line,
                        &mut line_start,
                        raw,
                    );
                    pos = st + 2;
                }
            }
        }
    }
    out
}

/// Lines of a `{% liquid %}` tag as tag tokens.
pub(super) fn tokenize_liquid_tag<'a>(markup: &'a str, line: u32, col: u32) -> Vec<Token<'a>> {
    let mut out = Vec::new();
    for (i, l) in markup.split('\n').enumerate() {
        let t = l.trim_matches(|c: char| c.is_ascii_whitespace());
        let line = line + i as u32;
        if t.is_empty() {
            continue;
        }
        let b = t.as_bytes();
        let mut j = 0;
        if b[0] == b'#' {
            j = 1;
        } else {
            while j < b.len() && is_word(b[j]) {
                j += 1;
            }
        }
        if j == 0 {
            out.push(Token {
                tok: Tok::Bad {
                    raw: l,
                    is_tag: true,
                },
                line,
                col,
            });
            continue;
        }
        let rest = t[j..].trim_start();
        out.push(Token {
            tok: Tok::Tag {
                name: &t[..j],
                markup: rest,
                raw: t,
                lstrip: false,
                rstrip: false,
            },
            line,
            col,
        });
    }
    out
}

impl<'a> Token<'a> {
    pub(super) fn clone_tok(&self) -> Token<'a> {
        Token {
            tok: self.tok.clone(),
            line: self.line,
            col: self.col,
        }
    }
}

/// Raw's `FullTokenPossiblyInvalid`: `\A(.*){%\s*(\w+)\s*(.*)?%}\z`.
/// Returns the text before the last `{%` when that tag is `end<name>`.
pub(super) fn raw_end<'t>(token: &'t str, end_name: &str) -> Option<&'t str> {
    if !token.ends_with("%}") {
        return None;
    }
    let b = token.as_bytes();
    let mut pos = token.len().saturating_sub(2);
    while let Some(p) = token[..pos].rfind("{%") {
        let mut i = p + 2;
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        let ns = i;
        while i < b.len() && is_word(b[i]) {
            i += 1;
        }
        if i > ns && i <= token.len() - 2 {
            return (&token[ns..i] == end_name).then_some(&token[..p]);
        }
        pos = p;
    }
    None
}

//! Characters → tokens, the way libyaml 0.2.5 (the parser under Psych) cuts
//! them: its reader's character checks, its indentation stack and "simple
//! key" bookkeeping, and its scalar folding — leniencies and refusals alike
//! (a quoted scalar's continuation lines may start at any column; a tab
//! cannot indent; a key must fit on one line and in 1024 characters; U+2028
//! ends a line).
//!
//! Positions are 0-based here (`Mark`); `YamlError` reports them 1-based.

use std::cell::Cell;
use std::collections::VecDeque;

use super::YamlError;

/// A position: character index, line and column (all 0-based; a column
/// counts characters).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Mark {
    pub index: usize,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    StreamStart,
    StreamEnd,
    VersionDirective(u32, u32),
    TagDirective(String, String),
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias(String),
    Anchor(String),
    /// handle, suffix
    Tag(String, String),
    Scalar(String, Style),
}

#[derive(Debug, Clone)]
pub(super) struct Token {
    pub tok: Tok,
    pub start: Mark,
    pub end: Mark,
}

/// A place where a `key:` may turn out to start.
#[derive(Debug, Clone, Copy, Default)]
struct SimpleKey {
    possible: bool,
    required: bool,
    token_number: usize,
    mark: Mark,
}

/// libyaml's reader decodes its input 16384 bytes at a time (the raw
/// buffer), checking every character of a chunk when the scanner first
/// needs one of them; a document's later chunks are never looked at once
/// Psych has its first document.
const RAW_CHUNK: usize = 16384;

/// How deep flow collections may nest. Psych itself recurses per level and
/// overflows Ruby's stack somewhere past 900; hyde refuses instead (see
/// `super::MAX_DEPTH`).
const MAX_FLOW_LEVEL: usize = super::MAX_DEPTH;

type Result<T> = std::result::Result<T, YamlError>;

pub(super) struct Scanner<'a> {
    src: &'a str,
    /// byte offset of the next character
    pos: usize,
    mark: Mark,
    /// The first character libyaml refuses, as (byte offset from which the
    /// scanner needing any character makes the reader find it, its own byte
    /// offset).
    bad: Option<(usize, usize)>,
    /// Set when the scanner looked at a character at or past `bad`'s index.
    touched_bad: Cell<bool>,
    tokens: VecDeque<Token>,
    tokens_parsed: usize,
    token_available: bool,
    stream_start_produced: bool,
    stream_end_produced: bool,
    indent: isize,
    indents: Vec<isize>,
    simple_key_allowed: bool,
    simple_keys: Vec<SimpleKey>,
    flow_level: usize,
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}
fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}
fn is_z(c: char) -> bool {
    c == '\0'
}
fn is_breakz(c: char) -> bool {
    is_break(c) || is_z(c)
}
fn is_blankz(c: char) -> bool {
    is_blank(c) || is_breakz(c)
}
/// libyaml's "alpha": what anchors, tag handles and directive names are made of.
fn is_alpha(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// The length of the UTF-8 sequence a byte starts.
fn utf8_width(b: u8) -> usize {
    match b {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// The characters libyaml's reader accepts (YAML 1.1's printable set).
fn printable(c: char) -> bool {
    matches!(c as u32,
        0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// The first unprintable character, as (byte offset from which the reader
/// finds it, its own byte offset).
fn first_bad(src: &str) -> Option<(usize, usize)> {
    let (bad, _) = src.char_indices().find(|(_, c)| !printable(*c))?;
    // the chunk the reader decodes it in: each refill tops the raw buffer up
    // to RAW_CHUNK bytes, and a character cut by a chunk's end waits for the next
    let mut chunk_start = 0usize;
    loop {
        let covered = chunk_start + RAW_CHUNK;
        if covered >= src.len() {
            return Some((chunk_start, bad));
        }
        // decoded: every character that ends within `covered`
        let mut end = covered;
        while !src.is_char_boundary(end) {
            end -= 1;
        }
        if bad < end {
            return Some((chunk_start, bad));
        }
        chunk_start = end;
    }
}

impl<'a> Scanner<'a> {
    pub fn new(src: &'a str) -> Scanner<'a> {
        Scanner {
            src,
            pos: 0,
            mark: Mark::default(),
            bad: first_bad(src),
            touched_bad: Cell::new(false),
            tokens: VecDeque::new(),
            tokens_parsed: 0,
            token_available: false,
            stream_start_produced: false,
            stream_end_produced: false,
            indent: -1,
            indents: Vec::new(),
            simple_key_allowed: false,
            simple_keys: Vec::new(),
            flow_level: 0,
        }
    }

    // ---- characters ----

    /// The character `k` ahead (NUL past the end).
    fn ch(&self, k: usize) -> char {
        let b = self.src.as_bytes();
        let mut i = self.pos;
        for _ in 0..k {
            match b.get(i) {
                None => break,
                Some(&c) => i += utf8_width(c),
            }
        }
        if let Some((from, _)) = self.bad {
            if i >= from {
                self.touched_bad.set(true);
            }
        }
        match b.get(i) {
            None => '\0',
            Some(&c) if c < 0x80 => c as char,
            Some(_) => self.src[i..].chars().next().unwrap_or('\0'),
        }
    }

    /// libyaml's CACHE(n): the reader makes `n` characters available.
    fn cache(&self, n: usize) {
        let _ = self.ch(n.saturating_sub(1));
    }

    fn reader_error(&self) -> Result<()> {
        if !self.touched_bad.get() {
            return Ok(());
        }
        let Some((_, at)) = self.bad else {
            return Ok(());
        };
        let mut m = Mark::default();
        let mut prev = ' ';
        for c in self.src[..at].chars() {
            m.index += 1;
            if c == '\n' && prev == '\r' {
                // CR LF: one line break
            } else if is_break(c) {
                m.line += 1;
                m.column = 0;
            } else {
                m.column += 1;
            }
            prev = c;
        }
        let bad = self.src[at..].chars().next().unwrap_or('\0');
        Err(YamlError::new(
            format!("control characters are not allowed (U+{:04X})", bad as u32),
            m,
            None,
        ))
    }

    fn skip(&mut self) {
        if let Some(&c) = self.src.as_bytes().get(self.pos) {
            self.pos += utf8_width(c);
        }
        self.mark.index += 1;
        self.mark.column += 1;
    }

    fn skip_line(&mut self) {
        let c = self.ch(0);
        if c == '\r' && self.ch(1) == '\n' {
            self.pos += 2;
            self.mark.index += 2;
            self.mark.column = 0;
            self.mark.line += 1;
        } else if is_break(c) {
            self.pos += c.len_utf8();
            self.mark.index += 1;
            self.mark.column = 0;
            self.mark.line += 1;
        }
    }

    fn read(&mut self, s: &mut String) {
        s.push(self.ch(0));
        self.skip();
    }

    /// Copy a line break: CR LF, CR, LF and NEL become LF; LS and PS stay.
    fn read_line(&mut self, s: &mut String) {
        let c = self.ch(0);
        if c == '\r' && self.ch(1) == '\n' {
            s.push('\n');
            self.pos += 2;
            self.mark.index += 2;
        } else if matches!(c, '\r' | '\n' | '\u{85}') {
            s.push('\n');
            self.pos += c.len_utf8();
            self.mark.index += 1;
        } else if matches!(c, '\u{2028}' | '\u{2029}') {
            s.push(c);
            self.pos += c.len_utf8();
            self.mark.index += 1;
        } else {
            return;
        }
        self.mark.column = 0;
        self.mark.line += 1;
    }

    fn at_document_indicator(&self) -> bool {
        self.mark.column == 0
            && ((self.ch(0) == '-' && self.ch(1) == '-' && self.ch(2) == '-')
                || (self.ch(0) == '.' && self.ch(1) == '.' && self.ch(2) == '.'))
            && is_blankz(self.ch(3))
    }

    fn err<T>(&self, context: &str, context_mark: Mark, problem: &str) -> Result<T> {
        Err(YamlError::new(
            problem.to_string(),
            self.mark,
            Some((context, context_mark)),
        ))
    }

    // ---- the token queue ----

    /// The next token, scanning as far as libyaml would to know it.
    pub fn peek(&mut self) -> Result<&Token> {
        if !self.token_available {
            self.fetch_more_tokens()?;
        }
        match self.tokens.front() {
            Some(t) => Ok(t),
            // the stream end stays in the queue until consumed; past it,
            // the parser never asks again
            None => Err(YamlError::new(
                "unexpected end of the token stream".into(),
                self.mark,
                None,
            )),
        }
    }

    pub fn skip_token(&mut self) {
        let _ = self.take_token();
    }

    /// Consume the next token (after `peek`).
    pub fn take_token(&mut self) -> Option<Token> {
        self.token_available = false;
        self.tokens_parsed += 1;
        let t = self.tokens.pop_front()?;
        if t.tok == Tok::StreamEnd {
            self.stream_end_produced = true;
        }
        Some(t)
    }

    fn fetch_more_tokens(&mut self) -> Result<()> {
        if self.stream_end_produced {
            self.token_available = true;
            return Ok(());
        }
        loop {
            let need_more = if self.tokens.is_empty() {
                true
            } else {
                self.stale_simple_keys()?;
                self.simple_keys
                    .iter()
                    .any(|k| k.possible && k.token_number == self.tokens_parsed)
            };
            if !need_more {
                break;
            }
            let r = self.fetch_next_token();
            self.reader_error()?;
            r?;
        }
        self.token_available = true;
        Ok(())
    }

    fn push(&mut self, tok: Tok, start: Mark, end: Mark) {
        self.tokens.push_back(Token { tok, start, end });
    }

    fn insert(&mut self, number: usize, tok: Tok, start: Mark, end: Mark) {
        let at = (number - self.tokens_parsed).min(self.tokens.len());
        self.tokens.insert(at, Token { tok, start, end });
    }

    fn fetch_next_token(&mut self) -> Result<()> {
        self.cache(1);
        if !self.stream_start_produced {
            self.fetch_stream_start();
            return Ok(());
        }
        self.scan_to_next_token();
        self.stale_simple_keys()?;
        self.unroll_indent(self.mark.column as isize);
        self.cache(4);
        let c = self.ch(0);
        if is_z(c) {
            return self.fetch_stream_end();
        }
        if self.mark.column == 0 && c == '%' {
            return self.fetch_directive();
        }
        if self.at_document_indicator() {
            let tok = if c == '-' {
                Tok::DocumentStart
            } else {
                Tok::DocumentEnd
            };
            return self.fetch_document_indicator(tok);
        }
        let next = self.ch(1);
        match c {
            '[' => return self.fetch_flow_collection_start(Tok::FlowSequenceStart),
            '{' => return self.fetch_flow_collection_start(Tok::FlowMappingStart),
            ']' => return self.fetch_flow_collection_end(Tok::FlowSequenceEnd),
            '}' => return self.fetch_flow_collection_end(Tok::FlowMappingEnd),
            ',' => return self.fetch_flow_entry(),
            '-' if is_blankz(next) => return self.fetch_block_entry(),
            '?' if self.flow_level > 0 || is_blankz(next) => return self.fetch_key(),
            ':' if self.flow_level > 0 || is_blankz(next) => return self.fetch_value(),
            '*' => return self.fetch_anchor(true),
            '&' => return self.fetch_anchor(false),
            '!' => return self.fetch_tag(),
            '|' if self.flow_level == 0 => return self.fetch_block_scalar(true),
            '>' if self.flow_level == 0 => return self.fetch_block_scalar(false),
            '\'' => return self.fetch_flow_scalar(true),
            '"' => return self.fetch_flow_scalar(false),
            _ => {}
        }
        let indicator = matches!(
            c,
            '-' | '?'
                | ':'
                | ','
                | '['
                | ']'
                | '{'
                | '}'
                | '#'
                | '&'
                | '*'
                | '!'
                | '|'
                | '>'
                | '\''
                | '"'
                | '%'
                | '@'
                | '`'
        );
        if !(is_blankz(c) || indicator)
            || (c == '-' && !is_blank(next))
            || (self.flow_level == 0 && (c == '?' || c == ':') && !is_blankz(next))
        {
            return self.fetch_plain_scalar();
        }
        self.err(
            "while scanning for the next token",
            self.mark,
            "found character that cannot start any token",
        )
    }

    fn scan_to_next_token(&mut self) {
        loop {
            self.cache(1);
            if self.mark.column == 0 && self.ch(0) == '\u{feff}' {
                self.skip();
            }
            // tabs separate tokens in flow context, and in block context
            // where no simple key may start (after `-`, `?`, `:` on a line)
            while self.ch(0) == ' '
                || ((self.flow_level > 0 || !self.simple_key_allowed) && self.ch(0) == '\t')
            {
                self.skip();
            }
            if self.ch(0) == '#' {
                while !is_breakz(self.ch(0)) {
                    self.skip();
                }
            }
            if is_break(self.ch(0)) {
                self.skip_line();
                if self.flow_level == 0 {
                    self.simple_key_allowed = true;
                }
            } else {
                break;
            }
        }
    }

    fn stale_simple_keys(&mut self) -> Result<()> {
        let mark = self.mark;
        for k in self.simple_keys.iter_mut() {
            if k.possible && (k.mark.line < mark.line || k.mark.index + 1024 < mark.index) {
                if k.required {
                    return Err(YamlError::new(
                        "could not find expected ':'".into(),
                        mark,
                        Some(("while scanning a simple key", k.mark)),
                    ));
                }
                k.possible = false;
            }
        }
        Ok(())
    }

    fn save_simple_key(&mut self) -> Result<()> {
        let required = self.flow_level == 0 && self.indent == self.mark.column as isize;
        if self.simple_key_allowed {
            let key = SimpleKey {
                possible: true,
                required,
                token_number: self.tokens_parsed + self.tokens.len(),
                mark: self.mark,
            };
            self.remove_simple_key()?;
            if let Some(top) = self.simple_keys.last_mut() {
                *top = key;
            }
        }
        Ok(())
    }

    fn remove_simple_key(&mut self) -> Result<()> {
        let mark = self.mark;
        if let Some(k) = self.simple_keys.last_mut() {
            if k.possible && k.required {
                return Err(YamlError::new(
                    "could not find expected ':'".into(),
                    mark,
                    Some(("while scanning a simple key", k.mark)),
                ));
            }
            k.possible = false;
        }
        Ok(())
    }

    fn increase_flow_level(&mut self) -> Result<()> {
        if self.flow_level >= MAX_FLOW_LEVEL {
            return Err(YamlError::new(
                format!("flow collections nested more than {MAX_FLOW_LEVEL} deep"),
                self.mark,
                None,
            ));
        }
        self.simple_keys.push(SimpleKey::default());
        self.flow_level += 1;
        Ok(())
    }

    fn decrease_flow_level(&mut self) {
        if self.flow_level > 0 {
            self.flow_level -= 1;
            self.simple_keys.pop();
        }
    }

    /// A new, deeper block collection at `column`: its start token (queued
    /// at `number`, or last when `None`).
    fn roll_indent(&mut self, column: usize, number: Option<usize>, tok: Tok, mark: Mark) {
        if self.flow_level > 0 {
            return;
        }
        if self.indent < column as isize {
            self.indents.push(self.indent);
            self.indent = column as isize;
            match number {
                Some(n) => self.insert(n, tok, mark, mark),
                None => self.push(tok, mark, mark),
            }
        }
    }

    fn unroll_indent(&mut self, column: isize) {
        if self.flow_level > 0 {
            return;
        }
        while self.indent > column {
            self.push(Tok::BlockEnd, self.mark, self.mark);
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    // ---- fetchers ----

    fn fetch_stream_start(&mut self) {
        self.indent = -1;
        self.simple_keys.push(SimpleKey::default());
        self.simple_key_allowed = true;
        self.stream_start_produced = true;
        self.push(Tok::StreamStart, self.mark, self.mark);
    }

    fn fetch_stream_end(&mut self) -> Result<()> {
        if self.mark.column != 0 {
            self.mark.column = 0;
            self.mark.line += 1;
        }
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        self.push(Tok::StreamEnd, self.mark, self.mark);
        Ok(())
    }

    fn fetch_directive(&mut self) -> Result<()> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let t = self.scan_directive()?;
        self.tokens.push_back(t);
        Ok(())
    }

    fn fetch_document_indicator(&mut self, tok: Tok) -> Result<()> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        self.skip();
        self.skip();
        self.push(tok, start, self.mark);
        Ok(())
    }

    fn fetch_flow_collection_start(&mut self, tok: Tok) -> Result<()> {
        self.save_simple_key()?;
        self.increase_flow_level()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        self.push(tok, start, self.mark);
        Ok(())
    }

    fn fetch_flow_collection_end(&mut self, tok: Tok) -> Result<()> {
        self.remove_simple_key()?;
        self.decrease_flow_level();
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        self.push(tok, start, self.mark);
        Ok(())
    }

    fn fetch_flow_entry(&mut self) -> Result<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        self.push(Tok::FlowEntry, start, self.mark);
        Ok(())
    }

    fn fetch_block_entry(&mut self) -> Result<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(YamlError::new(
                    "block sequence entries are not allowed in this context".into(),
                    self.mark,
                    None,
                ));
            }
            self.roll_indent(self.mark.column, None, Tok::BlockSequenceStart, self.mark);
        }
        // in flow context `-` is the parser's to refuse
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        self.push(Tok::BlockEntry, start, self.mark);
        Ok(())
    }

    fn fetch_key(&mut self) -> Result<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(YamlError::new(
                    "mapping keys are not allowed in this context".into(),
                    self.mark,
                    None,
                ));
            }
            self.roll_indent(self.mark.column, None, Tok::BlockMappingStart, self.mark);
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = self.flow_level == 0;
        let start = self.mark;
        self.skip();
        self.push(Tok::Key, start, self.mark);
        Ok(())
    }

    fn fetch_value(&mut self) -> Result<()> {
        let key = self.simple_keys.last().copied().unwrap_or_default();
        if key.possible {
            self.insert(key.token_number, Tok::Key, key.mark, key.mark);
            self.roll_indent(
                key.mark.column,
                Some(key.token_number),
                Tok::BlockMappingStart,
                key.mark,
            );
            if let Some(top) = self.simple_keys.last_mut() {
                top.possible = false;
            }
            self.simple_key_allowed = false;
        } else {
            if self.flow_level == 0 {
                if !self.simple_key_allowed {
                    return Err(YamlError::new(
                        "mapping values are not allowed in this context".into(),
                        self.mark,
                        None,
                    ));
                }
                self.roll_indent(self.mark.column, None, Tok::BlockMappingStart, self.mark);
            }
            self.simple_key_allowed = self.flow_level == 0;
        }
        let start = self.mark;
        self.skip();
        self.push(Tok::Value, start, self.mark);
        Ok(())
    }

    fn fetch_anchor(&mut self, alias: bool) -> Result<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        let mut name = String::new();
        while is_alpha(self.ch(0)) {
            self.read(&mut name);
        }
        let end = self.mark;
        let c = self.ch(0);
        if name.is_empty()
            || !(is_blankz(c) || matches!(c, '?' | ':' | ',' | ']' | '}' | '%' | '@' | '`'))
        {
            let context = if alias {
                "while scanning an alias"
            } else {
                "while scanning an anchor"
            };
            return self.err(
                context,
                start,
                "did not find expected alphabetic or numeric character",
            );
        }
        let tok = if alias {
            Tok::Alias(name)
        } else {
            Tok::Anchor(name)
        };
        self.push(tok, start, end);
        Ok(())
    }

    fn fetch_tag(&mut self) -> Result<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        let (handle, suffix);
        if self.ch(1) == '<' {
            self.skip();
            self.skip();
            suffix = self.scan_tag_uri(true, false, None, start)?;
            if self.ch(0) != '>' {
                return self.err(
                    "while scanning a tag",
                    start,
                    "did not find the expected '>'",
                );
            }
            self.skip();
            handle = String::new();
        } else {
            let h = self.scan_tag_handle(false, start)?;
            if h.len() > 1 && h.starts_with('!') && h.ends_with('!') {
                handle = h;
                suffix = self.scan_tag_uri(false, false, None, start)?;
            } else {
                let s = self.scan_tag_uri(false, false, Some(&h), start)?;
                if s.is_empty() {
                    // the lone `!`: the non-specific tag
                    handle = String::new();
                    suffix = "!".to_string();
                } else {
                    handle = "!".to_string();
                    suffix = s;
                }
            }
        }
        let c = self.ch(0);
        if !is_blankz(c) && (self.flow_level == 0 || c != ',') {
            return self.err(
                "while scanning a tag",
                start,
                "did not find expected whitespace or line break",
            );
        }
        self.push(Tok::Tag(handle, suffix), start, self.mark);
        Ok(())
    }

    fn fetch_block_scalar(&mut self, literal: bool) -> Result<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let t = self.scan_block_scalar(literal)?;
        self.tokens.push_back(t);
        Ok(())
    }

    fn fetch_flow_scalar(&mut self, single: bool) -> Result<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let t = self.scan_flow_scalar(single)?;
        self.tokens.push_back(t);
        Ok(())
    }

    fn fetch_plain_scalar(&mut self) -> Result<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let t = self.scan_plain_scalar()?;
        self.tokens.push_back(t);
        Ok(())
    }

    // ---- directives and tags ----

    fn scan_directive(&mut self) -> Result<Token> {
        let start = self.mark;
        self.skip();
        let mut name = String::new();
        while is_alpha(self.ch(0)) {
            self.read(&mut name);
        }
        if name.is_empty() {
            return self.err(
                "while scanning a directive",
                start,
                "could not find expected directive name",
            );
        }
        if !is_blankz(self.ch(0)) {
            return self.err(
                "while scanning a directive",
                start,
                "found unexpected non-alphabetical character",
            );
        }
        let tok = match name.as_str() {
            "YAML" => {
                while is_blank(self.ch(0)) {
                    self.skip();
                }
                let major = self.scan_version_number(start)?;
                if self.ch(0) != '.' {
                    return self.err(
                        "while scanning a %YAML directive",
                        start,
                        "did not find expected digit or '.' character",
                    );
                }
                self.skip();
                let minor = self.scan_version_number(start)?;
                Tok::VersionDirective(major, minor)
            }
            "TAG" => {
                while is_blank(self.ch(0)) {
                    self.skip();
                }
                let handle = self.scan_tag_handle(true, start)?;
                if !is_blank(self.ch(0)) {
                    return self.err(
                        "while scanning a %TAG directive",
                        start,
                        "did not find expected whitespace",
                    );
                }
                while is_blank(self.ch(0)) {
                    self.skip();
                }
                let prefix = self.scan_tag_uri(true, true, None, start)?;
                if !is_blankz(self.ch(0)) {
                    return self.err(
                        "while scanning a %TAG directive",
                        start,
                        "did not find expected whitespace or line break",
                    );
                }
                Tok::TagDirective(handle, prefix)
            }
            _ => {
                return self.err(
                    "while scanning a directive",
                    start,
                    "found unknown directive name",
                )
            }
        };
        let end = self.mark;
        while is_blank(self.ch(0)) {
            self.skip();
        }
        if self.ch(0) == '#' {
            while !is_breakz(self.ch(0)) {
                self.skip();
            }
        }
        if !is_breakz(self.ch(0)) {
            return self.err(
                "while scanning a directive",
                start,
                "did not find expected comment or line break",
            );
        }
        if is_break(self.ch(0)) {
            self.skip_line();
        }
        Ok(Token { tok, start, end })
    }

    fn scan_version_number(&mut self, start: Mark) -> Result<u32> {
        let mut value: u32 = 0;
        let mut length = 0;
        while let Some(d) = self
            .ch(0)
            .to_digit(10)
            .filter(|_| self.ch(0).is_ascii_digit())
        {
            length += 1;
            if length > 9 {
                return self.err(
                    "while scanning a %YAML directive",
                    start,
                    "found extremely long version number",
                );
            }
            value = value * 10 + d;
            self.skip();
        }
        if length == 0 {
            return self.err(
                "while scanning a %YAML directive",
                start,
                "did not find expected version number",
            );
        }
        Ok(value)
    }

    fn scan_tag_handle(&mut self, directive: bool, start: Mark) -> Result<String> {
        let context = if directive {
            "while scanning a tag directive"
        } else {
            "while scanning a tag"
        };
        if self.ch(0) != '!' {
            return self.err(context, start, "did not find expected '!'");
        }
        let mut s = String::new();
        self.read(&mut s);
        while is_alpha(self.ch(0)) {
            self.read(&mut s);
        }
        if self.ch(0) == '!' {
            self.read(&mut s);
        } else if directive && s != "!" {
            // `%TAG !a ...`: a handle must end with `!`
            return self.err(
                "while parsing a tag directive",
                start,
                "did not find expected '!'",
            );
        }
        Ok(s)
    }

    /// A tag's URI part; `head` is a handle that turned out not to be one
    /// (its characters after the first `!` begin the URI).
    fn scan_tag_uri(
        &mut self,
        verbatim: bool,
        directive: bool,
        head: Option<&str>,
        start: Mark,
    ) -> Result<String> {
        let mut bytes: Vec<u8> = Vec::new();
        let mut length = head.map_or(0, |h| h.chars().count());
        if let Some(h) = head {
            if h.len() > 1 {
                bytes.extend_from_slice(&h.as_bytes()[1..]);
            }
        }
        loop {
            let c = self.ch(0);
            let uri = is_alpha(c)
                || matches!(
                    c,
                    ';' | '/'
                        | '?'
                        | ':'
                        | '@'
                        | '&'
                        | '='
                        | '+'
                        | '$'
                        | '.'
                        | '%'
                        | '!'
                        | '~'
                        | '*'
                        | '\''
                        | '('
                        | ')'
                )
                || (verbatim && matches!(c, ',' | '[' | ']'));
            if !uri {
                break;
            }
            if c == '%' {
                self.scan_uri_escapes(directive, start, &mut bytes)?;
            } else {
                let mut b = [0u8; 4];
                bytes.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
                self.skip();
            }
            length += 1;
        }
        if length == 0 {
            let context = if directive {
                "while parsing a %TAG directive"
            } else {
                "while parsing a tag"
            };
            return self.err(context, start, "did not find expected tag URI");
        }
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// `%XX` escapes making one UTF-8 character.
    fn scan_uri_escapes(&mut self, directive: bool, start: Mark, out: &mut Vec<u8>) -> Result<()> {
        let context = if directive {
            "while parsing a %TAG directive"
        } else {
            "while parsing a tag"
        };
        let mut width = 0usize;
        loop {
            let (h1, h2) = (self.ch(1), self.ch(2));
            if !(self.ch(0) == '%' && h1.is_ascii_hexdigit() && h2.is_ascii_hexdigit()) {
                return self.err(context, start, "did not find URI escaped octet");
            }
            let octet = (h1.to_digit(16).unwrap_or(0) * 16 + h2.to_digit(16).unwrap_or(0)) as u8;
            if width == 0 {
                width = if octet & 0x80 == 0 {
                    1
                } else if octet & 0xE0 == 0xC0 {
                    2
                } else if octet & 0xF0 == 0xE0 {
                    3
                } else if octet & 0xF8 == 0xF0 {
                    4
                } else {
                    0
                };
                if width == 0 {
                    return self.err(context, start, "found an incorrect leading UTF-8 octet");
                }
            } else if octet & 0xC0 != 0x80 {
                return self.err(context, start, "found an incorrect trailing UTF-8 octet");
            }
            out.push(octet);
            self.skip();
            self.skip();
            self.skip();
            width -= 1;
            if width == 0 {
                return Ok(());
            }
        }
    }

    // ---- scalars ----

    fn scan_block_scalar(&mut self, literal: bool) -> Result<Token> {
        let start = self.mark;
        self.skip();
        let mut chomping = 0i8;
        let mut increment = 0usize;
        let c = self.ch(0);
        if c == '+' || c == '-' {
            chomping = if c == '+' { 1 } else { -1 };
            self.skip();
            if self.ch(0).is_ascii_digit() {
                if self.ch(0) == '0' {
                    return self.err(
                        "while scanning a block scalar",
                        start,
                        "found an indentation indicator equal to 0",
                    );
                }
                increment = self.ch(0) as usize - '0' as usize;
                self.skip();
            }
        } else if c.is_ascii_digit() {
            if c == '0' {
                return self.err(
                    "while scanning a block scalar",
                    start,
                    "found an indentation indicator equal to 0",
                );
            }
            increment = c as usize - '0' as usize;
            self.skip();
            let c = self.ch(0);
            if c == '+' || c == '-' {
                chomping = if c == '+' { 1 } else { -1 };
                self.skip();
            }
        }
        while is_blank(self.ch(0)) {
            self.skip();
        }
        if self.ch(0) == '#' {
            while !is_breakz(self.ch(0)) {
                self.skip();
            }
        }
        if !is_breakz(self.ch(0)) {
            return self.err(
                "while scanning a block scalar",
                start,
                "did not find expected comment or line break",
            );
        }
        if is_break(self.ch(0)) {
            self.skip_line();
        }
        let mut end = self.mark;
        let mut indent: usize = 0;
        if increment > 0 {
            indent = if self.indent >= 0 {
                self.indent as usize + increment
            } else {
                increment
            };
        }
        let mut string = String::new();
        let mut leading_break = String::new();
        let mut trailing_breaks = String::new();
        self.block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        let mut leading_blank = false;
        while self.mark.column == indent && !is_z(self.ch(0)) {
            let trailing_blank = is_blank(self.ch(0));
            if !literal && leading_break.starts_with('\n') && !leading_blank && !trailing_blank {
                if trailing_breaks.is_empty() {
                    string.push(' ');
                }
                leading_break.clear();
            } else {
                string.push_str(&leading_break);
                leading_break.clear();
            }
            string.push_str(&trailing_breaks);
            trailing_breaks.clear();
            leading_blank = is_blank(self.ch(0));
            while !is_breakz(self.ch(0)) {
                self.read(&mut string);
            }
            self.cache(2);
            self.read_line(&mut leading_break);
            self.block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        }
        if chomping != -1 {
            string.push_str(&leading_break);
        }
        if chomping == 1 {
            string.push_str(&trailing_breaks);
        }
        let style = if literal {
            Style::Literal
        } else {
            Style::Folded
        };
        Ok(Token {
            tok: Tok::Scalar(string, style),
            start,
            end,
        })
    }

    /// The indentation and empty lines before a block scalar's next line;
    /// fixes the indentation from the first non-empty line when not given.
    fn block_scalar_breaks(
        &mut self,
        indent: &mut usize,
        breaks: &mut String,
        start: Mark,
        end: &mut Mark,
    ) -> Result<()> {
        let mut max_indent = 0usize;
        *end = self.mark;
        loop {
            while (*indent == 0 || self.mark.column < *indent) && self.ch(0) == ' ' {
                self.skip();
            }
            max_indent = max_indent.max(self.mark.column);
            if (*indent == 0 || self.mark.column < *indent) && self.ch(0) == '\t' {
                return self.err(
                    "while scanning a block scalar",
                    start,
                    "found a tab character where an indentation space is expected",
                );
            }
            if !is_break(self.ch(0)) {
                break;
            }
            self.cache(2);
            self.read_line(breaks);
            *end = self.mark;
        }
        if *indent == 0 {
            let floor = (self.indent + 1).max(1) as usize;
            *indent = max_indent.max(floor);
        }
        Ok(())
    }

    fn scan_flow_scalar(&mut self, single: bool) -> Result<Token> {
        let start = self.mark;
        self.skip();
        let mut string = String::new();
        let mut leading_break = String::new();
        let mut trailing_breaks = String::new();
        let mut whitespaces = String::new();
        loop {
            self.cache(4);
            if self.at_document_indicator() {
                return self.err(
                    "while scanning a quoted scalar",
                    start,
                    "found unexpected document indicator",
                );
            }
            if is_z(self.ch(0)) {
                return self.err(
                    "while scanning a quoted scalar",
                    start,
                    "found unexpected end of stream",
                );
            }
            let mut leading_blanks = false;
            while !is_blankz(self.ch(0)) {
                let c = self.ch(0);
                if single && c == '\'' && self.ch(1) == '\'' {
                    string.push('\'');
                    self.skip();
                    self.skip();
                } else if c == if single { '\'' } else { '"' } {
                    break;
                } else if !single && c == '\\' && is_break(self.ch(1)) {
                    self.skip();
                    self.skip_line();
                    leading_blanks = true;
                    break;
                } else if !single && c == '\\' {
                    let mut code_length = 0;
                    let e = self.ch(1);
                    match e {
                        '0' => string.push('\0'),
                        'a' => string.push('\x07'),
                        'b' => string.push('\x08'),
                        't' | '\t' => string.push('\t'),
                        'n' => string.push('\n'),
                        'v' => string.push('\x0b'),
                        'f' => string.push('\x0c'),
                        'r' => string.push('\r'),
                        'e' => string.push('\x1b'),
                        ' ' => string.push(' '),
                        '"' => string.push('"'),
                        '/' => string.push('/'),
                        '\\' => string.push('\\'),
                        'N' => string.push('\u{85}'),
                        '_' => string.push('\u{a0}'),
                        'L' => string.push('\u{2028}'),
                        'P' => string.push('\u{2029}'),
                        'x' => code_length = 2,
                        'u' => code_length = 4,
                        'U' => code_length = 8,
                        _ => {
                            return self.err(
                                "while parsing a quoted scalar",
                                start,
                                "found unknown escape character",
                            )
                        }
                    }
                    self.skip();
                    self.skip();
                    if code_length > 0 {
                        let mut value: u32 = 0;
                        for k in 0..code_length {
                            let h = self.ch(k);
                            if !h.is_ascii_hexdigit() {
                                return self.err(
                                    "while parsing a quoted scalar",
                                    start,
                                    "did not find expected hexdecimal number",
                                );
                            }
                            value = (value << 4) + h.to_digit(16).unwrap_or(0);
                        }
                        match char::from_u32(value) {
                            Some(ch) => string.push(ch),
                            None => {
                                return self.err(
                                    "while parsing a quoted scalar",
                                    start,
                                    "found invalid Unicode character escape code",
                                )
                            }
                        }
                        for _ in 0..code_length {
                            self.skip();
                        }
                    }
                } else {
                    self.read(&mut string);
                }
                self.cache(2);
            }
            self.cache(1);
            if self.ch(0) == if single { '\'' } else { '"' } {
                break;
            }
            while is_blank(self.ch(0)) || is_break(self.ch(0)) {
                if is_blank(self.ch(0)) {
                    if !leading_blanks {
                        self.read(&mut whitespaces);
                    } else {
                        self.skip();
                    }
                } else {
                    self.cache(2);
                    if !leading_blanks {
                        whitespaces.clear();
                        self.read_line(&mut leading_break);
                        leading_blanks = true;
                    } else {
                        self.read_line(&mut trailing_breaks);
                    }
                }
                self.cache(1);
            }
            if leading_blanks {
                if leading_break.starts_with('\n') {
                    if trailing_breaks.is_empty() {
                        string.push(' ');
                    } else {
                        string.push_str(&trailing_breaks);
                        trailing_breaks.clear();
                    }
                    leading_break.clear();
                } else {
                    string.push_str(&leading_break);
                    string.push_str(&trailing_breaks);
                    leading_break.clear();
                    trailing_breaks.clear();
                }
            } else {
                string.push_str(&whitespaces);
                whitespaces.clear();
            }
        }
        self.skip();
        let style = if single {
            Style::SingleQuoted
        } else {
            Style::DoubleQuoted
        };
        Ok(Token {
            tok: Tok::Scalar(string, style),
            start,
            end: self.mark,
        })
    }

    fn scan_plain_scalar(&mut self) -> Result<Token> {
        let start = self.mark;
        let mut end = self.mark;
        let indent = self.indent + 1;
        let mut string = String::new();
        let mut leading_break = String::new();
        let mut trailing_breaks = String::new();
        let mut whitespaces = String::new();
        let mut leading_blanks = false;
        loop {
            self.cache(4);
            if self.at_document_indicator() {
                break;
            }
            if self.ch(0) == '#' {
                break;
            }
            while !is_blankz(self.ch(0)) {
                let c = self.ch(0);
                let next = self.ch(1);
                if self.flow_level > 0
                    && c == ':'
                    && matches!(next, ',' | '?' | '[' | ']' | '{' | '}')
                {
                    return self.err(
                        "while scanning a plain scalar",
                        start,
                        "found unexpected ':'",
                    );
                }
                if (c == ':' && is_blankz(next))
                    || (self.flow_level > 0 && matches!(c, ',' | '[' | ']' | '{' | '}'))
                {
                    break;
                }
                if leading_blanks || !whitespaces.is_empty() {
                    if leading_blanks {
                        if leading_break.starts_with('\n') {
                            if trailing_breaks.is_empty() {
                                string.push(' ');
                            } else {
                                string.push_str(&trailing_breaks);
                                trailing_breaks.clear();
                            }
                            leading_break.clear();
                        } else {
                            string.push_str(&leading_break);
                            string.push_str(&trailing_breaks);
                            leading_break.clear();
                            trailing_breaks.clear();
                        }
                        leading_blanks = false;
                    } else {
                        string.push_str(&whitespaces);
                        whitespaces.clear();
                    }
                }
                self.read(&mut string);
                end = self.mark;
                self.cache(2);
            }
            if !(is_blank(self.ch(0)) || is_break(self.ch(0))) {
                break;
            }
            while is_blank(self.ch(0)) || is_break(self.ch(0)) {
                if is_blank(self.ch(0)) {
                    if leading_blanks && (self.mark.column as isize) < indent && self.ch(0) == '\t'
                    {
                        return self.err(
                            "while scanning a plain scalar",
                            start,
                            "found a tab character that violates indentation",
                        );
                    }
                    if !leading_blanks {
                        self.read(&mut whitespaces);
                    } else {
                        self.skip();
                    }
                } else {
                    self.cache(2);
                    if !leading_blanks {
                        whitespaces.clear();
                        self.read_line(&mut leading_break);
                        leading_blanks = true;
                    } else {
                        self.read_line(&mut trailing_breaks);
                    }
                }
                self.cache(1);
            }
            if self.flow_level == 0 && (self.mark.column as isize) < indent {
                break;
            }
        }
        if leading_blanks {
            self.simple_key_allowed = true;
        }
        Ok(Token {
            tok: Tok::Scalar(string, Style::Plain),
            start,
            end,
        })
    }
}

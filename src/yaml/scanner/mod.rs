//! Characters → tokens, the way libyaml 0.2.5 (the parser under Psych) cuts
//! them: its reader's character checks, its indentation stack and "simple
//! key" bookkeeping, and its scalar folding — leniencies and refusals alike
//! (a quoted scalar's continuation lines may start at any column; a tab
//! cannot indent; a key must fit on one line and in 1024 characters; U+2028
//! ends a line).
//!
//! Positions are 0-based here (`Mark`); `YamlError` reports them 1-based.

mod reader;
mod scalars;

use std::cell::Cell;
use std::collections::VecDeque;

use super::YamlError;
use reader::{first_bad, is_alpha, is_blank, is_blankz, is_break, is_breakz, is_z};

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
        let at = number
            .saturating_sub(self.tokens_parsed)
            .min(self.tokens.len());
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
}

//! The characters under the scanner, as libyaml's reader hands them over:
//! its printable set (checked 16 KiB at a time), its line breaks (CR LF,
//! CR, LF, NEL, LS, PS), and a mark that counts characters.

use super::{Mark, Result, Scanner, RAW_CHUNK};
use crate::yaml::YamlError;

pub(super) fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}
pub(super) fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}
pub(super) fn is_z(c: char) -> bool {
    c == '\0'
}
pub(super) fn is_breakz(c: char) -> bool {
    is_break(c) || is_z(c)
}
pub(super) fn is_blankz(c: char) -> bool {
    is_blank(c) || is_breakz(c)
}
/// libyaml's "alpha": what anchors, tag handles and directive names are made of.
pub(super) fn is_alpha(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// The length of the UTF-8 sequence a byte starts.
pub(super) fn utf8_width(b: u8) -> usize {
    match b {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// The characters libyaml's reader accepts (YAML 1.1's printable set).
pub(super) fn printable(c: char) -> bool {
    matches!(c as u32,
        0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// The first unprintable character, as (byte offset from which the reader
/// finds it, its own byte offset).
pub(super) fn first_bad(src: &str) -> Option<(usize, usize)> {
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

impl Scanner<'_> {
    /// The character `k` ahead (NUL past the end).
    pub(super) fn ch(&self, k: usize) -> char {
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
    pub(super) fn cache(&self, n: usize) {
        let _ = self.ch(n.saturating_sub(1));
    }

    pub(super) fn reader_error(&self) -> Result<()> {
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

    pub(super) fn skip(&mut self) {
        if let Some(&c) = self.src.as_bytes().get(self.pos) {
            self.pos += utf8_width(c);
        }
        self.mark.index += 1;
        self.mark.column += 1;
    }

    pub(super) fn skip_line(&mut self) {
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

    pub(super) fn read(&mut self, s: &mut String) {
        s.push(self.ch(0));
        self.skip();
    }

    /// Copy at once the ASCII characters from here that `plain` takes: a
    /// scalar's loop would read them one by one and only copy them (a
    /// front matter's values are mostly such runs). Stops two bytes short
    /// of an unprintable character, so that the reader's lookahead meets
    /// it where the loop would have.
    pub(super) fn read_run(&mut self, s: &mut String, plain: impl Fn(u8) -> bool) {
        let b = self.src.as_bytes();
        let limit = self
            .bad
            .map_or(b.len(), |(from, _)| from.saturating_sub(2))
            .min(b.len());
        let start = self.pos;
        let mut end = start;
        while end < limit && b[end].is_ascii() && plain(b[end]) {
            end += 1;
        }
        let n = end - start;
        if n > 0 {
            // ASCII throughout: `end` is a character boundary
            s.push_str(&self.src[start..end]);
            self.pos = end;
            self.mark.index += n;
            self.mark.column += n;
        }
    }

    /// Copy a line break: CR LF, CR, LF and NEL become LF; LS and PS stay.
    pub(super) fn read_line(&mut self, s: &mut String) {
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

    pub(super) fn at_document_indicator(&self) -> bool {
        self.mark.column == 0
            && ((self.ch(0) == '-' && self.ch(1) == '-' && self.ch(2) == '-')
                || (self.ch(0) == '.' && self.ch(1) == '.' && self.ch(2) == '.'))
            && is_blankz(self.ch(3))
    }

    pub(super) fn err<T>(&self, context: &str, context_mark: Mark, problem: &str) -> Result<T> {
        Err(YamlError::new(
            problem.to_string(),
            self.mark,
            Some((context, context_mark)),
        ))
    }
}

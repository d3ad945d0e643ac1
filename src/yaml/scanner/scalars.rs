//! The scanner's longer lexemes: directives, tags, and the five scalar
//! styles with libyaml's folding and indentation rules.

use super::reader::{is_alpha, is_blank, is_blankz, is_break, is_breakz, is_z};
use super::{Mark, Result, Scanner, Style, Tok, Token};

impl Scanner<'_> {
    // ---- directives and tags ----

    pub(super) fn scan_directive(&mut self) -> Result<Token> {
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

    pub(super) fn scan_version_number(&mut self, start: Mark) -> Result<u32> {
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

    pub(super) fn scan_tag_handle(&mut self, directive: bool, start: Mark) -> Result<String> {
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
    pub(super) fn scan_tag_uri(
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
    pub(super) fn scan_uri_escapes(
        &mut self,
        directive: bool,
        start: Mark,
        out: &mut Vec<u8>,
    ) -> Result<()> {
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

    pub(super) fn scan_block_scalar(&mut self, literal: bool) -> Result<Token> {
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
    pub(super) fn block_scalar_breaks(
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

    pub(super) fn scan_flow_scalar(&mut self, single: bool) -> Result<Token> {
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
                    // no quote, backslash or blank: copied as they are
                    self.read_run(&mut string, |b| {
                        b.is_ascii_graphic() && !matches!(b, b'\'' | b'"' | b'\\')
                    });
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

    pub(super) fn scan_plain_scalar(&mut self) -> Result<Token> {
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
                // what the checks above let through unchanged, in bulk
                self.read_run(&mut string, |b| {
                    b.is_ascii_graphic()
                        && !matches!(b, b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#')
                });
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

//! Ruby Liquid 5.4's strict `Lexer`/`Parser` for variables. `Variable.new`
//! tries it first in every error mode and falls back to the lax regexes
//! only on a syntax error, so `{{ a[ 'b' ] }}` and `{{ x . y }}` work.

use super::expr::{parse_expression, FilterCall, Variable};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum T {
    Comparison,
    Str,
    Number,
    Id,
    DotDot,
    Pipe,
    Dot,
    Colon,
    Comma,
    OpenSquare,
    CloseSquare,
    OpenRound,
    CloseRound,
    Question,
    Dash,
    End,
}

fn lex(input: &str) -> Option<Vec<(T, &str)>> {
    let b = input.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let st = i;
        let rest = &input[i..];
        let c = b[i];
        let tok = if rest.starts_with("==") || rest.starts_with("!=") || rest.starts_with("<>") {
            i += 2;
            T::Comparison
        } else if c == b'<' || c == b'>' {
            i += if b.get(i + 1) == Some(&b'=') { 2 } else { 1 };
            T::Comparison
        } else if rest.starts_with("contains")
            && b.get(i + 8).is_some_and(|c| c.is_ascii_whitespace())
        {
            i += 8;
            T::Comparison
        } else if c == b'\'' || c == b'"' {
            let e = b[i + 1..].iter().position(|&x| x == c)?;
            i += e + 2;
            T::Str
        } else if c.is_ascii_digit() || (c == b'-' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
                i += 1;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
            }
            T::Number
        } else if c.is_ascii_alphabetic() || c == b'_' {
            i += 1;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-') {
                i += 1;
            }
            if i < b.len() && b[i] == b'?' {
                i += 1;
            }
            T::Id
        } else if rest.starts_with("..") {
            i += 2;
            T::DotDot
        } else {
            i += 1;
            match c {
                b'|' => T::Pipe,
                b'.' => T::Dot,
                b':' => T::Colon,
                b',' => T::Comma,
                b'[' => T::OpenSquare,
                b']' => T::CloseSquare,
                b'(' => T::OpenRound,
                b')' => T::CloseRound,
                b'?' => T::Question,
                b'-' => T::Dash,
                _ => return None,
            }
        };
        out.push((tok, &input[st..i]));
    }
    out.push((T::End, ""));
    Some(out)
}

struct P<'a> {
    toks: Vec<(T, &'a str)>,
    p: usize,
    /// `expression` calls in progress (bounded as the lax parser's are).
    depth: usize,
}

impl<'a> P<'a> {
    fn look(&self, t: T, ahead: usize) -> bool {
        self.toks.get(self.p + ahead).is_some_and(|x| x.0 == t)
    }
    fn consume(&mut self, t: T) -> Option<&'a str> {
        let tok = self.toks.get(self.p)?;
        if tok.0 != t {
            return None;
        }
        self.p += 1;
        Some(tok.1)
    }
    fn consume_any(&mut self) -> Option<&'a str> {
        let tok = self.toks.get(self.p)?;
        self.p += 1;
        Some(tok.1)
    }
    fn expression(&mut self) -> Option<String> {
        if self.depth >= super::expr::MAX_EXPR_DEPTH {
            super::expr::mark_too_deep();
            return None;
        }
        self.depth += 1;
        let r = self.expression_inner();
        self.depth -= 1;
        r
    }

    fn expression_inner(&mut self) -> Option<String> {
        let (t, s) = *self.toks.get(self.p)?;
        match t {
            T::Id => {
                self.p += 1;
                let mut out = s.to_string();
                out.push_str(&self.lookups()?);
                Some(out)
            }
            T::OpenSquare => {
                self.p += 1;
                let mut out = "[".to_string();
                out.push_str(&self.expression()?);
                out.push_str(self.consume(T::CloseSquare)?);
                out.push_str(&self.lookups()?);
                Some(out)
            }
            T::Str | T::Number => {
                self.p += 1;
                Some(s.to_string())
            }
            T::OpenRound => {
                self.p += 1;
                let first = self.expression()?;
                self.consume(T::DotDot)?;
                let last = self.expression()?;
                self.consume(T::CloseRound)?;
                Some(format!("({first}..{last})"))
            }
            _ => None,
        }
    }
    fn lookups(&mut self) -> Option<String> {
        let mut out = String::new();
        loop {
            if self.look(T::OpenSquare, 0) {
                out.push_str(self.consume_any()?);
                out.push_str(&self.expression()?);
                out.push_str(self.consume(T::CloseSquare)?);
            } else if self.look(T::Dot, 0) {
                out.push_str(self.consume_any()?);
                out.push_str(self.consume(T::Id)?);
            } else {
                break;
            }
        }
        Some(out)
    }
    fn argument(&mut self) -> Option<(Option<String>, String)> {
        let mut key = None;
        if self.look(T::Id, 0) && self.look(T::Colon, 1) {
            key = Some(self.consume_any()?.to_string());
            self.consume_any()?;
        }
        Some((key, self.expression()?))
    }
}

/// `Variable#strict_parse`; `None` on a syntax error (the caller falls back to lax).
pub fn parse_variable_strict(markup: &str) -> Option<Variable> {
    let mut p = P {
        toks: lex(markup)?,
        p: 0,
        depth: 0,
    };
    if p.look(T::End, 0) {
        return Some(Variable {
            expr: None,
            filters: Vec::new(),
        });
    }
    let expr = parse_expression(&p.expression()?);
    let mut filters = Vec::new();
    while p.consume(T::Pipe).is_some() {
        let name = p.consume(T::Id)?.to_string();
        let mut args = Vec::new();
        let mut kwargs = Vec::new();
        if p.consume(T::Colon).is_some() {
            loop {
                match p.argument()? {
                    (Some(k), v) => kwargs.push((k, parse_expression(&v))),
                    (None, v) => args.push(parse_expression(&v)),
                }
                if p.consume(T::Comma).is_none() {
                    break;
                }
            }
        }
        filters.push(FilterCall {
            jekyll: super::filters_jekyll::is_jekyll_filter(&name),
            name,
            args,
            kwargs,
        });
    }
    p.consume(T::End)?;
    Some(Variable {
        expr: Some(expr),
        filters,
    })
}

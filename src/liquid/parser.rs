//! Template source → AST, as Ruby Liquid 5.4 parses in lax mode: the
//! tokenizer (`TemplateParser`), whitespace control, blank-body stripping,
//! and every tag's markup (Jekyll's `include`, `highlight` included).

use std::sync::Arc;

use super::ast::*;
use super::expr::{
    self, is_word, parse_condition_expression, parse_expression, parse_variable, Expr,
};

/// Block nesting limit (Ruby Liquid's `Block::MAX_DEPTH`).
const MAX_DEPTH: usize = 100;

#[derive(Debug)]
pub struct SyntaxError {
    pub message: String,
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone)]
enum Tok<'a> {
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

struct Token<'a> {
    tok: Tok<'a>,
    line: u32,
    col: u32,
}

fn find(h: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    if from >= h.len() {
        return None;
    }
    h[from..]
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|p| p + from)
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// `FullToken`: `{%-?(\s*)(#|\w+)(\s*)(.*?)-?%}`.
fn classify_tag(raw: &str) -> Tok<'_> {
    let b = raw.as_bytes();
    let inner_start = if b.get(2) == Some(&b'-') { 3 } else { 2 };
    let mut end = raw.len() - 2;
    let rstrip = end >= 1 && b[end - 1] == b'-' && end - 1 >= inner_start;
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

fn tokenize(src: &str, first_line: usize) -> Vec<Token<'_>> {
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
            match find(b, st + 2, b"%}") {
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
            match b[st + 2..]
                .iter()
                .position(|&c| c == b'}')
                .map(|p| p + st + 2)
            {
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
                        let rstrip = ie > is && raw.as_bytes()[ie - 1] == b'-';
                        if rstrip {
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
fn tokenize_liquid_tag<'a>(markup: &'a str, line: u32, col: u32) -> Vec<Token<'a>> {
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
                    raw: t,
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

pub struct Parser<'a> {
    toks: Vec<Token<'a>>,
    pos: usize,
    trim_next: bool,
    depth: usize,
    file: &'a str,
    liquid_mode: bool,
}

/// How a block body ended.
struct End<'a> {
    name: Option<&'a str>,
    markup: &'a str,
    line: u32,
    col: u32,
}

pub fn parse_document(src: &str, file: &str, first_line: usize) -> Result<Block, SyntaxError> {
    let mut p = Parser {
        toks: tokenize(src, first_line.max(1)),
        pos: 0,
        trim_next: false,
        depth: 0,
        file,
        liquid_mode: false,
    };
    let (body, _blank, end) = p.parse_body()?;
    if let Some(name) = end.name {
        return Err(p.unknown_tag_error(name, None, end.line, end.col));
    }
    Ok(body)
}

fn err(msg: impl Into<String>, line: u32, col: u32) -> SyntaxError {
    SyntaxError {
        message: msg.into(),
        line: line as usize,
        col: col as usize,
    }
}

fn rstrip_ruby(s: &mut String) {
    let t = s
        .trim_end_matches(|c: char| c.is_ascii_whitespace() || c == '\0')
        .len();
    s.truncate(t);
}

impl<'a> Parser<'a> {
    fn unknown_tag_error(
        &self,
        tag: &str,
        block: Option<&str>,
        line: u32,
        col: u32,
    ) -> SyntaxError {
        let msg = if tag == "else" {
            match block {
                Some(b) => format!("{b} tag does not expect 'else' tag"),
                None => "Unexpected outer 'else' tag".to_string(),
            }
        } else if tag.starts_with("end") {
            match block {
                Some(b) => format!("'{tag}' is not a valid delimiter for {b} tags. use end{b}"),
                None => format!("Unexpected outer '{tag}' tag"),
            }
        } else {
            format!("Unknown tag '{tag}'")
        };
        err(msg, line, col)
    }

    /// Parse nodes until an unknown tag (returned for the caller to handle) or the end.
    fn parse_body(&mut self) -> Result<(Block, bool, End<'a>), SyntaxError> {
        if self.depth >= MAX_DEPTH {
            let (l, c) = self.here();
            return Err(err("Nesting too deep", l, c));
        }
        self.depth += 1;
        let r = self.parse_body_inner();
        self.depth -= 1;
        r
    }

    fn here(&self) -> (u32, u32) {
        self.toks
            .get(self.pos.saturating_sub(1))
            .map(|t| (t.line, t.col))
            .unwrap_or((1, 1))
    }

    fn strip_prev(nodes: &mut Block) {
        if let Some(Node::Text(t)) = nodes.last_mut() {
            let mut s = t.to_string();
            rstrip_ruby(&mut s);
            *t = s.into_boxed_str();
        }
    }

    fn parse_body_inner(&mut self) -> Result<(Block, bool, End<'a>), SyntaxError> {
        let mut nodes: Block = Vec::new();
        let mut blank = true;
        while self.pos < self.toks.len() {
            let Token { tok, line, col } = self.toks[self.pos].clone_tok();
            self.pos += 1;
            match tok {
                Tok::Text(t) => {
                    let t = if self.trim_next {
                        t.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '\0')
                    } else {
                        t
                    };
                    self.trim_next = false;
                    if t.is_empty() {
                        continue;
                    }
                    blank &= t.bytes().all(is_space);
                    nodes.push(Node::Text(t.into()));
                }
                Tok::Var {
                    markup,
                    lstrip,
                    rstrip,
                    ..
                } => {
                    if lstrip {
                        Self::strip_prev(&mut nodes);
                    }
                    self.trim_next = rstrip;
                    nodes.push(Node::Output(Box::new(parse_variable(markup)), line));
                    blank = false;
                }
                Tok::Bad { raw, is_tag } => {
                    let msg = if is_tag {
                        format!("Tag '{raw}' was not properly terminated with regexp: /\\%\\}}/")
                    } else {
                        format!(
                            "Variable '{raw}' was not properly terminated with regexp: /\\}}\\}}/"
                        )
                    };
                    return Err(err(msg, line, col));
                }
                Tok::Tag {
                    name,
                    markup,
                    lstrip,
                    rstrip,
                    ..
                } => {
                    if lstrip {
                        Self::strip_prev(&mut nodes);
                    }
                    self.trim_next = rstrip;
                    if name == "liquid" && !self.liquid_mode {
                        let toks = tokenize_liquid_tag(markup, line, col);
                        let mut sub = Parser {
                            toks,
                            pos: 0,
                            trim_next: false,
                            depth: self.depth,
                            file: self.file,
                            liquid_mode: true,
                        };
                        let (b, bl, end) = sub.parse_body()?;
                        if let Some(n) = end.name {
                            return Err(sub.unknown_tag_error(
                                n,
                                Some("liquid"),
                                end.line,
                                end.col,
                            ));
                        }
                        blank &= bl;
                        nodes.extend(b);
                        continue;
                    }
                    match self.parse_tag(name, markup, line, col)? {
                        Some((node, node_blank)) => {
                            blank &= node_blank;
                            if let Some(n) = node {
                                nodes.push(n);
                            }
                        }
                        None => {
                            return Ok((
                                nodes,
                                blank,
                                End {
                                    name: Some(name),
                                    markup,
                                    line,
                                    col,
                                },
                            ))
                        }
                    }
                }
            }
        }
        let (line, col) = self.here();
        Ok((
            nodes,
            blank,
            End {
                name: None,
                markup: "",
                line,
                col,
            },
        ))
    }

    fn parse_until(&mut self, block: &str) -> Result<(Block, bool, End<'a>), SyntaxError> {
        let (b, blank, end) = self.parse_body()?;
        match end.name {
            None => Err(err(
                format!("'{block}' tag was never closed"),
                end.line,
                end.col,
            )),
            Some(_) => Ok((b, blank, end)),
        }
    }

    fn strip_blank(b: &mut Block) {
        b.retain(|n| !matches!(n, Node::Text(_)));
    }

    /// `Some((node, blank))` for a known tag, `None` for an unknown one (end tags included).
    #[allow(clippy::type_complexity)]
    fn parse_tag(
        &mut self,
        name: &'a str,
        markup: &'a str,
        line: u32,
        col: u32,
    ) -> Result<Option<(Option<Node>, bool)>, SyntaxError> {
        let node = match name {
            "assign" => {
                let (to, rest) = parse_assign(markup).ok_or_else(|| {
                    err("Syntax Error in 'assign' - Valid syntax: assign [var] = [source]", line, col)
                })?;
                return Ok(Some((Some(Node::Assign(Arc::from(to), Box::new(parse_variable(rest)), line)), true)));
            }
            "capture" => {
                let to = variable_signature_match(markup)
                    .ok_or_else(|| err("Syntax Error in 'capture' - Valid syntax: capture [var]", line, col))?;
                let (body, _blank, end) = self.parse_until("capture")?;
                self.expect_end(&end, "capture")?;
                return Ok(Some((Some(Node::Capture(Arc::from(to), body)), true)));
            }
            "if" | "unless" => return self.parse_if(name, markup, line, col).map(Some),
            "case" => return self.parse_case(markup, line, col).map(Some),
            "for" => return self.parse_for(markup, line, col).map(Some),
            "tablerow" => return self.parse_tablerow(markup, line, col).map(Some),
            "comment" => {
                // Ignores everything, nested tags included, up to endcomment.
                let mut depth = 0;
                loop {
                    if self.pos >= self.toks.len() {
                        return Err(err("'comment' tag was never closed", line, col));
                    }
                    let t = self.toks[self.pos].clone_tok();
                    self.pos += 1;
                    match t.tok {
                        Tok::Tag { name: "comment", .. } => depth += 1,
                        Tok::Tag { name: "endcomment", rstrip, .. } => {
                            if depth == 0 {
                                self.trim_next = rstrip;
                                break;
                            }
                            depth -= 1;
                        }
                        Tok::Tag { name: "raw", .. } if !self.liquid_mode => {
                            // a raw inside a comment hides its content
                            while self.pos < self.toks.len() {
                                let t = self.toks[self.pos].clone_tok();
                                self.pos += 1;
                                if let Tok::Tag { name: "endraw", .. } = t.tok {
                                    break;
                                }
                            }
                        }
                        _ => {}
                    }
                }
                return Ok(Some((None, true)));
            }
            "#" => {
                return Ok(Some((None, true)));
            }
            "raw" => {
                let mut body = String::new();
                loop {
                    if self.pos >= self.toks.len() {
                        return Err(err("'raw' tag was never closed", line, col));
                    }
                    let t = self.toks[self.pos].clone_tok();
                    self.pos += 1;
                    let raw = match t.tok {
                        Tok::Text(s) => s,
                        Tok::Var { raw, .. } | Tok::Bad { raw, .. } => raw,
                        Tok::Tag { name: "endraw", raw, rstrip, .. } => {
                            let _ = raw;
                            self.trim_next = rstrip;
                            break;
                        }
                        Tok::Tag { raw, .. } => {
                            // `FullTokenPossiblyInvalid`: text{%endraw%} inside one token
                            raw
                        }
                    };
                    body.push_str(raw);
                }
                let blank = body.is_empty();
                return Ok(Some((Some(Node::Text(body.into())), blank)));
            }
            "echo" => Node::Echo(Box::new(parse_variable(markup)), line),
            "increment" => Node::Increment(Arc::from(markup.trim())),
            "decrement" => Node::Decrement(Arc::from(markup.trim())),
            "break" => Node::Break,
            "continue" => Node::Continue,
            "cycle" => Node::Cycle(Box::new(parse_cycle(markup).ok_or_else(|| {
                err("Syntax Error in 'cycle' - Valid syntax: cycle [name :] var [, var2, var3 ...]", line, col)
            })?), line),
            "ifchanged" => {
                let (body, _, end) = self.parse_until("ifchanged")?;
                self.expect_end(&end, "ifchanged")?;
                Node::IfChanged(body)
            }
            "include" | "include_relative" => {
                Node::Include(Box::new(parse_include(markup, name == "include_relative", self.file).map_err(|m| err(m, line, col))?), line)
            }
            "render" => Node::Render(Box::new(parse_render(markup).ok_or_else(|| {
                err("Syntax error in tag 'render' - Template name must be a quoted string", line, col)
            })?), line),
            "highlight" => {
                let (lang, linenos) = parse_highlight(markup).ok_or_else(|| {
                    err(format!("Syntax Error in tag 'highlight' while parsing the following markup:\n\n  {markup}\n\nValid syntax: highlight <lang> [linenos]\n"), line, col)
                })?;
                let (body, _, end) = self.parse_until("highlight")?;
                self.expect_end(&end, "highlight")?;
                Node::Highlight(Box::new(HighlightTag { lang, linenos, body }), line)
            }
            "link" | "post_url" | "seo" | "feed_meta" | "gist" | "github_edit_link" | "octicon" => {
                Node::Custom(Box::new(CustomTag { name: name.to_string(), markup: markup.to_string(), line }))
            }
            _ => return Ok(None),
        };
        Ok(Some((Some(node), false)))
    }

    fn expect_end(&self, end: &End<'a>, block: &str) -> Result<(), SyntaxError> {
        let want = format!("end{block}");
        match end.name {
            Some(n) if n == want => Ok(()),
            Some(n) => Err(self.unknown_tag_error(n, Some(block), end.line, end.col)),
            None => Err(err(
                format!("'{block}' tag was never closed"),
                end.line,
                end.col,
            )),
        }
    }

    fn parse_if(
        &mut self,
        tag: &str,
        markup: &str,
        line: u32,
        col: u32,
    ) -> Result<(Option<Node>, bool), SyntaxError> {
        let cond_err = || {
            err(
                format!("Syntax Error in tag '{tag}' - Valid syntax: {tag} [expression]"),
                line,
                col,
            )
        };
        let mut branches = Vec::new();
        let mut else_block = None;
        let mut cond = Some(parse_condition(markup).ok_or_else(cond_err)?);
        let mut all_blank = true;
        loop {
            let (body, blank, end) = self.parse_until(tag)?;
            all_blank &= blank;
            match cond.take() {
                Some(c) if else_block.is_none() => branches.push((c, body)),
                Some(_) => {}
                None => {
                    if else_block.is_none() {
                        else_block = Some(body);
                    }
                }
            }
            match end.name {
                Some(n) if n == format!("end{tag}") => break,
                Some("elsif") => {
                    // an elsif after else is never reached (Ruby evaluates blocks in order)
                    cond = Some(parse_condition(end.markup).ok_or_else(|| {
                        err(
                            format!(
                                "Syntax Error in tag '{tag}' - Valid syntax: {tag} [expression]"
                            ),
                            end.line,
                            end.col,
                        )
                    })?);
                }
                Some("else") => {
                    if else_block.is_some() {
                        cond = Some(parse_condition("false").ok_or_else(cond_err)?);
                    }
                }
                Some(n) => return Err(self.unknown_tag_error(n, Some(tag), end.line, end.col)),
                None => return Err(err("tag was never closed", end.line, end.col)),
            }
        }
        if all_blank {
            for (_, b) in branches.iter_mut() {
                Self::strip_blank(b);
            }
            if let Some(b) = else_block.as_mut() {
                Self::strip_blank(b);
            }
        }
        Ok((
            Some(Node::If(Box::new(IfTag {
                unless: tag == "unless",
                branches,
                else_block,
                line,
            }))),
            all_blank,
        ))
    }

    fn parse_case(
        &mut self,
        markup: &str,
        line: u32,
        col: u32,
    ) -> Result<(Option<Node>, bool), SyntaxError> {
        let b = markup.as_bytes();
        let left = match expr::find_quoted_fragment(b, 0) {
            Some((s, e)) => parse_expression(&markup[s..e]),
            None => {
                return Err(err(
                    "Syntax Error in tag 'case' - Valid syntax: case [condition]",
                    line,
                    col,
                ))
            }
        };
        // Content before the first when is discarded.
        let (_, mut all_blank, mut end) = self.parse_until("case")?;
        let mut arms = Vec::new();
        let mut bodies = Vec::new();
        loop {
            match end.name {
                Some("endcase") => break,
                Some("when") => {
                    let conds = parse_when(end.markup).ok_or_else(|| {
                        err("Syntax Error in tag 'case' - Valid when condition: {% when [condition] [or condition2...] %}", end.line, end.col)
                    })?;
                    let idx = bodies.len();
                    for c in conds {
                        arms.push((Some(c), idx));
                    }
                }
                Some("else") => {
                    if !end.markup.trim().is_empty() {
                        return Err(err("Syntax Error in tag 'case' - Valid else condition: {% else %} (no parameters) ", end.line, end.col));
                    }
                    arms.push((None, bodies.len()));
                }
                Some(n) => return Err(self.unknown_tag_error(n, Some("case"), end.line, end.col)),
                None => return Err(err("tag was never closed", end.line, end.col)),
            }
            let (body, blank, e) = self.parse_until("case")?;
            all_blank &= blank;
            bodies.push(body);
            end = e;
        }
        if all_blank {
            for b in bodies.iter_mut() {
                Self::strip_blank(b);
            }
        }
        Ok((
            Some(Node::Case(Box::new(CaseTag {
                left,
                arms,
                bodies,
                line,
            }))),
            all_blank,
        ))
    }

    fn parse_for(
        &mut self,
        markup: &str,
        line: u32,
        col: u32,
    ) -> Result<(Option<Node>, bool), SyntaxError> {
        let (var, coll, reversed) = parse_for_syntax(markup).ok_or_else(|| {
            err(
                "Syntax Error in 'for loop' - Valid syntax: for [item] in [collection]",
                line,
                col,
            )
        })?;
        let mut limit = None;
        let mut offset = Offset::None;
        for (k, v) in expr::scan_tag_attributes(markup) {
            match k {
                "limit" => limit = Some(parse_expression(v)),
                "offset" => {
                    offset = if v == "continue" {
                        Offset::Continue
                    } else {
                        Offset::Expr(parse_expression(v))
                    }
                }
                _ => {}
            }
        }
        let (mut body, mut blank, end) = self.parse_until("for")?;
        let mut else_block = None;
        match end.name {
            Some("endfor") => {}
            Some("else") => {
                let (eb, eblank, end2) = self.parse_until("for")?;
                self.expect_end(&end2, "for")?;
                blank &= eblank;
                else_block = Some(eb);
            }
            Some(n) => return Err(self.unknown_tag_error(n, Some("for"), end.line, end.col)),
            None => return Err(err("tag was never closed", end.line, end.col)),
        }
        if blank {
            Self::strip_blank(&mut body);
            if let Some(b) = else_block.as_mut() {
                Self::strip_blank(b);
            }
        }
        let name = format!("{}-{}", var, coll);
        Ok((
            Some(Node::For(Box::new(ForTag {
                var: Arc::from(var),
                collection: parse_expression(coll),
                name,
                reversed,
                limit,
                offset,
                body,
                else_block,
                line,
            }))),
            blank,
        ))
    }

    fn parse_tablerow(
        &mut self,
        markup: &str,
        line: u32,
        col: u32,
    ) -> Result<(Option<Node>, bool), SyntaxError> {
        let (var, coll) = parse_tablerow_syntax(markup)
            .ok_or_else(|| err("Syntax Error in 'table_row loop' - Valid syntax: table_row [item] in [collection] cols=3", line, col))?;
        let attrs = expr::scan_tag_attributes(markup)
            .into_iter()
            .map(|(k, v)| (k.to_string(), parse_expression(v)))
            .collect();
        let (body, blank, end) = self.parse_until("tablerow")?;
        self.expect_end(&end, "tablerow")?;
        Ok((
            Some(Node::TableRow(Box::new(TableRowTag {
                var: Arc::from(var),
                collection: parse_expression(coll),
                attrs,
                body,
                line,
            }))),
            blank,
        ))
    }
}

impl<'a> Token<'a> {
    fn clone_tok(&self) -> Token<'a> {
        Token {
            tok: self.tok.clone(),
            line: self.line,
            col: self.col,
        }
    }
}

/// `VariableSignature+` at the first place it matches: `\(?[\w\-\.\[\]]\)?`.
fn variable_signature_match(m: &str) -> Option<&str> {
    let b = m.as_bytes();
    let ok = |c: u8| is_word(c) || matches!(c, b'-' | b'.' | b'[' | b']');
    let st = b.iter().position(|&c| ok(c) || c == b'(')?;
    let mut i = st;
    loop {
        let save = i;
        if i < b.len() && b[i] == b'(' {
            i += 1;
        }
        if i < b.len() && ok(b[i]) {
            i += 1;
            if i < b.len() && b[i] == b')' {
                i += 1;
            }
        } else {
            i = save;
            break;
        }
    }
    if i == st {
        return variable_signature_match(&m[st + 1..]);
    }
    Some(&m[st..i])
}

/// `assign`: `(VariableSignature+)\s*=\s*(.*)`.
fn parse_assign(m: &str) -> Option<(&str, &str)> {
    let eq = m.find('=')?;
    let lhs = &m[..eq];
    let to = variable_signature_match(lhs)?;
    // the signature must run up to the `=` (only spaces between)
    let after = &lhs[lhs.find(to)? + to.len()..];
    if !after.trim().is_empty() {
        // Ruby's regex would find a later signature; approximate with the last one.
        let last = lhs.trim_end();
        let st = last
            .rfind(|c: char| c.is_whitespace())
            .map(|p| p + 1)
            .unwrap_or(0);
        return Some((variable_signature_match(&last[st..])?, &m[eq + 1..]));
    }
    Some((to, &m[eq + 1..]))
}

fn parse_cycle(m: &str) -> Option<CycleTag> {
    let b = m.as_bytes();
    // NamedSyntax: \A(QuotedFragment)\s*:\s*(.*)
    if let Some(e) = expr::quoted_fragment_at(b, 0) {
        let rest = m[e..].trim_start();
        if let Some(r) = rest.strip_prefix(':') {
            let values = cycle_values(r);
            return Some(CycleTag {
                name: Some(parse_expression(&m[..e])),
                key: String::new(),
                values,
            });
        }
        let values = cycle_values(m);
        let key = format!(
            "{:?}",
            values.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>()
        );
        return Some(CycleTag {
            name: None,
            key,
            values,
        });
    }
    None
}

fn cycle_values(m: &str) -> Vec<Expr> {
    m.split(',')
        .filter_map(|v| {
            expr::find_quoted_fragment(v.as_bytes(), 0).map(|(s, e)| parse_expression(&v[s..e]))
        })
        .collect()
}

/// `WhenSyntax`, repeatedly: values separated by `or` or commas.
fn parse_when(m: &str) -> Option<Vec<Expr>> {
    let mut out = Vec::new();
    let mut rest = m;
    loop {
        let b = rest.as_bytes();
        let (s, e) = expr::find_quoted_fragment(b, 0)?;
        out.push(parse_condition_expression(&rest[s..e]));
        let tail = &rest[e..];
        // (?:\s+or\s+|\s*,\s*)(QuotedFragment.*)
        let t = tail.trim_start();
        let ws = tail.len() - t.len();
        let next = if let Some(r) = t.strip_prefix(',') {
            Some(r.trim_start())
        } else if ws > 0
            && t.starts_with("or")
            && t[2..].starts_with(|c: char| c.is_ascii_whitespace())
        {
            Some(t[2..].trim_start())
        } else {
            None
        };
        match next {
            Some(r) if expr::quoted_fragment_at(r.as_bytes(), 0).is_some() => rest = r,
            _ => break,
        }
    }
    Some(out)
}

/// For's lax `Syntax`: `\A(VariableSegment+)\s+in\s+(QuotedFragment+)\s*(reversed)?`.
fn parse_for_syntax(m: &str) -> Option<(&str, &str, bool)> {
    let m = m.trim_start();
    let b = m.as_bytes();
    let mut i = 0;
    while i < b.len() && (is_word(b[i]) || b[i] == b'-') {
        i += 1;
    }
    if i == 0 {
        return None;
    }
    let var = &m[..i];
    let rest = &m[i..];
    let r = rest.trim_start();
    if r.len() == rest.len() {
        return None;
    }
    let r = r.strip_prefix("in")?;
    let r2 = r.trim_start();
    if r2.len() == r.len() {
        return None;
    }
    // QuotedFragment+ : consecutive fragments (no spaces between)
    let rb = r2.as_bytes();
    let mut e = expr::quoted_fragment_at(rb, 0)?;
    while let Some(e2) = expr::quoted_fragment_at(rb, e) {
        e = e2;
    }
    let coll = &r2[..e];
    let after = r2[e..].trim_start();
    let reversed = after.starts_with("reversed");
    Some((var, coll, reversed))
}

fn parse_tablerow_syntax(m: &str) -> Option<(&str, &str)> {
    let (v, c, _) = parse_for_syntax(m)?;
    if !v.bytes().all(is_word) {
        return None;
    }
    Some((v, c))
}

/// One comparison `a op b` (If's `Syntax`).
fn parse_comparison(s: &str) -> Option<Cond> {
    let b = s.as_bytes();
    let (ls, le) = expr::find_quoted_fragment(b, 0)?;
    let left = parse_condition_expression(&s[ls..le]);
    let mut i = le;
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    let os = i;
    while i < b.len()
        && (matches!(b[i], b'=' | b'!' | b'<' | b'>' | b'_') || b[i].is_ascii_lowercase())
    {
        i += 1;
    }
    if i == os {
        return Some(Cond {
            left,
            op: None,
            right: Expr::Lit(super::value::Value::Nil),
            child: None,
        });
    }
    let op_s = &s[os..i];
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    let right = match expr::quoted_fragment_at(b, i) {
        Some(e) => parse_condition_expression(&s[i..e]),
        None => Expr::Lit(super::value::Value::Nil),
    };
    let op = match op_s {
        "==" => Op::Eq,
        "!=" | "<>" => Op::Ne,
        "<" => Op::Lt,
        ">" => Op::Gt,
        "<=" => Op::Le,
        ">=" => Op::Ge,
        "contains" => Op::Contains,
        _ => Op::Unknown,
    };
    Some(Cond {
        left,
        op: Some((op, op_s.into())),
        right,
        child: None,
    })
}

/// `ExpressionsAndOperators` scan: split the markup into operands and `and`/`or`.
fn split_and_or(m: &str) -> Vec<&str> {
    // Tokenize into fragments (quoted-aware), then group runs between and/or words.
    let b = m.as_bytes();
    let mut parts: Vec<&str> = Vec::new();
    let mut seg_start: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        if is_space(b[i]) {
            i += 1;
            continue;
        }
        let st = i;
        let e = expr::quoted_fragment_at(b, i).unwrap_or_else(|| {
            let mut j = i;
            while j < b.len() && !is_space(b[j]) {
                j += 1;
            }
            j
        });
        let word = &m[st..e];
        if word == "and" || word == "or" {
            if let Some(ss) = seg_start.take() {
                parts.push(m[ss..st].trim());
            }
            parts.push(word);
        } else if seg_start.is_none() {
            seg_start = Some(st);
        }
        i = e.max(st + 1);
    }
    if let Some(ss) = seg_start {
        parts.push(m[ss..].trim());
    }
    parts
}

/// If's lax condition: comparisons chained by and/or, evaluated right to left.
pub fn parse_condition(m: &str) -> Option<Cond> {
    let mut parts = split_and_or(m);
    let last = parts.pop()?;
    let mut cond = parse_comparison(last)?;
    while let Some(op) = parts.pop() {
        let lhs = parts.pop()?;
        let mut c = parse_comparison(lhs)?;
        match op {
            "and" => c.child = Some((true, Box::new(cond))),
            "or" => c.child = Some((false, Box::new(cond))),
            _ => return None,
        }
        cond = c;
    }
    Some(cond)
}

fn parse_render(m: &str) -> Option<RenderTag> {
    let b = m.trim_start().as_bytes();
    let m = m.trim_start();
    let e = expr::quoted_string_at(b, 0)?;
    let name = m[1..e - 1].to_string();
    let rest = &m[e..];
    let (variable, is_for, alias) = with_for_as(rest);
    let attrs = expr::scan_tag_attributes(rest)
        .into_iter()
        .map(|(k, v)| (k.to_string(), parse_expression(v)))
        .collect();
    Some(RenderTag {
        name,
        variable,
        is_for,
        alias,
        attrs,
    })
}

/// `(\s+(with|for)\s+(QuotedFragment+))?(\s+as\s+(VariableSegment+))?` after the name.
fn with_for_as(rest: &str) -> (Option<Expr>, bool, Option<String>) {
    let words: Vec<&str> = expr::scan_quoted_fragments(rest);
    let mut variable = None;
    let mut is_for = false;
    let mut alias = None;
    let mut i = 0;
    if words.first().is_some_and(|w| *w == "with" || *w == "for") && words.len() > 1 {
        is_for = words[0] == "for";
        variable = Some(parse_expression(words[1].trim_end_matches(',')));
        i = 2;
    }
    if words.get(i) == Some(&"as") {
        if let Some(a) = words.get(i + 1) {
            let a: String = a
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            if !a.is_empty() {
                alias = Some(a);
            }
        }
    }
    (variable, is_for, alias)
}

/// Jekyll's `VALID_SYNTAX` params: `key="v"`, `key='v'`, `key=var`.
fn jekyll_params(p: &str) -> Result<Vec<(String, IncludeParam)>, ()> {
    let b = p.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let ks = i;
        while i < b.len() && (is_word(b[i]) || b[i] == b'-') {
            i += 1;
        }
        if i == ks {
            return Err(());
        }
        let key = p[ks..i].to_string();
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if i >= b.len() || b[i] != b'=' {
            return Err(());
        }
        i += 1;
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if i >= b.len() {
            return Err(());
        }
        let q = b[i];
        if q == b'"' || q == b'\'' {
            let mut j = i + 1;
            let mut val = String::new();
            let mut closed = false;
            while j < b.len() {
                if b[j] == b'\\' && j + 1 < b.len() {
                    // only `\<quote>` is unescaped; other escapes stay as written
                    if b[j + 1] == q {
                        val.push(q as char);
                    } else {
                        val.push_str(&p[j..j + 2]);
                    }
                    j += 2;
                    continue;
                }
                if b[j] == q {
                    closed = true;
                    break;
                }
                let ch = p[j..].chars().next().unwrap_or(' ');
                val.push(ch);
                j += ch.len_utf8();
            }
            if !closed {
                return Err(());
            }
            i = j + 1;
            out.push((key, IncludeParam::Str(val)));
        } else {
            let vs = i;
            while i < b.len() && (is_word(b[i]) || b[i] == b'.' || b[i] == b'-') {
                i += 1;
            }
            if i == vs {
                return Err(());
            }
            out.push((key, IncludeParam::Var(parse_expression(&p[vs..i]))));
        }
        if i < b.len() && !is_space(b[i]) {
            return Err(());
        }
    }
    Ok(out)
}

/// Jekyll's `VARIABLE_SYNTAX`: a file name containing `{{ var }}`; returns (file, params).
fn jekyll_variable_file(m: &str) -> Option<(&str, &str)> {
    let open = m.find("{{")?;
    if m[..open].contains('{') {
        return None;
    }
    // extend over `{{ ... }}[^\s{}]*` groups
    let mut end = open;
    let mut rest = &m[open..];
    while let Some(r) = rest.strip_prefix("{{") {
        let close = r.find("}}")?;
        let mut e = end + 2 + close + 2;
        let after = &m[e..];
        let tail = after
            .find(|c: char| c.is_whitespace() || c == '{' || c == '}')
            .unwrap_or(after.len());
        e += tail;
        end = e;
        rest = &m[end..];
        // next group may start after non-brace characters
        let nb = rest.find('{').unwrap_or(rest.len());
        if rest[..nb].contains(char::is_whitespace) || !rest[nb..].starts_with("{{") {
            break;
        }
        end += nb;
        rest = &m[end..];
    }
    Some((m[..end].trim(), m[end..].trim()))
}

fn parse_include(markup: &str, relative: bool, file: &str) -> Result<IncludeTag, String> {
    let m = markup.trim();
    let tag = if relative {
        "include_relative"
    } else {
        "include"
    };
    if !relative && (m.starts_with('\'') || m.starts_with('"')) {
        // Liquid's own include: `'name' with x as y, key: value`.
        let b = m.as_bytes();
        let mut e = expr::quoted_fragment_at(b, 0).ok_or("Error in tag 'include' - Valid syntax: include '[template]' (with|for) [object|collection]")?;
        while let Some(e2) = expr::quoted_fragment_at(b, e) {
            e = e2;
        }
        let rest = &m[e..];
        let (variable, is_for, alias) = with_for_as(rest);
        let attrs = expr::scan_tag_attributes(rest)
            .into_iter()
            .map(|(k, v)| (k.to_string(), parse_expression(v)))
            .collect();
        return Ok(IncludeTag::Liquid {
            name: parse_expression(&m[..e]),
            variable,
            is_for,
            alias,
            attrs,
        });
    }
    let (fname, params) = match jekyll_variable_file(m) {
        Some((f, p)) => (f, p),
        None => match m.split_once(|c: char| c.is_whitespace()) {
            Some((f, p)) => (f, p.trim()),
            None => (m, ""),
        },
    };
    let has_params = !params.is_empty() || m.split_whitespace().count() > 1;
    let params = jekyll_params(params).map_err(|_| {
        format!("Invalid syntax for include tag:\n\n  {params}\n\nValid syntax:\n\n  {{% {tag} file.ext param='value' param2='value' %}}\n\n")
    })?;
    let dynamic = if fname.contains("{{") {
        Some(Arc::new(
            super::parse(fname, file, 0).map_err(|e| e.message)?,
        ))
    } else {
        None
    };
    Ok(IncludeTag::Jekyll {
        relative,
        file: fname.to_string(),
        dynamic,
        params,
        has_params,
    })
}

/// Jekyll highlight `SYNTAX`: language then options (`linenos`, `key=value`).
fn parse_highlight(m: &str) -> Option<(String, bool)> {
    let m = m.trim();
    let mut it = m.split_whitespace();
    let lang = it.next()?;
    if !lang
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || b".+#_-".contains(&c))
    {
        return None;
    }
    let mut linenos = false;
    for opt in it {
        let key = opt.split('=').next().unwrap_or("");
        if !key.bytes().all(is_word) || key.is_empty() {
            return None;
        }
        if key == "linenos" {
            linenos = true;
        }
    }
    Some((lang.to_ascii_lowercase(), linenos))
}

//! Tokens → AST, as Ruby Liquid 5.4 parses in lax mode: block structure,
//! whitespace control, blank-body stripping, `{% liquid %}`, raw and
//! comment bodies; each tag's markup is read by `tag_syntax`.

use std::sync::Arc;

use super::ast::*;
use super::expr::{self, parse_expression, parse_variable};
use super::lexer::{is_space, raw_end, tokenize, tokenize_liquid_tag, Tok, Token};
use super::tag_syntax::*;

/// Block nesting limit (Ruby Liquid's `Block::MAX_DEPTH`).
const MAX_DEPTH: usize = 100;

#[derive(Debug)]
pub struct SyntaxError {
    pub message: String,
    pub line: usize,
    pub col: usize,
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
    expr::take_too_deep();
    let mut p = Parser {
        toks: tokenize(src, first_line.max(1)),
        pos: 0,
        trim_next: false,
        depth: 0,
        file,
        liquid_mode: false,
    };
    let (body, _blank, end) = p.parse_body()?;
    if expr::take_too_deep() {
        return Err(err("Nesting too deep", end.line, end.col));
    }
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
        // the document's own body is depth 0, as in Ruby: 100 nested blocks
        // parse, 101 do not
        if self.depth > MAX_DEPTH {
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
        loop {
            // the markup just parsed nested expressions too deeply
            if expr::take_too_deep() {
                let (l, c) = self.here();
                return Err(err("Nesting too deep", l, c));
            }
            if self.pos >= self.toks.len() {
                break;
            }
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
                    let msg = if self.liquid_mode {
                        format!("Unknown tag '{raw}'")
                    } else if is_tag {
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
                // Ignores everything, nested tags included, up to endcomment;
                // nested comments count towards the nesting limit, as Ruby
                // parses them as blocks
                if self.depth > MAX_DEPTH {
                    return Err(err("Nesting too deep", line, col));
                }
                let mut depth = 0;
                loop {
                    if self.pos >= self.toks.len() {
                        return Err(err("'comment' tag was never closed", line, col));
                    }
                    let t = self.toks[self.pos].clone_tok();
                    self.pos += 1;
                    match t.tok {
                        Tok::Tag { name: "comment", .. } => {
                            depth += 1;
                            if self.depth + depth > MAX_DEPTH {
                                return Err(err("Nesting too deep", t.line, t.col));
                            }
                        }
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
                                let raw = match t.tok {
                                    Tok::Text(s) => s,
                                    Tok::Var { raw, .. } | Tok::Bad { raw, .. } | Tok::Tag { raw, .. } => raw,
                                };
                                if raw_end(raw, "endraw").is_some() {
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
                        Tok::Var { raw, .. } | Tok::Bad { raw, .. } | Tok::Tag { raw, .. } => raw,
                    };
                    if let Some(before) = raw_end(raw, "endraw") {
                        body.push_str(before);
                        if let Tok::Tag { name: "endraw", rstrip, .. } = t.tok {
                            self.trim_next = rstrip;
                        }
                        break;
                    }
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
            "link" | "post_url" | "seo" | "feed_meta" | "gist" | "github_edit_link" | "octicon" | "include_cached" => {
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

//! rouge's `RegexLexer` state machine: states of anchored regex rules tried
//! in order, a state stack, mixins, the null-step limit, `Error` tokens for
//! unmatched characters, and the consolidation of consecutive equal tokens
//! (`Lexer#continue_lex`) feeding rouge's HTML formatter.

use super::anchored::{Anchored, Slots};
use super::ruby_regex;

/// A token, by rouge's shortname (`""` is `Text`).
pub type Tok = &'static str;

/// What a rule does when it matches.
#[derive(Clone, Copy, Debug)]
pub enum A {
    /// yield the match as this token
    Tok(Tok),
    /// yield, then push the state with this index
    Push(Tok, usize),
    /// yield, then push the current state again
    PushSelf(Tok),
    /// yield, then pop
    Pop(Tok),
    /// run the lexer's hand-ported Ruby block with this id
    Cb(u32),
    /// try the rules of the state with this index first
    Mixin(usize),
    /// a Ruby block of plain calls, run in order
    Ops(&'static [Op]),
}

/// One call of a plain Ruby block.
#[derive(Clone, Copy, Debug)]
pub enum Op {
    /// `groups A, B, ...`
    Groups(&'static [Tok]),
    /// `token T`
    Token(Tok),
    /// `token T, m[n]`
    TokenGroup(Tok, usize),
    /// `push :state`
    Push(usize),
    /// `push` (the current state again)
    #[allow(dead_code)] // in gen_tables.rb's vocabulary; no listed lexer uses it yet
    PushSelf,
    /// `pop! n`
    Pop(usize),
    /// `goto :state`
    Goto(usize),
    /// `reset_stack`
    #[allow(dead_code)] // in gen_tables.rb's vocabulary; no listed lexer uses it yet
    Reset,
}

/// One rule as rouge defines it (Ruby regex source and options).
pub struct RuleDef {
    pub re: &'static str,
    pub opts: u8,
    pub bol: bool,
    pub act: A,
}

/// A named state.
pub struct StateDef {
    pub name: &'static str,
    pub rules: &'static [RuleDef],
}

struct Rule {
    re: Option<Anchored>,
    bol: bool,
    act: A,
}

/// The compiled rules of one lexer.
pub struct Compiled {
    states: Vec<Vec<Rule>>,
    /// patterns that failed to compile (a defect; checked by tests)
    #[cfg_attr(not(test), allow(dead_code))]
    pub errors: Vec<String>,
}

impl Compiled {
    /// Compiles every rule of `defs` (done once per lexer).
    pub fn new(defs: &[StateDef]) -> Self {
        let mut errors = Vec::new();
        let states = defs
            .iter()
            .map(|s| {
                s.rules
                    .iter()
                    .map(|r| {
                        let re = if matches!(r.act, A::Mixin(_)) {
                            None
                        } else {
                            let pat = ruby_regex::translate(r.re, r.opts);
                            match Anchored::new(&pat, matches!(r.act, A::Cb(_) | A::Ops(_))) {
                                Ok(re) => Some(re),
                                Err(e) => {
                                    errors.push(format!("{}: {} -> {pat}: {e}", s.name, r.re));
                                    None
                                }
                            }
                        };
                        Rule {
                            re,
                            bol: r.bol,
                            act: r.act,
                        }
                    })
                    .collect()
            })
            .collect();
        Compiled { states, errors }
    }
}

/// Token consolidation and HTML output (rouge's `Formatters::HTML`).
#[derive(Default)]
pub struct Out {
    html: String,
    tok: Tok,
    val: String,
    has: bool,
}

impl Out {
    pub fn new() -> Self {
        Self::default()
    }

    /// Yields a token; empty values are dropped, equal neighbours merged.
    pub fn token(&mut self, tok: Tok, val: &str) {
        if val.is_empty() {
            return;
        }
        if self.has && self.tok == tok {
            self.val.push_str(val);
            return;
        }
        self.flush();
        self.tok = tok;
        self.val.push_str(val);
        self.has = true;
    }

    fn flush(&mut self) {
        if !self.has {
            return;
        }
        if self.tok.is_empty() {
            escape_into(&mut self.html, &self.val);
        } else {
            self.html.push_str("<span class=\"");
            self.html.push_str(self.tok);
            self.html.push_str("\">");
            escape_into(&mut self.html, &self.val);
            self.html.push_str("</span>");
        }
        self.val.clear();
        self.has = false;
    }

    /// The HTML of all tokens yielded.
    pub fn finish(mut self) -> String {
        self.flush();
        self.html
    }
}

/// Escapes `&`, `<`, `>` as rouge does.
pub fn escape_into(o: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => continue,
        };
        o.push_str(&s[last..i]);
        o.push_str(rep);
        last = i + 1;
    }
    o.push_str(&s[last..]);
}

/// Anything that lexes text into an [`Out`], keeping its state between
/// calls (rouge's `continue_lex`).
pub trait Lex {
    fn continue_lex(&mut self, text: &str, out: &mut Out);
}

/// A rule match: the groups of the regex.
pub struct M<'t> {
    hay: &'t str,
    slots: Slots,
}

impl<'t> M<'t> {
    /// Group `i`, `""` when it did not participate.
    pub fn g(&self, i: usize) -> &'t str {
        self.get(i).unwrap_or("")
    }

    /// Group `i`, `None` when it did not participate (Ruby's `nil`).
    pub fn get(&self, i: usize) -> Option<&'t str> {
        let (a, b) = self.slots.get(i).copied().flatten()?;
        self.hay.get(a..b)
    }
}

/// The per-lexer part: its tables and hand-ported Ruby blocks.
pub trait Hooks: Sized {
    fn compiled() -> &'static Compiled;
    /// rouge's `start` blocks, run on a fresh lex.
    fn start(_cx: &mut Self, _stack: &mut Vec<usize>) {}
    /// A rule's Ruby block.
    fn cb(_cx: &mut Cx<'_, Self>, _id: u32, _m: &M<'_>) {}
    /// A state built at run time (index past the table): tries its rules
    /// at `cx.pos`, returns the bytes consumed when one matched.
    fn dyn_step(_cx: &mut Cx<'_, Self>, _st: usize) -> Option<usize> {
        None
    }
}

/// What a Ruby block sees: the lexer's fields, its stack, the output.
pub struct Cx<'a, H> {
    pub h: &'a mut H,
    pub stack: &'a mut Vec<usize>,
    pub out: &'a mut Out,
    /// whole text being lexed and the position after the match
    pub text: &'a str,
    pub pos: usize,
}

impl<H> Cx<'_, H> {
    pub fn token(&mut self, tok: Tok, val: &str) {
        self.out.token(tok, val);
    }

    /// rouge's `groups`: token `toks[i]` for group `i + 1`.
    pub fn groups(&mut self, m: &M<'_>, toks: &[Tok]) {
        for (i, t) in toks.iter().enumerate() {
            self.out.token(t, m.g(i + 1));
        }
    }

    pub fn push(&mut self, st: usize) {
        self.stack.push(st);
    }

    /// Pops `n` states, never the last one.
    pub fn pop(&mut self, n: usize) {
        for _ in 0..n {
            if self.stack.len() > 1 {
                self.stack.pop();
            }
        }
    }

    pub fn goto(&mut self, st: usize) {
        if let Some(top) = self.stack.last_mut() {
            *top = st;
        }
    }

    pub fn state(&self) -> usize {
        self.stack.last().copied().unwrap_or(0)
    }
}

const MAX_NULL_SCANS: u32 = 5;

/// A running `RegexLexer`.
pub struct Machine<H> {
    pub h: H,
    pub stack: Vec<usize>,
    null_steps: u32,
}

impl<H: Hooks> Machine<H> {
    /// A fresh lexer after rouge's `reset!` (start blocks run).
    pub fn new(mut h: H) -> Self {
        let mut stack = vec![0];
        H::start(&mut h, &mut stack);
        Machine {
            h,
            stack,
            null_steps: 0,
        }
    }

    fn step(&mut self, st: usize, text: &str, pos: &mut usize, out: &mut Out) -> bool {
        let comp = H::compiled();
        let Some(rules) = comp.states.get(st) else {
            let mut cx = Cx {
                h: &mut self.h,
                stack: &mut self.stack,
                out,
                text,
                pos: *pos,
            };
            return match H::dyn_step(&mut cx, st) {
                Some(n) => {
                    *pos += n;
                    true
                }
                None => false,
            };
        };
        for rule in rules {
            if let A::Mixin(s) = rule.act {
                if self.step(s, text, pos, out) {
                    return true;
                }
                continue;
            }
            if rule.bol && *pos > 0 && text.as_bytes()[*pos - 1] != b'\n' {
                continue;
            }
            let Some(re) = &rule.re else { continue };
            let hay = &text[*pos..];
            let Some(slots) = re.captures(hay, matches!(rule.act, A::Cb(_) | A::Ops(_))) else {
                continue;
            };
            let size = slots.first().copied().flatten().map_or(0, |(_, e)| e);
            *pos += size;
            let m = M { hay, slots };
            match rule.act {
                A::Tok(t) => out.token(t, m.g(0)),
                A::Push(t, s) => {
                    out.token(t, m.g(0));
                    self.stack.push(s);
                }
                A::PushSelf(t) => {
                    out.token(t, m.g(0));
                    let top = self.stack.last().copied().unwrap_or(0);
                    self.stack.push(top);
                }
                A::Pop(t) => {
                    out.token(t, m.g(0));
                    if self.stack.len() > 1 {
                        self.stack.pop();
                    }
                }
                A::Cb(id) => {
                    let mut cx = Cx {
                        h: &mut self.h,
                        stack: &mut self.stack,
                        out,
                        text,
                        pos: *pos,
                    };
                    H::cb(&mut cx, id, &m);
                }
                A::Ops(ops) => {
                    for op in ops {
                        match *op {
                            Op::Groups(toks) => {
                                for (i, t) in toks.iter().enumerate() {
                                    out.token(t, m.g(i + 1));
                                }
                            }
                            Op::Token(t) => out.token(t, m.g(0)),
                            Op::TokenGroup(t, i) => out.token(t, m.g(i)),
                            Op::Push(s) => self.stack.push(s),
                            Op::PushSelf => {
                                let top = self.stack.last().copied().unwrap_or(0);
                                self.stack.push(top);
                            }
                            Op::Pop(n) => {
                                for _ in 0..n {
                                    if self.stack.len() > 1 {
                                        self.stack.pop();
                                    }
                                }
                            }
                            Op::Goto(s) => {
                                if let Some(top) = self.stack.last_mut() {
                                    *top = s;
                                }
                            }
                            Op::Reset => {
                                self.stack.clear();
                                self.stack.push(0);
                            }
                        }
                    }
                }
                A::Mixin(_) => {}
            }
            if size == 0 {
                self.null_steps += 1;
                if self.null_steps > MAX_NULL_SCANS {
                    return false;
                }
            } else {
                self.null_steps = 0;
            }
            return true;
        }
        false
    }
}

impl<H: Hooks> Lex for Machine<H> {
    fn continue_lex(&mut self, text: &str, out: &mut Out) {
        self.null_steps = 0;
        let mut pos = 0;
        while pos < text.len() {
            let st = self.stack.last().copied().unwrap_or(0);
            if !self.step(st, text, &mut pos, out) {
                let len = text[pos..].chars().next().map_or(1, char::len_utf8);
                out.token("err", &text[pos..pos + len]);
                pos += len;
            }
        }
    }
}

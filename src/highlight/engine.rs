//! rouge's `RegexLexer` state machine: states of anchored regex rules tried
//! in order, a state stack, mixins, the null-step limit, `Error` tokens for
//! unmatched characters, and the consolidation of consecutive equal tokens
//! (`Lexer#continue_lex`) feeding rouge's HTML formatter. A state's rules,
//! mixins inlined, are looked up by the text's next byte, so that only the
//! rules that can start with it are tried (in rouge's order).

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
    /// `if COND ... else ... end`
    If(Cond, &'static [Op], &'static [Op]),
    /// `recurse m[n]`: group `n` lexed by a fresh lexer of this kind
    Recurse(usize),
    /// `delegate self.clone, m[n]`: group `n` lexed by this lexer (a
    /// shallow clone shares the state stack)
    LexSelf(usize),
}

/// The test of an `Op::If`, on group `n` of the match.
#[derive(Clone, Copy, Debug)]
pub enum Cond {
    /// `LIST.include?(m[n])` (the list sorted bytewise)
    In(&'static [&'static str], usize, Case),
    /// `m[n] == "word"`
    Eq(&'static str, usize, Case),
    /// `m[n] =~ /re/` (Ruby regex source and options)
    Re(&'static str, u8, usize, Case),
    /// `m[n].nil?`
    Nil(usize),
    Not(&'static Cond),
    Or(&'static [Cond]),
    And(&'static [Cond]),
}

/// `Cond::Re` regexes, compiled on first use.
type ReCache = std::collections::HashMap<(&'static str, u8), Option<fancy_regex::Regex>>;
static RE_CACHE: std::sync::LazyLock<std::sync::Mutex<ReCache>> =
    std::sync::LazyLock::new(Default::default);

fn ruby_match(src: &'static str, opts: u8, s: &str) -> bool {
    let Ok(mut cache) = RE_CACHE.lock() else {
        return false;
    };
    cache
        .entry((src, opts))
        .or_insert_with(|| fancy_regex::Regex::new(&ruby_regex::translate_search(src, opts)).ok())
        .as_ref()
        .is_some_and(|re| re.is_match(s).unwrap_or(false))
}

/// `m[n]`, `m[n].downcase` or `m[n].upcase`.
#[derive(Clone, Copy, Debug)]
pub enum Case {
    Keep,
    #[allow(dead_code)] // in gen_tables.rb's vocabulary; no listed lexer uses it yet
    Down,
    Up,
}

fn cased(s: &str, c: Case) -> std::borrow::Cow<'_, str> {
    match c {
        Case::Keep => s.into(),
        Case::Down => s.to_lowercase().into(),
        Case::Up => s.to_uppercase().into(),
    }
}

impl Cond {
    fn holds(&self, m: &M<'_>) -> bool {
        match *self {
            Cond::In(list, n, c) => in_sorted(list, &cased(m.g(n), c)),
            Cond::Eq(word, n, c) => cased(m.g(n), c) == word,
            Cond::Re(src, opts, n, c) => ruby_match(src, opts, &cased(m.g(n), c)),
            Cond::Nil(n) => m.get(n).is_none(),
            Cond::Not(c) => !c.holds(m),
            Cond::Or(cs) => cs.iter().any(|c| c.holds(m)),
            Cond::And(cs) => cs.iter().all(|c| c.holds(m)),
        }
    }
}

/// Whether `w` is in `list` (sorted bytewise): the lexers' word lists.
pub fn in_sorted(list: &[&str], w: &str) -> bool {
    let w = w.as_bytes();
    list.binary_search_by(|k| cmp_short(k.as_bytes(), w))
        .is_ok()
}

/// Bytewise order, compared inline: the words are short and mostly
/// differ in their first bytes, where a `memcmp` call would cost more
/// than the comparison.
#[inline]
fn cmp_short(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
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
    /// The rule's definition (compiled on first use).
    def: &'static RuleDef,
    re: std::sync::OnceLock<Result<Anchored, String>>,
    /// The pattern's first-byte filter, worked out before compiling it.
    first: std::sync::OnceLock<Option<([bool; 256], bool)>>,
    bol: bool,
    act: A,
}

impl Rule {
    /// The bytes a match can start with (all when it may be empty or
    /// cannot be worked out), worked out without compiling the pattern.
    fn first_bytes(&self) -> [bool; 256] {
        let f = self.first.get_or_init(|| {
            let pat = ruby_regex::translate(self.def.re, self.def.opts);
            super::anchored::first_filter(&pat)
        });
        match f {
            Some((first, false)) => *first,
            _ => [true; 256],
        }
    }

    /// The compiled pattern; `None` for a mixin or a pattern that failed
    /// to compile (a defect the tests report).
    fn re(&self) -> Option<&Anchored> {
        self.re
            .get_or_init(|| {
                let pat = ruby_regex::translate(self.def.re, self.def.opts);
                Anchored::new(&pat, matches!(self.act, A::Cb(_) | A::Ops(_)))
                    .map_err(|e| format!("{} -> {pat}: {e}", self.def.re))
            })
            .as_ref()
            .ok()
    }
}

/// The rules of one lexer, each compiled when a lex first reaches it (a
/// page pays only for the rules its code meets).
pub struct Compiled {
    states: Vec<Vec<Rule>>,
    names: Vec<&'static str>,
    /// per state, its rules with mixins flattened, by first byte
    flat: Vec<std::sync::OnceLock<Option<Flat>>>,
}

/// A state's rules with its mixins inlined (rouge tries them in this
/// order), and for each first byte of the text the ones that can match.
struct Flat {
    entries: Vec<Entry>,
    by_byte: Vec<Box<[u16]>>,
}

/// One rule of a flattened state.
struct Entry {
    state: usize,
    rule: usize,
    /// the index after the innermost mixin this rule came from (`NONE`
    /// for the state's own rules): where a null-step overflow inside the
    /// mixin resumes, as rouge's nested `step` returns false there
    end: u16,
}

const NONE: u16 = u16::MAX;

impl Flat {
    /// `None` when a mixin is not in the tables (run-time states) or the
    /// state is too large.
    fn new(states: &[Vec<Rule>], st: usize) -> Option<Flat> {
        let mut entries = Vec::new();
        flatten(states, st, NONE, &mut entries, 0)?;
        if entries.len() >= usize::from(NONE) {
            return None;
        }
        let mut by_byte = vec![Vec::new(); 256];
        for (i, e) in entries.iter().enumerate() {
            let first = states[e.state][e.rule].first_bytes();
            for (b, on) in first.iter().enumerate() {
                if *on {
                    // i < NONE: checked above
                    by_byte[b].push(i as u16);
                }
            }
        }
        Some(Flat {
            entries,
            by_byte: by_byte.into_iter().map(Vec::into_boxed_slice).collect(),
        })
    }
}

fn flatten(
    states: &[Vec<Rule>],
    st: usize,
    end: u16,
    out: &mut Vec<Entry>,
    depth: usize,
) -> Option<()> {
    if depth > 16 {
        return None;
    }
    for (i, r) in states.get(st)?.iter().enumerate() {
        if let A::Mixin(m) = r.act {
            // the mixin's rules resume after themselves: their end is only
            // known once they are all in
            let start = out.len();
            flatten(states, m, NONE, out, depth + 1)?;
            let after = u16::try_from(out.len()).ok()?;
            for e in &mut out[start..] {
                if e.end == NONE {
                    e.end = after;
                }
            }
            continue;
        }
        out.push(Entry {
            state: st,
            rule: i,
            end,
        });
    }
    Some(())
}

impl Compiled {
    pub fn new(defs: &'static [StateDef]) -> Self {
        let states = defs
            .iter()
            .map(|s| {
                s.rules
                    .iter()
                    .map(|r| Rule {
                        def: r,
                        re: std::sync::OnceLock::new(),
                        first: std::sync::OnceLock::new(),
                        bol: r.bol,
                        act: r.act,
                    })
                    .collect()
            })
            .collect();
        Compiled {
            states,
            names: defs.iter().map(|s| s.name).collect(),
            flat: defs.iter().map(|_| std::sync::OnceLock::new()).collect(),
        }
    }

    /// Every rule's pattern as `anchored` gets it (for tests).
    #[cfg(test)]
    pub fn patterns(&self) -> Vec<String> {
        self.states
            .iter()
            .flatten()
            .filter(|r| !matches!(r.act, A::Mixin(_)))
            .map(|r| ruby_regex::translate(r.def.re, r.def.opts))
            .collect()
    }

    /// Patterns that fail to compile (compiling every rule; for tests).
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn errors(&self) -> Vec<String> {
        let mut errors = Vec::new();
        for (rules, name) in self.states.iter().zip(&self.names) {
            for r in rules {
                if matches!(r.act, A::Mixin(_)) {
                    continue;
                }
                match r.re() {
                    None => {
                        if let Some(Err(e)) = r.re.get() {
                            errors.push(format!("{name}: {e}"));
                        }
                    }
                    // the engines' form too, though the fast path may
                    // never need it
                    Some(re) => {
                        if let Some(e) = re.slow_error() {
                            errors.push(format!("{name}: {} -> {e}", r.def.re));
                        }
                    }
                }
            }
        }
        errors
    }
}

/// Token consolidation and HTML output (rouge's `Formatters::HTML`).
///
/// Each value is escaped straight into the HTML: a token's `<span>` is
/// opened at its first value and closed when a different token comes, so
/// consecutive equal tokens share one span without copying their text.
#[derive(Default)]
pub struct Out {
    html: String,
    /// the token whose span is open (when `has`)
    tok: Tok,
    has: bool,
}

/// Token equality, cheap for the usual case of the same static string.
#[inline]
fn same_tok(a: Tok, b: Tok) -> bool {
    a.len() == b.len() && (std::ptr::eq(a.as_ptr(), b.as_ptr()) || a.as_bytes() == b.as_bytes())
}

impl Out {
    /// Output appended to `html`.
    pub fn appending(html: String) -> Self {
        Out {
            html,
            ..Self::default()
        }
    }

    /// Yields a token; empty values are dropped, equal neighbours merged.
    #[inline]
    pub fn token(&mut self, tok: Tok, val: &str) {
        if val.is_empty() {
            return;
        }
        if !(self.has && same_tok(self.tok, tok)) {
            self.close();
            if !tok.is_empty() {
                self.html.push_str("<span class=\"");
                self.html.push_str(tok);
                self.html.push_str("\">");
            }
            self.tok = tok;
            self.has = true;
        }
        escape_into(&mut self.html, val);
    }

    fn close(&mut self) {
        if self.has && !self.tok.is_empty() {
            self.html.push_str("</span>");
        }
        self.has = false;
    }

    /// The HTML of all tokens yielded.
    pub fn finish(mut self) -> String {
        self.close();
        self.html
    }
}

/// Escapes `&`, `<`, `>` as rouge does.
pub fn escape_into(o: &mut String, s: &str) {
    // most values have nothing to escape: one pass over the bytes without
    // a branch per byte (which the compiler can vectorize), then one copy
    let special = s.as_bytes().iter().fold(false, |acc, &c| {
        acc | (c == b'&') | (c == b'<') | (c == b'>')
    });
    if !special {
        o.push_str(s);
        return;
    }
    let mut last = 0;
    for (i, &c) in s.as_bytes().iter().enumerate() {
        let rep = match c {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => continue,
        };
        // `i` is at an ASCII byte: a char boundary
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
    /// A fresh lexer's fields, for `Op::Recurse` (lexers that use it).
    fn fresh() -> Option<Self> {
        None
    }
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

/// Runs a lexer's plain `start` block on its fresh stack.
pub fn start_ops(stack: &mut Vec<usize>, ops: &[Op]) {
    for op in ops {
        match *op {
            Op::Push(s) => stack.push(s),
            Op::Goto(s) => {
                if let Some(top) = stack.last_mut() {
                    *top = s;
                }
            }
            Op::Pop(n) => {
                for _ in 0..n {
                    if stack.len() > 1 {
                        stack.pop();
                    }
                }
            }
            _ => {}
        }
    }
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

    fn run_ops(&mut self, ops: &[Op], m: &M<'_>, out: &mut Out) {
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
                Op::If(c, yes, no) => self.run_ops(if c.holds(m) { yes } else { no }, m, out),
                Op::Recurse(n) => {
                    if let Some(h) = H::fresh() {
                        Machine::new(h).continue_lex(m.g(n), out);
                    }
                }
                Op::LexSelf(n) => {
                    let outer = self.null_steps;
                    self.continue_lex(m.g(n), out);
                    self.null_steps = outer;
                }
            }
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
        let Some(&first) = text.as_bytes().get(*pos) else {
            return false;
        };
        let flat = comp.flat[st].get_or_init(|| Flat::new(&comp.states, st));
        let Some(flat) = flat else {
            return self.step_rules(rules, text, pos, out);
        };
        let mut resume = 0;
        for &i in flat.by_byte[usize::from(first)].iter() {
            if i < resume {
                continue;
            }
            let e = &flat.entries[usize::from(i)];
            let rule = &comp.states[e.state][e.rule];
            match self.try_rule(rule, text, pos, out) {
                Tried::No => {}
                Tried::Yes => return true,
                Tried::Overflow => {
                    if e.end == NONE {
                        return false;
                    }
                    resume = e.end;
                }
            }
        }
        false
    }

    /// The rules of `st` one by one (states whose mixins are not all in
    /// the tables).
    fn step_rules(&mut self, rules: &[Rule], text: &str, pos: &mut usize, out: &mut Out) -> bool {
        for rule in rules {
            if let A::Mixin(s) = rule.act {
                if self.step(s, text, pos, out) {
                    return true;
                }
                continue;
            }
            match self.try_rule(rule, text, pos, out) {
                Tried::No => {}
                Tried::Yes => return true,
                Tried::Overflow => return false,
            }
        }
        false
    }

    /// Tries one rule at `pos`: on a match, runs its action and moves on.
    fn try_rule(&mut self, rule: &Rule, text: &str, pos: &mut usize, out: &mut Out) -> Tried {
        if rule.bol && *pos > 0 && text.as_bytes()[*pos - 1] != b'\n' {
            return Tried::No;
        }
        let hay = &text[*pos..];
        let Some(re) = rule.re() else {
            return Tried::No;
        };
        let size;
        match rule.act {
            A::Cb(_) | A::Ops(_) => {
                let Some(slots) = re.captures(hay, true) else {
                    return Tried::No;
                };
                size = slots.first().copied().flatten().map_or(0, |(_, e)| e);
                *pos += size;
                let m = M { hay, slots };
                match rule.act {
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
                    A::Ops(ops) => self.run_ops(ops, &m, out),
                    _ => {}
                }
            }
            act => {
                let Some(end) = re.match_end(hay) else {
                    return Tried::No;
                };
                size = end;
                *pos += size;
                let val = &hay[..end];
                match act {
                    A::Tok(t) => out.token(t, val),
                    A::Push(t, s) => {
                        out.token(t, val);
                        self.stack.push(s);
                    }
                    A::PushSelf(t) => {
                        out.token(t, val);
                        let top = self.stack.last().copied().unwrap_or(0);
                        self.stack.push(top);
                    }
                    A::Pop(t) => {
                        out.token(t, val);
                        if self.stack.len() > 1 {
                            self.stack.pop();
                        }
                    }
                    _ => {}
                }
            }
        }
        if size == 0 {
            self.null_steps += 1;
            if self.null_steps > MAX_NULL_SCANS {
                return Tried::Overflow;
            }
        } else {
            self.null_steps = 0;
        }
        Tried::Yes
    }
}

/// What trying a rule came to.
enum Tried {
    No,
    Yes,
    /// matched, but too many steps in a row consumed nothing
    Overflow,
}

impl<H: Hooks> Lex for Machine<H> {
    fn continue_lex(&mut self, text: &str, out: &mut Out) {
        self.null_steps = 0;
        let mut pos = 0;
        // (past the highlight's budget the caller reports the code)
        while pos < text.len() && !super::budget::over() {
            let st = self.stack.last().copied().unwrap_or(0);
            if !self.step(st, text, &mut pos, out) {
                let len = text[pos..].chars().next().map_or(1, char::len_utf8);
                out.token("err", &text[pos..pos + len]);
                pos += len;
            }
        }
    }
}

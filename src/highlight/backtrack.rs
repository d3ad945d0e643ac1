//! A small backtracking matcher for start-anchored rule patterns, the fast
//! path of `anchored`: rouge's rules mostly match a few bytes, where the
//! fixed cost of a `regex` crate search or of a fancy-regex VM run (state
//! allocation, a `regex` call per character class) is most of the time.
//!
//! It runs the fancy-regex parse tree directly, with Perl's leftmost-first
//! semantics (the semantics of both engines), classes and case-insensitive
//! literals resolved by `regex-syntax` exactly as the `regex` crate does.
//! Patterns using anything outside its subset are not built here, and a
//! run that exceeds its step or depth budget gives up (`Err(GiveUp)`) so
//! that the caller asks the full engines: a give-up costs time, never a
//! different answer. The tests compare it with those engines on every
//! rule of every ported lexer.

use fancy_regex::{Assertion, Expr, LookAround};
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// The run was abandoned (budget spent); ask the full engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GiveUp;

/// One character from a set (exact for any `char`).
#[derive(Debug, Clone)]
struct Set {
    ascii: u128,
    /// sorted, non-overlapping ranges of non-ASCII chars
    wide: Vec<(char, char)>,
}

impl Set {
    fn from_ranges(ranges: impl Iterator<Item = (char, char)>) -> Set {
        let mut s = Set {
            ascii: 0,
            wide: Vec::new(),
        };
        for (a, b) in ranges {
            for c in u32::from(a)..=u32::from(b).min(0x7F) {
                s.ascii |= 1u128 << c;
            }
            if u32::from(b) >= 0x80 {
                let lo = if u32::from(a) < 0x80 { '\u{80}' } else { a };
                s.wide.push((lo, b));
            }
        }
        s
    }

    /// The byte length of the char at `pos` when it is in the set.
    #[inline]
    fn at(&self, hay: &str, pos: usize) -> Option<usize> {
        let b = *hay.as_bytes().get(pos)?;
        if b < 0x80 {
            return (self.ascii >> b & 1 == 1).then_some(1);
        }
        let c = hay.get(pos..)?.chars().next()?;
        self.wide
            .binary_search_by(|&(a, z)| {
                if z < c {
                    std::cmp::Ordering::Less
                } else if a > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .ok()
            .map(|_| c.len_utf8())
    }

    fn first_bytes(&self, f: &mut [bool; 256]) {
        for (b, slot) in f.iter_mut().enumerate().take(128) {
            if self.ascii >> b & 1 == 1 {
                *slot = true;
            }
        }
        if !self.wide.is_empty() {
            f[0xC2..=0xF4].fill(true);
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum At {
    Start,
    End,
    StartLine,
    EndLine,
    Word,
    NotWord,
    WordStart,
    WordEnd,
}

#[derive(Debug)]
enum Node {
    Empty,
    Lit(Box<[u8]>),
    One(Set),
    At(At),
    Concat(Vec<Node>),
    /// branches, and per first byte the branches that can start with it
    Alt(Vec<Node>, Option<Box<[Vec<u16>]>>),
    Group(usize, Box<Node>),
    /// one character from a set, repeated (lo, hi, greedy); with `Only`,
    /// the longest run is the only one worth trying (see `annotate`)
    Run(Set, usize, usize, bool, Only),
    Repeat(Box<Node>, usize, usize, bool),
    /// child, kind, look-behind length, whether the child has groups
    Look(Box<Node>, LookAround, usize, bool),
    /// child, whether it has groups
    Atomic(Box<Node>, bool),
    Backref(usize),
}

/// A compiled pattern.
#[derive(Debug)]
pub struct Matcher {
    root: Node,
    groups: usize,
    /// the pattern as a straight sequence, when it has no choice to make
    linear: Option<Vec<Item>>,
}

/// A step of a flat pattern (see `linear`).
#[derive(Debug)]
enum Item {
    Lit(Box<[u8]>),
    One(Set),
    /// a repeated character: lo, hi, greedy, whether only the longest
    /// run is worth trying (greedy ones)
    Run(Set, usize, usize, bool, bool),
    /// alternative literals, in order, and per first byte the ones that
    /// start with it
    Lits(Vec<Box<[u8]>>, Box<[Vec<u16>]>),
    At(At),
    /// a look-around without groups, its child flat or for the tree
    /// matcher
    Look(Result<Vec<Item>, Box<Node>>, LookAround, usize),
    Open(usize),
    Close(usize),
}

/// `n` as a flat sequence, if it is one: literals, characters, runs,
/// assertions, groups, alternatives of literals and look-arounds without
/// groups. Choices (runs, alternatives) are retried by `seq` in order.
fn linear(n: &Node, out: &mut Vec<Item>) -> Option<()> {
    match n {
        Node::Empty => {}
        Node::Lit(b) => out.push(Item::Lit(b.clone())),
        Node::One(set) => out.push(Item::One(set.clone())),
        Node::At(a) => out.push(Item::At(*a)),
        Node::Run(set, lo, hi, greedy, only) => {
            out.push(Item::Run(set.clone(), *lo, *hi, *greedy, only.0))
        }
        Node::Concat(v) => {
            for c in v {
                linear(c, out)?;
            }
        }
        Node::Group(g, c) => {
            out.push(Item::Open(*g));
            linear(c, out)?;
            out.push(Item::Close(*g));
        }
        Node::Alt(v, _) if v.len() <= usize::from(u16::MAX) => {
            let mut lits = Vec::new();
            for c in v {
                match c {
                    Node::Lit(b) if !b.is_empty() => lits.push(b.clone()),
                    _ => return None,
                }
            }
            let mut table = vec![Vec::new(); 256];
            for (i, l) in lits.iter().enumerate() {
                // non-empty: checked above; i <= u16::MAX: checked above
                table[usize::from(l[0])].push(i as u16);
            }
            out.push(Item::Lits(lits, table.into_boxed_slice()));
        }
        // a negative look-around's groups are never seen: when it passes,
        // its child did not match
        Node::Look(c, kind, len, groups)
            if !groups || matches!(kind, LookAround::LookAheadNeg | LookAround::LookBehindNeg) =>
        {
            let mut sub = Vec::new();
            let child = match linear(c, &mut sub) {
                Some(()) => Ok(sub),
                // the tree matcher's nodes are not `Clone`: copy the child
                None => Err(Box::new(clone_node(c)?)),
            };
            out.push(Item::Look(child, *kind, *len))
        }
        _ => return None,
    }
    Some(())
}

/// A copy of a node without backreferences.
fn clone_node(n: &Node) -> Option<Node> {
    Some(match n {
        Node::Empty => Node::Empty,
        Node::Lit(b) => Node::Lit(b.clone()),
        Node::One(s) => Node::One(s.clone()),
        Node::At(a) => Node::At(*a),
        Node::Concat(v) => Node::Concat(v.iter().map(clone_node).collect::<Option<_>>()?),
        Node::Alt(v, _) => alt(v.iter().map(clone_node).collect::<Option<_>>()?),
        Node::Run(s, lo, hi, g, o) => Node::Run(s.clone(), *lo, *hi, *g, *o),
        Node::Repeat(c, lo, hi, g) => Node::Repeat(Box::new(clone_node(c)?), *lo, *hi, *g),
        Node::Look(c, k, l, g) => Node::Look(Box::new(clone_node(c)?), *k, *l, *g),
        Node::Atomic(c, g) => Node::Atomic(Box::new(clone_node(c)?), *g),
        // (in a negative look-around; its spans go to a scratch array)
        Node::Group(g, c) => Node::Group(*g, Box::new(clone_node(c)?)),
        Node::Backref(_) => return None,
    })
}

/// The state of a flat run.
struct Flat<'h, 's> {
    hay: &'h str,
    /// where the group spans go (`None`: only the end is wanted); a
    /// group's start is written at its opening, as every path that can
    /// still succeed passes it again
    saves: Option<&'s mut Saves>,
    steps: u32,
    gave_up: bool,
}

/// Runs `items` from `pos`: the end of the first match, in the order the
/// backtracking engines find it.
fn seq(items: &[Item], f: &mut Flat<'_, '_>, mut pos: usize) -> Option<usize> {
    let hay = f.hay;
    let bytes = hay.as_bytes();
    for (i, it) in items.iter().enumerate() {
        match it {
            Item::Lit(b) => {
                if !lit_at(bytes, pos, b) {
                    return None;
                }
                pos += b.len();
            }
            Item::One(set) => pos += set.at(hay, pos)?,
            Item::Run(set, lo, hi, greedy, only) => {
                let mut count = 0;
                while count < *lo {
                    pos += set.at(hay, pos)?;
                    count += 1;
                }
                if *greedy {
                    let min_end = pos;
                    while count < *hi {
                        match set.at(hay, pos) {
                            Some(l) => pos += l,
                            None => break,
                        }
                        count += 1;
                    }
                    if *only || pos == min_end {
                        continue;
                    }
                    // the longest first, then one character less each time
                    let rest = &items[i + 1..];
                    loop {
                        f.steps += 1;
                        if f.steps > MAX_STEPS {
                            f.gave_up = true;
                            return None;
                        }
                        if let Some(end) = seq(rest, f, pos) {
                            return Some(end);
                        }
                        if f.gave_up || pos <= min_end {
                            return None;
                        }
                        pos -= 1;
                        while !hay.is_char_boundary(pos) {
                            pos -= 1;
                        }
                    }
                } else {
                    let rest = &items[i + 1..];
                    loop {
                        f.steps += 1;
                        if f.steps > MAX_STEPS {
                            f.gave_up = true;
                            return None;
                        }
                        if let Some(end) = seq(rest, f, pos) {
                            return Some(end);
                        }
                        if f.gave_up || count >= *hi {
                            return None;
                        }
                        pos += set.at(hay, pos)?;
                        count += 1;
                    }
                }
            }
            Item::Lits(lits, table) => {
                let &b = bytes.get(pos)?;
                let rest = &items[i + 1..];
                for &j in &table[usize::from(b)] {
                    let l = &lits[usize::from(j)];
                    if !lit_at(bytes, pos, l) {
                        continue;
                    }
                    f.steps += 1;
                    if f.steps > MAX_STEPS {
                        f.gave_up = true;
                        return None;
                    }
                    if let Some(end) = seq(rest, f, pos + l.len()) {
                        return Some(end);
                    }
                    if f.gave_up {
                        return None;
                    }
                }
                return None;
            }
            Item::At(a) => {
                if !a.holds(hay, pos) {
                    return None;
                }
            }
            Item::Look(c, kind, len) => {
                let (at, ahead) = match kind {
                    LookAround::LookAhead | LookAround::LookAheadNeg => (Some(pos), true),
                    _ => (back_chars(hay, pos, *len), false),
                };
                let found = match (at, c) {
                    (None, _) => false,
                    // a look-behind's child has a fixed length: any match
                    // of it ends at `pos`
                    (Some(at), Ok(sub)) => {
                        let mut g = Flat {
                            hay,
                            saves: None,
                            steps: f.steps,
                            gave_up: false,
                        };
                        let found = seq(sub, &mut g, at).is_some();
                        f.steps = g.steps;
                        f.gave_up = g.gave_up;
                        found
                    }
                    (Some(at), Err(node)) => {
                        let mut dummy = [UNSET; MAX_GROUPS * 2];
                        let mut st = St {
                            hay,
                            slots: &mut dummy,
                            steps: f.steps,
                            depth: 0,
                            gave_up: false,
                        };
                        let found = m(node, &mut st, at, &mut |_, p| ahead || p == pos);
                        f.steps = st.steps;
                        f.gave_up = st.gave_up;
                        found
                    }
                };
                if f.gave_up {
                    return None;
                }
                let want = matches!(kind, LookAround::LookAhead | LookAround::LookBehind);
                if found != want {
                    return None;
                }
            }
            Item::Open(g) => {
                if let Some(v) = f.saves.as_deref_mut().and_then(|sv| sv.get_mut(g * 2)) {
                    *v = pos;
                }
            }
            Item::Close(g) => {
                if let Some(v) = f.saves.as_deref_mut().and_then(|sv| sv.get_mut(g * 2 + 1)) {
                    *v = pos;
                }
            }
        }
    }
    Some(pos)
}

const MAX_STEPS: u32 = 20_000;
const MAX_DEPTH: u32 = 400;

/// Groups a pattern may have (group 0 included) to be built here.
pub const MAX_GROUPS: usize = 16;

/// Group spans as (start, end) pairs, `UNSET` when a group did not take part.
pub type Saves = [usize; MAX_GROUPS * 2];

struct St<'h, 's> {
    hay: &'h str,
    slots: &'s mut Saves,
    steps: u32,
    depth: u32,
    gave_up: bool,
}

/// A span bound of a group that did not take part.
pub const UNSET: usize = usize::MAX;

type K<'a, 'h, 's> = &'a mut dyn FnMut(&mut St<'h, 's>, usize) -> bool;

fn is_word_at(hay: &str, pos: usize) -> bool {
    hay.get(pos..)
        .and_then(|s| s.chars().next())
        .is_some_and(is_word)
}

fn is_word_before(hay: &str, pos: usize) -> bool {
    hay.get(..pos)
        .and_then(|s| s.chars().next_back())
        .is_some_and(is_word)
}

fn is_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        regex_syntax::is_word_character(c)
    }
}

impl At {
    fn holds(self, hay: &str, pos: usize) -> bool {
        let b = hay.as_bytes();
        match self {
            At::Start => pos == 0,
            At::End => pos == b.len(),
            At::StartLine => pos == 0 || b.get(pos - 1) == Some(&b'\n'),
            At::EndLine => pos == b.len() || b.get(pos) == Some(&b'\n'),
            At::Word => is_word_before(hay, pos) != is_word_at(hay, pos),
            At::NotWord => is_word_before(hay, pos) == is_word_at(hay, pos),
            At::WordStart => !is_word_before(hay, pos) && is_word_at(hay, pos),
            At::WordEnd => is_word_before(hay, pos) && !is_word_at(hay, pos),
        }
    }
}

/// Why a pattern is not built: outside the subset.
struct No;

struct Builder {
    groups: usize,
}

impl Builder {
    fn expr(&mut self, e: &Expr) -> Result<Node, No> {
        Ok(match e {
            Expr::Empty => Node::Empty,
            Expr::Any { newline } => Node::One(Set::from_ranges(if *newline {
                vec![('\0', char::MAX)].into_iter()
            } else {
                vec![('\0', '\x09'), ('\x0B', char::MAX)].into_iter()
            })),
            Expr::Assertion(a) => Node::At(match a {
                Assertion::StartText => At::Start,
                Assertion::EndText => At::End,
                Assertion::StartLine { crlf: false } => At::StartLine,
                Assertion::EndLine { crlf: false } => At::EndLine,
                Assertion::WordBoundary => At::Word,
                Assertion::NotWordBoundary => At::NotWord,
                Assertion::LeftWordBoundary => At::WordStart,
                Assertion::RightWordBoundary => At::WordEnd,
                _ => return Err(No),
            }),
            Expr::Literal { val, casei } => {
                if !casei {
                    Node::Lit(val.as_bytes().into())
                } else {
                    self.hir_src(&format!("(?i:{})", regex_syntax::escape(val)))?
                }
            }
            Expr::Delegate { inner, casei, .. } => {
                if *casei {
                    self.hir_src(&format!("(?i:{inner})"))?
                } else {
                    self.hir_src(inner)?
                }
            }
            Expr::Concat(v) => {
                let mut items: Vec<Node> = Vec::with_capacity(v.len());
                for e in v {
                    let n = self.expr(e)?;
                    // adjacent literals as one
                    if let (Node::Lit(b), Some(Node::Lit(a))) = (&n, items.last_mut()) {
                        let mut ab = a.to_vec();
                        ab.extend_from_slice(b);
                        *a = ab.into_boxed_slice();
                        continue;
                    }
                    items.push(n);
                }
                if items.len() == 1 {
                    items.pop().unwrap_or(Node::Empty)
                } else {
                    Node::Concat(items)
                }
            }
            Expr::Alt(v) => alt(v.iter().map(|e| self.expr(e)).collect::<Result<_, _>>()?),
            Expr::Group(c) => {
                let g = self.groups;
                self.groups += 1;
                Node::Group(g, Box::new(self.expr(c)?))
            }
            Expr::LookAround(c, kind) => {
                let child = self.expr(c)?;
                let len = match kind {
                    LookAround::LookBehind | LookAround::LookBehindNeg => {
                        fixed_chars(&child).ok_or(No)?
                    }
                    _ => 0,
                };
                let g = has_groups(&child);
                Node::Look(Box::new(child), *kind, len, g)
            }
            Expr::Repeat {
                child,
                lo,
                hi,
                greedy,
            } => {
                let c = self.expr(child)?;
                if lo > hi {
                    return Err(No);
                }
                let c = match c {
                    // one character: a set of it
                    Node::Lit(b)
                        if std::str::from_utf8(&b).is_ok_and(|t| t.chars().count() == 1) =>
                    {
                        let ch = std::str::from_utf8(&b).ok().and_then(|t| t.chars().next());
                        match ch {
                            Some(ch) => Node::One(Set::from_ranges(std::iter::once((ch, ch)))),
                            None => Node::Lit(b),
                        }
                    }
                    c => c,
                };
                match c {
                    Node::One(set) => Node::Run(set, *lo, *hi, *greedy, Only(false)),
                    c if min_len(&c) > 0 => Node::Repeat(Box::new(c), *lo, *hi, *greedy),
                    _ => return Err(No),
                }
            }
            Expr::AtomicGroup(c) => {
                let c = self.expr(c)?;
                let g = has_groups(&c);
                Node::Atomic(Box::new(c), g)
            }
            Expr::Backref(g) => {
                if *g >= self.groups {
                    return Err(No);
                }
                Node::Backref(*g)
            }
            _ => return Err(No),
        })
    }

    fn hir_src(&mut self, src: &str) -> Result<Node, No> {
        let h = regex_syntax::ParserBuilder::new()
            .build()
            .parse(src)
            .map_err(|_| No)?;
        hir(&h)
    }
}

/// A leaf of the tree (a class, a case-insensitive literal) from its HIR.
fn hir(h: &Hir) -> Result<Node, No> {
    Ok(match h.kind() {
        HirKind::Empty => Node::Empty,
        HirKind::Literal(l) => Node::Lit(l.0.clone()),
        HirKind::Class(Class::Unicode(c)) => {
            Node::One(Set::from_ranges(c.iter().map(|r| (r.start(), r.end()))))
        }
        HirKind::Concat(v) => Node::Concat(v.iter().map(hir).collect::<Result<_, _>>()?),
        HirKind::Alternation(v) => alt(v.iter().map(hir).collect::<Result<_, _>>()?),
        HirKind::Look(l) => Node::At(match l {
            Look::Start => At::Start,
            Look::End => At::End,
            Look::StartLF => At::StartLine,
            Look::EndLF => At::EndLine,
            Look::WordUnicode => At::Word,
            Look::WordUnicodeNegate => At::NotWord,
            _ => return Err(No),
        }),
        _ => return Err(No),
    })
}

fn alt(v: Vec<Node>) -> Node {
    if v.len() < 4 || v.len() > usize::from(u16::MAX) {
        return Node::Alt(v, None);
    }
    let mut table = vec![Vec::new(); 256];
    for (i, n) in v.iter().enumerate() {
        let mut f = [false; 256];
        if first(n, &mut f) {
            f = [true; 256];
        }
        for (b, on) in f.iter().enumerate() {
            if *on {
                // i < u16::MAX: checked above
                table[b].push(i as u16);
            }
        }
    }
    Node::Alt(v, Some(table.into_boxed_slice()))
}

/// Adds the bytes a match of `n` can start with; true when `n` may match
/// the empty string (then the set is incomplete).
fn first(n: &Node, f: &mut [bool; 256]) -> bool {
    match n {
        Node::Empty | Node::At(_) | Node::Look(..) => true,
        Node::Backref(_) => {
            // the captured text can start with anything
            f.fill(true);
            true
        }
        Node::Lit(b) => match b.first() {
            Some(&b) => {
                f[usize::from(b)] = true;
                false
            }
            None => true,
        },
        Node::One(s) => {
            s.first_bytes(f);
            false
        }
        Node::Run(s, lo, ..) => {
            s.first_bytes(f);
            *lo == 0
        }
        Node::Repeat(c, lo, ..) => first(c, f) || *lo == 0,
        Node::Concat(v) => v.iter().all(|n| first(n, f)),
        Node::Alt(v, _) => {
            let mut nullable = false;
            for n in v {
                nullable |= first(n, f);
            }
            nullable
        }
        Node::Group(_, c) | Node::Atomic(c, _) => first(c, f),
    }
}

fn has_groups(n: &Node) -> bool {
    match n {
        Node::Group(..) => true,
        Node::Concat(v) | Node::Alt(v, _) => v.iter().any(has_groups),
        Node::Repeat(c, ..) | Node::Look(c, ..) | Node::Atomic(c, _) => has_groups(c),
        _ => false,
    }
}

/// Whether a greedy `Run` needs no backtracking (see `annotate`).
#[derive(Debug, Clone, Copy)]
struct Only(bool);

/// Index of the end of the haystack among `Follow::bytes`.
const EOI: usize = 256;

/// What the rest of a match needs after a node: `bytes` holds every next
/// byte (or `EOI`) at which the rest can succeed (a superset); `sure`
/// says the rest succeeds wherever it starts (it can be empty and tests
/// nothing).
#[derive(Clone)]
struct Follow {
    bytes: [bool; 257],
    sure: bool,
}

const END: Follow = Follow {
    bytes: [false; 257],
    sure: true,
};

const ANY: Follow = Follow {
    bytes: [true; 257],
    sure: false,
};

/// Whether `n` has no zero-width test (assertion, look-around, backref).
fn pure(n: &Node) -> bool {
    match n {
        Node::At(_) | Node::Look(..) | Node::Backref(_) => false,
        Node::Empty | Node::Lit(_) | Node::One(_) | Node::Run(..) => true,
        Node::Concat(v) | Node::Alt(v, _) => v.iter().all(pure),
        Node::Group(_, c) | Node::Atomic(c, _) | Node::Repeat(c, ..) => pure(c),
    }
}

/// What `rest` and then `after` need.
fn follow_of(rest: &[Node], after: &Follow) -> Follow {
    let mut f = Follow {
        bytes: [false; 257],
        sure: false,
    };
    let mut tested = false;
    for n in rest {
        match n {
            Node::At(At::EndLine) => {
                f.bytes[usize::from(b'\n')] = true;
                f.bytes[EOI] = true;
                return f;
            }
            Node::At(At::End) => {
                f.bytes[EOI] = true;
                return f;
            }
            // zero-width: the rest still has to match here
            Node::At(_) | Node::Look(..) => tested = true,
            n => {
                let mut b = [false; 256];
                let nullable = first(n, &mut b);
                for (x, y) in f.bytes.iter_mut().zip(b.iter()) {
                    *x |= *y;
                }
                if !nullable {
                    return f;
                }
                tested |= !pure(n);
            }
        }
    }
    if after.sure && !tested {
        return END;
    }
    let add = if after.sure { &ANY } else { after };
    for (x, y) in f.bytes.iter_mut().zip(add.bytes.iter()) {
        *x |= *y;
    }
    f
}

/// Marks the greedy `Run`s that need no backtracking: at a shorter run
/// the next character is in the run's set, so when no byte of the set can
/// start the rest (or the rest always succeeds), only the longest run can
/// lead to a match.
fn annotate(n: &mut Node, after: &Follow) {
    match n {
        Node::Run(set, _, _, _, only) => {
            let mut mine = [false; 256];
            set.first_bytes(&mut mine);
            let overlap = mine.iter().zip(after.bytes.iter()).any(|(a, b)| *a && *b);
            only.0 = after.sure || !overlap;
        }
        Node::Concat(v) => {
            for i in 0..v.len() {
                let f = follow_of(&v[i + 1..], after);
                annotate(&mut v[i], &f);
            }
        }
        Node::Alt(v, _) => {
            for c in v {
                annotate(c, after);
            }
        }
        Node::Group(_, c) => annotate(c, after),
        Node::Atomic(c, _) => annotate(c, &END),
        Node::Look(c, kind, ..) => {
            let f = match kind {
                LookAround::LookAhead | LookAround::LookAheadNeg => END,
                _ => ANY,
            };
            annotate(c, &f);
        }
        Node::Repeat(c, ..) => {
            // another round of `c`, or what follows the repetition
            let mut f = if after.sure { ANY } else { after.clone() };
            let mut b = [false; 256];
            first(c, &mut b);
            for (x, y) in f.bytes.iter_mut().zip(b.iter()) {
                *x |= *y;
            }
            annotate(c, &f);
        }
        Node::Empty | Node::Lit(_) | Node::One(_) | Node::At(_) | Node::Backref(_) => {}
    }
}

/// The least number of bytes a match of `n` takes.
fn min_len(n: &Node) -> usize {
    match n {
        Node::Empty | Node::At(_) | Node::Look(..) | Node::Backref(_) => 0,
        Node::Lit(b) => b.len(),
        Node::One(_) => 1,
        Node::Run(_, lo, ..) => *lo,
        Node::Repeat(c, lo, ..) => min_len(c).saturating_mul(*lo),
        Node::Concat(v) => v.iter().map(min_len).fold(0, usize::saturating_add),
        Node::Alt(v, _) => v.iter().map(min_len).min().unwrap_or(0),
        Node::Group(_, c) | Node::Atomic(c, _) => min_len(c),
    }
}

/// The number of chars every match of `n` has, if fixed (look-behind).
fn fixed_chars(n: &Node) -> Option<usize> {
    match n {
        Node::Empty | Node::At(_) | Node::Look(..) => Some(0),
        Node::Lit(b) => std::str::from_utf8(b).ok().map(|s| s.chars().count()),
        Node::One(_) => Some(1),
        Node::Run(_, lo, hi, ..) if lo == hi => Some(*lo),
        Node::Repeat(c, lo, hi, _) if lo == hi => fixed_chars(c)?.checked_mul(*lo),
        Node::Concat(v) => v
            .iter()
            .try_fold(0usize, |a, n| a.checked_add(fixed_chars(n)?)),
        Node::Alt(v, _) => {
            let n0 = fixed_chars(v.first()?)?;
            v.iter().all(|n| fixed_chars(n) == Some(n0)).then_some(n0)
        }
        Node::Group(_, c) | Node::Atomic(c, _) => fixed_chars(c),
        _ => None,
    }
}

impl Matcher {
    /// The matcher for a fancy-regex pattern (as `anchored` gets it), or
    /// `None` when the pattern is outside the subset.
    pub fn new(pattern: &str) -> Option<Matcher> {
        let tree = Expr::parse_tree(pattern).ok()?;
        let mut b = Builder { groups: 1 };
        let inner = b.expr(&tree.expr).ok()?;
        if b.groups > MAX_GROUPS {
            return None;
        }
        let mut root = Node::Group(0, Box::new(inner));
        annotate(&mut root, &END);
        let mut items = Vec::new();
        let linear = linear(&root, &mut items).map(|()| items);
        Some(Matcher {
            root,
            linear,
            groups: b.groups,
        })
    }

    /// The number of groups, group 0 included.
    pub fn groups(&self) -> usize {
        self.groups
    }

    /// The end of a match at the start of `hay`, if any.
    pub fn match_end(&self, hay: &str) -> Result<Option<usize>, GiveUp> {
        if let Some(items) = &self.linear {
            let mut f = Flat {
                hay,
                saves: None,
                steps: 0,
                gave_up: false,
            };
            let end = seq(items, &mut f, 0);
            if f.gave_up {
                return Err(GiveUp);
            }
            return Ok(end);
        }
        let mut saves = [UNSET; MAX_GROUPS * 2];
        Ok(self.captures(hay, &mut saves)?.then_some(saves[1]))
    }

    /// Whether the pattern matches at the start of `hay`; the group spans
    /// go to `saves` (which must come `UNSET`).
    pub fn captures(&self, hay: &str, saves: &mut Saves) -> Result<bool, GiveUp> {
        if let Some(items) = &self.linear {
            let mut f = Flat {
                hay,
                saves: Some(saves),
                steps: 0,
                gave_up: false,
            };
            let found = seq(items, &mut f, 0).is_some();
            if f.gave_up {
                return Err(GiveUp);
            }
            return Ok(found);
        }
        let mut st = St {
            hay,
            slots: saves,
            steps: 0,
            depth: 0,
            gave_up: false,
        };
        let ok = m(&self.root, &mut st, 0, &mut |_, _| true);
        if st.gave_up {
            return Err(GiveUp);
        }
        Ok(ok)
    }
}

/// Matches `n` at `pos`, then the continuation `k`.
fn m<'h, 's>(n: &Node, s: &mut St<'h, 's>, pos: usize, k: K<'_, 'h, 's>) -> bool {
    if s.gave_up {
        return false;
    }
    s.steps += 1;
    if s.steps > MAX_STEPS {
        s.gave_up = true;
        return false;
    }
    match n {
        Node::Empty => k(s, pos),
        Node::Lit(b) => {
            if lit_at(s.hay.as_bytes(), pos, b) {
                k(s, pos + b.len())
            } else {
                false
            }
        }
        Node::One(set) => match set.at(s.hay, pos) {
            Some(l) => k(s, pos + l),
            None => false,
        },
        Node::At(a) => a.holds(s.hay, pos) && k(s, pos),
        Node::Concat(v) => concat(v, s, pos, k),
        Node::Alt(v, table) => {
            if let Some(t) = table {
                let Some(&b) = s.hay.as_bytes().get(pos) else {
                    // no byte left: only nullable branches can match
                    return v.iter().any(|n| m(n, s, pos, k));
                };
                for &i in &t[usize::from(b)] {
                    let n = &v[usize::from(i)];
                    // a literal branch that is not there costs no call
                    if let Node::Lit(l) = n {
                        if !lit_at(s.hay.as_bytes(), pos, l) {
                            continue;
                        }
                    }
                    if m(n, s, pos, k) {
                        return true;
                    }
                }
                false
            } else {
                v.iter().any(|n| m(n, s, pos, k))
            }
        }
        Node::Group(g, c) => {
            let (i, j) = (g * 2, g * 2 + 1);
            let old = (s.slots[i], s.slots[j]);
            let ok = m(c, s, pos, &mut |s: &mut St<'h, 's>, p| {
                let inner = (s.slots[i], s.slots[j]);
                s.slots[i] = pos;
                s.slots[j] = p;
                if k(s, p) {
                    return true;
                }
                s.slots[i] = inner.0;
                s.slots[j] = inner.1;
                false
            });
            if !ok {
                s.slots[i] = old.0;
                s.slots[j] = old.1;
            }
            ok
        }
        Node::Run(set, lo, hi, greedy, only) => {
            run(set, *lo, *hi, *greedy && only.0, *greedy, s, pos, k)
        }
        Node::Repeat(c, lo, hi, greedy) => {
            s.depth += 1;
            let ok = repeat(c, *lo, *hi, *greedy, 0, s, pos, k);
            s.depth -= 1;
            ok
        }
        Node::Look(c, kind, len, groups) => look(c, *kind, *len, *groups, s, pos, k),
        Node::Atomic(c, groups) => atomic(c, *groups, s, pos, k),
        Node::Backref(g) => {
            let (a, b) = (s.slots[g * 2], s.slots[g * 2 + 1]);
            if a == UNSET || b == UNSET || a > b {
                return false;
            }
            let bytes = s.hay.as_bytes();
            let len = b - a;
            if bytes.get(pos..pos + len) == bytes.get(a..b) {
                k(s, pos + len)
            } else {
                false
            }
        }
    }
}

/// Whether `lit` is at `pos` (short literals compared inline).
#[inline]
fn lit_at(hay: &[u8], pos: usize, lit: &[u8]) -> bool {
    let Some(h) = hay.get(pos..pos + lit.len()) else {
        return false;
    };
    if lit.len() <= 16 {
        h.iter().zip(lit).all(|(a, b)| a == b)
    } else {
        h == lit
    }
}

/// A look-around (kept out of `m` so that its frame stays small).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn look<'h, 's>(
    c: &Node,
    kind: LookAround,
    len: usize,
    groups: bool,
    s: &mut St<'h, 's>,
    pos: usize,
    k: K<'_, 'h, 's>,
) -> bool {
    let saved = if groups { Some(*s.slots) } else { None };
    let (start, ahead) = match kind {
        LookAround::LookAhead | LookAround::LookAheadNeg => (Some(pos), true),
        _ => (back_chars(s.hay, pos, len), false),
    };
    let found = match start {
        Some(st) => m(c, s, st, &mut |_, p| ahead || p == pos),
        None => false,
    };
    if s.gave_up {
        return false;
    }
    let want = matches!(kind, LookAround::LookAhead | LookAround::LookBehind);
    if found != want {
        if let Some(v) = saved {
            *s.slots = v;
        }
        return false;
    }
    if !want {
        if let Some(v) = saved {
            *s.slots = v;
        }
    }
    if k(s, pos) {
        return true;
    }
    if let Some(v) = saved {
        *s.slots = v;
    }
    false
}

/// An atomic group.
#[inline(never)]
fn atomic<'h, 's>(
    c: &Node,
    groups: bool,
    s: &mut St<'h, 's>,
    pos: usize,
    k: K<'_, 'h, 's>,
) -> bool {
    let saved = if groups { Some(*s.slots) } else { None };
    let mut end = None;
    m(c, s, pos, &mut |_, p| {
        end = Some(p);
        true
    });
    match end {
        Some(p) if !s.gave_up => {
            if k(s, p) {
                return true;
            }
            if let Some(v) = saved {
                *s.slots = v;
            }
            false
        }
        _ => false,
    }
}

fn concat<'h, 's>(v: &[Node], s: &mut St<'h, 's>, pos: usize, k: K<'_, 'h, 's>) -> bool {
    match v {
        [] => k(s, pos),
        [one] => m(one, s, pos, k),
        [head, rest @ ..] => m(head, s, pos, &mut |s: &mut St<'h, 's>, p| {
            concat(rest, s, p, k)
        }),
    }
}

/// A repeated one-character set: no recursion per character.
#[allow(clippy::too_many_arguments)]
fn run<'h, 's>(
    set: &Set,
    lo: usize,
    hi: usize,
    only_longest: bool,
    greedy: bool,
    s: &mut St<'h, 's>,
    pos: usize,
    k: K<'_, 'h, 's>,
) -> bool {
    let hay = s.hay;
    // the positions after 0, 1, ... characters, walked lazily
    let mut p = pos;
    let mut count = 0;
    while count < lo {
        match set.at(hay, p) {
            Some(l) => p += l,
            None => return false,
        }
        count += 1;
    }
    if greedy {
        let min_end = p;
        while count < hi {
            match set.at(hay, p) {
                Some(l) => p += l,
                None => break,
            }
            count += 1;
        }
        loop {
            s.steps += 1;
            if s.steps > MAX_STEPS {
                s.gave_up = true;
                return false;
            }
            if k(s, p) {
                return true;
            }
            if s.gave_up || p <= min_end || only_longest {
                return false;
            }
            // back one character
            p -= 1;
            while !hay.is_char_boundary(p) {
                p -= 1;
            }
        }
    } else {
        loop {
            s.steps += 1;
            if s.steps > MAX_STEPS {
                s.gave_up = true;
                return false;
            }
            if k(s, p) {
                return true;
            }
            if s.gave_up || count >= hi {
                return false;
            }
            match set.at(hay, p) {
                Some(l) => p += l,
                None => return false,
            }
            count += 1;
        }
    }
}

/// A repeated sub-pattern (which never matches empty), from `count` on.
#[allow(clippy::too_many_arguments)]
fn repeat<'h, 's>(
    c: &Node,
    lo: usize,
    hi: usize,
    greedy: bool,
    count: usize,
    s: &mut St<'h, 's>,
    pos: usize,
    k: K<'_, 'h, 's>,
) -> bool {
    if s.depth > MAX_DEPTH {
        s.gave_up = true;
        return false;
    }
    let more = |s: &mut St<'h, 's>, k: K<'_, 'h, 's>| {
        count < hi && {
            s.depth += 1;
            let ok = m(c, s, pos, &mut |s: &mut St<'h, 's>, p| {
                repeat(c, lo, hi, greedy, count + 1, s, p, k)
            });
            s.depth -= 1;
            ok
        }
    };
    if count < lo {
        return more(s, k);
    }
    if greedy {
        more(s, k) || (!s.gave_up && k(s, pos))
    } else {
        k(s, pos) || (!s.gave_up && more(s, k))
    }
}

/// The position `n` chars before `pos`, if there are that many.
fn back_chars(hay: &str, pos: usize, n: usize) -> Option<usize> {
    let mut p = pos;
    for _ in 0..n {
        let c = hay.get(..p)?.chars().next_back()?;
        p -= c.len_utf8();
    }
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::super::anchored::Anchored;
    use super::super::lexers;
    use super::*;

    /// A small deterministic generator (xorshift).
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    /// Characters worth trying against `pat`: those it names, and a few
    /// that tell classes, words, lines and non-ASCII apart.
    fn alphabet(pat: &str) -> Vec<char> {
        let mut a: Vec<char> = " \n\ta_Z0.-\\'\"é\u{212A}".chars().collect();
        for c in pat.chars() {
            if c.is_ascii_graphic() && !a.contains(&c) {
                a.push(c);
            }
        }
        a
    }

    /// Words worth trying: runs of letters the pattern names (keywords).
    fn words(pat: &str) -> Vec<String> {
        let mut w: Vec<String> = pat
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .filter(|w| w.len() > 1)
            .map(str::to_string)
            .collect();
        w.sort();
        w.dedup();
        w
    }

    fn check(re: &Anchored, fast: &Matcher, pat: &str, hay: &str) {
        let mut saves = [UNSET; MAX_GROUPS * 2];
        let Ok(found) = fast.captures(hay, &mut saves) else {
            return;
        };
        let got = found.then(|| {
            (0..fast.groups())
                .map(|g| {
                    let (a, b) = (saves[g * 2], saves[g * 2 + 1]);
                    (a != UNSET && b != UNSET && a <= b).then_some((a, b))
                })
                .collect::<Vec<_>>()
        });
        // groups past the last that took part are absent either way; the
        // VM's save slots past the pattern's groups are its own
        let trim = |mut v: Vec<Option<(usize, usize)>>| {
            v.truncate(fast.groups);
            while v.last() == Some(&None) {
                v.pop();
            }
            v
        };
        let got = got.map(trim);
        let want = re.slow_captures(hay, true).map(|s| trim(s.to_vec()));
        let end = want
            .as_ref()
            .and_then(|w| w.first().copied().flatten())
            .map(|(_, e)| e);
        if let Ok(e) = fast.match_end(hay) {
            assert_eq!(e, end, "end of pattern {pat:?} on {hay:?}");
        }
        assert_eq!(got, want, "pattern {pat:?} on {hay:?}");
    }

    /// The fast path gives what the `regex` crate / fancy-regex give, for
    /// every rule of every ported lexer, on all short strings over the
    /// characters each pattern names and on random longer ones.
    #[test]
    fn fast_path_agrees_with_the_engines() {
        let mut names: Vec<&str> = lexers::PORTED.to_vec();
        names.extend(lexers::auto::TAGS);
        let mut pats: Vec<String> = names
            .iter()
            .filter_map(|n| lexers::compiled(n))
            .flat_map(|c| c.patterns())
            .collect();
        pats.sort();
        pats.dedup();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let (mut fast_n, mut total, mut lin) = (0, 0, 0);
        for pat in &pats {
            total += 1;
            let Ok(re) = Anchored::new(pat, true) else {
                continue;
            };
            let Some(fast) = re.fast() else { continue };
            fast_n += 1;
            lin += usize::from(fast.linear.is_some());
            let al = alphabet(pat);
            let ws = words(pat);
            // exhaustive up to two characters
            check(&re, fast, pat, "");
            for &a in &al {
                check(&re, fast, pat, &a.to_string());
                for &b in &al {
                    check(&re, fast, pat, &format!("{a}{b}"));
                }
            }
            // random strings from the alphabet and the pattern's words
            for _ in 0..1000 {
                let mut h = String::new();
                for _ in 0..1 + rng.below(16) {
                    if !ws.is_empty() && rng.below(3) == 0 {
                        h.push_str(&ws[rng.below(ws.len())]);
                    } else {
                        h.push(al[rng.below(al.len())]);
                    }
                }
                check(&re, fast, pat, &h);
            }
        }
        println!("fast path: {fast_n} of {total} patterns ({lin} linear)");
        assert!(fast_n * 10 > total * 8, "{fast_n} of {total}");
    }
}

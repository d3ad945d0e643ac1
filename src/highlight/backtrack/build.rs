//! Building the matcher: the fancy-regex tree into `Node`s, and the
//! analyses the runs rely on (first bytes, what must follow a run).

use fancy_regex::{Assertion, Expr, LookAround};
use regex_syntax::hir::{Class, Hir, HirKind, Look};

use super::{At, Node, Set};

/// Why a pattern is not built: outside the subset.
pub(super) struct No;

pub(super) struct Builder {
    pub(super) groups: usize,
}

impl Builder {
    pub(super) fn expr(&mut self, e: &Expr) -> Result<Node, No> {
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
                    c if min_len(&c) > 0 => Node::Repeat(Box::new(c), *lo, *hi, *greedy, false),
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
pub(super) fn hir(h: &Hir) -> Result<Node, No> {
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

pub(super) fn alt(v: Vec<Node>) -> Node {
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
pub(super) fn first(n: &Node, f: &mut [bool; 256]) -> bool {
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

pub(super) fn has_groups(n: &Node) -> bool {
    match n {
        Node::Group(..) => true,
        Node::Concat(v) | Node::Alt(v, _) => v.iter().any(has_groups),
        Node::Repeat(c, ..) | Node::Look(c, ..) | Node::Atomic(c, _) => has_groups(c),
        _ => false,
    }
}

/// Whether a greedy `Run` needs no backtracking (see `annotate`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Only(pub(super) bool);

/// Index of the end of the haystack among `Follow::bytes`.
pub(super) const EOI: usize = 256;

/// What the rest of a match needs after a node: `bytes` holds every next
/// byte (or `EOI`) at which the rest can succeed (a superset); `sure`
/// says the rest succeeds wherever it starts (it can be empty and tests
/// nothing).
#[derive(Clone)]
pub(super) struct Follow {
    pub(super) bytes: [bool; 257],
    pub(super) sure: bool,
}

pub(super) const END: Follow = Follow {
    bytes: [false; 257],
    sure: true,
};

pub(super) const ANY: Follow = Follow {
    bytes: [true; 257],
    sure: false,
};

/// Whether `n` has no zero-width test (assertion, look-around, backref).
pub(super) fn pure(n: &Node) -> bool {
    match n {
        Node::At(_) | Node::Look(..) | Node::Backref(_) => false,
        Node::Empty | Node::Lit(_) | Node::One(_) | Node::Run(..) => true,
        Node::Concat(v) | Node::Alt(v, _) => v.iter().all(pure),
        Node::Group(_, c) | Node::Atomic(c, _) | Node::Repeat(c, ..) => pure(c),
    }
}

/// What `rest` and then `after` need.
pub(super) fn follow_of(rest: &[Node], after: &Follow) -> Follow {
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
pub(super) fn annotate(n: &mut Node, after: &Follow) {
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
        Node::Repeat(c, _, _, _, one) => {
            // another round of `c`, or what follows the repetition
            let mut f = if after.sure { ANY } else { after.clone() };
            let mut b = [false; 256];
            first(c, &mut b);
            for (x, y) in f.bytes.iter_mut().zip(b.iter()) {
                *x |= *y;
            }
            annotate(c, &f);
            *one = single(c);
        }
        Node::Empty | Node::Lit(_) | Node::One(_) | Node::At(_) | Node::Backref(_) => {}
    }
}

/// Whether `n` matches in one way at most wherever it starts, and sets no
/// group: then a repetition of it has one path forward, and backtracking
/// can only choose how many rounds to keep. Branches must start with
/// different bytes (and none be empty); a greedy run must be one that
/// `annotate` found needs no backtracking.
pub(super) fn single(n: &Node) -> bool {
    match n {
        Node::Empty | Node::Lit(_) | Node::One(_) | Node::At(_) | Node::Backref(_) => true,
        Node::Run(_, lo, hi, greedy, only) => lo == hi || (*greedy && only.0),
        Node::Concat(v) => v.iter().all(single),
        Node::Alt(v, _) => {
            let mut seen = [false; 256];
            for b in v {
                let mut f = [false; 256];
                if first(b, &mut f) || !single(b) {
                    return false;
                }
                if f.iter().zip(seen.iter()).any(|(x, y)| *x && *y) {
                    return false;
                }
                for (x, y) in seen.iter_mut().zip(f.iter()) {
                    *x |= *y;
                }
            }
            true
        }
        Node::Atomic(_, groups) | Node::Look(_, _, _, groups) => !groups,
        Node::Group(..) | Node::Repeat(..) => false,
    }
}

/// The least number of bytes a match of `n` takes.
pub(super) fn min_len(n: &Node) -> usize {
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
pub(super) fn fixed_chars(n: &Node) -> Option<usize> {
    match n {
        Node::Empty | Node::At(_) | Node::Look(..) => Some(0),
        Node::Lit(b) => std::str::from_utf8(b).ok().map(|s| s.chars().count()),
        Node::One(_) => Some(1),
        Node::Run(_, lo, hi, ..) if lo == hi => Some(*lo),
        Node::Repeat(c, lo, hi, ..) if lo == hi => fixed_chars(c)?.checked_mul(*lo),
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

//! The tree matcher: any pattern of the subset, each node matched with a
//! continuation for the rest (look-around, atomic groups, backreferences,
//! repeated sub-patterns).

use fancy_regex::LookAround;

use super::{back_chars, lit_at, Node, Saves, Set, MAX_DEPTH, UNSET};

pub(super) struct St<'h, 's> {
    pub(super) hay: &'h str,
    pub(super) slots: &'s mut Saves,
    pub(super) steps: u32,
    /// the run's step budget
    pub(super) limit: u32,
    pub(super) depth: u32,
    pub(super) gave_up: bool,
}

impl St<'_, '_> {
    /// Spends one step of the budget: `false` past it (the run gives up).
    #[inline]
    pub(super) fn step(&mut self) -> bool {
        self.steps += 1;
        if self.steps > self.limit {
            self.gave_up = true;
            return false;
        }
        true
    }
}

pub(super) type K<'a, 'h, 's> = &'a mut dyn FnMut(&mut St<'h, 's>, usize) -> bool;

/// Matches `n` at `pos`, then the continuation `k`.
pub(super) fn m<'h, 's>(n: &Node, s: &mut St<'h, 's>, pos: usize, k: K<'_, 'h, 's>) -> bool {
    if s.gave_up {
        return false;
    }
    if !s.step() {
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
        Node::Repeat(c, lo, hi, greedy, true) => repeat_single(c, *lo, *hi, *greedy, s, pos, k),
        Node::Repeat(c, lo, hi, greedy, false) => {
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

/// A look-around (kept out of `m` so that its frame stays small).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub(super) fn look<'h, 's>(
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

/// The end of the first match of `n` at `pos` (`None` also when the run
/// gave up).
fn first_end(n: &Node, s: &mut St<'_, '_>, pos: usize) -> Option<usize> {
    let mut end = None;
    m(n, s, pos, &mut |_, p| {
        end = Some(p);
        true
    });
    end.filter(|_| !s.gave_up)
}

/// An atomic group.
#[inline(never)]
pub(super) fn atomic<'h, 's>(
    c: &Node,
    groups: bool,
    s: &mut St<'h, 's>,
    pos: usize,
    k: K<'_, 'h, 's>,
) -> bool {
    let saved = if groups { Some(*s.slots) } else { None };
    match first_end(c, s, pos) {
        Some(p) => {
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

pub(super) fn concat<'h, 's>(v: &[Node], s: &mut St<'h, 's>, pos: usize, k: K<'_, 'h, 's>) -> bool {
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
pub(super) fn run<'h, 's>(
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
            if !s.step() {
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
            if !s.step() {
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
pub(super) fn repeat<'h, 's>(
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

/// A repeated sub-pattern that matches in one way at most (`build::single`)
/// and never matches empty: its rounds are walked in a loop, so a long
/// repetition (a string scanned to its closing quote) costs no recursion.
#[allow(clippy::too_many_arguments)]
pub(super) fn repeat_single<'h, 's>(
    c: &Node,
    lo: usize,
    hi: usize,
    greedy: bool,
    s: &mut St<'h, 's>,
    pos: usize,
    k: K<'_, 'h, 's>,
) -> bool {
    // the end of the one match of `c` at `p`
    let next = |s: &mut St<'h, 's>, p: usize| first_end(c, s, p);
    let mut p = pos;
    let mut count = 0;
    while count < lo {
        match next(s, p) {
            Some(q) => p = q,
            None => return false,
        }
        count += 1;
    }
    if greedy {
        let mut ends = vec![p];
        while count < hi {
            match next(s, p) {
                Some(q) => p = q,
                None => break,
            }
            ends.push(p);
            count += 1;
        }
        if s.gave_up {
            return false;
        }
        for &e in ends.iter().rev() {
            if k(s, e) {
                return true;
            }
            if s.gave_up {
                return false;
            }
        }
        false
    } else {
        loop {
            if k(s, p) {
                return true;
            }
            if s.gave_up || count >= hi {
                return false;
            }
            match next(s, p) {
                Some(q) => p = q,
                None => return false,
            }
            count += 1;
        }
    }
}

//! Patterns as flat sequences: no continuation closures, choices (runs,
//! alternative literals) retried in order by recursion on the rest.

use fancy_regex::LookAround;

use super::build::{alt, has_groups};
use super::{back_chars, lit_at, m, At, Node, Saves, Set, St, MAX_GROUPS, UNSET};

/// A step of a flat pattern (see `linear`).
#[derive(Debug)]
pub(super) enum Item {
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
    /// alternatives (not all literals), in order; per first byte the ones
    /// that can start with it (`None`: try all); the groups they hold
    Alt(Vec<Vec<Item>>, Option<Box<[Vec<u16>]>>, Groups),
    /// an optional part (greedy or not) and the groups it holds
    Opt(Vec<Item>, bool, Groups),
    /// a repeated part that matches in one way at most and sets no group
    /// (`build::single`): lo, hi, greedy
    Rep(Vec<Item>, usize, usize, bool),
    /// an atomic group without groups
    Atomic(Vec<Item>),
}

/// The groups `lo..hi` a part of the pattern holds (they are numbered in
/// order): unset again when a path through the part is abandoned, as a
/// path that skips the part must not see them.
#[derive(Debug, Clone, Copy)]
pub(super) struct Groups(usize, usize);

impl Groups {
    fn of(n: &Node) -> Groups {
        let mut g = Groups(usize::MAX, 0);
        g.add(n);
        if g.0 >= g.1 {
            Groups(0, 0)
        } else {
            g
        }
    }

    fn add(&mut self, n: &Node) {
        match n {
            Node::Group(i, c) => {
                self.0 = self.0.min(*i);
                self.1 = self.1.max(i + 1);
                self.add(c);
            }
            Node::Concat(v) | Node::Alt(v, _) => v.iter().for_each(|c| self.add(c)),
            Node::Repeat(c, ..) | Node::Look(c, ..) | Node::Atomic(c, _) => self.add(c),
            _ => {}
        }
    }
}

/// `n` as a flat sequence, if it is one: literals, characters, runs,
/// assertions, groups, alternatives of literals and look-arounds without
/// groups. Choices (runs, alternatives) are retried by `seq` in order.
pub(super) fn linear(n: &Node, out: &mut Vec<Item>) -> Option<()> {
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
        Node::Alt(v, table) if !v.iter().all(|c| matches!(c, Node::Lit(b) if !b.is_empty())) => {
            let branches = v
                .iter()
                .map(|c| {
                    let mut b = Vec::new();
                    linear(c, &mut b).map(|()| b)
                })
                .collect::<Option<_>>()?;
            out.push(Item::Alt(branches, table.clone(), Groups::of(n)));
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
        Node::Repeat(c, 0, 1, greedy, _) => {
            let mut body = Vec::new();
            linear(c, &mut body)?;
            out.push(Item::Opt(body, *greedy, Groups::of(c)));
        }
        Node::Repeat(c, lo, hi, greedy, true) if !has_groups(c) => {
            let mut body = Vec::new();
            linear(c, &mut body)?;
            out.push(Item::Rep(body, *lo, *hi, *greedy));
        }
        Node::Atomic(c, false) => {
            let mut body = Vec::new();
            linear(c, &mut body)?;
            out.push(Item::Atomic(body));
        }
        _ => return None,
    }
    Some(())
}

/// A copy of a node without backreferences.
pub(super) fn clone_node(n: &Node) -> Option<Node> {
    Some(match n {
        Node::Empty => Node::Empty,
        Node::Lit(b) => Node::Lit(b.clone()),
        Node::One(s) => Node::One(s.clone()),
        Node::At(a) => Node::At(*a),
        Node::Concat(v) => Node::Concat(v.iter().map(clone_node).collect::<Option<_>>()?),
        Node::Alt(v, _) => alt(v.iter().map(clone_node).collect::<Option<_>>()?),
        Node::Run(s, lo, hi, g, o) => Node::Run(s.clone(), *lo, *hi, *g, *o),
        Node::Repeat(c, lo, hi, g, one) => {
            Node::Repeat(Box::new(clone_node(c)?), *lo, *hi, *g, *one)
        }
        Node::Look(c, k, l, g) => Node::Look(Box::new(clone_node(c)?), *k, *l, *g),
        Node::Atomic(c, g) => Node::Atomic(Box::new(clone_node(c)?), *g),
        // (in a negative look-around; its spans go to a scratch array)
        Node::Group(g, c) => Node::Group(*g, Box::new(clone_node(c)?)),
        Node::Backref(_) => return None,
    })
}

/// The state of a flat run.
pub(super) struct Flat<'h, 's> {
    pub(super) hay: &'h str,
    /// where the group spans go (`None`: only the end is wanted); a
    /// group's start is written at its opening, as every path that can
    /// still succeed passes it again
    pub(super) saves: Option<&'s mut Saves>,
    pub(super) steps: u32,
    /// the run's step budget
    pub(super) limit: u32,
    pub(super) gave_up: bool,
}

impl Flat<'_, '_> {
    /// Spends one step of the budget: `false` past it (the run gives up).
    #[inline]
    fn step(&mut self) -> bool {
        self.steps += 1;
        if self.steps > self.limit {
            self.gave_up = true;
            return false;
        }
        true
    }
}

/// What follows the items being run: the rest of the sequences they are
/// part of, innermost first (on the stack of the calls that entered
/// them, so as deep as the pattern's nesting).
pub(super) struct Then<'a> {
    items: &'a [Item],
    next: Option<&'a Then<'a>>,
}

/// Runs `items` from `pos`: the end of the first match, in the order the
/// backtracking engines find it.
pub(super) fn seq(items: &[Item], f: &mut Flat<'_, '_>, pos: usize) -> Option<usize> {
    run(items, None, f, pos)
}

/// Unsets groups `g` (a path through them was abandoned).
fn unset(f: &mut Flat<'_, '_>, g: Groups) {
    if let Some(sv) = f.saves.as_deref_mut() {
        for v in sv.iter_mut().take(g.1 * 2).skip(g.0 * 2) {
            *v = UNSET;
        }
    }
}

/// Fixed room for the ends of a repetition's rounds (more spill to the
/// heap).
const ROUNDS: usize = 32;

/// `items`, then `then`, from `pos` (see `seq`). Each choice (a run's
/// length, a branch, an optional part) recurses on what follows it.
fn run<'a>(
    mut items: &'a [Item],
    mut then: Option<&'a Then<'a>>,
    f: &mut Flat<'_, '_>,
    mut pos: usize,
) -> Option<usize> {
    let hay = f.hay;
    let bytes = hay.as_bytes();
    loop {
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
                            if !f.step() {
                                return None;
                            }
                            if let Some(end) = run(rest, then, f, pos) {
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
                            if !f.step() {
                                return None;
                            }
                            if let Some(end) = run(rest, then, f, pos) {
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
                        if !f.step() {
                            return None;
                        }
                        if let Some(end) = run(rest, then, f, pos + l.len()) {
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
                                limit: f.limit,
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
                                limit: f.limit,
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
                Item::Alt(branches, table, groups) => {
                    let rest = Then {
                        items: &items[i + 1..],
                        next: then,
                    };
                    // at the end every branch is tried (only nullable ones
                    // can match)
                    let some = match (table, bytes.get(pos)) {
                        (Some(t), Some(&b)) => t.get(usize::from(b)).map(|v| &v[..]),
                        _ => None,
                    };
                    let n = some.map_or(branches.len(), <[u16]>::len);
                    for k in 0..n {
                        let j = some.map_or(Some(k), |v| v.get(k).map(|&j| usize::from(j)));
                        let Some(b) = j.and_then(|j| branches.get(j)) else {
                            continue;
                        };
                        if !f.step() {
                            return None;
                        }
                        if let Some(end) = run(b, Some(&rest), f, pos) {
                            return Some(end);
                        }
                        unset(f, *groups);
                        if f.gave_up {
                            return None;
                        }
                    }
                    return None;
                }
                Item::Opt(body, greedy, groups) => {
                    if !f.step() {
                        return None;
                    }
                    let rest = Then {
                        items: &items[i + 1..],
                        next: then,
                    };
                    if *greedy {
                        if let Some(end) = run(body, Some(&rest), f, pos) {
                            return Some(end);
                        }
                        unset(f, *groups);
                        if f.gave_up {
                            return None;
                        }
                        // without it: on with the rest
                    } else {
                        if let Some(end) = run(rest.items, then, f, pos) {
                            return Some(end);
                        }
                        if f.gave_up {
                            return None;
                        }
                        let end = run(body, Some(&rest), f, pos);
                        if end.is_none() {
                            unset(f, *groups);
                        }
                        return end;
                    }
                }
                Item::Rep(body, lo, hi, greedy) => {
                    // a round matches in one way at most: its end alone
                    let mut count = 0;
                    while count < *lo {
                        pos = run(body, None, f, pos)?;
                        count += 1;
                    }
                    let rest = &items[i + 1..];
                    if *greedy {
                        let (mut ends, mut more) = ([0usize; ROUNDS], Vec::new());
                        let mut n = 0;
                        let mut push = |p: usize| {
                            match ends.get_mut(n) {
                                Some(e) => *e = p,
                                None => more.push(p),
                            }
                            n += 1;
                        };
                        push(pos);
                        while count < *hi {
                            let Some(q) = run(body, None, f, pos) else {
                                break;
                            };
                            pos = q;
                            push(pos);
                            count += 1;
                        }
                        if f.gave_up {
                            return None;
                        }
                        // the most rounds first
                        for k in (0..n).rev() {
                            let e = match ends.get(k) {
                                Some(&e) => e,
                                None => *more.get(k - ROUNDS)?,
                            };
                            if !f.step() {
                                return None;
                            }
                            if let Some(end) = run(rest, then, f, e) {
                                return Some(end);
                            }
                            if f.gave_up {
                                return None;
                            }
                        }
                        return None;
                    } else {
                        loop {
                            if !f.step() {
                                return None;
                            }
                            if let Some(end) = run(rest, then, f, pos) {
                                return Some(end);
                            }
                            if f.gave_up || count >= *hi {
                                return None;
                            }
                            pos = run(body, None, f, pos)?;
                            count += 1;
                        }
                    }
                }
                Item::Atomic(body) => {
                    // its first match only
                    pos = run(body, None, f, pos)?;
                }
            }
        }
        match then {
            Some(t) => {
                items = t.items;
                then = t.next;
            }
            None => return Some(pos),
        }
    }
}

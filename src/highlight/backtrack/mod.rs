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

mod build;
mod flat;
#[cfg(test)]
mod tests;
mod tree;

use build::{annotate, Builder, Only, END};
use flat::{linear, seq, Flat, Item};
use tree::{m, St};

use fancy_regex::{Expr, LookAround};

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
    /// child, lo, hi, greedy, and whether the child has one way at most
    /// to match anywhere (no groups, no choice: see `build::single`), so
    /// that the repetition is walked in a loop rather than by recursion
    Repeat(Box<Node>, usize, usize, bool, bool),
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
    /// whether a run goes on to the end of the highlight's budget rather
    /// than give up early: the engine behind it (fancy-regex's
    /// backtracker, for patterns with look-around or backreferences) is
    /// no faster on a long run
    patient: bool,
    groups: usize,
    /// the pattern as a straight sequence, when it has no choice to make
    linear: Option<Vec<Item>>,
}

/// The step budget of a run: at least this, and more in a long haystack,
/// where a pattern that scans it (a string running to its closing quote)
/// needs several steps per byte (a round of an alternation is about six).
const MAX_STEPS: u32 = 20_000;

/// The step budget of one run in a haystack of `len` bytes: what an
/// impatient matcher spends before handing over to the engines, and at
/// most what is left of the highlight's budget (`super::budget`).
#[inline]
fn step_limit(len: usize, patient: bool) -> u32 {
    let own = if patient {
        u64::from(u32::MAX - 1)
    } else {
        (len as u64).saturating_mul(32).max(u64::from(MAX_STEPS))
    };
    u32::try_from(own.min(super::budget::left())).unwrap_or(u32::MAX - 1)
}

/// Charges a finished run's steps to the highlight's budget; a run that
/// gave up with the budget spent marks it over (then no engine runs).
#[inline]
fn charge(steps: u32, limit: u32, gave_up: bool) {
    // (most runs make no choice, so take no step)
    if steps == 0 && !gave_up {
        return;
    }
    let left = super::budget::left();
    super::budget::spend(u64::from(steps));
    // (a run also gives up past its depth, with steps to spare)
    if gave_up && steps > limit && u64::from(limit) >= left {
        super::budget::exhaust();
    }
}

const MAX_DEPTH: u32 = 400;

/// Groups a pattern may have (group 0 included) to be built here.
pub const MAX_GROUPS: usize = 16;

/// Group spans as (start, end) pairs, `UNSET` when a group did not take part.
pub type Saves = [usize; MAX_GROUPS * 2];

/// A span bound of a group that did not take part.
pub const UNSET: usize = usize::MAX;

#[inline]
fn is_word_at(hay: &str, pos: usize) -> bool {
    match hay.as_bytes().get(pos) {
        None => false,
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric() || b == b'_',
        Some(_) => hay
            .get(pos..)
            .and_then(|s| s.chars().next())
            .is_some_and(is_word),
    }
}

#[inline]
fn is_word_before(hay: &str, pos: usize) -> bool {
    match pos.checked_sub(1).and_then(|i| hay.as_bytes().get(i)) {
        None => false,
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric() || b == b'_',
        Some(_) => hay
            .get(..pos)
            .and_then(|s| s.chars().next_back())
            .is_some_and(is_word),
    }
}

fn is_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        regex_syntax::is_word_character(c)
    }
}

impl At {
    #[inline]
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
        let linear = linear(&root, &mut items).map(|()| bare(items));
        Some(Matcher {
            root,
            patient: false,
            linear,
            groups: b.groups,
        })
    }

    /// The matcher, patient (see `patient`) or not.
    pub fn patient(mut self, patient: bool) -> Matcher {
        self.patient = patient;
        self
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
                limit: step_limit(hay.len(), self.patient),
                gave_up: false,
            };
            let end = seq(items, &mut f, 0);
            charge(f.steps, f.limit, f.gave_up);
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
                limit: step_limit(hay.len(), self.patient),
                gave_up: false,
            };
            let end = seq(items, &mut f, 0);
            charge(f.steps, f.limit, f.gave_up);
            if f.gave_up {
                return Err(GiveUp);
            }
            // group 0, left to here (see `bare`)
            if let Some(e) = end {
                saves[0] = 0;
                saves[1] = e;
            }
            return Ok(end.is_some());
        }
        let mut st = St {
            hay,
            slots: saves,
            steps: 0,
            limit: step_limit(hay.len(), self.patient),
            depth: 0,
            gave_up: false,
        };
        let ok = m(&self.root, &mut st, 0, &mut |_, _| true);
        charge(st.steps, st.limit, st.gave_up);
        if st.gave_up {
            return Err(GiveUp);
        }
        Ok(ok)
    }
}

/// A pattern's flat items without what every run does anyway: group 0
/// around it all (its span is the match, set by the caller) and the `\A`
/// it starts with (a run starts at the start of the haystack).
fn bare(mut items: Vec<Item>) -> Vec<Item> {
    if matches!(items.last(), Some(Item::Close(0))) && matches!(items.first(), Some(Item::Open(0)))
    {
        items.pop();
        items.remove(0);
        if matches!(items.first(), Some(Item::At(At::Start))) {
            items.remove(0);
        }
    }
    items
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

/// The position `n` chars before `pos`, if there are that many.
fn back_chars(hay: &str, pos: usize, n: usize) -> Option<usize> {
    let mut p = pos;
    for _ in 0..n {
        let c = hay.get(..p)?.chars().next_back()?;
        p -= c.len_utf8();
    }
    Some(p)
}

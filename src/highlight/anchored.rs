//! Regexes matched only at the start of the haystack (rouge's
//! `StringScanner#skip`).
//!
//! Most patterns run on `backtrack`'s matcher, made for the few bytes a
//! rule usually matches. The engines stand behind it, built only for the
//! patterns it does not take or the runs it gives up: patterns the `regex`
//! crate can run (no look-around, backreference or atomic group) go to it
//! directly; the others are compiled by fancy-regex into a backtracking
//! program that is run once, at position 0: fancy-regex's own `Regex`
//! would wrap them in `.*?` and retry at every later position, which makes
//! a failed rule cost the length of the rest of the text. That uses
//! fancy-regex's `internal` module, so the crate is pinned.

use fancy_regex::internal::{analyze, compile, run_default, Prog};
use fancy_regex::Expr;
use regex_syntax::hir::{Class, Hir, HirKind};

use super::backtrack::{Matcher, MAX_GROUPS, UNSET};

/// A compiled, start-anchored regex.
pub struct Anchored {
    /// the fast path, when the pattern is in its subset
    fast: Option<Matcher>,
    /// the `regex` crate / fancy-regex program: built at once without a
    /// fast path, else the first time the fast path gives up (most
    /// patterns never need it, and building it is most of a first page's
    /// cost)
    kind: std::sync::OnceLock<Result<Kind, String>>,
    /// what `kind` is built from
    pattern: String,
    groups: bool,
    /// bytes a non-empty match can start with
    first: [bool; 256],
    /// whether the empty string (or something unknown) may match
    nullable: bool,
}

enum Kind {
    Easy(regex::Regex),
    /// the program, and a `regex` crate pattern matching a superset
    /// (look-around and word boundaries dropped, backreferences as `.*`)
    /// that rules out most failures before the backtracker runs
    Hard(Prog, Option<regex::Regex>),
}

/// Group spans of a match: `get(i)` is group `i`'s byte range. Up to
/// `INLINE` groups live inline (no allocation per match).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slots {
    n: usize,
    inline: [Option<(usize, usize)>; INLINE],
    more: Vec<Option<(usize, usize)>>,
}

const INLINE: usize = 8;

impl Slots {
    fn one(a: usize, b: usize) -> Slots {
        let mut inline = [None; INLINE];
        inline[0] = Some((a, b));
        Slots {
            n: 1,
            inline,
            more: Vec::new(),
        }
    }

    fn collect(it: impl Iterator<Item = Option<(usize, usize)>>) -> Slots {
        let mut s = Slots {
            n: 0,
            inline: [None; INLINE],
            more: Vec::new(),
        };
        for g in it {
            if s.n < INLINE {
                s.inline[s.n] = g;
            } else {
                s.more.push(g);
            }
            s.n += 1;
        }
        s
    }

    /// Group `i` (`None` past the last group).
    pub fn get(&self, i: usize) -> Option<&Option<(usize, usize)>> {
        if i >= self.n {
            None
        } else if i < INLINE {
            self.inline.get(i)
        } else {
            self.more.get(i - INLINE)
        }
    }

    /// Group 0.
    pub fn first(&self) -> Option<&Option<(usize, usize)>> {
        self.get(0)
    }

    #[cfg(test)]
    pub fn to_vec(&self) -> Vec<Option<(usize, usize)>> {
        (0..self.n).filter_map(|i| self.get(i).copied()).collect()
    }
}

fn is_hard(e: &Expr) -> bool {
    match e {
        Expr::LookAround(..)
        | Expr::Backref(_)
        | Expr::AtomicGroup(_)
        | Expr::KeepOut
        | Expr::ContinueFromPreviousMatchEnd
        | Expr::BackrefExistsCondition(_)
        | Expr::Conditional { .. } => true,
        Expr::Concat(v) | Expr::Alt(v) => v.iter().any(is_hard),
        Expr::Group(c) => is_hard(c),
        Expr::Repeat { child, .. } => is_hard(child),
        _ => false,
    }
}

/// `e` with its hard parts loosened (see `Kind::Hard`); `None` for
/// parts `Expr::to_str` cannot write.
fn superset(e: &Expr) -> Option<Expr> {
    use fancy_regex::Assertion as As;
    Some(match e {
        Expr::LookAround(..) => Expr::Empty,
        Expr::Assertion(
            As::LeftWordBoundary | As::RightWordBoundary | As::WordBoundary | As::NotWordBoundary,
        ) => Expr::Empty,
        Expr::Assertion(a) => Expr::Assertion(*a),
        Expr::Backref(_) => Expr::Repeat {
            child: Box::new(Expr::Any { newline: true }),
            lo: 0,
            hi: usize::MAX,
            greedy: true,
        },
        Expr::AtomicGroup(c) | Expr::Group(c) => Expr::Group(Box::new(superset(c)?)),
        Expr::Concat(v) => Expr::Concat(v.iter().map(superset).collect::<Option<_>>()?),
        Expr::Alt(v) => Expr::Alt(v.iter().map(superset).collect::<Option<_>>()?),
        Expr::Repeat {
            child,
            lo,
            hi,
            greedy,
        } => Expr::Repeat {
            child: Box::new(superset(child)?),
            lo: *lo,
            hi: *hi,
            greedy: *greedy,
        },
        Expr::Empty => Expr::Empty,
        Expr::Any { newline } => Expr::Any { newline: *newline },
        Expr::Literal { val, casei } => Expr::Literal {
            val: val.clone(),
            casei: *casei,
        },
        Expr::Delegate { inner, size, casei } => Expr::Delegate {
            inner: inner.clone(),
            size: *size,
            casei: *casei,
        },
        _ => return None,
    })
}

/// First-byte set and nullability of `h`.
fn first_bytes(h: &Hir, set: &mut [bool; 256]) -> bool {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(lit) => match lit.0.first() {
            Some(&b) => {
                set[usize::from(b)] = true;
                false
            }
            None => true,
        },
        HirKind::Class(Class::Bytes(c)) => {
            for r in c.iter() {
                for b in r.start()..=r.end() {
                    set[usize::from(b)] = true;
                }
            }
            false
        }
        HirKind::Class(Class::Unicode(c)) => {
            for r in c.iter() {
                let (a, b) = (u32::from(r.start()), u32::from(r.end()));
                for x in a..=b.min(0x7F) {
                    set[x as usize] = true;
                }
                if b >= 0x80 {
                    // any UTF-8 lead byte: a superset is enough
                    set[0xC2..=0xF4].fill(true);
                }
            }
            false
        }
        HirKind::Repetition(r) => first_bytes(&r.sub, set) || r.min == 0,
        HirKind::Capture(c) => first_bytes(&c.sub, set),
        HirKind::Concat(v) => v.iter().all(|h| first_bytes(h, set)),
        HirKind::Alternation(v) => {
            // every branch must add its bytes: no short circuit
            let mut nullable = false;
            for h in v {
                nullable |= first_bytes(h, set);
            }
            nullable
        }
    }
}

/// The first-byte filter for a `regex` crate pattern (all bytes, nullable,
/// when it cannot be worked out).
fn filter(pattern: Option<&str>) -> ([bool; 256], bool) {
    let mut set = [false; 256];
    match pattern.and_then(|p| regex_syntax::parse(p).ok()) {
        Some(h) => {
            let nullable = first_bytes(&h, &mut set);
            (set, nullable)
        }
        None => ([true; 256], true),
    }
}

fn has_backref(e: &Expr) -> bool {
    match e {
        Expr::Backref(_) | Expr::BackrefExistsCondition(_) | Expr::Conditional { .. } => true,
        Expr::Concat(v) | Expr::Alt(v) => v.iter().any(has_backref),
        Expr::Group(c) | Expr::AtomicGroup(c) | Expr::LookAround(c, _) => has_backref(c),
        Expr::Repeat { child, .. } => has_backref(child),
        _ => false,
    }
}

/// `e` with its capture groups made non-capturing, so that fancy-regex can
/// hand the plain parts (a long keyword alternation, say) to the `regex`
/// crate instead of trying each branch in its backtracker.
fn uncapture(e: Expr) -> Expr {
    match e {
        Expr::Group(c) => Expr::Concat(vec![uncapture(*c)]),
        Expr::Concat(v) => Expr::Concat(v.into_iter().map(uncapture).collect()),
        Expr::Alt(v) => Expr::Alt(v.into_iter().map(uncapture).collect()),
        Expr::AtomicGroup(c) => Expr::AtomicGroup(Box::new(uncapture(*c))),
        Expr::LookAround(c, k) => Expr::LookAround(Box::new(uncapture(*c)), k),
        Expr::Repeat {
            child,
            lo,
            hi,
            greedy,
        } => Expr::Repeat {
            child: Box::new(uncapture(*child)),
            lo,
            hi,
            greedy,
        },
        e => e,
    }
}

/// The first-byte filter `Anchored::new` would build for `pattern`,
/// without compiling it: (bytes a non-empty match can start with,
/// nullable). `None` when the pattern does not parse.
pub fn first_filter(pattern: &str) -> Option<([bool; 256], bool)> {
    let tree = Expr::parse_tree(pattern).ok()?;
    if !is_hard(&tree.expr) {
        return Some(filter(Some(pattern)));
    }
    let pre_pat = superset(&tree.expr).map(|e| {
        let mut pat = String::new();
        e.to_str(&mut pat, 0);
        pat
    });
    Some(filter(pre_pat.as_deref()))
}

impl Anchored {
    /// Compiles `pattern` (fancy-regex syntax; it should begin with `\A`);
    /// without `groups`, only group 0 will be asked for.
    pub fn new(pattern: &str, groups: bool) -> Result<Self, String> {
        let tree = Expr::parse_tree(pattern).map_err(|e| e.to_string())?;
        // patient when the engine behind is fancy-regex's backtracker
        let fast = Matcher::new(pattern).map(|m| m.patient(is_hard(&tree.expr)));
        let kind = std::sync::OnceLock::new();
        if fast.is_none() {
            // no fast path: the engines are needed (and must compile) now
            let _ = kind.set(Ok(Self::slow(pattern, groups)?));
        }
        let (first, nullable) = if !is_hard(&tree.expr) {
            filter(Some(pattern))
        } else {
            let pre_pat = superset(&tree.expr).map(|e| {
                let mut pat = String::new();
                e.to_str(&mut pat, 0);
                pat
            });
            filter(pre_pat.as_deref())
        };
        Ok(Anchored {
            fast,
            kind,
            pattern: pattern.to_string(),
            groups,
            first,
            nullable,
        })
    }

    /// Builds the engines' form of `pattern`.
    fn slow(pattern: &str, groups: bool) -> Result<Kind, String> {
        let mut tree = Expr::parse_tree(pattern).map_err(|e| e.to_string())?;
        if !is_hard(&tree.expr) {
            let re = regex::Regex::new(pattern).map_err(|e| e.to_string())?;
            return Ok(Kind::Easy(re));
        }
        let pre_pat = superset(&tree.expr).map(|e| {
            let mut pat = String::new();
            e.to_str(&mut pat, 0);
            pat
        });
        let pre = pre_pat.as_deref().and_then(|p| regex::Regex::new(p).ok());
        // group 0 around the whole pattern, as fancy-regex's `Regex` does
        let mut inner = std::mem::replace(&mut tree.expr, Expr::Empty);
        if !groups && !has_backref(&inner) {
            inner = uncapture(inner);
        }
        tree.expr = Expr::Concat(vec![Expr::Group(Box::new(inner))]);
        let info = analyze(&tree).map_err(|e| e.to_string())?;
        let prog = compile(&info).map_err(|e| e.to_string())?;
        Ok(Kind::Hard(prog, pre))
    }

    /// The engines' form, built on first use.
    fn kind(&self) -> &Result<Kind, String> {
        self.kind
            .get_or_init(|| Self::slow(&self.pattern, self.groups))
    }

    /// Why the engines cannot run the pattern, if they cannot (building
    /// their form; for tests).
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn slow_error(&self) -> Option<String> {
        self.kind().as_ref().err().cloned()
    }

    /// The end of a match starting at the beginning of `hay`, if any.
    pub fn match_end(&self, hay: &str) -> Option<usize> {
        if !self.nullable {
            let b = hay.as_bytes().first()?;
            if !self.first[usize::from(*b)] {
                return None;
            }
        }
        if let Some(f) = &self.fast {
            if let Ok(end) = f.match_end(hay) {
                return end;
            }
        }
        if super::budget::over() {
            return None;
        }
        self.slow_captures(hay, false)
            .and_then(|s| s.first().copied().flatten())
            .map(|(_, e)| e)
    }

    /// The groups of a match starting at the beginning of `hay`, if any
    /// (only group 0 unless `groups`).
    pub fn captures(&self, hay: &str, groups: bool) -> Option<Slots> {
        if !self.nullable {
            let b = hay.as_bytes().first()?;
            if !self.first[usize::from(*b)] {
                return None;
            }
        }
        if let Some(f) = &self.fast {
            let mut saves = [UNSET; MAX_GROUPS * 2];
            if let Ok(found) = f.captures(hay, &mut saves) {
                if !found {
                    return None;
                }
                let n = if groups { f.groups() } else { 1 };
                return Some(Slots::collect((0..n).map(|g| {
                    let (a, b) = (saves[g * 2], saves[g * 2 + 1]);
                    (a != UNSET && b != UNSET && a <= b).then_some((a, b))
                })));
            }
        }
        if super::budget::over() {
            return None;
        }
        self.slow_captures(hay, groups)
    }

    /// Whether the fast path takes this pattern (tests).
    #[cfg(test)]
    pub fn fast(&self) -> Option<&Matcher> {
        self.fast.as_ref()
    }

    /// `captures` by the `regex` crate or fancy-regex.
    pub fn slow_captures(&self, hay: &str, groups: bool) -> Option<Slots> {
        match self.kind().as_ref().ok()? {
            Kind::Easy(re) => {
                let m = re.find(hay)?;
                if !groups {
                    return Some(Slots::one(m.start(), m.end()));
                }
                let c = re.captures(hay)?;
                Some(Slots::collect(
                    c.iter().map(|m| m.map(|m| (m.start(), m.end()))),
                ))
            }
            Kind::Hard(prog, pre) => {
                if pre.as_ref().is_some_and(|p| !p.is_match(hay)) {
                    return None;
                }
                let saves = run_default(prog, hay, 0).ok()??;
                Some(Slots::collect(saves.chunks(2).map(|p| match p {
                    [a, b] if *a != usize::MAX && *b != usize::MAX && a <= b => Some((*a, *b)),
                    _ => None,
                })))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchored_hard_and_easy() {
        let re = Anchored::new(r"\A(?:(a+)(?=b))", true).expect("compiles");
        assert!(matches!(re.kind(), Ok(Kind::Hard(_, Some(_)))));
        assert!(!re.nullable && re.first[usize::from(b'a')] && !re.first[usize::from(b'b')]);
        let c = re.captures("aab", true).expect("matches").to_vec();
        assert_eq!(c[..2], [Some((0, 2)), Some((0, 2))]);
        assert_eq!(re.captures("xaab", true), None);
        let re = Anchored::new(r"\A(?:(x)|(a))\b", true).expect("compiles");
        assert!(matches!(re.kind(), Ok(Kind::Easy(_))));
        assert_eq!(
            re.captures("a b", true).map(|c| c.to_vec()),
            Some(vec![Some((0, 1)), None, Some((0, 1))])
        );
        let re = Anchored::new(r"\A(?:(['])(.*?)\1)", true).expect("compiles");
        let c = re.captures("'ab' c", true).expect("matches").to_vec();
        assert_eq!(c[..3], [Some((0, 4)), Some((0, 1)), Some((1, 3))]);
    }
}

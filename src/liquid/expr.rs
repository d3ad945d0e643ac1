//! Liquid expressions in lax mode: literals, variable lookups, ranges and
//! filter chains, scanned the way Ruby Liquid 5.4's regexes scan them
//! (`QuotedFragment`, `VariableParser`, `FilterParser`, `Expression.parse`).

use std::sync::Arc;

use super::value::Value;
use crate::utils::is_ruby_space as is_space;

/// An expression as Ruby Liquid's `Expression.parse` returns it.
#[derive(Debug, Clone)]
pub enum Expr {
    Lit(Value),
    Var(Box<VarLookup>),
    Range(Box<Expr>, Box<Expr>),
    /// `blank` / `empty` in a condition (Ruby's `MethodLiteral`).
    Blank,
    Empty,
}

#[derive(Debug, Clone)]
pub struct VarLookup {
    pub name: Expr,
    pub lookups: Vec<Lookup>,
}

#[derive(Debug, Clone)]
pub enum Lookup {
    /// `.key`; `command` when the key is `size`, `first` or `last`.
    Key(Arc<str>, bool),
    /// `[expr]`.
    Index(Expr),
}

/// A filter call `| name: a, b, key: c`.
#[derive(Debug, Clone)]
pub struct FilterCall {
    pub name: String,
    /// One of Jekyll's filters (which take precedence over Liquid's).
    pub jekyll: bool,
    pub args: Vec<Expr>,
    pub kwargs: Vec<(String, Expr)>,
}

/// `{{ expr | filters }}` and the right-hand side of `assign`.
#[derive(Debug, Clone)]
pub struct Variable {
    pub expr: Option<Expr>,
    pub filters: Vec<FilterCall>,
}

pub fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `QuotedString` at `i`: its end, when the quote closes.
pub fn quoted_string_at(s: &[u8], i: usize) -> Option<usize> {
    let q = *s.get(i)?;
    if q != b'"' && q != b'\'' {
        return None;
    }
    s[i + 1..]
        .iter()
        .position(|&c| c == q)
        .map(|p| i + 1 + p + 1)
}

/// `QuotedFragment` anchored at `i`: its end.
pub fn quoted_fragment_at(s: &[u8], i: usize) -> Option<usize> {
    if let Some(e) = quoted_string_at(s, i) {
        return Some(e);
    }
    let j = walk_fragment(s, i, |_| {});
    (j > i).then_some(j)
}

/// Walk `(?:[^\s,|'"]|QuotedString)+` from `i`, telling `unit` the end
/// of each unit; where it stops.
fn walk_fragment(s: &[u8], i: usize, mut unit: impl FnMut(usize)) -> usize {
    let mut j = i;
    while j < s.len() {
        let c = s[j];
        if is_space(c) || c == b',' || c == b'|' {
            break;
        }
        if c == b'"' || c == b'\'' {
            match quoted_string_at(s, j) {
                Some(e) => j = e,
                None => break,
            }
        } else {
            j += 1;
        }
        unit(j);
    }
    j
}

/// The ends of `(?:[^\s,|'"]|QuotedString)+` anchored at `i`, shortest
/// first: every prefix of the fragment a backtracking regexp can stop at.
pub fn quoted_fragment_unit_ends(s: &[u8], i: usize) -> Vec<usize> {
    let mut ends = Vec::new();
    walk_fragment(s, i, |e| ends.push(e));
    ends
}

/// The first `QuotedFragment` at or after `from`: (start, end).
pub fn find_quoted_fragment(s: &[u8], from: usize) -> Option<(usize, usize)> {
    (from..s.len()).find_map(|i| quoted_fragment_at(s, i).map(|e| (i, e)))
}

/// All `QuotedFragment` matches (Ruby's `scan`).
pub fn scan_quoted_fragments(s: &str) -> Vec<&str> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some((st, e)) = find_quoted_fragment(b, i) {
        out.push(&s[st..e]);
        i = e;
    }
    out
}

fn is_int(s: &str) -> bool {
    let d = s.strip_prefix('-').unwrap_or(s);
    !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit())
}

fn is_float(s: &str) -> bool {
    let d = s.strip_prefix('-').unwrap_or(s);
    let b = d.as_bytes();
    b.len() >= 2 && b[0].is_ascii_digit() && b[1..].iter().all(|c| c.is_ascii_digit() || *c == b'.')
}

/// Ruby's `String#to_f` on a `-?\d[\d.]+` string: digits up to the second dot.
fn ruby_to_f(s: &str) -> f64 {
    let mut end = 0;
    let mut dot = false;
    for (i, c) in s.char_indices() {
        if c == '.' {
            if dot {
                break;
            }
            dot = true;
        } else if !(c.is_ascii_digit() || (i == 0 && c == '-')) {
            break;
        }
        end = i + c.len_utf8();
    }
    s[..end].trim_end_matches('.').parse().unwrap_or(0.0)
}

/// Ruby's `String#to_i`: leading whitespace, sign, digits; 0 otherwise.
pub fn ruby_to_i(s: &str) -> i64 {
    let t = s.trim_start();
    let (neg, d) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let mut n: i64 = 0;
    for c in d.bytes() {
        if c == b'_' {
            continue;
        }
        if !c.is_ascii_digit() {
            break;
        }
        n = n.saturating_mul(10).saturating_add((c - b'0') as i64);
    }
    if neg {
        -n
    } else {
        n
    }
}

/// `RANGES_REGEX`: `(a..b)` → the two ends' markup.
fn range_parts(m: &str) -> Option<(&str, &str)> {
    let inner = m.strip_prefix('(')?.strip_suffix(')')?;
    let inner_t = inner.trim_start();
    // (\S+) greedy, then \s*\.\. : the last ".." reachable from a \S+ run.
    let b = inner_t.as_bytes();
    let first_ws = b.iter().position(|&c| is_space(c)).unwrap_or(b.len());
    // Candidates: a position p where inner_t[..p] is \S+ and inner_t[p..] starts with \s*..
    let mut best = None;
    for p in (1..=first_ws).rev() {
        // \S+ ends between characters, never inside one
        if !inner_t.is_char_boundary(p) {
            continue;
        }
        let rest = inner_t[p..].trim_start();
        if rest.starts_with("..") {
            best = Some((p, inner_t.len() - rest.len() + 2));
            break;
        }
    }
    let (p, after) = best?;
    let start = &inner_t[..p];
    let end = inner_t[after..].trim();
    if end.is_empty() || end.bytes().any(is_space) {
        return None;
    }
    Some((start, end))
}

/// Expression nesting followed (`a[b[c]]`, `((1..2)..3)`): Ruby Liquid
/// recurses on it too and fails with "stack level too deep" somewhere past
/// a thousand levels. Deeper markup parses as nil and the template parser
/// reports "Nesting too deep" (see [`take_too_deep`]).
pub const MAX_EXPR_DEPTH: usize = 500;

thread_local! {
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    static TOO_DEEP: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether an expression parsed on this thread since the last call was
/// nested deeper than [`MAX_EXPR_DEPTH`] (and so cut short); clears it.
pub fn take_too_deep() -> bool {
    TOO_DEEP.with(|t| t.replace(false))
}

/// Record that an expression was nested too deeply (for the strict parser).
pub fn mark_too_deep() {
    TOO_DEEP.with(|t| t.set(true));
}

/// One level of expression nesting, left when dropped (a panic included).
struct Level;

impl Level {
    fn enter() -> Option<Level> {
        let d = DEPTH.with(|d| d.get());
        if d >= MAX_EXPR_DEPTH {
            TOO_DEEP.with(|t| t.set(true));
            return None;
        }
        DEPTH.with(|x| x.set(d + 1));
        Some(Level)
    }
}

impl Drop for Level {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// Ruby Liquid's `Expression.parse`.
pub fn parse_expression(markup: &str) -> Expr {
    let Some(_level) = Level::enter() else {
        return Expr::Lit(Value::Nil);
    };
    let m = markup.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\0');
    if m.len() >= 2
        && ((m.starts_with('"') && m.ends_with('"')) || (m.starts_with('\'') && m.ends_with('\'')))
    {
        return Expr::Lit(Value::str(&m[1..m.len() - 1]));
    }
    if is_int(m) {
        return Expr::Lit(match m.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => Value::Float(m.parse().unwrap_or(0.0)),
        });
    }
    if let Some((a, b)) = range_parts(m) {
        let (sa, sb) = (parse_expression(a), parse_expression(b));
        return match (&sa, &sb) {
            (Expr::Lit(x), Expr::Lit(y)) => Expr::Lit(Value::Range(lit_to_i(x), lit_to_i(y))),
            _ => Expr::Range(Box::new(sa), Box::new(sb)),
        };
    }
    if is_float(m) {
        return Expr::Lit(Value::Float(ruby_to_f(m)));
    }
    match m {
        "nil" | "null" | "" => Expr::Lit(Value::Nil),
        "true" => Expr::Lit(Value::Bool(true)),
        "false" => Expr::Lit(Value::Bool(false)),
        "blank" | "empty" => Expr::Lit(Value::str("")),
        _ => Expr::Var(Box::new(parse_lookup(m))),
    }
}

fn lit_to_i(v: &Value) -> i64 {
    match v {
        Value::Int(i) => *i,
        Value::Float(f) => *f as i64,
        Value::Str(s) => ruby_to_i(s),
        _ => 0,
    }
}

/// A condition operand: `blank`/`empty` become method literals.
pub fn parse_condition_expression(markup: &str) -> Expr {
    match markup {
        "blank" => Expr::Blank,
        "empty" => Expr::Empty,
        _ => parse_expression(markup),
    }
}

/// `VariableParser` scan: `\[[^\]]+\]|[\w\-]+\??`.
fn scan_variable_parts(m: &str) -> Vec<&str> {
    let b = m.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'[' {
            if let Some(p) = b[i + 1..].iter().position(|&c| c == b']') {
                if p > 0 {
                    out.push(&m[i..i + 1 + p + 1]);
                    i += p + 2;
                    continue;
                }
            }
            i += 1;
        } else if is_word(b[i]) || b[i] == b'-' {
            let st = i;
            while i < b.len() && (is_word(b[i]) || b[i] == b'-') {
                i += 1;
            }
            if i < b.len() && b[i] == b'?' {
                i += 1;
            }
            out.push(&m[st..i]);
        } else {
            i += 1;
        }
    }
    out
}

fn parse_lookup(m: &str) -> VarLookup {
    let parts = scan_variable_parts(m);
    let mut it = parts.into_iter();
    let name = match it.next() {
        Some(n) if n.starts_with('[') && n.ends_with(']') => parse_expression(&n[1..n.len() - 1]),
        Some(n) => Expr::Lit(Value::str(n)),
        None => Expr::Lit(Value::Nil),
    };
    let lookups = it
        .map(|p| {
            if p.starts_with('[') && p.ends_with(']') {
                Lookup::Index(parse_expression(&p[1..p.len() - 1]))
            } else {
                Lookup::Key(Arc::from(p), matches!(p, "size" | "first" | "last"))
            }
        })
        .collect();
    VarLookup { name, lookups }
}

/// `(\w[\w-]*)\s*:\s*(QuotedFragment)` anchored at the start of `a`, spanning all of it.
fn just_tag_attribute(a: &str) -> Option<(&str, &str)> {
    let b = a.as_bytes();
    if b.is_empty() || !is_word(b[0]) {
        return None;
    }
    let mut i = 1;
    while i < b.len() && (is_word(b[i]) || b[i] == b'-') {
        i += 1;
    }
    let key = &a[..i];
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    if i >= b.len() || b[i] != b':' {
        return None;
    }
    i += 1;
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    let e = quoted_fragment_at(b, i)?;
    (e == b.len()).then(|| (key, &a[i..e]))
}

/// `TagAttributes` scan over a whole markup: `key: value` pairs.
pub fn scan_tag_attributes(m: &str) -> Vec<(&str, &str)> {
    let b = m.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if is_word(b[i]) {
            let st = i;
            let mut j = i + 1;
            while j < b.len() && (is_word(b[j]) || b[j] == b'-') {
                j += 1;
            }
            let mut k = j;
            while k < b.len() && is_space(b[k]) {
                k += 1;
            }
            if k < b.len() && b[k] == b':' {
                k += 1;
                while k < b.len() && is_space(b[k]) {
                    k += 1;
                }
                if let Some(e) = quoted_fragment_at(b, k) {
                    out.push((&m[st..j], &m[k..e]));
                    i = e;
                    continue;
                }
            }
            // a start later in the same word ends at the same place and
            // fails the same way: go past it (linear in a long word)
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Filter arguments in one filter chunk: `(?:[:,])\s*((?:\w+\s*:\s*)?QuotedFragment)`.
fn scan_filter_args(f: &str) -> Vec<&str> {
    let b = f.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b':' || b[i] == b',' {
            let mut j = i + 1;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            // optional `\w+\s*:\s*` prefix
            let mut k = j;
            while k < b.len() && is_word(b[k]) {
                k += 1;
            }
            let mut start_frag = j;
            if k > j {
                let mut k2 = k;
                while k2 < b.len() && is_space(b[k2]) {
                    k2 += 1;
                }
                if k2 < b.len() && b[k2] == b':' {
                    k2 += 1;
                    while k2 < b.len() && is_space(b[k2]) {
                        k2 += 1;
                    }
                    if quoted_fragment_at(b, k2).is_some() {
                        start_frag = k2;
                    }
                }
            }
            if let Some(e) = quoted_fragment_at(b, start_frag) {
                out.push(&f[j..e]);
                i = e;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The filter chunks of `FilterParser` scanning: runs of spaces, quoted fragments and commas.
fn scan_filter_chunks(s: &str) -> Vec<&str> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let st = i;
        loop {
            if i >= b.len() {
                break;
            }
            if is_space(b[i]) || b[i] == b',' {
                i += 1;
            } else if let Some(e) = quoted_fragment_at(b, i) {
                i = e;
            } else {
                break;
            }
        }
        if i > st {
            out.push(&s[st..i]);
        } else {
            i += 1;
        }
    }
    out
}

pub fn parse_filters(filter_markup: &str) -> Vec<FilterCall> {
    let mut filters = Vec::new();
    for f in scan_filter_chunks(filter_markup) {
        let b = f.as_bytes();
        let Some(st) = b.iter().position(|&c| is_word(c)) else {
            continue;
        };
        let mut e = st;
        while e < b.len() && is_word(b[e]) {
            e += 1;
        }
        let name = f[st..e].to_string();
        let mut args = Vec::new();
        let mut kwargs = Vec::new();
        for a in scan_filter_args(f) {
            if let Some((k, v)) = just_tag_attribute(a) {
                kwargs.push((k.to_string(), parse_expression(v)));
            } else {
                args.push(parse_expression(a));
            }
        }
        filters.push(FilterCall {
            jekyll: super::filters_jekyll::is_jekyll_filter(&name),
            name,
            args,
            kwargs,
        });
    }
    filters
}

/// `Variable.new`: the strict parser first, the lax one on a syntax error.
pub fn parse_variable(markup: &str) -> Variable {
    super::strict::parse_variable_strict(markup).unwrap_or_else(|| parse_variable_lax(markup))
}

/// `Variable#lax_parse`.
pub fn parse_variable_lax(markup: &str) -> Variable {
    let b = markup.as_bytes();
    let Some((st, e)) = find_quoted_fragment(b, 0) else {
        return Variable {
            expr: None,
            filters: Vec::new(),
        };
    };
    let expr = parse_expression(&markup[st..e]);
    let rest = &markup[e..];
    let filters = match rest.find('|') {
        Some(p) => parse_filters(&rest[p + 1..]),
        None => Vec::new(),
    };
    Variable {
        expr: Some(expr),
        filters,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_literals() {
        assert!(matches!(
            parse_expression("(1..3)"),
            Expr::Lit(Value::Range(1, 3))
        ));
        assert!(matches!(parse_expression("(1..n)"), Expr::Range(..)));
        assert!(matches!(parse_expression("1.5"), Expr::Lit(Value::Float(f)) if f == 1.5));
        assert!(matches!(parse_expression("'a'"), Expr::Lit(Value::Str(ref s)) if &**s == "a"));
    }

    #[test]
    fn filters_scan() {
        let v = parse_variable(" x | replace: 'a', 'b' | default: 'q', allow_false: true ");
        assert_eq!(v.filters.len(), 2);
        assert_eq!(v.filters[0].args.len(), 2);
        assert_eq!(v.filters[1].kwargs.len(), 1);
    }
}

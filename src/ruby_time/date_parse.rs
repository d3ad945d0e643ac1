//! Ruby's `Date._parse(str, comp = true)`: the heuristic parser of the date
//! gem's `ext/date/date_parse.c` (date 3.2.2, bundled with Ruby 3.1), the
//! default (not `TIGHT_PARSER`) build, ported subparser by subparser.
//!
//! The C code runs a fixed sequence of Onigmo patterns over a copy of the
//! string; each pattern that matches writes fields into the result hash and
//! has its match replaced by one space, so that later patterns do not see
//! it. The patterns here are the same ones in Rust's syntax (whose
//! leftmost-first semantics are Onigmo's), with Ruby's character classes
//! spelled out: `\d` and `\s` are ASCII in Ruby, `[[:alpha:]]` and
//! `[[:alnum:]]` are Unicode (`Alphabetic`, plus `Nd`), and `\b` is the
//! Unicode word boundary in both engines.

use std::sync::OnceLock;

use regex::Regex;

/// An integer of the hash. Ruby's are unbounded; these saturate at
/// [`BIG`] (so an overflowing value stays out of every range checked later).
pub type Int = i128;

/// Where parsed integers stop growing: far past `i64`, far from `i128::MAX`.
pub const BIG: Int = 1_000_000_000_000_000_000_000_000_000_000;

/// The hash `Date._parse` returns (without `offset`, which `Time.parse`
/// does not read; the zone is kept as the text it was written as).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub year: Option<Int>,
    pub mon: Option<Int>,
    pub mday: Option<Int>,
    pub yday: Option<Int>,
    pub wday: Option<Int>,
    pub cwyear: Option<Int>,
    pub cweek: Option<Int>,
    pub cwday: Option<Int>,
    pub hour: Option<Int>,
    pub min: Option<Int>,
    pub sec: Option<Int>,
    /// `sec_fraction`: the digits after the decimal point, the value being
    /// `digits / 10**digits.len()` (possibly empty: zero).
    pub sec_fraction: Option<String>,
    pub zone: Option<String>,
}

/// The hash while the subparsers run, with its two private flags.
struct State {
    h: Parsed,
    comp: bool,
    bc: bool,
}

/// The capture groups of a match (index 0 unused), owned: the string they
/// come from is rewritten before the callback runs.
type Groups = Vec<Option<String>>;

const WS: &str = r"\t\n\x0B\f\r ";
const MONTHS: &str = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec";
const DAYS: &str = "sun|mon|tue|wed|thu|fri|sat";
const ERA: &str = r"c(?:e|\.e\.)|b(?:ce|\.c\.e\.)|a(?:d|\.d\.)|b(?:c|\.c\.)";

struct Patterns {
    clean: Regex,
    day: Regex,
    time: Regex,
    time2: Regex,
    eu: Regex,
    us: Regex,
    iso: Regex,
    iso21: Regex,
    iso22: Regex,
    iso23: Regex,
    iso24: Regex,
    iso25_0: Regex,
    iso25: Regex,
    iso26_0: Regex,
    iso26: Regex,
    jis: Regex,
    vms11: Regex,
    vms12: Regex,
    sla: Regex,
    dot: Regex,
    year: Regex,
    mon: Regex,
    mday: Regex,
    ddd: Regex,
    bc: Regex,
    frag: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        // `\s` → `{s}`, `\S` → `{ns}`; every pattern is a constant, compiled
        // (and so checked) by the unit tests: `re` cannot fail at run time.
        let s = format!("[{WS}]");
        let re = |p: String| Regex::new(&p).expect("a valid constant pattern");
        let ampm = r"[ap](?:m\b|\.m\.)";
        Patterns {
            clean: re(r"[^\-+',./:@\p{Alphabetic}\p{Nd}\[\]]+".into()),
            day: re(format!(r"(?i)\b({DAYS})[^\-/0-9{WS}]*")),
            time: re(format!(
                r"(?i)((?:[0-9]+{s}*:{s}*[0-9]+(?:{s}*:{s}*[0-9]+(?:[,.][0-9]*)?)?|[0-9]+{s}*h(?:{s}*[0-9]+m?(?:{s}*[0-9]+s?)?)?)(?:{s}*{ampm})?|[0-9]+{s}*{ampm})(?:{s}*((?:gmt|utc?)?[\-+][0-9]+(?:[,.:][0-9]+(?::[0-9]+)?)?|(?-i:[\p{{Alphabetic}}.{WS}]+)(?:standard|daylight){s}time\b|(?-i:\p{{Alphabetic}}+)(?:{s}dst)?\b))?"
            )),
            time2: re(format!(
                r"(?i)\A([0-9]+)h?(?:{s}*:?{s}*([0-9]+)m?(?:{s}*:?{s}*([0-9]+)(?:[,.]([0-9]+))?s?)?)?(?:{s}*([ap])(?:m\b|\.m\.))?"
            )),
            eu: re(format!(
                r"(?i)('?[0-9]+)[^\-0-9{WS}]*{s}*({MONTHS})[^\-0-9{WS}']*(?:{s}*({ERA})?{s}*('?-?[0-9]+(?:(?:st|nd|rd|th)\b)?))?"
            )),
            us: re(format!(
                r"(?i)\b({MONTHS})[^\-0-9{WS}']*{s}*('?[0-9]+)[^\-0-9{WS}']*(?:{s}*,?{s}*({ERA})?{s}*('?-?[0-9]+))?"
            )),
            iso: re(r"('?[\-+]?[0-9]+)-([0-9]+)-('?-?[0-9]+)".into()),
            iso21: re(r"(?i)\b([0-9]{2}|[0-9]{4})?-?w([0-9]{2})(?:-?([0-9]))?\b".into()),
            iso22: re(r"(?i)-w-([0-9])\b".into()),
            iso23: re(r"--([0-9]{2})?-([0-9]{2})\b".into()),
            iso24: re(r"--([0-9]{2})([0-9]{2})?\b".into()),
            iso25_0: re(r"[,.]([0-9]{2}|[0-9]{4})-[0-9]{3}\b".into()),
            iso25: re(r"\b([0-9]{2}|[0-9]{4})-([0-9]{3})\b".into()),
            iso26_0: re(r"[0-9]-[0-9]{3}\b".into()),
            iso26: re(r"\b-([0-9]{3})\b".into()),
            jis: re(r"(?i)\b([mtshr])([0-9]+)\.([0-9]+)\.([0-9]+)".into()),
            vms11: re(format!(r"(?i)('?-?[0-9]+)-({MONTHS})[^\-/.]*-('?-?[0-9]+)")),
            vms12: re(format!(
                r"(?i)\b({MONTHS})[^\-/.]*-('?-?[0-9]+)(?:-('?-?[0-9]+))?"
            )),
            sla: re(format!(
                r"(?i)('?-?[0-9]+)/{s}*('?[0-9]+)(?:[^0-9]{s}*('?-?[0-9]+))?"
            )),
            dot: re(format!(
                r"(?i)('?-?[0-9]+)\.{s}*('?[0-9]+)\.{s}*('?-?[0-9]+)"
            )),
            year: re(r"'([0-9]+)\b".into()),
            mon: re(format!(r"(?i)\b({MONTHS})[^{WS}]*")),
            mday: re(r"(?i)([0-9]+)(st|nd|rd|th)\b".into()),
            ddd: re(format!(
                r"(?i)([\-+]?)([0-9]{{2,14}})(?:{s}*t?{s}*([0-9]{{2,6}})?(?:[,.]([0-9]*))?)?(?:{s}*(z\b|[\-+][0-9]{{1,4}}\b|\[[\-+]?[0-9][^\]]*\]))?"
            )),
            bc: re(r"(?i)\b(bc\b|bce\b|b\.c\.|b\.c\.e\.)".into()),
            frag: re(format!(r"(?i)\A{s}*([0-9]{{1,2}}){s}*\z")),
        }
    })
}

const HAVE_ALPHA: u8 = 1;
const HAVE_DIGIT: u8 = 2;
const HAVE_DASH: u8 = 4;
const HAVE_DOT: u8 = 8;
const HAVE_SLASH: u8 = 16;

/// `check_class`: which kinds of ASCII character the string has now.
fn class(s: &str) -> u8 {
    s.bytes().fold(0, |f, b| {
        f | match b {
            b'a'..=b'z' | b'A'..=b'Z' => HAVE_ALPHA,
            b'0'..=b'9' => HAVE_DIGIT,
            b'-' => HAVE_DASH,
            b'.' => HAVE_DOT,
            b'/' => HAVE_SLASH,
            _ => 0,
        }
    })
}

fn has(s: &str, x: u8) -> bool {
    class(s) & x == x
}

/// `rb_str_to_inum(s, 10, 0)` on a sign and digits (what the groups hold):
/// the leading integer, 0 when there is none.
pub fn int(s: &str) -> Int {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let mut v: Int = 0;
    for b in digits.bytes().take_while(u8::is_ascii_digit) {
        v = (v * 10 + Int::from(b - b'0')).min(BIG);
    }
    if neg {
        -v
    } else {
        v
    }
}

/// `n2i`: the `w` digits at `f` (the group is all ASCII digits).
fn n2i(s: &str, f: usize, w: usize) -> Int {
    s.get(f..f + w).map_or(0, int)
}

/// Index of a three-letter name, compared as `strncasecmp` does (bytes,
/// ASCII case): `len` when none matches (a case-folded `ſun` matches no name).
fn name_index(names: &str, s: &str) -> Int {
    let head = s.as_bytes().get(..3).unwrap_or(&[]);
    let names: Vec<&str> = names.split('|').collect();
    names
        .iter()
        .position(|n| n.as_bytes().eq_ignore_ascii_case(head))
        .unwrap_or(names.len()) as Int
}

fn mon_num(s: &str) -> Int {
    name_index(MONTHS, s) + 1
}

/// `subx` with a space: the first match is replaced by `" "`, then its
/// groups go to the callback. `false` when the pattern does not match.
fn subs(s: &mut String, re: &Regex, st: &mut State, cb: fn(&Groups, &mut State)) -> bool {
    let Some(c) = re.captures(s) else {
        return false;
    };
    let groups: Groups = c
        .iter()
        .map(|m| m.map(|m| m.as_str().to_string()))
        .collect();
    let range = c.get(0).map_or(0..0, |m| m.range());
    s.replace_range(range, " ");
    cb(&groups, st);
    true
}

fn g(groups: &Groups, i: usize) -> Option<&str> {
    groups.get(i).and_then(|m| m.as_deref())
}

fn is_sign(b: u8) -> bool {
    b == b'-' || b == b'+'
}

/// The part of `s` from its first byte satisfying `start`, to the end of the
/// digits that follow it (after one sign when `sign`); `None` when no byte does.
fn number_span(s: &str, start: fn(u8) -> bool, sign: bool) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let bp = b.iter().position(|&c| start(c))?;
    let mut i = bp;
    if sign && is_sign(b[i]) {
        i += 1;
    }
    let ep = i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    Some((bp, ep))
}

/// `s3e`: a year, month and day written in some order; decides which is
/// which (a long or apostrophed one is the year) and stores them.
fn s3e(st: &mut State, y: Option<String>, m: Option<String>, d: Option<String>, bc: bool) {
    let (mut y, mut m, mut d) = (y, m, d);
    let mut comp_off = false;
    if y.is_some() && m.is_some() && d.is_none() {
        (y, m, d) = (None, y, m);
    }
    if y.is_none() {
        if d.as_ref().is_some_and(|d| d.len() > 2) {
            y = d.take();
        }
        if d.as_ref().is_some_and(|d| d.starts_with('\'')) {
            y = d.take();
        }
    }
    if let Some(ys) = y.clone() {
        let start = |c: u8| is_sign(c) || c.is_ascii_digit();
        if let Some((bp, ep)) = number_span(&ys, start, true) {
            if ep < ys.len() {
                // text after the number: it was the day (`1st`), the day the year
                y = d.take();
                d = Some(ys[bp..ep].to_string());
            }
        }
    }
    if m.as_ref()
        .is_some_and(|m| m.starts_with('\'') || m.len() > 2)
    {
        // us -> be
        (y, m, d) = (m, d, y);
    }
    if d.as_ref()
        .is_some_and(|d| d.starts_with('\'') || d.len() > 2)
    {
        (y, d) = (d, y);
    }
    if let Some(ys) = &y {
        let start = |c: u8| is_sign(c) || c.is_ascii_digit();
        if let Some((bp, ep)) = number_span(ys, start, true) {
            let signed = is_sign(ys.as_bytes()[bp]);
            let digits = ep - bp - usize::from(signed);
            if signed || digits > 2 {
                comp_off = true;
            }
            st.h.year = Some(int(&ys[bp..ep]));
        }
    }
    if bc {
        st.bc = true;
    }
    let digit = |c: u8| c.is_ascii_digit();
    if let Some(ms) = &m {
        if let Some((bp, ep)) = number_span(ms, digit, false) {
            st.h.mon = Some(int(&ms[bp..ep]));
        }
    }
    if let Some(ds) = &d {
        if let Some((bp, ep)) = number_span(ds, digit, false) {
            st.h.mday = Some(int(&ds[bp..ep]));
        }
    }
    if comp_off {
        st.comp = false;
    }
}

fn owned(groups: &Groups, i: usize) -> Option<String> {
    g(groups, i).map(str::to_string)
}

fn is_bc(b: Option<&str>) -> bool {
    b.is_some_and(|b| b.starts_with(['B', 'b']))
}

fn day_cb(gr: &Groups, st: &mut State) {
    st.h.wday = Some(name_index(DAYS, g(gr, 1).unwrap_or("")));
}

/// A time's own parts (`parse_time2_cb`); an hour with am/pm goes through
/// `NUM2INT`, whose RangeError `Date._parse` raises.
fn time2(s1: &str, st: &mut State) -> Result<(), String> {
    let Some(c) = patterns().time2.captures(s1) else {
        return Ok(());
    };
    let part = |i: usize| c.get(i).map(|m| m.as_str());
    let mut h = int(part(1).unwrap_or(""));
    if let Some(p) = part(5) {
        let ih = to_c_int(h)?;
        h = Int::from(ih % 12 + if p.starts_with(['P', 'p']) { 12 } else { 0 });
    }
    st.h.hour = Some(h);
    if let Some(m) = part(2) {
        st.h.min = Some(int(m));
    }
    if let Some(s) = part(3) {
        st.h.sec = Some(int(s));
    }
    if let Some(f) = part(4) {
        st.h.sec_fraction = Some(f.to_string());
    }
    Ok(())
}

/// Ruby's `NUM2INT` on an Integer: its RangeError messages.
pub fn to_c_int(v: Int) -> Result<i32, String> {
    if v > Int::from(i64::MAX) || v < Int::from(i64::MIN) {
        return Err("bignum too big to convert into `long'".into());
    }
    i32::try_from(v).map_err(|_| {
        let dir = if v > 0 { "big" } else { "small" };
        format!("integer {v} too {dir} to convert to `int'")
    })
}

fn eu_cb(gr: &Groups, st: &mut State) {
    let mon = mon_num(g(gr, 2).unwrap_or("")).to_string();
    s3e(st, owned(gr, 4), Some(mon), owned(gr, 1), is_bc(g(gr, 3)));
}

fn us_cb(gr: &Groups, st: &mut State) {
    let mon = mon_num(g(gr, 1).unwrap_or("")).to_string();
    s3e(st, owned(gr, 4), Some(mon), owned(gr, 2), is_bc(g(gr, 3)));
}

fn ymd_cb(gr: &Groups, st: &mut State) {
    s3e(st, owned(gr, 1), owned(gr, 2), owned(gr, 3), false);
}

fn iso21_cb(gr: &Groups, st: &mut State) {
    st.h.cwyear = g(gr, 1).map(int);
    st.h.cweek = g(gr, 2).map(int);
    st.h.cwday = g(gr, 3).map(int).or(st.h.cwday);
}

fn iso22_cb(gr: &Groups, st: &mut State) {
    st.h.cwday = g(gr, 1).map(int);
}

fn iso23_cb(gr: &Groups, st: &mut State) {
    if let Some(m) = g(gr, 1) {
        st.h.mon = Some(int(m));
    }
    st.h.mday = g(gr, 2).map(int);
}

fn iso24_cb(gr: &Groups, st: &mut State) {
    st.h.mon = g(gr, 1).map(int);
    if let Some(d) = g(gr, 2) {
        st.h.mday = Some(int(d));
    }
}

fn iso25_cb(gr: &Groups, st: &mut State) {
    st.h.year = g(gr, 1).map(int);
    st.h.yday = g(gr, 2).map(int);
}

fn iso26_cb(gr: &Groups, st: &mut State) {
    st.h.yday = g(gr, 1).map(int);
}

fn jis_cb(gr: &Groups, st: &mut State) {
    let era = match g(gr, 1).and_then(|e| e.bytes().next()) {
        Some(b'M' | b'm') => 1867,
        Some(b'T' | b't') => 1911,
        Some(b'S' | b's') => 1925,
        Some(b'H' | b'h') => 1988,
        Some(b'R' | b'r') => 2018,
        _ => 0,
    };
    st.h.year = Some(int(g(gr, 2).unwrap_or("")) + era);
    st.h.mon = g(gr, 3).map(int);
    st.h.mday = g(gr, 4).map(int);
}

fn vms11_cb(gr: &Groups, st: &mut State) {
    let mon = mon_num(g(gr, 2).unwrap_or("")).to_string();
    s3e(st, owned(gr, 3), Some(mon), owned(gr, 1), false);
}

fn vms12_cb(gr: &Groups, st: &mut State) {
    let mon = mon_num(g(gr, 1).unwrap_or("")).to_string();
    s3e(st, owned(gr, 3), Some(mon), owned(gr, 2), false);
}

fn year_cb(gr: &Groups, st: &mut State) {
    st.h.year = g(gr, 1).map(int);
}

fn mon_cb(gr: &Groups, st: &mut State) {
    st.h.mon = Some(mon_num(g(gr, 1).unwrap_or("")));
}

fn mday_cb(gr: &Groups, st: &mut State) {
    st.h.mday = g(gr, 1).map(int);
}

/// `parse_ddd_cb`: a run of digits, read by its length as a date
/// (`yymmdd`, `yyyymmdd`, `yyddd`...) or, with a fraction and no second
/// run, as a time (`hhmmss.f`).
fn ddd_cb(gr: &Groups, st: &mut State) {
    let neg = g(gr, 1).is_some_and(|s| s.starts_with('-'));
    let s2 = g(gr, 2).unwrap_or("");
    let (s3, s4) = (g(gr, 3), g(gr, 4));
    let time_mode = s3.is_none() && s4.is_some();
    let l2 = s2.len();
    let n = |f: usize, w: usize| n2i(s2, f, w);
    let year = |v: Int| Some(if neg { -v } else { v });
    let h = &mut st.h;
    match l2 {
        2 if time_mode => h.sec = Some(n(0, 2)),
        2 => h.mday = Some(n(0, 2)),
        4 if time_mode => {
            h.sec = Some(n(2, 2));
            h.min = Some(n(0, 2));
        }
        4 => {
            h.mon = Some(n(0, 2));
            h.mday = Some(n(2, 2));
        }
        6 if time_mode => {
            h.sec = Some(n(4, 2));
            h.min = Some(n(2, 2));
            h.hour = Some(n(0, 2));
        }
        6 => {
            h.year = year(n(0, 2));
            h.mon = Some(n(2, 2));
            h.mday = Some(n(4, 2));
        }
        8 | 10 | 12 | 14 if time_mode => {
            h.sec = Some(n(l2 - 2, 2));
            h.min = Some(n(l2 - 4, 2));
            h.hour = Some(n(l2 - 6, 2));
            h.mday = Some(n(l2 - 8, 2));
            if l2 >= 10 {
                h.mon = Some(n(l2 - 10, 2));
            }
            if l2 == 12 {
                h.year = year(n(0, 2));
            }
            if l2 == 14 {
                h.year = year(n(0, 4));
                st.comp = false;
            }
        }
        8 | 10 | 12 | 14 => {
            h.year = year(n(0, 4));
            h.mon = Some(n(4, 2));
            h.mday = Some(n(6, 2));
            if l2 >= 10 {
                h.hour = Some(n(8, 2));
            }
            if l2 >= 12 {
                h.min = Some(n(10, 2));
            }
            if l2 >= 14 {
                h.sec = Some(n(12, 2));
            }
            st.comp = false;
        }
        3 if time_mode => {
            h.sec = Some(n(1, 2));
            h.min = Some(n(0, 1));
        }
        3 => h.yday = Some(n(0, 3)),
        5 if time_mode => {
            h.sec = Some(n(3, 2));
            h.min = Some(n(1, 2));
            h.hour = Some(n(0, 1));
        }
        5 => {
            h.year = year(n(0, 2));
            h.yday = Some(n(2, 3));
        }
        7 if time_mode => {
            h.sec = Some(n(5, 2));
            h.min = Some(n(3, 2));
            h.hour = Some(n(1, 2));
            h.mday = Some(n(0, 1));
        }
        7 => {
            h.year = year(n(0, 4));
            h.yday = Some(n(4, 3));
        }
        _ => {}
    }
    let h = &mut st.h;
    if let Some(s3) = s3 {
        let l3 = s3.len();
        let n = |f: usize, w: usize| n2i(s3, f, w);
        if matches!(l3, 2 | 4 | 6) {
            if s4.is_some() {
                h.sec = Some(n(l3 - 2, 2));
                if l3 >= 4 {
                    h.min = Some(n(l3 - 4, 2));
                }
                if l3 >= 6 {
                    h.hour = Some(n(l3 - 6, 2));
                }
            } else {
                h.hour = Some(n(0, 2));
                if l3 >= 4 {
                    h.min = Some(n(2, 2));
                }
                if l3 >= 6 {
                    h.sec = Some(n(4, 2));
                }
            }
        }
    }
    if let Some(s4) = s4 {
        h.sec_fraction = Some(s4.to_string());
    }
    if let Some(s5) = g(gr, 5) {
        h.zone = Some(match s5.strip_prefix('[') {
            // `[-5:EST]` → `EST`, `[+9]` → `+9`: the text after a colon, else all
            Some(inner) => {
                let inner = inner.strip_suffix(']').unwrap_or(inner);
                match inner.split_once(':') {
                    Some((_, after)) => after.to_string(),
                    None => inner.to_string(),
                }
            }
            None => s5.to_string(),
        });
    }
}

fn bc_cb(_: &Groups, st: &mut State) {
    st.bc = true;
}

fn frag_cb(gr: &Groups, st: &mut State) {
    let n = int(g(gr, 1).unwrap_or(""));
    let h = &mut st.h;
    if h.hour.is_some() && h.mday.is_none() && (1..=31).contains(&n) {
        h.mday = Some(n);
    }
    if h.mday.is_some() && h.hour.is_none() && (0..=24).contains(&n) {
        h.hour = Some(n);
    }
}

/// `parse_time`: a time with its am/pm and zone.
fn parse_time(s: &mut String, st: &mut State) -> Result<(), String> {
    let Some(c) = patterns().time.captures(s) else {
        return Ok(());
    };
    let s1 = c.get(1).map_or("", |m| m.as_str()).to_string();
    let zone = c.get(2).map(|m| m.as_str().to_string());
    let range = c.get(0).map_or(0..0, |m| m.range());
    s.replace_range(range, " ");
    if zone.is_some() {
        st.h.zone = zone;
    }
    time2(&s1, st)
}

/// The week (`2020-W05-3`), month-day (`--12-25`) and ordinal (`2020-045`)
/// forms (`parse_iso2`).
fn parse_iso2(s: &mut String, st: &mut State) -> bool {
    let p = patterns();
    subs(s, &p.iso21, st, iso21_cb)
        || subs(s, &p.iso22, st, iso22_cb)
        || subs(s, &p.iso23, st, iso23_cb)
        || subs(s, &p.iso24, st, iso24_cb)
        || (!p.iso25_0.is_match(s) && subs(s, &p.iso25, st, iso25_cb))
        || (!p.iso26_0.is_match(s) && subs(s, &p.iso26, st, iso26_cb))
}

/// `Date._parse(str, comp)` (`date__parse`), without the length limit
/// (checked by its caller). Errors are the RangeErrors Ruby raises on the
/// way (an hour with am/pm too big for a C int).
pub fn parse(input: &str, comp: bool) -> Result<Parsed, String> {
    let p = patterns();
    let mut s = p.clean.replace_all(input, " ").into_owned();
    let mut st = State {
        h: Parsed::default(),
        comp,
        bc: false,
    };
    let s = &mut s;
    let st = &mut st;
    if has(s, HAVE_ALPHA) {
        subs(s, &p.day, st, day_cb);
    }
    if has(s, HAVE_DIGIT) {
        parse_time(s, st)?;
    }
    // the subparsers in order, until one matches (then `ok:` in the C)
    let _ = (has(s, HAVE_ALPHA | HAVE_DIGIT)
        && (subs(s, &p.eu, st, eu_cb) || subs(s, &p.us, st, us_cb)))
        || (has(s, HAVE_DIGIT | HAVE_DASH) && subs(s, &p.iso, st, ymd_cb))
        || (has(s, HAVE_DIGIT | HAVE_DOT) && subs(s, &p.jis, st, jis_cb))
        || (has(s, HAVE_ALPHA | HAVE_DIGIT | HAVE_DASH)
            && (subs(s, &p.vms11, st, vms11_cb) || subs(s, &p.vms12, st, vms12_cb)))
        || (has(s, HAVE_DIGIT | HAVE_SLASH) && subs(s, &p.sla, st, ymd_cb))
        || (has(s, HAVE_DIGIT | HAVE_DOT) && subs(s, &p.dot, st, ymd_cb))
        || (has(s, HAVE_DIGIT) && parse_iso2(s, st))
        || (has(s, HAVE_DIGIT) && subs(s, &p.year, st, year_cb))
        || (has(s, HAVE_ALPHA) && subs(s, &p.mon, st, mon_cb))
        || (has(s, HAVE_DIGIT) && subs(s, &p.mday, st, mday_cb))
        || (has(s, HAVE_DIGIT) && subs(s, &p.ddd, st, ddd_cb));
    if has(s, HAVE_ALPHA) {
        subs(s, &p.bc, st, bc_cb);
    }
    if has(s, HAVE_DIGIT) {
        subs(s, &p.frag, st, frag_cb);
    }
    let h = &mut st.h;
    if st.bc {
        h.cwyear = h.cwyear.map(|y| 1 - y);
        h.year = h.year.map(|y| 1 - y);
    }
    if st.comp {
        let complete = |y: Int| match y {
            69..=99 => y + 1900,
            0..=68 => y + 2000,
            _ => y,
        };
        h.cwyear = h.cwyear.map(complete);
        h.year = h.year.map(complete);
    }
    Ok(st.h.clone())
}

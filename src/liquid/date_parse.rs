//! Ruby's `Date._parse` (ext/date/date_parse.c, Ruby 3.1) for
//! `Time.parse`: the string's words are tried by a fixed sequence of
//! heuristics (weekday, time and zone, then European, US, ISO, JIS, VMS,
//! slashed, dotted, ISO week/ordinal, year, month, day-of-month and digit-run
//! dates), each removing what it took before the next looks.

use std::sync::LazyLock;

use regex::{Captures, Regex};

/// What `Date._parse` found (the hash's keys Time.parse reads).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Parsed {
    pub year: Option<i64>,
    pub mon: Option<i64>,
    pub mday: Option<i64>,
    pub yday: Option<i64>,
    pub wday: Option<i64>,
    pub hour: Option<i64>,
    pub min: Option<i64>,
    pub sec: Option<i64>,
    /// Nanoseconds of `sec_fraction`.
    pub nanos: Option<i64>,
    pub zone: Option<String>,
    bc: bool,
    /// `_comp`: two-digit years become 19xx/20xx.
    comp: bool,
}

const MONTHS: &str = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec";
const DAYS: &str = "sun|mon|tue|wed|thu|fri|sat";
const SP: &str = r"[ \t\n\x0B\x0C\r]";

fn compile(p: &str) -> Option<Regex> {
    Regex::new(&format!(
        "(?i){}",
        p.replace("\\s", SP).replace("\\d", "[0-9]")
    ))
    .ok()
}

macro_rules! pattern {
    ($name:ident, $p:expr) => {
        static $name: LazyLock<Option<Regex>> =
            LazyLock::new(|| compile(AsRef::<str>::as_ref(&$p)));
    };
}

pattern!(JUNK, r"[^-+',./:@\p{Alphabetic}\p{N}\[\]]+");
pattern!(DAY, format!(r"\b({DAYS})[^-/\d\s]*"));
pattern!(
    TIME,
    concat!(
        r"((?:\d+\s*:\s*\d+(?:\s*:\s*\d+(?:[,.]\d*)?)?|\d+\s*h(?:\s*\d+m?(?:\s*\d+s?)?)?)",
        r"(?:\s*[ap](?:m\b|\.m\.))?|\d+\s*[ap](?:m\b|\.m\.))",
        r"(?:\s*((?:gmt|utc?)?[-+]\d+(?:[,.:]\d+(?::\d+)?)?",
        r"|[\p{Alphabetic}.\s]+(?:standard|daylight)\stime\b",
        r"|\p{Alphabetic}+(?:\sdst)?\b))?"
    )
);
pattern!(
    TIME2,
    r"\A(\d+)h?(?:\s*:?\s*(\d+)m?(?:\s*:?\s*(\d+)(?:[,.](\d+))?s?)?)?(?:\s*([ap])(?:m\b|\.m\.))?"
);
const BC: &str = r"(c(?:e|\.e\.)|b(?:ce|\.c\.e\.)|a(?:d|\.d\.)|b(?:c|\.c\.))";
pattern!(
    EU,
    format!(
        r"('?\d+)[^-\d\s]*\s*({MONTHS})[^-\d\s']*(?:\s*(?:\s*{BC}?\s*('?-?\d+(?:(?:st|nd|rd|th)\b)?)))?"
    )
);
pattern!(
    US,
    format!(r"\b({MONTHS})[^-\d\s']*\s*('?\d+)[^-\d\s']*(?:\s*,?\s*{BC}?\s*('?-?\d+))?")
);
pattern!(ISO, r"('?[-+]?\d+)-(\d+)-('?-?\d+)");
pattern!(JIS, r"\b([mtshr])(\d+)\.(\d+)\.(\d+)");
pattern!(VMS1, format!(r"('?-?\d+)-({MONTHS})[^-/.]*-('?-?\d+)"));
pattern!(
    VMS2,
    format!(r"\b({MONTHS})[^-/.]*-('?-?\d+)(?:-('?-?\d+))?")
);
pattern!(SLA, r"('?-?\d+)/\s*('?\d+)(?:[^0-9]\s*('?-?\d+))?");
pattern!(DOT, r"('?-?\d+)\.\s*('?\d+)\.\s*('?-?\d+)");
pattern!(ISO21, r"\b(\d{2}|\d{4})?-?w(\d{2})(?:-?(\d))?\b");
pattern!(ISO22, r"-w-(\d)\b");
pattern!(ISO23, r"--(\d{2})?-(\d{2})\b");
pattern!(ISO24, r"--(\d{2})(\d{2})?\b");
pattern!(ISO25_GUARD, r"[,.](\d{2}|\d{4})-\d{3}\b");
pattern!(ISO25, r"\b(\d{2}|\d{4})-(\d{3})\b");
pattern!(ISO26_GUARD, r"\d-\d{3}\b");
pattern!(ISO26, r"\b-(\d{3})\b");
pattern!(YEAR, r"'(\d+)\b");
pattern!(MON, format!(r"\b({MONTHS})[^ \t\n\x0B\x0C\r]*"));
pattern!(MDAY, r"(\d+)(st|nd|rd|th)\b");
pattern!(
    DDD,
    r"([-+]?)(\d{2,14})(?:\s*t?\s*(\d{2,6})?(?:[,.](\d*))?)?(?:\s*(z\b|[-+]\d{1,4}\b|\[[-+]?\d[^\]]*\]))?"
);
pattern!(BCP, r"\b(bc\b|bce\b|b\.c\.|b\.c\.e\.)");
pattern!(FRAG, r"\A\s*(\d{1,2})\s*\z");

fn num(s: &str) -> i64 {
    super::expr::ruby_to_i(s)
}

fn month_num(s: &str) -> i64 {
    let l = s.get(..3).unwrap_or(s).to_ascii_lowercase();
    MONTHS
        .split('|')
        .position(|m| m == l)
        .map_or(0, |i| i as i64 + 1)
}

/// `subx`: the first match of `re` in `s`, handed to `f`, then replaced by a space.
fn subx(s: &mut String, re: &LazyLock<Option<Regex>>, f: impl FnOnce(&Captures)) -> bool {
    let Some(re) = re.as_ref() else { return false };
    let (range, ok) = match re.captures(s) {
        Some(c) => {
            f(&c);
            (c.get(0).map_or(0..0, |m| m.range()), true)
        }
        None => (0..0, false),
    };
    if ok {
        s.replace_range(range, " ");
    }
    ok
}

fn cap<'a>(c: &Captures<'a>, i: usize) -> Option<&'a str> {
    c.get(i).map(|m| m.as_str())
}

fn has(s: &str, alpha: bool, digit: bool, ch: Option<char>) -> bool {
    (!alpha || s.bytes().any(|c| c.is_ascii_alphabetic()))
        && (!digit || s.bytes().any(|c| c.is_ascii_digit()))
        && ch.is_none_or(|c| s.contains(c))
}

/// `Date._parse(s, true)`; `None` past Ruby's 128-character limit.
pub fn date_parse(input: &str) -> Option<Parsed> {
    if input.len() > 128 {
        return None;
    }
    let mut s = match JUNK.as_ref() {
        Some(j) => j.replace_all(input, " ").into_owned(),
        None => input.to_string(),
    };
    let mut h = Parsed {
        comp: true,
        ..Parsed::default()
    };
    if has(&s, true, false, None) {
        subx(&mut s, &DAY, |c| {
            let d = cap(c, 1).unwrap_or("").to_ascii_lowercase();
            h.wday = DAYS.split('|').position(|x| x == d).map(|i| i as i64);
        });
    }
    if has(&s, false, true, None) {
        let mut found = None;
        subx(&mut s, &TIME, |c| {
            found = Some((
                cap(c, 1).unwrap_or("").to_string(),
                cap(c, 2).map(str::to_string),
            ));
        });
        if let Some((t, zone)) = found {
            if zone.is_some() {
                h.zone = zone;
            }
            time2(&t, &mut h);
        }
    }
    dates(&mut s, &mut h);
    if has(&s, true, false, None) {
        subx(&mut s, &BCP, |_| h.bc = true);
    }
    if has(&s, false, true, None) {
        if let Some(Some(c)) = FRAG.as_ref().map(|r| r.captures(&s)) {
            let n = num(cap(&c, 1).unwrap_or("0"));
            if h.hour.is_some() && h.mday.is_none() && (1..=31).contains(&n) {
                h.mday = Some(n);
            }
            if h.mday.is_some() && h.hour.is_none() && (0..=24).contains(&n) {
                h.hour = Some(n);
            }
        }
    }
    if h.bc {
        h.year = h.year.map(|y| 1 - y);
    }
    if h.comp {
        h.year = h.year.map(|y| match y {
            69..=99 => y + 1900,
            0..=68 => y + 2000,
            y => y,
        });
    }
    Some(h)
}

fn time2(t: &str, h: &mut Parsed) {
    let Some(Some(c)) = TIME2.as_ref().map(|r| r.captures(t)) else {
        return;
    };
    let mut hour = num(cap(&c, 1).unwrap_or("0"));
    if let Some(p) = cap(&c, 5) {
        hour %= 12;
        if p.eq_ignore_ascii_case("p") {
            hour += 12;
        }
    }
    h.hour = Some(hour);
    h.min = cap(&c, 2).map(num);
    h.sec = cap(&c, 3).map(num);
    h.nanos = cap(&c, 4).map(fraction);
}

/// Digits after the decimal point as nanoseconds (truncated).
fn fraction(f: &str) -> i64 {
    let d: String = f.chars().chain(std::iter::repeat('0')).take(9).collect();
    d.parse().unwrap_or(0)
}

/// The date heuristics, first match wins.
fn dates(s: &mut String, h: &mut Parsed) {
    if has(s, true, true, None) {
        if subx(s, &EU, |c| {
            let bc = cap(c, 3).is_some_and(|b| b.starts_with(['b', 'B']));
            let mon = month_num(cap(c, 2).unwrap_or("")).to_string();
            s3e(h, cap(c, 4), Some(&mon), cap(c, 1), bc);
        }) {
            return;
        }
        if subx(s, &US, |c| {
            let bc = cap(c, 3).is_some_and(|b| b.starts_with(['b', 'B']));
            let mon = month_num(cap(c, 1).unwrap_or("")).to_string();
            s3e(h, cap(c, 4), Some(&mon), cap(c, 2), bc);
        }) {
            return;
        }
    }
    if has(s, false, true, Some('-'))
        && subx(s, &ISO, |c| s3e(h, cap(c, 1), cap(c, 2), cap(c, 3), false))
    {
        return;
    }
    if has(s, false, true, Some('.'))
        && subx(s, &JIS, |c| {
            let era = match cap(c, 1).unwrap_or("").to_ascii_lowercase().as_str() {
                "m" => 1867,
                "t" => 1911,
                "s" => 1925,
                "h" => 1988,
                _ => 2018,
            };
            h.year = Some(era + num(cap(c, 2).unwrap_or("0")));
            h.mon = cap(c, 3).map(num);
            h.mday = cap(c, 4).map(num);
        })
    {
        return;
    }
    if has(s, true, true, Some('-')) {
        if subx(s, &VMS1, |c| {
            let mon = month_num(cap(c, 2).unwrap_or("")).to_string();
            s3e(h, cap(c, 3), Some(&mon), cap(c, 1), false);
        }) {
            return;
        }
        if subx(s, &VMS2, |c| {
            let mon = month_num(cap(c, 1).unwrap_or("")).to_string();
            s3e(h, cap(c, 3), Some(&mon), cap(c, 2), false);
        }) {
            return;
        }
    }
    if has(s, false, true, Some('/'))
        && subx(s, &SLA, |c| s3e(h, cap(c, 1), cap(c, 2), cap(c, 3), false))
    {
        return;
    }
    if has(s, false, true, Some('.'))
        && subx(s, &DOT, |c| s3e(h, cap(c, 1), cap(c, 2), cap(c, 3), false))
    {
        return;
    }
    if has(s, false, true, None) && iso2(s, h) {
        return;
    }
    if has(s, false, true, None) && subx(s, &YEAR, |c| h.year = cap(c, 1).map(num)) {
        return;
    }
    if has(s, true, false, None)
        && subx(s, &MON, |c| {
            h.mon = Some(month_num(cap(c, 1).unwrap_or("")))
        })
    {
        return;
    }
    if has(s, false, true, None) && subx(s, &MDAY, |c| h.mday = cap(c, 1).map(num)) {
        return;
    }
    if has(s, false, true, None) {
        subx(s, &DDD, |c| ddd(c, h));
    }
}

fn iso2(s: &mut String, h: &mut Parsed) -> bool {
    // ISO week dates carry no month or day Time.parse reads: taken and dropped
    if subx(s, &ISO21, |_| {}) || subx(s, &ISO22, |_| {}) {
        return true;
    }
    if subx(s, &ISO23, |c| {
        h.mon = cap(c, 1).map(num);
        h.mday = cap(c, 2).map(num);
    }) {
        return true;
    }
    if subx(s, &ISO24, |c| {
        h.mon = cap(c, 1).map(num);
        h.mday = cap(c, 2).map(num);
    }) {
        return true;
    }
    let guarded = |g: &LazyLock<Option<Regex>>, s: &str| g.as_ref().is_some_and(|r| r.is_match(s));
    if !guarded(&ISO25_GUARD, s)
        && subx(s, &ISO25, |c| {
            h.year = cap(c, 1).map(num);
            h.yday = cap(c, 2).map(num);
        })
    {
        return true;
    }
    !guarded(&ISO26_GUARD, s) && subx(s, &ISO26, |c| h.yday = cap(c, 1).map(num))
}

fn ddd(c: &Captures, h: &mut Parsed) {
    let sign = cap(c, 1).unwrap_or("");
    let d = cap(c, 2).unwrap_or("");
    let (s3, s4) = (cap(c, 3), cap(c, 4));
    let n = |a: usize, b: usize| d.get(a..b).map(num);
    let l = d.len();
    let time_only = s3.is_none() && s4.is_some();
    let year = |k: usize| d.get(..k).map(|y| num(&format!("{sign}{y}")));
    match l {
        2 if time_only => h.sec = n(0, 2),
        2 => h.mday = n(0, 2),
        3 if time_only => {
            h.sec = n(1, 3);
            h.min = n(0, 1);
        }
        3 => h.yday = n(0, 3),
        4 if time_only => {
            h.sec = n(2, 4);
            h.min = n(0, 2);
        }
        4 => {
            h.mon = n(0, 2);
            h.mday = n(2, 4);
        }
        5 if time_only => {
            h.sec = n(3, 5);
            h.min = n(1, 3);
            h.hour = n(0, 1);
        }
        5 => {
            h.year = year(2);
            h.yday = n(2, 5);
        }
        6 if time_only => {
            h.sec = n(4, 6);
            h.min = n(2, 4);
            h.hour = n(0, 2);
        }
        6 => {
            h.year = year(2);
            h.mon = n(2, 4);
            h.mday = n(4, 6);
        }
        7 if time_only => {
            h.sec = n(5, 7);
            h.min = n(3, 5);
            h.hour = n(1, 3);
            h.mday = n(0, 1);
        }
        7 => {
            h.year = year(4);
            h.yday = n(4, 7);
        }
        8 | 10 | 12 | 14 if time_only => {
            h.sec = n(l - 2, l);
            h.min = n(l - 4, l - 2);
            h.hour = n(l - 6, l - 4);
            h.mday = n(l - 8, l - 6);
            if l >= 10 {
                h.mon = n(l - 10, l - 8);
            }
            if l == 12 {
                h.year = year(2);
            }
            if l == 14 {
                h.year = year(4);
                h.comp = false;
            }
        }
        8 | 10 | 12 | 14 => {
            h.year = year(4);
            h.mon = n(4, 6);
            h.mday = n(6, 8);
            if l >= 10 {
                h.hour = n(8, 10);
            }
            if l >= 12 {
                h.min = n(10, 12);
            }
            if l >= 14 {
                h.sec = n(12, 14);
            }
            h.comp = false;
        }
        _ => {}
    }
    if let Some(t) = s3 {
        let m = |a: usize, b: usize| t.get(a..b).map(num);
        let k = t.len();
        if matches!(k, 2 | 4 | 6) {
            if s4.is_some() {
                h.sec = m(k - 2, k);
                if k >= 4 {
                    h.min = m(k - 4, k - 2);
                }
                if k >= 6 {
                    h.hour = m(k - 6, k - 4);
                }
            } else {
                h.hour = m(0, 2);
                if k >= 4 {
                    h.min = m(2, 4);
                }
                if k >= 6 {
                    h.sec = m(4, 6);
                }
            }
        }
    }
    if let Some(f) = s4 {
        h.nanos = Some(fraction(f));
    }
    if let Some(z) = cap(c, 5) {
        h.zone = Some(z.to_string());
    }
}

/// `s3e`: year, month and day from three strings, reordered by which of
/// them looks like a year (an apostrophe, or more than two digits).
fn s3e(h: &mut Parsed, y: Option<&str>, m: Option<&str>, d: Option<&str>, bc: bool) {
    // a month or day "looks like a year" by an apostrophe or a length past two
    let yearish = |v: &str| v.starts_with('\'') || v.len() > 2;
    let (mut y, mut m, mut d) = (
        y.map(str::to_string),
        m.map(str::to_string),
        d.map(str::to_string),
    );
    if y.is_some() && m.is_some() && d.is_none() {
        (y, m, d) = (d, y, m);
    }
    if y.is_none() && d.as_deref().is_some_and(yearish) {
        y = d.take();
    }
    if let Some(yy) = &y {
        let t = yy.trim_start_matches(|c: char| !c.is_ascii_digit() && c != '+' && c != '-');
        let body = t.strip_prefix(['+', '-']).unwrap_or(t);
        let digits = body.bytes().take_while(u8::is_ascii_digit).count();
        if digits < body.len() {
            // the sign and digits only (`1st` is a day of 1)
            let bp = t[..t.len() - body.len() + digits].to_string();
            y = d.take();
            d = Some(bp);
        }
    }
    if m.as_deref().is_some_and(yearish) {
        (y, m, d) = (m, d, y);
    }
    if d.as_deref().is_some_and(yearish) {
        (y, d) = (d, y);
    }
    if let Some(yy) = &y {
        let t = yy.trim_start_matches(|c: char| !c.is_ascii_digit() && c != '+' && c != '-');
        let signed = t.starts_with(['+', '-']);
        let body = t.strip_prefix(['+', '-']).unwrap_or(t);
        let digits = body.bytes().take_while(u8::is_ascii_digit).count();
        if signed || digits > 2 {
            h.comp = false;
        }
        let text = &t[..t.len() - body.len() + digits];
        h.year = Some(num(text));
    }
    if bc {
        h.bc = true;
    }
    let digits_of = |v: &str| {
        let t = v.trim_start_matches(|c: char| !c.is_ascii_digit());
        num(&t[..t.bytes().take_while(u8::is_ascii_digit).count()])
    };
    if let Some(mm) = &m {
        h.mon = Some(digits_of(mm));
    }
    if let Some(dd) = &d {
        h.mday = Some(digits_of(dd));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let p = date_parse("Tue, 05 Mar 2024 07:08:09 GMT").unwrap_or_default();
        assert_eq!(
            (p.year, p.mon, p.mday, p.hour, p.zone.as_deref()),
            (Some(2024), Some(3), Some(5), Some(7), Some("GMT"))
        );
        let p = date_parse("3/5/2024").unwrap_or_default();
        assert_eq!((p.year, p.mon, p.mday), (Some(2024), Some(5), Some(3)));
        let p = date_parse("20240305").unwrap_or_default();
        assert_eq!((p.year, p.mon, p.mday), (Some(2024), Some(3), Some(5)));
        let p = date_parse("March 5, 2024T00:00:00.5 PDT").unwrap_or_default();
        assert_eq!(
            (p.year, p.mon, p.mday, p.nanos, p.zone.as_deref()),
            (Some(2024), Some(3), Some(5), Some(500_000_000), Some("PDT"))
        );
    }
}

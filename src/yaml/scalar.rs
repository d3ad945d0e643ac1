//! What a plain scalar means: Psych 4.0's `ScalarScanner#tokenize` (YAML 1.1
//! rules: `yes`/`off`, `1:30` sexagesimal, `017` octal, `2024-01-02` dates,
//! timestamps) under `safe_load` with `[Date, Time]` permitted — so a
//! `:symbol` is refused, as are the few strings its number conversions
//! raise on (`.e+1`, `0x_`), and a timestamp with a tab before its time.
//!
//! Ruby's regexps are line-anchored (`^`, `$` match at every line), which
//! matters for multi-line plain scalars (`"n\nno"` is `false`); the patterns
//! below keep that, with Ruby's ASCII `\d` and `\s`.
//!
//! Integers past 64 bits (a Ruby Bignum) become their decimal text: printed,
//! they read the same. A Julian-calendar leap day (`1500-02-29`, a valid Ruby
//! Date) stays text: `Value::Date` is proleptic Gregorian.

use std::sync::LazyLock;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime};
use regex::Regex;

use crate::liquid::Value;

use super::bigint::Big;
use super::Local;

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| {
            // a constant pattern, compiled by the unit tests
            Regex::new($pat).unwrap()
        });
    };
}

/// Psych's `/^[^\d.:-]?[[:alpha:]_\s!@#$%\^&*(){}<>|\/\\~;=]+/`
/// matches somewhere in `s` (`^` at every line start; Ruby's `\s` is
/// [ \t\n\v\f\r], `[[:alpha:]]` Unicode's Alphabetic). By hand: as a
/// regexp its Unicode class took longer to compile than a small site's
/// front matter took to parse (the test `stringish_equals_the_pattern`
/// holds it to the pattern).
fn stringish(s: &str) -> bool {
    let in_set = |c: char| c.is_alphabetic() || "_ \t\n\x0B\x0C\r!@#$%^&*(){}<>|/\\~;=".contains(c);
    let excluded = |c: char| c.is_ascii_digit() || matches!(c, '.' | ':' | '-');
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', s.as_bytes()).map(|i| i + 1))
        .any(|p| {
            let mut cs = s[p..].chars();
            match cs.next() {
                None => false,
                Some(c0) => in_set(c0) || (!excluded(c0) && cs.next().is_some_and(in_set)),
            }
        })
}

/// The lines of `s` (split at `\n`, as `(?m)^…$` sees them).
fn lines(s: &str) -> impl Iterator<Item = &str> {
    s.split('\n')
}

/// `/^[^ytonf~]/i`: a line starts with another character (its own `\n`
/// for an empty line).
fn not_ytonf(s: &str) -> bool {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', s.as_bytes()).map(|i| i + 1))
        .any(|p| {
            s[p..]
                .chars()
                .next()
                .is_some_and(|c| !"yYtToOnNfF~".contains(c))
        })
}

/// `/^(?:a|b…)$/i` over `words` (ASCII letters): a line is one of them,
/// in any case. Of all Unicode, only `ſ` (long s) also folds to one of
/// these letters (`s`); `any_line_is_equals_the_patterns` checks this
/// against the regexps these replace (compiled, each cost more than the
/// rest of a small config's parse).
fn any_line_is(s: &str, words: &[&str]) -> bool {
    lines(s).any(|l| {
        words.iter().any(|w| {
            l.chars().count() == w.len()
                && l.chars()
                    .zip(w.chars())
                    .all(|(a, b)| a.eq_ignore_ascii_case(&b) || (a == 'ſ' && b == 's'))
        })
    })
}
re!(
    TIME,
    r"(?m)^-?[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t\n\x0B\x0C\r]+)[0-9]{1,2}:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t\n\x0B\x0C\r]*(?:Z|[-+][0-9]{1,2}:?(?:[0-9][0-9])?))?$"
);
re!(
    DATE,
    r"(?m)^[0-9]{4}-(?:1[012]|0[0-9]|[0-9])-(?:[12][0-9]|3[01]|0[0-9]|[0-9])$"
);
re!(POS_INF, r"(?mi)^\+?\.inf$");
re!(NEG_INF, r"(?mi)^-\.inf$");
re!(NAN, r"(?mi)^\.nan$");
re!(SYMBOL, r"(?m)^:.");
re!(SEXA_INT, r"(?m)^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}$");
re!(
    SEXA_FLOAT,
    r"(?m)^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}\.[0-9_]*$"
);
re!(
    FLOAT,
    r"(?m)^(?:[-+]?(?:[0-9][0-9_,]*)?\.[0-9]*(?:[eE][-+][0-9]+)?)$"
);
re!(LONE_DOT, r"^[-+]?\.$");
re!(
    INTEGER,
    r"(?m)^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$"
);
re!(
    TIME_OF_DAY,
    r"([0-9]+:[0-9]+:[0-9]+)(?:\.([0-9]*))?[ \t\n\x0B\x0C\r]*(Z|[-+][0-9]+(?::[0-9][0-9])?)?"
);
re!(DATE_PART, r"(?m)^(-?[0-9]{4})-([0-9]{1,2})-([0-9]{1,2})");
re!(ZONE, r"(?m)^([+\-]?[0-9]{1,2}):?([0-9]{1,2})?$");

/// `tokenize`: the value of an untagged plain scalar (or one tagged `!`,
/// `!!int`, an unknown tag...). `Err` is what Ruby raises (the document is
/// refused).
pub(super) fn tokenize(s: &str, local: Local<'_>) -> Result<Value, String> {
    if s.is_empty() {
        return Ok(Value::Nil);
    }
    if stringish(s) || s.contains('\n') {
        if s.chars().count() > 5 || not_ytonf(s) {
            return Ok(Value::str(s));
        }
        if s == "~" || any_line_is(s, &["null"]) {
            return Ok(Value::Nil);
        }
        if any_line_is(s, &["yes", "true", "on"]) {
            return Ok(Value::Bool(true));
        }
        if any_line_is(s, &["no", "false", "off"]) {
            return Ok(Value::Bool(false));
        }
        return Ok(Value::str(s));
    }
    // each pattern is tried only where its literal characters occur: a
    // pattern compiled costs more than a small config's parse
    if s.contains(':') && s.contains('-') && TIME.is_match(s) {
        return Ok(match psych_time(s, local)? {
            Some(t) => Value::Time(t),
            None => Value::str(s),
        });
    }
    if s.contains('-') && DATE.is_match(s) {
        return Ok(ruby_date(s).unwrap_or_else(|| Value::str(s)));
    }
    let dot = s.contains('.');
    if dot && POS_INF.is_match(s) {
        return Ok(Value::Float(f64::INFINITY));
    }
    if dot && NEG_INF.is_match(s) {
        return Ok(Value::Float(f64::NEG_INFINITY));
    }
    if dot && NAN.is_match(s) {
        return Ok(Value::Float(f64::NAN));
    }
    let colon = s.contains(':');
    if colon && SYMBOL.is_match(s) {
        return Err(format!("Tried to load unspecified class: Symbol ({s})"));
    }
    if colon && SEXA_INT.is_match(s) {
        let mut total = Big::zero();
        let parts: Vec<&str> = s.split(':').collect();
        let n = parts.len();
        for (e, p) in parts.iter().enumerate() {
            let scale = 60u32.pow((e as i32 - 2).unsigned_abs());
            let _ = n;
            total = total.add(&ruby_to_i(p).mul_small(scale));
        }
        return Ok(total.into_value());
    }
    if colon && SEXA_FLOAT.is_match(s) {
        let mut total = 0.0f64;
        for (e, p) in s.split(':').enumerate() {
            total += ruby_to_f(p) * f64::from(60u32.pow((e as i32 - 2).unsigned_abs()));
        }
        return Ok(Value::Float(total));
    }
    if dot && FLOAT.is_match(s) {
        if LONE_DOT.is_match(s) {
            return Ok(Value::str(s));
        }
        // gsub(/[,_]|\.([Ee]|$)/, '\1'), then Float()
        let mut cleaned = String::with_capacity(s.len());
        let b: Vec<char> = s.chars().collect();
        for (i, &c) in b.iter().enumerate() {
            match c {
                ',' | '_' => {}
                '.' if matches!(b.get(i + 1), None | Some('e' | 'E')) => {}
                c => cleaned.push(c),
            }
        }
        return ruby_float_str(&cleaned)
            .map(Value::Float)
            .ok_or_else(|| format!("invalid value for Float(): {cleaned:?}"));
    }
    if INTEGER.is_match(s) {
        let cleaned: String = s.chars().filter(|c| *c != ',' && *c != '_').collect();
        return ruby_integer(&cleaned)
            .map(Big::into_value)
            .ok_or_else(|| format!("invalid value for Integer(): {cleaned:?}"));
    }
    Ok(Value::str(s))
}

/// Kernel#Float of a tokenized value (the `!!float` tag).
pub(super) fn to_float(v: &Value) -> Result<Value, String> {
    match v {
        Value::Float(_) => Ok(v.clone()),
        Value::Int(i) => Ok(Value::Float(*i as f64)),
        Value::Str(s) => {
            // a Bignum's text (from tokenize), or a string Float() reads
            ruby_float_str(s)
                .map(Value::Float)
                .ok_or_else(|| format!("invalid value for Float(): {s:?}"))
        }
        Value::Time(t) => Ok(Value::Float(
            t.timestamp() as f64 + f64::from(t.timestamp_subsec_nanos()) / 1e9,
        )),
        Value::Nil => Err("can't convert nil into Float".into()),
        Value::Bool(b) => Err(format!("can't convert {b} into Float")),
        Value::Date(_) => Err("can't convert Date into Float".into()),
        _ => Err("can't convert into Float".into()),
    }
}

/// `Date.strptime(s, '%Y-%m-%d')`: Ruby's Date reckons days before
/// 1582-10-15 in the Julian calendar, and 1582-10-05..14 do not exist.
fn ruby_date(s: &str) -> Option<Value> {
    let mut it = s.split('-').map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (it.next()??, it.next()??, it.next()??);
    if !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    let key = (y, m, d);
    if key >= (1582, 10, 15) {
        return NaiveDate::from_ymd_opt(y as i32, m, d).map(Value::Date);
    }
    if key > (1582, 10, 4) {
        return None;
    }
    let julian_leap = y % 4 == 0;
    let days = match m {
        2 if julian_leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if d > days {
        return None;
    }
    // a Julian-only leap day has no Gregorian name: keep the text
    Some(
        NaiveDate::from_ymd_opt(y as i32, m, d)
            .map(Value::Date)
            .unwrap_or_else(|| Value::str(s)),
    )
}

/// Psych's `parse_time` for a string matching its TIME pattern: `Ok(None)`
/// where Ruby's Time raises ArgumentError (the text stays a string), `Err`
/// where it raises anything else (NoMethodError: the document is refused).
fn psych_time(s: &str, local: Local<'_>) -> Result<Option<DateTime<FixedOffset>>, String> {
    let nomethod = || format!("undefined method `match' for nil (the time in {s:?})");
    // string.split(/[ tT]/, 2)
    let cut = s.find([' ', 't', 'T']).ok_or_else(nomethod)?;
    let (date, time) = (&s[..cut], &s[cut + 1..]);
    let dc = DATE_PART.captures(date).ok_or_else(nomethod)?;
    let num = |m: Option<regex::Match>| m.map_or(0, |m| m.as_str().parse::<i64>().unwrap_or(0));
    let (yy, mon, dd) = (num(dc.get(1)), num(dc.get(2)), num(dc.get(3)));
    let md = TIME_OF_DAY.captures(time).ok_or_else(nomethod)?;
    let hms: Vec<i64> = md[1]
        .split(':')
        .map(|p| p.parse::<i64>().unwrap_or(i64::MAX))
        .collect();
    let (hh, mm, ss) = (hms[0], hms[1], hms[2]);
    let nanos: i64 = match md.get(2).map(|m| m.as_str()) {
        Some(f) => {
            let mut digits: String = f.chars().take(9).collect();
            while digits.len() < 9 {
                digits.push('0');
            }
            digits.parse().unwrap_or(0)
        }
        None => 0,
    };
    // Time.utc's checks (Psych calls it first, whatever the zone)
    let Some(wall) = ruby_time_fields(yy, mon, dd, hh, mm, ss, nanos) else {
        return Ok(None);
    };
    match md.get(3).map(|m| m.as_str()) {
        Some("Z") => Ok(FixedOffset::east_opt(0).map(|o| wall.and_utc().with_timezone(&o))),
        None => {
            // Time.at(utc.to_i, usec): the same instant, in the local zone
            let off = local(&wall);
            Ok(Some(wall.and_utc().with_timezone(&off)))
        }
        Some(z) => {
            let zc = ZONE.captures(z).ok_or_else(nomethod)?;
            let h: i64 = zc[1].parse().unwrap_or(0);
            let m: i64 = zc.get(2).map_or(0, |m| m.as_str().parse().unwrap_or(0));
            let mut offset = h * 3600;
            // Ruby's sign test: `-0:30` comes out +00:30
            if offset < 0 {
                offset -= m * 60;
            } else {
                offset += m * 60;
            }
            if offset <= -86400 || offset >= 86400 {
                return Ok(None);
            }
            let Some(off) = FixedOffset::east_opt(offset as i32) else {
                return Ok(None);
            };
            let utc = wall_to_utc(yy, mon, dd, hh, mm, ss, nanos, offset);
            Ok(utc.map(|u| u.and_utc().with_timezone(&off)))
        }
    }
}

/// Ruby 3.1's `Time.new(..., offset)`: the fields less the offset, carried
/// a day at most the way `vtm_add_offset` does it (assuming a valid day of
/// month: the 31st of a 30-day month carried forward wraps its 5-bit day
/// field to 0, the previous month's last day), then read as UTC.
#[allow(clippy::too_many_arguments)]
fn wall_to_utc(
    mut year: i64,
    mut mon: i64,
    mut mday: i64,
    mut hour: i64,
    mut min: i64,
    sec: i64,
    nanos: i64,
    offset: i64,
) -> Option<NaiveDateTime> {
    let (sign, o) = if offset < 0 {
        (1, -offset)
    } else {
        (-1, offset)
    };
    let (min_o, mut hour_o) = (sign * (o / 60 % 60), sign * (o / 3600 % 24));
    // offsets are whole minutes: the seconds field is left alone
    let mut day = 0;
    if min_o != 0 {
        let mut m = min_o + min;
        if m < 0 {
            m += 60;
            hour_o -= 1;
        }
        if m >= 60 {
            m -= 60;
            hour_o += 1;
        }
        min = m;
    }
    if hour_o != 0 {
        let mut h = hour_o + hour;
        if h < 0 {
            h += 24;
            day = -1;
        }
        if h >= 24 {
            h -= 24;
            day = 1;
        }
        hour = h;
    }
    let days_in = |y: i64, m: i64| -> i64 {
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        match m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    };
    if day < 0 {
        if mon == 1 && mday == 1 {
            (year, mon, mday) = (year - 1, 12, 31);
        } else if mday == 1 {
            mon -= 1;
            mday = days_in(year, mon);
        } else {
            mday -= 1;
        }
    } else if day > 0 {
        if mon == 12 && mday == 31 {
            (year, mon, mday) = (year + 1, 1, 1);
        } else if mday == days_in(year, mon) {
            mon += 1;
            mday = 1;
        } else {
            mday += 1;
        }
    }
    let mday = mday & 31;
    let first = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, mon as u32, 1)?;
    first.and_hms_opt(0, 0, 0)?.checked_add_signed(
        Duration::days(mday - 1)
            + Duration::seconds(hour * 3600 + min * 60 + sec)
            + Duration::nanoseconds(nanos),
    )
}

/// Ruby's `Time.utc`/`Time.new` field checks, then its arithmetic: a day
/// past the month's end rolls over, 24:00:00 is the next midnight, second 60
/// the next minute.
fn ruby_time_fields(
    yy: i64,
    mon: i64,
    dd: i64,
    hh: i64,
    mm: i64,
    ss: i64,
    nanos: i64,
) -> Option<NaiveDateTime> {
    if !(1..=12).contains(&mon)
        || !(1..=31).contains(&dd)
        || !(0..=24).contains(&hh)
        || !(0..=59).contains(&mm)
        || !(0..=60).contains(&ss)
        || (hh == 24 && (mm != 0 || ss != 0))
    {
        return None;
    }
    let first = NaiveDate::from_ymd_opt(i32::try_from(yy).ok()?, mon as u32, 1)?;
    let midnight = first.and_hms_opt(0, 0, 0)?;
    midnight.checked_add_signed(
        Duration::days(dd - 1)
            + Duration::seconds(hh * 3600 + mm * 60 + ss)
            + Duration::nanoseconds(nanos),
    )
}

/// Psych's `parse_time` for callers outside YAML (post dates): the time a
/// YAML timestamp string stands for, `None` when it is not one.
pub fn parse_time(s: &str, local: Local<'_>) -> Option<DateTime<FixedOffset>> {
    if !TIME.is_match(s) || s.contains('\n') {
        return None;
    }
    psych_time(s, local).ok().flatten()
}

/// `String#to_i`: a sign, then digits with single underscores between them.
fn ruby_to_i(s: &str) -> Big {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let mut v = Big::zero();
    let b = rest.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            v = v.mul_small(10).add(&Big::from_u64(u64::from(b[i] - b'0')));
        } else if b[i] == b'_'
            && i > 0
            && b[i - 1].is_ascii_digit()
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
        {
        } else {
            break;
        }
        i += 1;
    }
    if neg {
        v.neg()
    } else {
        v
    }
}

/// `String#to_f` of a sexagesimal part: the longest number at its start.
fn ruby_to_f(s: &str) -> f64 {
    let b = s.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    if matches!(b.first(), Some(b'-' | b'+')) {
        out.push(b[0] as char);
        i = 1;
    }
    let digits = |i: &mut usize, out: &mut String| {
        while *i < b.len() {
            if b[*i].is_ascii_digit() {
                out.push(b[*i] as char);
            } else if !(b[*i] == b'_'
                && *i > 0
                && b[*i - 1].is_ascii_digit()
                && b.get(*i + 1).is_some_and(u8::is_ascii_digit))
            {
                break;
            }
            *i += 1;
        }
    };
    digits(&mut i, &mut out);
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        out.push('.');
        i += 1;
        digits(&mut i, &mut out);
    }
    out.parse().unwrap_or(0.0)
}

/// Kernel#Float of a string: decimal (underscores between digits, `.5`
/// but not `5.`), or hexadecimal (`0x1p3`); blanks around are allowed.
pub(super) fn ruby_float_str(s: &str) -> Option<f64> {
    let ws = |c: char| matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r');
    let t = s.trim_matches(ws);
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let v = if let Some(hex) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        hex_float(hex)?
    } else {
        decimal_float(body)?
    };
    Some(if neg { -v } else { v })
}

fn decimal_float(b: &str) -> Option<f64> {
    let b = b.as_bytes();
    let mut i = 0;
    let mut out = String::new();
    // digits with single underscores between them; returns how many digits
    let run = |i: &mut usize, out: &mut String| -> Option<usize> {
        let mut n = 0;
        while *i < b.len() {
            match b[*i] {
                c if c.is_ascii_digit() => {
                    out.push(c as char);
                    n += 1;
                }
                b'_' if n > 0 && b.get(*i + 1).is_some_and(u8::is_ascii_digit) => {}
                b'_' => return None,
                _ => break,
            }
            *i += 1;
        }
        Some(n)
    };
    let int_digits = run(&mut i, &mut out)?;
    if b.get(i) == Some(&b'.') {
        i += 1;
        out.push('.');
        if run(&mut i, &mut out)? == 0 {
            return None;
        }
    } else if int_digits == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        out.push('e');
        if matches!(b.get(i), Some(b'-' | b'+')) {
            out.push(b[i] as char);
            i += 1;
        }
        if run(&mut i, &mut out)? == 0 {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    out.parse().ok()
}

fn hex_float(h: &str) -> Option<f64> {
    let (mant, exp) = match h.find(['p', 'P']) {
        Some(i) => (&h[..i], Some(&h[i + 1..])),
        None => (h, None),
    };
    let (int, frac) = match mant.find('.') {
        Some(i) => (&mant[..i], &mant[i + 1..]),
        None => (mant, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut v = 0f64;
    for c in int.chars() {
        v = v * 16.0 + f64::from(c.to_digit(16)?);
    }
    let mut scale = 1.0 / 16.0;
    for c in frac.chars() {
        v += f64::from(c.to_digit(16)?) * scale;
        scale /= 16.0;
    }
    if let Some(e) = exp {
        let e: i32 = e.parse().ok()?;
        v *= 2f64.powi(e);
    }
    Some(v)
}

/// `Integer(s)` for what Psych's INTEGER pattern lets through (`,` and `_`
/// already removed): prefixes 0b, 0x, 0 (octal); `None` where Ruby raises.
fn ruby_integer(s: &str) -> Option<Big> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, digits) = if let Some(d) = body.strip_prefix("0b") {
        (2, d)
    } else if let Some(d) = body.strip_prefix("0x") {
        (16, d)
    } else if body.len() > 1 && body.starts_with('0') {
        (8, &body[1..])
    } else {
        (10, body)
    };
    if digits.is_empty() {
        return None;
    }
    let mut v = Big::zero();
    for c in digits.chars() {
        v = v
            .mul_small(radix)
            .add(&Big::from_u64(u64::from(c.to_digit(radix)?)));
    }
    Some(if neg { v.neg() } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(_: &NaiveDateTime) -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }

    fn t(s: &str) -> Result<Value, String> {
        tokenize(s, &utc)
    }

    #[test]
    fn patterns_compile() {
        for r in [
            &TIME,
            &DATE,
            &POS_INF,
            &NEG_INF,
            &NAN,
            &SYMBOL,
            &SEXA_INT,
            &SEXA_FLOAT,
            &FLOAT,
            &LONE_DOT,
            &INTEGER,
            &TIME_OF_DAY,
            &DATE_PART,
            &ZONE,
        ] {
            assert!(!r.as_str().is_empty());
        }
    }

    /// Every string of up to 5 characters over the ones that matter.
    #[test]
    fn stringish_equals_the_pattern() {
        let re = regex::Regex::new(
            r"(?m)^[^0-9.:\-]?[\p{Alphabetic}_ \t\n\x0B\x0C\r!@#$%^&*(){}<>|/\\~;=]+",
        )
        .expect("the pattern compiles");
        let alphabet = [
            'a', '1', '.', ':', '-', '\n', ' ', 'é', '_', '+', '\r', '\u{3000}',
        ];
        let all = crate::markdown::test_strings::all_strings(&alphabet, 5);
        for t in &all {
            assert_eq!(stringish(t), re.is_match(t), "{t:?}");
        }
        assert_eq!(all.len(), 271_453); // 1 + 12 + 12² + … + 12⁵
    }

    /// Every string of up to 5 characters over the ones that matter.
    #[test]
    fn any_line_is_equals_the_patterns() {
        let re = |p: &str| regex::Regex::new(p).expect("the pattern compiles");
        let (ytonf, null, yes, no) = (
            re(r"(?mi)^[^ytonf~]"),
            re(r"(?mi)^null$"),
            re(r"(?mi)^(?:yes|true|on)$"),
            re(r"(?mi)^(?:no|false|off)$"),
        );
        let alphabet = ['n', 'U', 'l', 'o', 'F', 'e', 's', 'ſ', 'y', '\n', '~', 'K'];
        let all = crate::markdown::test_strings::all_strings(&alphabet, 5);
        for t in &all {
            assert_eq!(not_ytonf(t), ytonf.is_match(t), "{t:?}");
            assert_eq!(any_line_is(t, &["null"]), null.is_match(t), "{t:?}");
            let is_yes = any_line_is(t, &["yes", "true", "on"]);
            assert_eq!(is_yes, yes.is_match(t), "{t:?}");
            let is_no = any_line_is(t, &["no", "false", "off"]);
            assert_eq!(is_no, no.is_match(t), "{t:?}");
        }
        // "true" and "false" need letters the alphabet lacks: by hand
        for t in [
            "true", "TRUE", "trUe", "a\ntrue", "false", "FALſE", "oN", "OFF", "~",
        ] {
            assert_eq!(
                any_line_is(t, &["yes", "true", "on"]),
                yes.is_match(t),
                "{t:?}"
            );
            assert_eq!(
                any_line_is(t, &["no", "false", "off"]),
                no.is_match(t),
                "{t:?}"
            );
            assert_eq!(not_ytonf(t), ytonf.is_match(t), "{t:?}");
        }
        assert_eq!(all.len(), 271_453);
    }

    /// Each checked with Ruby 3.1 / Psych 4.0.3 `safe_load`.
    #[test]
    fn as_psych() {
        assert!(matches!(t("-1:30"), Ok(Value::Int(-1800))));
        assert!(matches!(t("1:30"), Ok(Value::Int(5400))));
        assert!(matches!(t("n\nno"), Ok(Value::Bool(false))));
        assert!(t(".e+1").is_err());
        assert!(t("0b_").is_err());
        assert!(t(":sym").is_err());
        assert!(t("2024-01-01\t10:00:00").is_err());
        assert_eq!(t("1582-10-10").unwrap().as_str(), Some("1582-10-10"));
        assert_eq!(
            t("99999999999999999999").unwrap().as_str(),
            Some("99999999999999999999")
        );
        match t("2024-01-01 10:00:00 -0:30") {
            Ok(Value::Time(x)) => assert_eq!(x.offset().local_minus_utc(), 1800),
            o => panic!("{o:?}"),
        }
        assert!(matches!(t("0o17"), Ok(Value::Str(_))));
        assert!(matches!(t("017"), Ok(Value::Int(15))));
    }
}

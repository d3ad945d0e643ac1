//! Ruby semantics over `Value`: how Ruby prints values (`to_s`, `inspect`,
//! `Float#to_s`), `==`, `<=>`, sizes and emptiness, number coercion.

use std::cmp::Ordering;
use std::fmt::Write;

use super::value::Value;

/// The longest string a value is written out to or a filter may return
/// (128 MB, past any real page): a YAML alias bomb expands to gigabytes, and `append` doubling
/// a string in a loop as well. The writers below stop past it; the
/// renderer and the filters report it.
pub const MAX_STRING: usize = 128 << 20;

/// The error for a string past [`MAX_STRING`].
pub fn too_long(what: &str) -> String {
    format!(
        "{what} would be longer than {} MB (a YAML alias expanded many times over, or a string doubled in a loop?)",
        MAX_STRING >> 20
    )
}

/// What the filters of one render (its includes too) may make in all, at
/// least (1 GB; a site's host adds 64 times its pages' text): `| escape`
/// or `| inspect` chained thousands of times, or `assign x = x | inspect`
/// in a long loop, lengthens the text at every step, which is cubic work
/// long before any one result reaches [`MAX_STRING`] (Jekyll takes hours
/// on it). Real pages make a few copies of the site's text at most.
pub const MAX_RENDER_TEXT: usize = 8 * MAX_STRING;

/// The error for a render whose filters made more than `budget` bytes.
pub fn render_too_long(budget: usize) -> String {
    format!(
        "the filters of this page made more than {} MB of text in all (a filter that lengthens its input, chained or applied in a loop many times?)",
        budget >> 20
    )
}

/// Ruby's `Float#to_s`: `1.0`, `0.1`, `1.0e+20`, `1.0e-05`, `Infinity`, `NaN`.
pub fn float_to_s(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    // Shortest round-trip digits and exponent.
    let e = format!("{:e}", f);
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = tie_to_even(f, digits, exp);
    let decpt = exp + 1;
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    // Ruby prints 16 integer digits in full only when a fraction follows
    // (`1000000000000003.1`, but `1.0e+15`)
    if decpt > 0 && (decpt < 16 || (decpt == 16 && digits.len() > 16)) {
        let d = decpt as usize;
        if digits.len() <= d {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', d - digits.len()));
            out.push_str(".0");
        } else {
            out.push_str(&digits[..d]);
            out.push('.');
            out.push_str(&digits[d..]);
        }
    } else if decpt <= 0 && decpt > -4 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-decpt) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        out.push('.');
        if digits.len() > 1 {
            out.push_str(&digits[1..]);
        } else {
            out.push('0');
        }
        let x = decpt - 1;
        let _ = write!(out, "e{}{:02}", if x < 0 { '-' } else { '+' }, x.abs());
    }
    out
}

/// Ruby's shortest digits break a tie between two equally near
/// candidates toward the even one (`1000000000000000.25` prints `.2`, where
/// Rust's shortest form gives `.3`): when `f` lies exactly halfway between
/// the candidate one below and `digits`, take the even last digit.
fn tie_to_even(f: f64, digits: String, exp: i32) -> String {
    let n = digits.len();
    // a cheap look first: a tie shows `5000` after the shortest digits
    let near = format!("{:.*e}", n + 3, f.abs());
    let nd: Vec<u8> = near
        .bytes()
        .take_while(|&c| c != b'e')
        .filter(u8::is_ascii_digit)
        .collect();
    if nd.get(n..) != Some(b"5000") {
        return digits;
    }
    // `f`'s exact decimal expansion (a double has at most 767 significant digits)
    let exact = format!("{:.800e}", f.abs());
    let (m, e) = exact.split_once('e').unwrap_or((&exact, "0"));
    if e.parse::<i32>().ok() != Some(exp) {
        return digits;
    }
    let md: Vec<u8> = m.bytes().filter(u8::is_ascii_digit).collect();
    let tie = md.get(n) == Some(&b'5') && md[n + 1..].iter().all(|&c| c == b'0');
    if !tie || md[..n] == *digits.as_bytes() {
        return digits;
    }
    // `digits` is the candidate above; the one below is `md[..n]`
    match md.get(n - 1) {
        Some(d) if d % 2 == 0 => String::from_utf8(md[..n].to_vec()).unwrap_or(digits),
        _ => digits,
    }
}

/// Append what Ruby's `to_s` (as Liquid outputs it) prints for `v`.
pub fn write_to_s(v: &Value, out: &mut String) {
    match v {
        Value::Nil => {}
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => out.push_str(&float_to_s(*f)),
        Value::Str(s) => out.push_str(s),
        Value::Array(a) => {
            for x in a.iter() {
                if out.len() > MAX_STRING {
                    return;
                }
                write_to_s(x, out);
            }
        }
        Value::Hash(_) => write_inspect(v, out),
        Value::Time(t) => {
            let _ = write!(out, "{}", t.format("%Y-%m-%d %H:%M:%S %z"));
        }
        Value::Date(d) => {
            let _ = write!(out, "{}", d.format("%Y-%m-%d"));
        }
        Value::Range(a, b) => {
            let _ = write!(out, "{a}..{b}");
        }
        Value::Object(o) => match o.to_liquid_string() {
            Some(s) => out.push_str(&s),
            None => write_inspect(v, out),
        },
    }
}

/// Ruby's `Object#to_s`, as filters see their input: arrays and hashes
/// print as `inspect` (Liquid's output joins arrays instead).
pub fn obj_to_s(v: &Value) -> String {
    match v {
        Value::Array(_) => inspect(v),
        _ => to_s(v),
    }
}

pub fn to_s(v: &Value) -> String {
    let mut s = String::new();
    write_to_s(v, &mut s);
    s
}

/// Ruby's `String#inspect`.
pub fn inspect_str(s: &str, out: &mut String) {
    out.push('"');
    out.reserve(s.len() + 1);
    let mut rest = s;
    loop {
        // printable ASCII but `"`, `\` and `#`: copied as a run
        let plain = rest
            .bytes()
            .take_while(|&b| (b' '..=b'~').contains(&b) && !matches!(b, b'"' | b'\\' | b'#'))
            .count();
        out.push_str(&rest[..plain]);
        rest = &rest[plain..];
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { break };
        let after = chars.as_str();
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\x1b' => out.push_str("\\e"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0b' => out.push_str("\\v"),
            '\x0c' => out.push_str("\\f"),
            // `#{`, `#$` and `#@` would interpolate
            '#' if matches!(after.as_bytes().first(), Some(b'{' | b'$' | b'@')) => {
                out.push_str("\\#")
            }
            c if super::rstring::inspect_escapes(c) => {
                let u = c as u32;
                let _ = if u < 0x10000 {
                    write!(out, "\\u{u:04X}")
                } else {
                    write!(out, "\\u{{{u:X}}}")
                };
            }
            c => out.push(c),
        }
        rest = after;
    }
    out.push('"');
}

/// Ruby's `inspect` (3.1: `{"a"=>1}`).
pub fn write_inspect(v: &Value, out: &mut String) {
    match v {
        Value::Nil => out.push_str("nil"),
        Value::Str(s) => inspect_str(s, out),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if out.len() > MAX_STRING {
                    return;
                }
                if i > 0 {
                    out.push_str(", ");
                }
                write_inspect(x, out);
            }
            out.push(']');
        }
        Value::Hash(h) => {
            out.push('{');
            for (i, (k, x)) in h.iter().enumerate() {
                if out.len() > MAX_STRING {
                    return;
                }
                if i > 0 {
                    out.push_str(", ");
                }
                inspect_str(k, out);
                out.push_str("=>");
                write_inspect(x, out);
            }
            out.push('}');
        }
        Value::Object(o) => {
            out.push('{');
            for (i, k) in o.keys().iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                inspect_str(k, out);
                out.push_str("=>");
                write_inspect(&o.get(k).unwrap_or_default(), out);
            }
            out.push('}');
        }
        Value::Date(d) => {
            // the Julian day number, and the Gregorian reform's (ITALY)
            let jd = chrono::Datelike::num_days_from_ce(d) as i64 + 1_721_425;
            let _ = write!(
                out,
                "#<Date: {} (({jd}j,0s,0n),+0s,2299161j)>",
                d.format("%Y-%m-%d")
            );
        }
        Value::Time(t) => {
            // `Time#inspect`: the fraction of a second when there is one
            let _ = write!(out, "{}", t.format("%Y-%m-%d %H:%M:%S"));
            let ns = chrono::Timelike::nanosecond(t) % 1_000_000_000;
            if ns > 0 {
                let f = format!("{ns:09}");
                let _ = write!(out, ".{}", f.trim_end_matches('0'));
            }
            let _ = write!(out, " {}", t.format("%z"));
        }
        _ => write_to_s(v, out),
    }
}

pub fn inspect(v: &Value) -> String {
    let mut s = String::new();
    write_inspect(v, &mut s);
    s
}

/// Ruby `==` between Liquid values.
pub fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => (*x as f64) == *y,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| equal(p, q))
        }
        (Value::Hash(x), Value::Hash(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w)))
        }
        (Value::Time(x), Value::Time(y)) => x == y,
        (Value::Date(x), Value::Date(y)) => x == y,
        (Value::Range(a1, b1), Value::Range(a2, b2)) => a1 == a2 && b1 == b2,
        (Value::Object(x), Value::Object(y)) => std::sync::Arc::ptr_eq(x, y),
        _ => false,
    }
}

/// Ruby `<=>`: `None` when the types don't compare.
pub fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Int(x), Value::Float(y)) => (*x as f64).partial_cmp(y),
        (Value::Float(x), Value::Int(y)) => x.partial_cmp(&(*y as f64)),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y),
        (Value::Str(x), Value::Str(y)) => Some(x.as_bytes().cmp(y.as_bytes())),
        (Value::Time(x), Value::Time(y)) => Some(x.cmp(y)),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::Array(x), Value::Array(y)) => {
            for (p, q) in x.iter().zip(y.iter()) {
                match compare(p, q)? {
                    Ordering::Equal => {}
                    o => return Some(o),
                }
            }
            Some(x.len().cmp(&y.len()))
        }
        (Value::Nil, Value::Nil) => Some(Ordering::Equal),
        (Value::Bool(x), Value::Bool(y)) if x == y => Some(Ordering::Equal),
        _ => None,
    }
}

/// Ruby's class name, for error messages.
pub fn class_name(v: &Value) -> &'static str {
    match v {
        Value::Nil => "NilClass",
        Value::Bool(true) => "TrueClass",
        Value::Bool(false) => "FalseClass",
        Value::Int(_) => "Integer",
        Value::Float(_) => "Float",
        Value::Str(_) => "String",
        Value::Array(_) => "Array",
        Value::Hash(_) => "Hash",
        Value::Time(_) => "Time",
        Value::Date(_) => "Date",
        Value::Range(..) => "Range",
        Value::Object(_) => "Drop",
    }
}

/// How Ruby's "comparison of X with Y failed" names the right side.
pub fn comparison_error(a: &Value, b: &Value) -> String {
    let rhs = match b {
        Value::Nil | Value::Bool(_) | Value::Int(_) | Value::Float(_) => inspect(b),
        _ => class_name(b).to_string(),
    };
    format!("comparison of {} with {} failed", class_name(a), rhs)
}

/// `size` as Liquid's `size` filter / `.size` sees it.
pub fn size(v: &Value) -> Option<i64> {
    match v {
        Value::Str(s) => Some(s.chars().count() as i64),
        Value::Array(a) => Some(a.len() as i64),
        Value::Hash(h) => Some(h.len() as i64),
        Value::Range(a, b) => Some(if b >= a {
            b.saturating_sub(*a).saturating_add(1)
        } else {
            0
        }),
        Value::Int(_) => Some(8),
        Value::Object(o) => Some(o.keys().len() as i64),
        _ => None,
    }
}

/// Ruby's `empty?` where it exists.
pub fn is_empty(v: &Value) -> Option<bool> {
    match v {
        Value::Str(s) => Some(s.is_empty()),
        Value::Array(a) => Some(a.is_empty()),
        Value::Hash(h) => Some(h.is_empty()),
        _ => None,
    }
}

/// A number as `Utils.to_number` makes it.
#[derive(Debug, Clone, Copy)]
pub enum Num {
    I(i64),
    F(f64),
}

impl Num {
    pub fn f(self) -> f64 {
        match self {
            Num::I(i) => i as f64,
            Num::F(f) => f,
        }
    }
    pub fn value(self) -> Value {
        match self {
            Num::I(i) => Value::Int(i),
            Num::F(f) => Value::Float(f),
        }
    }
}

fn is_decimal(s: &str) -> bool {
    let d = s.strip_prefix('-').unwrap_or(s);
    match d.split_once('.') {
        Some((a, b)) => {
            !a.is_empty()
                && !b.is_empty()
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// `Liquid::Utils.to_number`.
pub fn to_number(v: &Value) -> Num {
    match v {
        Value::Int(i) => Num::I(*i),
        Value::Float(f) => Num::F(*f),
        Value::Str(s) => {
            let t = s.trim();
            if is_decimal(t) {
                Num::F(t.parse().unwrap_or(0.0))
            } else {
                Num::I(super::expr::ruby_to_i(s))
            }
        }
        _ => Num::I(0),
    }
}

/// `Liquid::Utils.to_integer`: `Integer(x.to_s)`; `None` = "invalid integer".
pub fn to_integer(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Float(f) => super::rstring::ruby_integer(&float_to_s(*f)),
        _ => super::rstring::ruby_integer(&to_s(v)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_ruby() {
        assert_eq!(float_to_s(1.0), "1.0");
        assert_eq!(float_to_s(1e20), "1.0e+20");
        assert_eq!(float_to_s(1e16), "1.0e+16");
        assert_eq!(float_to_s(1e15), "1.0e+15");
        assert_eq!(float_to_s(1e14), "100000000000000.0");
        assert_eq!(float_to_s(1000000000000003.1), "1000000000000003.1");
        assert_eq!(float_to_s(1.5e15), "1.5e+15");
        assert_eq!(float_to_s(1e15 + 0.25), "1000000000000000.2");
        assert_eq!(float_to_s(0.0001), "0.0001");
        assert_eq!(float_to_s(0.00001), "1.0e-05");
        assert_eq!(float_to_s(-2.5), "-2.5");
        assert_eq!(float_to_s(123.456), "123.456");
    }
}

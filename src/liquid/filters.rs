//! Liquid 5.4's standard filters with Ruby's exact output, and the filter
//! dispatch (Jekyll's filters, in `filters_jekyll`, take precedence as
//! Jekyll registers them last).

use std::borrow::Cow;
use std::cmp::Ordering;

use super::date;
use super::filters_jekyll;
use super::lookup::{lookup_index, NIL};
use super::render::Renderer;
use super::ruby::{self, float_to_s, obj_to_s, to_number, Num};
use super::text::*;
use super::value::Value;

pub type FResult = Result<Value, String>;

pub fn arity(given: usize, min: usize, max: usize) -> Result<(), String> {
    if given < min || given > max {
        let exp = if min == max {
            format!("{min}")
        } else {
            format!("{min}..{max}")
        };
        return Err(format!(
            "wrong number of arguments (given {given}, expected {exp})"
        ));
    }
    Ok(())
}

/// Liquid's `InputIterator`: arrays flattened, a hash as one item, nil empty.
pub fn input_iter(v: &Value) -> Cow<'_, [Value]> {
    fn flatten(a: &[Value], out: &mut Vec<Value>) {
        for x in a {
            match x {
                Value::Array(inner) => flatten(inner, out),
                _ => out.push(x.clone()),
            }
        }
    }
    match v {
        Value::Array(a) => {
            if a.iter().any(|x| matches!(x, Value::Array(_))) {
                let mut out = Vec::new();
                flatten(a, &mut out);
                Cow::Owned(out)
            } else {
                Cow::Borrowed(&a[..])
            }
        }
        Value::Nil => Cow::Owned(Vec::new()),
        Value::Range(a, b) => Cow::Owned((*a..=*b).take(1_000_000).map(Value::Int).collect()),
        _ => Cow::Owned(vec![v.clone()]),
    }
}

/// Ruby's `item[property]` as Liquid's array filters call it:
/// `Ok(None)` when the item has no `[]` (nil, booleans, floats, times),
/// `Err` for Ruby's TypeError ("cannot select the property").
fn item_index(item: &Value, prop: &Value) -> Result<Option<Value>, String> {
    let type_error = || Err(format!("cannot select the property '{}'", obj_to_s(prop)));
    Ok(Some(match (item, prop) {
        (Value::Hash(_) | Value::Object(_), _) => lookup_index(item, prop),
        (Value::Str(s), Value::Str(p)) => {
            if s.contains(&**p) {
                prop.clone()
            } else {
                Value::Nil
            }
        }
        (Value::Str(s), Value::Int(i)) => {
            let n = s.chars().count() as i64;
            let k = if *i < 0 { n + i } else { *i };
            if k < 0 || k >= n {
                Value::Nil
            } else {
                Value::from(
                    s.chars()
                        .nth(k as usize)
                        .map(String::from)
                        .unwrap_or_default(),
                )
            }
        }
        (Value::Array(_), Value::Int(_)) => lookup_index(item, prop),
        (Value::Int(v), Value::Int(b)) => Value::Int(if (0..64).contains(b) {
            (v >> b) & 1
        } else {
            i64::from(*v < 0)
        }),
        (Value::Str(_) | Value::Array(_) | Value::Int(_), _) => return type_error(),
        (Value::Range(..), _) => return type_error(),
        _ => return Ok(None),
    }))
}

fn property_of(item: &Value, prop: &Value) -> Result<Value, String> {
    Ok(item_index(item, prop)?.unwrap_or(Value::Nil))
}

fn num_result(n: Num) -> Value {
    n.value()
}

fn apply_op(a: &Value, b: &Value, op: char) -> FResult {
    let (x, y) = (to_number(a), to_number(b));
    Ok(match (x, y) {
        (Num::I(p), Num::I(q)) => {
            // i128 so that nothing overflows; beyond i64 (a Ruby Bignum) the
            // result becomes a Float.
            let (p, q) = (p as i128, q as i128);
            let r = match op {
                '+' => p + q,
                '-' => p - q,
                '*' => p * q,
                _ if q == 0 => return Err("divided by 0".into()),
                '/' => {
                    let (d, m) = (p / q, p % q);
                    if m != 0 && ((m < 0) != (q < 0)) {
                        d - 1
                    } else {
                        d
                    }
                }
                _ => {
                    let m = p % q;
                    if m != 0 && ((m < 0) != (q < 0)) {
                        m + q
                    } else {
                        m
                    }
                }
            };
            i64::try_from(r)
                .map(Value::Int)
                .unwrap_or(Value::Float(r as f64))
        }
        _ => {
            let (p, q) = (x.f(), y.f());
            match op {
                '+' | '-' | '*' => Value::Float(decimal_op(x, y, op).unwrap_or(match op {
                    '+' => p + q,
                    '-' => p - q,
                    _ => p * q,
                })),
                // BigDecimal in Ruby Liquid: exact quotient to ~20 digits, then to_f;
                // a zero divisor gives Infinity/NaN.
                '/' => Value::Float(if q == 0.0 {
                    p / q
                } else {
                    decimal_div(x, y).unwrap_or(p / q)
                }),
                _ => {
                    if q == 0.0 {
                        return Err("divided by 0".into());
                    }
                    let r = p % q;
                    Value::Float(if r != 0.0 && ((r < 0.0) != (q < 0.0)) {
                        r + q
                    } else {
                        r
                    })
                }
            }
        }
    })
}

/// A number as BigDecimal holds it: `m / 10^scale` (a Float through its `to_s`).
fn decimal(n: Num) -> Option<(i128, u32)> {
    match n {
        Num::I(i) => Some((i as i128, 0)),
        Num::F(f) => {
            let s = float_to_s(f);
            if s.contains('e') || !f.is_finite() {
                return None;
            }
            let (ip, fp) = s.split_once('.')?;
            let scale = fp.len() as u32;
            let m: i128 = format!("{ip}{fp}").parse().ok()?;
            Some((m, scale))
        }
    }
}

/// Liquid 5.4 computes with BigDecimal when a Float is involved: `1.1 + 2.2` is `3.3`.
fn decimal_op(x: Num, y: Num, op: char) -> Option<f64> {
    let (a, sa) = decimal(x)?;
    let (b, sb) = decimal(y)?;
    let (m, scale) = match op {
        '*' => (a.checked_mul(b)?, sa + sb),
        _ => {
            let s = sa.max(sb);
            let a = a.checked_mul(10i128.checked_pow(s - sa)?)?;
            let b = b.checked_mul(10i128.checked_pow(s - sb)?)?;
            (
                if op == '+' {
                    a.checked_add(b)?
                } else {
                    a.checked_sub(b)?
                },
                s,
            )
        }
    };
    if m == 0 && op == '*' && (x.f().is_sign_negative() != y.f().is_sign_negative()) {
        return Some(-0.0);
    }
    decimal_to_f64(m, scale)
}

/// `a / b` as BigDecimal computes it before `to_f`.
fn decimal_div(x: Num, y: Num) -> Option<f64> {
    let (a, sa) = decimal(x)?;
    let (b, sb) = decimal(y)?;
    if b == 0 {
        return None;
    }
    let k = 20u32;
    let q = a.checked_mul(10i128.checked_pow(k)?)? / b;
    let scale = k as i64 + sa as i64 - sb as i64;
    if scale < 0 {
        return None;
    }
    if q == 0 && (x.f().is_sign_negative() != y.f().is_sign_negative()) {
        return Some(-0.0);
    }
    decimal_to_f64(q, scale as u32)
}

/// `m / 10^scale` rounded to the nearest f64.
fn decimal_to_f64(m: i128, scale: u32) -> Option<f64> {
    let neg = m < 0;
    let digits = m.unsigned_abs().to_string();
    let scale = scale as usize;
    let text = if scale == 0 {
        digits
    } else if digits.len() > scale {
        format!(
            "{}.{}",
            &digits[..digits.len() - scale],
            &digits[digits.len() - scale..]
        )
    } else {
        format!("0.{}{}", "0".repeat(scale - digits.len()), digits)
    };
    let v: f64 = text.parse().ok()?;
    Some(if neg { -v } else { v })
}

fn round_half_away(x: f64, digits: i32) -> f64 {
    if digits >= 0 {
        let s = format!("{:.*}", digits as usize, x);
        // BigDecimal rounds half up (away from zero) on the decimal value
        let m = 10f64.powi(digits);
        let r = (x * m).round() / m;
        let p: f64 = s.parse().unwrap_or(r);
        let exact = bigdec_round(x, digits);
        exact.unwrap_or(if (p - r).abs() > 0.0 { r } else { p })
    } else {
        let m = 10f64.powi(-digits);
        (x / m).round() * m
    }
}

/// Round the shortest decimal representation of `x` half away from zero.
fn bigdec_round(x: f64, digits: i32) -> Option<f64> {
    let s = float_to_s(x.abs());
    if s.contains('e') {
        return None;
    }
    let (ip, fp) = s.split_once('.')?;
    let d = digits as usize;
    if fp.len() <= d {
        return Some(x);
    }
    let keep = format!("{ip}{}", &fp[..d]);
    let next = fp.as_bytes()[d];
    let mut n: i128 = keep.parse().ok()?;
    if next >= b'5' {
        n += 1;
    }
    let v = n as f64 / 10f64.powi(digits);
    Some(if x < 0.0 { -v } else { v })
}

fn domain_error(f: f64) -> String {
    if f.is_nan() {
        "Computation results in 'NaN' (Not a Number)".into()
    } else {
        format!("Computation results in '{}'", float_to_s(f))
    }
}

fn sort_values(items: &mut [Value]) -> Result<(), String> {
    let mut err = false;
    items.sort_by(|a, b| match ruby::compare(a, b) {
        Some(o) => o,
        None if a.is_nil() => Ordering::Greater,
        None if b.is_nil() => Ordering::Less,
        None => {
            err = true;
            Ordering::Equal
        }
    });
    if err {
        Err("cannot sort values of incompatible types".into())
    } else {
        Ok(())
    }
}

fn casecmp(a: &Value, b: &Value) -> Ordering {
    match (a.is_nil(), b.is_nil()) {
        (false, false) => obj_to_s(a)
            .to_ascii_lowercase()
            .as_bytes()
            .cmp(obj_to_s(b).to_ascii_lowercase().as_bytes()),
        (true, _) => Ordering::Greater,
        (false, true) => Ordering::Less,
    }
}

fn to_int_arg(v: &Value) -> Result<i64, String> {
    ruby::to_integer(v).ok_or_else(|| "invalid integer".to_string())
}

pub fn apply(
    r: &mut Renderer<'_>,
    name: &str,
    jekyll: bool,
    input: Value,
    args: &[Value],
    kwargs: &[(&str, Value)],
) -> FResult {
    if jekyll && r.host.jekyll_filters() {
        if let Some(v) = filters_jekyll::apply(r, name, &input, args, kwargs)? {
            return Ok(v);
        }
    }
    let n = args.len() + usize::from(!kwargs.is_empty()) + 1;
    let a0: &Value = args.first().unwrap_or(&NIL);
    let a1: &Value = args.get(1).unwrap_or(&NIL);
    let s = || -> Cow<'_, str> {
        match &input {
            Value::Str(x) => Cow::Borrowed(&**x),
            v => Cow::Owned(obj_to_s(v)),
        }
    };
    if n > 1
        && matches!(
            name,
            "downcase"
                | "upcase"
                | "capitalize"
                | "escape"
                | "h"
                | "escape_once"
                | "url_encode"
                | "url_decode"
                | "strip"
                | "lstrip"
                | "rstrip"
                | "strip_html"
                | "strip_newlines"
                | "newline_to_br"
                | "first"
                | "last"
                | "abs"
                | "ceil"
                | "floor"
                | "reverse"
                | "base64_encode"
                | "base64_decode"
                | "base64_url_safe_encode"
                | "base64_url_safe_decode"
        )
    {
        arity(n, 1, 1)?;
    }
    Ok(match name {
        "size" => {
            arity(n, 1, 1)?;
            Value::Int(ruby::size(&input).unwrap_or(0))
        }
        "downcase" => Value::from(s().to_lowercase()),
        "upcase" => Value::from(s().to_uppercase()),
        "capitalize" => Value::from(ruby_capitalize(&s())),
        "escape" | "h" => {
            if let Value::Str(st) = &input {
                if !st
                    .bytes()
                    .any(|c| matches!(c, b'&' | b'<' | b'>' | b'"' | b'\''))
                {
                    return Ok(input.clone());
                }
            }
            if input.is_nil() {
                Value::Nil
            } else {
                Value::from(html_escape(&s()))
            }
        }
        "escape_once" => Value::from(escape_once(&s())),
        "url_encode" => {
            if input.is_nil() {
                Value::Nil
            } else {
                Value::from(cgi_escape(&s()))
            }
        }
        "url_decode" => {
            if input.is_nil() {
                Value::Nil
            } else {
                Value::from(cgi_unescape(&s())?)
            }
        }
        "base64_encode" | "base64_url_safe_encode" => {
            let alpha = if name == "base64_encode" { STD } else { URL };
            Value::from(b64_encode(s().as_bytes(), alpha))
        }
        "base64_decode" | "base64_url_safe_decode" => {
            let url = name != "base64_decode";
            let bytes = b64_decode(&s(), url)
                .ok_or_else(|| format!("invalid base64 provided to {name}"))?;
            Value::from(String::from_utf8_lossy(&bytes).into_owned())
        }
        "slice" => {
            arity(n, 2, 3)?;
            let off = to_int_arg(a0)?;
            let len = if args.len() > 1 { to_int_arg(a1)? } else { 1 };
            match &input {
                Value::Array(a) => {
                    let l = a.len() as i64;
                    let st = if off < 0 { l.saturating_add(off) } else { off };
                    if st < 0 || st > l || len < 0 {
                        Value::array(vec![])
                    } else {
                        Value::array(
                            a.iter()
                                .skip(st as usize)
                                .take(len as usize)
                                .cloned()
                                .collect(),
                        )
                    }
                }
                _ => Value::from(char_slice(&s(), off, len).unwrap_or_default()),
            }
        }
        "truncate" => {
            arity(n, 1, 3)?;
            if input.is_nil() {
                return Ok(Value::Nil);
            }
            let st = s();
            let length = if args.is_empty() { 50 } else { to_int_arg(a0)? };
            let ell = if args.len() > 1 {
                obj_to_s(a1)
            } else {
                "...".into()
            };
            let l = length.saturating_sub(ell.chars().count() as i64).max(0) as usize;
            if st.chars().count() as i64 > length {
                let mut o: String = st.chars().take(l).collect();
                o.push_str(&ell);
                Value::from(o)
            } else {
                Value::from(st)
            }
        }
        "truncatewords" => {
            arity(n, 1, 3)?;
            if input.is_nil() {
                return Ok(Value::Nil);
            }
            let st = s();
            let mut words = if args.is_empty() { 15 } else { to_int_arg(a0)? };
            if words <= 0 {
                words = 1;
            }
            let ell: Cow<'_, str> = if args.len() > 1 {
                Cow::Owned(obj_to_s(a1))
            } else {
                Cow::Borrowed("...")
            };
            // the first `words` words, and whether any follow
            let mut o = String::with_capacity(st.len() + ell.len());
            let mut more = false;
            for (count, w) in ruby_words(&st).enumerate() {
                if count as i64 == words {
                    more = true;
                    break;
                }
                if count > 0 {
                    o.push(' ');
                }
                o.push_str(w);
            }
            if !more {
                match &input {
                    Value::Str(_) => input.clone(),
                    _ => Value::from(st),
                }
            } else {
                o.push_str(&ell);
                Value::from(o)
            }
        }
        "split" => {
            arity(n, 2, 2)?;
            Value::array(ruby_split(&s(), &obj_to_s(a0)))
        }
        "strip" => Value::from(s().trim_matches(is_ruby_space).to_string()),
        "lstrip" => Value::from(s().trim_start_matches(is_ruby_space).to_string()),
        "rstrip" => Value::from(s().trim_end_matches(is_ruby_space).to_string()),
        "strip_html" => match &input {
            Value::Str(st) if !st.contains('<') => input.clone(),
            _ => Value::from(strip_html(&s())),
        },
        "strip_newlines" => Value::from(s().replace("\r\n", "").replace('\n', "")),
        "newline_to_br" => Value::from(s().replace("\r\n", "\n").replace('\n', "<br />\n")),
        "join" => {
            arity(n, 1, 2)?;
            let glue = if args.is_empty() {
                " ".to_string()
            } else {
                obj_to_s(a0)
            };
            let items = input_iter(&input);
            let mut o = String::new();
            for (i, x) in items.iter().enumerate() {
                if o.len() > ruby::MAX_STRING {
                    return Err(ruby::too_long("join's result"));
                }
                if i > 0 {
                    o.push_str(&glue);
                }
                ruby::write_to_s(x, &mut o);
            }
            Value::from(o)
        }
        "sort" => {
            arity(n, 1, 2)?;
            let mut items = input_iter(&input).into_owned();
            if items.is_empty() {
                return Ok(Value::array(vec![]));
            }
            if args.is_empty() || a0.is_nil() {
                sort_values(&mut items)?;
            } else {
                let mut keyed = Vec::new();
                for it in items.iter() {
                    keyed.push((property_of(it, a0)?, it.clone()));
                }
                let mut err = false;
                keyed.sort_by(|(a, _), (b, _)| match ruby::compare(a, b) {
                    Some(o) => o,
                    None if a.is_nil() => Ordering::Greater,
                    None if b.is_nil() => Ordering::Less,
                    None => {
                        err = true;
                        Ordering::Equal
                    }
                });
                if err {
                    return Err("cannot sort values of incompatible types".into());
                }
                items = keyed.into_iter().map(|(_, v)| v).collect();
            }
            Value::array(items)
        }
        "sort_natural" => {
            arity(n, 1, 2)?;
            let mut items = input_iter(&input).into_owned();
            if items.is_empty() {
                return Ok(Value::array(vec![]));
            }
            if args.is_empty() || a0.is_nil() {
                items.sort_by(casecmp);
            } else {
                let mut keyed = Vec::new();
                for it in items.iter() {
                    keyed.push((property_of(it, a0)?, it.clone()));
                }
                keyed.sort_by(|(a, _), (b, _)| casecmp(a, b));
                items = keyed.into_iter().map(|(_, v)| v).collect();
            }
            Value::array(items)
        }
        "where" => {
            arity(n, 2, 3)?;
            let items = input_iter(&input);
            let mut out = Vec::new();
            for it in items.iter() {
                let Some(p) = item_index(it, a0)? else {
                    return Ok(Value::Nil);
                };
                let keep = if args.len() < 2 || a1.is_nil() {
                    p.is_truthy()
                } else {
                    ruby::equal(&p, a1)
                };
                if keep {
                    out.push(it.clone());
                }
            }
            Value::array(out)
        }
        "uniq" => {
            arity(n, 1, 2)?;
            let items = input_iter(&input);
            let mut out: Vec<Value> = Vec::new();
            let mut seen: Vec<Value> = Vec::new();
            for it in items.iter() {
                let key = if args.is_empty() || a0.is_nil() {
                    it.clone()
                } else {
                    match item_index(it, a0)? {
                        Some(v) => v,
                        None => return Ok(Value::Nil),
                    }
                };
                if !seen
                    .iter()
                    .any(|k| ruby::equal(k, &key) && ruby::class_name(k) == ruby::class_name(&key))
                {
                    seen.push(key);
                    out.push(it.clone());
                }
            }
            Value::array(out)
        }
        "reverse" => {
            let mut items = input_iter(&input).into_owned();
            items.reverse();
            Value::array(items)
        }
        "map" => {
            arity(n, 2, 2)?;
            let items = input_iter(&input);
            let mut out = Vec::new();
            for it in items.iter() {
                out.push(if obj_to_s(a0) == "to_liquid" {
                    it.clone()
                } else {
                    item_index(it, a0)?.unwrap_or(Value::Nil)
                });
            }
            Value::array(out)
        }
        "compact" => {
            arity(n, 1, 2)?;
            let items = input_iter(&input);
            let mut out = Vec::new();
            for it in items.iter() {
                let key = if args.is_empty() || a0.is_nil() {
                    it.clone()
                } else {
                    match item_index(it, a0)? {
                        Some(v) => v,
                        None => return Ok(Value::Nil),
                    }
                };
                if !key.is_nil() {
                    out.push(it.clone());
                }
            }
            Value::array(out)
        }
        "replace" => {
            arity(n, 2, 3)?;
            Value::from(ruby_sub(&s(), &obj_to_s(a0), &obj_to_s(a1), true))
        }
        "replace_first" => {
            arity(n, 2, 3)?;
            Value::from(ruby_sub(&s(), &obj_to_s(a0), &obj_to_s(a1), false))
        }
        "replace_last" => {
            arity(n, 3, 3)?;
            let st = s();
            let pat = obj_to_s(a0);
            match st.rfind(&pat) {
                Some(p) => Value::from(format!(
                    "{}{}{}",
                    &st[..p],
                    obj_to_s(a1),
                    &st[p + pat.len()..]
                )),
                None => Value::from(st),
            }
        }
        "remove" => {
            arity(n, 2, 2)?;
            Value::from(s().replace(&obj_to_s(a0), ""))
        }
        "remove_first" => {
            arity(n, 2, 2)?;
            Value::from(s().replacen(&obj_to_s(a0), "", 1))
        }
        "remove_last" => {
            arity(n, 2, 2)?;
            let st = s();
            let pat = obj_to_s(a0);
            match st.rfind(&pat) {
                Some(p) => Value::from(format!("{}{}", &st[..p], &st[p + pat.len()..])),
                None => Value::from(st),
            }
        }
        "append" | "prepend" => {
            arity(n, 2, 2)?;
            // strings borrowed, not copied, and the result refused before
            // it is built: a string doubled in a loop reaches the limit fast
            fn text(v: &Value) -> Cow<'_, str> {
                match v {
                    Value::Str(x) => Cow::Borrowed(&**x),
                    v => Cow::Owned(obj_to_s(v)),
                }
            }
            let (a, b) = if name == "append" {
                (s(), text(a0))
            } else {
                (text(a0), text(&input))
            };
            if a.len() + b.len() > ruby::MAX_STRING {
                return Err(ruby::too_long(&format!("{name}'s result")));
            }
            let mut o = String::with_capacity(a.len() + b.len());
            o.push_str(&a);
            o.push_str(&b);
            Value::from(o)
        }
        "concat" => {
            arity(n, 2, 2)?;
            let Value::Array(b) = a0 else {
                return Err("concat filter requires an array argument".into());
            };
            let mut items = input_iter(&input).into_owned();
            items.extend(b.iter().cloned());
            Value::array(items)
        }
        "date" => {
            arity(n, 2, 2)?;
            let fmt: Cow<'_, str> = match a0 {
                Value::Str(f) => Cow::Borrowed(&**f),
                v => Cow::Owned(obj_to_s(v)),
            };
            if fmt.is_empty() {
                return Ok(input);
            }
            match date::to_time(&input, || r.host.now(), &|u| r.host.local_offset(u)) {
                Some(t) => Value::from(date::strftime(&t, &fmt)),
                None => input,
            }
        }
        "first" => match &input {
            Value::Array(a) => a.first().cloned().unwrap_or(Value::Nil),
            Value::Hash(h) => h
                .first()
                .map(|(k, v)| Value::array(vec![Value::str(k), v.clone()]))
                .unwrap_or(Value::Nil),
            Value::Range(a, b) => {
                if b >= a {
                    Value::Int(*a)
                } else {
                    Value::Nil
                }
            }
            _ => Value::Nil,
        },
        "last" => match &input {
            Value::Array(a) => a.last().cloned().unwrap_or(Value::Nil),
            Value::Range(_, b) => Value::Int(*b),
            _ => Value::Nil,
        },
        "abs" => match to_number(&input) {
            Num::I(i) => Value::Int(i.wrapping_abs()),
            Num::F(f) => Value::Float(f.abs()),
        },
        "plus" => {
            arity(n, 2, 2)?;
            apply_op(&input, a0, '+')?
        }
        "minus" => {
            arity(n, 2, 2)?;
            apply_op(&input, a0, '-')?
        }
        "times" => {
            arity(n, 2, 2)?;
            apply_op(&input, a0, '*')?
        }
        "divided_by" => {
            arity(n, 2, 2)?;
            apply_op(&input, a0, '/')?
        }
        "modulo" => {
            arity(n, 2, 2)?;
            apply_op(&input, a0, '%')?
        }
        "round" => {
            arity(n, 1, 2)?;
            let digits = if args.is_empty() {
                Num::I(0)
            } else {
                to_number(a0)
            };
            let d = match digits {
                Num::I(i) => i,
                Num::F(f) => f as i64,
            } as i32;
            match to_number(&input) {
                Num::I(i) => {
                    if d >= 0 {
                        Value::Int(i)
                    } else {
                        let m = 10i64.saturating_pow((-d) as u32);
                        let q = (i as f64 / m as f64).round() as i64 * m;
                        Value::Int(q)
                    }
                }
                Num::F(f) => {
                    if f.is_nan() || f.is_infinite() {
                        return Err(if f.is_nan() {
                            "NaN".into()
                        } else {
                            "Infinity".into()
                        });
                    }
                    let v = round_half_away(f, d);
                    let zero_arg = args.is_empty() || matches!(a0, Value::Int(0));
                    if zero_arg {
                        Value::Int(v as i64)
                    } else {
                        Value::Float(v)
                    }
                }
            }
        }
        "ceil" => match to_number(&input) {
            Num::I(i) => Value::Int(i),
            Num::F(f) => {
                if !f.is_finite() {
                    return Err(domain_error(f));
                }
                Value::Int(f.ceil() as i64)
            }
        },
        "floor" => match to_number(&input) {
            Num::I(i) => Value::Int(i),
            Num::F(f) => {
                if !f.is_finite() {
                    return Err(domain_error(f));
                }
                Value::Int(f.floor() as i64)
            }
        },
        "at_least" | "at_most" => {
            arity(n, 2, 2)?;
            let (x, y) = (to_number(&input), to_number(a0));
            let pick_y = if name == "at_least" {
                y.f() > x.f()
            } else {
                y.f() < x.f()
            };
            num_result(if pick_y { y } else { x })
        }
        "default" => {
            arity(n, 1, 3)?;
            let allow_false = kwargs
                .iter()
                .any(|(k, v)| *k == "allow_false" && v.is_truthy());
            let falsy = if allow_false {
                input.is_nil()
            } else {
                !input.is_truthy()
            };
            if falsy || ruby::is_empty(&input).unwrap_or(false) {
                a0.clone()
            } else {
                input
            }
        }
        "sum" => {
            arity(n, 1, 2)?;
            let items = input_iter(&input);
            let mut acc = Num::I(0);
            for it in items.iter() {
                let v = if args.is_empty() || a0.is_nil() {
                    it.clone()
                } else {
                    match &it {
                        Value::Hash(_) | Value::Object(_) => lookup_index(it, a0),
                        _ => Value::Nil,
                    }
                };
                let x = match &v {
                    Value::Int(_) | Value::Float(_) | Value::Str(_) => to_number(&v),
                    _ => Num::I(0),
                };
                acc = match (acc, x) {
                    (Num::I(p), Num::I(q)) => Num::I(p.wrapping_add(q)),
                    (p, q) => Num::F(p.f() + q.f()),
                };
            }
            num_result(acc)
        }
        _ => {
            if r.warned.insert(name.to_string()) {
                r.host
                    .warn(&format!("Liquid Warning: unknown filter '{name}'"));
            }
            input
        }
    })
}

//! Liquid 5.4's standard filters with Ruby's exact output, and the filter
//! dispatch (Jekyll's filters, in `filters_jekyll`, take precedence as
//! Jekyll registers them last).

use std::cmp::Ordering;
use std::sync::Arc;

use super::date;
use super::filters_jekyll;
use super::render::{lookup_index, Renderer};
use super::ruby::{self, float_to_s, to_number, to_s, Num};
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
pub fn input_iter(v: &Value) -> Vec<Value> {
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
                out
            } else {
                a.to_vec()
            }
        }
        Value::Nil => Vec::new(),
        Value::Range(a, b) => (*a..=*b).take(1_000_000).map(Value::Int).collect(),
        _ => vec![v.clone()],
    }
}

fn property_of(item: &Value, prop: &Value) -> Result<Value, String> {
    match item {
        Value::Hash(_) | Value::Object(_) => Ok(lookup_index(item, prop)),
        Value::Str(s) => Ok(match prop {
            Value::Str(p) if s.contains(&**p) => prop.clone(),
            Value::Str(_) => Value::Nil,
            _ => return Err(format!("cannot select the property '{}'", to_s(prop))),
        }),
        _ => Err(format!("cannot select the property '{}'", to_s(prop))),
    }
}

fn num_result(n: Num) -> Value {
    n.value()
}

fn apply_op(a: &Value, b: &Value, op: char) -> FResult {
    let (x, y) = (to_number(a), to_number(b));
    Ok(match (x, y) {
        (Num::I(p), Num::I(q)) => match op {
            '+' => Value::Int(p.wrapping_add(q)),
            '-' => Value::Int(p.wrapping_sub(q)),
            '*' => Value::Int(p.wrapping_mul(q)),
            '/' => {
                if q == 0 {
                    return Err("divided by 0".into());
                }
                Value::Int(
                    p.div_euclid(q)
                        - if (p.rem_euclid(q) != 0) && q < 0 {
                            1
                        } else {
                            0
                        },
                )
            }
            _ => {
                if q == 0 {
                    return Err("divided by 0".into());
                }
                let r = p % q;
                Value::Int(if r != 0 && ((r < 0) != (q < 0)) {
                    r + q
                } else {
                    r
                })
            }
        },
        _ => {
            let (p, q) = (x.f(), y.f());
            match op {
                '+' => Value::Float(p + q),
                '-' => Value::Float(p - q),
                '*' => Value::Float(p * q),
                '/' => {
                    if q == 0.0
                        && matches!(
                            (x, y),
                            (Num::F(_), Num::I(_))
                                | (Num::F(_), Num::F(_))
                                | (Num::I(_), Num::F(_))
                        )
                        && is_decimal_arg(a, b)
                    {
                        return Err("divided by 0".into());
                    }
                    Value::Float(p / q)
                }
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

/// BigDecimal division by zero raises; Liquid converts Floats to BigDecimal.
fn is_decimal_arg(_a: &Value, _b: &Value) -> bool {
    true
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

fn cgi_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                o.push(b as char)
            }
            b' ' => o.push('+'),
            _ => o.push_str(&format!("%{b:02X}")),
        }
    }
    o
}

fn cgi_unescape(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' if i + 2 < b.len() => {
                let h = std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match h {
                    Some(v) => {
                        out.push(v);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| "invalid byte sequence in UTF-8".to_string())
}

pub fn html_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

fn escape_once(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        let c = b[i];
        match c {
            b'"' => o.push_str("&quot;"),
            b'\'' => o.push_str("&#39;"),
            b'<' => o.push_str("&lt;"),
            b'>' => o.push_str("&gt;"),
            b'&' => {
                // &(?!([a-zA-Z]+|(#\d+));)
                let rest = &b[i + 1..];
                let n = rest.iter().take_while(|c| c.is_ascii_alphabetic()).count();
                let ent = if n > 0 {
                    rest.get(n) == Some(&b';')
                } else if rest.first() == Some(&b'#') {
                    let d = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
                    d > 0 && rest.get(1 + d) == Some(&b';')
                } else {
                    false
                };
                o.push_str(if ent { "&" } else { "&amp;" });
            }
            _ => {
                let ch = s[i..].chars().next().unwrap_or(' ');
                o.push(ch);
                i += ch.len_utf8();
                continue;
            }
        }
        i += 1;
    }
    o
}

fn strip_html(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let b = s.as_bytes();
    while i < s.len() {
        let rest = &lower[i..];
        let block_end = if rest.starts_with("<script") {
            rest.find("</script>").map(|p| p + 9)
        } else if rest.starts_with("<!--") {
            rest.find("-->").map(|p| p + 3)
        } else if rest.starts_with("<style") {
            rest.find("</style>").map(|p| p + 8)
        } else {
            None
        };
        if let Some(e) = block_end {
            i += e;
            continue;
        }
        if b[i] == b'<' {
            if let Some(p) = s[i..].find('>') {
                i += p + 1;
                continue;
            }
        }
        let ch = s[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// Ruby `String#split(pattern)` with a string pattern: " " splits on runs of
/// whitespace (leading dropped); trailing empty fields are removed.
pub fn ruby_split(s: &str, pat: &str) -> Vec<Value> {
    let mut parts: Vec<&str> = if pat == " " {
        s.split(|c: char| c.is_ascii_whitespace() || c == '\0')
            .filter(|p| !p.is_empty())
            .collect()
    } else if pat.is_empty() {
        return s.chars().map(|c| Value::from(c.to_string())).collect();
    } else {
        s.split(pat).collect()
    };
    while parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    parts.into_iter().map(Value::str).collect()
}

fn ruby_capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f
            .to_uppercase()
            .chain(c.flat_map(|x| x.to_lowercase()))
            .collect(),
        None => String::new(),
    }
}

fn is_ruby_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r' | '\0')
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
        (false, false) => to_s(a)
            .to_ascii_lowercase()
            .as_bytes()
            .cmp(to_s(b).to_ascii_lowercase().as_bytes()),
        (true, _) => Ordering::Greater,
        (false, true) => Ordering::Less,
    }
}

fn to_int_arg(v: &Value) -> Result<i64, String> {
    ruby::to_integer(v).ok_or_else(|| "invalid integer".to_string())
}

fn char_slice(s: &str, off: i64, len: i64) -> Option<String> {
    let n = s.chars().count() as i64;
    let start = if off < 0 { n + off } else { off };
    if start < 0 || start > n || len < 0 {
        return None;
    }
    Some(s.chars().skip(start as usize).take(len as usize).collect())
}

pub fn apply(
    r: &mut Renderer<'_>,
    name: &str,
    input: Value,
    args: &[Value],
    kwargs: &[(&str, Value)],
) -> FResult {
    if r.host.jekyll_filters() {
        if let Some(v) = filters_jekyll::apply(r, name, &input, args, kwargs)? {
            return Ok(v);
        }
    }
    let n = args.len() + usize::from(!kwargs.is_empty()) + 1;
    let a0 = args.first().cloned().unwrap_or(Value::Nil);
    let a1 = args.get(1).cloned().unwrap_or(Value::Nil);
    let s = || to_s(&input);
    Ok(match name {
        "size" => {
            arity(n, 1, 1)?;
            Value::Int(ruby::size(&input).unwrap_or(0))
        }
        "downcase" => Value::from(s().to_lowercase()),
        "upcase" => Value::from(s().to_uppercase()),
        "capitalize" => Value::from(ruby_capitalize(&s())),
        "escape" | "h" => {
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
            let off = to_int_arg(&a0)?;
            let len = if args.len() > 1 { to_int_arg(&a1)? } else { 1 };
            match &input {
                Value::Array(a) => {
                    let l = a.len() as i64;
                    let st = if off < 0 { l + off } else { off };
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
            let length = if args.is_empty() {
                50
            } else {
                to_int_arg(&a0)?
            };
            let ell = if args.len() > 1 {
                to_s(&a1)
            } else {
                "...".into()
            };
            let l = (length - ell.chars().count() as i64).max(0) as usize;
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
            let mut words = if args.is_empty() {
                15
            } else {
                to_int_arg(&a0)?
            };
            if words <= 0 {
                words = 1;
            }
            let ell = if args.len() > 1 {
                to_s(&a1)
            } else {
                "...".into()
            };
            let list: Vec<&str> = st.split(is_ruby_space).filter(|w| !w.is_empty()).collect();
            if list.len() as i64 <= words {
                Value::from(st)
            } else {
                let mut o = list[..words as usize].join(" ");
                o.push_str(&ell);
                Value::from(o)
            }
        }
        "split" => {
            arity(n, 2, 2)?;
            Value::array(ruby_split(&s(), &to_s(&a0)))
        }
        "strip" => Value::from(s().trim_matches(is_ruby_space).to_string()),
        "lstrip" => Value::from(s().trim_start_matches(is_ruby_space).to_string()),
        "rstrip" => Value::from(s().trim_end_matches(is_ruby_space).to_string()),
        "strip_html" => Value::from(strip_html(&s())),
        "strip_newlines" => Value::from(s().replace("\r\n", "").replace('\n', "")),
        "newline_to_br" => Value::from(s().replace("\r\n", "\n").replace('\n', "<br />\n")),
        "join" => {
            arity(n, 1, 2)?;
            let glue = if args.is_empty() {
                " ".to_string()
            } else {
                to_s(&a0)
            };
            let items = input_iter(&input);
            let mut o = String::new();
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    o.push_str(&glue);
                }
                ruby::write_to_s(x, &mut o);
            }
            Value::from(o)
        }
        "sort" => {
            arity(n, 1, 2)?;
            let mut items = input_iter(&input);
            if items.is_empty() {
                return Ok(Value::array(vec![]));
            }
            if args.is_empty() || a0.is_nil() {
                sort_values(&mut items)?;
            } else {
                let mut keyed = Vec::new();
                for it in items {
                    keyed.push((property_of(&it, &a0)?, it));
                }
                let mut keys: Vec<Value> = keyed.iter().map(|(k, _)| k.clone()).collect();
                sort_values(&mut keys)?;
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
            let mut items = input_iter(&input);
            if items.is_empty() {
                return Ok(Value::array(vec![]));
            }
            if args.is_empty() || a0.is_nil() {
                items.sort_by(casecmp);
            } else {
                let mut keyed = Vec::new();
                for it in items {
                    keyed.push((property_of(&it, &a0)?, it));
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
            for it in items {
                let p = match &it {
                    Value::Hash(_) | Value::Object(_) => lookup_index(&it, &a0),
                    Value::Str(_) => property_of(&it, &a0)?,
                    _ => return Ok(Value::Nil),
                };
                let keep = if args.len() < 2 || a1.is_nil() {
                    p.is_truthy()
                } else {
                    ruby::equal(&p, &a1)
                };
                if keep {
                    out.push(it);
                }
            }
            Value::array(out)
        }
        "uniq" => {
            arity(n, 1, 2)?;
            let items = input_iter(&input);
            let mut out: Vec<Value> = Vec::new();
            let mut seen: Vec<Value> = Vec::new();
            for it in items {
                let key = if args.is_empty() || a0.is_nil() {
                    it.clone()
                } else {
                    match &it {
                        Value::Hash(_) | Value::Object(_) => lookup_index(&it, &a0),
                        Value::Str(_) => property_of(&it, &a0)?,
                        _ => return Ok(Value::Nil),
                    }
                };
                if !seen
                    .iter()
                    .any(|k| ruby::equal(k, &key) && ruby::class_name(k) == ruby::class_name(&key))
                {
                    seen.push(key);
                    out.push(it);
                }
            }
            Value::array(out)
        }
        "reverse" => {
            let mut items = input_iter(&input);
            items.reverse();
            Value::array(items)
        }
        "map" => {
            arity(n, 2, 2)?;
            let items = input_iter(&input);
            let mut out = Vec::new();
            for it in items {
                out.push(match &it {
                    Value::Hash(_) | Value::Object(_) => lookup_index(&it, &a0),
                    Value::Str(_) => property_of(&it, &a0)?,
                    Value::Nil => Value::Nil,
                    _ => {
                        if to_s(&a0) == "to_liquid" {
                            it.clone()
                        } else {
                            return Err(format!("cannot select the property '{}'", to_s(&a0)));
                        }
                    }
                });
            }
            Value::array(out)
        }
        "compact" => {
            arity(n, 1, 2)?;
            let items = input_iter(&input);
            let mut out = Vec::new();
            for it in items {
                let key = if args.is_empty() || a0.is_nil() {
                    it.clone()
                } else {
                    match &it {
                        Value::Hash(_) | Value::Object(_) => lookup_index(&it, &a0),
                        Value::Str(_) => property_of(&it, &a0)?,
                        _ => return Ok(Value::Nil),
                    }
                };
                if !key.is_nil() {
                    out.push(it);
                }
            }
            Value::array(out)
        }
        "replace" => {
            arity(n, 2, 3)?;
            Value::from(s().replace(&to_s(&a0), &to_s(&a1)))
        }
        "replace_first" => {
            arity(n, 2, 3)?;
            Value::from(s().replacen(&to_s(&a0), &to_s(&a1), 1))
        }
        "replace_last" => {
            arity(n, 3, 3)?;
            let st = s();
            let pat = to_s(&a0);
            match st.rfind(&pat) {
                Some(p) => {
                    Value::from(format!("{}{}{}", &st[..p], to_s(&a1), &st[p + pat.len()..]))
                }
                None => Value::from(st),
            }
        }
        "remove" => {
            arity(n, 2, 2)?;
            Value::from(s().replace(&to_s(&a0), ""))
        }
        "remove_first" => {
            arity(n, 2, 2)?;
            Value::from(s().replacen(&to_s(&a0), "", 1))
        }
        "remove_last" => {
            arity(n, 2, 2)?;
            let st = s();
            let pat = to_s(&a0);
            match st.rfind(&pat) {
                Some(p) => Value::from(format!("{}{}", &st[..p], &st[p + pat.len()..])),
                None => Value::from(st),
            }
        }
        "append" => {
            arity(n, 2, 2)?;
            Value::from(s() + &to_s(&a0))
        }
        "prepend" => {
            arity(n, 2, 2)?;
            Value::from(to_s(&a0) + &s())
        }
        "concat" => {
            arity(n, 2, 2)?;
            let Value::Array(b) = &a0 else {
                return Err("concat filter requires an array argument".into());
            };
            let mut items = input_iter(&input);
            items.extend(b.iter().cloned());
            Value::array(items)
        }
        "date" => {
            arity(n, 2, 2)?;
            let fmt = to_s(&a0);
            if fmt.is_empty() {
                return Ok(input);
            }
            match date::to_time(&input, r.host.now()) {
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
            apply_op(&input, &a0, '+')?
        }
        "minus" => {
            arity(n, 2, 2)?;
            apply_op(&input, &a0, '-')?
        }
        "times" => {
            arity(n, 2, 2)?;
            apply_op(&input, &a0, '*')?
        }
        "divided_by" => {
            arity(n, 2, 2)?;
            apply_op(&input, &a0, '/')?
        }
        "modulo" => {
            arity(n, 2, 2)?;
            apply_op(&input, &a0, '%')?
        }
        "round" => {
            arity(n, 1, 2)?;
            let digits = if args.is_empty() {
                Num::I(0)
            } else {
                to_number(&a0)
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
                    return Err(float_to_s(f));
                }
                Value::Int(f.ceil() as i64)
            }
        },
        "floor" => match to_number(&input) {
            Num::I(i) => Value::Int(i),
            Num::F(f) => {
                if !f.is_finite() {
                    return Err(float_to_s(f));
                }
                Value::Int(f.floor() as i64)
            }
        },
        "at_least" | "at_most" => {
            arity(n, 2, 2)?;
            let (x, y) = (to_number(&input), to_number(&a0));
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
                a0
            } else {
                input
            }
        }
        "sum" => {
            arity(n, 1, 2)?;
            let items = input_iter(&input);
            let mut acc = Num::I(0);
            for it in items {
                let v = if args.is_empty() || a0.is_nil() {
                    it.clone()
                } else {
                    match &it {
                        Value::Hash(_) | Value::Object(_) => lookup_index(&it, &a0),
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

const STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn b64_encode(b: &[u8], alpha: &[u8; 64]) -> String {
    let mut o = String::new();
    for c in b.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= c.len() {
                o.push(alpha[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                o.push('=');
            }
        }
    }
    o
}

fn b64_decode(s: &str, url: bool) -> Option<Vec<u8>> {
    let alpha = if url { URL } else { STD };
    let mut s = s.to_string();
    if url {
        // urlsafe_decode64 tolerates missing padding
        while s.len() % 4 != 0 {
            s.push('=');
        }
    }
    if s.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::new();
    let b = s.as_bytes();
    for (ci, c) in b.chunks(4).enumerate() {
        let last = ci == b.len() / 4 - 1;
        let mut n = 0u32;
        let mut pads = 0;
        for (i, &ch) in c.iter().enumerate() {
            let v = if ch == b'=' {
                if !last || i < 2 {
                    return None;
                }
                pads += 1;
                0
            } else {
                if pads > 0 {
                    return None;
                }
                alpha.iter().position(|&a| a == ch)? as u32
            };
            n = n << 6 | v;
        }
        out.push((n >> 16) as u8);
        if pads < 2 {
            out.push((n >> 8) as u8);
        }
        if pads < 1 {
            out.push(n as u8);
        }
    }
    Some(out)
}

/// Values shared for `Arc` string building.
pub fn arc(s: &str) -> Arc<str> {
    Arc::from(s)
}

//! Liquid 5.4's standard filters with Ruby's exact output, and the filter
//! dispatch (Jekyll's filters, in `filters_jekyll`, take precedence as
//! Jekyll registers them last).

use std::borrow::Cow;
use std::cmp::Ordering;

use super::date;
use super::filters_jekyll;
use super::lookup::{lookup_index, NIL};
use super::number;
use super::render::Renderer;
use super::rstring::{
    awk_split, ruby_capitalize, ruby_downcase, ruby_split, ruby_sub, ruby_upcase,
};
use super::ruby::{self, obj_to_s, to_number, Num};
use super::strftime;
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
    let too_long = std::cell::Cell::new(false);
    let s = || -> Cow<'_, str> {
        match &input {
            Value::Str(x) => Cow::Borrowed(&**x),
            v => {
                let t = obj_to_s(v);
                if t.len() > ruby::MAX_STRING {
                    too_long.set(true);
                }
                Cow::Owned(t)
            }
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
    let out = match name {
        "size" => {
            arity(n, 1, 1)?;
            Value::Int(ruby::size(&input).unwrap_or(0))
        }
        "downcase" => Value::from(ruby_downcase(&s())),
        "upcase" => Value::from(ruby_upcase(&s())),
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
            // `length ? to_integer(length) : 1`
            let len = if a1.is_truthy() { to_int_arg(a1)? } else { 1 };
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
            let words = if args.is_empty() { 15 } else { to_int_arg(a0)? }.max(1);
            // `split(" ", words + 1)`: the limit is a C int
            if words >= i32::MAX as i64 {
                return Err(format!("integer {words} too big for truncatewords"));
            }
            let ell: Cow<'_, str> = if args.len() > 1 {
                Cow::Owned(obj_to_s(a1))
            } else {
                Cow::Borrowed("...")
            };
            let mut list = awk_split(&st, Some(words as usize + 1));
            if list.len() <= words as usize {
                match &input {
                    Value::Str(_) => input.clone(),
                    _ => Value::from(st),
                }
            } else {
                list.pop();
                let mut o = list.join(" ");
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
            Value::from(ruby_sub(&s(), &obj_to_s(a0), &obj_to_s(a1), true)?)
        }
        "replace_first" => {
            arity(n, 2, 3)?;
            Value::from(ruby_sub(&s(), &obj_to_s(a0), &obj_to_s(a1), false)?)
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
            let local = |u| r.host.local_offset(u);
            let abbreviation = |u| r.host.zone_abbreviation(u);
            let clock = date::Clock {
                now: r.host.now(),
                local: &local,
                abbreviation: &abbreviation,
            };
            match date::to_date(&input, &clock)? {
                Some(d) => Value::from(strftime::strftime(&d.time, &fmt, &d.zone, d.flavor)?),
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
        "abs" => number::abs(&input),
        "plus" | "minus" | "times" | "divided_by" | "modulo" => {
            arity(n, 2, 2)?;
            let op = match name {
                "plus" => '+',
                "minus" => '-',
                "times" => '*',
                "divided_by" => '/',
                _ => '%',
            };
            number::arithmetic(&input, a0, op)?
        }
        "round" => {
            arity(n, 1, 2)?;
            number::round(&input, args.first())?
        }
        "ceil" => number::ceil_floor(&input, true)?,
        "floor" => number::ceil_floor(&input, false)?,
        "at_least" | "at_most" => {
            arity(n, 2, 2)?;
            number::bound(&input, a0, name == "at_least")
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
            acc.value()
        }
        _ => {
            super::include_memo::taint();
            if r.warned.insert(name.to_string()) {
                r.host
                    .warn(&format!("Liquid Warning: unknown filter '{name}'"));
            }
            input
        }
    };
    // an array or hash printed for a filter past the longest string (an
    // inspect that doubles its backslashes at every `split`, chained a
    // thousand times, would otherwise grow without end)
    if too_long.get() {
        return Err(ruby::too_long(&format!("{name}'s input")));
    }
    Ok(out)
}

//! Jekyll 4.3.1's filters (`Jekyll::Filters`, URL, date and grouping
//! filters), registered over Liquid's standard ones.

use std::cmp::Ordering;

use super::date;
use super::filters::{arity, input_iter};
use super::jekyll_text::{number_of_words, write_json, xml_escape};
use super::lookup::{lookup_index, NIL};
use super::render::Renderer;
use super::ruby::{self, to_s};
use super::tag_syntax::parse_condition;
use super::text::cgi_escape;
use super::uri::uri_escape;
use super::value::{Map, Value};

pub use super::jekyll_text::smartify_default;
pub(crate) use super::uri::normalize_uri;

/// Jekyll's filter names (decided once per filter call site, at parse time).
pub fn is_jekyll_filter(name: &str) -> bool {
    matches!(
        name,
        "markdownify"
            | "smartify"
            | "slugify"
            | "xml_escape"
            | "cgi_escape"
            | "uri_escape"
            | "normalize_whitespace"
            | "number_of_words"
            | "array_to_sentence_string"
            | "jsonify"
            | "inspect"
            | "where"
            | "find"
            | "where_exp"
            | "find_exp"
            | "group_by"
            | "group_by_exp"
            | "to_integer"
            | "sort"
            | "pop"
            | "shift"
            | "push"
            | "unshift"
            | "sample"
            | "relative_url"
            | "absolute_url"
            | "strip_index"
            | "date_to_xmlschema"
            | "date_to_rfc822"
            | "date_to_string"
            | "date_to_long_string"
    )
}

/// `Some(result)` when `name` is a Jekyll filter; `None` to fall back to Liquid's.
pub fn apply(
    r: &mut Renderer<'_>,
    name: &str,
    input: &Value,
    args: &[Value],
    kwargs: &[(&str, Value)],
) -> Result<Option<Value>, String> {
    let n = args.len() + usize::from(!kwargs.is_empty()) + 1;
    let a0: &Value = args.first().unwrap_or(&NIL);
    let a1: &Value = args.get(1).unwrap_or(&NIL);
    let v = match name {
        "markdownify" => Value::from(r.host.try_markdownify(&to_s(input))?),
        "smartify" => Value::from(r.host.smartify(&to_s(input))),
        "slugify" => {
            arity(n, 1, 2)?;
            // `mode ||= "default"`; a mode is one of the mode strings
            let mode = match a0 {
                Value::Nil | Value::Bool(false) => "default",
                Value::Str(m) => m,
                _ => "",
            };
            match input {
                Value::Nil => Value::Nil,
                Value::Str(s) => Value::from(crate::slugify::slugify(s, mode, false)),
                _ => return Err(no_method("downcase", input)),
            }
        }
        "xml_escape" => Value::from(xml_escape(&to_s(input))),
        // `CGI.escape(input)`: a string, or a TypeError
        "cgi_escape" => match input {
            Value::Str(s) => Value::from(cgi_escape(s)),
            _ => {
                return Err(format!(
                    "no implicit conversion of {} into String",
                    ruby::class_name(input)
                ))
            }
        },
        "uri_escape" => match input {
            Value::Nil => Value::Nil,
            Value::Str(s) => Value::from(uri_escape(s)),
            _ => {
                return Err(format!(
                    "Can't convert {} into String.",
                    ruby::class_name(input)
                ))
            }
        },
        "normalize_whitespace" => Value::from(super::text::normalize_whitespace(&to_s(input))),
        "number_of_words" => {
            arity(n, 1, 2)?;
            Value::Int(number_of_words(input, a0)?)
        }
        "array_to_sentence_string" => {
            arity(n, 1, 2)?;
            let conn = if args.is_empty() {
                "and".to_string()
            } else {
                to_s(a0)
            };
            let items = match input {
                Value::Array(a) => a.to_vec(),
                _ => return Ok(None),
            };
            Value::from(match items.len() {
                0 => String::new(),
                1 => to_s(&items[0]),
                2 => format!("{} {} {}", to_s(&items[0]), conn, to_s(&items[1])),
                l => {
                    let head: Vec<String> = items[..l - 1].iter().map(to_s).collect();
                    format!("{}, {} {}", head.join(", "), conn, to_s(&items[l - 1]))
                }
            })
        }
        "jsonify" => {
            let mut s = String::new();
            write_json(input, &mut s);
            Value::from(s)
        }
        "inspect" => Value::from(xml_escape(&ruby::inspect(input))),
        "where" => {
            arity(n, 3, 3)?;
            if a0.is_nil() || matches!(a1, Value::Array(_) | Value::Hash(_)) {
                return Ok(Some(input.clone()));
            }
            let Some(items) = selectable(input) else {
                return Ok(Some(input.clone()));
            };
            let prop = to_s(a0);
            Value::array(
                items
                    .into_iter()
                    .filter(|it| compare_property_vs_target(&item_property(it, &prop), a1))
                    .collect(),
            )
        }
        "find" => {
            arity(n, 3, 3)?;
            if a0.is_nil() || matches!(a1, Value::Array(_) | Value::Hash(_)) {
                return Ok(Some(input.clone()));
            }
            let Some(items) = selectable(input) else {
                return Ok(Some(input.clone()));
            };
            let prop = to_s(a0);
            items
                .into_iter()
                .find(|it| compare_property_vs_target(&item_property(it, &prop), a1))
                .unwrap_or(Value::Nil)
        }
        "where_exp" | "find_exp" => {
            arity(n, 3, 3)?;
            let Some(items) = selectable(input) else {
                return Ok(Some(input.clone()));
            };
            let var: std::sync::Arc<str> = std::sync::Arc::from(to_s(a0).as_str());
            let cond = parse_condition(&to_s(a1))
                .ok_or_else(|| format!("Liquid syntax error: invalid expression '{}'", to_s(a1)))?;
            if super::expr::take_too_deep() {
                return Err(format!("{name}: Nesting too deep"));
            }
            let mut out = Vec::new();
            for it in items {
                let keep = r
                    .with_local(&var, it.clone(), |r| r.eval_cond_pub(&cond))
                    .map_err(|e| e.message)?;
                if keep {
                    if name == "find_exp" {
                        return Ok(Some(it));
                    }
                    out.push(it);
                }
            }
            if name == "find_exp" {
                Value::Nil
            } else {
                Value::array(out)
            }
        }
        "group_by" => {
            arity(n, 2, 2)?;
            let Some(items) = groupable(input) else {
                return Ok(Some(input.clone()));
            };
            let prop = to_s(a0);
            grouped(
                items
                    .into_iter()
                    .map(|it| (Value::from(obj_to_s(&item_property(&it, &prop))), it)),
            )
        }
        "group_by_exp" => {
            arity(n, 3, 3)?;
            let Some(items) = groupable(input) else {
                return Ok(Some(input.clone()));
            };
            let var: std::sync::Arc<str> = std::sync::Arc::from(to_s(a0).as_str());
            let expr = super::expr::parse_variable(&to_s(a1));
            if super::expr::take_too_deep() {
                return Err("group_by_exp: Nesting too deep".into());
            }
            let mut keyed = Vec::new();
            for it in items {
                let k = r
                    .with_local(&var, it.clone(), |r| r.eval_variable(&expr, 0))
                    .map_err(|e| e.message)?;
                keyed.push((k, it));
            }
            grouped(keyed.into_iter())
        }
        "to_integer" => match input {
            Value::Bool(true) => Value::Int(1),
            Value::Bool(false) => Value::Int(0),
            Value::Int(i) => Value::Int(*i),
            Value::Float(f) => Value::Int(*f as i64),
            Value::Str(s) => Value::Int(super::expr::ruby_to_i(s)),
            Value::Nil => Value::Int(0),
            _ => {
                return Err(format!(
                    "undefined method `to_i' for {}",
                    ruby::class_name(input)
                ))
            }
        },
        "sort" => {
            arity(n, 1, 3)?;
            if input.is_nil() {
                return Err("Cannot sort a null object.".into());
            }
            let items = match input {
                Value::Array(a) => a.to_vec(),
                Value::Hash(h) => h
                    .iter()
                    .map(|(k, v)| Value::array(vec![Value::str(k), v.clone()]))
                    .collect(),
                _ => {
                    return Err(format!(
                        "undefined method `sort' for {}",
                        ruby::class_name(input)
                    ))
                }
            };
            if args.is_empty() || a0.is_nil() {
                let mut items = items;
                let mut err = None;
                items.sort_by(|a, b| {
                    ruby::compare(a, b).unwrap_or_else(|| {
                        err = Some(format!(
                            "comparison of {} with {} failed",
                            ruby::class_name(a),
                            ruby::class_name(b)
                        ));
                        Ordering::Equal
                    })
                });
                if let Some(e) = err {
                    return Err(e);
                }
                Value::array(items)
            } else {
                let order = match to_s(a1).as_str() {
                    "" | "first" => -1,
                    "last" => 1,
                    other => return Err(format!("Invalid nils order: '{other}' is not a valid nils order. It must be 'first' or 'last'.")),
                };
                let prop = to_s(a0);
                let mut keyed: Vec<(Value, Value)> = items
                    .into_iter()
                    .map(|it| (item_property(&it, &prop), it))
                    .collect();
                keyed.sort_by(|(a, _), (b, _)| match (a.is_nil(), b.is_nil()) {
                    (false, true) => {
                        if order < 0 {
                            Ordering::Greater
                        } else {
                            Ordering::Less
                        }
                    }
                    (true, false) => {
                        if order < 0 {
                            Ordering::Less
                        } else {
                            Ordering::Greater
                        }
                    }
                    _ => ruby::compare(a, b).unwrap_or_else(|| obj_to_s(a).cmp(&obj_to_s(b))),
                });
                Value::array(keyed.into_iter().map(|(_, v)| v).collect())
            }
        }
        "pop" | "shift" => {
            let Value::Array(a) = input else {
                return Ok(Some(input.clone()));
            };
            let k = if args.is_empty() {
                1
            } else {
                ruby::to_integer(a0).ok_or("invalid integer")?
            };
            if k < 0 {
                return Err("negative array size".into());
            }
            let k = (k as usize).min(a.len());
            Value::array(if name == "pop" {
                a[..a.len() - k].to_vec()
            } else {
                a[k..].to_vec()
            })
        }
        "push" | "unshift" => {
            arity(n, 2, 2)?;
            let Value::Array(a) = input else {
                return Ok(Some(input.clone()));
            };
            let mut v = a.to_vec();
            if name == "push" {
                v.push(a0.clone());
            } else {
                v.insert(0, a0.clone());
            }
            Value::array(v)
        }
        "sample" => match input {
            Value::Array(a) => a.first().cloned().unwrap_or(Value::Nil),
            _ => input.clone(),
        },
        "relative_url" => {
            if input.is_nil() {
                return Ok(Some(Value::Nil));
            }
            Value::from(relative_url(r, &url_input(input)))
        }
        "absolute_url" => {
            if input.is_nil() {
                return Ok(Some(Value::Nil));
            }
            let site = r.find_variable("site");
            Value::from(crate::site::url::absolute_url(
                &to_s(&site.get("url")),
                &to_s(&site.get("baseurl")),
                &url_input(input),
            ))
        }
        "strip_index" => {
            let s = to_s(input);
            if s.is_empty() {
                return Ok(Some(Value::Nil));
            }
            for suf in ["/index.html", "/index.htm"] {
                if let Some(p) = s.strip_suffix(suf) {
                    return Ok(Some(Value::from(format!("{p}/"))));
                }
            }
            Value::from(s)
        }
        "date_to_xmlschema" | "date_to_rfc822" | "date_to_string" | "date_to_long_string" => {
            if to_s(input).is_empty() {
                return Ok(Some(input.clone()));
            }
            let local = |u| r.host.local_offset(u);
            let abbreviation = |u| r.host.zone_abbreviation(u);
            let clock = date::Clock {
                now: r.host.now(),
                local: &local,
                abbreviation: &abbreviation,
            };
            let Some(stamp) = date::jekyll_time(input, &clock)? else {
                return Err(format!(
                    "Invalid Date: '{}' is not a valid datetime.",
                    ruby::inspect(input)
                ));
            };
            let t = stamp.time;
            Value::from(match name {
                "date_to_xmlschema" => date::strftime(&t, "%Y-%m-%dT%H:%M:%S%:z"),
                "date_to_rfc822" => date::strftime(&t, "%a, %d %b %Y %H:%M:%S %z"),
                _ => {
                    let month = if name == "date_to_string" { "%b" } else { "%B" };
                    if to_s(a0) == "ordinal" {
                        let d = chrono::Datelike::day(&t);
                        let ord = format!("{d}{}", ordinal(d));
                        if to_s(a1) == "US" {
                            date::strftime(&t, &format!("{month} {ord}, %Y"))
                        } else {
                            date::strftime(&t, &format!("{ord} {month} %Y"))
                        }
                    } else {
                        date::strftime(&t, &format!("%d {month} %Y"))
                    }
                }
            })
        }
        _ => return Ok(None),
    };
    // the filters that wrap arrays in arrays keep values within the depth
    // every walk over them can follow
    if matches!(name, "push" | "unshift" | "group_by" | "group_by_exp")
        && super::value_depth::too_deep_quick(&v)
    {
        super::value_depth::drop_flat(v);
        return Err(format!("{name}: {}", super::value_depth::TOO_DEEP));
    }
    Ok(Some(v))
}

/// Ruby's NoMethodError for `input.method`.
fn no_method(method: &str, input: &Value) -> String {
    format!(
        "undefined method `{method}' for {}",
        ruby::class_name(input)
    )
}

/// Ruby's `Object#to_s` (arrays and hashes print as `inspect`, unlike Liquid output).
fn obj_to_s(v: &Value) -> String {
    match v {
        Value::Array(_) | Value::Hash(_) => ruby::inspect(v),
        _ => to_s(v),
    }
}

fn ordinal(d: u32) -> &'static str {
    if (11..=13).contains(&d) {
        return "th";
    }
    match d % 10 {
        1 => "st",
        2 => "nd",
        3 => "rd",
        _ => "th",
    }
}

fn selectable(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::Array(a) => Some(a.to_vec()),
        Value::Hash(h) => Some(h.values().cloned().collect()),
        Value::Range(..) => Some(input_iter(v).into_owned()),
        _ => None,
    }
}

fn groupable(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::Array(a) => Some(a.to_vec()),
        Value::Hash(h) => Some(
            h.iter()
                .map(|(k, v)| Value::array(vec![Value::str(k), v.clone()]))
                .collect(),
        ),
        Value::Range(..) => Some(input_iter(v).into_owned()),
        _ => None,
    }
}

/// `group_by` result: `{name, items, size}` per distinct key (Ruby `eql?`), in first-seen order.
fn grouped(items: impl Iterator<Item = (Value, Value)>) -> Value {
    let mut groups: Vec<(Value, Vec<Value>)> = Vec::new();
    for (k, v) in items {
        let same = |g: &Value| ruby::equal(g, &k) && ruby::class_name(g) == ruby::class_name(&k);
        match groups.iter_mut().find(|(g, _)| same(g)) {
            Some((_, list)) => list.push(v),
            None => groups.push((k, vec![v])),
        }
    }
    Value::array(
        groups
            .into_iter()
            .map(|(k, v)| {
                let mut m = Map::default();
                let size = v.len() as i64;
                m.insert("name".into(), k);
                m.insert("items".into(), Value::array(v));
                m.insert("size".into(), Value::Int(size));
                Value::hash(m)
            })
            .collect(),
    )
}

/// Jekyll's `item_property`: dotted paths, then numeric-looking strings become numbers.
fn item_property(item: &Value, prop: &str) -> Value {
    let v = if prop.contains('.') {
        let mut cur = item.clone();
        for k in prop.split('.') {
            cur = lookup_index(&cur, &Value::str(k));
            if cur.is_nil() {
                break;
            }
        }
        cur
    } else {
        lookup_index(item, &Value::str(prop))
    };
    parse_sort_input(v)
}

fn parse_sort_input(v: Value) -> Value {
    let s = match &v {
        Value::Str(s) => s.to_string(),
        Value::Int(_) | Value::Float(_) => return v,
        _ => return v,
    };
    let t = s.trim();
    let body = t.strip_prefix('-').unwrap_or(t);
    if !body.is_empty() && body.bytes().all(|c| c.is_ascii_digit()) {
        return Value::Int(super::expr::ruby_to_i(t));
    }
    let float_like = {
        let (a, b) = body.split_once('.').unwrap_or((body, ""));
        let has_dot = body.contains('.');
        (!a.is_empty()
            && a.bytes().all(|c| c.is_ascii_digit())
            && b.bytes().all(|c| c.is_ascii_digit())
            && (has_dot || b.is_empty()))
            || (a.is_empty() && has_dot && !b.is_empty() && b.bytes().all(|c| c.is_ascii_digit()))
    };
    if float_like {
        return Value::Float(t.parse().unwrap_or(0.0));
    }
    v
}

fn compare_property_vs_target(prop: &Value, target: &Value) -> bool {
    if target.is_nil() {
        return prop.is_nil();
    }
    let t = to_s(target);
    match prop {
        Value::Str(s) => **s == *t,
        Value::Array(a) => a.iter().any(|p| to_s(p) == t),
        Value::Nil => false,
        p => to_s(p) == t,
    }
}

fn url_input(v: &Value) -> String {
    match v {
        Value::Object(o) => o.get("url").map(|u| to_s(&u)).unwrap_or_else(|| to_s(v)),
        _ => to_s(v),
    }
}

/// The `relative_url` filter over `site.baseurl` (see `crate::site::url`).
fn relative_url(r: &Renderer<'_>, input: &str) -> String {
    crate::site::url::relative_url(&to_s(&r.find_variable("site").get("baseurl")), input)
}

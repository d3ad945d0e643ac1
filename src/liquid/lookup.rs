//! Property lookup on values (`a.b`, `a[k]`, `size`/`first`/`last`),
//! `contains`, and the `forloop` / `tablerowloop` drops.

use std::borrow::Cow;
use std::sync::Arc;

use super::ruby;
use super::value::{Map, Object, Value};

/// Short keys compared inline (no `memcmp` call), length first.
#[inline]
pub(super) fn key_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Up to this many entries a scan beats hashing the key (IndexMap's SipHash).
const SCAN_MAX: usize = 16;

/// A hash lookup; small hashes (front matter, drops' data) are scanned.
#[inline]
pub fn map_get<'m>(h: &'m Map, k: &str) -> Option<&'m Value> {
    if h.len() <= SCAN_MAX {
        let kb = k.as_bytes();
        h.iter()
            .find(|(key, _)| {
                let b = key.as_bytes();
                key_eq(b, kb)
            })
            .map(|(_, v)| v)
    } else {
        h.get(k)
    }
}

pub(super) static NIL: Value = Value::Nil;

/// `lookup_key` borrowing from hashes.
pub(super) fn lookup_key_ref<'v>(obj: &'v Value, k: &str, command: bool) -> Cow<'v, Value> {
    match obj {
        Value::Hash(h) => match map_get(h, k) {
            Some(v) => Cow::Borrowed(v),
            None => Cow::Owned(lookup_key(obj, k, command)),
        },
        _ => Cow::Owned(lookup_key(obj, k, command)),
    }
}

/// `.key` on a value, with `size`/`first`/`last` as commands.
pub fn lookup_key(obj: &Value, k: &str, command: bool) -> Value {
    match obj {
        Value::Hash(h) => match map_get(h, k) {
            Some(v) => v.clone(),
            None if command => match k {
                "size" => Value::Int(h.len() as i64),
                "first" => h
                    .first()
                    .map(|(k, v)| Value::array(vec![Value::str(k), v.clone()]))
                    .unwrap_or(Value::Nil),
                _ => Value::Nil,
            },
            None => Value::Nil,
        },
        Value::Object(o) => match o.get(k) {
            Some(v) => v,
            None if command && k == "size" => ruby::size(obj).map(Value::Int).unwrap_or(Value::Nil),
            None => Value::Nil,
        },
        _ if command => match (k, obj) {
            ("size", _) => ruby::size(obj).map(Value::Int).unwrap_or(Value::Nil),
            ("first", Value::Array(a)) => a.first().cloned().unwrap_or(Value::Nil),
            ("last", Value::Array(a)) => a.last().cloned().unwrap_or(Value::Nil),
            ("first", Value::Range(a, b)) => {
                if b >= a {
                    Value::Int(*a)
                } else {
                    Value::Nil
                }
            }
            ("last", Value::Range(_, b)) => Value::Int(*b),
            _ => Value::Nil,
        },
        _ => Value::Nil,
    }
}

/// `[key]` on a value.
pub fn lookup_index(obj: &Value, k: &Value) -> Value {
    match (obj, k) {
        (Value::Hash(h), Value::Str(s)) => map_get(h, s).cloned().unwrap_or(Value::Nil),
        (Value::Object(o), Value::Str(s)) => o.get(s).unwrap_or(Value::Nil),
        (Value::Array(a), Value::Int(i)) => {
            let i = if *i < 0 {
                (a.len() as i64).saturating_add(*i)
            } else {
                *i
            };
            if i < 0 {
                Value::Nil
            } else {
                a.get(i as usize).cloned().unwrap_or(Value::Nil)
            }
        }
        _ => Value::Nil,
    }
}

pub fn contains(l: &Value, r: &Value) -> bool {
    if l.is_nil() || r.is_nil() {
        return false;
    }
    match l {
        Value::Str(s) => {
            let needle = ruby::to_s(r);
            s.contains(needle.as_str())
        }
        Value::Array(a) => a.iter().any(|x| ruby::equal(x, r)),
        Value::Hash(h) => matches!(r, Value::Str(k) if h.contains_key(&**k)),
        Value::Range(a, b) => match r {
            Value::Int(i) => i >= a && i <= b,
            Value::Float(f) => *f >= *a as f64 && *f <= *b as f64,
            _ => false,
        },
        _ => false,
    }
}

/// `forloop`.
pub struct ForloopDrop {
    name: Arc<str>,
    length: usize,
    index0: std::sync::atomic::AtomicUsize,
    parent: Value,
}

impl ForloopDrop {
    pub(super) fn new(name: Arc<str>, length: usize, parent: Value) -> Self {
        ForloopDrop {
            name,
            length,
            index0: std::sync::atomic::AtomicUsize::new(0),
            parent,
        }
    }
    /// Advance (Ruby's `increment!`); the drop is shared by the loop's iterations.
    pub(super) fn set_index(&self, i: usize) {
        self.index0.store(i, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Object for ForloopDrop {
    fn get(&self, key: &str) -> Option<Value> {
        let (l, i) = (
            self.length as i64,
            self.index0.load(std::sync::atomic::Ordering::Relaxed) as i64,
        );
        Some(match key {
            "name" => Value::Str(self.name.clone()),
            "length" => Value::Int(l),
            "index" => Value::Int(i + 1),
            "index0" => Value::Int(i),
            "rindex" => Value::Int(l - i),
            "rindex0" => Value::Int(l - i - 1),
            "first" => Value::Bool(i == 0),
            "last" => Value::Bool(i == l - 1),
            "parentloop" => self.parent.clone(),
            _ => return None,
        })
    }
    fn keys(&self) -> Vec<String> {
        [
            "name",
            "length",
            "index",
            "index0",
            "rindex",
            "rindex0",
            "first",
            "last",
            "parentloop",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }
    fn to_liquid_string(&self) -> Option<String> {
        Some("ForloopDrop".into())
    }
    fn type_name(&self) -> &'static str {
        "forloop"
    }
}

/// `tablerowloop`.
pub(super) struct TablerowDrop {
    pub(super) length: usize,
    pub(super) index0: usize,
    pub(super) col: i64,
    pub(super) row: i64,
    pub(super) cols: i64,
}

impl Object for TablerowDrop {
    fn get(&self, key: &str) -> Option<Value> {
        let (l, i) = (self.length as i64, self.index0 as i64);
        Some(match key {
            "length" => Value::Int(l),
            "index" => Value::Int(i + 1),
            "index0" => Value::Int(i),
            "rindex" => Value::Int(l - i),
            "rindex0" => Value::Int(l - i - 1),
            "first" => Value::Bool(i == 0),
            "last" => Value::Bool(i == l - 1),
            "col" => Value::Int(self.col),
            "col0" => Value::Int(self.col - 1),
            "row" => Value::Int(self.row),
            "col_first" => Value::Bool(self.col == 1),
            "col_last" => Value::Bool(self.col == self.cols),
            _ => return None,
        })
    }
    fn keys(&self) -> Vec<String> {
        [
            "length",
            "index",
            "index0",
            "rindex",
            "rindex0",
            "first",
            "last",
            "col",
            "col0",
            "row",
            "col_first",
            "col_last",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }
    fn to_liquid_string(&self) -> Option<String> {
        Some("TablerowloopDrop".into())
    }
}

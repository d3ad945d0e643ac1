//! Liquid values: what templates see. Cloning is O(1) for every variant
//! (strings, arrays and hashes are shared behind `Arc`), so lookups read
//! shared, immutable site data by reference and never deep-copy it.
//!
//! CONTRACT (the site builder constructs these): the variants and the
//! `Object` trait below are the interface between the build and the
//! interpreter. Methods may be added; variants must not change shape.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use indexmap::IndexMap;

/// A Liquid hash: insertion-ordered, as Ruby's. Hashed with foldhash:
/// every `page.title` in a template is a lookup, and SipHash (the
/// standard one) and its probes were 4% of a 10,000-document build.
pub type Map = IndexMap<String, Value, foldhash::fast::RandomState>;

#[derive(Clone, Default)]
pub enum Value {
    #[default]
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Arc<str>),
    Array(Arc<Vec<Value>>),
    Hash(Arc<Map>),
    /// A Ruby `Time` (front-matter times, `site.time`, post dates).
    Time(DateTime<FixedOffset>),
    /// A Ruby `Date` (a plain `2024-01-02` in YAML).
    Date(NaiveDate),
    /// `(a..b)`, inclusive.
    Range(i64, i64),
    /// A Jekyll drop: fields computed on demand (page, site, document...).
    Object(Arc<dyn Object>),
}

/// A Jekyll drop. `get` returns `None` for a missing key (nil to templates).
pub trait Object: Send + Sync {
    fn get(&self, key: &str) -> Option<Value>;
    /// The keys, in Jekyll's order (for `jsonify`, `inspect`, `for` over a drop).
    fn keys(&self) -> Vec<String>;
    /// What `{{ obj }}` prints. Default: Ruby's `Hash#to_s`-like inspect of all keys.
    fn to_liquid_string(&self) -> Option<String> {
        None
    }
    /// A short name for debugging.
    fn type_name(&self) -> &'static str {
        "drop"
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Nil => write!(f, "nil"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Str(s) => write!(f, "{s:?}"),
            Value::Array(a) => f.debug_list().entries(a.iter()).finish(),
            Value::Hash(h) => f.debug_map().entries(h.iter()).finish(),
            Value::Time(t) => write!(f, "{t}"),
            Value::Date(d) => write!(f, "{d}"),
            Value::Range(a, b) => write!(f, "{a}..{b}"),
            Value::Object(o) => write!(f, "<{}>", o.type_name()),
        }
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Arc::from(s))
    }
    pub fn array(v: Vec<Value>) -> Value {
        Value::Array(Arc::new(v))
    }
    pub fn hash(m: Map) -> Value {
        Value::Hash(Arc::new(m))
    }
    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }
    /// Liquid truthiness: only nil and false are falsy.
    pub fn is_truthy(&self) -> bool {
        !matches!(self, Value::Nil | Value::Bool(false))
    }
    /// Property lookup as `a.b` does (hash key or drop field); nil otherwise.
    pub fn get(&self, key: &str) -> Value {
        match self {
            Value::Hash(h) => h.get(key).cloned().unwrap_or(Value::Nil),
            Value::Object(o) => o.get(key).unwrap_or(Value::Nil),
            _ => Value::Nil,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::str(s)
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Str(Arc::from(s))
    }
}
impl From<std::borrow::Cow<'_, str>> for Value {
    fn from(s: std::borrow::Cow<'_, str>) -> Value {
        Value::Str(Arc::from(&*s))
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}
impl From<Vec<Value>> for Value {
    fn from(v: Vec<Value>) -> Value {
        Value::array(v)
    }
}
impl From<Map> for Value {
    fn from(m: Map) -> Value {
        Value::hash(m)
    }
}

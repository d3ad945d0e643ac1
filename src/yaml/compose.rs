//! Events → a `Value`, as Psych's `ToRuby` visitor builds Ruby objects
//! under `safe_load(permitted_classes: [Date, Time], aliases: true)`:
//! anchors and aliases (an alias to an anchor not yet seen, or to a
//! collection from inside itself, is refused: Ruby would raise or build a
//! cycle), merge keys `<<` (merged pairs overwrite earlier keys, later keys
//! overwrite merged ones), tags (`!!str`, `!!float`, `!!binary`, `!!omap`;
//! Ruby-object tags raise DisallowedClass), and only the first document.
//!
//! Hash keys become text (Ruby's `to_s` of the key): `Value` hashes are keyed
//! by strings.

use std::collections::HashMap;

use crate::liquid::{Map, Value};

use super::parser::{Event, Parser};
use super::scalar::{to_float, tokenize};
use super::scanner::Mark;
use super::{Local, YamlError, MAX_DEPTH};

type Result<T> = std::result::Result<T, YamlError>;

/// What kind of node a value came from (merge keys depend on it).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Scalar,
    Alias,
    Sequence,
    Mapping,
}

enum Frame {
    Seq {
        items: Vec<Value>,
    },
    /// `!!omap [{a: 1}, ...]`: each entry gives its first and last child
    Omap {
        map: Map,
    },
    /// an `!!omap` entry: its children, unvisited as a node of their own
    Raw {
        items: Vec<Value>,
    },
    Map {
        map: Map,
        /// the key read, and whether it may be a merge key
        key: Option<(Value, bool)>,
    },
    /// a mapping tagged `!str` / `!!str`
    StrMap {
        string: Option<Value>,
        members: Vec<(Value, Value)>,
        key: Option<Value>,
    },
}

struct Open {
    frame: Frame,
    anchor: Option<String>,
    kind: Kind,
    id: usize,
    /// holds (a snapshot of) a collection still open around it: fine as a
    /// merge key's value, a cycle anywhere else
    self_ref: bool,
}

enum Anchor {
    /// a collection still being read (its `Open::id`): Psych registers the
    /// object before filling it, so an alias inside sees it as it is so far
    Open(usize),
    Done(Value),
}

/// A finished node on its way into its parent.
struct Node {
    value: Value,
    kind: Kind,
    /// a scalar tagged `!!str` is never a merge key
    merge_ok: bool,
    self_ref: bool,
}

pub(super) struct Composer<'a> {
    stack: Vec<Open>,
    anchors: HashMap<String, Anchor>,
    next_id: usize,
    /// where the first cycle was stored (it matters if it survives: a later
    /// duplicate key may drop it)
    cycle_at: Option<Mark>,
    /// The first error Psych's `ToRuby` would raise (an unknown alias, a
    /// refused tag, a scalar Ruby cannot convert). Psych parses the whole
    /// document before building it, so a syntax error further on wins.
    deferred: Option<YamlError>,
    local: Local<'a>,
}

/// Stands where Ruby would hold a collection inside itself.
struct CycleMark;

impl crate::liquid::Object for CycleMark {
    fn get(&self, _: &str) -> Option<Value> {
        None
    }
    fn keys(&self) -> Vec<String> {
        Vec::new()
    }
    fn type_name(&self) -> &'static str {
        "yaml cycle"
    }
}

fn cycle_mark() -> Value {
    Value::Object(std::sync::Arc::new(CycleMark))
}

/// Whether a cycle mark is left in `v` (iteratively: `v` may be deep).
fn holds_cycle(v: &Value) -> bool {
    let mut todo = vec![v];
    while let Some(v) = todo.pop() {
        match v {
            Value::Object(o) if o.type_name() == "yaml cycle" => return true,
            Value::Array(a) => todo.extend(a.iter()),
            Value::Hash(h) => todo.extend(h.values()),
            _ => {}
        }
    }
    false
}

fn err<T>(message: String, at: Mark) -> Result<T> {
    Err(YamlError::new(message, at, None))
}

const STR_TAG: &str = "tag:yaml.org,2002:str";

impl<'a> Composer<'a> {
    pub fn new(local: Local<'a>) -> Composer<'a> {
        Composer {
            stack: Vec::new(),
            anchors: HashMap::new(),
            next_id: 0,
            cycle_at: None,
            deferred: None,
            local,
        }
    }

    /// The first document of `src` (`Nil` when there is none).
    pub fn load(mut self, src: &str) -> Result<Value> {
        let mut parser = Parser::new(src);
        let mut root: Option<Value> = None;
        while let Some((ev, at)) = parser.next_event()? {
            match ev {
                Event::StreamStart | Event::DocumentStart => {}
                Event::StreamEnd => break,
                Event::DocumentEnd => {
                    if let Some(e) = self.deferred.take() {
                        return Err(e);
                    }
                    let root = root.unwrap_or(Value::Nil);
                    if let Some(at) = self.cycle_at {
                        if holds_cycle(&root) {
                            return err(
                                "an alias inside the collection it names makes a cycle (Ruby builds a recursive structure; hyde refuses it)".into(),
                                at,
                            );
                        }
                    }
                    return Ok(root);
                }
                ev => {
                    if let Some(v) = self.event(ev, at)? {
                        root = Some(v);
                    }
                }
            }
        }
        Ok(Value::Nil)
    }

    fn defer(&mut self, message: String, at: Mark) {
        if self.deferred.is_none() {
            self.deferred = Some(YamlError::new(message, at, None));
        }
    }

    /// Feed one node event; a completed root node comes back.
    fn event(&mut self, ev: Event, at: Mark) -> Result<Option<Value>> {
        let node = match ev {
            Event::Alias { anchor } => match self.anchors.get(&anchor) {
                Some(Anchor::Done(v)) => Node {
                    value: v.clone(),
                    kind: Kind::Alias,
                    merge_ok: true,
                    self_ref: false,
                },
                Some(Anchor::Open(id)) => {
                    let id = *id;
                    let value = self
                        .stack
                        .iter()
                        .find(|o| o.id == id)
                        .and_then(|o| match &o.frame {
                            Frame::Map { map, .. } | Frame::Omap { map } => {
                                Some(Value::hash(map.clone()))
                            }
                            Frame::Seq { items } | Frame::Raw { items } => {
                                Some(Value::array(items.clone()))
                            }
                            Frame::StrMap { .. } => None,
                        })
                        .unwrap_or(Value::Nil);
                    Node {
                        value,
                        kind: Kind::Alias,
                        merge_ok: true,
                        self_ref: true,
                    }
                }
                None => {
                    self.defer(format!("Unknown alias: {anchor}"), at);
                    Node {
                        value: Value::Nil,
                        kind: Kind::Alias,
                        merge_ok: true,
                        self_ref: false,
                    }
                }
            },
            Event::Scalar {
                anchor,
                tag,
                value,
                quoted_implicit,
                ..
            } => {
                let v = self
                    .scalar(&value, tag.as_deref(), quoted_implicit)
                    .unwrap_or_else(|m| {
                        self.defer(m, at);
                        Value::Nil
                    });
                if let Some(a) = anchor {
                    self.anchors.insert(a, Anchor::Done(v.clone()));
                }
                Node {
                    value: v,
                    kind: Kind::Scalar,
                    merge_ok: tag.as_deref() != Some(STR_TAG),
                    self_ref: false,
                }
            }
            Event::SequenceStart { anchor, tag } => {
                self.open_sequence(anchor, tag.as_deref(), at)?;
                return Ok(None);
            }
            Event::MappingStart { anchor, tag } => {
                self.open_mapping(anchor, tag.as_deref(), at)?;
                return Ok(None);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = self.stack.pop() else {
                    return err("a collection ends that never started".into(), at);
                };
                let v = match open.frame {
                    Frame::Seq { items } | Frame::Raw { items } => Value::array(items),
                    Frame::Omap { map } => Value::hash(map),
                    Frame::Map { map, .. } => Value::hash(map),
                    Frame::StrMap {
                        string, members, ..
                    } => str_mapping(string, members).unwrap_or_else(|m| {
                        self.defer(m, at);
                        Value::Nil
                    }),
                };
                if let Some(a) = open.anchor {
                    // unless a node inside took the name since
                    if matches!(self.anchors.get(&a), Some(Anchor::Open(id)) if *id == open.id) {
                        // (holding a live enclosing collection, it is one cycle)
                        let named = if open.self_ref {
                            cycle_mark()
                        } else {
                            v.clone()
                        };
                        self.anchors.insert(a, Anchor::Done(named));
                    }
                }
                Node {
                    value: v,
                    kind: open.kind,
                    merge_ok: true,
                    self_ref: open.self_ref,
                }
            }
            _ => return Ok(None),
        };
        self.complete(node, at)
    }

    fn push(&mut self, frame: Frame, anchor: Option<String>, kind: Kind, at: Mark) -> Result<()> {
        if self.stack.len() >= MAX_DEPTH {
            return err(format!("collections nested more than {MAX_DEPTH} deep"), at);
        }
        // a raw `!!omap` entry is never a node of its own: its anchor is not kept
        let anchor = match self.stack.last() {
            Some(Open {
                frame: Frame::Omap { .. },
                ..
            }) => None,
            _ => anchor,
        };
        let id = self.next_id;
        self.next_id += 1;
        if let Some(a) = &anchor {
            self.anchors.insert(a.clone(), Anchor::Open(id));
        }
        self.stack.push(Open {
            frame,
            anchor,
            kind,
            id,
            self_ref: false,
        });
        Ok(())
    }

    fn in_omap(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Open {
                frame: Frame::Omap { .. },
                ..
            })
        )
    }

    fn open_sequence(&mut self, anchor: Option<String>, tag: Option<&str>, at: Mark) -> Result<()> {
        if self.in_omap() {
            return self.push(Frame::Raw { items: Vec::new() }, anchor, Kind::Sequence, at);
        }
        let frame = match tag {
            Some("!omap" | "tag:yaml.org,2002:omap") => Frame::Omap {
                map: Map::default(),
            },
            Some(t) if t.starts_with("!seq:") || t.starts_with("!ruby/array:") => {
                self.defer(disallowed(t), at);
                Frame::Seq { items: Vec::new() }
            }
            _ => Frame::Seq { items: Vec::new() },
        };
        self.push(frame, anchor, Kind::Sequence, at)
    }

    fn open_mapping(&mut self, anchor: Option<String>, tag: Option<&str>, at: Mark) -> Result<()> {
        if self.in_omap() {
            return self.push(Frame::Raw { items: Vec::new() }, anchor, Kind::Mapping, at);
        }
        let plain = Frame::Map {
            map: Map::default(),
            key: None,
        };
        let frame = match tag {
            None | Some("!ruby/object:Hash") => plain,
            Some(t) if t == STR_TAG || is_str_tag(t) => {
                if str_tag_class(t).is_some() {
                    self.defer(disallowed(t), at);
                }
                Frame::StrMap {
                    string: None,
                    members: Vec::new(),
                    key: None,
                }
            }
            Some(t)
                if t.starts_with("!ruby/struct")
                    || t.starts_with("!ruby/object")
                    || t.starts_with("!ruby/array:")
                    || t == "!ruby/range"
                    || t.starts_with("!ruby/exception")
                    || t == "!set"
                    || t == "tag:yaml.org,2002:set"
                    || t.starts_with("!map:")
                    || t.starts_with("!ruby/hash:")
                    || t == "!omap"
                    || t == "tag:yaml.org,2002:omap"
                    || t.starts_with("!ruby/marshalable:") =>
            {
                self.defer(disallowed(t), at);
                plain
            }
            Some(t) if t.starts_with("!ruby/hash-with-ivars") => {
                self.defer(format!("hyde does not read the Ruby-specific tag {t}"), at);
                plain
            }
            Some(_) => plain,
        };
        self.push(frame, anchor, Kind::Mapping, at)
    }

    /// Hand a finished node to the collection it is in (or return it: the root).
    fn complete(&mut self, node: Node, at: Mark) -> Result<Option<Value>> {
        let Node {
            value: v,
            kind,
            merge_ok,
            self_ref,
        } = node;
        // a value that holds a live enclosing collection, once stored: a cycle
        if self_ref {
            self.cycle_at.get_or_insert(at);
        }
        let stored = |v: Value| if self_ref { cycle_mark() } else { v };
        let mut problem = None;
        let Some(top) = self.stack.last_mut() else {
            return Ok(Some(stored(v)));
        };
        match &mut top.frame {
            Frame::Seq { items } | Frame::Raw { items } => {
                items.push(v);
                top.self_ref |= self_ref;
            }
            Frame::Omap { map } => {
                // an entry is a raw frame: its first and last children
                match (&v, kind) {
                    (Value::Array(c), Kind::Sequence | Kind::Mapping) => {
                        match (c.first(), c.last()) {
                            (Some(first), Some(last)) => {
                                map.insert(key_string(first), stored(last.clone()));
                            }
                            _ => problem = Some("an !!omap entry is empty"),
                        }
                    }
                    _ => problem = Some("an !!omap entry must be a mapping or a sequence"),
                }
            }
            Frame::Map { map, key } => match key.take() {
                None if self_ref => {
                    problem = Some("a mapping is a key inside itself (a cycle hyde cannot hold)");
                    *key = Some((cycle_mark(), false));
                }
                None => *key = Some((v, merge_ok)),
                Some((k, may_merge)) => {
                    if may_merge && matches!(&k, Value::Str(s) if &**s == "<<") {
                        if !merge(map, &v, kind) {
                            map.insert("<<".to_string(), stored(v));
                        }
                    } else {
                        map.insert(key_string(&k), stored(v));
                    }
                }
            },
            Frame::StrMap {
                string,
                members,
                key,
            } => match key.take() {
                None => *key = Some(stored(v)),
                Some(k) => {
                    if matches!(&k, Value::Str(s) if &**s == "str") {
                        *string = Some(stored(v));
                    } else {
                        members.push((k, stored(v)));
                    }
                }
            },
        }
        if let Some(p) = problem {
            self.defer(p.into(), at);
        }
        Ok(None)
    }

    /// Psych's `deserialize` of a scalar node.
    fn scalar(
        &self,
        value: &str,
        tag: Option<&str>,
        quoted_implicit: bool,
    ) -> std::result::Result<Value, String> {
        if quoted_implicit {
            return Ok(Value::str(value));
        }
        let Some(tag) = tag else {
            return tokenize(value, self.local);
        };
        match tag {
            "!binary" | "tag:yaml.org,2002:binary" => {
                let bytes = base64_lenient(value);
                Ok(Value::str(&String::from_utf8_lossy(&bytes)))
            }
            STR_TAG => Ok(Value::str(value)),
            t if is_str_tag(t) => match str_tag_class(t) {
                Some(_) => Err(disallowed(t)),
                None => Ok(Value::str(value)),
            },
            "!ruby/object:BigDecimal"
            | "!ruby/object:DateTime"
            | "!ruby/object:Complex"
            | "!ruby/object:Rational"
            | "!ruby/regexp"
            | "!ruby/range" => Err(disallowed(tag)),
            "!ruby/encoding" => Err(format!("hyde does not read the Ruby-specific tag {tag}")),
            "!ruby/class" | "!ruby/module" => {
                if value.is_empty() {
                    Ok(Value::Nil)
                } else {
                    Err(disallowed(tag))
                }
            }
            "tag:yaml.org,2002:float" | "!float" => to_float(&tokenize(value, self.local)?),
            t if t.starts_with("!ruby/sym") => Err(disallowed(t)),
            _ => tokenize(value, self.local),
        }
    }
}

/// `/^!(?:str|ruby\/string)(?::(.*))?$/`
fn is_str_tag(t: &str) -> bool {
    let rest = t
        .strip_prefix("!str")
        .or_else(|| t.strip_prefix("!ruby/string"));
    matches!(rest, Some(r) if r.is_empty() || r.starts_with(':'))
}

/// The class named after `!str:` (Psych would have to load it).
fn str_tag_class(t: &str) -> Option<&str> {
    let rest = t
        .strip_prefix("!str")
        .or_else(|| t.strip_prefix("!ruby/string"))?;
    rest.strip_prefix(':').filter(|c| !c.is_empty())
}

fn disallowed(tag: &str) -> String {
    format!("the tag {tag} asks for a Ruby object, and Jekyll reads YAML safely (plain data, dates and times only): remove the tag")
}

/// A mapping tagged as a string: its `str` value, when nothing else is set.
fn str_mapping(
    string: Option<Value>,
    members: Vec<(Value, Value)>,
) -> std::result::Result<Value, String> {
    if members.is_empty() {
        return Ok(string.unwrap_or(Value::Nil));
    }
    let named = members.iter().all(|(k, _)| {
        let k = key_string(k);
        let k = k.strip_prefix('@').unwrap_or(&k);
        let mut cs = k.chars();
        cs.next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
    });
    match string {
        Some(s @ Value::Str(_)) if named => Ok(s),
        _ => Err("a !str mapping sets instance variables Ruby refuses".into()),
    }
}

/// `hash.merge!` of a merge key's value: a mapping (or an alias to one), or
/// a sequence of mappings (earlier ones win); `false` for anything else
/// (Ruby raises TypeError and keeps it as the key `<<`).
fn merge(map: &mut Map, v: &Value, kind: Kind) -> bool {
    match (kind, v) {
        (Kind::Alias | Kind::Mapping, Value::Hash(h)) => {
            for (k, x) in h.iter() {
                map.insert(k.clone(), x.clone());
            }
        }
        (Kind::Sequence, Value::Array(items))
            if items.iter().all(|i| matches!(i, Value::Hash(_))) =>
        {
            let mut merged = Map::default();
            for item in items.iter().rev() {
                if let Value::Hash(h) = item {
                    for (k, x) in h.iter() {
                        merged.insert(k.clone(), x.clone());
                    }
                }
            }
            for (k, x) in merged {
                map.insert(k, x);
            }
        }
        _ => return false,
    }
    true
}

/// A hash key as text: Ruby's `to_s` of it (`inspect` for collections),
/// cut at [`MAX_KEY`] bytes.
///
/// Ruby keeps a collection key as the collection; hyde's keys are strings.
/// A key that is a mapping whose key is a mapping… (`? ? ? x`) would
/// inspect the inner key's text again at each level, escaping its quotes:
/// the text doubles per level (a hundred `?` in a 600-byte file never
/// finished). Cut, it stays the size of one level.
pub(super) fn key_string(k: &Value) -> String {
    let mut s = match k {
        Value::Str(s) => s.to_string(),
        other => crate::liquid::ruby::obj_to_s(other),
    };
    if s.len() > MAX_KEY && !matches!(k, Value::Str(_)) {
        let mut end = MAX_KEY;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

/// The longest text a collection key is given (see [`key_string`]).
const MAX_KEY: usize = 4096;

/// Ruby's `unpack('m')`: base64, skipping what is not of its alphabet,
/// stopping at `=`.
fn base64_lenient(s: &str) -> Vec<u8> {
    fn val(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut quad: Vec<u32> = Vec::with_capacity(4);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        i += 1;
        if let Some(v) = val(c) {
            quad.push(v);
            if quad.len() == 4 {
                let n = (quad[0] << 18) | (quad[1] << 12) | (quad[2] << 6) | quad[3];
                out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
                quad.clear();
            }
        } else if c == b'=' && quad.len() >= 2 {
            break;
        }
    }
    match quad.len() {
        2 => out.push(((quad[0] << 2) | (quad[1] >> 4)) as u8),
        3 => {
            out.push(((quad[0] << 2) | (quad[1] >> 4)) as u8);
            out.push((((quad[1] & 0xf) << 4) | (quad[2] >> 2)) as u8);
        }
        _ => {}
    }
    out
}

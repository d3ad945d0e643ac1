//! YAML as Jekyll reads it: Psych (YAML 1.1 scalar rules) over a YAML parser.
//!
//! We use `saphyr-parser` (maintained successor line of yaml-rust; serde_yaml is
//! archived) because it reports each scalar's *style*: Psych resolves only plain
//! scalars (`2024-01-02` → Date, `yes` → true, `1:30` → 90, `0o17`...) while quoted
//! ones stay strings, and that distinction is what real front matter depends on.
//! The resolution rules below follow Psych's `ScalarScanner#tokenize`.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use regex::Regex;
use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::liquid::{Map, Value};

/// A YAML syntax error with its 1-based line and column.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message} (line {line}, column {col})")]
pub struct YamlError {
    pub message: String,
    pub line: usize,
    pub col: usize,
}

/// Parse the first document of `src`. An empty document is `Nil`.
/// `local` gives the offset Psych gives a wall-clock time written without a zone
/// (Ruby's local zone: TZ, or the site's `timezone`).
pub fn parse(src: &str, local: Local<'_>) -> Result<Value, YamlError> {
    match parse_once(src, local) {
        // libyaml (Psych) lets a quoted scalar's continuation lines start at
        // any column (`citation: 'A \nB'` with B at column 0, as academicpages'
        // generators and hand edits write them); saphyr wants them indented
        // past their key. A continuation line's leading blanks are folded away,
        // so indenting them changes no value: parse that text instead.
        Err(e) if e.message.contains("invalid indentation") => match reindent_quoted_scalars(src) {
            Some(fixed) => parse_once(&fixed, local).map_err(|_| e),
            None => Err(e),
        },
        other => other,
    }
}

/// `src` with the continuation lines of every multi-line quoted scalar or
/// flow collection that is a block value (`key: "...`, `- '...`,
/// `key: [a,`) indented one column past the line that opens it; `None` when
/// nothing needed it.
fn reindent_quoted_scalars(src: &str) -> Option<String> {
    let mut out = String::with_capacity(src.len() + 64);
    let mut open: Option<(Flow, usize)> = None; // the construct, and the indentation its lines need
    let mut changed = false;
    for line in src.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        match open.as_mut() {
            Some((flow, need)) => {
                let lead = body.len() - body.trim_start_matches([' ', '\t']).len();
                if lead < *need && !body.trim().is_empty() {
                    out.extend(std::iter::repeat_n(' ', *need - lead));
                    changed = true;
                }
                flow.scan(body.as_bytes(), 0);
                if flow.closed() {
                    open = None;
                }
            }
            None => {
                if let Some((at, indent)) = value_start(body) {
                    let mut flow = Flow::default();
                    flow.scan(body.as_bytes(), at);
                    if !flow.closed() {
                        open = Some((flow, indent + 1));
                    }
                }
            }
        }
        out.push_str(line);
    }
    changed.then_some(out)
}

/// Where a line's block value starts with a quote, `[` or `{`: its byte
/// offset and the line's indentation, for `key: ...` and `- ...` lines.
fn value_start(line: &str) -> Option<(usize, usize)> {
    let b = line.as_bytes();
    let opens = |c: u8| matches!(c, b'"' | b'\'' | b'[' | b'{');
    let indent = b.iter().take_while(|&&c| c == b' ').count();
    let mut i = indent;
    // sequence entries: `- `, `- - `
    while i + 1 < b.len() && b[i] == b'-' && (b[i + 1] == b' ' || b[i + 1] == b'\t') {
        i += 2;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
    }
    if i < b.len() && opens(b[i]) {
        return Some((i, indent));
    }
    // a plain key, then `: ` and the value
    let mut j = i;
    while j + 1 < b.len() {
        if b[j] == b'#' && j > 0 && b[j - 1] == b' ' {
            return None;
        }
        if b[j] == b':' && (b[j + 1] == b' ' || b[j + 1] == b'\t') {
            let mut k = j + 1;
            while k < b.len() && (b[k] == b' ' || b[k] == b'\t') {
                k += 1;
            }
            return (k < b.len() && opens(b[k])).then_some((k, indent));
        }
        j += 1;
    }
    None
}

/// Where a quoted scalar or flow collection stands after the text scanned
/// so far: the open quote (backslash escapes in double quotes, `''` in
/// single quotes) and how many brackets are open.
#[derive(Default)]
struct Flow {
    quote: Option<u8>,
    depth: usize,
}

impl Flow {
    fn scan(&mut self, b: &[u8], from: usize) {
        let mut i = from;
        while i < b.len() {
            let c = b[i];
            match self.quote {
                Some(b'"') if c == b'\\' => i += 1,
                Some(b'\'') if c == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 1,
                Some(q) if c == q => self.quote = None,
                Some(_) => {}
                None => match c {
                    b'"' | b'\'' => self.quote = Some(c),
                    b'[' | b'{' => self.depth += 1,
                    b']' | b'}' => self.depth = self.depth.saturating_sub(1),
                    // a comment ends the line outside quotes
                    b'#' if i > 0 && b[i - 1] == b' ' => return,
                    _ => {}
                },
            }
            i += 1;
            if self.closed() {
                // the scalar or collection ends here: the rest of the line is not ours
                return;
            }
        }
    }

    fn closed(&self) -> bool {
        self.quote.is_none() && self.depth == 0
    }
}

fn parse_once(src: &str, local: Local<'_>) -> Result<Value, YamlError> {
    // libyaml (Psych) keeps a byte order mark inside a scalar as text; saphyr
    // rejects it, so it travels as a private placeholder and is put back.
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let swapped;
    let src = if src.contains('\u{feff}') {
        swapped = src.replace('\u{feff}', BOM_STANDIN);
        swapped.as_str()
    } else {
        src
    };
    let mut b = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        done: None,
        local,
    };
    let parser = Parser::new_from_str(src);
    for ev in parser {
        let (ev, span) = ev.map_err(|e| YamlError {
            message: e.info().to_string(),
            line: e.marker().line(),
            col: e.marker().col() + 1,
        })?;
        let _ = span;
        match ev {
            Event::DocumentEnd => {
                if b.done.is_some() {
                    break;
                }
            }
            Event::StreamEnd => break,
            _ => b.event(ev),
        }
        if b.done.is_some() && b.stack.is_empty() {
            // first document complete; Psych's safe_load would also reject more, Jekyll reads one
        }
    }
    Ok(b.done.unwrap_or(Value::Nil))
}

enum Frame {
    Seq(Vec<Value>, usize),
    Map(Map, Option<Value>, usize),
}

const BOM_STANDIN: &str = "\u{10fffd}";

/// The local zone: wall-clock time → its UTC offset.
pub type Local<'a> = &'a dyn Fn(&NaiveDateTime) -> FixedOffset;

struct Builder<'a> {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Value>,
    done: Option<Value>,
    local: Local<'a>,
}

impl Builder<'_> {
    fn event(&mut self, ev: Event) {
        match ev {
            Event::Scalar(s, style, anchor, tag) => {
                let s = if s.contains(BOM_STANDIN) {
                    s.replace(BOM_STANDIN, "\u{feff}").into()
                } else {
                    s
                };
                let tag = tag.map(|t| t.suffix.clone());
                let v = match tag.as_deref() {
                    Some("str") => Value::str(&s),
                    Some("int") => s
                        .trim()
                        .parse::<i64>()
                        .map(Value::Int)
                        .unwrap_or_else(|_| Value::str(&s)),
                    Some("float") => s
                        .trim()
                        .parse::<f64>()
                        .map(Value::Float)
                        .unwrap_or_else(|_| Value::str(&s)),
                    _ if style == ScalarStyle::Plain => resolve_plain(&s, self.local),
                    _ => Value::str(&s),
                };
                self.push(v, anchor);
            }
            Event::Alias(id) => {
                let v = self.anchors.get(&id).cloned().unwrap_or(Value::Nil);
                self.push(v, 0);
            }
            Event::SequenceStart(anchor, _) => self.stack.push(Frame::Seq(Vec::new(), anchor)),
            Event::MappingStart(anchor, _) => self.stack.push(Frame::Map(Map::new(), None, anchor)),
            Event::SequenceEnd => {
                if let Some(Frame::Seq(v, anchor)) = self.stack.pop() {
                    self.push(Value::array(v), anchor);
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map(m, _, anchor)) = self.stack.pop() {
                    self.push(Value::hash(m), anchor);
                }
            }
            _ => {}
        }
    }

    fn push(&mut self, v: Value, anchor: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, v.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.done.is_none() {
                    self.done = Some(v);
                }
            }
            Some(Frame::Seq(items, _)) => items.push(v),
            Some(Frame::Map(m, key, _)) => match key.take() {
                None => *key = Some(v),
                Some(k) => {
                    if let (Value::Str(ks), Value::Hash(h)) = (&k, &v) {
                        if &**ks == "<<" {
                            // merge key: earlier explicit keys win
                            for (hk, hv) in h.iter() {
                                m.entry(hk.clone()).or_insert_with(|| hv.clone());
                            }
                            return;
                        }
                    }
                    m.insert(key_string(&k), v);
                }
            },
        }
    }
}

/// Hash keys are strings in our model; Ruby would keep 2020 an Integer key,
/// but every lookup from Liquid with a string or number reaches it the same way.
fn key_string(k: &Value) -> String {
    match k {
        Value::Str(s) => s.to_string(),
        Value::Nil => String::new(),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        other => format!("{other:?}"),
    }
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| {
            // the pattern is a constant checked by the unit tests
            Regex::new($pat).unwrap()
        });
    };
}

re!(
    STRINGISH,
    r"^[^\d.:-]?[[:alpha:]_\s!@#$%\^&*(){}<>|/\\~;=]+"
);
re!(
    TIME,
    r"^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$"
);
re!(DATE, r"^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$");
re!(SEXA_INT, r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$");
re!(
    SEXA_FLOAT,
    r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}\.[0-9_]*$"
);
re!(
    FLOAT,
    r"^(?:[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?)$"
);
re!(
    INTEGER,
    r"^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$"
);
re!(
    TIME_PARTS,
    r"^(-?\d{4})-(\d{1,2})-(\d{1,2})[ tT]\s*(\d+):(\d+):(\d+)(?:\.(\d*))?\s*(Z|[-+]\d+(?::?\d\d)?)?"
);

/// Psych's `ScalarScanner#tokenize` for a plain scalar.
pub fn resolve_plain(s: &str, local: Local<'_>) -> Value {
    if s.is_empty() || s == "~" {
        return Value::Nil;
    }
    if STRINGISH.is_match(s) || s.contains('\n') {
        if s.len() > 5 {
            return Value::str(s);
        }
        let lower = s.to_ascii_lowercase();
        let first = lower.chars().next().unwrap_or(' ');
        if !"ytonf~".contains(first) {
            return Value::str(s);
        }
        return match lower.as_str() {
            "null" => Value::Nil,
            "yes" | "true" | "on" => Value::Bool(true),
            "no" | "false" | "off" => Value::Bool(false),
            _ => Value::str(s),
        };
    }
    if TIME.is_match(s) {
        return parse_time(s, local)
            .map(Value::Time)
            .unwrap_or_else(|| Value::str(s));
    }
    if DATE.is_match(s) {
        let mut it = s.split('-').map(|p| p.parse::<u32>().unwrap_or(0));
        let (y, m, d) = (
            it.next().unwrap_or(0),
            it.next().unwrap_or(0),
            it.next().unwrap_or(0),
        );
        return NaiveDate::from_ymd_opt(y as i32, m, d)
            .map(Value::Date)
            .unwrap_or_else(|| Value::str(s));
    }
    let lower = s.to_ascii_lowercase();
    if lower == ".inf" || lower == "+.inf" {
        return Value::Float(f64::INFINITY);
    }
    if lower == "-.inf" {
        return Value::Float(f64::NEG_INFINITY);
    }
    if lower == ".nan" {
        return Value::Float(f64::NAN);
    }
    if s.starts_with(':') && s.len() > 1 {
        // a Ruby symbol; Jekyll's safe_load rejects symbols, we keep the text
        return Value::str(s);
    }
    if SEXA_INT.is_match(s) {
        return Value::Int(sexagesimal(s) as i64);
    }
    if SEXA_FLOAT.is_match(s) {
        return Value::Float(sexagesimal(s));
    }
    if FLOAT.is_match(s) {
        if s.trim_start_matches(['-', '+']) == "." {
            return Value::str(s);
        }
        let cleaned: String = s.chars().filter(|c| *c != ',' && *c != '_').collect();
        let cleaned = cleaned.replace(".e", "e").replace(".E", "E");
        let cleaned = cleaned.strip_suffix('.').unwrap_or(&cleaned);
        return cleaned
            .parse::<f64>()
            .map(Value::Float)
            .unwrap_or_else(|_| Value::str(s));
    }
    if INTEGER.is_match(s) {
        return parse_int(s)
            .map(Value::Int)
            .unwrap_or_else(|| Value::str(s));
    }
    Value::str(s)
}

fn sexagesimal(s: &str) -> f64 {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let parts: Vec<&str> = body.split(':').collect();
    let n = parts.len();
    let mut total = 0.0;
    for (e, p) in parts.iter().enumerate() {
        let p: String = p.chars().filter(|c| *c != '_').collect();
        let v: f64 = p.parse().unwrap_or(0.0);
        total += v * 60f64.powi((e as i32 - 2).abs());
        let _ = n;
    }
    if neg {
        -total
    } else {
        total
    }
}

/// Ruby's `Integer("...")` after removing `,` and `_`: prefixes 0b, 0, 0x.
fn parse_int(s: &str) -> Option<i64> {
    let cleaned: String = s.chars().filter(|c| *c != ',' && *c != '_').collect();
    let (neg, body) = match cleaned.strip_prefix('-') {
        Some(b) => (true, b.to_string()),
        None => (
            false,
            cleaned.strip_prefix('+').unwrap_or(&cleaned).to_string(),
        ),
    };
    let v = if let Some(b) = body.strip_prefix("0b") {
        i64::from_str_radix(b, 2).ok()?
    } else if let Some(h) = body.strip_prefix("0x") {
        i64::from_str_radix(h, 16).ok()?
    } else if body.len() > 1 && body.starts_with('0') {
        i64::from_str_radix(&body[1..], 8).ok()?
    } else {
        body.parse::<i64>().ok()?
    };
    Some(if neg { -v } else { v })
}

/// Psych's `parse_time`: `Z` → UTC; `+hh[:mm]` → that offset; no zone → the
/// instant read as UTC (Psych builds `Time.utc(...)` then `Time.at`), shown at
/// the local zone's offset (checked against Ruby with TZ=America/New_York:
/// `a: 2024-07-15 23:30:00` loads as `2024-07-15 19:30:00 -0400`).
pub fn parse_time(s: &str, local: Local<'_>) -> Option<DateTime<FixedOffset>> {
    let c = TIME_PARTS.captures(s)?;
    let num = |i: usize| {
        c.get(i)
            .and_then(|m| m.as_str().parse::<i64>().ok())
            .unwrap_or(0)
    };
    let date = NaiveDate::from_ymd_opt(num(1) as i32, num(2) as u32, num(3) as u32)?;
    let frac = c.get(7).map(|m| m.as_str()).unwrap_or("");
    let nanos: u32 = if frac.is_empty() {
        0
    } else {
        let mut f = frac.to_string();
        f.truncate(9);
        while f.len() < 9 {
            f.push('0');
        }
        f.parse().unwrap_or(0)
    };
    let (h, mi, sec) = (num(4), num(5), num(6));
    // Ruby's Time.utc accepts 24:00:00 and rolls over; do the same via seconds.
    let base = date.and_hms_opt(0, 0, 0)?;
    let naive = base
        + chrono::Duration::seconds(h * 3600 + mi * 60 + sec)
        + chrono::Duration::nanoseconds(nanos as i64);
    let offset = match c.get(8).map(|m| m.as_str()) {
        Some("Z") => FixedOffset::east_opt(0)?,
        None => {
            // `local` maps wall-clock time to an offset; find the offset of
            // the UTC instant `naive` (one refinement covers DST changes).
            let first = local(&naive);
            let wall = naive + chrono::Duration::seconds(i64::from(first.local_minus_utc()));
            let off = local(&wall);
            return Some(naive.and_utc().with_timezone(&off));
        }
        Some(z) => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let digits: String = z[1..].chars().filter(|c| c.is_ascii_digit()).collect();
            let (hh, mm) = if z[1..].contains(':') {
                let mut p = z[1..].split(':');
                (
                    p.next()?.parse::<i32>().ok()?,
                    p.next().and_then(|m| m.parse::<i32>().ok()).unwrap_or(0),
                )
            } else if digits.len() > 2 {
                (
                    digits[..digits.len() - 2].parse().ok()?,
                    digits[digits.len() - 2..].parse().ok()?,
                )
            } else {
                (digits.parse().ok()?, 0)
            };
            FixedOffset::east_opt(sign * (hh * 3600 + mm * 60))?
        }
    };
    offset.from_local_datetime(&naive).single()
}

/// A `Value::Str` helper used by readers for Arc-shared text.
pub fn shared(s: &str) -> Arc<str> {
    Arc::from(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(_: &NaiveDateTime) -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }
    fn p(s: &str) -> Value {
        parse(s, &utc).unwrap()
    }

    /// Quoted scalars whose continuation lines start at column 0: what
    /// Psych 4 (Ruby 3.1's `YAML.safe_load`) makes of each.
    #[test]
    fn quoted_continuations_at_any_column_as_psych() {
        let v = p("citation: 'C. Cervantes &amp; W. Fu. (2013) Narrative: \nAn Approach for Learning. Conference \nSystems (ACS)'\nvenue: x\n");
        assert_eq!(
            v.get("citation").as_str(),
            Some("C. Cervantes &amp; W. Fu. (2013) Narrative: An Approach for Learning. Conference Systems (ACS)")
        );
        assert_eq!(v.get("venue").as_str(), Some("x"));
        let v = p("title: \"A long\ntitle with \\\"quotes\\\"\n  and more\"\nnext: 1\n");
        assert_eq!(
            v.get("title").as_str(),
            Some("A long title with \"quotes\" and more")
        );
        assert!(matches!(v.get("next"), Value::Int(1)));
        let v = p("excerpt: 'it''s\n\nnew paragraph'\n");
        assert_eq!(v.get("excerpt").as_str(), Some("it's\nnew paragraph"));
        let v = p("list:\n  - \"item one\ncontinued\"\n  - b\n");
        match v.get("list") {
            Value::Array(a) => assert_eq!(a[0].as_str(), Some("item one continued")),
            other => panic!("{other:?}"),
        }
        let v = p("links: [\"/a\", \n\"/b\",\n\"/c\"]\nnext: 'q'\n");
        match v.get("links") {
            Value::Array(a) => assert_eq!(a.len(), 3),
            other => panic!("{other:?}"),
        }
        assert_eq!(v.get("next").as_str(), Some("q"));
        let v = p("a:\n  b: 'x\ny'\n  c: 2\n");
        assert_eq!(v.get("a").get("b").as_str(), Some("x y"));
        assert!(matches!(v.get("a").get("c"), Value::Int(2)));
        // what is still wrong stays an error, at the same place
        let e = parse("a: 'x\ny\n", &utc).unwrap_err();
        assert!(e.line >= 1, "{}", e.message);
    }

    #[test]
    fn psych_scalars() {
        let v = p("a: yes\nb: 'yes'\nc: 2024-01-02\nd: \"2024-01-02\"\ne: 1:30\nf: 012\ng: 1.5\nh: ~\ni: 10\nj: 1_000\nk: Off\nl: hello world\n");
        assert!(matches!(v.get("a"), Value::Bool(true)));
        assert_eq!(v.get("b").as_str(), Some("yes"));
        assert!(matches!(v.get("c"), Value::Date(_)));
        assert_eq!(v.get("d").as_str(), Some("2024-01-02"));
        assert!(matches!(v.get("e"), Value::Int(5400)));
        assert!(matches!(v.get("f"), Value::Int(10)));
        assert!(matches!(v.get("g"), Value::Float(x) if x == 1.5));
        assert!(v.get("h").is_nil());
        assert!(matches!(v.get("i"), Value::Int(10)));
        assert!(matches!(v.get("j"), Value::Int(1000)));
        assert!(matches!(v.get("k"), Value::Bool(false)));
        assert_eq!(v.get("l").as_str(), Some("hello world"));
    }

    #[test]
    fn times_and_anchors() {
        let v = p("t: 2020-05-01 10:20:30 +02:00\nu: 2020-05-01T10:20:30Z\nname: &n Ann\nwho: *n\nbase: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n");
        match v.get("t") {
            Value::Time(t) => assert_eq!(t.to_rfc3339(), "2020-05-01T10:20:30+02:00"),
            o => panic!("{o:?}"),
        }
        assert!(matches!(v.get("u"), Value::Time(_)));
        assert_eq!(v.get("who").as_str(), Some("Ann"));
        assert!(matches!(v.get("d").get("x"), Value::Int(1)));
    }

    #[test]
    fn error_has_position() {
        let e = parse("a: [1, 2\nb: c", &utc).unwrap_err();
        assert!(e.line >= 1);
    }
}

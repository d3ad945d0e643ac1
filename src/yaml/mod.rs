//! YAML as Jekyll 4.3.1 reads it.
//!
//! Jekyll loads front matter, `_config.yml` and `_data` files with
//! `Psych.safe_load(yaml, permitted_classes: [Date, Time], aliases: true)`
//! (`Jekyll::Utils.safe_load_yaml`; no SafeYAML gem any more). Psych is
//! libyaml 0.2.5 underneath, plus Ruby rules for what a scalar means. hyde
//! carries both itself rather than lean on a YAML 1.2 parser made lenient by
//! re-parsing: an earlier saphyr-based loader needed text rewrites for
//! libyaml's leniencies (quoted scalars continued at column 0) and still
//! accepted what libyaml refuses (control characters, tab indentation,
//! keys over 1024 characters) and refused what it accepts (U+2028 as a line
//! break). `tests/yaml_ruby_diff.rs` holds this module to Ruby's answers.
//!
//! - `scanner`: characters → tokens (libyaml's scanner; `scanner::reader`
//!   its character checks and line breaks, `scanner::scalars` its lexemes);
//! - `parser`: tokens → events (libyaml's parser; no recursion, so deep
//!   nesting is an error value, never a stack overflow);
//! - `compose`: events → `Value` (Psych's `ToRuby`, restricted class loader);
//! - `scalar`: what a plain scalar means (Psych's `ScalarScanner`), with
//!   `bigint` for integers past 64 bits.

mod bigint;
mod compose;
mod parser;
mod scalar;
mod scanner;

use chrono::{FixedOffset, NaiveDateTime};

use crate::liquid::Value;

pub use scalar::parse_time;

/// How deep collections may nest. Psych recurses once per level and
/// overflows Ruby's stack (SystemStackError, a crash Jekyll does not catch)
/// at about 960 nested mappings; hyde stops at this depth with an error.
pub const MAX_DEPTH: usize = 1000;

/// A YAML error with its 1-based line and column.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message} (line {line}, column {col})")]
pub struct YamlError {
    pub message: String,
    pub line: usize,
    pub col: usize,
    /// Where the construct the problem is in starts (line, column), when
    /// libyaml names one ("while scanning a simple key" ...).
    pub context: Option<(usize, usize)>,
}

impl YamlError {
    /// `problem` at `at`, found while reading what starts at `context`.
    fn new(
        problem: String,
        at: scanner::Mark,
        context: Option<(&str, scanner::Mark)>,
    ) -> YamlError {
        let mut message = match context {
            Some((what, m)) if m != at => format!(
                "{problem} ({what} that starts at line {}, column {})",
                m.line + 1,
                m.column + 1
            ),
            Some((what, _)) => format!("{problem} ({what})"),
            None => problem.clone(),
        };
        if let Some(h) = hint(&problem) {
            message.push_str(": ");
            message.push_str(h);
        }
        YamlError {
            message,
            line: at.line + 1,
            col: at.column + 1,
            context: context.map(|(_, m)| (m.line + 1, m.column + 1)),
        }
    }
}

/// What to do about a problem, where libyaml's words leave it unsaid.
fn hint(problem: &str) -> Option<&'static str> {
    let starts = |p: &str| problem.starts_with(p);
    Some(if starts("could not find expected ':'") {
        "a key ends with ':' on the line it starts on (and within 1024 characters); quote a value that contains ': ' or '#'"
    } else if starts("mapping values are not allowed") {
        "quote a value that contains ': ', or check this line's indentation"
    } else if starts("found character that cannot start any token") {
        "indent with spaces, not tabs, and quote a value that starts with @, ` or %"
    } else if starts("found a tab character") {
        "indent with spaces, not tabs"
    } else if starts("found unknown escape character") {
        "in double quotes a backslash starts an escape: write \\\\ for one, or use single quotes"
    } else if starts("control characters are not allowed") {
        "remove the invisible control character"
    } else if starts("found unexpected end of stream") {
        "close the quoted text with its quote"
    } else if starts("did not find expected key") || starts("did not find expected '-'") {
        "check this line's indentation, and that nothing follows a quoted value's closing quote (write '' for a ' inside single quotes)"
    } else if starts("Unknown alias") {
        "define the anchor (&name) before its alias (*name), or quote a value that starts with *"
    } else if starts("Tried to load unspecified class") {
        "quote the value to keep it as text"
    } else {
        return None;
    })
}

/// The local zone: the UTC offset in effect at a UTC instant (Ruby's
/// `Time.at` of a timestamp written without a zone: TZ, or the site's
/// `timezone`).
pub type Local<'a> = &'a dyn Fn(&NaiveDateTime) -> FixedOffset;

/// The first document of `src`, as `Jekyll::Utils.safe_load_yaml` gives it;
/// `Nil` when there is none. What Ruby raises on is an error naming the line
/// and column.
pub fn parse(src: &str, local: Local<'_>) -> Result<Value, YamlError> {
    compose::Composer::new(local).load(src)
}

/// What a plain scalar means (`2024-01-02` a Date, `yes` true, `1:30`
/// 5400...); text Ruby would refuse (a `:symbol`) stays text.
pub fn resolve_plain(s: &str, local: Local<'_>) -> Value {
    scalar::tokenize(s, local).unwrap_or_else(|_| Value::str(s))
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
        // a tab cannot indent: libyaml's words, at line 2, column 1
        let e = parse("a:\n\tb: 1", &utc).unwrap_err();
        assert_eq!((e.line, e.col), (2, 1));
        assert!(e
            .message
            .starts_with("found character that cannot start any token"));
    }

    /// Psych 4.0.3 over libyaml 0.2.5 (`Jekyll::Utils.safe_load_yaml`, Ruby
    /// 3.1), as `inspect` prints it; tests/yaml_ruby_diff.rs asks Ruby itself.
    #[test]
    fn as_ruby() {
        for (yaml, ruby) in [
            // a byte order mark reaching Psych (a _config.yml, a data file)
            // puts the first key at column 1: the mapping ends at `b`
            ("\u{feff}a: 1\nb: 2", r#"{"a"=>1}"#),
            ("a: 1\u{2028}b: 2", r#"{"a"=>1, "b"=>2}"#),
            ("a: n\n\n  no", r#"{"a"=>false}"#),
            ("k0: &a0\n  x: 1\n  <<: *a0\n", r#"{"k0"=>{"x"=>1}}"#),
            (
                "base: &b {x: 1, y: 2}\nd:\n  y: 3\n  <<: *b\n  z: 4\n",
                r#"{"base"=>{"x"=>1, "y"=>2}, "d"=>{"y"=>2, "x"=>1, "z"=>4}}"#,
            ),
            (
                "a: 2024-02-30\nb: 1:30\nc: -1:30\nd: 017\ne: 0o17\nf: 1_000\ng: .5\nh: ~\ni: Null\nj: 'yes'\nk: 12e3\n",
                r#"{"a"=>"2024-02-30", "b"=>5400, "c"=>-1800, "d"=>15, "e"=>"0o17", "f"=>1000, "g"=>0.5, "h"=>nil, "i"=>nil, "j"=>"yes", "k"=>"12e3"}"#,
            ),
            ("t: 2035-11-31 19:17:11 -05:00\n", r#"{"t"=>2035-10-30 19:17:11 -0500}"#),
            ("a: 'x\ny'\nb: \"1\n\n  2\"\n", r#"{"a"=>"x y", "b"=>"1\n2"}"#),
            (
                "- !!str 12\n- !!float 1\n- ! 12\n- !!int '12'\n- !foo bar\n",
                r#"["12", 1.0, 12, 12, "bar"]"#,
            ),
        ] {
            let got = crate::liquid::ruby::inspect(&p(yaml));
            assert_eq!(got, ruby, "{yaml:?}");
        }
    }
}

//! Jekyll's text filters: `xml_escape`, `number_of_words` (with Ruby's
//! script classes), `jsonify`'s JSON, and the default `smartify`.

use std::sync::LazyLock;

use regex::Regex;

use super::ruby;
use super::value::Value;

/// `String#encode(xml: :attr)` without the surrounding quotes.
pub fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    // the text between escapes copied in runs (the escaped characters
    // are ASCII, so every cut is on a character boundary)
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let e = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            // Ruby's `encode(xml: :attr)` escapes the apostrophe too
            b'\'' => "&apos;",
            _ => continue,
        };
        o.push_str(&s[from..i]);
        o.push_str(e);
        from = i + 1;
    }
    o.push_str(&s[from..]);
    o
}

/// The scripts `number_of_words` counts one word per character of (Ruby's
/// `\p{Han}` and the others are the Script property, not its extensions).
const CJK: &str = r"\p{sc=Han}\p{sc=Katakana}\p{sc=Hiragana}\p{sc=Hangul}";

static CJK_CHAR: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(&format!("[{CJK}]")).ok());
/// Runs of anything else but Ruby's (ASCII) `\s`.
static CJK_WORD: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(&format!(r"[^{CJK} \t\n\x0B\x0C\r]+")).ok());

fn count(re: &LazyLock<Option<Regex>>, s: &str) -> i64 {
    re.as_ref().map_or(0, |r| r.find_iter(s).count() as i64)
}

/// Jekyll's `number_of_words(input, mode)`: `split.length`, or in the
/// `cjk` mode (and `auto` when CJK characters occur) one word per CJK
/// character plus the runs of other non-space characters. Only strings
/// have `split` and `scan`.
pub(super) fn number_of_words(input: &Value, mode: &Value) -> Result<i64, String> {
    let mode = mode.as_str().unwrap_or("");
    let Value::Str(s) = input else {
        let method = if matches!(mode, "cjk" | "auto") {
            "scan"
        } else {
            "split"
        };
        return Err(format!(
            "undefined method `{method}' for {}",
            ruby::class_name(input)
        ));
    };
    let split = || super::rstring::awk_split(s, None).len() as i64;
    Ok(match mode {
        "cjk" => count(&CJK_CHAR, s) + count(&CJK_WORD, s),
        "auto" => match count(&CJK_CHAR, s) {
            0 => split(),
            n => n + count(&CJK_WORD, s),
        },
        _ => split(),
    })
}

/// JSON as Ruby's `to_json` writes it (compact, `/` unescaped, non-ASCII kept).
pub fn write_json(v: &Value, out: &mut String) {
    match v {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => {
            if f.is_finite() {
                out.push_str(&ruby::float_to_s(*f))
            } else {
                out.push_str("null")
            }
        }
        Value::Str(s) => json_str(s, out),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if out.len() > super::ruby::MAX_STRING {
                    return;
                }
                if i > 0 {
                    out.push(',');
                }
                write_json(x, out);
            }
            out.push(']');
        }
        Value::Hash(h) => {
            out.push('{');
            for (i, (k, x)) in h.iter().enumerate() {
                if out.len() > super::ruby::MAX_STRING {
                    return;
                }
                if i > 0 {
                    out.push(',');
                }
                json_str(k, out);
                out.push(':');
                write_json(x, out);
            }
            out.push('}');
        }
        Value::Object(o) => {
            out.push('{');
            for (i, k) in o.keys().iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_str(k, out);
                out.push(':');
                write_json(&o.get(k).unwrap_or_default(), out);
            }
            out.push('}');
        }
        Value::Range(a, b) => json_str(&format!("{a}..{b}"), out),
        Value::Time(_) | Value::Date(_) => json_str(&ruby::to_s(v), out),
    }
}

fn json_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// SmartyPants as kramdown applies it: quotes, dashes, ellipses.
pub fn smartify_default(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        let opening = prev.is_none_or(|p| p.is_whitespace() || "([{-".contains(p));
        match c {
            '-' if chars.get(i + 1) == Some(&'-') && chars.get(i + 2) == Some(&'-') => {
                out.push('—');
                i += 3;
                continue;
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                out.push('–');
                i += 2;
                continue;
            }
            '.' if chars.get(i + 1) == Some(&'.') && chars.get(i + 2) == Some(&'.') => {
                out.push('…');
                i += 3;
                continue;
            }
            '"' => out.push(if opening { '“' } else { '”' }),
            '\'' => out.push(if opening { '‘' } else { '’' }),
            c => out.push(c),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::number_of_words;
    use crate::liquid::Value;

    /// Jekyll 4.3.1's `number_of_words` (Ruby 3.1) on the same strings, in
    /// the default, `cjk` and `auto` modes.
    #[test]
    fn number_of_words_as_jekyll() {
        for (input, want) in [
            ("a\u{a0}b c\u{3000}d\te\nf", [4, 4, 4]),
            ("x\u{2003}y  z\x0b w\x0c", [3, 3, 3]),
            ("日本\u{a0}語 ab\u{3000}cd", [2, 5, 5]),
            (" \u{a0} ", [1, 1, 1]),
            ("ーit's a", [2, 2, 2]),
        ] {
            let got = ["", "cjk", "auto"]
                .map(|m| number_of_words(&Value::str(input), &Value::str(m)).unwrap_or(-1));
            assert_eq!(got, want, "{input:?}");
        }
        assert!(number_of_words(&Value::Nil, &Value::Nil).is_err());
    }
}

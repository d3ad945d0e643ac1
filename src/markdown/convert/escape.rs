//! HTML escaping and attribute output as kramdown's `Utils::Html` does it,
//! and kramdown's basic header-id algorithm.

use crate::markdown::element::Attr;

/// `escape_html(str, type)`: `all` escapes `<>&`; `text` keeps entity
/// references; `attr` also escapes `"`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Esc {
    All,
    Text,
    Attr,
}

fn reference_len(s: &[u8]) -> Option<usize> {
    // &(?:([\w:][\-\w\.:]*);|#\d+;|#x[0-9a-fA-F]+;)
    let w = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    if s.len() < 3 || s[0] != b'&' {
        return None;
    }
    let mut i;
    if s[1] == b'#' {
        i = 2;
        if s.get(2) == Some(&b'x') {
            i = 3;
            let st = i;
            while i < s.len() && s[i].is_ascii_hexdigit() {
                i += 1;
            }
            if i > st && s.get(i) == Some(&b';') {
                return Some(i + 1);
            }
            // fall back to decimal (`&#x;` is not a reference)
            return None;
        }
        let st = i;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
        if i > st && s.get(i) == Some(&b';') {
            return Some(i + 1);
        }
        return None;
    }
    if !(w(s[1]) || s[1] == b':') {
        return None;
    }
    i = 2;
    while i < s.len() && (w(s[i]) || matches!(s[i], b'-' | b'.' | b':')) {
        i += 1;
    }
    if s.get(i) == Some(&b';') {
        Some(i + 1)
    } else {
        None
    }
}

pub fn escape_html(s: &str, t: Esc) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_html_into(&mut out, s, t);
    out
}

/// `escape_html` appending to `out`.
pub fn escape_html_into(out: &mut String, s: &str, t: Esc) {
    let b = s.as_bytes();
    // without a `"`, an attribute value escapes as text does (and the
    // vectorized three-byte search finds the rest)
    let t = if t == Esc::Attr && memchr::memchr(b'"', b).is_none() {
        Esc::Text
    } else {
        t
    };
    let mut last = 0;
    let mut i = 0;
    while i < b.len() {
        // skip the bytes that never need escaping (vectorized: `"` only
        // matters in attributes)
        let next = if t == Esc::Attr {
            b[i..]
                .iter()
                .position(|&c| matches!(c, b'<' | b'>' | b'&' | b'"'))
        } else {
            memchr::memchr3(b'<', b'>', b'&', &b[i..])
        };
        match next {
            Some(k) => i += k,
            None => break,
        }
        let rep = match b[i] {
            b'<' => Some("&lt;"),
            b'>' => Some("&gt;"),
            b'"' if t == Esc::Attr => Some("&quot;"),
            b'&' => {
                if t != Esc::All {
                    if let Some(n) = reference_len(&b[i..]) {
                        i += n;
                        continue;
                    }
                }
                Some("&amp;")
            }
            _ => None,
        };
        if let Some(r) = rep {
            out.push_str(&s[last..i]);
            out.push_str(r);
            last = i + 1;
        }
        i += 1;
    }
    out.push_str(&s[last..]);
}

pub fn html_attributes(attr: &Attr) -> String {
    let mut s = String::new();
    write_attributes(&mut s, attr);
    s
}

/// `html_attributes` appending to `out`.
pub fn write_attributes(out: &mut String, attr: &Attr) {
    for (k, v) in attr {
        write_attribute(out, k, v);
    }
}

/// One attribute of `write_attributes` (a blank `id` is left out).
pub fn write_attribute(out: &mut String, k: &str, v: &str) {
    if k == "id" && v.trim().is_empty() {
        return;
    }
    out.push(' ');
    out.push_str(k);
    out.push_str("=\"");
    escape_html_into(out, v, Esc::Attr);
    out.push('"');
}

/// `basic_generate_id`.
pub fn basic_generate_id(s: &str) -> String {
    let mut out = String::new();
    for line in s.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(|c: char| !c.is_ascii_alphabetic() && c != '\n');
        let trimmed = if trimmed.starts_with('\n') {
            ""
        } else {
            trimmed
        };
        out.push_str(trimmed);
        if line.ends_with('\n') && !trimmed.ends_with('\n') {
            out.push('\n');
        }
    }
    out.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == '-')
        .map(|c| {
            if c == ' ' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

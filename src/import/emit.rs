//! Front-matter values written the scripts' way when that is valid YAML,
//! and safely quoted when it is not.
//!
//! The scripts paste values between quotes (`title: "` + title + `"`,
//! `paperurl: '` + url + `'`) or bare (`permalink: /publication/...`,
//! `date: 2009-10-01`). That is what hyde writes too, as long as the build's
//! own YAML parser ([`crate::yaml`]) reads the line back as the same value;
//! when it does not (a `"` or `\` inside double quotes, a `'` inside single
//! quotes, a line break, a `: ` in a bare permalink) the value is written
//! double-quoted with YAML escapes instead, and the page is a "deliberate
//! difference" from the script's (whose front matter would not parse, or
//! would mean something else).

use crate::liquid::Value;

/// How a script quotes a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `key: value`
    Plain,
    /// `key: 'value'`
    Single,
    /// `key: "value"`
    Double,
}

/// `key: value` as a line without its line end, in `style` when the YAML
/// parser reads that back as `value`, else double-quoted and escaped.
pub fn line(key: &str, value: &str, style: Style) -> String {
    let script = match style {
        Style::Plain => value.to_string(),
        Style::Single => format!("'{value}'"),
        Style::Double => format!("\"{value}\""),
    };
    if reads_back(key, &script, value) {
        format!("{key}: {script}")
    } else {
        format!("{key}: {}", double_quoted(value))
    }
}

/// Whether `key: text` parses (with [`crate::yaml::parse`], as a page's front
/// matter does) to a one-key mapping whose value is `value`: the string, or
/// for a bare date the date it spells.
fn reads_back(key: &str, text: &str, value: &str) -> bool {
    if text.contains(['\n', '\r']) {
        return false;
    }
    let doc = format!("{key}: {text}\n");
    let Ok(Value::Hash(map)) = crate::yaml::parse(&doc, &|_| crate::config::utc()) else {
        return false;
    };
    if map.len() != 1 {
        return false;
    }
    match map.get(key) {
        Some(Value::Str(s)) => &**s == value,
        Some(Value::Date(d)) => d.format("%Y-%m-%d").to_string() == value,
        _ => false,
    }
}

/// `value` as a YAML double-quoted scalar: `\` and `"` escaped, and every
/// control character (line breaks included) as an escape sequence, so the
/// value stays on one line.
pub fn double_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            // YAML's line and paragraph separators and NEL break lines too.
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            '\u{feff}' => out.push_str("\\ufeff"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The scripts' `html_escape` (publications.py:47-55, talks.py:46-56,
/// pubsFromBib.py:46-54): `&`, `"` and `'` as entities, nothing else.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Python's `html.escape(s)` (quote=True), as pubsFromBib.py:150 escapes the
/// Google Scholar query.
pub fn python_html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// Python's `len(str)`: characters, not bytes (the scripts' `len(...) > 5`).
pub fn py_len(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_form_when_valid() {
        assert_eq!(line("title", "A b", Style::Double), "title: \"A b\"");
        assert_eq!(
            line("venue", "J &amp; K", Style::Single),
            "venue: 'J &amp; K'"
        );
        assert_eq!(line("date", "2009-10-01", Style::Plain), "date: 2009-10-01");
        assert_eq!(
            line("permalink", "/publication/2009-10-01-x", Style::Plain),
            "permalink: /publication/2009-10-01-x"
        );
    }

    #[test]
    fn escaped_when_not() {
        assert_eq!(
            line("title", "A \"b\"", Style::Double),
            r#"title: "A \"b\"""#
        );
        assert_eq!(
            line("title", r"C:\temp", Style::Double),
            r#"title: "C:\\temp""#
        );
        assert_eq!(
            line("paperurl", "http://x/it's", Style::Single),
            r#"paperurl: "http://x/it's""#
        );
        assert_eq!(line("excerpt", "a\nb", Style::Single), r#"excerpt: "a\nb""#);
        assert_eq!(
            line("permalink", "/p/a: b", Style::Plain),
            r#"permalink: "/p/a: b""#
        );
    }
}

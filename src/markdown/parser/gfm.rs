//! kramdown-parser-gfm's additions run after kramdown's parse: `\`-newline
//! line breaks, GFM header ids, and the raw text ids are made from.

use super::Parser;

/// Whether GFM's `NON_WORD_RE` (`[^\p{Word}\- \t]`) leaves `c` in an id:
/// Onigmo's `\p{Word}` (letters, marks, decimal digits, connectors) is the
/// Unicode `\w` of the `regex` crate, whose table `regex-syntax` exposes
/// (tested equal to the regexp on every character).
fn is_id_char(c: char) -> bool {
    c == '-' || c == ' ' || c == '\t' || regex_syntax::is_word_character(c)
}

use crate::markdown::element::{El, T};

/// `s.include?(hard)` for GFM's two line-break markers (`"\\\n"`, `"\n"`).
fn has_break(s: &str, hard: &str) -> bool {
    if hard == "\n" {
        return s.contains('\n');
    }
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(i) = crate::markdown::fast::find_nl(&b[from..]) {
        let at = from + i;
        if at > 0 && b[at - 1] == b'\\' {
            return true;
        }
        from = at + 1;
    }
    false
}

impl Parser {
    /// GFM `update_elements`: `\` line breaks and header ids.
    pub(super) fn update_elements(&mut self, element: &mut El) {
        let hard = if self.opts.hard_wrap { "\n" } else { "\\\n" };
        if !element
            .children
            .iter()
            .any(|c| c.t == T::Text && has_break(&c.value, hard))
        {
            // no text to split: the same walk, in place
            for child in element.children.iter_mut() {
                if child.t == T::HtmlElement {
                } else if child.t == T::Header
                    && self.opts.auto_ids
                    && !child.attr.contains_key("id")
                {
                    let id = self.generate_gfm_header_id(&child.o.raw_text);
                    child.attr.insert("id".into(), id);
                } else if !child.children.is_empty() {
                    self.update_elements(child);
                }
            }
            return;
        }
        let children = std::mem::take(&mut element.children);
        let n = children.len();
        let mut out = Vec::with_capacity(n);
        let parent_block = element.is_block();
        for (idx, mut child) in children.into_iter().enumerate() {
            let hard = if self.opts.hard_wrap { "\n" } else { "\\\n" };
            if child.t == T::Text && has_break(&child.value, hard) {
                let is_last = idx + 1 == n;
                let lines: Vec<&str> = child.value.split(hard).collect();
                let omit =
                    lines.last().map(|l| l.is_empty()).unwrap_or(false) && parent_block && is_last;
                let ln = lines.len();
                for (i, line) in lines.iter().enumerate() {
                    let v = if i > 0 {
                        format!("\n{line}")
                    } else {
                        line.to_string()
                    };
                    out.push(El::with_value(T::Text, v));
                    if i + 2 < ln || (i + 2 == ln && !omit) {
                        out.push(El::new(T::Br));
                    }
                }
            } else if child.t == T::HtmlElement {
                out.push(child);
            } else if child.t == T::Header && self.opts.auto_ids && !child.attr.contains_key("id") {
                let id = self.generate_gfm_header_id(&child.o.raw_text);
                child.attr.insert("id".into(), id);
                out.push(child);
            } else {
                self.update_elements(&mut child);
                out.push(child);
            }
        }
        element.children = out;
    }

    fn generate_gfm_header_id(&mut self, text: &str) -> String {
        use std::fmt::Write;
        let prefix = &self.opts.auto_id_prefix;
        let mut result = String::with_capacity(prefix.len() + text.len() + 3);
        result.push_str(prefix);
        gfm_id_text_into(text, &mut result);
        let id = &result[prefix.len()..];
        let counter = match self.id_counter.get_mut(id) {
            Some(c) => {
                *c += 1;
                *c
            }
            None => {
                self.id_counter.insert(id.to_string(), 0);
                0
            }
        };
        if counter > 0 {
            // writing into a String cannot fail
            let _ = write!(result, "-{counter}");
        }
        result
    }
}

/// GFM's id text: lower-cased, `NON_WORD_RE` removed, blanks to `-`.
fn gfm_id_text_into(text: &str, result: &mut String) {
    if text.is_ascii() {
        // the same filter on ASCII, without the Unicode tables
        for c in text.bytes().map(|c| c.to_ascii_lowercase()) {
            if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' {
                result.push(char::from(c));
            } else if c == b' ' || c == b'\t' {
                result.push('-');
            }
        }
    } else {
        result.extend(
            text.to_lowercase()
                .chars()
                .filter(|&c| is_id_char(c))
                .map(|c| if c == ' ' || c == '\t' { '-' } else { c }),
        );
    }
}

/// GFM's id text of `text` (for tests).
#[cfg(test)]
fn gfm_id_text(text: &str) -> String {
    let mut s = String::new();
    gfm_id_text_into(text, &mut s);
    s
}

/// GFM's `update_raw_text`: the text a header id is made from.
pub(super) fn gfm_raw_text(el: &El, raw: &mut String) {
    match el.t {
        T::Text | T::Codespan | T::Math => raw.push_str(&el.value),
        T::Entity => {
            if let Some(c) = char::from_u32(el.o.code_point) {
                raw.push(c);
            }
        }
        T::SmartQuote => {
            if let Some(c) = crate::markdown::convert::entity_char_by_name(&el.value) {
                raw.push(c);
            }
        }
        T::TypographicSym => match el.value.as_str() {
            "laquo_space" => raw.push_str("«\u{a0}"),
            "raquo_space" => raw.push_str("\u{a0}»"),
            v => {
                if let Some(c) = crate::markdown::convert::entity_char_by_name(v) {
                    raw.push(c);
                }
            }
        },
        _ => {
            for c in &el.children {
                gfm_raw_text(c, raw);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_id_char;

    /// The hand filter keeps exactly what GFM's `NON_WORD_RE` (as the
    /// `regex` crate runs `[^\w\- \t]`) does not remove, on every character.
    /// The ASCII shortcuts agree with the general forms.
    #[test]
    fn ascii_shortcuts_equal_general_forms() {
        use super::{gfm_id_text, has_break};
        let alphabet = [' ', '\t', 'A', 'a', '_', '-', '1', '!', '\\', '\n'];
        for s in &crate::markdown::test_strings::all_strings(&alphabet, 6) {
            assert_eq!(has_break(s, "\\\n"), s.contains("\\\n"), "{s:?}");
            assert_eq!(has_break(s, "\n"), s.contains('\n'), "{s:?}");
            let general: String = s
                .to_lowercase()
                .chars()
                .filter(|&c| is_id_char(c))
                .map(|c| if c == ' ' || c == '\t' { '-' } else { c })
                .collect();
            assert_eq!(gfm_id_text(s), general, "{s:?}");
        }
    }

    #[test]
    fn id_chars_equal_non_word_regexp() {
        // a constant pattern: compiling it cannot fail
        #[allow(clippy::expect_used)]
        let non_word = regex::Regex::new(r"[^\w\- \t]").expect("constant pattern");
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s: &str = c.encode_utf8(&mut buf);
            assert_eq!(
                is_id_char(c),
                !non_word.is_match(s),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }
}

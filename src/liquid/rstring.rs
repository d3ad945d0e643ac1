//! Ruby's `String` methods where they differ from Rust's: `split` (awk
//! mode, limits), case mapping (`downcase` without a final sigma,
//! `capitalize` by titlecase), `Integer()`, `gsub`'s replacement escapes,
//! and which characters `inspect` prints as they are.

use std::sync::LazyLock;

use regex::Regex;

use super::value::Value;

/// Ruby's `rb_isspace`: what `split(" ")`, `split` and `\s` call whitespace
/// (ASCII only; NUL is not).
pub(super) fn is_awk_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

/// `String#split(" ", limit)` (awk mode): fields between runs of ASCII
/// whitespace. With a limit, the last field is the rest of the string from
/// the start of the limit-th field (or an empty string after trailing
/// whitespace); without, trailing empty fields are dropped.
pub(super) fn awk_split(s: &str, limit: Option<usize>) -> Vec<&str> {
    let mut out = Vec::new();
    if let Some(1) = limit {
        if !s.is_empty() {
            out.push(s);
        }
        return out;
    }
    let mut fields = 1; // Ruby's `i`
    let (mut beg, mut end) = (0, 0);
    let mut skip = true;
    let mut broke = false;
    for (p, c) in s.char_indices() {
        let next = p + c.len_utf8();
        if skip {
            if is_awk_space(c) {
                beg = next;
            } else {
                end = next;
                skip = false;
                if limit.is_some_and(|l| l <= fields) {
                    broke = true;
                    break;
                }
            }
        } else if is_awk_space(c) {
            out.push(&s[beg..end]);
            skip = true;
            beg = next;
            if limit.is_some() {
                fields += 1;
            }
        } else {
            end = next;
        }
    }
    let _ = broke;
    if !s.is_empty() && (limit.is_some() || s.len() > beg) {
        out.push(&s[beg..]);
    }
    if limit.is_none() {
        while out.last().is_some_and(|f| f.is_empty()) {
            out.pop();
        }
    }
    out
}

/// `String#split(pattern)` with a string pattern: `" "` is awk mode, `""`
/// splits into characters; trailing empty fields are removed.
pub fn ruby_split(s: &str, pat: &str) -> Vec<Value> {
    if pat == " " {
        return awk_split(s, None).into_iter().map(Value::str).collect();
    }
    if pat.is_empty() {
        return s.chars().map(|c| Value::from(c.to_string())).collect();
    }
    let mut parts: Vec<&str> = s.split(pat).collect();
    while parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    parts.into_iter().map(Value::str).collect()
}

/// `String#downcase`: full Unicode mapping, character by character (no
/// final-sigma rule: `ΣΑΣ` is `σασ`).
pub fn ruby_downcase(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// `String#upcase`: full Unicode mapping (`ß` is `SS`).
pub fn ruby_upcase(s: &str) -> String {
    s.chars().flat_map(char::to_uppercase).collect()
}

/// The titlecase mapping where it is not the uppercase one (Unicode's
/// titlecase letters and SpecialCasing's title column).
fn titlecase(c: char) -> Option<&'static str> {
    Some(match c as u32 {
        0x01C4..=0x01C6 => "\u{1C5}",
        0x01C7..=0x01C9 => "\u{1C8}",
        0x01CA..=0x01CC => "\u{1CB}",
        0x01F1..=0x01F3 => "\u{1F2}",
        0x00DF => "Ss",
        0xFB00 => "Ff",
        0xFB01 => "Fi",
        0xFB02 => "Fl",
        0xFB03 => "Ffi",
        0xFB04 => "Ffl",
        0xFB05 | 0xFB06 => "St",
        0x0587 => "\u{535}\u{582}",
        0xFB13 => "\u{544}\u{576}",
        0xFB14 => "\u{544}\u{565}",
        0xFB15 => "\u{544}\u{56B}",
        0xFB16 => "\u{54E}\u{576}",
        0xFB17 => "\u{544}\u{56D}",
        0x1FB2 => "\u{1FBA}\u{345}",
        0x1FB4 => "\u{386}\u{345}",
        0x1FB7 => "\u{391}\u{342}\u{345}",
        0x1FC2 => "\u{1FCA}\u{345}",
        0x1FC4 => "\u{389}\u{345}",
        0x1FC7 => "\u{397}\u{342}\u{345}",
        0x1FF2 => "\u{1FFA}\u{345}",
        0x1FF4 => "\u{38F}\u{345}",
        0x1FF7 => "\u{3A9}\u{342}\u{345}",
        _ => return None,
    })
}

/// The titlecase of one character, appended to `out`.
fn push_title(c: char, out: &mut String) {
    let u = c as u32;
    if let Some(t) = titlecase(c) {
        out.push_str(t);
    } else if matches!(u, 0x1F80..=0x1FAF) {
        // Greek with ypogegrammeni: the titlecase letter is the one with prosgegrammeni
        out.push(char::from_u32(u | 0x08).unwrap_or(c));
    } else if matches!(u, 0x1FB3 | 0x1FC3 | 0x1FF3) {
        out.push(char::from_u32(u + 9).unwrap_or(c));
    } else if matches!(u, 0x1FBC | 0x1FCC | 0x1FFC | 0x10D0..=0x10FA | 0x10FD..=0x10FF) {
        // already titlecase; Georgian letters have no titlecase form
        out.push(c);
    } else {
        out.extend(c.to_uppercase());
    }
}

/// `String#capitalize`: the first character titlecased, the rest downcased.
pub fn ruby_capitalize(s: &str) -> String {
    let mut cs = s.chars();
    let mut out = String::with_capacity(s.len());
    if let Some(f) = cs.next() {
        push_title(f, &mut out);
    }
    out.extend(cs.flat_map(char::to_lowercase));
    out
}

/// Ruby's `Integer(string)`: optional whitespace and sign, a `0x`, `0b`,
/// `0o`, `0d` or `0` (octal) prefix, single underscores between digits.
pub fn ruby_integer(s: &str) -> Option<i64> {
    let t = s.trim_matches(is_awk_space);
    if s.contains('\0') {
        return None;
    }
    let (neg, d) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = d.to_ascii_lowercase();
    let (radix, digits) = match lower.as_bytes() {
        [b'0', b'x', ..] => (16, &lower[2..]),
        [b'0', b'b', ..] => (2, &lower[2..]),
        [b'0', b'o', ..] => (8, &lower[2..]),
        [b'0', b'd', ..] => (10, &lower[2..]),
        [b'0', b'_' | b'0'..=b'9', ..] => (8, &lower[1..]),
        _ => (10, &lower[..]),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let mut n: i128 = 0;
    for c in digits.chars().filter(|&c| c != '_') {
        n = n * radix as i128 + c.to_digit(radix)? as i128;
        if n > i64::MAX as i128 + 1 {
            n = i64::MAX as i128 + 1;
        }
    }
    let n = if neg { -n } else { n };
    Some(n.clamp(i64::MIN as i128, i64::MAX as i128) as i64)
}

/// `gsub`/`sub` with a string pattern and a replacement string (Ruby's
/// `rb_reg_regsub` without a regexp): `\0` and `\&` are the match, `` \` ``
/// and `\'` what precedes and follows it, `\\` a backslash, `\1`..`\9` and
/// `\+` nothing, `\k<name>` an error; other escapes stay as written. An
/// empty pattern matches before every character and at the end.
pub fn ruby_sub(s: &str, pat: &str, rep: &str, all: bool) -> Result<String, String> {
    let mut positions: Vec<usize> = if pat.is_empty() {
        s.char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(s.len()))
            .collect()
    } else {
        s.match_indices(pat).map(|(i, _)| i).collect()
    };
    if !all {
        positions.truncate(1);
    }
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for pos in positions {
        out.push_str(&s[last..pos]);
        let end = pos + pat.len();
        regsub(rep, s, pos, end, &mut out)?;
        last = end;
    }
    out.push_str(&s[last..]);
    Ok(out)
}

fn regsub(rep: &str, s: &str, pos: usize, end: usize, out: &mut String) -> Result<(), String> {
    let mut cs = rep.char_indices().peekable();
    while let Some((_, c)) = cs.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((i, n)) = cs.next() else {
            out.push('\\');
            break;
        };
        match n {
            '0' | '&' => out.push_str(&s[pos..end]),
            '`' => out.push_str(&s[..pos]),
            '\'' => out.push_str(&s[end..]),
            '\\' => out.push('\\'),
            '1'..='9' | '+' => {}
            'k' if rep[i + 1..].starts_with('<') => {
                let rest = &rep[i + 2..];
                return Err(match rest.find('>') {
                    Some(e) => format!("undefined group name reference: {}", &rest[..e]),
                    None => "invalid group name reference format".to_string(),
                });
            }
            n => {
                out.push('\\');
                out.push(n);
            }
        }
    }
    Ok(())
}

static UNPRINTABLE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"[\p{Cc}\p{Cn}\u{2028}\u{2029}]").ok());

/// Whether `String#inspect` shows `c` as an escape (Onigmo's non-printable
/// characters: controls, unassigned code points, line and paragraph separators).
pub(super) fn inspect_escapes(c: char) -> bool {
    if c.is_ascii() {
        // printable but for the controls (Cc): no regex call per character
        return c.is_ascii_control();
    }
    if c == '\u{85}' {
        return false; // Onigmo counts NEL as printable
    }
    let mut b = [0u8; 4];
    match &*UNPRINTABLE {
        Some(re) => re.is_match(c.encode_utf8(&mut b)),
        None => c.is_control(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awk_split_with_limits() {
        assert_eq!(awk_split("a  ", Some(2)), vec!["a", ""]);
        assert_eq!(awk_split(" a b c ", Some(2)), vec!["a", "b c "]);
        assert_eq!(awk_split("\0 a\u{a0}b\0", None), vec!["\0", "a\u{a0}b\0"]);
        assert_eq!(awk_split("  ", None), Vec::<&str>::new());
    }

    #[test]
    fn integer_as_ruby() {
        assert_eq!(ruby_integer("0x1f"), Some(31));
        assert_eq!(ruby_integer(" 1_0 "), Some(10));
        assert_eq!(ruby_integer("017"), Some(15));
        assert_eq!(ruby_integer("08"), None);
        assert_eq!(ruby_integer("2.0"), None);
        assert_eq!(ruby_integer(""), None);
    }

    #[test]
    fn case_mapping() {
        assert_eq!(ruby_downcase("ΣΑΣ"), "σασ");
        assert_eq!(ruby_capitalize("ﬀ x"), "Ff x");
        assert_eq!(ruby_capitalize("ǆA"), "ǅa");
        assert_eq!(ruby_capitalize("ß"), "Ss");
    }
}

//! `Jekyll::Utils.slugify` as Jekyll 4.3.1 does it (the filter and
//! permalinks share it), with Ruby's character classes: `\s` is ASCII
//! whitespace, `\p{M}\p{L}\p{Nd}` are Unicode's marks, letters and decimal
//! digits, and `latin` transliterates as I18n's default approximations.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

const MODES: [&str; 5] = ["raw", "default", "pretty", "ascii", "latin"];

fn re(pattern: &str) -> Option<Regex> {
    Regex::new(pattern).ok()
}

static RAW: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"[ \t\n\x0B\x0C\r]+"));
static DEFAULT: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"[^\p{M}\p{L}\p{Nd}]+"));
static PRETTY: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+"));
static ASCII: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"[^A-Za-z0-9]+"));

/// `Jekyll::Utils.slugify(string, mode:, cased:)`. `mode` is Ruby's
/// (callers pass "default" for nil); a mode not among raw, default, pretty,
/// ascii and latin (even "") leaves the string as it is, downcased unless
/// `cased`.
pub fn slugify(s: &str, mode: &str, cased: bool) -> String {
    let case = |s: &str| {
        if cased {
            s.to_string()
        } else {
            crate::liquid::rstring::ruby_downcase(s)
        }
    };
    if !MODES.contains(&mode) {
        return case(s);
    }
    let s: Cow<'_, str> = if mode == "latin" {
        Cow::Owned(transliterate(s))
    } else {
        Cow::Borrowed(s)
    };
    let pattern = match mode {
        "raw" => &RAW,
        "pretty" => &PRETTY,
        "ascii" => &ASCII,
        _ => &DEFAULT,
    };
    let slug = match &**pattern {
        Some(p) => p.replace_all(&s, "-"),
        None => Cow::Borrowed(&*s),
    };
    // `gsub!(/^-|-$/, "")`: no newline is left, so one hyphen at each end
    let t = slug.strip_prefix('-').unwrap_or(&slug);
    let t = t.strip_suffix('-').unwrap_or(t);
    case(t)
}

/// `I18n.transliterate` with the default approximations: Latin-1 and
/// Latin Extended-A letters to ASCII, any other non-ASCII character to `?`.
pub fn transliterate(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(approximation(c).unwrap_or("?"));
        }
    }
    out
}

/// Latin-1 Supplement letters (U+00C0..U+00FF), by code point.
const LATIN1: [&str; 64] = [
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I", // C0
    "D", "N", "O", "O", "O", "O", "O", "x", "O", "U", "U", "U", "U", "Y", "Th", "ss", // D0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", // E0
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y", // F0
];

/// Latin Extended-A (U+0100..U+017F), by code point.
const LATIN_EXT_A: [&str; 128] = [
    "A", "a", "A", "a", "A", "a", "C", "c", "C", "c", "C", "c", "C", "c", "D", "d", // 100
    "D", "d", "E", "e", "E", "e", "E", "e", "E", "e", "E", "e", "G", "g", "G", "g", // 110
    "G", "g", "G", "g", "H", "h", "H", "h", "I", "i", "I", "i", "I", "i", "I", "i", // 120
    "I", "i", "IJ", "ij", "J", "j", "K", "k", "k", "L", "l", "L", "l", "L", "l", "L", // 130
    "l", "L", "l", "N", "n", "N", "n", "N", "n", "'n", "NG", "ng", "O", "o", "O", "o", // 140
    "O", "o", "OE", "oe", "R", "r", "R", "r", "R", "r", "S", "s", "S", "s", "S", "s", // 150
    "S", "s", "T", "t", "T", "t", "T", "t", "U", "u", "U", "u", "U", "u", "U", "u", // 160
    "U", "u", "U", "u", "W", "w", "Y", "y", "Y", "Z", "z", "Z", "z", "Z", "z", "s", // 170
];

fn approximation(c: char) -> Option<&'static str> {
    let u = c as u32;
    let s = match u {
        0xC0..=0xFF => LATIN1[(u - 0xC0) as usize],
        0x100..=0x17F => LATIN_EXT_A[(u - 0x100) as usize],
        _ => return None,
    };
    // `÷` has no approximation
    (!s.is_empty()).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_as_jekyll() {
        assert_eq!(slugify("C++", "", false), "c++");
        assert_eq!(slugify("--a--b  c--", "raw", true), "-a--b-c-");
        assert_eq!(slugify("Łódź Ĳssel", "latin", false), "lodz-ijssel");
        assert_eq!(slugify("e\u{301}-Ⓐ ⅷ", "default", false), "e\u{301}");
        assert_eq!(slugify("ΣΑΣ", "none", false), "σασ");
    }
}

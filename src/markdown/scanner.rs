//! Ruby-flavoured regular expressions and a `StringScanner` work-alike: the
//! machinery the kramdown parser port is written in.
//!
//! kramdown's parser is a set of Ruby regexps run by `StringScanner`. Ruby's
//! `\s \w \d` are ASCII-only, `^`/`$` always match at lines, `\Z` is "end or
//! before a final newline", `[[:alpha:]]` is Unicode. [`ruby_to_rust`]
//! rewrites a Ruby pattern into fancy-regex syntax with those meanings, so the
//! patterns can be ported character for character. A [`Scanner`] matches them
//! against the rest of its string from the current position (Ruby's
//! non-fixed-anchor mode: `\A` and `^` match at the scan position).

use std::collections::HashMap;

/// A Ruby regexp compiled twice: anchored at the scan position, and free.
pub struct Re {
    anchored: fancy_regex::Regex,
    free: fancy_regex::Regex,
}

impl std::fmt::Debug for Re {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Re({})", self.free.as_str())
    }
}

/// Translate Ruby regexp syntax to fancy-regex syntax (see the module doc).
pub fn ruby_to_rust(src: &str) -> String {
    let mut out = String::with_capacity(src.len() + 16);
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    let mut in_class = 0usize;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            let n = chars[i + 1];
            i += 2;
            let rep: Option<&str> = if in_class > 0 {
                match n {
                    's' => Some(r" \t\n\x0B\x0C\r"),
                    'w' => Some("a-zA-Z0-9_"),
                    'd' => Some("0-9"),
                    'h' => Some("0-9a-fA-F"),
                    '1'..='7' => {
                        // Ruby reads `\2` in a class as an octal escape
                        out.push_str(&format!("\\x0{n}"));
                        continue;
                    }
                    _ => None,
                }
            } else {
                match n {
                    's' => Some(r"[ \t\n\x0B\x0C\r]"),
                    'S' => Some(r"[^ \t\n\x0B\x0C\r]"),
                    'w' => Some("[a-zA-Z0-9_]"),
                    'W' => Some("[^a-zA-Z0-9_]"),
                    'd' => Some("[0-9]"),
                    'D' => Some("[^0-9]"),
                    'h' => Some("[0-9a-fA-F]"),
                    'Z' => Some(r"(?=\n?\z)"),
                    'b' => Some(
                        r"(?:(?<=[a-zA-Z0-9_])(?![a-zA-Z0-9_])|(?<![a-zA-Z0-9_])(?=[a-zA-Z0-9_]))",
                    ),
                    'B' => Some(
                        r"(?:(?<=[a-zA-Z0-9_])(?=[a-zA-Z0-9_])|(?<![a-zA-Z0-9_])(?![a-zA-Z0-9_]))",
                    ),
                    _ => None,
                }
            };
            match rep {
                Some(r) => out.push_str(r),
                None => {
                    if n == 'p' && chars.get(i) == Some(&'{') {
                        // \p{Word} → Unicode \w (Rust's default \w is Unicode)
                        let rest: String = chars[i..].iter().collect();
                        if rest.starts_with("{Word}") {
                            out.push_str(if in_class > 0 { r"\w" } else { r"\w" });
                            i += 6;
                            continue;
                        }
                    }
                    out.push('\\');
                    out.push(n);
                }
            }
            continue;
        }
        if c == '[' {
            let rest: String = chars[i..chars.len().min(i + 10)].iter().collect();
            if rest.starts_with("[:alpha:]") && in_class > 0 {
                out.push_str(r"\p{Alphabetic}");
                i += 9;
                continue;
            }
            if rest.starts_with("[:alnum:]") && in_class > 0 {
                out.push_str(r"\p{Alphabetic}\p{Nd}");
                i += 9;
                continue;
            }
            in_class += 1;
            out.push('[');
            i += 1;
            // a leading ']' or '^]' is literal in Ruby classes
            if chars.get(i) == Some(&'^') {
                out.push('^');
                i += 1;
            }
            continue;
        }
        if c == ']' && in_class > 0 {
            in_class -= 1;
            out.push(']');
            i += 1;
            continue;
        }
        if in_class > 0 && (c == '&' || c == '~' || c == '-' && chars.get(i + 1) == Some(&'-')) {
            // characters Rust would read as class set operations
            out.push('\\');
            out.push(c);
            i += 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

impl Re {
    /// Compile a Ruby pattern; `flags` may hold `m` (dot matches newline) and `i`.
    pub fn new(ruby: &str, flags: &str) -> Re {
        let body = ruby_to_rust(ruby);
        let mut pre = String::from("(?m");
        if flags.contains('m') {
            pre.push('s');
        }
        if flags.contains('i') {
            pre.push('i');
        }
        pre.push(')');
        let free_src = format!("{pre}(?:{body})");
        let anch_src = format!(r"{pre}\A(?:{body})");
        // The patterns are fixed strings of this module (or escaped names);
        // a failure is a programming error caught by the test-suite. Fall
        // back to a never-matching pattern rather than panic.
        let never = || fancy_regex::Regex::new(r"[^\s\S]").expect("constant pattern");
        Re {
            anchored: fancy_regex::Regex::new(&anch_src).unwrap_or_else(|e| {
                debug_assert!(false, "bad regex {anch_src}: {e}");
                never()
            }),
            free: fancy_regex::Regex::new(&free_src).unwrap_or_else(|e| {
                debug_assert!(false, "bad regex {free_src}: {e}");
                never()
            }),
        }
    }

    /// Does the pattern match anywhere in `s`?
    pub fn is_match(&self, s: &str) -> bool {
        self.free.is_match(s).unwrap_or(false)
    }

    /// Match positions (absolute in `s`) of the first match anywhere.
    pub fn captures(&self, s: &str) -> Option<Vec<Option<(usize, usize)>>> {
        let c = self.free.captures(s).ok()??;
        Some(
            (0..c.len())
                .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                .collect(),
        )
    }

    /// All non-overlapping matches, as capture offset lists.
    pub fn captures_all(&self, s: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        let mut v = Vec::new();
        for c in self.free.captures_iter(s) {
            let Ok(c) = c else { break };
            v.push(
                (0..c.len())
                    .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                    .collect(),
            );
        }
        v
    }

    /// Ruby's `gsub` with a replacement closure given the captures.
    pub fn replace_all<F: FnMut(&[Option<&str>]) -> String>(&self, s: &str, mut f: F) -> String {
        let mut out = String::with_capacity(s.len());
        let mut last = 0;
        for c in self.free.captures_iter(s) {
            let Ok(c) = c else { break };
            let Some(m) = c.get(0) else { continue };
            out.push_str(&s[last..m.start()]);
            let groups: Vec<Option<&str>> =
                (0..c.len()).map(|i| c.get(i).map(|g| g.as_str())).collect();
            out.push_str(&f(&groups));
            last = m.end();
        }
        out.push_str(&s[last..]);
        out
    }

    /// Ruby's `sub` (first match only).
    pub fn replace_first<F: FnOnce(&[Option<&str>]) -> String>(
        &self,
        s: &str,
        f: F,
    ) -> Option<String> {
        let c = self.free.captures(s).ok()??;
        let m = c.get(0)?;
        let groups: Vec<Option<&str>> =
            (0..c.len()).map(|i| c.get(i).map(|g| g.as_str())).collect();
        let mut out = String::with_capacity(s.len());
        out.push_str(&s[..m.start()]);
        out.push_str(&f(&groups));
        out.push_str(&s[m.end()..]);
        Some(out)
    }
}

/// Lazily compiled static Ruby regexp: `static X: LazyRe = lazy_re!(r"…", "m");`
pub type LazyRe = std::sync::LazyLock<Re>;

#[macro_export]
#[doc(hidden)]
macro_rules! lazy_re {
    ($pat:expr) => {
        std::sync::LazyLock::new(|| $crate::markdown::scanner::Re::new(&$pat, ""))
    };
    ($pat:expr, $flags:expr) => {
        std::sync::LazyLock::new(|| $crate::markdown::scanner::Re::new(&$pat, $flags))
    };
}

/// Ruby's `StringScanner`: a string, a position and the last match.
#[derive(Debug, Clone, Default)]
pub struct Scanner {
    pub s: String,
    pub pos: usize,
    m: Vec<Option<(usize, usize)>>,
}

impl Scanner {
    pub fn new(s: impl Into<String>) -> Scanner {
        Scanner {
            s: s.into(),
            pos: 0,
            m: Vec::new(),
        }
    }

    pub fn eos(&self) -> bool {
        self.pos >= self.s.len()
    }

    pub fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    pub fn terminate(&mut self) {
        self.pos = self.s.len();
        self.m.clear();
    }

    fn set(&mut self, c: Option<Vec<Option<(usize, usize)>>>, base: usize) -> bool {
        match c {
            Some(v) => {
                self.m = v
                    .into_iter()
                    .map(|g| g.map(|(a, b)| (a + base, b + base)))
                    .collect();
                true
            }
            None => {
                self.m.clear();
                false
            }
        }
    }

    /// Match at the position without moving (`check`/`match?`).
    pub fn check(&mut self, re: &Re) -> bool {
        let base = self.pos;
        let c = {
            let rest = &self.s[base..];
            re.anchored.captures(rest).ok().flatten().map(|c| {
                (0..c.len())
                    .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                    .collect()
            })
        };
        self.set(c, base)
    }

    /// Match at the position and move past the match.
    pub fn scan(&mut self, re: &Re) -> Option<String> {
        if self.check(re) {
            let (a, b) = self.m[0]?;
            self.pos = b;
            Some(self.s[a..b].to_string())
        } else {
            None
        }
    }

    /// Like `scan` but only reports success.
    pub fn skip(&mut self, re: &Re) -> bool {
        self.scan(re).is_some()
    }

    /// Search from the position; move past the match and return the text up
    /// to its end.
    pub fn scan_until(&mut self, re: &Re) -> Option<String> {
        let base = self.pos;
        let c = {
            let rest = &self.s[base..];
            re.free.captures(rest).ok().flatten().map(|c| {
                (0..c.len())
                    .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                    .collect()
            })
        };
        if self.set(c, base) {
            let (_, b) = self.m[0]?;
            self.pos = b;
            Some(self.s[base..b].to_string())
        } else {
            None
        }
    }

    /// `scan_until(/(?=P)/)`: move to where `P` first matches and return the
    /// text before it. `P` is a plain `regex` (leftmost match start).
    pub fn scan_until_start(&mut self, re: &regex::Regex) -> Option<String> {
        let base = self.pos;
        let m = re.find(&self.s[base..])?;
        let start = base + m.start();
        self.m = vec![Some((start, start))];
        self.pos = start;
        Some(self.s[base..start].to_string())
    }

    pub fn matched(&self) -> &str {
        match self.m.first() {
            Some(Some((a, b))) => &self.s[*a..*b],
            _ => "",
        }
    }

    pub fn matched_size(&self) -> usize {
        match self.m.first() {
            Some(Some((a, b))) => b - a,
            _ => 0,
        }
    }

    /// Capture group `i` of the last match (`@src[i]`).
    pub fn group(&self, i: usize) -> Option<&str> {
        match self.m.get(i) {
            Some(Some((a, b))) => Some(&self.s[*a..*b]),
            _ => None,
        }
    }

    pub fn group_s(&self, i: usize) -> Option<String> {
        self.group(i).map(str::to_string)
    }

    /// The string before the last match (`pre_match`).
    pub fn pre_match(&self) -> &str {
        match self.m.first() {
            Some(Some((a, _))) => &self.s[..*a],
            _ => "",
        }
    }

    /// Move past the last match.
    pub fn advance(&mut self) {
        if let Some(Some((_, b))) = self.m.first() {
            self.pos = *b;
        }
    }

    /// The next character (`getch`), empty at the end.
    pub fn getch(&mut self) -> String {
        match self.s[self.pos..].chars().next() {
            Some(c) => {
                self.pos += c.len_utf8();
                self.m = vec![Some((self.pos - c.len_utf8(), self.pos))];
                c.to_string()
            }
            None => String::new(),
        }
    }
}

/// A cache for patterns built at run time (tag names, indentations).
#[derive(Default)]
pub struct ReCache {
    map: HashMap<String, std::sync::Arc<Re>>,
    plain: HashMap<String, std::sync::Arc<regex::Regex>>,
}

impl ReCache {
    pub fn get(&mut self, pat: &str, flags: &str) -> std::sync::Arc<Re> {
        let key = format!("{flags}/{pat}");
        self.map
            .entry(key)
            .or_insert_with(|| std::sync::Arc::new(Re::new(pat, flags)))
            .clone()
    }

    /// A plain-regex (already Rust syntax) used with `scan_until_start`.
    pub fn plain(&mut self, pat: &str) -> std::sync::Arc<regex::Regex> {
        self.plain
            .entry(pat.to_string())
            .or_insert_with(|| {
                std::sync::Arc::new(regex::Regex::new(pat).unwrap_or_else(|e| {
                    debug_assert!(false, "bad regex {pat}: {e}");
                    #[allow(clippy::unwrap_used)]
                    regex::Regex::new(r"[^\s\S]").expect("constant pattern")
                }))
            })
            .clone()
    }
}

/// Escape text for use inside a Ruby/Rust pattern.
pub fn escape(s: &str) -> String {
    regex::escape(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_classes_and_anchors() {
        let re = Re::new(r"\w+\s", "");
        let mut sc = Scanner::new("abc def");
        assert_eq!(sc.scan(&re).as_deref(), Some("abc "));
        let re2 = Re::new(r"^d", "");
        assert!(sc.check(&re2));
        let z = Re::new(r"f\Z", "");
        assert!(z.is_match("abcf\n"));
        assert!(!z.is_match("abcf\n\n"));
        assert!(!Re::new(r"\w", "").is_match("é"));
        assert!(Re::new(r"[[:alpha:]]", "").is_match("é"));
    }
}

/// Compile check used by tests: the error for a Ruby pattern, if any.
pub fn compile_error(ruby: &str, flags: &str) -> Option<String> {
    let body = ruby_to_rust(ruby);
    let f = if flags.contains('m') { "(?ms)" } else { "(?m)" };
    fancy_regex::Regex::new(&format!(r"{f}\A(?:{body})"))
        .err()
        .map(|e| format!("{e}: {body}"))
}

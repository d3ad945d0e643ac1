//! Small Jekyll utilities shared by the pipeline: slugify, titleize,
//! Ruby's `File.fnmatch`, deep merge, Liquid-construct detection.

use std::sync::LazyLock;

use regex::Regex;

use crate::liquid::{Map, Value};

pub use crate::slugify::slugify;

/// Ruby's `\s` on a byte: space, tab, newline, return, vertical tab, form feed.
pub fn is_ruby_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// `Jekyll::Utils.titleize_slug`: `my-first-post` → `My First Post`.
pub fn titleize_slug(slug: &str) -> String {
    slug.split('-')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &cs.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `fnmatch` for a pattern whose only wildcard is `*` (matching anything,
/// `/` included): the literal pieces in order, the first at the start and
/// the last at the end.
fn star_match(pattern: &str, s: &str) -> bool {
    let mut pieces = pattern.split('*');
    let first = pieces.next().unwrap_or("");
    let Some(mut rest) = s.strip_prefix(first) else {
        return false;
    };
    let Some(last) = pieces.next_back() else {
        return rest.is_empty(); // no `*` at all: the whole string was the literal
    };
    for piece in pieces {
        match rest.find(piece) {
            Some(i) => rest = &rest[i + piece.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// Whether `s` has a character the entry filter's globs give a meaning
/// (`* ? [ \\ {`): a byte scan, as it runs for every pattern and entry.
pub fn has_glob_meta(s: &str) -> bool {
    s.bytes()
        .any(|b| matches!(b, b'*' | b'?' | b'[' | b'\\' | b'{'))
}

/// Ruby's `File.fnmatch?(pattern, path)` with no flags: `*` and `?` also
/// match `/`, `[...]` classes, `\` escapes.
pub fn fnmatch(pattern: &str, path: &str) -> bool {
    if !pattern.contains(['?', '[', '\\']) {
        return star_match(pattern, path);
    }
    fnmatch_chars(pattern, path)
}

/// `fnmatch`, char by char (any pattern).
fn fnmatch_chars(pattern: &str, path: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let s: Vec<char> = path.chars().collect();
    fn go(p: &[char], s: &[char]) -> bool {
        let (mut pi, mut si) = (0usize, 0usize);
        let (mut star_p, mut star_s) = (usize::MAX, 0usize);
        while si < s.len() {
            if pi < p.len() {
                match p[pi] {
                    '*' => {
                        while pi < p.len() && p[pi] == '*' {
                            pi += 1;
                        }
                        star_p = pi;
                        star_s = si;
                        continue;
                    }
                    '?' => {
                        pi += 1;
                        si += 1;
                        continue;
                    }
                    '[' => {
                        if let Some((matched, len)) = class(&p[pi..], s[si]) {
                            if matched {
                                pi += len;
                                si += 1;
                                continue;
                            }
                        } else if s[si] == '[' {
                            pi += 1;
                            si += 1;
                            continue;
                        }
                    }
                    '\\' if pi + 1 < p.len() => {
                        if p[pi + 1] == s[si] {
                            pi += 2;
                            si += 1;
                            continue;
                        }
                    }
                    c => {
                        if c == s[si] {
                            pi += 1;
                            si += 1;
                            continue;
                        }
                    }
                }
            }
            if star_p != usize::MAX {
                star_s += 1;
                si = star_s;
                pi = star_p;
                continue;
            }
            return false;
        }
        while pi < p.len() && p[pi] == '*' {
            pi += 1;
        }
        pi == p.len()
    }
    fn class(p: &[char], c: char) -> Option<(bool, usize)> {
        let mut i = 1;
        let neg = i < p.len() && (p[i] == '!' || p[i] == '^');
        if neg {
            i += 1;
        }
        let mut matched = false;
        let mut first = true;
        while i < p.len() && (p[i] != ']' || first) {
            first = false;
            let lo = p[i];
            if i + 2 < p.len() && p[i + 1] == '-' && p[i + 2] != ']' {
                if lo <= c && c <= p[i + 2] {
                    matched = true;
                }
                i += 3;
            } else {
                if lo == c {
                    matched = true;
                }
                i += 1;
            }
        }
        if i >= p.len() {
            return None;
        }
        Some((matched != neg, i + 1))
    }
    go(&p, &s)
}

/// `Jekyll::Utils.deep_merge_hashes(master, other)`: `other` wins, hashes merge.
pub fn deep_merge(master: &Map, other: &Map) -> Map {
    let mut out = master.clone();
    for (k, v) in other {
        let merged = match (out.get(k), v) {
            (Some(Value::Hash(a)), Value::Hash(b)) => Value::hash(deep_merge(a, b)),
            _ => v.clone(),
        };
        out.insert(k.clone(), merged);
    }
    out
}

static LIQUID_CONSTRUCT: LazyLock<Regex> = LazyLock::new(|| {
    // constant pattern
    Regex::new(r"\{[%{]").unwrap()
});

/// `Jekyll::Utils.has_liquid_construct?`.
pub fn has_liquid_construct(s: &str) -> bool {
    LIQUID_CONSTRUCT.is_match(s)
}

/// A hash value's string form, as Ruby's `to_s` of a scalar.
pub fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.to_string()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(ruby_float(*f)),
        Value::Bool(b) => Some(b.to_string()),
        Value::Date(d) => Some(d.format("%Y-%m-%d").to_string()),
        Value::Time(t) => Some(t.format("%Y-%m-%d %H:%M:%S %z").to_string()),
        Value::Nil => Some(String::new()),
        _ => None,
    }
}

/// Ruby's `Float#to_s` for ordinary magnitudes.
pub fn ruby_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if f.fract() == 0.0 && f.abs() < 1e16 {
        return format!("{f:.1}");
    }
    format!("{f}")
}

/// `File.fnmatch` with `FNM_PATHNAME`-like segments for glob scopes:
/// `*` does not cross `/`.
pub fn fnmatch_path(pattern: &str, path: &str) -> bool {
    let ps: Vec<&str> = pattern.split('/').collect();
    let ss: Vec<&str> = path.split('/').collect();
    fn go(ps: &[&str], ss: &[&str]) -> bool {
        match (ps.first(), ss.first()) {
            (None, None) => true,
            (Some(&"**"), _) => go(&ps[1..], ss) || (!ss.is_empty() && go(ps, &ss[1..])),
            (Some(p), Some(s)) => fnmatch(p, s) && go(&ps[1..], &ss[1..]),
            _ => false,
        }
    }
    go(&ps, &ss)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_modes() {
        assert_eq!(slugify("Hello, World!", "default", false), "hello-world");
        assert_eq!(
            slugify("The _config.yml file", "pretty", false),
            "the-_config.yml-file"
        );
        assert_eq!(
            slugify("The _config.yml file", "ascii", false),
            "the-config-yml-file"
        );
        assert_eq!(slugify("Café Ümlaut", "latin", false), "cafe-umlaut");
        assert_eq!(slugify("Hello World", "raw", true), "Hello-World");
        assert_eq!(
            slugify("2015-08-14-blog-post-4", "default", false),
            "2015-08-14-blog-post-4"
        );
    }

    #[test]
    fn star_patterns_match_as_the_general_matcher_does() {
        // every pattern and string up to 4 characters over a small alphabet
        fn all(alphabet: &[char], max: usize) -> Vec<String> {
            let mut out = vec![String::new()];
            let mut layer = vec![String::new()];
            for _ in 0..max {
                let next: Vec<String> = layer
                    .iter()
                    .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                    .collect();
                out.extend(next.iter().cloned());
                layer = next;
            }
            out
        }
        let strings = all(&['a', 'b', '/'], 4);
        for p in all(&['a', 'b', '*', '/'], 4) {
            for s in &strings {
                assert_eq!(star_match(&p, s), fnmatch_chars(&p, s), "{p:?} {s:?}");
            }
        }
    }

    #[test]
    fn fnmatch_like_ruby() {
        assert!(fnmatch("/s/*.sublime-project", "/s/a.sublime-project"));
        assert!(fnmatch("/s/package.json*", "/s/package.json"));
        assert!(fnmatch("/s/a/*", "/s/a/b/c"));
        assert!(!fnmatch("/s/a", "/s/ab"));
        assert!(fnmatch("/s/[ab]x", "/s/bx"));
        assert!(fnmatch("/s/?x", "/s/cx"));
    }

    #[test]
    fn titleize() {
        assert_eq!(titleize_slug("blog-post-one"), "Blog Post One");
    }
}

//! kramdown's abbreviations: `*[HTML]: …` definitions applied to text.
//!
//! kramdown finds them with two regexps built from all the names,
//! longest first: `union` and `(?=(?:\W|^)union(?!\w))`. A backtracking
//! engine tries every name at every position (ten thousand definitions
//! take kramdown minutes); here the names are a trie, walked once per
//! position, which answers both questions the regexps ask: the longest name
//! starting here (what `union` matches, the names being sorted longest
//! first), and whether any name starting here is followed by no word
//! character (the lookahead).

use foldhash::HashMap;

use super::Parser;
use crate::markdown::element::{El, T};

impl Parser {
    /// `replace_abbreviations`. Each use copies its definition's title
    /// into the output, which is charged to the guard (a long title used
    /// on every word would make gigabytes); `marks` are the lines of
    /// `el`'s children, to name the block where the budget ran out.
    pub(super) fn replace_abbreviations(&mut self, el: &mut El, marks: &[(usize, usize)]) {
        if self.abbrev_defs.is_empty() {
            return;
        }
        let names = Names::new(self.abbrev_defs.keys().map(String::as_str));
        let defs = &self.abbrev_defs;
        let guard = &mut self.guard;
        let mut copy = |name: &str| {
            let _ = guard.spend_copy(defs.get(name).map_or(0, String::len));
        };
        if el.children.iter().any(|c| c.t == T::Text) {
            replace_abbrevs_in(el, &names, &mut copy);
            return;
        }
        // the same walk as `replace_abbrevs_in`'s, one child at a time
        for (i, child) in el.children.iter_mut().enumerate() {
            if !guard.ok() {
                break;
            }
            if let Some(line) = super::guard::Guard::line_of_child(marks, i) {
                guard.line = line;
            }
            if !child.children.is_empty() {
                let defs = &self.abbrev_defs;
                replace_abbrevs_in(child, &names, &mut |name: &str| {
                    let _ = guard.spend_copy(defs.get(name).map_or(0, String::len));
                });
            }
        }
    }
}

/// The abbreviation names as a byte trie.
struct Names {
    /// Per node: its children by byte, and whether a name ends there.
    nodes: Vec<(HashMap<u8, usize>, bool)>,
}

/// Ruby's `\w` (ASCII only).
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl Names {
    fn new<'a>(names: impl Iterator<Item = &'a str>) -> Names {
        let mut nodes = vec![(HashMap::default(), false)];
        for name in names {
            let mut at = 0;
            for &b in name.as_bytes() {
                at = match nodes[at].0.get(&b) {
                    Some(&next) => next,
                    None => {
                        nodes.push((HashMap::default(), false));
                        let next = nodes.len() - 1;
                        nodes[at].0.insert(b, next);
                        next
                    }
                };
            }
            // an empty name matches nowhere (kramdown's definitions have one character at least)
            if at != 0 {
                nodes[at].1 = true;
            }
        }
        Names { nodes }
    }

    /// The lengths of the names `s` starts with, shortest first.
    fn prefixes<'s>(&'s self, s: &'s [u8]) -> impl Iterator<Item = usize> + 's {
        let mut at = 0;
        s.iter()
            .enumerate()
            .map_while(move |(i, b)| {
                at = *self.nodes[at].0.get(b)?;
                Some((i + 1, self.nodes[at].1))
            })
            .filter_map(|(len, end)| end.then_some(len))
    }

    /// `union` anchored at the start of `s`: the longest name there.
    fn longest(&self, s: &[u8]) -> Option<usize> {
        self.prefixes(s).last()
    }

    /// `union(?!\w)` at the start of `s`.
    fn whole_word(&self, s: &[u8]) -> bool {
        self.prefixes(s)
            .any(|len| s.get(len).is_none_or(|&b| !is_word(b)))
    }

    /// Whether a name occurs in `s` (`s =~ union`).
    fn occurs(&self, s: &[u8]) -> bool {
        (0..s.len()).any(|i| self.nodes[0].0.contains_key(&s[i]) && self.longest(&s[i..]).is_some())
    }

    /// `scan_until(/(?=(?:\W|^)union(?!\w))/)` from `from`: where the
    /// lookahead holds (`^` holds at the scan position itself, as in Ruby's
    /// StringScanner, and after a newline).
    fn next_boundary(&self, s: &[u8], from: usize) -> Option<usize> {
        (from..s.len()).find(|&q| {
            // a character starts here (Ruby matches at characters)
            if s[q] & 0xC0 == 0x80 {
                return false;
            }
            let non_word = !is_word(s[q]);
            // `\W` is one character, which may take several bytes
            let after = q + utf8_len(s[q]);
            (non_word && self.whole_word(&s[after.min(s.len())..]))
                || ((q == from || s[q - 1] == b'\n') && self.whole_word(&s[q..]))
        })
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Split the text of `s` at the abbreviations, as kramdown's loop does:
/// `(text, abbreviation)` pairs and the rest.
fn split(s: &str, names: &Names) -> (Vec<(String, String)>, String) {
    let b = s.as_bytes();
    let mut pos = 0;
    let mut out = Vec::new();
    while let Some(q) = names.next_boundary(b, pos) {
        let mut temp = s[pos..q].to_string();
        pos = q;
        let abbr = match names.longest(&b[pos..]) {
            Some(len) => len,
            None => {
                // `\W|^`: the non-word character before the name
                if !is_word(b[pos]) {
                    let end = pos + utf8_len(b[pos]);
                    temp.push_str(&s[pos..end]);
                    pos = end;
                }
                names.longest(&b[pos..]).unwrap_or(0)
            }
        };
        out.push((temp, s[pos..pos + abbr].to_string()));
        pos += abbr;
    }
    (out, s[pos..].to_string())
}

/// `copied` is told the name of each abbreviation made.
fn replace_abbrevs_in(el: &mut El, names: &Names, copied: &mut dyn FnMut(&str)) {
    let raw = el.o.content_model == Some(crate::markdown::element::Cm::Raw);
    if raw
        || !el
            .children
            .iter()
            .any(|c| c.t == T::Text && names.occurs(c.value.as_bytes()))
    {
        // no text to split here: the same walk, in place
        for child in el.children.iter_mut() {
            if (child.t != T::Text || raw) && !child.children.is_empty() {
                replace_abbrevs_in(child, names, copied);
            }
        }
        return;
    }
    let children = std::mem::take(&mut el.children);
    let mut out = Vec::with_capacity(children.len());
    for mut child in children {
        if child.t == T::Text {
            if names.occurs(child.value.as_bytes()) {
                let (pairs, rest) = split(&child.value, names);
                for (text, abbr) in pairs {
                    copied(&abbr);
                    out.push(El::with_value(T::Text, text));
                    out.push(El::with_value(T::Abbreviation, abbr));
                }
                out.push(El::with_value(T::Text, rest));
            } else {
                out.push(child);
            }
        } else {
            replace_abbrevs_in(&mut child, names, copied);
            out.push(child);
        }
    }
    el.children = out;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::scanner::{Re, Scanner};

    /// kramdown's two regexps for these names, and `\W|^`.
    fn regexps(keys: &[&str]) -> [Re; 3] {
        let mut keys: Vec<&str> = keys.to_vec();
        keys.sort_by_key(|k| std::cmp::Reverse(k.chars().count()));
        let union = keys
            .iter()
            .map(|k| regex::escape(k))
            .collect::<Vec<_>>()
            .join("|");
        [
            Re::new(&format!("(?:{union})"), ""),
            Re::new(&format!(r"(?=(?:\W|^)(?:{union})(?!\w))"), ""),
            Re::new(r"\W|^", ""),
        ]
    }

    /// kramdown's regexp loop, as this module ran it before the trie.
    fn split_by_regexps(
        s: &str,
        [first, last, w_or_bol]: &[Re; 3],
    ) -> (Vec<(String, String)>, String) {
        let mut sc = Scanner::new(s.to_string());
        let mut out = Vec::new();
        while let Some(mut temp) = sc.scan_until(last) {
            let abbr = match sc.scan(first) {
                Some(a) => a,
                None => {
                    let ws = sc.scan(w_or_bol).unwrap_or_default();
                    temp.push_str(&ws);
                    sc.scan(first).unwrap_or_default()
                }
            };
            out.push((temp, abbr));
        }
        (out, sc.rest().to_string())
    }

    #[test]
    fn trie_equals_regexps() {
        let keys_sets: &[&[&str]] = &[
            &["HTML", "W3C"],
            &["A", "AB", "ABC"],
            &["+x", "x", "é"],
            &["a b", "a", "-"],
            &["中文", "中"],
        ];
        let pieces = [
            "HTML", "W3C", "A", "AB", "ABC", "+x", "x", "é", "a b", "a", "-", "中文", "中", " ",
            "\n", "b", "_", ".", "1", "(",
        ];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for keys in keys_sets {
            let names = Names::new(keys.iter().copied());
            let res = regexps(keys);
            for _ in 0..3000 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let n = (seed % 9) as usize;
                let mut s = String::new();
                let mut x = seed;
                for _ in 0..n {
                    s.push_str(pieces[(x % pieces.len() as u64) as usize]);
                    x /= pieces.len() as u64;
                    if x == 0 {
                        x = seed.rotate_left(17) | 1;
                    }
                }
                assert_eq!(
                    split(&s, &names),
                    split_by_regexps(&s, &res),
                    "{keys:?} {s:?}"
                );
                assert_eq!(
                    names.occurs(s.as_bytes()),
                    keys.iter().any(|k| s.contains(k)),
                    "{keys:?} {s:?}"
                );
            }
        }
    }
}

//! Author names as pybtex splits them (`pybtex.database.Person` and
//! `pybtex.bibtex.utils.split_tex_string`): `author` is split at ` and `
//! outside braces, and each name into first, middle, von, last and Jr parts
//! by BibTeX's rules ("First von Last", "von Last, First",
//! "von Last, Jr, First"). pubsFromBib.py writes `first_names[0] + " " +
//! last_names[0]` for each author.

use std::sync::LazyLock;

use regex::Regex;

/// The parts of one name, as pybtex's `Person`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Person {
    pub first: Vec<String>,
    pub middle: Vec<String>,
    pub von: Vec<String>,
    pub last: Vec<String>,
    pub jr: Vec<String>,
}

/// What [`split`] splits at, outside braces.
enum Sep {
    /// pybtex's `BIBTEX_SPACE_RE`: whitespace, `\ ` and `~` (not `\~`).
    Space,
    Comma,
    /// pybtex's split_name_list: ` and `, any case.
    And,
}

static AND: LazyLock<Regex> = LazyLock::new(|| {
    // The pattern is a constant: it compiles.
    Regex::new(" [Aa][Nn][Dd] ").expect("a valid pattern")
});

/// Byte ranges of the separators in `head` (text outside braces).
fn separators(head: &str, sep: &Sep) -> Vec<(usize, usize)> {
    match sep {
        Sep::And => AND.find_iter(head).map(|m| (m.start(), m.end())).collect(),
        Sep::Comma => head.match_indices(',').map(|(i, _)| (i, i + 1)).collect(),
        Sep::Space => {
            let mut out: Vec<(usize, usize)> = Vec::new();
            let b = head.as_bytes();
            let mut i = 0;
            while i < b.len() {
                let c = head[i..].chars().next().unwrap_or(' ');
                let len = if c == '\\' && b.get(i + 1) == Some(&b' ') {
                    2
                } else if c.is_whitespace() || (c == '~' && (i == 0 || b[i - 1] != b'\\')) {
                    c.len_utf8()
                } else {
                    0
                };
                if len == 0 {
                    i += c.len_utf8();
                    continue;
                }
                // Runs of separators are one separator (`(?:...)+`).
                match out.last_mut() {
                    Some(last) if last.1 == i => last.1 = i + len,
                    _ => out.push((i, i + len)),
                }
                i += len;
            }
            out
        }
    }
}

/// pybtex's split_tex_string: split at `sep` outside braces; parts are
/// trimmed, and for [`Sep::Space`] empty parts are dropped.
fn split(s: &str, sep: Sep) -> Vec<String> {
    let mut result = Vec::new();
    let mut word = String::new();
    let mut rest = s;
    loop {
        let (head, brace, tail) = match rest.find('{') {
            Some(i) => (&rest[..i], true, &rest[i + 1..]),
            None => (rest, false, ""),
        };
        let mut from = 0;
        for (a, b) in separators(head, &sep) {
            word.push_str(&head[from..a]);
            result.push(std::mem::take(&mut word));
            from = b;
        }
        word.push_str(&head[from..]);
        if !brace {
            break;
        }
        // The group up to its closing brace (or the end) joins the word.
        word.push('{');
        let mut level = 1;
        let mut end = tail.len();
        for (i, c) in tail.char_indices() {
            match c {
                '{' => level += 1,
                '}' => {
                    level -= 1;
                    if level == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        word.push_str(&tail[..end]);
        rest = &tail[end..];
    }
    result.push(word);
    let result = result.into_iter().map(|p| p.trim().to_string());
    match sep {
        Sep::Space => result.filter(|p| !p.is_empty()).collect(),
        _ => result.collect(),
    }
}

/// The names in an `author` (or `editor`) value.
pub fn split_names(value: &str) -> Vec<Person> {
    if value.trim().is_empty() {
        return Vec::new();
    }
    split(value, Sep::And)
        .iter()
        .map(|n| parse_name(n))
        .collect()
}

/// pybtex's `is_von_name`: does the word start with a lowercase letter
/// (looking past braces and into `{\"o}`-style special characters)?
fn is_von(word: &str) -> bool {
    let Some(first) = word.chars().next() else {
        return false;
    };
    if first.is_uppercase() {
        return false;
    }
    if first.is_lowercase() {
        return true;
    }
    let chars: Vec<char> = word.chars().collect();
    let mut level: usize = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '{' if level == 0 && chars.get(i + 1) == Some(&'\\') => {
                // A special character `{\cmd x}`: the case of its first
                // letter after the command name decides.
                let mut j = i + 2;
                while chars.get(j).is_some_and(|c| c.is_alphabetic()) {
                    j += 1;
                }
                while j < chars.len() && chars[j] != '}' {
                    if chars[j].is_alphabetic() {
                        return chars[j].is_lowercase();
                    }
                    j += 1;
                }
                return false;
            }
            '{' => level += 1,
            '}' => level = level.saturating_sub(1),
            c if level == 0 && c.is_alphabetic() => return c.is_lowercase(),
            '\\' if level == 1 => return false,
            _ => {}
        }
        i += 1;
    }
    false
}

/// One name's parts (pybtex's `Person._parse_string`).
pub fn parse_name(name: &str) -> Person {
    let mut p = Person::default();
    let name = name.trim();
    if name.is_empty() {
        return p;
    }
    let mut parts = split(name, Sep::Comma);
    if parts.len() > 3 {
        let rest = parts.split_off(2).join(" ");
        parts.push(rest);
    }
    match parts.len() {
        3 => {
            von_last(&mut p, split(&parts[0], Sep::Space));
            p.jr = split(&parts[1], Sep::Space);
            first_middle(&mut p, split(&parts[2], Sep::Space));
        }
        2 => {
            von_last(&mut p, split(&parts[0], Sep::Space));
            first_middle(&mut p, split(&parts[1], Sep::Space));
        }
        _ => {
            let words = split(name, Sep::Space);
            let at = words.iter().position(|w| is_von(w)).unwrap_or(words.len());
            let mut first = words[..at].to_vec();
            let mut rest = words[at..].to_vec();
            if rest.is_empty() {
                if let Some(last) = first.pop() {
                    rest.push(last);
                }
            }
            first_middle(&mut p, first);
            von_last(&mut p, rest);
        }
    }
    p
}

fn first_middle(p: &mut Person, mut words: Vec<String>) {
    if !words.is_empty() {
        let rest = words.split_off(1);
        p.first.extend(words);
        p.middle.extend(rest);
    }
}

/// The last word is always last; before it, the von part runs to the last
/// von word (pybtex's rsplit_at).
fn von_last(p: &mut Person, mut words: Vec<String>) {
    let Some(definitely_last) = words.pop() else {
        return;
    };
    let von_end = words.iter().rposition(|w| is_von(w)).map_or(0, |i| i + 1);
    let last = words.split_off(von_end);
    p.von.extend(words);
    p.last.extend(last);
    p.last.push(definitely_last);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// First, middle, von, last and Jr parts.
    type Parts = (
        Vec<String>,
        Vec<String>,
        Vec<String>,
        Vec<String>,
        Vec<String>,
    );

    fn parts(s: &str) -> Parts {
        let p = parse_name(s);
        (p.first, p.middle, p.von, p.last, p.jr)
    }

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn like_pybtex() {
        // Each expectation printed by pybtex 0.26's Person.
        assert_eq!(
            parts(r#"Ali {\"o}zt Smith"#),
            (
                v(&["Ali"]),
                v(&[]),
                v(&[r#"{\"o}zt"#]),
                v(&["Smith"]),
                v(&[])
            )
        );
        assert_eq!(
            parts(r#"Ali {\"O}zt Smith"#),
            (
                v(&["Ali"]),
                v(&[r#"{\"O}zt"#]),
                v(&[]),
                v(&["Smith"]),
                v(&[])
            )
        );
        assert_eq!(parts("Ali {d}e Smith").2, v(&["{d}e"]));
        assert_eq!(parts(r"Ali {\ae}b Smith").1, v(&[r"{\ae}b"]));
        assert_eq!(parts("Ali 1x Smith").2, v(&["1x"]));
        assert_eq!(parts("{Barnes and Noble}").3, v(&["{Barnes and Noble}"]));
        assert_eq!(
            parts("von Neumann, John"),
            (v(&["John"]), v(&[]), v(&["von"]), v(&["Neumann"]), v(&[]))
        );
        assert_eq!(
            parts("A. B. van der Berg-Smith Jr"),
            (
                v(&["A."]),
                v(&["B."]),
                v(&["van", "der"]),
                v(&["Berg-Smith", "Jr"]),
                v(&[])
            )
        );
        assert_eq!(
            parts("Smith, Jr., John"),
            (v(&["John"]), v(&[]), v(&[]), v(&["Smith"]), v(&["Jr."]))
        );
        assert_eq!(parts("Ali de la Smith jones").3, v(&["Smith", "jones"]));
        assert_eq!(
            parts("Ali ~ Bob"),
            (v(&["Ali"]), v(&[]), v(&[]), v(&["Bob"]), v(&[]))
        );
        assert_eq!(parts("Viktorov, Michail~Markovitch").1, v(&["Markovitch"]));
    }

    #[test]
    fn name_lists() {
        let names = split_names("Doe, Jane AND {Barnes and Noble} and others");
        assert_eq!(names.len(), 3);
        assert_eq!(names[1].last, v(&["{Barnes and Noble}"]));
        assert_eq!(names[2].last, v(&["others"]));
    }
}

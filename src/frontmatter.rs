//! Front matter: the YAML block between `---` lines at the top of a file.

use crate::utils::is_ruby_space as is_space;

/// `Utils.has_yaml_header?`: the first line is `---` (trailing spaces allowed).
pub fn has_header(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if !bytes.starts_with(b"---") {
        return false;
    }
    for &b in &bytes[3..] {
        match b {
            b'\n' => return true,
            b' ' | b'\t' | b'\r' | 0x0b | 0x0c => continue,
            _ => return false,
        }
    }
    false
}

/// Split `text` into (front matter YAML, body, 1-based line where the body starts).
/// `None` when there is no front matter block. The YAML is what Jekyll gives
/// Psych: the block with its opening `---` line (so its lines are the file's).
pub fn split(text: &str) -> Option<(&str, &str, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let end = header_end(text)?;
    let (yaml_end, whole_end) = end;
    let line = 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..whole_end]).count();
    Some((&text[..yaml_end], &text[whole_end..], line))
}

/// Where Jekyll's `YAML_FRONT_MATTER_REGEXP`,
/// `\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)` (`.` matching newlines),
/// ends its first group and its match, found without a regexp (a capturing
/// regexp search cost a sixth of reading 10,000 documents):
/// - `---\s*\n`: the spaces after the opening `---` must hold a newline;
///   the greedy `\s*` gives back to the last one (an earlier one would let
///   the lazy `.*?` start inside spaces, where no `---` line can begin);
/// - `.*?\n?^(---|\.\.\.)`: the first line from there that starts with
///   `---` or `...` and whose closing part matches;
/// - `\s*$\n?`: the greedy `\s*` gives back to the last newline of the
///   spaces after the marker (taking it), or takes them all at the end of
///   the text; spaces without a newline before more text do not match.
fn header_end(text: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let after_open = b.strip_prefix(b"---")?;
    let run = after_open.iter().take_while(|&&c| is_space(c)).count();
    let body_start = 3 + memchr::memrchr(b'\n', &after_open[..run])? + 1;
    let mut k = body_start;
    loop {
        let line = &b[k..];
        if line.starts_with(b"---") || line.starts_with(b"...") {
            let q = k + 3;
            let run = b[q..].iter().take_while(|&&c| is_space(c)).count();
            if q + run == b.len() {
                return Some((k, b.len()));
            }
            if let Some(nl) = memchr::memrchr(b'\n', &b[q..q + run]) {
                return Some((k, q + nl + 1));
            }
        }
        k += memchr::memchr(b'\n', line)? + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits() {
        let (y, b, l) = split("---\ntitle: x\n---\nbody\n").unwrap();
        assert_eq!(y, "---\ntitle: x\n");
        assert_eq!(b, "body\n");
        assert_eq!(l, 4);
        let (y, b, _) = split("---\n---\nhi").unwrap();
        assert_eq!(y, "---\n");
        assert_eq!(b, "hi");
        assert!(split("no header").is_none());
        assert!(has_header(b"---  \nx"));
        assert!(!has_header(b"----\nx"));
    }
}

#[cfg(test)]
mod ruby_regexp_tests {
    use super::*;

    /// Jekyll's `---\s*$\n?` also eats the blank lines after the front matter
    /// (checked with Ruby 3.1: both cases below give "Text\n"; an excerpt
    /// starts at the text, not a newline).
    #[test]
    fn closing_line_swallows_blank_lines() {
        let (_, b, l) = split("---\na: 1\n---\n\nText\n").unwrap();
        assert_eq!(b, "Text\n");
        assert_eq!(l, 5);
        let (_, b, l) = split("---\na: 1\n---\n\n\nText\n").unwrap();
        assert_eq!(b, "Text\n");
        assert_eq!(l, 6);
    }
}

#[cfg(test)]
mod regexp_equivalence {
    use super::*;

    /// The hand search ends where Jekyll's regexp (run by the `regex`
    /// crate, whose leftmost-first search backtracks as Ruby's does) ends,
    /// on every string of up to 7 characters over what it looks at (10 over
    /// the four it matches on), with
    /// and without an opening `---`.
    #[test]
    fn header_end_equals_the_regexp() {
        let re = regex::Regex::new(
            r"(?s)\A(---[ \t\r\n\f\v]*\n.*?\n?)(?m:^)((?:---|\.\.\.)[ \t\r\n\f\v]*(?m:$)\n?)",
        )
        .expect("constant pattern");
        let mut found = 0;
        for (alphabet, n) in [
            (&['-', '.', '\n', ' ', '\r', 'a', '\t'][..], 7),
            (&['-', '.', '\n', ' '][..], 10),
        ] {
            for tail in &crate::markdown::test_strings::all_strings(alphabet, n) {
                for s in [tail.clone(), format!("---{tail}")] {
                    let want = re.captures(&s).map(|c| {
                        (
                            c.get(1).map_or(0, |m| m.end()),
                            c.get(0).map_or(0, |m| m.end()),
                        )
                    });
                    assert_eq!(header_end(&s), want, "on {s:?}");
                    found += usize::from(want.is_some());
                }
            }
        }
        assert!(found > 10_000, "{found}");
    }
}

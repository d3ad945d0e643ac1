//! Front matter: the YAML block between `---` lines at the top of a file.

use std::sync::LazyLock;

use regex::Regex;

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    // Jekyll's YAML_FRONT_MATTER_REGEXP: \A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)  (m: dot matches \n)
    // constant pattern
    // (Ruby's `\s` includes `\n`: the closing line may swallow one blank line after it)
    Regex::new(r"(?s)\A(---[ \t\r\n\f\v]*\n.*?\n?)(?m:^)((?:---|\.\.\.)[ \t\r\n\f\v]*(?m:$)\n?)")
        .unwrap()
});

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
    let caps = HEADER.captures(text)?;
    let whole = caps.get(0)?;
    let yaml = caps.get(1)?.as_str();
    let body = &text[whole.end()..];
    let line = 1 + text[..whole.end()].matches('\n').count();
    Some((yaml, body, line))
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

//! kramdown's smart-quote rules (`SQ_RULES` in `smart_quotes.rb`) decided by
//! hand: the first rule that matches at the scan position, with its match
//! length and captures. Equivalent to running the ten regexps in order (a
//! test below checks that on every short string of the relevant characters).

/// Ruby `\s`.
fn ws(c: Option<char>) -> bool {
    matches!(c, Some(' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r'))
}
/// Ruby `\w`.
fn word(c: Option<char>) -> bool {
    matches!(c, Some(c) if c.is_ascii_alphanumeric() || c == '_')
}
/// Onigmo's Unicode word character (what Ruby's `\b` uses).
fn uword(c: Option<char>) -> bool {
    matches!(c, Some(c) if c.is_alphanumeric() || c == '_')
}
fn quote(c: Option<char>) -> bool {
    matches!(c, Some('"' | '\''))
}
fn punct(c: Option<char>) -> bool {
    matches!(c, Some(c) if c.is_ascii_punctuation() && c != '&')
}

/// (rule index, match length, [group 1, group 2]).
pub type RuleMatch = (usize, usize, [Option<(usize, usize)>; 2]);

/// The matching rule: index into `SQ_RULES`, match length in bytes, and the
/// captures as byte ranges relative to the position (group 1, group 2).
pub fn match_rule(rest: &str) -> Option<RuleMatch> {
    let cs: Vec<(usize, char)> = rest.char_indices().take(5).collect();
    let ch = |i: usize| cs.get(i).map(|x| x.1);
    let off = |i: usize| cs.get(i).map(|x| x.0).unwrap_or(rest.len());
    let (c0, c1, c2, c3) = (ch(0), ch(1), ch(2), ch(3));
    let g = |a: usize, b: usize| Some((off(a), off(b)));
    // 1: ("|')(?=[_*]{1,2}\S)
    if quote(c0) && matches!(c1, Some('_' | '*')) && c2.is_some() && !ws(c2) {
        return Some((0, off(1), [g(0, 1), None]));
    }
    // 2: ("|')(?=PUNCT(?!\.\.)\B)
    if quote(c0) && punct(c1) && !(c2 == Some('.') && c3 == Some('.')) && uword(c1) == uword(c2) {
        return Some((1, off(1), [g(0, 1), None]));
    }
    // 3 / 4: (\s?)"'(?=\w) and (\s?)'"(?=\w)
    for (rule, a, b) in [(2, '"', '\''), (3, '\'', '"')] {
        if ws(c0) && c1 == Some(a) && c2 == Some(b) && word(c3) {
            return Some((rule, off(3), [g(0, 1), None]));
        }
        if c0 == Some(a) && c1 == Some(b) && word(c2) {
            return Some((rule, off(2), [g(0, 0), None]));
        }
    }
    // 5: (\s?)'(?=\d\ds)
    let dig = |c: Option<char>| matches!(c, Some(c) if c.is_ascii_digit());
    if ws(c0) && c1 == Some('\'') && dig(c2) && dig(c3) && ch(4) == Some('s') {
        return Some((4, off(2), [g(0, 1), None]));
    }
    if c0 == Some('\'') && dig(c1) && dig(c2) && c3 == Some('s') {
        return Some((4, off(1), [g(0, 0), None]));
    }
    // 6: (\s)('|")(?=\w)
    if ws(c0) && quote(c1) && word(c2) {
        return Some((5, off(2), [g(0, 1), g(1, 2)]));
    }
    // 7: ([^ \\\t\r\n\[{(\-])('|")
    if let Some(c) = c0 {
        if !matches!(c, ' ' | '\\' | '\t' | '\r' | '\n' | '[' | '{' | '(' | '-') && quote(c1) {
            return Some((6, off(2), [g(0, 1), g(1, 2)]));
        }
    }
    // 8: ("|')(?=\s|s\b|$)
    if quote(c0) && (c1.is_none() || ws(c1) || (c1 == Some('s') && !uword(c2))) {
        return Some((7, off(1), [g(0, 1), None]));
    }
    // 9 / 10: (.?)' and (.?)"  (dot matches newline)
    for (rule, q) in [(8, '\''), (9, '"')] {
        if c0.is_some() && c1 == Some(q) {
            return Some((rule, off(2), [g(0, 1), None]));
        }
        if c0 == Some(q) {
            return Some((rule, off(1), [g(0, 0), None]));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parser::consts::SQ_RULES;
    use crate::markdown::scanner::Scanner;

    #[test]
    fn manual_rules_equal_regexps() {
        let alphabet = [
            '"', '\'', ' ', '\n', 'a', 's', '1', '_', '*', '.', '-', '(', '\\', 'é',
        ];
        for s in &crate::markdown::test_strings::all_strings(&alphabet, 5) {
            let mut want = None;
            for (i, (re, _)) in SQ_RULES.iter().enumerate() {
                let mut sc = Scanner::new(s.clone());
                if sc.scan(re).is_some() {
                    want = Some((i, sc.pos, sc.group_s(1), sc.group_s(2)));
                    break;
                }
            }
            let got = match_rule(s).map(|(i, len, g)| {
                let sub = |r: Option<(usize, usize)>| r.map(|(a, b)| s[a..b].to_string());
                (i, len, sub(g[0]), sub(g[1]))
            });
            assert_eq!(got, want, "on {s:?}");
        }
    }
}

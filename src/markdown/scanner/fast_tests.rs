//! The hand-written matchers of `Fast`, checked against their regexps.

use super::*;
use crate::markdown::test_strings::all_strings;

/// List-marker matchers agree with their regexps, groups included.
#[test]
fn list_markers_equal_regexps() {
    let alphabet = [' ', '-', '*', '1', '.', ':', '|', '\t', '\n', 'a'];
    for (kind, marker) in [(0u8, "[+*-]"), (1, r"\d+\."), (2, ":")] {
        for max in 0u8..=3 {
            let pat = format!(r"^( {{0,{max}}}{marker})((?-s:[\t| ].*?\n))");
            let slow = Re::new(&pat, "");
            let fast = Re::new(&pat, "").fast(Fast::ListMarker(kind, max));
            for s in &all_strings(&alphabet, 6) {
                let mut a = Scanner::new(s.clone());
                let mut b = Scanner::new(s.clone());
                let ra = a.check(&slow);
                let rb = b.check(&fast);
                assert_eq!(
                    (ra, a.matched(), a.group(1), a.group(2)),
                    (rb, b.matched(), b.group(1), b.group(2)),
                    "{pat} on {s:?}"
                );
            }
        }
    }
}

/// The link definition shortcut gives the groups the whole pattern
/// gives, on every short tail after a label over the characters that
/// matter to it (quotes included: the shortcut must then step aside).
#[test]
fn link_definition_shortcut_equals_regexp() {
    let pat = crate::markdown::parser::consts::link_definition_start_s();
    let whole = Re::new(&pat, "").lines(3);
    let fast = Re::new(&pat, "").lines(3).fast(Fast::LinkDef);
    let alphabet = [' ', 'a', '<', '>', '\n', '"', '\'', '\t', ']', ':'];
    let mut checked = 0;
    for t in &all_strings(&alphabet, 5) {
        for head in ["[a]:", " [a b]: ", "[a]:<b>", "[x]: u"] {
            let s = format!("{head}{t}");
            let mut a = Scanner::new(s.clone());
            let mut b = Scanner::new(s.clone());
            let ra = a.check(&whole);
            let rb = b.check(&fast);
            let groups = |sc: &Scanner| (0..6).map(|i| sc.group_s(i)).collect::<Vec<_>>();
            assert_eq!((ra, groups(&a)), (rb, groups(&b)), "{s:?}");
            checked += 1;
        }
    }
    assert!(checked > 100_000);
}

/// Every hand-written matcher agrees with its regexp on all short
/// strings over the characters that matter to it.
#[test]
fn fast_matchers_equal_regexps() {
    let cases: Vec<(&str, Fast, &[char])> = vec![
        (
            r"^ {0,3}(\*|-|_)[ \t]*\1[ \t]*\1(\1|[ \t])*\n",
            Fast::Hr,
            &[' ', '*', '-', '_', '\t', '\n', 'a'],
        ),
        (r"(?>^\s*\n)+", Fast::Blank, &[' ', '\t', '\n', 'a', '\r']),
        (r"^.*?\n", Fast::Line, &[' ', '\n', 'a']),
        (
            r"!?\[(?=[^^])",
            Fast::LinkStart,
            &['!', '[', '^', 'a', '\n'],
        ),
    ];
    for (pat, fast, alphabet) in cases {
        let plain = Re::new(pat, "");
        let fast_re = Re::new(pat, "").fast(fast);
        for s in &all_strings(alphabet, 6) {
            let mut a = Scanner::new(s.clone());
            let mut b = Scanner::new(s.clone());
            let ra = a.check(&plain);
            let rb = b.check(&fast_re);
            assert_eq!((ra, a.matched()), (rb, b.matched()), "{pat} on {s:?}");
        }
    }
}

/// `Fast::Between` gives the groups of `OPEN(.*?)CLOSE` in multi-line
/// mode, at every position of every short string, with one scanner
/// walked forward (so that a remembered missing close is reused).
#[test]
fn between_equals_regexp() {
    for (pat, open, close) in [
        (r"<!--(.*?)-->", "<!--", "-->"),
        (r"<\?(.*?)\?>", "<?", "?>"),
    ] {
        let slow = Re::new(pat, "m");
        let fast = Re::new(pat, "m").fast(Fast::Between(open, close));
        let alphabet = ['<', '!', '-', '>', '?', '\n', 'a'];
        for s in &all_strings(&alphabet, 7) {
            let mut a = Scanner::new(s.clone());
            let mut b = Scanner::new(s.clone());
            for pos in (0..=s.len()).filter(|&p| s.is_char_boundary(p)) {
                a.pos = pos;
                b.pos = pos;
                let ra = a.check(&slow);
                let rb = b.check(&fast);
                assert_eq!(
                    (ra, a.matched(), a.group(1)),
                    (rb, b.matched(), b.group(1)),
                    "{pat} on {s:?} at {pos}"
                );
            }
        }
    }
}

/// `Fast::Fenced` gives the groups of kramdown-parser-gfm's fenced-code
/// regexp at every line start of every short document, with one scanner
/// walked forward (so that a remembered unclosed fence is reused).
#[test]
fn fenced_equals_regexp() {
    use crate::markdown::parser::consts::FENCED_MATCH_S;
    let slow = Re::new(FENCED_MATCH_S, "m");
    let fast = Re::new(FENCED_MATCH_S, "m").fast(Fast::Fenced);
    let lines = ["```", "```x", "~~~", "````", " ```", "a", "``` ", ""];
    let mut docs = vec![String::new()];
    for _ in 0..4 {
        let mut next = Vec::new();
        for d in &docs {
            for l in &lines {
                next.push(format!("{d}{l}\n"));
            }
        }
        docs = next;
    }
    for s in &docs {
        let mut a = Scanner::new(s.clone());
        let mut b = Scanner::new(s.clone());
        let starts = std::iter::once(0).chain(s.match_indices('\n').map(|(i, _)| i + 1));
        for pos in starts.filter(|&p| p <= s.len()) {
            a.pos = pos;
            b.pos = pos;
            let ra = a.check(&slow);
            let rb = b.check(&fast);
            let ga: Vec<_> = (0..6).map(|i| a.group(i)).collect();
            let gb: Vec<_> = (0..6).map(|i| b.group(i)).collect();
            assert_eq!((ra, ga), (rb, gb), "on {s:?} at {pos}");
        }
    }
}

/// `Fast::HtmlStart` and `Fast::Autolink` give the groups of kramdown's
/// `HTML_BLOCK_START`, `HTML_SPAN_START` and `AUTOLINK_START`, non-ASCII
/// letters included (where the hand matchers leave the decision to them).
#[test]
fn html_starts_and_autolinks_equal_regexps() {
    use crate::markdown::parser::consts::{OPT_SPACE, UNAME};
    let groups = |sc: &Scanner| (0..3).map(|i| sc.group_s(i)).collect::<Vec<_>>();
    let starts = [
        (
            format!(r"^{OPT_SPACE}<({UNAME}|!--|\/)"),
            Fast::HtmlStart(true),
        ),
        (format!(r"<({UNAME}|!--|\/)"), Fast::HtmlStart(false)),
    ];
    let alphabet = [' ', '<', 'a', ':', '-', '!', '/', '1', 'é', '_', '>'];
    for (pat, fast) in &starts {
        let slow = Re::new(pat, "");
        let quick = Re::new(pat, "").fast(*fast);
        for s in &all_strings(&alphabet, 5) {
            let (mut a, mut b) = (Scanner::new(s.clone()), Scanner::new(s.clone()));
            let (ra, rb) = (a.check(&slow), b.check(&quick));
            assert_eq!((ra, groups(&a)), (rb, groups(&b)), "{pat} on {s:?}");
        }
    }
    let pat = crate::markdown::parser::consts::AUTOLINK_START_S;
    let slow = Re::new(pat, "");
    let quick = Re::new(pat, "").fast(Fast::Autolink);
    let alphabet = ['>', ':', '@', 'a', '\n', 'é', '.', 's', '-', '1'];
    let mut checked = 0;
    for head in [
        "<", "<http", "<https", "<mailto", "<ftp", "<ftps", "<a", "a", "<x@",
    ] {
        for t in &all_strings(&alphabet, 5) {
            let s = format!("{head}{t}");
            let (mut a, mut b) = (Scanner::new(s.clone()), Scanner::new(s.clone()));
            let (ra, rb) = (a.check(&slow), b.check(&quick));
            assert_eq!((ra, groups(&a)), (rb, groups(&b)), "{pat} on {s:?}");
            checked += usize::from(ra);
        }
    }
    assert!(checked > 10_000, "{checked}");
}

/// `Fast::TableLine` and `Fast::TableStart` match what kramdown's
/// `TABLE_LINE` and `TABLE_START` match, on every short string over the
/// characters they look at (`é` ends in a byte that is not `\`).
#[test]
fn table_lines_equal_regexps() {
    use crate::markdown::parser::consts::{table_line_s, table_start_s};
    let alphabet = [' ', '|', '\\', 'a', '\n', '\t', 'é'];
    for (pat, fast) in [
        (table_line_s(), Fast::TableLine),
        (table_start_s(), Fast::TableStart),
    ] {
        let plain = Re::new(&pat, "");
        let fast_re = Re::new(&pat, "").fast(fast);
        for s in &all_strings(&alphabet, 6) {
            let mut a = Scanner::new(s.clone());
            let mut b = Scanner::new(s.clone());
            let ra = a.check(&plain);
            let rb = b.check(&fast_re);
            assert_eq!((ra, a.matched()), (rb, b.matched()), "{pat} on {s:?}");
        }
    }
}

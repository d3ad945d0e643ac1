//! The hand matchers of `fast` against their regexps.

use super::*;
use crate::markdown::parser::consts::*;
use crate::markdown::scanner::{Re, Scanner};
use crate::markdown::test_strings::{all_strings, random_strings};

#[test]
fn find_nl_finds_the_first_newline() {
    for s in inputs(&['a', '\n', 'é'], 10) {
        assert_eq!(find_nl(s.as_bytes()), s.find('\n'), "{s:?}");
    }
    let long = format!("{}\n{}\n", "x".repeat(37), "y".repeat(20));
    assert_eq!(find_nl(long.as_bytes()), Some(37));
}

fn inputs(alphabet: &[char], n: usize) -> Vec<String> {
    let mut v = all_strings(alphabet, n);
    v.extend(random_strings(alphabet, 30, 20_000));
    v
}

/// An anchored regexp at the start of `s`: (match, groups 1..=g).
fn regexp_at(re: &Re, s: &str, g: usize) -> Option<Vec<Option<String>>> {
    let mut sc = Scanner::new(s.to_string());
    sc.check(re)
        .then(|| (0..=g).map(|i| sc.group_s(i)).collect())
}

fn groups_text(s: &str, g: Option<Groups>) -> Option<Vec<Option<String>>> {
    g.map(|g| {
        g.iter()
            .map(|x| x.map(|(a, b)| s[a..b].to_string()))
            .collect()
    })
}

#[test]
fn atx_header_equals_regexp() {
    for s in inputs(&['#', ' ', '\t', 'a', '\n'], 8) {
        let want = regexp_at(&Re::new(ATX_HEADER_START_S, ""), &s, 2);
        assert_eq!(groups_text(&s, atx_header(s.as_bytes())), want, "{s:?}");
    }
}

#[test]
fn table_lines_equal_regexps() {
    let row = Re::new(r"^(.*?)[ \t]*\n", "");
    let sep = Re::new(r"^([+|: \t-]*?-[+|: \t-]*?)[ \t]*\n", "");
    let fsep = Re::new(r"^[+|: \t=]*?=[+|: \t=]*?[ \t]*\n", "");
    for s in inputs(&['-', ' ', '\t', '|', ':', 'a', '\n', '+', '='], 6) {
        let want = regexp_at(&fsep, &s, 0).map(|g| g[0].as_ref().map_or(0, String::len));
        assert_eq!(table_fsep(s.as_bytes()), want, "fsep {s:?}");
        let want = regexp_at(&row, &s, 1);
        assert_eq!(groups_text(&s, table_row(s.as_bytes())), want, "row {s:?}");
        let want = regexp_at(&sep, &s, 1);
        assert_eq!(groups_text(&s, table_sep(s.as_bytes())), want, "sep {s:?}");
    }
}

#[test]
fn backticks_equal_regexp() {
    for s in inputs(&['`', 'a', '\n'], 6) {
        let re = Re::new("`+", "");
        let want = regexp_at(&re, &s, 0).map(|g| g[0].as_ref().map_or(0, String::len));
        assert_eq!(backticks(s.as_bytes()), want, "{s:?}");
    }
}

#[test]
fn list_content_equals_regexp() {
    for ind in 0..9 {
        let re = Re::new(
            &format!(
                r"^(?:(?:\t| {{4}}){{{}}} {{{}}}|(?:\t| {{4}}){{{}}}).*\S.*\n",
                ind / 4,
                ind % 4,
                ind / 4 + 1
            ),
            "",
        );
        for s in inputs(&[' ', '\t', 'a', '\n'], 9) {
            let want = regexp_at(&re, &s, 0).map(|g| g[0].as_ref().map_or(0, String::len));
            assert_eq!(list_content(s.as_bytes(), ind), want, "{ind} {s:?}");
        }
    }
}

#[test]
fn line_patterns_equal_regexps() {
    let alphabet = [' ', '\t', '-', '1', '.', 'a', '\n', '*', '|'];
    let space_tab = Re::new(r"^ *\t", "");
    let tabs = Re::new(r"^(\t+)", "");
    for s in inputs(&alphabet, 5) {
        assert_eq!(list_start_anywhere(&s), LIST_START.is_match(&s), "{s:?}");
        assert_eq!(leading_space_tab(&s), space_tab.is_match(&s), "{s:?}");
        let want = tabs.replace_first(&s, |g| " ".repeat(4 * g[1].map_or(0, str::len)));
        assert_eq!(expand_leading_tabs(&s), want, "{s:?}");
        for n in 0..5 {
            let re = Re::new(&format!("^ {{{n}}}"), "");
            let want = re.replace_first(&s, |_| String::new());
            assert_eq!(strip_line_indent(&s, n), want, "{n} {s:?}");
        }
        let ws = Re::new(r"^\s*", "");
        let want = ws.replace_first(&s, |_| String::new());
        assert_eq!(Some(strip_leading_ws(&s).to_string()), want, "{s:?}");
    }
}

#[test]
fn task_markers_equal_regexps() {
    let unchecked = Re::new(r"\A\s*\[ \]\s+", "");
    let checked = Re::new(r"\A\s*\[x\]\s+", "i");
    for s in inputs(&['[', ']', ' ', 'x', 'X', '\n', 'a'], 6) {
        for (re, c) in [(&unchecked, false), (&checked, true)] {
            let want = re.captures(&s).map(|g| g[0].map_or(0, |(_, b)| b));
            assert_eq!(task_marker(&s, c), want, "{c} {s:?}");
        }
    }
}

#[test]
fn header_suffixes_equal_regexps() {
    let hashes = Re::new(r"[\t ]#+\z", "");
    let id = Re::new(
        &format!(r"[\t ]\{{#([{NAME_START_CHAR}][{NAME_CHAR}]*)\}}\z"),
        "",
    );
    for s in inputs(
        &['#', ' ', '\t', 'a', '{', '}', '-', ':', '1', 'é', '·', '\n'],
        5,
    ) {
        let want = hashes.captures(&s).and_then(|g| g[0].map(|(a, _)| a));
        assert_eq!(trailing_hashes(&s), want, "{s:?}");
        let want = id.captures(&s).and_then(|g| Some((g[0]?.0, g[1]?)));
        assert_eq!(header_id(&s), want, "{s:?}");
    }
}

#[test]
fn unescape_and_pipes_equal_regexps() {
    let pipe = Re::new(r"(?<!\\)\|", "");
    for s in inputs(&['\\', '|', '*', 'a', '~', '\n', 'é'], 6) {
        let want = ESCAPED_CHARS.replace_all(&s, |g| g[1].unwrap_or("").to_string());
        assert_eq!(unescape_chars(&s), want, "{s:?}");
        let want: Vec<usize> = pipe
            .captures_all(&s)
            .iter()
            .filter_map(|g| g[0].map(|(a, _)| a))
            .collect();
        assert_eq!(unescaped_pipes(&s).collect::<Vec<_>>(), want, "{s:?}");
    }
}

#[test]
fn raw_html_start_equals_regexp() {
    let re = regex::Regex::new(r"<(?:[\p{Alphabetic}_]|/|!--|\?)").expect("compiles");
    for s in inputs(&['<', 'a', '/', '!', '-', '?', ' ', '_', '1', 'é'], 6) {
        let want = re.find(&s).map(|m| m.start());
        let got = match raw_html_start(s.as_bytes()) {
            Ok(x) => x,
            Err(i) => re.find(&s[i..]).map(|m| i + m.start()),
        };
        assert_eq!(got, want, "{s:?}");
    }
}

#[test]
fn block_html_tags_equal_regexps() {
    let open = Re::new(
        &format!("^{OPT_SPACE}{}", HTML_TAG_BODY.replace("UNAME", UNAME)),
        "m",
    );
    let close = Re::new(&format!(r"^{OPT_SPACE}<\/({UNAME})\s*>"), "m");
    for s in inputs(&[' ', '<', '/', 'a', '>', '=', '"', '\n', 'é'], 6) {
        assert_eq!(
            regexp_at(&open, &s, 4),
            regexp_at(&BLOCK_HTML_TAG, &s, 4),
            "{s:?}"
        );
        assert_eq!(
            regexp_at(&close, &s, 1),
            regexp_at(&BLOCK_HTML_TAG_CLOSE, &s, 1),
            "{s:?}"
        );
    }
}

#[test]
fn codeblock_and_footnote_equal_regexps() {
    use crate::markdown::parser::consts::codeblock_match as pattern;
    let code = Re::new(&pattern(), "");
    let foot = Re::new(
        &format!(
            r"^{OPT_SPACE}\[\^({})\]:\s*?(.*?\n{})",
            g(&ald_id_name()),
            g(&pattern())
        ),
        "",
    );
    let alphabet = [' ', '\t', 'a', '\n', '<', '{', ':', '}', '^', '/', '>'];
    let mut strings = inputs(&alphabet, 6);
    // indented starts, so that the interesting cases are reached
    for s in inputs(&alphabet, 4) {
        strings.push(format!("    x\n{s}"));
        strings.push(format!("\tx\n\n{s}"));
        strings.push(format!("[^a]: x\n    y\n{s}"));
    }
    for s in &strings {
        let want = regexp_at(&code, s, 0).map(|g| g[0].as_ref().map_or(0, String::len));
        if let Some(got) = super::codeblock_match(s) {
            assert_eq!(Some(got), want, "code {s:?}");
        }
        if let Some(got) = footnote_definition(s) {
            assert_eq!(groups_text(s, got), regexp_at(&foot, s, 2), "foot {s:?}");
        }
    }
}

#[test]
fn span_starts_equal_regexps() {
    let alphabet = [
        '*', '_', '-', '.', '<', '>', '\\', ' ', '\n', '"', '\'', 'a', '&', '#', 'x', '1', ';',
        '(', ')', '[', ']', ':', 'é', '~', 'F',
    ];
    let emph = Re::new(r"(?:\*\*?|__?)", "");
    let typo = Re::new(r"---|--|\.\.\.|\\<<|\\>>|<< | >>|<<|>>", "");
    let lb = Re::new(r"(  |\\\\)(?=\n)", "");
    let sq = Re::new(r#"[^\\]?["']"#, "");
    let esc = Re::new(r#"\\([\\.*_+`<>()\[\]{}#!:\|"'\$=\-~])"#, "");
    let ent = Re::new(HTML_ENTITY_S, "");
    let id = Re::new(r"\s*?\[([^\]]+)?\]", "");
    let angle = Re::new(r"\(<(.*?)>", "");
    let len = |g: Option<Vec<Option<String>>>| g.map(|g| g[0].as_ref().map_or(0, String::len));
    for s in inputs(&alphabet, 4) {
        let b = s.as_bytes();
        assert_eq!(
            literals(b, &["**", "*", "__", "_"]),
            len(regexp_at(&emph, &s, 0)),
            "{s:?}"
        );
        assert_eq!(
            literals(
                b,
                &["---", "--", "...", "\\<<", "\\>>", "<< ", " >>", "<<", ">>"]
            ),
            len(regexp_at(&typo, &s, 0)),
            "{s:?}"
        );
        assert_eq!(line_break(b), len(regexp_at(&lb, &s, 0)), "{s:?}");
        assert_eq!(smart_quote_start(&s), len(regexp_at(&sq, &s, 0)), "{s:?}");
        assert_eq!(
            groups_text(&s, escaped_char(b)),
            regexp_at(&esc, &s, 1),
            "{s:?}"
        );
        assert_eq!(
            groups_text(&s, html_entity(b)),
            regexp_at(&ent, &s, 3),
            "{s:?}"
        );
        assert_eq!(groups_text(&s, link_id(b)), regexp_at(&id, &s, 1), "{s:?}");
        assert_eq!(
            groups_text(&s, angle_url(b)),
            regexp_at(&angle, &s, 1),
            "{s:?}"
        );
    }
}

/// A list item's lazy-line pattern with its hand matcher.
#[test]
fn list_lazy_equals_regexp() {
    use crate::markdown::scanner::Fast;
    for n in 0..=3usize {
        let pat = format!(
            r"(?!^ {{0,{n}}}(?:{}|{}|{})).*\S.*\n",
            g(&ial_block_s()),
            gs(&lazy_end_html_stop()),
            g(&lazy_end_html_start())
        );
        let slow = Re::new(&pat, "");
        let fast = Re::new(&pat, "").fast(Fast::ListLazy(n));
        for s in inputs(&[' ', '{', ':', '}', '<', 'a', '/', '>', '\n', 'é', 'b'], 5) {
            assert_eq!(
                regexp_at(&slow, &s, 0),
                regexp_at(&fast, &s, 0),
                "{n} {s:?}"
            );
        }
    }
}

#[test]
fn ial_block_start_equals_regexp() {
    // kramdown's pattern without the port's line window
    let re = Re::new(&ial_block_start_s(), "");
    for s in inputs(&['{', ':', '}', '\\', ' ', '\n', 'a', '/'], 7) {
        let want = Scanner::new(s.clone()).check(&re);
        assert_eq!(ial_block_start(s.as_bytes()), want, "{s:?}");
        assert_eq!(
            groups_text(&s, ial_block(s.as_bytes())),
            regexp_at(&re, &s, 1),
            "{s:?}"
        );
    }
}

#[test]
fn span_start_equals_regexp() {
    use crate::markdown::parser::Sp;
    let all = crate::markdown::parser::SPAN_PARSERS;
    let sets: Vec<(Vec<Sp>, Option<&str>, FinderStop)> = vec![
        (all.to_vec(), None, FinderStop::None),
        (
            all.iter()
                .copied()
                .filter(|p| *p != Sp::LineBreak)
                .collect(),
            None,
            FinderStop::None,
        ),
        (all.to_vec(), Some(r"\]|!?\["), FinderStop::Link),
        (all.to_vec(), Some(r"\*\*"), FinderStop::Lit("**")),
        (all.to_vec(), Some("_"), FinderStop::Lit("_")),
        (vec![Sp::Codespan], None, FinderStop::None),
        (vec![Sp::SpanHtml], None, FinderStop::None),
    ];
    let alphabet = [
        '*', '_', '`', '<', '>', '[', ']', '!', '"', '\'', '$', '{', ':', '&', '-', '.', ' ', '\\',
        '\n', '~', 'a', 'é',
    ];
    let strings = inputs(&alphabet, 4);
    for (parsers, stop, fstop) in sets {
        let mask = parsers.iter().fold(0u32, |m, p| m | (1 << *p as u32));
        let re = crate::markdown::parser::span_finder_regex(&parsers, stop);
        for s in &strings {
            let want = re.find(s).map(|m| m.start());
            assert_eq!(
                span_start(s.as_bytes(), mask, fstop),
                want,
                "{parsers:?} {stop:?} {s:?}"
            );
        }
    }
}

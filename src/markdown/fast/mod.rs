//! Hand-written equivalents of kramdown regexps that run on every line or
//! span: each function is exactly the Ruby pattern in its doc line (as the
//! port's `Re` runs it), checked against it in the tests below on every
//! short string over the characters it looks at and on random inputs.
//! Where a non-ASCII character would need a Unicode class, a function
//! returns `None` ("undecided") and the caller runs the regexp.

/// Capture offsets: `[group 0, group 1, …]`.
pub type Groups = Vec<Option<(usize, usize)>>;

/// Ruby's `\s`.
pub fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

fn line_end(b: &[u8]) -> Option<usize> {
    find_nl(b)
}

/// The first newline in `b` (memchr: vector instructions where the CPU
/// has them).
pub fn find_nl(b: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', b)
}

/// `^(#{1,6})[\t ]+(.*)\n` at the start of `b`.
pub fn atx_header(b: &[u8]) -> Option<Groups> {
    let n = b.iter().take_while(|&&c| c == b'#').count();
    if n == 0 || n > 6 {
        return None;
    }
    let ws = b[n..]
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    if ws == 0 {
        return None;
    }
    let s = n + ws;
    let e = s + line_end(&b[s..])?;
    Some(vec![Some((0, e + 1)), Some((0, n)), Some((s, e))])
}

/// `^(.*?)[ \t]*\n` (a table row line).
pub fn table_row(b: &[u8]) -> Option<Groups> {
    let e = line_end(b)?;
    let t = e - b[..e]
        .iter()
        .rev()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    Some(vec![Some((0, e + 1)), Some((0, t))])
}

/// `^([+|: \t-]*?-[+|: \t-]*?)[ \t]*\n` (a table separator line).
pub fn table_sep(b: &[u8]) -> Option<Groups> {
    let e = line_end(b)?;
    let line = &b[..e];
    if !line
        .iter()
        .all(|&c| matches!(c, b'+' | b'|' | b':' | b' ' | b'\t' | b'-'))
    {
        return None;
    }
    let d = line.iter().position(|&c| c == b'-')?;
    let t = e - line
        .iter()
        .rev()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    Some(vec![Some((0, e + 1)), Some((0, t.max(d + 1)))])
}

/// kramdown's `TABLE_PIPE_CHECK` (`(?:\||.*?[^\\\n]\|)`) at the start of
/// `b`: within the first line, a `|` first or a `|` after a character
/// other than `\` (the last byte of a character is `\` only when the
/// character is).
pub fn pipe_check(b: &[u8]) -> bool {
    let line = &b[..find_nl(b).unwrap_or(b.len())];
    match line.first() {
        Some(b'|') => true,
        None => false,
        Some(_) => line.windows(2).any(|w| w[1] == b'|' && w[0] != b'\\'),
    }
}

/// `TABLE_LINE` (`TABLE_PIPE_CHECK.*?\n`): the length of the first line
/// with its newline when it passes [`pipe_check`].
pub fn table_line(b: &[u8]) -> Option<usize> {
    let e = line_end(b)?;
    pipe_check(&b[..e]).then_some(e + 1)
}

/// `TABLE_START` (`^ {0,3}(?=\S)` and `TABLE_LINE`): the spaces cannot
/// give back one, since `\S` must follow them.
pub fn table_start(b: &[u8]) -> Option<usize> {
    let k = b.iter().take(3).take_while(|&&c| c == b' ').count();
    if b.get(k).is_none_or(|&c| is_ws(c)) {
        return None;
    }
    table_line(&b[k..]).map(|n| k + n)
}

/// `TABLE_FSEP_LINE`, `^[+|: \t=]*?=[+|: \t=]*?[ \t]*\n`: the length of a
/// line of only those characters with an `=` among them.
pub fn table_fsep(b: &[u8]) -> Option<usize> {
    let e = line_end(b)?;
    let line = &b[..e];
    let ok = line
        .iter()
        .all(|&c| matches!(c, b'+' | b'|' | b':' | b' ' | b'\t' | b'='))
        && line.contains(&b'=');
    ok.then_some(e + 1)
}

/// `` `+ ``.
pub fn backticks(b: &[u8]) -> Option<usize> {
    let n = b.iter().take_while(|&&c| c == b'`').count();
    (n > 0).then_some(n)
}

/// A list item's content line for indentation `ind`:
/// `^(?:(?:\t| {4}){q} {r}|(?:\t| {4}){q+1}).*\S.*\n` (q, r = ind / 4, ind % 4).
pub fn list_content(b: &[u8], ind: usize) -> Option<usize> {
    let e = line_end(b)?;
    let line = &b[..e];
    // (?:\t| {4}){n}: the end of n units, if there are n
    let units = |n: usize| -> Option<usize> {
        let mut p = 0;
        for _ in 0..n {
            if line.get(p) == Some(&b'\t') {
                p += 1;
            } else if line.get(p..p + 4) == Some(b"    ") {
                p += 4;
            } else {
                return None;
            }
        }
        Some(p)
    };
    let (q, r) = (ind / 4, ind % 4);
    let alt1 =
        units(q).is_some_and(|p| line.len() >= p + r && line[p..p + r].iter().all(|&c| c == b' '));
    let ok = alt1 || units(q + 1).is_some();
    // the prefix is whitespace: the non-space character may be anywhere
    (ok && line.iter().any(|&c| !is_ws(c))).then_some(e + 1)
}

/// Kramdown's `LIST_START` (`^( {0,3}[+*-])([\t| ].*?\n)|^( {0,3}\d+\.)([\t| ].*?\n)`)
/// at the start of `b`: the match length.
pub fn list_start_at(b: &[u8]) -> Option<usize> {
    let ind = b.iter().take(4).take_while(|&&c| c == b' ').count();
    if ind > 3 {
        return None;
    }
    let mut i = ind;
    match b.get(i) {
        Some(b'+' | b'*' | b'-') => i += 1,
        Some(c) if c.is_ascii_digit() => {
            i += b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if b.get(i) != Some(&b'.') {
                return None;
            }
            i += 1;
        }
        _ => return None,
    }
    if !matches!(b.get(i), Some(b'\t' | b'|' | b' ')) {
        return None;
    }
    line_end(&b[i..]).map(|e| i + e + 1)
}

/// The starts of the lines of `s` as `(?m)^` sees them (not at the very
/// end after a final newline: no pattern here matches an empty rest).
fn line_starts(s: &[u8]) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0).chain(
        memchr::memchr_iter(b'\n', s)
            .filter(|&i| i + 1 < s.len())
            .map(|i| i + 1),
    )
}

/// `LIST_START` searched anywhere (`LIST_START.is_match(s)`).
pub fn list_start_anywhere(s: &str) -> bool {
    let b = s.as_bytes();
    line_starts(b).any(|i| list_start_at(&b[i..]).is_some())
}

/// `^ *\t` searched anywhere.
pub fn leading_space_tab(s: &str) -> bool {
    let b = s.as_bytes();
    line_starts(b).any(|i| b[i..].iter().find(|&&c| c != b' ') == Some(&b'\t'))
}

/// `s.sub(/^ {n}/, '')`: `None` when no line starts with `n` spaces.
pub fn strip_line_indent(s: &str, n: usize) -> Option<String> {
    let b = s.as_bytes();
    let i = line_starts(b).find(|&i| b.len() >= i + n && b[i..i + n].iter().all(|&c| c == b' '))?;
    Some(format!("{}{}", &s[..i], &s[i + n..]))
}

/// `s.sub(/^(\t+)/) { ' ' * 4 * $1.length }`: `None` without such a line.
pub fn expand_leading_tabs(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let i = line_starts(b).find(|&i| b.get(i) == Some(&b'\t'))?;
    let n = b[i..].iter().take_while(|&&c| c == b'\t').count();
    Some(format!("{}{}{}", &s[..i], " ".repeat(4 * n), &s[i + n..]))
}

/// `s.sub(/^\s*/, '')`: the first line start is 0, where `\s*` always matches.
pub fn strip_leading_ws(s: &str) -> &str {
    s.trim_start_matches([' ', '\t', '\n', '\r', '\x0B', '\x0C'])
}

/// GFM's task-list marker `\A\s*\[ \]\s+` (or `\A\s*\[x\]\s+`, case-insensitive,
/// when `checked`): the match length.
pub fn task_marker(s: &str, checked: bool) -> Option<usize> {
    let b = s.as_bytes();
    let w = b.iter().take_while(|&&c| is_ws(c)).count();
    let mark = b.get(w..w + 3)?;
    let ok = if checked {
        mark[0] == b'[' && (mark[1] | 0x20) == b'x' && mark[2] == b']'
    } else {
        mark == b"[ ]"
    };
    if !ok {
        return None;
    }
    let w2 = b[w + 3..].iter().take_while(|&&c| is_ws(c)).count();
    (w2 > 0).then_some(w + 3 + w2)
}

/// `[\t ]#+\z` (trailing hashes of an ATX header): where its match starts.
pub fn trailing_hashes(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let h = b.iter().rev().take_while(|&&c| c == b'#').count();
    if h == 0 || h == b.len() {
        return None;
    }
    let at = b.len() - h - 1;
    matches!(b[at], b'\t' | b' ').then_some(at)
}

/// REXML's `NAME_START_CHAR` (kramdown's header id pattern).
fn xml_name_start(c: char) -> bool {
    matches!(c, ':' | 'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// REXML's `NAME_CHAR`.
fn xml_name_char(c: char) -> bool {
    xml_name_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// `[\t ]\{#([NAME_START][NAME_CHAR]*)\}\z` (a header's `{#id}`): the match
/// start and the id's byte range.
pub fn header_id(s: &str) -> Option<(usize, (usize, usize))> {
    let body = s.strip_suffix('}')?;
    let mut k = body.len();
    for (i, c) in body.char_indices().rev() {
        if !xml_name_char(c) {
            break;
        }
        k = i;
    }
    let first = body[k..].chars().next()?;
    if !xml_name_start(first) || !body[..k].ends_with("{#") {
        return None;
    }
    let at = k.checked_sub(3)?;
    matches!(body.as_bytes()[at], b'\t' | b' ').then_some((at, (k, body.len())))
}

/// kramdown's `ESCAPED_CHARS` class (`[\\.*_+`<>()\[\]{}#!:|"'\$=-]`);
/// GFM's escapes add `~`.
fn is_escapable(c: u8) -> bool {
    matches!(
        c,
        b'\\'
            | b'.'
            | b'*'
            | b'_'
            | b'+'
            | b'`'
            | b'<'
            | b'>'
            | b'('
            | b')'
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'!'
            | b':'
            | b'|'
            | b'"'
            | b'\''
            | b'$'
            | b'='
            | b'-'
    )
}

/// `s.gsub(/\\([\\.*_+`<>()\[\]{}#!:|"'\$=-])/, '\1')`.
pub fn unescape_chars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let b = s.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'\\' && is_escapable(b[i + 1]) {
            out.push_str(&s[last..i]);
            last = i + 1;
            i += 2;
        } else {
            i += 1;
        }
    }
    out.push_str(&s[last..]);
    out
}

/// The positions of `(?<!\\)\|` in `s`.
pub fn unescaped_pipes(s: &str) -> impl Iterator<Item = usize> + '_ {
    let b = s.as_bytes();
    memchr::memchr_iter(b'|', b).filter(move |&i| i == 0 || b[i - 1] != b'\\')
}

/// `^ {0,3}` + kramdown's `IAL_BLOCK` (`\{:(?!:|\/)((?:\\\}|[^\}])+)\}\s*?\n`)
/// at the start of `b`, with its backtracking: the greedy run of items ends
/// at the first unescaped `}`; failing there, each `\}` on the way, last
/// first, may end it instead.
pub fn ial_block_start(b: &[u8]) -> bool {
    ial_block(b).is_some()
}

/// [`ial_block_start`] with its groups: 0 the match, 1 the attributes.
pub fn ial_block(b: &[u8]) -> Option<Groups> {
    let k = b.iter().take(4).take_while(|&&c| c == b' ').count();
    if k > 3 || b.get(k..k + 2) != Some(b"{:") {
        return None;
    }
    let j = k + 2;
    if matches!(b.get(j), Some(b':' | b'/') | None) {
        return None;
    }
    // `\s*?\n` after a closing brace at `t`: the end of the match
    let closes = |t: usize| {
        let w = b[t + 1..].iter().take_while(|&&c| is_ws(c));
        w.clone()
            .position(|&c| c == b'\n')
            .map(|i| vec![Some((0, t + 1 + i + 1)), Some((j, t))])
    };
    let mut escaped = Vec::new();
    let mut x = j;
    let mut unescaped = None;
    while x < b.len() {
        if b[x] == b'\\' && b.get(x + 1) == Some(&b'}') {
            escaped.push(x + 1);
            x += 2;
        } else if b[x] == b'}' {
            unescaped = Some(x);
            break;
        } else {
            x += 1;
        }
    }
    if let Some(g) = unescaped.filter(|&u| u > j).and_then(closes) {
        return Some(g);
    }
    escaped.iter().rev().find_map(|&t| closes(t))
}

/// A line `[ \t]*\S.*\n` after `skip` bytes of `b`: its length.
fn nonblank_line(b: &[u8], skip: usize) -> Option<usize> {
    let e = line_end(b)?;
    let t = skip
        + b.get(skip..e)?
            .iter()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count();
    (t < e && !is_ws(b[t])).then_some(e + 1)
}

/// kramdown's `CODEBLOCK_MATCH`:
/// `(?:BLANK_LINE?(?:INDENT[ \t]*\S.*\n)+(?:(?!IAL_BLOCK_START|EOB_MARKER|^ {0,3}LAZY_END_HTML_STOP|^ {0,3}LAZY_END_HTML_START)^[ \t]*\S.*\n)*)*`
/// at the start of `s`: its length (greedy, which no later failure undoes:
/// the outer repetition may always stop), `None` when an HTML line needs
/// the regexp.
pub fn codeblock_match(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut end = 0;
    loop {
        // BLANK_LINE: the whitespace run up to its last newline (atomic)
        let run = b[end..].iter().take_while(|&&c| is_ws(c)).count();
        let mut r = match b[end..end + run].iter().rposition(|&c| c == b'\n') {
            Some(i) => end + i + 1,
            None => end,
        };
        // one or more indented lines
        let mut indented = 0;
        loop {
            let skip = match b.get(r) {
                Some(b'\t') => 1,
                Some(b' ') if b.get(r..r + 4) == Some(b"    ") => 4,
                _ => break,
            };
            match nonblank_line(&b[r..], skip) {
                Some(len) => {
                    r += len;
                    indented += 1;
                }
                None => break,
            }
        }
        if indented == 0 {
            return Some(end);
        }
        // then lazy lines that do not start an IAL, an EOB marker or a tag
        while let Some(len) = nonblank_line(&b[r..], 0) {
            let line = &b[r..];
            let k = line.iter().take(4).take_while(|&&c| c == b' ').count();
            let eob = line[0] == b'^'
                && line[1..]
                    .iter()
                    .take_while(|&&c| is_ws(c))
                    .any(|&c| c == b'\n');
            let html = k <= 3
                && line.get(k) == Some(&b'<')
                && crate::markdown::parser::html_line_ends(&s[r + k..])?;
            if ial_block_start(line) || eob || html {
                break;
            }
            r += len;
        }
        end = r;
    }
}

/// kramdown's `FOOTNOTE_DEFINITION_START`
/// (`^ {0,3}\[\^(ALD_ID_NAME)\]:\s*?(.*?\n CODEBLOCK_MATCH)`): groups 1
/// (the name) and 2 (the body); `None` when undecided.
pub fn footnote_definition(s: &str) -> Option<Option<Groups>> {
    let b = s.as_bytes();
    let k = b.iter().take(4).take_while(|&&c| c == b' ').count();
    if k > 3 || b.get(k..k + 2) != Some(b"[^") {
        return Some(None);
    }
    let n0 = k + 2;
    let w = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    if !b.get(n0).is_some_and(|&c| w(c)) {
        return Some(None);
    }
    let n1 = n0
        + 1
        + b[n0 + 1..]
            .iter()
            .take_while(|&&c| w(c) || c == b'-')
            .count();
    if b.get(n1..n1 + 2) != Some(b"]:") {
        return Some(None);
    }
    let g2 = n1 + 2;
    let Some(e) = line_end(&b[g2..]) else {
        return Some(None);
    };
    let body = g2 + e + 1;
    let len = codeblock_match(&s[body..])?;
    Some(Some(vec![
        Some((0, body + len)),
        Some((n0, n1)),
        Some((g2, body + len)),
    ]))
}

/// The first of `lits` that `b` starts with (a leftmost-first
/// alternation of literals): its length.
pub fn literals(b: &[u8], lits: &[&str]) -> Option<usize> {
    lits.iter()
        .find(|l| b.starts_with(l.as_bytes()))
        .map(|l| l.len())
}

/// `(  |\\\\)(?=\n)` (a hard line break).
pub fn line_break(b: &[u8]) -> Option<usize> {
    (b.starts_with(b"  \n") || b.starts_with(b"\\\\\n")).then_some(2)
}

/// `[^\\]?["']` (a smart quote's start).
pub fn smart_quote_start(s: &str) -> Option<usize> {
    let mut cs = s.chars();
    let c0 = cs.next()?;
    let c1 = cs.next();
    let q = |c: Option<char>| matches!(c, Some('"' | '\''));
    if c0 != '\\' && q(c1) {
        Some(c0.len_utf8() + 1)
    } else if q(Some(c0)) {
        Some(1)
    } else {
        None
    }
}

/// `\\([\\.*_+`<>()\[\]{}#!:\|"'\$=\-~])` (GFM's escapes): groups.
pub fn escaped_char(b: &[u8]) -> Option<Groups> {
    if b.first() != Some(&b'\\') {
        return None;
    }
    let c = *b.get(1)?;
    (is_escapable(c) || c == b'~').then(|| vec![Some((0, 2)), Some((1, 2))])
}

/// `&([\w:][\-\w\.:]*);|&#(\d+);|&\#x([0-9a-fA-F]+);` (an entity): groups.
pub fn html_entity(b: &[u8]) -> Option<Groups> {
    if b.first() != Some(&b'&') {
        return None;
    }
    let w = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let run = |from: usize, f: &dyn Fn(u8) -> bool| {
        from + b[from.min(b.len())..].iter().take_while(|&&c| f(c)).count()
    };
    if b.get(1).is_some_and(|&c| w(c) || c == b':') {
        let e = run(2, &|c| w(c) || matches!(c, b'-' | b'.' | b':'));
        if b.get(e) == Some(&b';') {
            return Some(vec![Some((0, e + 1)), Some((1, e)), None, None]);
        }
        return None;
    }
    if b.get(1) != Some(&b'#') {
        return None;
    }
    let e = run(2, &|c| c.is_ascii_digit());
    if e > 2 && b.get(e) == Some(&b';') {
        return Some(vec![Some((0, e + 1)), None, Some((2, e)), None]);
    }
    if b.get(2) == Some(&b'x') {
        let e = run(3, &|c| c.is_ascii_hexdigit());
        if e > 3 && b.get(e) == Some(&b';') {
            return Some(vec![Some((0, e + 1)), None, None, Some((3, e))]);
        }
    }
    None
}

/// `\s*?\[([^\]]+)?\]` (a link's reference id): groups.
pub fn link_id(b: &[u8]) -> Option<Groups> {
    let w = b.iter().take_while(|&&c| is_ws(c)).count();
    if b.get(w) != Some(&b'[') {
        return None;
    }
    let close = w + 1 + b[w + 1..].iter().position(|&c| c == b']')?;
    let g1 = (close > w + 1).then_some((w + 1, close));
    Some(vec![Some((0, close + 1)), g1])
}

/// `\(<(.*?)>` (a link's angle-bracketed URL): groups.
pub fn angle_url(b: &[u8]) -> Option<Groups> {
    if !b.starts_with(b"(<") {
        return None;
    }
    let close = 2 + b[2..].iter().position(|&c| c == b'>' || c == b'\n')?;
    (b[close] == b'>').then(|| vec![Some((0, close + 1)), Some((2, close))])
}

/// `<(?:[\p{Alphabetic}_]|/|!--|\?)` searched in `b` (the next tag in raw
/// HTML): its start, or `Err(i)` at a `<` followed by a non-ASCII
/// character, from where the regexp must decide.
pub fn raw_html_start(b: &[u8]) -> Result<Option<usize>, usize> {
    let mut from = 0;
    while let Some(k) = memchr::memchr(b'<', &b[from..]) {
        let i = from + k;
        match b.get(i + 1) {
            Some(&c) if c >= 0x80 => return Err(i),
            Some(&c) if c.is_ascii_alphabetic() || c == b'_' || c == b'/' || c == b'?' => {
                return Ok(Some(i))
            }
            Some(b'!') if b.get(i + 2..i + 4) == Some(b"--") => return Ok(Some(i)),
            _ => from = i + 1,
        }
    }
    Ok(None)
}

/// Which span parsers a hand span finder knows (bit `Sp as u32`), and the
/// stop pattern it adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinderStop {
    None,
    /// `\]|!?\[` (a link's bracket).
    Link,
    /// A literal (an emphasis delimiter).
    Lit(&'static str),
}

/// The start of the first match of kramdown's span-start regexp (the
/// parsers in `mask`, as bits of `parser::Sp`, and the stop) in `b`:
/// what `skip_until_start` finds.
pub fn span_start(b: &[u8], mask: u32, stop: FinderStop) -> Option<usize> {
    SpanStarts::new(mask, stop).find(b)
}

/// [`span_start`] with its byte classes worked out once.
#[derive(Debug, Clone)]
pub struct SpanStarts {
    pub mask: u32,
    pub stop: FinderStop,
    /// 0 never a start, 1 always, 2 depends on what follows, 3 a quote
    /// (a start, or the character before it is)
    class: [u8; 256],
    /// A space starts a match only before ` \n`, `<<` or `>>` (`cond`),
    /// unless a stop literal starts with one: the others are skipped
    /// without leaving the scan loop.
    space_quick: bool,
}

impl SpanStarts {
    pub fn new(mask: u32, stop: FinderStop) -> SpanStarts {
        use crate::markdown::parser::Sp;
        let on = |p: Sp| mask & (1 << p as u32) != 0;
        let mut class = [0u8; 256];
        for c in [b'!', b'{', b'-', b'.', b'<', b'>', b' ', b'\\', b'~'] {
            class[c as usize] = 2;
        }
        if let FinderStop::Lit(l) = stop {
            if let Some(&c) = l.as_bytes().first() {
                class[c as usize] = 2;
            }
        }
        let mut hit = |c: u8| class[c as usize] = 1;
        if on(Sp::Emphasis) {
            hit(b'*');
            hit(b'_');
        }
        if on(Sp::Codespan) {
            hit(b'`');
        }
        if on(Sp::Autolink) || on(Sp::SpanHtml) {
            hit(b'<');
        }
        if on(Sp::FootnoteMarker) || on(Sp::Link) {
            hit(b'[');
        }
        if on(Sp::InlineMath) {
            hit(b'$');
        }
        if on(Sp::HtmlEntity) {
            hit(b'&');
        }
        if on(Sp::EscapedChars) {
            hit(b'\\');
        }
        if stop == FinderStop::Link {
            hit(b']');
            hit(b'[');
        }
        if on(Sp::SmartQuotes) {
            class[b'"' as usize] = 3;
            class[b'\'' as usize] = 3;
        }
        let space_quick = !matches!(stop, FinderStop::Lit(l) if l.starts_with(' '));
        SpanStarts {
            mask,
            stop,
            class,
            space_quick,
        }
    }

    /// Whether a class-2 byte at `i` starts a match.
    fn cond(&self, b: &[u8], i: usize) -> bool {
        use crate::markdown::parser::Sp;
        let on = |p: Sp| self.mask & (1 << p as u32) != 0;
        let next = b.get(i + 1).copied();
        let hit = match b[i] {
            b'!' => (on(Sp::Link) || self.stop == FinderStop::Link) && next == Some(b'['),
            b'{' => on(Sp::SpanExtensions) && next == Some(b':'),
            b'-' => on(Sp::TypographicSyms) && next == Some(b'-'),
            b'.' => on(Sp::TypographicSyms) && b.get(i + 1..i + 3) == Some(b".."),
            b'<' => on(Sp::TypographicSyms) && next == Some(b'<'),
            b'>' => on(Sp::TypographicSyms) && next == Some(b'>'),
            b' ' => {
                let two = b.get(i + 1..i + 3);
                (on(Sp::TypographicSyms) && matches!(two, Some(b"<<" | b">>")))
                    || (on(Sp::LineBreak) && two == Some(b" \n"))
            }
            b'\\' => {
                let two = b.get(i + 1..i + 3);
                (on(Sp::TypographicSyms) && matches!(two, Some(b"<<" | b">>")))
                    || (on(Sp::LineBreak) && two == Some(b"\\\n"))
            }
            b'~' => on(Sp::Strikethrough) && next == Some(b'~'),
            _ => false,
        };
        hit || matches!(self.stop, FinderStop::Lit(l) if b[i..].starts_with(l.as_bytes()))
    }

    pub fn find(&self, b: &[u8]) -> Option<usize> {
        let mut i = 0;
        while i < b.len() {
            // skip the bytes that never start a span, and the spaces that
            // cannot (most of them, in prose)
            match b[i..].iter().enumerate().position(|(k, &c)| {
                self.class[c as usize] != 0
                    && !(c == b' '
                        && self.space_quick
                        && !matches!(b.get(i + k + 1), Some(b' ' | b'<' | b'>')))
            }) {
                Some(k) => i += k,
                None => return None,
            }
            match self.class[b[i] as usize] {
                0 => {}
                1 => return Some(i),
                3 => {
                    // `[^\\]?["']`: the character before the quote starts
                    // the match unless it is a backslash (positions before
                    // `i` were no match by themselves)
                    if i == 0 {
                        return Some(0);
                    }
                    let mut p = i - 1;
                    while p > 0 && b[p] & 0xC0 == 0x80 {
                        p -= 1;
                    }
                    return Some(if b[p] == b'\\' { i } else { p });
                }
                _ => {
                    if self.cond(b, i) {
                        return Some(i);
                    }
                }
            }
            i += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests;

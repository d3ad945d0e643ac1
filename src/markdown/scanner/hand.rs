//! Hand-written matchers for the hottest anchored patterns (`Fast`): each
//! decides its Ruby pattern exactly, or says it cannot (then the regexp
//! runs). `fast_tests` checks each against its pattern.

use super::ruby_to_rust;

/// Hand-written matchers for the hottest anchored patterns; each is exactly
/// the Ruby pattern named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fast {
    /// `^.*?\n`
    Line,
    /// `(?>^\s*\n)+`
    Blank,
    /// `!?\[(?=[^^])`
    LinkStart,
    /// The match must start with this literal (a necessary condition).
    Lit(&'static str),
    /// `^ {0,3}(\*|-|_)[ \t]*\1[ \t]*\1(\1|[ \t])*\n`
    Hr,
    /// Setext header: the second line must start with `-` or `=`.
    Setext,
    /// `LIST_START` (`^( {0,3}[+*-])([\t| ].*?\n)|^( {0,3}\d+\.)([\t| ].*?\n)`),
    /// as a whole-line match without groups.
    ListStart,
    /// A list-item start `^( {0,N}M)([\t| ].*?\n)` where `M` is `[+*-]`
    /// (kind 0), `\d+\.` (kind 1) or `:` (kind 2): (kind, N).
    ListMarker(u8, u8),
    /// `^ {0,3}[^ \t].*?\n` (a paragraph's first line).
    ParaStart,
    /// kramdown-parser-gfm's `FENCED_CODEBLOCK_MATCH` (groups 1 fence,
    /// 2 its last character, 3 info word, 4 language, 5 code).
    Fenced,
    /// kramdown's `HTML_TAG_RE` (groups 1 name, 2 attributes, 4 slash).
    HtmlTag,
    /// kramdown's `HTML_TAG_CLOSE_RE` (group 1 name).
    HtmlTagClose,
    /// A list item's lazy-line pattern for indentation `n`: decided by hand
    /// unless the line starts with `{` or `<` after up to `n` spaces.
    ListLazy(usize),
    /// `ATX_HEADER_START` (groups 1 hashes, 2 text).
    AtxHeader,
    /// `TABLE_ROW_LINE` (group 1 the row).
    TableRow,
    /// `TABLE_SEP_LINE` (group 1 the separator).
    TableSep,
    /// `TABLE_FSEP_LINE`.
    TableFsep,
    /// `TABLE_LINE`.
    TableLine,
    /// `TABLE_START`.
    TableStart,
    /// `` `+ ``.
    Backticks,
    /// A list item's content line for this indentation.
    ListContent(usize),
    /// `BLOCK_HTML_TAG`: `^ {0,3}` and `HtmlTag`.
    BlockHtmlTag,
    /// `BLOCK_HTML_TAG_CLOSE`: `^ {0,3}` and `HtmlTagClose`.
    BlockHtmlTagClose,
    /// `CODEBLOCK_MATCH`.
    Codeblock,
    /// A leftmost-first alternation of these literals.
    Literals(&'static [&'static str]),
    /// `(  |\\\\)(?=\n)`.
    LineBreak,
    /// `[^\\]?["']`.
    SmartQuoteStart,
    /// GFM's escaped character (group 1).
    EscapedChar,
    /// `HTML_ENTITY_RE` (groups 1 name, 2 decimal, 3 hex).
    Entity,
    /// `LINK_INLINE_ID_RE` (group 1).
    LinkId,
    /// `\(<(.*?)>` (group 1).
    AngleUrl,
    /// `IAL_BLOCK_START` (group 1).
    IalBlock,
    /// `FOOTNOTE_DEFINITION_START` (groups 1 name, 2 body).
    FootnoteDef,
    /// `OPEN(.*?)CLOSE` in Ruby's multi-line mode (any character up to the
    /// nearest `CLOSE`; group 1 between): HTML comments, processing
    /// instructions. `Scanner::check` remembers where `CLOSE` is missing.
    Between(&'static str, &'static str),
    /// `LINK_DEFINITION_START` when no quote can begin a title: the same
    /// pattern without its title group needs no backreference, so the
    /// `regex` crate decides it (the backtracker took microseconds a line).
    LinkDef,
    /// `HTML_BLOCK_START` (`^ {0,3}<(UNAME|!--|\/)`, `true`) and
    /// `HTML_SPAN_START` (`<(UNAME|!--|\/)`, `false`): group 1 the name,
    /// `!--` or `/`. Undecided at a non-ASCII character in the name.
    HtmlStart(bool),
    /// `AUTOLINK_START` (groups 1 the address, 2 the scheme). Undecided at
    /// a non-ASCII character where an e-mail address is tried.
    Autolink,
}

type Groups = Vec<Option<(usize, usize)>>;

/// The groups of an HTML tag match (`n` of them), kept on the stack: a
/// page of HTML matches tens of thousands of tags.
pub(super) type TagGroups = ([Option<(usize, usize)>; 5], usize);

/// A REXML name (`UNAME_STR`) at the start of `s`: its length, `Ok(None)`
/// when there is none, `Err` when a non-ASCII character makes the hand
/// decision unsafe.
fn uname(s: &str) -> Result<Option<usize>, ()> {
    // bytes, not chars: any non-ASCII byte (a lead byte comes first) gives
    // up, so the names are ASCII and byte indices are char boundaries
    fn run(s: &str) -> Result<Option<usize>, ()> {
        let b = s.as_bytes();
        match b.first() {
            Some(&c) if c.is_ascii_alphabetic() || c == b'_' => {}
            Some(&c) if !c.is_ascii() => return Err(()),
            _ => return Ok(None),
        }
        for (i, &c) in b.iter().enumerate().skip(1) {
            if !c.is_ascii() {
                return Err(());
            }
            if !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_')) {
                return Ok(Some(i));
            }
        }
        Ok(Some(b.len()))
    }
    let Some(first) = run(s)? else {
        return Ok(None);
    };
    if s[first..].starts_with(':') {
        if let Some(second) = run(&s[first + 1..])? {
            return Ok(Some(first + 1 + second));
        }
    }
    Ok(Some(first))
}

/// [`Fast::HtmlStart`].
fn html_start(s: &str, block: bool) -> Option<Option<Groups>> {
    let b = s.as_bytes();
    let k = if block {
        let k = b.iter().take(4).take_while(|&&c| c == b' ').count();
        if k > 3 {
            return Some(None);
        }
        k
    } else {
        0
    };
    if b.get(k) != Some(&b'<') {
        return Some(None);
    }
    let from = k + 1;
    let len = match uname(&s[from..]).ok()? {
        Some(n) => n,
        None if b[from..].starts_with(b"!--") => 3,
        None if b.get(from) == Some(&b'/') => 1,
        None => return Some(None),
    };
    Some(Some(vec![Some((0, from + len)), Some((from, from + len))]))
}

/// [`Fast::Autolink`]: `<((mailto|https?|ftps?):.+?|E+?@E+?)>` where `E` is
/// `[\p{Alphabetic}\p{Nd}\-_.]`.
fn autolink(s: &str) -> Option<Option<Groups>> {
    let b = s.as_bytes();
    if b.first() != Some(&b'<') {
        return Some(None);
    }
    // the schemes in the order the alternation tries them
    for scheme in ["mailto", "https", "http", "ftps", "ftp"] {
        let colon = 1 + scheme.len();
        if !b[1..].starts_with(scheme.as_bytes()) || b.get(colon) != Some(&b':') {
            continue;
        }
        // `.+?>`: at least one character, then the nearest `>`, on this line
        let from = colon + 2;
        if b.get(colon + 1).is_none_or(|&c| c == b'\n') {
            continue;
        }
        let close = b
            .get(from..)?
            .iter()
            .position(|&c| c == b'>' || c == b'\n')
            .map(|i| from + i);
        if let Some(q) = close.filter(|&q| b[q] == b'>') {
            return Some(Some(vec![
                Some((0, q + 1)),
                Some((1, q)),
                Some((1, 1 + scheme.len())),
            ]));
        }
    }
    // `E+?@E+?>`: `@` and `>` are not in `E`, so the runs are maximal
    let run = |from: usize| -> Option<usize> {
        let mut i = from;
        while let Some(&c) = b.get(i) {
            if c >= 0x80 {
                return None;
            }
            if !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.')) {
                break;
            }
            i += 1;
        }
        Some(i)
    };
    let at = run(1)?;
    if at == 1 || b.get(at) != Some(&b'@') {
        return Some(None);
    }
    let end = run(at + 1)?;
    if end == at + 1 || b.get(end) != Some(&b'>') {
        return Some(None);
    }
    Some(Some(vec![Some((0, end + 1)), Some((1, end)), None]))
}

/// `OPEN(.*?)CLOSE`, any character between (see `Fast::Between`).
pub(super) fn between(b: &[u8], open: &str, close: &str) -> Option<Groups> {
    if !b.starts_with(open.as_bytes()) {
        return None;
    }
    let from = open.len();
    let i = memchr::memmem::find(&b[from..], close.as_bytes())?;
    Some(vec![
        Some((0, from + i + close.len())),
        Some((from, from + i)),
    ])
}

/// `^( {0,N}M)([\t| ].*?\n)` by hand (see `Fast::ListMarker`).
fn list_marker(b: &[u8], kind: u8, max: u8) -> Option<Groups> {
    let sp = b.iter().take_while(|&&c| c == b' ').count();
    if sp > max as usize {
        return None;
    }
    let mut i = sp;
    match kind {
        0 => {
            if !matches!(b.get(i), Some(b'+' | b'*' | b'-')) {
                return None;
            }
            i += 1;
        }
        1 => {
            let d = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if d == 0 || b.get(i + d) != Some(&b'.') {
                return None;
            }
            i += d + 1;
        }
        _ => {
            if b.get(i) != Some(&b':') {
                return None;
            }
            i += 1;
        }
    }
    if !matches!(b.get(i), Some(b'\t' | b'|' | b' ')) {
        return None;
    }
    let end = i + 1 + crate::markdown::fast::find_nl(&b[i + 1..])? + 1;
    Some(vec![Some((0, end)), Some((0, i)), Some((i, end))])
}

/// `^[ ]{0,3}(([~`]){3,})\s*?((\S+?)(?:\?\S*)?)?\s*?\n(.*?)^[ ]{0,3}\1\2*\s*?\n`
/// (dot matches newline) by hand. The regexp tries each fence length from
/// the longest: the rest of the opening line must be `ws* [word] ws*`, and
/// the code runs to the first line made of up to three spaces, the same
/// fence, more of its last character and whitespace. Done once per length
/// that is quadratic in a long run of backticks; here the info string of
/// every length shorter than the run is the same (it starts with the rest
/// of the run), and each closing line closes an interval of lengths, so
/// one pass over the line and one over the body decide it.
pub(super) fn fenced(s: &str) -> Option<Groups> {
    let b = s.as_bytes();
    let k = b.iter().take(3).take_while(|&&c| c == b' ').count();
    let run = b[k..]
        .iter()
        .take_while(|&&c| c == b'`' || c == b'~')
        .count();
    if run < 3 {
        return None;
    }
    let line_end = k + crate::markdown::fast::find_nl(&b[k..])?;
    let run_end = k + run;
    let body = line_end + 1;
    let groups = |l: usize, info: Option<(usize, usize, usize)>, (c, end): (usize, usize)| {
        let f = k + l;
        let (g3, g4) = match info {
            Some((ts, te, q)) => (Some((ts, te)), Some((ts, q))),
            None => (None, None),
        };
        Some(vec![
            Some((0, end)),
            Some((k, f)),
            Some((f - 1, f)),
            g3,
            g4,
            Some((body, c)),
        ])
    };
    // the closing lines, found lazily: most fences close a few lines on
    let mut lines = ClosingLines {
        b,
        c: body,
        fence: &b[k..run_end],
    };
    let mut seen: Vec<Closer> = Vec::new();
    // the whole run as the fence
    if let Some(info) = info_string(b, run_end, line_end) {
        for x in lines.by_ref() {
            let hit = x.lo <= run && run <= x.hi;
            let at = (x.line, x.end);
            seen.push(x);
            if hit {
                return groups(run, info, at);
            }
        }
    }
    if run == 3 {
        return None;
    }
    // a shorter fence: the info string is the rest of the run and what
    // follows it up to whitespace, then only whitespace
    let te = run_end
        + b[run_end..line_end]
            .iter()
            .take_while(|&&c| !is_ws(c))
            .count();
    if !b[te..line_end].iter().all(|&c| is_ws(c)) {
        return None;
    }
    let q = b[run_end..te]
        .iter()
        .position(|&c| c == b'?')
        .map_or(te, |i| run_end + i);
    // the longest length below the run that some line closes (the first
    // line reaching `run - 1` ends the search)
    let longest = |x: &Closer| {
        let hi = x.hi.min(run - 1);
        (x.lo <= hi).then_some(hi)
    };
    let mut best = seen.iter().filter_map(longest).max();
    if best != Some(run - 1) {
        for x in lines.by_ref() {
            best = best.max(longest(&x));
            seen.push(x);
            if best == Some(run - 1) {
                break;
            }
        }
    }
    let l = best?;
    let c = first_closing(&seen, l)?;
    groups(l, Some((k + l, te, q)), c)
}

/// A body line that closes fences of lengths `lo..=hi`: its start and the
/// end of the match.
struct Closer {
    line: usize,
    end: usize,
    lo: usize,
    hi: usize,
}

/// The first closing line for a fence of length `l`: (its start, the match end).
fn first_closing(closers: &[Closer], l: usize) -> Option<(usize, usize)> {
    closers
        .iter()
        .find(|x| x.lo <= l && l <= x.hi)
        .map(|x| (x.line, x.end))
}

/// The info string after a fence ending at `f` (`ws* [word] ws*` up to the
/// line's end): `Some(None)` when empty, `Some(Some((start, end, end of the
/// language before a '?')))`, `None` when the line does not fit.
fn info_string(b: &[u8], f: usize, line_end: usize) -> Option<Option<(usize, usize, usize)>> {
    let ws0 = b[f..line_end].iter().take_while(|&&c| is_ws(c)).count();
    let ts = f + ws0;
    let te = ts + b[ts..line_end].iter().take_while(|&&c| !is_ws(c)).count();
    if !b[te..line_end].iter().all(|&c| is_ws(c)) {
        return None;
    }
    if te == ts {
        return Some(None);
    }
    let q = b[ts + 1..te]
        .iter()
        .position(|&c| c == b'?')
        .map_or(te, |i| ts + 1 + i);
    Some(Some((ts, te, q)))
}

/// The lines from `c` on that close some length of `fence`: up to three
/// spaces, a run `p` of fence characters, whitespace, a newline. `p` closes
/// length `l` when it is `fence[..l]` followed by more of `fence[l - 1]`.
struct ClosingLines<'a> {
    b: &'a [u8],
    c: usize,
    fence: &'a [u8],
}

impl Iterator for ClosingLines<'_> {
    type Item = Closer;

    fn next(&mut self) -> Option<Closer> {
        let b = self.b;
        while self.c <= b.len() {
            let c = self.c;
            self.c = match crate::markdown::fast::find_nl(&b[c..]) {
                Some(i) => c + i + 1,
                None => b.len() + 1,
            };
            let sp = b[c..].iter().take(3).take_while(|&&x| x == b' ').count();
            let at = c + sp;
            let p = &b[at..][..b[at..]
                .iter()
                .take_while(|&&x| x == b'`' || x == b'~')
                .count()];
            let Some(&tail) = p.last() else { continue };
            let after = at + p.len();
            let w = b[after..]
                .iter()
                .take_while(|&&x| is_ws(x) && x != b'\n')
                .count();
            if b.get(after + w) != Some(&b'\n') {
                continue;
            }
            let common = p.iter().zip(self.fence).take_while(|(x, y)| x == y).count();
            let same_tail = p.iter().rev().take_while(|&&x| x == tail).count();
            let lo = (p.len() - same_tail + 1).max(3);
            let hi = common.min(self.fence.len());
            if lo <= hi {
                return Some(Closer {
                    line: c,
                    end: after + w + 1,
                    lo,
                    hi,
                });
            }
        }
        None
    }
}

fn ws_len(b: &[u8]) -> usize {
    b.iter().take_while(|&&c| is_ws(c)).count()
}

/// kramdown's HTML start tag (`open`) or end tag pattern at the start of
/// `s`, by hand: `Some(Some(groups))`, `Some(None)` for no match, `None`
/// when a non-ASCII character needs the regexp.
fn html_tag(s: &str, open: bool) -> Option<Option<TagGroups>> {
    let b = s.as_bytes();
    if !open {
        let Some(after) = s.strip_prefix("</") else {
            return Some(None);
        };
        let Some(n) = uname(after).ok()? else {
            return Some(None);
        };
        let e = 2 + n + ws_len(&b[2 + n..]);
        return Some(if b.get(e) == Some(&b'>') {
            Some(([Some((0, e + 1)), Some((2, 2 + n)), None, None, None], 2))
        } else {
            None
        });
    }
    if b.first() != Some(&b'<') {
        return Some(None);
    }
    let Some(n) = uname(&s[1..]).ok()? else {
        return Some(None);
    };
    let p = 1 + n;
    let ws1 = ws_len(&b[p..]);
    let tail = |at: usize| -> Option<(usize, Option<(usize, usize)>)> {
        let q = at + ws_len(&b[at..]);
        match b.get(q) {
            Some(b'>') => Some((q + 1, None)),
            Some(b'/') if b.get(q + 1) == Some(&b'>') => Some((q + 2, Some((q, q + 1)))),
            _ => None,
        }
    };
    let groups = |end: usize, attrs: (usize, usize), slash: Option<(usize, usize)>| {
        let g = [
            Some((0, end)),
            Some((1, p)),
            Some(attrs),
            Some((attrs.1, attrs.1)),
            slash,
        ];
        (g, 5)
    };
    // all the whitespace taken before the attributes
    let q = p + ws1;
    if let Some((end, slash)) = tail(q) {
        if ws_len(&b[q..]) == 0 {
            return Some(Some(groups(end, (q, q), slash)));
        }
    }
    if ws1 == 0 {
        return Some(None);
    }
    // attributes from the last whitespace character on, greedily
    let a = q - 1;
    let mut cur = a;
    loop {
        let w = ws_len(&b[cur..]);
        if w == 0 {
            break;
        }
        let Some(n) = uname(&s[cur + w..]).ok()? else {
            break;
        };
        let mut end = cur + w + n;
        // optional `\s*=\s*value`
        let mut v = end + ws_len(&b[end..]);
        if b.get(v) == Some(&b'=') {
            v += 1;
            v += ws_len(&b[v..]);
            match b.get(v) {
                Some(&q @ (b'"' | b'\'')) => {
                    if let Some(close) = memchr::memchr(q, &b[v + 1..]) {
                        end = v + 1 + close + 1;
                    }
                }
                Some(_) => {
                    let mut wl = 0;
                    for c in s[v..].chars() {
                        if !c.is_ascii() {
                            return None;
                        }
                        if c.is_ascii_alphanumeric() || c == '_' {
                            wl += 1;
                        } else {
                            break;
                        }
                    }
                    if wl > 0 {
                        end = v + wl;
                    }
                }
                None => {}
            }
        }
        cur = end;
    }
    match tail(cur) {
        Some((end, slash)) => Some(Some(groups(end, (a, cur), slash))),
        None => Some(None),
    }
}

/// The link definition pattern without its optional title (groups 4 and
/// 5 of the whole one).
static LINK_DEF_NO_TITLE: std::sync::LazyLock<Option<regex::Regex>> =
    std::sync::LazyLock::new(|| {
        let body =
            ruby_to_rust(r"^ {0,3}\[([^\n\]]+)\]:[ \t]*(?:<(.*?)>|([^\n]*?\S[^\n]*?))[ \t]*?\n");
        regex::Regex::new(&format!(r"(?m)\A(?:{body})")).ok()
    });

/// [`Fast::LinkDef`]: undecided when the first two lines (all a title
/// may use) hold a quote.
fn link_def(rest: &str) -> Option<Option<Groups>> {
    let b = rest.as_bytes();
    let two = match crate::markdown::fast::find_nl(b) {
        Some(i) => match crate::markdown::fast::find_nl(&b[i + 1..]) {
            Some(j) => i + 1 + j,
            None => b.len(),
        },
        None => b.len(),
    };
    if memchr::memchr2(b'"', b'\'', &b[..two]).is_some() {
        return None;
    }
    let re = LINK_DEF_NO_TITLE.as_ref()?;
    Some(re.captures(rest).map(|c| {
        let mut g: Groups = (0..4)
            .map(|i| c.get(i).map(|m| (m.start(), m.end())))
            .collect();
        g.extend([None, None]);
        g
    }))
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

impl Fast {
    /// The matchers that give groups: `Some(Some(groups))` for a match,
    /// `Some(None)` for none, `None` when undecided (or not such a matcher).
    #[inline]
    pub(super) fn run_groups(self, rest: &str) -> Option<Option<Groups>> {
        use crate::markdown::fast;
        let b = rest.as_bytes();
        match self {
            Fast::Between(open, close) => Some(between(b, open, close)),
            Fast::Fenced => Some(fenced(rest)),
            Fast::ListMarker(kind, max) => Some(list_marker(b, kind, max)),
            Fast::HtmlTag | Fast::HtmlTagClose | Fast::BlockHtmlTag | Fast::BlockHtmlTagClose => {
                Some(self.run_tag(rest)?.map(|(g, n)| g[..n].to_vec()))
            }
            Fast::HtmlStart(block) => html_start(rest, block),
            Fast::Autolink => autolink(rest),
            Fast::AtxHeader => Some(fast::atx_header(b)),
            Fast::TableRow => Some(fast::table_row(b)),
            Fast::TableSep => Some(fast::table_sep(b)),
            Fast::FootnoteDef => fast::footnote_definition(rest),
            Fast::LinkDef => link_def(rest),
            Fast::EscapedChar => Some(fast::escaped_char(b)),
            Fast::Entity => Some(fast::html_entity(b)),
            Fast::LinkId => Some(fast::link_id(b)),
            Fast::AngleUrl => Some(fast::angle_url(b)),
            Fast::IalBlock => Some(fast::ial_block(b)),
            _ => None,
        }
    }

    /// Whether [`Fast::run_tag`] decides this matcher.
    pub(super) fn is_tag(self) -> bool {
        matches!(
            self,
            Fast::HtmlTag | Fast::HtmlTagClose | Fast::BlockHtmlTag | Fast::BlockHtmlTagClose
        )
    }

    /// The HTML tag matchers ([`Fast::is_tag`]), as `run_groups` answers
    /// them but with the groups on the stack.
    pub(super) fn run_tag(self, rest: &str) -> Option<Option<TagGroups>> {
        match self {
            Fast::HtmlTag => html_tag(rest, true),
            Fast::HtmlTagClose => html_tag(rest, false),
            Fast::BlockHtmlTag | Fast::BlockHtmlTagClose => {
                let b = rest.as_bytes();
                let k = b.iter().take(4).take_while(|&&c| c == b' ').count();
                if k > 3 {
                    return Some(None);
                }
                let r = html_tag(&rest[k..], self == Fast::BlockHtmlTag)?;
                Some(r.map(|(mut g, n)| {
                    for (i, x) in g.iter_mut().enumerate() {
                        *x = x.map(|(a, e)| (if i == 0 { 0 } else { a + k }, e + k));
                    }
                    (g, n)
                }))
            }
            _ => None,
        }
    }

    /// `Some(Some(len))`: match of `len` bytes; `Some(None)`: no match;
    /// `None`: undecided, run the regexp.
    #[inline]
    pub(super) fn run(self, rest: &str) -> Option<Option<usize>> {
        let b = rest.as_bytes();
        match self {
            Fast::Line => Some(crate::markdown::fast::find_nl(b).map(|i| i + 1)),
            Fast::Blank => {
                let run = b.iter().take_while(|&&c| is_ws(c)).count();
                Some(b[..run].iter().rposition(|&c| c == b'\n').map(|i| i + 1))
            }
            Fast::LinkStart => {
                let o = usize::from(b.first() == Some(&b'!'));
                if b.get(o) != Some(&b'[') {
                    return Some(None);
                }
                match b.get(o + 1) {
                    Some(&c) if c != b'^' => Some(Some(o + 1)),
                    _ => Some(None),
                }
            }
            Fast::Hr => {
                let ind = b.iter().take(4).take_while(|&&c| c == b' ').count();
                let Some(&m) = b.get(ind) else {
                    return Some(None);
                };
                if ind > 3 || !matches!(m, b'*' | b'-' | b'_') {
                    return Some(None);
                }
                let Some(end) = crate::markdown::fast::find_nl(b) else {
                    return Some(None);
                };
                let line = &b[ind..end];
                let ok = line.iter().all(|&c| c == m || c == b' ' || c == b'\t')
                    && line.iter().filter(|&&c| c == m).count() >= 3;
                Some(if ok { Some(end + 1) } else { None })
            }
            Fast::Between(..)
            | Fast::HtmlTag
            | Fast::HtmlTagClose
            | Fast::HtmlStart(_)
            | Fast::Autolink
            | Fast::Fenced
            | Fast::ListMarker(..)
            | Fast::AtxHeader
            | Fast::TableRow
            | Fast::TableSep
            | Fast::BlockHtmlTag
            | Fast::BlockHtmlTagClose
            | Fast::FootnoteDef
            | Fast::LinkDef
            | Fast::EscapedChar
            | Fast::Entity
            | Fast::LinkId
            | Fast::AngleUrl
            | Fast::IalBlock => None,
            Fast::Literals(l) => Some(crate::markdown::fast::literals(b, l)),
            Fast::LineBreak => Some(crate::markdown::fast::line_break(b)),
            Fast::SmartQuoteStart => Some(crate::markdown::fast::smart_quote_start(rest)),
            Fast::Codeblock => crate::markdown::fast::codeblock_match(rest).map(Some),
            Fast::Backticks => Some(crate::markdown::fast::backticks(b)),
            Fast::TableFsep => Some(crate::markdown::fast::table_fsep(b)),
            Fast::TableLine => Some(crate::markdown::fast::table_line(b)),
            Fast::TableStart => Some(crate::markdown::fast::table_start(b)),
            Fast::ListContent(n) => Some(crate::markdown::fast::list_content(b, n)),
            Fast::ParaStart => {
                let k = b.iter().take(3).take_while(|&&c| c == b' ').count();
                match b.get(k) {
                    Some(b' ' | b'\t') | None => Some(None),
                    Some(_) => Some(
                        b[k + 1..]
                            .iter()
                            .position(|&c| c == b'\n')
                            .map(|i| k + 1 + i + 1),
                    ),
                }
            }
            Fast::ListStart => {
                let ind = b.iter().take(4).take_while(|&&c| c == b' ').count();
                if ind > 3 {
                    return Some(None);
                }
                let mut i = ind;
                match b.get(i) {
                    Some(b'+' | b'*' | b'-') => i += 1,
                    Some(c) if c.is_ascii_digit() => {
                        i += b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                        if b.get(i) != Some(&b'.') {
                            return Some(None);
                        }
                        i += 1;
                    }
                    _ => return Some(None),
                }
                if !matches!(b.get(i), Some(b'\t' | b'|' | b' ')) {
                    return Some(None);
                }
                Some(crate::markdown::fast::find_nl(&b[i..]).map(|e| i + e + 1))
            }
            Fast::Setext => {
                let Some(end) = crate::markdown::fast::find_nl(b) else {
                    return Some(None);
                };
                if matches!(b.get(end + 1), Some(b'-' | b'=')) {
                    None
                } else {
                    Some(None)
                }
            }
            Fast::Lit(l) => {
                if b.starts_with(l.as_bytes()) {
                    None
                } else {
                    Some(None)
                }
            }
            Fast::ListLazy(n) => {
                let line_end = crate::markdown::fast::find_nl(b)?;
                let line = &b[..line_end];
                if line.iter().all(|&c| is_ws(c)) {
                    return Some(None);
                }
                let ind = line.iter().take(n + 1).take_while(|&&c| c == b' ').count();
                // the look-ahead: an IAL or an HTML tag line after the indentation
                let excluded = match line.get(ind) {
                    Some(b'{') if ind <= n => crate::markdown::fast::ial_block_start(b),
                    Some(b'<') if ind <= n => {
                        crate::markdown::parser::html_line_ends(&rest[ind..])?
                    }
                    _ => false,
                };
                Some(if excluded { None } else { Some(line_end + 1) })
            }
        }
    }
}

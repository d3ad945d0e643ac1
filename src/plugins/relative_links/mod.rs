//! jekyll-relative-links 0.7.0 (always on under GitHub Pages): Markdown links
//! to source files (`[x](other.md)`, `[x]: ../a.md`) rewritten, before
//! conversion, into the URL of the page, static file or document they name.
//!
//! The plugin is one `gsub` of `LINK_REGEX` over the whole raw content (code
//! blocks included). Its Ruby regular expression is reproduced by a linear
//! scanner (a backward pass marks where each part of the pattern can end, a
//! forward pass takes the leftmost match as Onigmo's backtracking would); the
//! reasoning is in the comments on [`Scan`].
//!
//! What the caller does (the generator's `generate`), in Jekyll's order: after
//! jekyll-optional-front-matter, jekyll-readme-index and jekyll-paginate have
//! added their pages and before jekyll-default-layout and
//! jekyll-titles-from-headings (all of them `:lowest` but relative-links, in
//! the order the oracle's Ruby sorts them):
//! - unless `!settings.enabled`, for every page (`site.pages`, including pages
//!   other generators added), and with `collections: true` also every written
//!   collection document (`site.docs_to_write`: posts and `output: true`
//!   collections, published ones only), whose extension is a Markdown one
//!   (`markdown_ext`, case-insensitively) and which is not [`Settings::excluded`]:
//!   `content = rewrite(content, relative_path, url_for)` (see [`rewrite`]);
//! - then, for those same documents whether or not the content changed, when
//!   `data["excerpt"]` is truthy (documents generating an excerpt, or a
//!   front-matter `excerpt:`), `data["excerpt"]` becomes a fresh
//!   `Jekyll::Excerpt` of the new content: a document's front-matter
//!   `excerpt:` string is replaced by the generated excerpt, and a Markdown
//!   *page* with a front-matter `excerpt:` makes the oracle's build fail
//!   (`Excerpt.new(page)`: undefined method `yaml_file?`).
//!
//! `url_for(path)` is the first of pages, static files, then written documents
//! whose `relative_path` (without a leading `/`) is `path`, and gives its URL
//! through the `relative_url` filter ([`crate::site::url::relative_url`] with
//! `site.baseurl`: the baseurl prefixed, spaces and non-ASCII percent-escaped).
//!
//! Where hyde cannot follow Ruby: `File.expand_path` works from `Dir.pwd` and
//! the home folders, which are the build machine's. A link that climbs above
//! the site (`../x.md` from the top, `/../x.md`) or starts with `~` never
//! resolves here; under Ruby it can come back in through the build folder's own
//! name (`../site/x.md` in a folder called `site`), and `~name` for a user the
//! machine lacks raises `ArgumentError`, which fails the whole Jekyll build.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::liquid::{Map, Value};
use crate::site::entries::EntryFilter;

/// The plugin's settings (`relative_links: {enabled, collections, exclude}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Off only with `enabled: false`.
    pub enabled: bool,
    /// Collection documents too, only with `collections: true`.
    pub collections: bool,
    /// `exclude:` patterns (an array; its non-string items never match).
    pub exclude: Vec<String>,
}

/// Read `relative_links` from the site configuration. A value that is not a
/// mapping leaves the defaults (Ruby would index it as a string or fail).
pub fn settings(config: &Map) -> Settings {
    let opt = |key: &str| match config.get("relative_links") {
        Some(Value::Hash(h)) => h.get(key).cloned().unwrap_or(Value::Nil),
        _ => Value::Nil,
    };
    Settings {
        enabled: !matches!(opt("enabled"), Value::Bool(false)),
        collections: matches!(opt("collections"), Value::Bool(true)),
        exclude: match opt("exclude") {
            Value::Array(a) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        },
    }
}

impl Settings {
    /// `excluded?`: the document's `relative_path` matches an `exclude`
    /// pattern as Jekyll's entry filter matches (`glob_include?`: a glob
    /// without `FNM_PATHNAME`, or a plain prefix of the path).
    pub fn excluded(&self, filter: &EntryFilter, relative_path: &str) -> bool {
        !self.exclude.is_empty() && filter.glob_include(&self.exclude, relative_path)
    }

    /// Whether the generator rewrites a document: enabled, Markdown, a page
    /// or (with `collections: true`) a written collection document, and not excluded.
    pub fn processes(
        &self,
        filter: &EntryFilter,
        relative_path: &str,
        is_markdown: bool,
        is_collection_document: bool,
    ) -> bool {
        self.enabled
            && is_markdown
            && (!is_collection_document || self.collections)
            && !self.excluded(filter, relative_path)
    }
}

/// Rewrite the links of one document's content (`relative_path` as Jekyll has
/// it, e.g. `_pages/about.md`, `docs/x.md`). `url_for(path)` returns the URL
/// (with baseurl, as Jekyll's `relative_url` filter gives it) of the page,
/// static file or document whose relative_path (without a leading '/') equals
/// `path`, or None. Returns None when the content is unchanged.
///
/// Each match of `LINK_REGEX` whose path neither starts with `#` nor parses as
/// an absolute URI (Addressable: a valid scheme, and no `InvalidURIError`) is
/// resolved against the document's folder (or the site root for `/...`),
/// `CGI.unescape`d (`+` is a space) and looked up; a found link becomes
/// `[text](url#fragment "title")`, a reference definition `\n[text]: url...`
/// (with a leading newline, as the plugin writes it).
pub fn rewrite(
    content: &str,
    relative_path: &str,
    url_for: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let url_base = dirname(relative_path);
    let mut out = String::new();
    let mut copied = 0;
    for_each_match(content, |m| {
        let link = |r: &Range<usize>| &content[r.clone()];
        let path = link(&m.path);
        let Some(url) = replaceable(path)
            .then(|| path_from_root(path, url_base))
            .flatten()
            .and_then(|p| crate::liquid::cgi_unescape(&p).ok())
            .and_then(|p| url_for(&p))
        else {
            return;
        };
        out.push_str(&content[copied..m.start]);
        if m.reference {
            out.push('\n');
        }
        out.push('[');
        out.push_str(link(&m.text));
        out.push_str(if m.reference { "]: " } else { "](" });
        out.push_str(&url);
        out.push_str(link(&m.fragment));
        if let Some(t) = &m.title {
            out.push_str(link(t));
        }
        if !m.reference {
            out.push(')');
        }
        copied = m.end;
    });
    if copied == 0 {
        return None;
    }
    out.push_str(&content[copied..]);
    (out != content).then_some(out)
}

/// One match of the plugin's `LINK_REGEX`, as byte ranges of the content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkMatch {
    /// the whole match (a reference definition's starts at its line, or at
    /// the first of the blank lines before it)
    pub start: usize,
    pub end: usize,
    /// a reference definition (`[text]: path`), not an inline link
    pub reference: bool,
    pub text: Range<usize>,
    pub path: Range<usize>,
    /// `#...`, or empty
    pub fragment: Range<usize>,
    /// the title with the whitespace before it
    pub title: Option<Range<usize>>,
}

/// The matches of `LINK_REGEX` in the order `gsub` finds them (each search
/// starts where the previous match ended), replaced or not.
pub fn link_matches(content: &str) -> Vec<LinkMatch> {
    let mut v = Vec::new();
    for_each_match(content, |m| v.push(m));
    v
}

fn for_each_match(content: &str, mut f: impl FnMut(LinkMatch)) {
    let s = content.as_bytes();
    // every match holds `](` or `]: `
    if memchr::memchr(b']', s).is_none() {
        return;
    }
    let scan = Scan::new(s);
    let mut cursor = Cursors::default();
    let mut pos = 0;
    while let Some(i) = next_candidate(s, pos) {
        match scan.match_at(i, &mut cursor) {
            Some(m) => {
                pos = m.end;
                f(m);
            }
            None => pos = i + 1,
        }
    }
}

/// Ruby's `File.dirname` of a relative path.
fn dirname(p: &str) -> &str {
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return if p.starts_with('/') { "/" } else { "." };
    }
    match t.rfind('/') {
        None => ".",
        Some(i) => match t[..i].trim_end_matches('/') {
            "" => "/",
            d => d,
        },
    }
}

/// `replaceable_link?`: not a fragment and not an absolute URI.
fn replaceable(path: &str) -> bool {
    !path.starts_with('#') && !addressable_absolute(path)
}

/// `path_from_root`: `File.expand_path(path, url_base)` (or from the root for
/// `/path`) relative to the build folder. None when the path leaves the site
/// or is the site's folder itself, or where Ruby would consult the machine
/// (`~`) or raise (a NUL byte).
fn path_from_root(link: &str, url_base: &str) -> Option<String> {
    let (rel, base) = match link.strip_prefix('/') {
        Some(r) => (r, ""),
        None => (link, url_base),
    };
    if rel.starts_with(['~', '/']) || base.starts_with(['~', '/']) || rel.contains('\0') {
        return None;
    }
    let mut segs: Vec<&str> = Vec::new();
    for seg in base.split('/').chain(rel.split('/')) {
        match seg {
            "" | "." => {}
            ".." => {
                segs.pop()?;
            }
            s => segs.push(s),
        }
    }
    (!segs.is_empty()).then(|| segs.join("/"))
}

/// `Addressable::URI.parse(s).absolute?`, false where parsing raises
/// `InvalidURIError` (the plugin rescues it as "not absolute"). The RFC 3986
/// regex's greedy first choice always matches, so the scheme is what precedes
/// the first `:` when no `/`, `?` or `#` comes before it.
fn addressable_absolute(s: &str) -> bool {
    let c = match s.find([':', '/', '?', '#']) {
        Some(c) if c > 0 && s.as_bytes()[c] == b':' => c,
        _ => return false,
    };
    let scheme = &s[..c];
    if !valid_scheme(scheme) {
        return false;
    }
    let rest = &s[c + 1..];
    let (authority, after) = match rest.strip_prefix("//") {
        Some(r) => {
            let e = r.find(['/', '?', '#']).unwrap_or(r.len());
            (Some(&r[..e]), &r[e..])
        }
        None => (None, rest),
    };
    let path_empty = after.find(['?', '#']).unwrap_or(after.len()) == 0;
    let ip_based = matches!(
        scheme.to_ascii_lowercase().as_str(),
        "http"
            | "https"
            | "ftp"
            | "tftp"
            | "sftp"
            | "ssh"
            | "svn+ssh"
            | "telnet"
            | "nntp"
            | "gopher"
            | "wais"
            | "ldap"
            | "prospero"
    );
    let Some(auth) = authority else {
        // "Absolute URI missing hierarchical segment"
        return !(ip_based && path_empty);
    };
    struct Res {
        userinfo: Regex,
        port: Regex,
        digits: Regex,
        bracket: Regex,
        ipv6: Regex,
    }
    static RE: OnceLock<Res> = OnceLock::new();
    let re = RE.get_or_init(|| Res {
        userinfo: Regex::new(r"(?m)^([^\[\]]*)@").expect("regex"),
        port: Regex::new(r"(?m):([^:@\[\]]*?)$").expect("regex"),
        digits: Regex::new(r"(?m)^[0-9]+$").expect("regex"),
        bracket: Regex::new(r"(?m)^\[(.*)\]$").expect("regex"),
        ipv6: Regex::new(r"(?m)^[a-zA-Z0-9\-._~!$&'()*+,;=:]*$").expect("regex"),
    });
    let no_user = re.userinfo.replace(auth, "");
    let host = re.port.replace(&no_user, "");
    if let Some(port) = re.port.captures(auth).and_then(|c| c.get(1)) {
        let port = port.as_str();
        if !port.is_empty() {
            match String::from_utf8(percent_decode(port)) {
                Ok(p) if re.digits.is_match(&p) => {}
                _ => return false, // "Invalid port number" / "Invalid encoding in port"
            }
        }
    }
    if ip_based && host.is_empty() && path_empty {
        return false;
    }
    if host.contains(|c: char| "<>{}/\\?#@\"".contains(c) || c.is_whitespace()) {
        return false; // "Invalid character in host"
    }
    if let Some(inner) = re.bracket.captures(&host).and_then(|c| c.get(1)) {
        if !re.ipv6.is_match(inner.as_str()) {
            return false;
        }
    }
    true
}

/// Addressable's scheme check `/\A[a-z][a-z0-9\.\+\-]*\z/i`; Onigmo's case
/// folding also lets KELVIN SIGN and LONG S match `[a-z]`.
fn valid_scheme(scheme: &str) -> bool {
    let letter = |c: char| c.is_ascii_alphabetic() || c == '\u{212A}' || c == '\u{17F}';
    let mut cs = scheme.chars();
    cs.next().is_some_and(letter)
        && cs.all(|c| letter(c) || c.is_ascii_digit() || matches!(c, '.' | '+' | '-'))
}

/// `%XX` (either case) decoded, other bytes kept.
fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let hex = |c: u8| (c as char).to_digit(16);
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// The next position where a match can start: a `[` (inline link) or a line
/// start (`^` of the reference definition).
fn next_candidate(s: &[u8], pos: usize) -> Option<usize> {
    if pos >= s.len() {
        return None;
    }
    if pos == 0 || s[pos - 1] == b'\n' || s[pos] == b'[' {
        return Some(pos);
    }
    let q = pos + memchr::memchr2(b'[', b'\n', &s[pos..])?;
    if s[q] == b'[' {
        Some(q)
    } else {
        (q + 1 < s.len()).then_some(q + 1)
    }
}

// Flags per position x (0..=len) of the content, from the backward pass.
// "Inline" parts end in `\)`, "reference" parts in `\s*?$`.
/// title alternative 1 (`\s+"..."`) at x, then the closing part, matches
const T1_I: u16 = 1;
/// title alternative 2 (`\s+"...'`) at x, then the closing part
const T2_I: u16 = 1 << 1;
/// `(TITLE)?` then the closing part match at x (a title, or `)` itself)
const GOOD_I: u16 = 1 << 2;
/// the path may end at x: a fragment from x then GOOD, or GOOD at x
const A_I: u16 = 1 << 3;
/// `](` at x is followed by a path, fragment, title and `)`
const SUCC_I: u16 = 1 << 4;
const T1_R: u16 = 1 << 5;
const T2_R: u16 = 1 << 6;
const GOOD_R: u16 = 1 << 7;
const A_R: u16 = 1 << 8;
/// `]: ` at x is followed by a path, fragment, title and the line's end
const SUCC_R: u16 = 1 << 9;

fn ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

fn hws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\x0b' | b'\x0c' | b'\r')
}

/// `LINK_REGEX` (group numbers as Ruby's):
/// ```text
/// ( \[(.*?)\]\(([^)]+?)(#.+?|)?(TITLE)?\)                       # inline: 2-5
/// | ^\s*?\[(.*?)\]: (.+?)(#.+?|)?(TITLE)?\s*?$ )                 # reference: 6-9
/// TITLE = \s+"(?:\\"|[^"])*(?<!\\)" | \s+"(?:\\'|[^'])*(?<!\\)'
/// ```
/// Backtracking tries, from the leftmost start, the shortest text, then the
/// shortest path, then (when the path is followed by `#`) the shortest
/// fragment, then title alternative 1, 2, none; the first success wins.
///
/// Each title alternative has one possible end: `\s+` must stop at the `"`,
/// and the greedy `(?:\\"|[^"])*` can cross exactly the quotes preceded by a
/// backslash, so the only end the look-behind accepts is the first `"` (resp.
/// `'`) after the opening one whose previous character is not `\`. Whether a
/// title, fragment, path or text can end at a position then depends on that
/// position alone, so one backward pass marks them all (flags above) and
/// the forward pass finds each match in time proportional to its length.
struct Scan<'a> {
    s: &'a [u8],
    flags: Vec<u16>,
}

/// Forward-moving "next position at or after q" searches (the queries of
/// each kind only grow, so every search is amortized linear).
#[derive(Default)]
struct Cursors {
    succ_i: usize,
    succ_r: usize,
    nl_i: usize,
    nl_r: usize,
    non_ws: usize,
}

/// First position at or after `q` where `pred` holds (or `len`), reusing the
/// previous answer `*cur` when it still lies at or after `q`.
fn advance(cur: &mut usize, q: usize, len: usize, pred: impl Fn(usize) -> bool) -> usize {
    if *cur < q || (*cur < len && !pred(*cur)) {
        *cur = q;
    }
    while *cur < len && !pred(*cur) {
        *cur += 1;
    }
    *cur
}

impl<'a> Scan<'a> {
    fn new(s: &'a [u8]) -> Scan<'a> {
        let n = s.len();
        let mut flags = vec![0u16; n + 1];
        // State for positions >= x + 1 at the top of each iteration.
        let mut nl = n; // first '\n'
        let mut nnh = n; // first byte that is not horizontal whitespace
                         // first unescaped '"' / '\'': (followed by ')', then only spaces to the line's end)
        let mut dq: Option<(bool, bool)> = None;
        let mut sq: Option<(bool, bool)> = None;
        // title results (T1_I, T2_I, T1_R, T2_R) for an opening quote where the
        // current whitespace run ends
        let mut run_title: u16 = 0;
        // next GOOD at x+1 and x+2; "an A exists at or after" x+1, x+2, x+3
        let (mut ng_i1, mut ng_i2, mut ng_r1, mut ng_r2) = (None, None, None, None);
        let (mut ea1, mut ea2, mut ea3) = (false, false, false);
        for x in (0..=n).rev() {
            let mut f = 0u16;
            let nl_next = nl; // nl(x + 1)
            if x < n {
                let c = s[x];
                let eol_next = nnh == n || s[nnh] == b'\n';
                let opener = if c == b'"' {
                    let mut t = 0;
                    if let Some((i, r)) = dq {
                        t |= if i { T1_I } else { 0 } | if r { T1_R } else { 0 };
                    }
                    if let Some((i, r)) = sq {
                        t |= if i { T2_I } else { 0 } | if r { T2_R } else { 0 };
                    }
                    t
                } else {
                    0
                };
                let unescaped = x == 0 || s[x - 1] != b'\\';
                let info = (s.get(x + 1) == Some(&b')'), eol_next);
                if c == b'"' && unescaped {
                    dq = Some(info);
                }
                if c == b'\'' && unescaped {
                    sq = Some(info);
                }
                if c == b'\n' {
                    nl = x;
                }
                if !hws(c) {
                    nnh = x;
                }
                if ws(c) {
                    f |= run_title;
                } else {
                    run_title = opener;
                }
                if c == b')' {
                    f |= GOOD_I;
                }
            }
            if f & (T1_I | T2_I) != 0 {
                f |= GOOD_I;
            }
            let eol_ok = nnh == n || s[nnh] == b'\n';
            if f & (T1_R | T2_R) != 0 || eol_ok {
                f |= GOOD_R;
            }
            let hash = x + 2 <= n && s[x] == b'#';
            if f & GOOD_I != 0 || (hash && ng_i2.is_some_and(|g| g <= nl_next)) {
                f |= A_I;
            }
            if f & GOOD_R != 0 || (hash && ng_r2.is_some_and(|g| g <= nl_next)) {
                f |= A_R;
            }
            if x + 2 < n && s[x] == b']' && s[x + 1] == b'(' && s[x + 2] != b')' && ea3 {
                f |= SUCC_I;
            }
            if x + 3 < n && &s[x..x + 3] == b"]: " && s[x + 3] != b'\n' {
                f |= SUCC_R;
            }
            flags[x] = f;
            ng_i2 = ng_i1;
            ng_i1 = if f & GOOD_I != 0 { Some(x) } else { ng_i2 };
            ng_r2 = ng_r1;
            ng_r1 = if f & GOOD_R != 0 { Some(x) } else { ng_r2 };
            ea3 = ea2;
            ea2 = ea1;
            ea1 = f & A_I != 0 || ea1;
        }
        Scan { s, flags }
    }

    fn first_flag(&self, from: usize, flag: u16) -> usize {
        (from..self.flags.len())
            .find(|&x| self.flags[x] & flag != 0)
            .unwrap_or(self.s.len())
    }

    fn first_byte(&self, from: usize, b: u8) -> usize {
        let from = from.min(self.s.len());
        memchr::memchr(b, &self.s[from..]).map_or(self.s.len(), |p| from + p)
    }

    /// The first quote `q` at or after `from` not preceded by a backslash.
    fn unescaped_quote(&self, from: usize, q: u8) -> usize {
        (from..self.s.len())
            .find(|&x| self.s[x] == q && (x == 0 || self.s[x - 1] != b'\\'))
            .unwrap_or(self.s.len())
    }

    /// `LINK_REGEX` matched at `i`: the inline alternative, else the reference one.
    fn match_at(&self, i: usize, cur: &mut Cursors) -> Option<LinkMatch> {
        let s = self.s;
        let n = s.len();
        let fl = &self.flags;
        if s[i] == b'[' {
            let j = advance(&mut cur.succ_i, i + 1, n, |x| fl[x] & SUCC_I != 0);
            let nl = advance(&mut cur.nl_i, i + 1, n, |x| s[x] == b'\n');
            if j < nl {
                return Some(self.tail(i, i + 1, j, false));
            }
        }
        if i == 0 || s[i - 1] == b'\n' {
            let b = advance(&mut cur.non_ws, i, n, |x| !ws(s[x]));
            if b < n && s[b] == b'[' {
                let j = advance(&mut cur.succ_r, b + 1, n, |x| fl[x] & SUCC_R != 0);
                let nl = advance(&mut cur.nl_r, b + 1, n, |x| s[x] == b'\n');
                if j < nl {
                    return Some(self.tail(i, b + 1, j, true));
                }
            }
        }
        None
    }

    /// The groups of a match whose text ends at `j` (a successful `](` or `]: `).
    fn tail(&self, start: usize, text: usize, j: usize, reference: bool) -> LinkMatch {
        let s = self.s;
        let (a, good, t1, t2) = if reference {
            (A_R, GOOD_R, T1_R, T2_R)
        } else {
            (A_I, GOOD_I, T1_I, T2_I)
        };
        let p0 = j + if reference { 3 } else { 2 };
        let k = self.first_flag(p0 + 1, a);
        // at a '#' the path can only end through a fragment (GOOD needs
        // whitespace, ')' or the line's end there)
        let f = if s.get(k) == Some(&b'#') {
            self.first_flag(k + 2, good)
        } else {
            k
        };
        let fl = self.flags[f];
        let (title, close) = if fl & (t1 | t2) != 0 {
            let w = (f..s.len()).find(|&x| !ws(s[x])).unwrap_or(s.len());
            let q = self.unescaped_quote(w + 1, if fl & t1 != 0 { b'"' } else { b'\'' });
            (Some(f..q + 1), q + 1)
        } else {
            (None, f)
        };
        let end = if reference {
            self.first_byte(close, b'\n')
        } else {
            close + 1
        };
        LinkMatch {
            start,
            end,
            reference,
            text: text..j,
            path: p0..k,
            fragment: k..f,
            title,
        }
    }
}

/// The generator (priority lowest, in plugin-list order): every Markdown
/// page, and with `collections: true` every written collection document,
/// has its links to source files rewritten before rendering.
pub fn generate(site: &mut crate::site::Site) {
    use crate::site::Kind;
    let settings = settings(&site.config.raw);
    if !settings.enabled {
        return;
    }
    // `potential_targets`: pages, static files, then written documents; the first wins
    let mut targets: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    let written = site
        .config
        .collections
        .iter()
        .enumerate()
        .filter(|(_, c)| c.output)
        .flat_map(|(i, _)| site.collections[i].iter().copied())
        .collect::<Vec<usize>>();
    for &id in &site.pages {
        let d = &site.docs[id];
        targets.entry(d.relative_path.as_str()).or_insert(&d.url);
    }
    for f in &site.static_files {
        let rel = f.relative_path.trim_start_matches('/');
        targets.entry(rel).or_insert(&f.url);
    }
    for &id in &written {
        let d = &site.docs[id];
        targets.entry(d.relative_path.as_str()).or_insert(&d.url);
    }
    let baseurl = &site.config.baseurl;
    let url_for = |p: &str| {
        targets
            .get(p)
            .map(|u| crate::site::url::relative_url(baseurl, u))
    };
    let filter = EntryFilter {
        config: &site.config,
    };
    let mut ids: Vec<usize> = site.pages.clone();
    if settings.collections {
        ids.extend(&written);
    }
    let mut rewritten = Vec::new();
    for id in ids {
        let d = &site.docs[id];
        let markdown = site.config.is_markdown_ext(&d.ext);
        let in_collection = matches!(d.kind, Kind::Doc(_));
        if !settings.processes(&filter, &d.relative_path, markdown, in_collection) {
            continue;
        }
        if let Some(new) = rewrite(&d.content, &d.relative_path, &url_for) {
            rewritten.push((id, new));
        }
    }
    for (id, new) in rewritten {
        site.docs[id].content = std::sync::Arc::from(new);
    }
}

#[cfg(test)]
mod tests;

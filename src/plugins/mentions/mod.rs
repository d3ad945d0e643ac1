//! jekyll-mentions 1.6 (with html-pipeline 2.14's `MentionFilter`): after
//! rendering, `@name` in the text of HTML pages and written documents becomes
//! `<a href="BASE/name" class="user-mention">@name</a>`.
//!
//! What the plugin does, and what is reproduced here:
//! - which documents ([`mentionable`]) and which base URL ([`base_url`]);
//! - a page with `<body` is processed from after `<body…>` and the
//!   whitespace that follows it up to the first `</body>`; other output whole;
//! - nothing changes unless that part contains `@` and matches the mention
//!   pattern somewhere (tags and attributes included);
//! - text nodes inside `pre`, `code`, `a`, `style` or `script` are skipped
//!   (as are comments and attributes); `textarea`, `title`, `noscript`… are not;
//! - the username is `[A-Za-z0-9_][A-Za-z0-9_-]*`, taken whole, preceded by
//!   the start of a line or a character that is not `[A-Za-z0-9_]`, and
//!   followed by neither `/` nor `.`s then a word character (`@a.b` is no
//!   mention, `@a.` and `@a..b` are); `@mention`, `@mentions`, `@mentioned`,
//!   `@mentioning` (any case) stay text; `@a@b` links `a` only;
//! - a text node that gets a link is written as Nokogiri writes it: entities
//!   decoded, then `&`, `<`, `>` escaped, the rest literal (`&nbsp;` becomes
//!   U+00A0), so `&#64;name` is a mention too (when the output also has a
//!   plain one: the plugin looks for `@` and the pattern in the raw output
//!   first), with the newlines libxml2's writer puts around it (see
//!   `filter_fragment`).
//!
//! Not reproduced: when it links anything, Ruby re-serialises the whole
//! processed part through Nokogiri (libxml2's HTML 4 parser and writer).
//! Bytes outside the changed text nodes can then differ: void elements lose
//! `/>` (`<br>`), attribute values are double-quoted and their entities
//! normalised, entities in unchanged text are decoded (`&quot;` → `"`,
//! `&nbsp;` → U+00A0; `>` → `&gt;`), unclosed elements are closed, and
//! libxml2's formatting newlines appear around block elements that already
//! lacked them. hyde keeps those bytes as they were; the differential test
//! (tests/plugins_mentions.rs) checks that Nokogiri's round trip of hyde's
//! output is Ruby's output, and that the bytes are Ruby's wherever Nokogiri
//! keeps the input. Also not reproduced: libxml2's implied end tags (only
//! these are: a new `a` closes an open `a`, and an end tag closes the
//! elements it encloses unless one ranks above it, as libxml2 ranks them), the `%`-escaping libxml2 applies to `href`
//! (a base URL with spaces or quotes), and the Kelvin sign (U+212A), which
//! Ruby's case-insensitive `\w` takes as a letter of a username.

use crate::liquid::Value;

/// The default base URL (`https://github.com`), or
/// `http(s)://$GITHUB_HOSTNAME` when both `SSL` and `GITHUB_HOSTNAME` are set
/// (`SSL=true` gives https).
fn default_base(env: &dyn Fn(&str) -> Option<String>) -> String {
    let ssl = env("SSL").unwrap_or_default();
    let host = env("GITHUB_HOSTNAME").unwrap_or_default();
    if !ssl.is_empty() && !host.is_empty() {
        let scheme = if ssl == "true" { "https://" } else { "http://" };
        format!("{scheme}{}", host.strip_suffix('/').unwrap_or(&host))
    } else {
        "https://github.com".to_string()
    }
}

/// `Jekyll::Mentions.mention_base`: the base URL of profile links, from the
/// `jekyll-mentions` setting in effect for a document (the document's front
/// matter value when it has the key, else the site config's): a string is
/// the URL, a hash's `base_url` is (when the key is there), nil or absent
/// gives the default (see `default_base`). `Err` is the fatal
/// `InvalidJekyllMentionConfig` Ruby raises for any other value (`false`, a
/// number, an array, a hash whose `base_url` is not a string), when it
/// processes a mentionable document whose output contains `@`.
pub fn base_url(
    setting: Option<&Value>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<String, String> {
    let kind = |v: &Value| match v {
        Value::Bool(true) => "TrueClass",
        Value::Bool(false) => "FalseClass",
        Value::Int(_) => "Integer",
        Value::Float(_) => "Float",
        Value::Array(_) => "Array",
        Value::Date(_) => "Date",
        Value::Time(_) => "Time",
        _ => "Object",
    };
    match setting {
        None | Some(Value::Nil) => Ok(default_base(env)),
        Some(Value::Str(s)) => Ok(s.to_string()),
        Some(Value::Hash(h)) => match h.get("base_url") {
            None => Ok(default_base(env)),
            Some(Value::Str(s)) => Ok(s.to_string()),
            // `nil.dup << "/"` and the like: a NoMethodError in Ruby.
            Some(v) => Err(format!("jekyll-mentions base_url is not a string: {v:?}")),
        },
        Some(v) => Err(format!(
            "Your jekyll-mentions config has to either be a string or a hash. It's a {} right now.",
            kind(v)
        )),
    }
}

/// `Jekyll::Mentions.mentionable?`: a page, or a document that is written,
/// whose output extension is `.html` or whose permalink ends with `/`, and
/// whose front matter does not set `jekyll-mentions: false`.
pub fn mentionable(
    is_page: bool,
    writes: bool,
    output_ext: &str,
    permalink: Option<&str>,
    setting: Option<&Value>,
) -> bool {
    (is_page || writes)
        && (output_ext == ".html" || permalink.is_some_and(|p| p.ends_with('/')))
        && !matches!(setting, Some(Value::Bool(false)))
}

const MENTION_LOGINS: [&str; 4] = ["mention", "mentions", "mentioned", "mentioning"];

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The next match of html-pipeline's `MentionPatterns[/[\w][\w-]*/]` at or
/// after byte `from`: `(start of the match, start of the login, end of the
/// login)`. The match starts at the boundary character (or at `@` at a line
/// start).
fn find_mention(s: &[u8], from: usize) -> Option<(usize, usize, usize)> {
    let mut i = from;
    while i < s.len() {
        // `^@…`: a line start
        if s[i] == b'@' && (i == 0 || s[i - 1] == b'\n') {
            if let Some(end) = login_at(s, i + 1) {
                return Some((i, i + 1, end));
            }
        }
        // `\W@…`: one non-word character (a whole UTF-8 character)
        if !is_word(s[i]) {
            let w = utf8_len(s[i]);
            if s.get(i + w) == Some(&b'@') {
                if let Some(end) = login_at(s, i + w + 1) {
                    return Some((i, i + w + 1, end));
                }
            }
            i += w;
        } else {
            i += 1;
        }
    }
    None
}

fn utf8_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// A login starting at `at` and what may follow it: its end.
fn login_at(s: &[u8], at: usize) -> Option<usize> {
    if !s.get(at).copied().is_some_and(is_word) {
        return None;
    }
    let mut end = at + 1;
    while end < s.len() && (is_word(s[end]) || s[end] == b'-') {
        end += 1;
    }
    // (?!/)(?=\.+[ \t\W]|\.+$|[^0-9a-zA-Z_.]|$)
    match s.get(end) {
        None | Some(b'\n') => Some(end),
        Some(b'/') => None,
        Some(b'.') => {
            let mut j = end;
            while s.get(j) == Some(&b'.') {
                j += 1;
            }
            // dots then the end of a line, or then a non-word character
            // (backtracking one dot makes the last dot that character)
            if j == s.len() || s[j] == b'\n' || !is_word(s[j]) || j - end >= 2 {
                Some(end)
            } else {
                None
            }
        }
        // U+017F and U+212A fold to `s` and `k` under /i, so they count as
        // letters of `[^0-9a-zA-Z_.]`.
        Some(_) if s[end..].starts_with("ſ".as_bytes()) || s[end..].starts_with("K".as_bytes()) => {
            None
        }
        Some(_) => Some(end),
    }
}

/// `MentionFilter#mention_link_filter` over one text node as Nokogiri
/// writes it; `None` when nothing changes.
/// With the number of nodes the text becomes (links and text between them).
fn link_mentions(text: &str, base: &str) -> Option<(String, usize)> {
    let s = text.as_bytes();
    let mut out = String::new();
    let mut last = 0;
    let mut pos = 0;
    let mut nodes = 0;
    while let Some((_, at, end)) = find_mention(s, pos) {
        let login = &text[at..end];
        pos = end;
        if MENTION_LOGINS.contains(&login.to_ascii_lowercase().as_str()) {
            continue;
        }
        if at - 1 > last {
            nodes += 1;
        }
        out.push_str(&text[last..at - 1]);
        let sep = if base.ends_with('/') || base.ends_with('~') {
            ""
        } else {
            "/"
        };
        out.push_str(&format!(
            "<a href=\"{}{sep}{login}\" class=\"user-mention\">@{login}</a>",
            base.replace('&', "&amp;")
        ));
        last = end;
        nodes += 1;
    }
    if nodes == 0 {
        return None;
    }
    if last < text.len() {
        nodes += 1;
    }
    out.push_str(&text[last..]);
    Some((out, nodes))
}

/// Text as libxml2 reads it: character references and HTML 4 entities
/// (with `;`) decoded.
fn decode_entities(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let decoded = rest.find(';').and_then(|semi| {
            let name = &rest[1..semi];
            let code = if let Some(num) = name.strip_prefix('#') {
                match num.strip_prefix(['x', 'X']) {
                    Some(hex) if !hex.is_empty() && hex.len() <= 6 => {
                        u32::from_str_radix(hex, 16).ok()
                    }
                    None if !num.is_empty() && num.len() <= 7 => num.parse().ok(),
                    _ => None,
                }
            } else {
                crate::markdown::entities::BY_NAME
                    .binary_search_by(|(n, _)| n.cmp(&name))
                    .ok()
                    .map(|k| crate::markdown::entities::BY_NAME[k].1)
            };
            code.and_then(char::from_u32).map(|c| (c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A text node as Nokogiri's `to_html` writes it.
fn text_to_html(raw: &str) -> String {
    decode_entities(raw)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

const IGNORED: [&str; 5] = ["pre", "code", "a", "style", "script"];
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements libxml2's HTML 4 table knows as not inline: its writer puts
/// newlines around their children (see `filter_fragment`).
const BLOCK: [&str; 46] = [
    "address",
    "area",
    "base",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "html",
    "isindex",
    "legend",
    "li",
    "link",
    "menu",
    "meta",
    "noframes",
    "noscript",
    "ol",
    "optgroup",
    "option",
    "style",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
];

/// What the last child of an open element is, as libxml2's writer asks.
#[derive(Clone, Copy, PartialEq)]
enum Child {
    Text,
    /// An element of `BLOCK`.
    Block,
    Other,
}

struct Open {
    name: String,
    children: usize,
    last: Child,
}

/// Links the mentions in the text of an HTML fragment, keeping every other
/// byte (see the module documentation for what Nokogiri would change). A
/// text node that gets links is written as libxml2 writes it, newlines
/// included: with format on, its writer puts a newline after the start tag
/// of a `BLOCK` element (not `p…`) with more than one child whose first
/// child is not text, before its end tag when its last child is not text,
/// and after a `BLOCK` element whose next sibling is not text (inside an
/// element not named `p…`).
fn filter_fragment(html: &str, base: &str) -> String {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len() + 64);
    // the fragment itself, then the open elements
    let mut stack = vec![Open {
        name: String::new(),
        children: 0,
        last: Child::Other,
    }];
    let mut i = 0;
    let mut text_start = 0;
    let flush = |out: &mut String, stack: &mut Vec<Open>, text: &str, is_last: bool| {
        if text.is_empty() {
            return;
        }
        let ignored = stack.iter().any(|t| IGNORED.contains(&t.name.as_str()));
        let depth = stack.len();
        let Some(top) = stack.last_mut() else { return };
        let linked = if !ignored && (text.contains('@') || text.contains('&')) {
            link_mentions(&text_to_html(text), base)
        } else {
            None
        };
        match linked {
            Some((linked, nodes)) => {
                let starts = linked.starts_with("<a ");
                let ends = linked.ends_with("</a>");
                let is_first = top.children == 0;
                let named = depth > 1 && !top.name.starts_with('p');
                let block = named && BLOCK.contains(&top.name.as_str());
                let several = !(is_first && is_last) || nodes > 1;
                if starts
                    && ((block && several && is_first)
                        || (named && !is_first && top.last == Child::Block))
                {
                    out.push('\n');
                }
                out.push_str(&linked);
                if ends && block && several && is_last {
                    out.push('\n');
                }
            }
            None => out.push_str(text),
        }
        top.children += 1;
        top.last = Child::Text;
    };
    // Whether an end tag closes the innermost open element (libxml2's
    // htmlParseEndTag: it closes what it encloses unless one of those ranks
    // above it, in which case it is ignored); the index it truncates to.
    let closes = |stack: &[Open], name: &str| -> Option<usize> {
        let rank = end_priority(name);
        let k = stack.iter().skip(1).rposition(|t| t.name == name)? + 1;
        stack[k + 1..]
            .iter()
            .all(|t| end_priority(&t.name) <= rank)
            .then_some(k)
    };
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let next = b.get(i + 1).copied().unwrap_or(0);
        let end_tag = next == b'/' && b.get(i + 2).is_some_and(u8::is_ascii_alphabetic);
        let is_tag = next.is_ascii_alphabetic() || end_tag;
        let markup_end = if is_tag {
            tag_end(b, i)
        } else if html[i..].starts_with("<!--") {
            html[i + 4..].find("-->").map_or(b.len(), |k| i + 4 + k + 3)
        } else if next == b'!' || next == b'?' {
            html[i..].find('>').map_or(b.len(), |k| i + k + 1)
        } else {
            i += 1;
            continue;
        };
        let name = if is_tag {
            let name_start = if end_tag { i + 2 } else { i + 1 };
            let name_len = b[name_start..markup_end]
                .iter()
                .position(|c| c.is_ascii_whitespace() || *c == b'/' || *c == b'>')
                .unwrap_or(markup_end - name_start);
            html[name_start..name_start + name_len].to_ascii_lowercase()
        } else {
            String::new()
        };
        let closing = if end_tag { closes(&stack, &name) } else { None };
        flush(
            &mut out,
            &mut stack,
            &html[text_start..i],
            closing.is_some(),
        );
        out.push_str(&html[i..markup_end]);
        i = markup_end;
        text_start = i;
        if let Some(k) = closing {
            stack.truncate(k);
            continue;
        }
        if end_tag {
            continue; // an end tag that closes nothing
        }
        if !is_tag {
            // a comment, doctype or processing instruction
            if let Some(top) = stack.last_mut() {
                top.children += 1;
                top.last = Child::Other;
            }
            continue;
        }
        if name == "a" {
            if let Some(k) = closes(&stack, "a") {
                stack.truncate(k);
            }
        }
        if let Some(top) = stack.last_mut() {
            top.children += 1;
            top.last = if BLOCK.contains(&name.as_str()) {
                Child::Block
            } else {
                Child::Other
            };
        }
        let self_closed = markup_end >= 2 && b[markup_end - 2] == b'/';
        if VOID.contains(&name.as_str()) || self_closed {
            continue;
        }
        if name == "script" || name == "style" {
            // raw text up to the matching end tag
            let close = format!("</{name}");
            let body_end =
                find_ascii_ci(&html[markup_end..], &close).map_or(b.len(), |k| markup_end + k);
            out.push_str(&html[markup_end..body_end]);
            i = body_end;
            text_start = i;
        }
        stack.push(Open {
            name,
            children: 0,
            last: Child::Other,
        });
    }
    flush(&mut out, &mut stack, &html[text_start..], true);
    out
}

/// libxml2's `htmlEndPriority`.
fn end_priority(name: &str) -> u32 {
    match name {
        "div" => 150,
        "td" | "th" => 160,
        "tr" => 170,
        "thead" | "tbody" | "tfoot" => 180,
        "table" => 190,
        "head" | "body" => 200,
        "html" => 220,
        _ => 100,
    }
}

/// The end (past `>`) of the tag starting at `i`, quotes respected.
fn tag_end(b: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    let mut quote = 0u8;
    while j < b.len() {
        let c = b[j];
        if quote != 0 {
            if c == quote {
                quote = 0;
            }
        } else if c == b'"' || c == b'\'' {
            // a quote opens a value only after `=`
            let prev = b[..j].iter().rev().find(|c| !c.is_ascii_whitespace());
            if prev == Some(&b'=') {
                quote = c;
            }
        } else if c == b'>' {
            return j + 1;
        }
        j += 1;
    }
    b.len()
}

fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// `Jekyll::Mentions.mentionify` over a document's output: `@name` in text
/// becomes a link to `BASE/name` (see the module documentation). Returns the
/// output unchanged when it has no mention.
pub fn mentionify(html: &str, base_url: &str) -> String {
    if !html.contains('@') {
        return html.to_string();
    }
    let has_match = |s: &str| find_mention(s.as_bytes(), 0).is_some();
    if !html.contains("<body") {
        if !has_match(html) {
            return html.to_string();
        }
        return filter_fragment(html, base_url);
    }
    // content.partition(/<body(.*?)>\s*/m), then tail.partition("</body>")
    let Some(mut body_start) = html
        .find("<body")
        .and_then(|s| html[s..].find('>').map(|k| s + k + 1))
    else {
        return html.to_string();
    };
    while body_start < html.len()
        && matches!(
            html.as_bytes()[body_start],
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c
        )
    {
        body_start += 1;
    }
    let body_end = html[body_start..]
        .find("</body>")
        .map_or(html.len(), |k| body_start + k);
    let body = &html[body_start..body_end];
    if !has_match(body) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 64);
    out.push_str(&html[..body_start]);
    out.push_str(&filter_fragment(body, base_url));
    out.push_str(&html[body_end..]);
    out
}

#[cfg(test)]
mod tests;

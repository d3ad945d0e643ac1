//! String helpers with Ruby's exact behaviour for the filters: HTML and
//! CGI escaping, `strip_html`, `String#split`, `gsub` replacement escapes,
//! `capitalize`, character slicing, strict Base64.

pub(super) fn cgi_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'~' | b'-' | b'.' | b'_' => {
                o.push(b as char)
            }
            b' ' => o.push('+'),
            _ => o.push_str(&format!("%{b:02X}")),
        }
    }
    o
}

/// `CGI.unescape`: `+` is a space, `%XX` (two hex digits) a byte; anything
/// else is kept. Err when the bytes are not UTF-8 (Ruby's later `ArgumentError`).
pub fn cgi_unescape(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            // Ruby's C `CGI.unescape` stops at a `%` in the last two
            // bytes: what follows it is kept as it is, `+` included
            b'%' if i + 3 > b.len() => {
                out.extend_from_slice(&b[i..]);
                break;
            }
            b'%' => {
                // two hex digits exactly (`from_str_radix` would take "+1")
                let hex = |c: u8| (c as char).to_digit(16);
                let h = hex(b[i + 1])
                    .zip(hex(b[i + 2]))
                    .map(|(h, l)| (h * 16 + l) as u8);
                match h {
                    Some(v) => {
                        out.push(v);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| "invalid byte sequence in UTF-8".to_string())
}

pub fn html_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

pub(super) fn escape_once(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        let c = b[i];
        match c {
            b'"' => o.push_str("&quot;"),
            b'\'' => o.push_str("&#39;"),
            b'<' => o.push_str("&lt;"),
            b'>' => o.push_str("&gt;"),
            b'&' => {
                // &(?!([a-zA-Z]+|(#\d+));)
                let rest = &b[i + 1..];
                let n = rest.iter().take_while(|c| c.is_ascii_alphabetic()).count();
                let ent = if n > 0 {
                    rest.get(n) == Some(&b';')
                } else if rest.first() == Some(&b'#') {
                    let d = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
                    d > 0 && rest.get(1 + d) == Some(&b';')
                } else {
                    false
                };
                o.push_str(if ent { "&" } else { "&amp;" });
            }
            _ => {
                let ch = s[i..].chars().next().unwrap_or(' ');
                o.push(ch);
                i += ch.len_utf8();
                continue;
            }
        }
        i += 1;
    }
    o
}

/// `strip_html`: drop script/style blocks and comments, then every `<...>`
/// (two passes, as Liquid's two `gsub`s).
pub fn strip_html(s: &str) -> String {
    let b = s.as_bytes();
    // Without script/style blocks or comments only the tag pass matters.
    let mut has_block = false;
    let mut k = 0;
    while let Some(p) = s[k..].find('<') {
        k += p + 1;
        if matches!(b.get(k), Some(b's' | b'!')) {
            has_block = true;
            break;
        }
    }
    if !has_block {
        return strip_tags(s);
    }
    let mut pass1 = String::with_capacity(s.len());
    let (mut i, mut run) = (0, 0);
    while let Some(p) = b[i..].iter().position(|&c| c == b'<') {
        let lt = i + p;
        let rest = &b[lt..];
        // Liquid's block pattern is case-sensitive (`<SCRIPT>` is a plain tag)
        let skip = if rest.starts_with(b"<script") {
            rest.windows(9)
                .position(|w| w == b"</script>")
                .map(|e| e + 9)
        } else if rest.starts_with(b"<!--") {
            rest.windows(3).position(|w| w == b"-->").map(|e| e + 3)
        } else if rest.starts_with(b"<style") {
            rest.windows(8)
                .position(|w| w == b"</style>")
                .map(|e| e + 8)
        } else {
            None
        };
        match skip {
            Some(n) => {
                pass1.push_str(&s[run..lt]);
                i = lt + n;
                run = i;
            }
            None => i = lt + 1,
        }
    }
    pass1.push_str(&s[run..]);
    strip_tags(&pass1)
}

/// Liquid's `<.*?>` removal.
fn strip_tags(pass1: &str) -> String {
    let mut out = String::with_capacity(pass1.len());
    let (mut i, mut run) = (0, 0);
    while let Some(p) = pass1[i..].find('<') {
        let lt = i + p;
        match pass1[lt..].find('>') {
            Some(e) => {
                out.push_str(&pass1[run..lt]);
                i = lt + e + 1;
                run = i;
            }
            None => break,
        }
    }
    out.push_str(&pass1[run..]);
    out
}

/// Jekyll's `normalize_whitespace`: `gsub(/\s+/, " ")` (ASCII whitespace
/// only, as Ruby's `\s`) then `strip!` (which also drops NULs at either end).
pub fn normalize_whitespace(s: &str) -> String {
    let ascii_ws = |c: char| matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r');
    let mut out = String::with_capacity(s.len());
    let mut in_ws = false;
    for c in s.chars() {
        if ascii_ws(c) {
            if !in_ws {
                out.push(' ');
            }
            in_ws = true;
        } else {
            out.push(c);
            in_ws = false;
        }
    }
    out.trim_matches(is_ruby_space).to_string()
}

pub(super) fn is_ruby_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r' | '\0')
}

pub(super) fn char_slice(s: &str, off: i64, len: i64) -> Option<String> {
    let n = s.chars().count() as i64;
    let start = if off < 0 { n.saturating_add(off) } else { off };
    if start < 0 || start > n || len < 0 {
        return None;
    }
    Some(s.chars().skip(start as usize).take(len as usize).collect())
}

pub(super) const STD: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub(super) const URL: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub(super) fn b64_encode(b: &[u8], alpha: &[u8; 64]) -> String {
    let mut o = String::new();
    for c in b.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= c.len() {
                o.push(alpha[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                o.push('=');
            }
        }
    }
    o
}

pub(super) fn b64_decode(s: &str, url: bool) -> Option<Vec<u8>> {
    let alpha = if url { URL } else { STD };
    let mut s = s.to_string();
    if url {
        // urlsafe_decode64 tolerates missing padding
        while !s.len().is_multiple_of(4) {
            s.push('=');
        }
    }
    if !s.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::new();
    let b = s.as_bytes();
    for (ci, c) in b.chunks(4).enumerate() {
        let last = ci == b.len() / 4 - 1;
        let mut n = 0u32;
        let mut pads = 0;
        for (i, &ch) in c.iter().enumerate() {
            let v = if ch == b'=' {
                if !last || i < 2 {
                    return None;
                }
                pads += 1;
                0
            } else {
                if pads > 0 {
                    return None;
                }
                alpha.iter().position(|&a| a == ch)? as u32
            };
            n = n << 6 | v;
        }
        out.push((n >> 16) as u8);
        if pads < 2 {
            out.push((n >> 8) as u8);
        }
        if pads < 1 {
            out.push(n as u8);
        }
    }
    Some(out)
}

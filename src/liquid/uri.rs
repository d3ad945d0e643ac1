//! URIs as Jekyll's filters see them through Addressable: `normalize_uri`
//! (for `relative_url`/`absolute_url`) and `uri_escape`
//! (`Addressable::URI.normalize_component`).

use unicode_normalization::UnicodeNormalization;

/// One URI component as Addressable normalizes it: escapes of allowed
/// characters are decoded, other escapes upper-cased, disallowed bytes escaped.
fn normalize_component(s: &str, extra: &[u8]) -> String {
    let allowed = |c: u8| {
        c.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&c) || extra.contains(&c)
    };
    let hex = |c: u8| (c as char).to_digit(16);
    let b = s.as_bytes();
    let mut o = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            if let (Some(h), Some(l)) = (
                b.get(i + 1).and_then(|&x| hex(x)),
                b.get(i + 2).and_then(|&x| hex(x)),
            ) {
                let v = (h * 16 + l) as u8;
                if allowed(v) {
                    o.push(v as char);
                } else {
                    o.push_str(&format!("%{v:02X}"));
                }
                i += 3;
                continue;
            }
        }
        if allowed(c) {
            o.push(c as char);
        } else {
            o.push_str(&format!("%{c:02X}"));
        }
        i += 1;
    }
    o
}

/// RFC 3986 `remove_dot_segments` for an absolute path.
fn remove_dot_segments(path: &str) -> String {
    if !path.starts_with('/')
        || !(path.contains("/./")
            || path.contains("/../")
            || path.ends_with("/.")
            || path.ends_with("/.."))
    {
        return path.to_string();
    }
    let mut out: Vec<&str> = Vec::new();
    let segs: Vec<&str> = path[1..].split('/').collect();
    let last = segs.len().saturating_sub(1);
    for (i, seg) in segs.iter().enumerate() {
        match *seg {
            "." => {
                if i == last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if i == last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

/// `Addressable::URI.parse(s).normalize.to_s`: scheme and host lower-cased,
/// default port dropped, `/` for an empty path, components normalized.
pub(crate) fn normalize_uri(s: &str) -> String {
    let (rest, frag) = match s.find('#') {
        Some(p) => (&s[..p], Some(&s[p + 1..])),
        None => (s, None),
    };
    let (rest, query) = match rest.find('?') {
        Some(p) => (&rest[..p], Some(&rest[p + 1..])),
        None => (rest, None),
    };
    let mut out = String::with_capacity(s.len() + 4);
    let mut path = rest;
    let mut scheme = String::new();
    if let Some(p) = rest
        .find(':')
        .filter(|&p| crate::site::url::is_absolute_uri(&rest[..p + 1]))
    {
        scheme = rest[..p].to_ascii_lowercase();
        out.push_str(&scheme);
        out.push(':');
        path = &rest[p + 1..];
    }
    if let Some(after) = path.strip_prefix("//") {
        let end = after.find('/').unwrap_or(after.len());
        let authority = &after[..end];
        path = &after[end..];
        let (user, hostport) = match authority.rfind('@') {
            Some(p) => (&authority[..p + 1], &authority[p + 1..]),
            None => ("", authority),
        };
        let mut host = hostport.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => Some(":80"),
            "https" => Some(":443"),
            _ => None,
        };
        if let Some(dp) = default_port {
            if let Some(h) = host.strip_suffix(dp) {
                host = h.to_string();
            }
        }
        out.push_str("//");
        out.push_str(user);
        out.push_str(&host);
        if path.is_empty() && (scheme == "http" || scheme == "https") {
            path = "/";
        }
    }
    out.push_str(&remove_dot_segments(&normalize_component(path, b"")));
    if let Some(q) = query {
        out.push('?');
        out.push_str(&normalize_component(q, b"?"));
    }
    if let Some(f) = frag {
        out.push('#');
        out.push_str(&normalize_component(f, b"?"));
    }
    out
}

/// `Addressable::URI.normalize_component(s)` with its default character
/// class, as `uri_escape` calls it: every `%XX` decoded, the text NFKC
/// normalized (when the bytes are UTF-8), then every byte outside RFC 3986's
/// reserved and unreserved characters percent-encoded.
pub(super) fn uri_escape(s: &str) -> String {
    let b = s.as_bytes();
    let mut raw = Vec::with_capacity(b.len());
    let mut i = 0;
    let hex = |c: u8| (c as char).to_digit(16);
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                raw.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        raw.push(b[i]);
        i += 1;
    }
    let normalized: Vec<u8> = match std::str::from_utf8(&raw) {
        Ok(t) => t.nfkc().collect::<String>().into_bytes(),
        Err(_) => raw,
    };
    let mut o = String::with_capacity(normalized.len());
    for c in normalized {
        if c.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?#[]".contains(&c) {
            o.push(c as char);
        } else {
            o.push_str(&format!("%{c:02X}"));
        }
    }
    o
}

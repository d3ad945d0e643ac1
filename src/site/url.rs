//! URLs as Jekyll's `URL` class makes them: templates with `:placeholders`,
//! escaping, sanitizing; and the output path a URL maps to.

use crate::liquid::Map;

/// Fill `template` (`/:collection/:path/`) from `lookup`. An unknown
/// placeholder is an error naming it, as Jekyll's is.
pub fn fill(template: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + 16);
    let b = template.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b':' {
            let start = i + 1;
            let mut j = start;
            while j < b.len() && (b[j].is_ascii_lowercase() || b[j] == b'_') {
                j += 1;
            }
            if j > start {
                let name = &template[start..j];
                let mut pool = vec![name];
                if let Some(stripped) = name.strip_suffix('_') {
                    pool.push(stripped);
                }
                let mut found = None;
                for key in &pool {
                    if let Some(v) = lookup(key) {
                        found = Some((*key, v));
                        break;
                    }
                }
                match found {
                    Some((key, v)) => {
                        out.push_str(&escape_path(&v));
                        // a trailing `_` that was not part of the key stays
                        out.push_str(&name[key.len()..]);
                    }
                    None => {
                        return Err(format!(
                            "The URL template doesn't have {} keys. Check your permalink template!",
                            pool.join(" or ")
                        ))
                    }
                }
                i = j;
                continue;
            }
        }
        let ch = template[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    Ok(out)
}

/// Jekyll's page templates use a hash and plain `gsub` in order.
pub fn fill_hash(template: &str, pairs: &[(&str, Option<String>)]) -> String {
    let mut result = template.to_string();
    for (k, v) in pairs {
        if !result.contains(':') {
            break;
        }
        match v {
            None => result = result.replace(&format!("/:{k}"), ""),
            Some(v) => result = result.replace(&format!(":{k}"), &escape_path(v)),
        }
    }
    result
}

/// `URL#sanitize_url`.
pub fn sanitize(s: &str) -> String {
    let mut r = format!("/{s}").replace("..", "/").replace("./", "");
    // squeeze "/"
    let mut out = String::with_capacity(r.len());
    let mut prev_slash = false;
    for c in r.drain(..) {
        if c == '/' {
            if !prev_slash {
                out.push(c);
            }
            prev_slash = true;
        } else {
            prev_slash = false;
            out.push(c);
        }
    }
    out
}

/// `URL.escape_path` (Addressable's encoding of a path).
pub fn escape_path(p: &str) -> String {
    if p.is_empty()
        || p.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"./-".contains(&b))
    {
        return p.to_string();
    }
    let mut out = String::with_capacity(p.len() + 8);
    let mut first_hash = true;
    for &byte in p.as_bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?#[]".contains(&byte);
        if byte == b'#' && first_hash {
            first_hash = false;
            out.push_str("%23");
        } else if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `URL.unescape_path`.
pub fn unescape_path(p: &str) -> String {
    if !p.contains('%') {
        return p.to_string();
    }
    let b = p.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&p[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The destination path (relative to the destination folder) of a URL:
/// `/about/` → `about/index.html`; `/feed.xml` → `feed.xml`.
/// `None` when the path would leave the destination.
pub fn output_path(url: &str, output_ext: &str, page_style: bool) -> Option<String> {
    let mut p = unescape_path(url);
    if p.ends_with('/') {
        if page_style {
            p.push_str("index");
            if !p.ends_with(output_ext) {
                p.push_str(output_ext);
            }
        } else {
            p.push_str("index.html");
        }
    } else if !p.ends_with(output_ext) {
        p.push_str(output_ext);
    }
    let rel = p.trim_start_matches('/');
    safe_relative(rel)
}

/// Reject `..` components and absolute paths: nothing is written outside the destination.
pub fn safe_relative(rel: &str) -> Option<String> {
    let mut parts = Vec::new();
    for c in rel.split('/') {
        match c {
            "" | "." => {}
            ".." => return None,
            c if c.contains('\\') || c.contains('\0') => return None,
            c => parts.push(c),
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.join("/"))
}

/// Look a key up in a map as a URL placeholder string.
pub fn map_str(m: &Map, k: &str) -> Option<String> {
    m.get(k).and_then(crate::utils::scalar_string)
}

/// Addressable's `URI.parse(s).absolute?`: the string starts with a scheme.
pub fn is_absolute_uri(s: &str) -> bool {
    match s.find(':') {
        Some(i) if i > 0 => {
            let scheme = &s.as_bytes()[..i];
            scheme[0].is_ascii_alphabetic()
                && scheme
                    .iter()
                    .all(|c| c.is_ascii_alphanumeric() || b"+-.".contains(c))
        }
        _ => false,
    }
}

/// Jekyll's `ensure_leading_slash`: an empty string stays empty.
pub fn leading_slash(s: &str) -> String {
    if s.is_empty() || s.starts_with('/') {
        s.to_string()
    } else {
        format!("/{s}")
    }
}

/// Jekyll's `relative_url` filter (one implementation: filters and plugins).
pub fn relative_url(baseurl: &str, input: &str) -> String {
    if is_absolute_uri(input) {
        return input.to_string();
    }
    let base = baseurl.strip_suffix('/').unwrap_or(baseurl);
    normalize_uri(&format!("{}{}", leading_slash(base), leading_slash(input)))
}

/// Jekyll's `absolute_url` filter.
pub fn absolute_url(site_url: &str, baseurl: &str, input: &str) -> String {
    if is_absolute_uri(input) {
        return input.to_string();
    }
    let rel = relative_url(baseurl, input);
    if site_url.is_empty() {
        return rel;
    }
    normalize_uri(&format!("{site_url}{rel}"))
}

/// Addressable's `URI#normalize` (one implementation, the Liquid filters').
pub fn normalize_uri(s: &str) -> String {
    crate::liquid::filters_jekyll::normalize_uri(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        let f = |k: &str| match k {
            "collection" => Some("publications".to_string()),
            "path" => Some("/2009-10-01-paper".to_string()),
            "output_ext" => Some(".html".to_string()),
            _ => None,
        };
        assert_eq!(
            sanitize(&fill("/:collection/:path/", &f).unwrap()),
            "/publications/2009-10-01-paper/"
        );
        assert!(fill("/:nope/", &f).is_err());
        assert_eq!(
            sanitize(&fill_hash(
                "/:path/:basename/",
                &[
                    ("path", Some("".into())),
                    ("basename", Some("about".into()))
                ]
            )),
            "/about/"
        );
    }

    #[test]
    fn outputs() {
        assert_eq!(
            output_path("/about/", ".html", true).as_deref(),
            Some("about/index.html")
        );
        assert_eq!(
            output_path("/feed.xml", ".xml", true).as_deref(),
            Some("feed.xml")
        );
        assert_eq!(
            output_path("/a%20b/", ".html", false).as_deref(),
            Some("a b/index.html")
        );
        assert_eq!(output_path("/../x", ".html", false), None);
        assert_eq!(escape_path("/a b/ü"), "/a%20b/%C3%BC");
    }
}

//! Mapping a request path to a file of the served folder, as GitHub Pages
//! does (`/about` → `/about/` → `about/index.html`, `/cv` → `cv.html`), with
//! the baseurl prefix honoured. Anything that could step outside the folder
//! (`..`, `%2e%2e`, encoded slashes or backslashes, NUL, symlinks leading out)
//! resolves to `NotFound`: the file system outside the root is never read.

use std::path::{Path, PathBuf};

/// What a request path leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A file inside the root (canonical path).
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect there.
    Redirect(String),
    /// A folder whose listing is shown (`--show-dir-listing`; canonical path).
    Listing(PathBuf),
    NotFound,
}

/// `baseurl` as Jekyll mounts it: `""` or `/sub` (leading slash, no trailing one).
pub fn normalize_baseurl(baseurl: &str) -> String {
    let b = baseurl.trim().trim_matches('/');
    if b.is_empty() {
        String::new()
    } else {
        format!("/{b}")
    }
}

/// Split a request target into its path and its query (with the `?`).
pub fn split_target(target: &str) -> (&str, &str) {
    let target = match target.find('#') {
        Some(i) => &target[..i],
        None => target,
    };
    match target.find('?') {
        Some(i) => (&target[..i], &target[i..]),
        None => (target, ""),
    }
}

/// Decode one `%XX`-escaped path segment; `None` when malformed or not UTF-8.
pub fn percent_decode(seg: &str) -> Option<String> {
    let b = seg.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The file under `root` that serves `target` (a request target such as
/// `/sub/about?x=1`), for a site mounted at `baseurl`.
pub fn resolve(root: &Path, baseurl: &str, target: &str) -> Resolved {
    resolve_with(root, baseurl, target, false)
}

/// `resolve`, with folders shown as listings (not by their `index.html`)
/// when `listings` is set, as `jekyll serve --show-dir-listing` does.
pub fn resolve_with(root: &Path, baseurl: &str, target: &str, listings: bool) -> Resolved {
    let (path, query) = split_target(target);
    if !path.starts_with('/') {
        return Resolved::NotFound;
    }
    let base = normalize_baseurl(baseurl);
    let rest = if base.is_empty() {
        path
    } else if path == base {
        return Resolved::Redirect(format!("{base}/{query}"));
    } else if let Some(r) = path.strip_prefix(&base).filter(|r| r.starts_with('/')) {
        r
    } else {
        return Resolved::NotFound;
    };
    let mut rel = PathBuf::new();
    for seg in rest.split('/').filter(|s| !s.is_empty()) {
        let Some(seg) = percent_decode(seg) else {
            return Resolved::NotFound;
        };
        if seg == "."
            || seg == ".."
            || seg.contains(['/', '\\', '\0'])
            || (cfg!(windows) && seg.contains(':'))
        {
            return Resolved::NotFound;
        }
        rel.push(seg);
    }
    let Ok(root) = root.canonicalize() else {
        return Resolved::NotFound;
    };
    let candidate = root.join(&rel);
    let trailing = rest.ends_with('/');
    if candidate.is_dir() {
        if !trailing && !rel.as_os_str().is_empty() {
            return Resolved::Redirect(format!("{path}/{query}"));
        }
        if listings {
            return match candidate.canonicalize() {
                Ok(real) if real.starts_with(&root) => Resolved::Listing(real),
                _ => Resolved::NotFound,
            };
        }
        return inside(&root, &candidate.join("index.html"));
    }
    if candidate.is_file() && !trailing {
        return inside(&root, &candidate);
    }
    if !trailing && !rel.as_os_str().is_empty() {
        for ext in ["html", "xhtml"] {
            let mut name = candidate.clone().into_os_string();
            name.push(".");
            name.push(ext);
            let p = PathBuf::from(name);
            if p.is_file() {
                return inside(&root, &p);
            }
        }
    }
    Resolved::NotFound
}

/// `File(p)` when `p` is a regular file whose real path is inside `root`.
fn inside(root: &Path, p: &Path) -> Resolved {
    match p.canonicalize() {
        Ok(real) if real.starts_with(root) && real.is_file() => Resolved::File(real),
        _ => Resolved::NotFound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempdir::Dir, PathBuf) {
        let d = tempdir::Dir::new("resolve");
        let root = d.path().join("site");
        std::fs::create_dir_all(root.join("about")).ok();
        std::fs::write(root.join("index.html"), "home").ok();
        std::fs::write(root.join("about/index.html"), "about").ok();
        std::fs::write(root.join("cv.html"), "cv").ok();
        std::fs::write(root.join("a b.txt"), "space").ok();
        std::fs::write(d.path().join("secret.txt"), "secret").ok();
        (d, root)
    }

    /// A throwaway folder under the system temp dir, removed on drop.
    mod tempdir {
        pub struct Dir(std::path::PathBuf);
        impl Dir {
            pub fn new(tag: &str) -> Dir {
                let p = std::env::temp_dir().join(format!(
                    "hyde-{tag}-{}-{:?}",
                    std::process::id(),
                    std::thread::current().id()
                ));
                let _ = std::fs::remove_dir_all(&p);
                let _ = std::fs::create_dir_all(&p);
                Dir(p)
            }
            pub fn path(&self) -> &std::path::Path {
                &self.0
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    fn name(r: Resolved) -> String {
        match r {
            Resolved::File(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            Resolved::Redirect(to) => format!("-> {to}"),
            Resolved::Listing(p) => format!(
                "listing {}",
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ),
            Resolved::NotFound => "404".into(),
        }
    }

    #[test]
    fn folders_as_listings() {
        let (_d, root) = site();
        let r = |t: &str| name(resolve_with(&root, "", t, true));
        assert!(r("/").starts_with("listing "), "{}", r("/"));
        assert_eq!(r("/about/"), "listing about");
        assert_eq!(r("/about"), "-> /about/");
        assert_eq!(r("/about/index.html"), "index.html");
        assert_eq!(r("/../"), "404");
    }

    #[test]
    fn pretty_urls() {
        let (_d, root) = site();
        let r = |t: &str| name(resolve(&root, "", t));
        assert_eq!(r("/"), "index.html");
        assert_eq!(r("/about/"), "index.html");
        assert_eq!(r("/about"), "-> /about/");
        assert_eq!(r("/about?x=1"), "-> /about/?x=1");
        assert_eq!(r("/cv"), "cv.html");
        assert_eq!(r("/cv.html"), "cv.html");
        assert_eq!(r("/a%20b.txt"), "a b.txt");
        assert_eq!(r("/cv/"), "404");
        assert_eq!(r("/nope"), "404");
    }

    #[test]
    fn baseurl_prefix() {
        let (_d, root) = site();
        let r = |t: &str| name(resolve(&root, "/sub/", t));
        assert_eq!(r("/sub/"), "index.html");
        assert_eq!(r("/sub"), "-> /sub/");
        assert_eq!(r("/sub/cv"), "cv.html");
        assert_eq!(r("/cv"), "404");
        assert_eq!(r("/subcv.html"), "404");
    }

    #[test]
    fn never_outside() {
        let (_d, root) = site();
        let r = |t: &str| name(resolve(&root, "", t));
        for t in [
            "/../secret.txt",
            "/about/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/about%2f..%2f..%2fsecret.txt",
            "/..%2fsecret.txt",
            "/..%5csecret.txt",
            "/%00",
            "/%zz",
            "/%c3%28",
            "secret.txt",
        ] {
            assert_eq!(r(t), "404", "{t}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlink_out_is_not_followed() {
        let (d, root) = site();
        let _ = std::os::unix::fs::symlink(d.path().join("secret.txt"), root.join("link.txt"));
        assert_eq!(name(resolve(&root, "", "/link.txt")), "404");
    }
}

//! Links, images, stylesheets and scripts that 404 once published: every
//! `href`/`src` of the built site's HTML that points inside the site
//! (relative, root-relative, or under the site's own `url`) is resolved as
//! GitHub Pages resolves it (the file, `DIR/index.html`, or `PATH.html`;
//! case-sensitive; under `baseurl`). A broken one is reported where it was
//! written: the page's source, else `_config.yml`, `_data`, another
//! document's front matter, or the layout or include that makes it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use super::{rel, Finding, Severity};
use crate::site::{Kind, Site};
use crate::writer::Source;

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    // constant pattern
    Regex::new(r#"(?is)<(a|link|img|script|source|iframe|video|audio|embed|track)\b[^>]*?\s(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')"#)
        .unwrap()
});
static COMMENT: LazyLock<Regex> =
    // constant pattern
    LazyLock::new(|| Regex::new(r"(?s)<!--.*?-->").unwrap());
static CSS_URL: LazyLock<Regex> = LazyLock::new(|| {
    // constant pattern
    Regex::new(r#"url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)"#).unwrap()
});
static CSS_COMMENT: LazyLock<Regex> =
    // constant pattern
    LazyLock::new(|| Regex::new(r"(?s)/\*.*?\*/").unwrap());
static SCRIPT_BODY: LazyLock<Regex> =
    // constant pattern
    LazyLock::new(|| Regex::new(r"(?is)(<script\b[^>]*>).*?(</script>)").unwrap());

/// One broken reference as found in the output.
struct Broken {
    /// What the HTML says (`/files/paper1.pdf`).
    raw: String,
    /// The path inside the site it was resolved to (without `baseurl`).
    target: String,
    tag: String,
    /// Outside `baseurl`: a root-relative link a project site does not serve.
    outside_base: bool,
}

pub fn check(site: &Site) -> Vec<Finding> {
    let cfg = &site.config;
    let dest = &cfg.destination;
    let base = cfg.baseurl.trim().trim_end_matches('/').to_string();
    // with a `baseurl` GitHub does not serve the site under, every
    // root-relative link points outside the site (the url check says so):
    // only relative links can be judged; so, likewise, links under a `url`
    // that is not the site's
    let rooted = super::config::base_matches(cfg);
    let own_urls = if rooted {
        super::config::own_urls(cfg)
    } else {
        Vec::new()
    };
    let mut finder = Finder::new(site);
    // (file, line, raw, target) -> pages it breaks
    type Key = (String, Option<usize>, String, String);
    let mut found: BTreeMap<Key, (Broken, String, Vec<String>)> = BTreeMap::new();
    for (out_rel, src) in crate::writer::plan(site) {
        let is_html = out_rel.ends_with(".html") || out_rel.ends_with(".htm");
        let is_css = out_rel.ends_with(".css");
        if !is_html && !is_css {
            continue;
        }
        // where the output came from: a page (its id) or a static file
        let (own, label, shown) = match src {
            Source::Doc(id) => {
                let doc = &site.docs[id];
                if doc.kind == Kind::Generated && doc.data.contains_key("redirect") {
                    continue;
                }
                let own = (!doc.path.as_os_str().is_empty()).then(|| doc.path.clone());
                (own, doc.relative_path.clone(), doc.url.clone())
            }
            Source::Static(f) => (
                Some(f.path.clone()),
                f.relative_path.trim_start_matches('/').to_string(),
                f.url.clone(),
            ),
        };
        let Ok(text) = std::fs::read_to_string(dest.join(&out_rel)) else {
            continue;
        };
        let page_dir = match out_rel.rfind('/') {
            Some(i) => &out_rel[..i],
            None => "",
        };
        let refs = if is_html {
            html_refs(&text)
        } else {
            css_refs(&text)
        };
        for b in judge(dest, refs, page_dir, &base, &own_urls, rooted) {
            let (file, line) = finder.locate(own.as_deref(), &label, &b);
            // a reference not found in any source is made by a template from
            // data: one finding for all the pages it breaks, at the first
            let key_file = if line.is_some() {
                file.clone()
            } else {
                String::new()
            };
            // a relative reference resolves differently on each page: one
            // finding per place it was written
            let target = if b.raw.starts_with('/') || b.raw.contains("://") {
                b.target.clone()
            } else {
                String::new()
            };
            let key = (key_file, line, b.raw.clone(), target);
            let entry = found.entry(key).or_insert_with(|| (b, file, Vec::new()));
            entry.2.push(shown.clone());
        }
    }
    found
        .into_iter()
        .map(|((_, line, _, _), (b, file, pages))| finding(dest, &base, file, line, &b, &pages))
        .collect()
}

fn finding(
    dest: &Path,
    base: &str,
    file: String,
    line: Option<usize>,
    b: &Broken,
    pages: &[String],
) -> Finding {
    let what_kind = match b.tag.as_str() {
        "img" | "source" | "video" | "audio" => "image or media",
        "link" => "stylesheet or link",
        "script" => "script",
        "css" => "file named in a stylesheet",
        _ => "link",
    };
    let on = if pages.len() == 1 {
        format!("on {}", pages[0])
    } else {
        format!("on {} pages ({}, ...)", pages.len(), pages[0])
    };
    let (what, fix) = if b.outside_base {
        let there = if resolves(dest, &b.target) {
            format!("the file is in the site, at {base}{}", b.target)
        } else {
            "nor is it in the site without the base URL".to_string()
        };
        (
            format!("{what_kind} {} {on} leaves out the site's base URL {base}, so it points outside the site and 404s once published ({there})", b.raw),
            format!("write it with the base URL: `{{{{ base_path }}}}{}` or `{{{{ \"{}\" | relative_url }}}}`", b.raw, b.raw),
        )
    } else {
        let first = b.raw.split('/').next().unwrap_or("");
        let domain_like = !b.raw.starts_with(['/', '.'])
            && first.contains('.')
            && [
                ".com", ".org", ".edu", ".gov", ".net", ".io", ".cn", ".uk", ".de",
            ]
            .iter()
            .any(|t| first.ends_with(t));
        let fix = match same_but_case(dest, &b.target) {
            _ if b.raw.starts_with(|c: char| !c.is_ascii() && !c.is_alphanumeric()) => {
                "the address starts with an invisible character (a byte order mark or similar, pasted in with it): delete it and retype the start".to_string()
            }
            _ if domain_like => format!(
                "an address without `https://` is a path inside your site: write `https://{}`",
                b.raw
            ),
            Some(real) => format!("the file is /{real}: URLs are case-sensitive on GitHub Pages; write it with that case"),
            None => format!(
                "add the missing file (it would be at {}) or fix the address",
                b.target.trim_start_matches('/')
            ),
        };
        (
            format!(
                "{what_kind} {} {on} points to {}, which is not in the built site",
                b.raw, b.target
            ),
            fix,
        )
    };
    Finding::new(Severity::Error, "links", file, line, what, fix)
}

/// The `(tag, reference)` pairs of a page's HTML (comments and script
/// bodies left out).
fn html_refs(html: &str) -> Vec<(String, String)> {
    let html = COMMENT.replace_all(html, "");
    let html = SCRIPT_BODY.replace_all(&html, "$1$2");
    TAG.captures_iter(&html)
        .map(|c| {
            let raw = c.get(3).or(c.get(4)).map_or("", |m| m.as_str());
            (c[1].to_ascii_lowercase(), unescape(raw.trim()))
        })
        .collect()
}

/// The `url(...)` references of a stylesheet (comments left out).
fn css_refs(css: &str) -> Vec<(String, String)> {
    let css = CSS_COMMENT.replace_all(css, "");
    CSS_URL
        .captures_iter(&css)
        .map(|c| {
            let raw = c
                .get(1)
                .or(c.get(2))
                .or(c.get(3))
                .map_or("", |m| m.as_str());
            ("css".to_string(), raw.trim().to_string())
        })
        .filter(|(_, raw)| !raw.starts_with("data:"))
        .collect()
}

/// The references among `refs` that point inside the site to nothing.
fn judge(
    dest: &Path,
    refs: Vec<(String, String)>,
    page_dir: &str,
    base: &str,
    own_urls: &[String],
    rooted: bool,
) -> Vec<Broken> {
    let mut out = Vec::new();
    for (tag, raw) in refs {
        let Some((path, absolute)) = site_path(&raw, own_urls) else {
            continue;
        };
        if absolute && !rooted {
            continue;
        }
        let path = collapse_slashes(&percent_decode(&path));
        let (target, outside_base) = if absolute {
            if base.is_empty() {
                (path.clone(), false)
            } else if path == base || path.starts_with(&format!("{base}/")) {
                (path[base.len()..].to_string(), false)
            } else {
                (path.clone(), true)
            }
        } else {
            match join(page_dir, &path) {
                Some(p) => (p, false),
                None => (path.clone(), true),
            }
        };
        if outside_base || !resolves(dest, &target) {
            out.push(Broken {
                raw,
                target,
                tag,
                outside_base,
            });
        }
    }
    out
}

/// The path part of a reference that points into the site, and whether it
/// is root-relative; `None` for external, fragment-only and other links.
fn site_path(raw: &str, own_urls: &[String]) -> Option<(String, bool)> {
    if raw.is_empty()
        || raw.starts_with('#')
        || raw.contains("{{")
        || raw.contains("{%")
        || raw.starts_with('?')
    {
        return None;
    }
    let lower = raw.to_ascii_lowercase();
    let (rest, absolute) = if let Some(u) = own_urls
        .iter()
        .find(|u| lower.starts_with(&u.to_ascii_lowercase()))
    {
        let rest = &raw[u.len()..];
        if !(rest.is_empty() || rest.starts_with(['/', '?', '#'])) {
            return None;
        }
        (if rest.is_empty() { "/" } else { rest }, true)
    } else if raw.starts_with("//") || has_scheme(raw) {
        return None;
    } else {
        (raw, raw.starts_with('/'))
    };
    let path = rest.split(['?', '#']).next().unwrap_or("");
    if path.is_empty() {
        return None;
    }
    Some((path.to_string(), absolute))
}

/// `mailto:`, `https:`, `javascript:`...: a scheme before any `/`.
fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) => {
            let scheme = &s[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `dir/rel` with `.` and `..` resolved, rooted (`/a/b`); `..` at the
/// root stays there, as browsers resolve it.
fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let trailing = if rel.ends_with('/') && !parts.is_empty() {
        "/"
    } else {
        ""
    };
    Some(format!("/{}{trailing}", parts.join("/")))
}

/// What GitHub Pages serves for `path`: the file, `index.html` in the
/// folder, or `path.html`.
fn resolves(dest: &Path, path: &str) -> bool {
    let rel = path.trim_start_matches('/');
    if rel.split('/').any(|s| s == "..") {
        return false;
    }
    let p = dest.join(rel);
    if rel.is_empty() || path.ends_with('/') {
        return p.join("index.html").is_file();
    }
    p.is_file() || p.join("index.html").is_file() || dest.join(format!("{rel}.html")).is_file()
}

/// The file the target names in another case, if there is one.
fn same_but_case(dest: &Path, target: &str) -> Option<String> {
    let rel = target.trim_matches('/');
    let mut dir = dest.to_path_buf();
    let mut real = Vec::new();
    for seg in rel.split('/') {
        let name = std::fs::read_dir(&dir)
            .ok()?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|n| n.eq_ignore_ascii_case(seg))?;
        dir.push(&name);
        real.push(name);
    }
    let real = real.join("/");
    (real != rel).then_some(real)
}

/// `a//b` as `a/b` (how the path is looked up).
fn collapse_slashes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#38;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 3 <= b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("");
            if let Ok(v) = u8::from_str_radix(hex, 16) {
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

/// Finds the line a reference was written on, looking through the
/// page's source, the configuration, the data files, the templates and the
/// other documents; remembers files and answers.
struct Finder<'a> {
    site: &'a Site,
    texts: HashMap<PathBuf, Option<String>>,
    /// Sources besides the page, in search order, and whether a bare file
    /// name may match in them (not in templates, which build paths).
    shared: Vec<(PathBuf, bool)>,
    answers: HashMap<(Option<PathBuf>, String), (String, Option<usize>)>,
}

impl<'a> Finder<'a> {
    fn new(site: &'a Site) -> Finder<'a> {
        let cfg = &site.config;
        let walk = |dir: &str| -> Vec<PathBuf> {
            let mut v: Vec<_> = walkdir::WalkDir::new(cfg.source.join(dir))
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .collect();
            v.sort();
            v
        };
        let mut shared: Vec<(PathBuf, bool)> =
            cfg.file_paths().into_iter().map(|p| (p, true)).collect();
        shared.extend(walk(&cfg.data_dir).into_iter().map(|p| (p, true)));
        let mut layouts: Vec<_> = site.layouts.values().map(|l| l.path.clone()).collect();
        layouts.sort();
        shared.extend(layouts.into_iter().map(|p| (p, false)));
        shared.extend(walk(&cfg.includes_dir).into_iter().map(|p| (p, false)));
        shared.extend(walk(&cfg.sass_dir).into_iter().map(|p| (p, false)));
        let mut docs: Vec<_> = site
            .docs
            .iter()
            .filter(|d| !d.path.as_os_str().is_empty())
            .map(|d| (d.path.clone(), true))
            .collect();
        docs.sort();
        docs.dedup();
        shared.extend(docs);
        Finder {
            site,
            texts: HashMap::new(),
            shared,
            answers: HashMap::new(),
        }
    }

    /// The file's lines as searched: YAML comments dropped, and a page's
    /// `permalink:` (its own address, not a reference).
    fn text(&mut self, path: &Path) -> Option<&str> {
        self.texts
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                let text = std::fs::read_to_string(path).ok()?;
                let yaml = path.extension().is_some_and(|e| e == "yml" || e == "yaml");
                let lines: Vec<&str> = text
                    .lines()
                    .map(|l| {
                        if l.trim_start().starts_with("permalink:") {
                            ""
                        } else if yaml {
                            match l.find(" #") {
                                Some(i) => &l[..i],
                                None if l.trim_start().starts_with('#') => "",
                                None => l,
                            }
                        } else {
                            l
                        }
                    })
                    .collect();
                Some(lines.join("\n"))
            })
            .as_deref()
    }

    fn line_of(&mut self, path: &Path, needles: &[String]) -> Option<usize> {
        let text = self.text(path)?;
        needles.iter().find_map(|n| {
            text.lines()
                .position(|l| l.contains(n.as_str()))
                .map(|i| i + 1)
        })
    }

    /// Where the reference `b` in the output of `own` (the source file;
    /// `label` names a generated page) was written.
    fn locate(&mut self, own: Option<&Path>, label: &str, b: &Broken) -> (String, Option<usize>) {
        let key = (own.map(Path::to_path_buf), b.raw.clone());
        if let Some(a) = self.answers.get(&key) {
            return a.clone();
        }
        let a = self.search(own, label, b);
        self.answers.insert(key, a.clone());
        a
    }

    fn search(&mut self, own: Option<&Path>, label: &str, b: &Broken) -> (String, Option<usize>) {
        let source = &self.site.config.source;
        // the reference as written, its path, the path inside the site
        let mut exact = vec![b.raw.clone()];
        let path = b.raw.split(['?', '#']).next().unwrap_or("").to_string();
        for n in [path, b.target.clone()] {
            if n.len() > 1 && !exact.contains(&n) {
                exact.push(n);
            }
        }
        // then a file name alone (`avatar: "me.png"`, `teaser: x.jpg`)
        let name = b.target.rsplit('/').next().unwrap_or("").to_string();
        let loose = if name.len() >= 5 && name.contains('.') {
            vec![name]
        } else {
            Vec::new()
        };
        let mut order: Vec<(PathBuf, bool)> = own.iter().map(|p| (p.to_path_buf(), true)).collect();
        order.extend(self.shared.iter().cloned());
        for needles in [&exact, &loose] {
            if needles.is_empty() {
                continue;
            }
            for (p, names_too) in &order {
                if needles == &loose && !names_too {
                    continue;
                }
                if let Some(l) = self.line_of(p, needles) {
                    return (rel(source, p), Some(l));
                }
            }
        }
        match own {
            Some(p) => (rel(source, p), None),
            None => (label.to_string(), None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(join("a/b", "../c.png").as_deref(), Some("/a/c.png"));
        assert_eq!(join("", "x/").as_deref(), Some("/x/"));
        assert_eq!(join("", "../x").as_deref(), Some("/x"));
        let own = vec!["https://me.github.io".to_string()];
        assert_eq!(
            site_path("https://me.github.io/files/a.pdf", &own),
            Some(("/files/a.pdf".into(), true))
        );
        assert_eq!(site_path("https://other.org/a", &own), None);
        assert_eq!(site_path("mailto:a@b", &own), None);
        assert_eq!(site_path("#top", &own), None);
        assert_eq!(site_path("a.html#x", &own), Some(("a.html".into(), false)));
    }
}

//! jekyll-titles-from-headings 0.5.3 (always on under GitHub Pages): a
//! Markdown page without a `title` takes the text of the heading its content
//! starts with, and with `strip_title` loses that heading.
//!
//! What the caller does (the generator's `generate`), after
//! jekyll-relative-links and jekyll-default-layout (all `:lowest`, in the order
//! the oracle's Ruby sorts them), on the raw content (front matter removed,
//! Liquid not yet rendered, links already rewritten), unless `!settings.enabled`:
//! - the documents: every page (`site.pages`, including those other generators
//!   added, e.g. jekyll-optional-front-matter's), and with `collections: true`
//!   every written collection document (`site.docs_to_write`), whose extension
//!   is a Markdown one (`markdown_ext`, case-insensitively);
//! - a page is skipped when its `title` is not nil: a front-matter `title`
//!   (even `""` or `false`) or one from front-matter `defaults` (a page's data
//!   falls back on the defaults) keeps it; `title:` with no value does not;
//! - a collection document is never skipped (`inferred_title?`): even an
//!   explicit front-matter `title` is replaced when the content starts with a
//!   heading; without one the title stays what it was;
//! - `data["title"] = title_from(content, markdownify)`, or, when that is None,
//!   the title it had (for a page: the key `title` is then set to nil);
//! - then, if the document's own data has the key `strip_title`, when it is
//!   `true`, else when the site's `titles_from_headings.strip_title` is `true`:
//!   `content = strip_title(content)` (also when no heading matched: the
//!   content is then only stripped of surrounding whitespace), and a post
//!   (collection `posts`) that generates an excerpt gets a fresh excerpt of the
//!   new content. A page's `strip_title` from `defaults` is not its own key and
//!   does not count; a document's (defaults are merged into its data) does.
//!   Other collections keep the excerpt they had (jekyll-relative-links, with
//!   `collections: true`, rebuilt it before the heading went): it still shows
//!   the heading, as the oracle's build does.
//!
//! `markdownify` is the site's Markdown converter as the `markdownify` filter
//! has it (`crate::render::markdown`): the title keeps the HTML entities the
//! converter writes (`A &amp; B`), and Liquid in the heading stays unrendered.

use std::sync::OnceLock;

use regex::Regex;

use crate::liquid::{normalize_whitespace, strip_html, Map, Value};

/// The plugin's settings (`titles_from_headings: {enabled, strip_title, collections}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Off only with `enabled: false`.
    pub enabled: bool,
    /// The site-wide `strip_title: true` (a document's own key overrides it).
    pub strip_title: bool,
    /// Collection documents too, only with `collections: true`.
    pub collections: bool,
}

/// Read `titles_from_headings` from the site configuration. A value that is
/// not a mapping leaves the defaults.
pub fn settings(config: &Map) -> Settings {
    let opt = |key: &str| match config.get("titles_from_headings") {
        Some(Value::Hash(h)) => h.get(key).cloned().unwrap_or(Value::Nil),
        _ => Value::Nil,
    };
    Settings {
        enabled: !matches!(opt("enabled"), Value::Bool(false)),
        strip_title: matches!(opt("strip_title"), Value::Bool(true)),
        collections: matches!(opt("collections"), Value::Bool(true)),
    }
}

impl Settings {
    /// `strip_title?`: the document's own `strip_title` key when it has one
    /// (only `true` strips), else the site's setting.
    pub fn strips(&self, data: &Map) -> bool {
        match data.get("strip_title") {
            Some(v) => matches!(v, Value::Bool(true)),
            None => self.strip_title,
        }
    }
}

/// `TITLE_REGEX` (Ruby, `x` mode):
/// ```text
/// \A\s*(?: \#{1,3}\s+(.*)(?:\s+\#{1,3})?  |  (.*)\r?\n[-=]+\s* )$
/// ```
/// with Ruby's `\s` (ASCII), `.` (not `\n`) and `$` (before any `\n`, or at
/// the end). It has no look-around, so the `regex` crate's leftmost-first
/// matching gives the same groups as Onigmo's backtracking, in linear time.
/// The greedy `(.*)` keeps a closing `## ` sequence in the title.
fn title_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        const S: &str = r"[\t\n\x0B\x0C\r ]";
        Regex::new(&format!(
            r"\A{S}*(?:#{{1,3}}{S}+(.*)(?:{S}+#{{1,3}})?|(.*)\r?\n[-=]+{S}*)(?m:$)"
        ))
        .expect("TITLE_REGEX")
    })
}

/// The title from the first heading (TITLE_REGEX at the start of the content),
/// as the plugin computes it: markdownify → strip_html → normalize_whitespace →
/// remove footnote marks. `markdownify` is given by the caller. None when the
/// content does not start with a heading.
pub fn title_from(content: &str, markdownify: &dyn Fn(&str) -> String) -> Option<String> {
    let caps = title_regex().captures(content)?;
    let heading = caps.get(1).or_else(|| caps.get(2))?.as_str();
    let text = normalize_whitespace(&strip_html(&markdownify(heading)));
    Some(remove_footnote_marks(&text))
}

/// The content with the title heading removed (`strip_title`), as the plugin
/// does (`gsub(TITLE_REGEX, "").strip`).
pub fn strip_title(content: &str) -> String {
    let rest = match title_regex().find(content) {
        Some(m) => &content[m.end()..],
        None => content,
    };
    rest.trim_matches(|c: char| matches!(c, '\0' | '\t' | '\n' | '\x0b' | '\x0c' | '\r' | ' '))
        .to_string()
}

/// `gsub(/\[\^[^\]]*\]/, "")`: footnote marks (`[^1]`) left after markdownify.
fn remove_footnote_marks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("[^") {
        // `[^\]]*` runs to the first `]`; without one nothing further matches
        let Some(close) = rest[i + 2..].find(']') else {
            break;
        };
        out.push_str(&rest[..i]);
        rest = &rest[i + 2 + close + 1..];
    }
    out.push_str(rest);
    out
}

/// The generator (priority lowest, after jekyll-default-layout): see the
/// module documentation for which documents and what changes.
pub fn generate(site: &mut crate::site::Site) {
    use crate::site::Kind;
    let settings = settings(&site.config.raw);
    if !settings.enabled {
        return;
    }
    let mut ids: Vec<usize> = site.pages.clone();
    if settings.collections {
        for (i, c) in site.config.collections.iter().enumerate() {
            if c.output {
                ids.extend(site.collections[i].iter().copied());
            }
        }
    }
    let mut changes = Vec::new();
    for id in ids {
        let d = &site.docs[id];
        if !site.config.is_markdown_ext(&d.ext) {
            continue;
        }
        let is_page = !matches!(d.kind, Kind::Doc(_));
        if is_page && d.data.get("title").is_some_and(|t| !t.is_nil()) {
            continue;
        }
        // a heading too complex to convert leaves no title: the page's own
        // conversion reports the error
        let title = title_from(&d.content, &|s| {
            crate::render::markdown(site, s).unwrap_or_default()
        });
        let content = settings.strips(&d.data).then(|| strip_title(&d.content));
        changes.push((id, title, content));
    }
    for (id, title, content) in changes {
        let d = &mut site.docs[id];
        match title {
            Some(t) => {
                d.data.insert("title".into(), Value::from(t));
            }
            // a page keeps no title, but has the key
            None if !matches!(d.kind, Kind::Doc(_)) => {
                d.data.insert("title".into(), Value::Nil);
            }
            None => {}
        }
        if let Some(c) = content {
            d.content = std::sync::Arc::from(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> String {
        format!("<p>{s}</p>\n")
    }

    #[test]
    fn headings() {
        let t = |c: &str| title_from(c, &plain);
        assert_eq!(t("# Hello\nText").as_deref(), Some("Hello"));
        assert_eq!(t("\n\n  ## Hello ##\n").as_deref(), Some("Hello ##"));
        assert_eq!(t("Hello\n=====\n").as_deref(), Some("Hello"));
        assert_eq!(t("#### Four\n").as_deref(), None);
        assert_eq!(t("#Tight\n").as_deref(), None);
        // `\s+` crosses the line: the next line is the title
        assert_eq!(t("#\nNext line").as_deref(), Some("Next line"));
        // a rule right at the start: an empty setext title
        assert_eq!(t("\n---\n").as_deref(), Some(""));
        assert_eq!(t("Text [^1] a[^x y] b\n---").as_deref(), Some("Text  a b"));
        assert_eq!(t("Plain text").as_deref(), None);
    }

    #[test]
    fn stripping() {
        assert_eq!(strip_title("# T\n\nBody\n"), "Body");
        assert_eq!(strip_title("  Body  \n"), "Body");
        assert_eq!(strip_title("T\r\n---\r\nB"), "B");
        assert_eq!(strip_title("\0 x \0"), "x");
    }

    #[test]
    fn footnote_marks() {
        assert_eq!(remove_footnote_marks("a[^1]b[^2"), "ab[^2");
        assert_eq!(remove_footnote_marks("[^a[^b]c"), "c");
    }

    #[test]
    fn settings_read() {
        let y = crate::yaml::parse(
            "titles_from_headings: {enabled: false, strip_title: true, collections: true}",
            &|_| crate::config::utc(),
        );
        let Ok(Value::Hash(m)) = y else {
            panic!("yaml")
        };
        let st = settings(&m);
        assert_eq!(
            st,
            Settings {
                enabled: false,
                strip_title: true,
                collections: true
            }
        );
        let mut data = Map::default();
        assert!(st.strips(&data));
        data.insert("strip_title".into(), Value::Nil);
        assert!(!st.strips(&data));
    }

    #[test]
    fn linear_on_long_lines() {
        let c = format!("{}x", " \n".repeat(200_000));
        let t = std::time::Instant::now();
        assert_eq!(title_from(&c, &plain), None);
        assert_eq!(strip_title(&c), "x");
        assert!(t.elapsed().as_secs_f64() < 2.0);
    }
}

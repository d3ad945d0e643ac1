//! jekyll-seo-tag 2.8.0: the `{% seo %}` tag. The plugin's `Drop` (title,
//! description, author, image, canonical URL, JSON-LD...) is computed here as
//! a hash `seo_tag`, and the plugin's own (pre-minified) template is rendered
//! over it with our interpreter, so the bytes are the plugin's.

use std::sync::{Arc, LazyLock};

use crate::liquid::{self, Context, Map, Template, Value};
use crate::render::SiteHost;
use crate::site::drops::Ctx;

/// The plugin's `template.html` with its `MINIFY_REGEX` already applied.
const TEMPLATE: &str = include_str!("templates/seo.html");
const VERSION: &str = "2.8.0";
const TITLE_SEPARATOR: &str = " | ";

static PARSED: LazyLock<Result<Template, String>> = LazyLock::new(|| {
    liquid::parse(TEMPLATE, "jekyll-seo-tag/template.html", 1).map_err(|e| e.to_string())
});

/// The filter chains the drop applies (each over the variable `seo_x`).
static FORMAT_STRING: LazyLock<Result<Template, String>> = LazyLock::new(|| {
    liquid::parse(
        "{{ seo_x | markdownify | strip_html | normalize_whitespace | escape_once }}",
        "seo",
        1,
    )
    .map_err(|e| e.to_string())
});
static ABSOLUTE_URL: LazyLock<Result<Template, String>> = LazyLock::new(|| {
    liquid::parse("{{ seo_x | absolute_url }}", "seo", 1).map_err(|e| e.to_string())
});
static URI_ESCAPE: LazyLock<Result<Template, String>> = LazyLock::new(|| {
    liquid::parse("{{ seo_x | uri_escape }}", "seo", 1).map_err(|e| e.to_string())
});
static XMLSCHEMA: LazyLock<Result<Template, String>> = LazyLock::new(|| {
    liquid::parse("{{ seo_x | date_to_xmlschema }}", "seo", 1).map_err(|e| e.to_string())
});

/// Applies the plugin's filters with the site's host and payload.
struct Filters<'a> {
    host: SiteHost<'a>,
    globals: Map,
}

impl Filters<'_> {
    fn apply(&self, t: &LazyLock<Result<Template, String>>, x: Value) -> Result<String, String> {
        let t = t.as_ref().map_err(|e| e.clone())?;
        let mut g = self.globals.clone();
        g.insert("seo_x".into(), x);
        t.render(&g, &self.host).map_err(|e| e.to_string())
    }

    /// `format_string`: markdownify, strip_html, normalize_whitespace,
    /// escape_once; `None` when that leaves nothing.
    fn format_string(&self, x: &Value) -> Result<Option<String>, String> {
        let s = self.apply(&FORMAT_STRING, x.clone())?;
        Ok((!s.is_empty()).then_some(s))
    }

    fn absolute_url(&self, x: &str) -> Result<String, String> {
        self.apply(&ABSOLUTE_URL, Value::from(x))
    }

    fn uri_escape(&self, x: &str) -> Result<String, String> {
        self.apply(&URI_ESCAPE, Value::from(x))
    }

    fn xmlschema(&self, x: &Value) -> Result<String, String> {
        self.apply(&XMLSCHEMA, x.clone())
    }
}

/// Ruby's `x.to_s.empty?` for the values front matter holds.
fn to_s_empty(v: &Value) -> bool {
    match v {
        Value::Nil => true,
        Value::Str(s) => s.is_empty(),
        _ => false,
    }
}

use crate::site::url::is_absolute_uri as absolute_url_p;

/// `sub_hash`: `h[key]` when it is a hash, else an empty one.
fn sub_hash(h: &Value, key: &str) -> Map {
    match h.get(key) {
        Value::Hash(m) => (*m).clone(),
        _ => Map::default(),
    }
}

fn opt(v: Option<String>) -> Value {
    v.map(Value::from).unwrap_or(Value::Nil)
}

/// `HOMEPAGE_OR_ABOUT_REGEX`: `^/(about/)?(index.html?)?$`.
fn homepage_or_about(url: &str) -> bool {
    let rest = url.strip_prefix('/');
    let Some(rest) = rest else { return false };
    let rest = rest.strip_prefix("about/").unwrap_or(rest);
    matches!(rest, "" | "index.htm" | "index.html")
}

/// The `AuthorDrop`'s hash: `page.author`, the first of `page.authors`, or
/// `site.author`; a name string is completed from `site.data.authors`.
fn author_hash(page: &Value, site: &Value) -> Map {
    let mut sources = vec![page.get("author")];
    if let Value::Array(a) = page.get("authors") {
        sources.push(a.first().cloned().unwrap_or(Value::Nil));
    }
    sources.push(site.get("author"));
    let resolved = sources.into_iter().find(|s| !to_s_empty(s));
    match resolved {
        Some(Value::Hash(h)) => (*h).clone(),
        Some(Value::Str(name)) => {
            let mut m = Map::default();
            m.insert("name".into(), Value::Str(name.clone()));
            if let Value::Hash(data) = site.get("data").get("authors") {
                if let Some(Value::Hash(extra)) = data.get(&*name) {
                    for (k, v) in extra.iter() {
                        m.insert(k.clone(), v.clone());
                    }
                }
            }
            m
        }
        _ => Map::default(),
    }
}

/// Render `{% seo %}` (`markup` may hold `title=false`).
pub fn render(ctx: &Arc<Ctx>, markup: &str, lctx: &mut Context) -> Result<String, String> {
    let site = lctx.lookup("site");
    let page = lctx.lookup("page");
    let paginator = lctx.lookup("paginator");
    let mut globals = Map::default();
    globals.insert("site".into(), site.clone());
    globals.insert("page".into(), page.clone());
    globals.insert("paginator".into(), paginator.clone());
    globals.insert("jekyll".into(), lctx.lookup("jekyll"));
    let f = Filters {
        host: SiteHost { ctx },
        globals,
    };
    let seo = drop(&f, markup, &site, &page, &paginator)?;
    let mut g = f.globals.clone();
    g.insert("seo_tag".into(), Value::hash(seo));
    let t = PARSED.as_ref().map_err(|e| e.clone())?;
    t.render(&g, &f.host).map_err(|e| e.to_string())
}

fn drop(
    f: &Filters,
    markup: &str,
    site: &Value,
    page: &Value,
    paginator: &Value,
) -> Result<Map, String> {
    let site_title = {
        let t = site.get("title");
        let t = if t.is_truthy() { t } else { site.get("name") };
        f.format_string(&t)?
    };
    let site_tagline = f.format_string(&site.get("tagline"))?;
    let site_description = f.format_string(&site.get("description"))?;
    let page_title = f.format_string(&page.get("title"))?.or(site_title.clone());
    let mut title = match (&site_title, &page_title) {
        (Some(st), Some(pt)) if pt != st => Some(format!("{pt}{TITLE_SEPARATOR}{st}")),
        (Some(st), _) if site_description.is_some() => {
            let tail = site_tagline
                .clone()
                .or(site_description.clone())
                .unwrap_or_default();
            Some(format!("{st}{TITLE_SEPARATOR}{tail}"))
        }
        _ => page_title.clone().or(site_title.clone()),
    };
    if let Some(n) = page_number(site, paginator) {
        title = Some(format!("{n}{}", title.unwrap_or_default()));
    }
    let show_title = title.is_some() && !markup.to_ascii_lowercase().contains("title=false");

    let page_url = page.get("url");
    let page_url = page_url.as_str().unwrap_or("");
    let home = homepage_or_about(page_url);
    let page_seo = sub_hash(page, "seo");
    let site_social = sub_hash(site, "social");

    let seo_name = match page_seo.get("name") {
        Some(n) if n.is_truthy() => f.format_string(n)?,
        _ => None,
    };
    let name = if seo_name.is_some() {
        seo_name
    } else if !home {
        None
    } else if let Some(n) = site_social.get("name").filter(|n| n.is_truthy()) {
        f.format_string(n)?
    } else {
        site_title.clone()
    };

    let desc_src = {
        let d = page.get("description");
        if d.is_truthy() {
            d
        } else {
            page.get("excerpt")
        }
    };
    let description = f.format_string(&desc_src)?.or(site_description.clone());

    let author = author_hash(page, site);
    let mut author_drop = author.clone();
    let author_name = author.get("name").cloned().unwrap_or(Value::Nil);
    author_drop.insert("name".into(), author_name.clone());
    let twitter = match author.get("twitter").filter(|t| t.is_truthy()) {
        Some(t) => t.clone(),
        None => author_name.clone(),
    };
    let twitter = match twitter.as_str() {
        Some(t) => Value::from(t.strip_prefix('@').unwrap_or(t)),
        None => Value::Nil,
    };
    author_drop.insert("twitter".into(), twitter);

    // ImageDrop
    let image_hash: Map = match page.get("image") {
        Value::Hash(h) => {
            let mut m = Map::default();
            m.insert("path".into(), Value::Nil);
            for (k, v) in h.iter() {
                m.insert(k.clone(), v.clone());
            }
            m
        }
        Value::Str(s) => {
            let mut m = Map::default();
            m.insert("path".into(), Value::Str(s));
            m
        }
        _ => {
            let mut m = Map::default();
            m.insert("path".into(), Value::Nil);
            m
        }
    };
    let raw_path = ["path", "facebook", "twitter"]
        .iter()
        .filter_map(|k| image_hash.get(*k))
        .find(|v| v.is_truthy())
        .cloned();
    let image_path = match raw_path {
        None => None,
        Some(Value::Str(s)) if !absolute_url_p(&s) => Some(f.uri_escape(&f.absolute_url(&s)?)?),
        Some(v) => Some(f.uri_escape(&value_to_s(&v))?),
    };
    let image = image_path.as_ref().map(|p| {
        let mut m = image_hash.clone();
        m.insert("path".into(), Value::from(p.as_str()));
        m
    });

    let date = page.get("date");
    let date_modified = {
        let d = page_seo
            .get("date_modified")
            .filter(|d| d.is_truthy())
            .cloned()
            .unwrap_or_else(|| {
                let l = page.get("last_modified_at");
                if l.is_truthy() {
                    l
                } else {
                    date.clone()
                }
            });
        if d.is_truthy() {
            Some(f.xmlschema(&d)?)
        } else {
            None
        }
    };
    let date_published = if date.is_truthy() {
        Some(f.xmlschema(&date)?)
    } else {
        None
    };
    let typ = match page_seo.get("type").filter(|t| t.is_truthy()) {
        Some(t) => t.clone(),
        None if home => Value::from("WebSite"),
        None if date.is_truthy() => Value::from("BlogPosting"),
        None => Value::from("WebPage"),
    };
    let links = match page_seo.get("links").filter(|l| l.is_truthy()) {
        Some(l) => l.clone(),
        None if home => site_social.get("links").cloned().unwrap_or(Value::Nil),
        None => Value::Nil,
    };
    let logo = match site.get("logo") {
        Value::Nil | Value::Bool(false) => None,
        l => {
            let s = value_to_s(&l);
            if absolute_url_p(&s) {
                Some(f.uri_escape(&s)?)
            } else {
                Some(f.uri_escape(&f.absolute_url(&s)?)?)
            }
        }
    };
    let page_lang = [page.get("lang"), site.get("lang")]
        .into_iter()
        .find(|v| v.is_truthy())
        .map(|v| value_to_s(&v))
        .unwrap_or_else(|| "en_US".to_string());
    let page_locale = [page.get("locale"), site.get("locale")]
        .into_iter()
        .find(|v| v.is_truthy())
        .map(|v| value_to_s(&v))
        .unwrap_or(page_lang)
        .replace('-', "_");
    let canonical_url = {
        let c = page.get("canonical_url");
        if to_s_empty(&c) {
            let u = f.absolute_url(page_url)?;
            match u.strip_suffix("/index.html") {
                Some(head) => format!("{head}/"),
                None => u,
            }
        } else {
            value_to_s(&c)
        }
    };

    // JSONLDDrop, keys sorted, nils left out
    let mut ld = Map::default();
    ld.insert("@context".into(), Value::from("https://schema.org"));
    ld.insert("@type".into(), typ.clone());
    if author_name.is_truthy() {
        let at = author.get("type").cloned().unwrap_or(Value::Nil);
        let valid = match &at {
            Value::Nil => true,
            v => matches!(v.as_str(), Some("Organization" | "Person")),
        };
        if valid {
            let mut a = Map::default();
            a.insert(
                "@type".into(),
                if at.is_truthy() {
                    at
                } else {
                    Value::from("Person")
                },
            );
            a.insert("name".into(), author_name.clone());
            if let Some(u) = author.get("url").filter(|u| u.is_truthy()) {
                a.insert("url".into(), u.clone());
            }
            ld.insert("author".into(), Value::hash(a));
        }
    }
    if let Some(d) = &date_modified {
        ld.insert("dateModified".into(), Value::from(d.as_str()));
    }
    if let Some(d) = &date_published {
        ld.insert("datePublished".into(), Value::from(d.as_str()));
    }
    if let Some(d) = &description {
        ld.insert("description".into(), Value::from(d.as_str()));
    }
    if let Some(t) = &page_title {
        ld.insert("headline".into(), Value::from(t.as_str()));
    }
    if let (Some(img), Some(p)) = (&image, &image_path) {
        if img.len() == 1 {
            ld.insert("image".into(), Value::from(p.as_str()));
        } else {
            let mut h = Map::default();
            for (k, v) in img.iter().filter(|(k, _)| k.as_str() != "path") {
                h.insert(k.clone(), v.clone());
            }
            h.insert("url".into(), Value::from(p.as_str()));
            h.insert("@type".into(), Value::from("imageObject"));
            ld.insert("image".into(), Value::hash(h));
        }
    }
    if matches!(typ.as_str(), Some("BlogPosting" | "CreativeWork")) {
        let mut m = Map::default();
        m.insert("@type".into(), Value::from("WebPage"));
        m.insert("@id".into(), Value::from(canonical_url.as_str()));
        ld.insert("mainEntityOfPage".into(), Value::hash(m));
    }
    if let Some(n) = &name {
        ld.insert("name".into(), Value::from(n.as_str()));
    }
    if let Some(l) = &logo {
        let mut lg = Map::default();
        lg.insert("@type".into(), Value::from("ImageObject"));
        lg.insert("url".into(), Value::from(l.as_str()));
        let mut p = Map::default();
        p.insert("@type".into(), Value::from("Organization"));
        p.insert("logo".into(), Value::hash(lg));
        if author_name.is_truthy() {
            p.insert("name".into(), author_name.clone());
        }
        ld.insert("publisher".into(), Value::hash(p));
    }
    if links.is_truthy() {
        ld.insert("sameAs".into(), links);
    }
    ld.insert("url".into(), Value::from(canonical_url.as_str()));

    let mut m = Map::default();
    m.insert("version".into(), Value::from(VERSION));
    m.insert("title?".into(), Value::from(show_title));
    m.insert("title".into(), opt(title));
    m.insert("site_title".into(), opt(site_title));
    m.insert("page_title".into(), opt(page_title));
    m.insert("name".into(), opt(name));
    m.insert("description".into(), opt(description));
    m.insert("author".into(), Value::hash(author_drop));
    m.insert("image".into(), image.map(Value::hash).unwrap_or(Value::Nil));
    m.insert("page_locale".into(), Value::from(page_locale));
    m.insert("canonical_url".into(), Value::from(canonical_url));
    m.insert("json_ld".into(), Value::hash(ld));
    Ok(m)
}

/// `page_number`: "Page N of M for " on paginated pages after the first.
fn page_number(site: &Value, paginator: &Value) -> Option<String> {
    let current = match paginator.get("page") {
        Value::Int(i) => i,
        _ => return None,
    };
    if current <= 1 {
        return None;
    }
    let total = value_to_s(&paginator.get("total_pages"));
    let msg = site.get("seo_paginator_message");
    let msg = msg
        .as_str()
        .unwrap_or("Page %<current>s of %<total>s for ")
        .to_string();
    Some(
        msg.replace("%<current>s", &current.to_string())
            .replace("%{current}", &current.to_string())
            .replace("%<total>s", &total)
            .replace("%{total}", &total),
    )
}

/// Ruby's `to_s`.
fn value_to_s(v: &Value) -> String {
    crate::liquid::ruby::to_s(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homepage_regex() {
        for (u, want) in [
            ("/", true),
            ("/index.html", true),
            ("/index.htm", true),
            ("/about/", true),
            ("/about/index.html", true),
            ("/about.html", false),
            ("/blog/", false),
            ("", false),
        ] {
            assert_eq!(homepage_or_about(u), want, "{u}");
        }
    }

    #[test]
    fn paginator_message() {
        let mut p = Map::default();
        p.insert("page".into(), Value::Int(2));
        p.insert("total_pages".into(), Value::Int(5));
        let p = Value::hash(p);
        let mut s = Map::default();
        s.insert(
            "seo_paginator_message".into(),
            Value::from("%{current}/%{total}: "),
        );
        assert_eq!(page_number(&Value::hash(s), &p).as_deref(), Some("2/5: "));
        assert_eq!(
            page_number(&Value::Nil, &p).as_deref(),
            Some("Page 2 of 5 for ")
        );
    }

    #[test]
    fn addressable_absolute() {
        assert!(absolute_url_p("https://x.org/a"));
        assert!(absolute_url_p("mailto:a@b"));
        assert!(!absolute_url_p("//x.org/a"));
        assert!(!absolute_url_p("/images/a.png"));
        assert!(!absolute_url_p("a.png"));
    }
}

//! jekyll-feed: an Atom `feed.xml` of the newest posts, and `{% feed_meta %}`.

use crate::liquid::{Map, Value};
use crate::site::Site;

const TEMPLATE: &str = include_str!("templates/feed.xml");

fn feed_config(site: &Site) -> Value {
    site.config.get("feed").clone()
}

pub fn generate(site: &mut Site) -> crate::error::Result<()> {
    let cfg = feed_config(site);
    if cfg.get("disable_in_development").is_truthy() && site.config.environment == "development" {
        if !site.config.quiet {
            println!(
                "{}",
                crate::site::format_log("Jekyll Feed:", "Skipping feed generation in development")
            );
        }
        return Ok(());
    }
    // collections: posts (and any configured) with their categories
    let mut colls: Vec<(String, Value)> = Vec::new();
    match cfg.get("collections") {
        Value::Array(a) => {
            for c in a.iter() {
                if let Some(s) = c.as_str() {
                    colls.push((s.to_string(), Value::Nil));
                }
            }
        }
        Value::Hash(h) => {
            for (k, v) in h.iter() {
                colls.push((k.clone(), v.clone()));
            }
        }
        _ => {}
    }
    if !colls.iter().any(|(n, _)| n == "posts") {
        colls.insert(0, ("posts".into(), Value::Nil));
    }
    let template = super::minify(TEMPLATE, false);
    for (name, meta) in colls {
        if !site.config.quiet {
            println!(
                "{}",
                crate::site::format_log("Jekyll Feed:", &format!("Generating feed for {name}"))
            );
        }
        let mut categories: Vec<Option<String>> = match meta.get("categories") {
            Value::Array(a) => a
                .iter()
                .filter_map(|v| v.as_str().map(|s| Some(s.to_string())))
                .collect(),
            _ => match (name.as_str(), cfg.get("categories")) {
                ("posts", Value::Array(a)) => a
                    .iter()
                    .filter_map(|v| v.as_str().map(|s| Some(s.to_string())))
                    .collect(),
                _ => Vec::new(),
            },
        };
        categories.push(None);
        for cat in categories {
            let prefix = if name == "posts" {
                "/feed".to_string()
            } else {
                format!("/feed/{name}")
            };
            let path = match &cat {
                Some(c) => format!("{prefix}/{c}.xml"),
                None => match (meta.get("path").as_str(), name.as_str()) {
                    (Some(p), _) => p.to_string(),
                    (None, "posts") => cfg
                        .get("path")
                        .as_str()
                        .map(String::from)
                        .unwrap_or_else(|| format!("{prefix}.xml")),
                    _ => format!("{prefix}.xml"),
                },
            };
            if site
                .config
                .source
                .join(path.trim_start_matches('/'))
                .exists()
            {
                continue;
            }
            let (dir, file) = match path.trim_start_matches('/').rsplit_once('/') {
                Some((d, f)) => (format!("/{d}"), f.to_string()),
                None => (String::new(), path.trim_start_matches('/').to_string()),
            };
            let mut data = Map::default();
            data.insert("layout".into(), Value::Nil);
            data.insert("sitemap".into(), Value::Bool(false));
            data.insert(
                "xsl".into(),
                Value::Bool(site.config.source.join("feed.xslt.xml").exists()),
            );
            data.insert("collection".into(), Value::from(name.as_str()));
            data.insert(
                "category".into(),
                cat.as_deref().map(Value::from).unwrap_or(Value::Nil),
            );
            data.insert("tags".into(), Value::Nil);
            super::add_page(site, &dir, &file, template.clone(), data)?;
        }
    }
    Ok(())
}

/// `{% feed_meta %}`.
pub fn meta_tag(site: &Site) -> String {
    let cfg = &site.config;
    let path = feed_config(site)
        .get("path")
        .as_str()
        .map(String::from)
        .unwrap_or_else(|| "feed.xml".into());
    let href = crate::site::url::absolute_url(&cfg.url, &cfg.baseurl, &path);
    let title = match cfg.get("title") {
        Value::Nil => cfg.get("name").clone(),
        t => t.clone(),
    };
    let mut s = format!(
        "<link type=\"application/atom+xml\" rel=\"alternate\" href=\"{}\"",
        xml_attr(&href)
    );
    if let Some(t) = crate::utils::scalar_string(&title).filter(|_| !title.is_nil()) {
        s.push_str(&format!(" title=\"{}\"", xml_attr(&t)));
    }
    s.push_str(" />");
    s
}

/// Ruby's `String#encode(xml: :attr)` without the surrounding quotes.
fn xml_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

//! jekyll-redirect-from: `redirect_from` pages, `redirect_to` pages, and `redirects.json`.

use crate::liquid::{Map, Value};
use crate::site::document::Kind;
use crate::site::layout_from_str;
use crate::site::url::leading_slash;
use crate::site::Site;

const LAYOUT: &str = include_str!("templates/redirect.html");
/// Where the plugin's layout is in an installed gem, as Jekyll names it
/// (its profile's render table shows this name).
const LAYOUT_PATH: &str = "jekyll-redirect-from-0.16.0/lib/jekyll-redirect-from/redirect.html";

fn list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter(|x| !x.is_nil())
            .filter_map(crate::utils::scalar_string)
            .collect(),
        Some(Value::Nil) | None => Vec::new(),
        Some(v) => crate::utils::scalar_string(v).into_iter().collect(),
    }
}

fn redirect_data(site: &Site, from: &str, to: &str) -> Map {
    let cfg = &site.config;
    let to = if to.starts_with("http://") || to.starts_with("https://") {
        to.to_string()
    } else {
        crate::site::url::absolute_url(&cfg.url, &cfg.baseurl, to)
    };
    let from = leading_slash(from);
    let mut r = Map::default();
    r.insert("from".into(), Value::from(from.as_str()));
    r.insert("to".into(), Value::from(to.as_str()));
    let mut data = Map::default();
    data.insert("sitemap".into(), Value::Bool(false));
    data.insert("layout".into(), Value::from("redirect"));
    data.insert("permalink".into(), Value::from(from.as_str()));
    data.insert("redirect".into(), Value::hash(r));
    data
}

pub fn generate(site: &mut Site) -> crate::error::Result<()> {
    if !site.layouts.contains_key("redirect") {
        let mut layout = layout_from_str("redirect", "_layouts/redirect.html", LAYOUT);
        layout.path = std::path::PathBuf::from(LAYOUT_PATH);
        site.layouts.insert("redirect".into(), layout);
    }
    let mut redirects: Vec<(String, String)> = Vec::new();
    // docs_to_write, then pages
    let mut order: Vec<usize> = Vec::new();
    for ids in &site.collections {
        for &i in ids {
            if site.docs[i].write {
                order.push(i);
            }
        }
    }
    order.extend(site.pages.iter().copied());
    for id in order {
        let (froms, to, url) = {
            let d = &site.docs[id];
            if !matches!(d.kind, Kind::Doc(_) | Kind::Page) {
                continue;
            }
            let to = match d.data.get("redirect_to") {
                Some(Value::Array(a)) => a
                    .iter()
                    .find(|v| !v.is_nil())
                    .and_then(crate::utils::scalar_string),
                Some(Value::Nil) | None => None,
                Some(v) => crate::utils::scalar_string(v),
            };
            (list(d.data.get("redirect_from")), to, d.url.clone())
        };
        for from in froms {
            let data = redirect_data(site, &from, &url);
            let to_abs = data
                .get("redirect")
                .map(|r| r.get("to"))
                .and_then(|v| crate::utils::scalar_string(&v))
                .unwrap_or_default();
            let from_s = leading_slash(&from);
            let mut data_full = crate::plugins::page_data(site, "redirect.html", Map::default());
            for (k, v) in data {
                data_full.insert(k, v);
            }
            let mut doc =
                crate::site::Document::generated("", "redirect.html", String::new(), data_full);
            crate::site::reader::assign_page_url(&mut doc, &site.config.permalink_style)?;
            site.add_generated(doc);
            redirects.push((from_s, to_abs));
        }
        if let Some(to) = to {
            let data = redirect_data(site, &url, &to);
            let to_abs = data
                .get("redirect")
                .map(|r| r.get("to"))
                .and_then(|v| crate::utils::scalar_string(&v))
                .unwrap_or_default();
            let d = &mut site.docs[id];
            for (k, v) in data {
                if k != "permalink" {
                    d.data.insert(k, v);
                }
            }
            d.content = std::sync::Arc::from("");
            d.render_liquid = false;
            d.markdown = false;
            redirects.push((url.clone(), to_abs));
        }
    }
    if site
        .config
        .get("redirect_from")
        .get("json")
        .as_str()
        .is_none()
        && !matches!(
            site.config.get("redirect_from").get("json"),
            Value::Bool(false)
        )
        && !site.config.source.join("redirects.json").exists()
    {
        let mut m = serde_json::Map::default();
        for (f, t) in &redirects {
            m.insert(f.clone(), serde_json::Value::String(t.clone()));
        }
        let json =
            serde_json::to_string(&serde_json::Value::Object(m)).unwrap_or_else(|_| "{}".into());
        let mut data = Map::default();
        data.insert("layout".into(), Value::Nil);
        let id = super::add_page(site, "", "redirects.json", json, data)?;
        site.docs[id].render_liquid = false;
    }
    Ok(())
}

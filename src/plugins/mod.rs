//! The plugins, built in: each active when named under `plugins` in
//! `_config.yml` (the GitHub Pages profile adds the ones GitHub always runs
//! and keeps only whitelisted ones), plus the tags Jekyll itself provides
//! (`link`, `post_url`).

pub mod default_layout;
pub mod feed;
pub mod github_metadata;
pub mod jemoji;
pub mod links;
pub mod mentions;
pub mod optional_front_matter;
pub mod paginate;
pub mod readme_index;
pub mod redirects;
pub mod relative_links;
pub mod seo;
pub mod sitemap;
pub mod titles_from_headings;

use std::sync::Arc;

/// The plugins hyde carries (a site may list others: they are named once and skipped).
pub const IMPLEMENTED: &[&str] = &[
    "jekyll-feed",
    "jekyll-sitemap",
    "jekyll-redirect-from",
    "jekyll-paginate",
    "jekyll-gist",
    "jekyll-seo-tag",
    "jemoji",
    "jekyll-mentions",
    "jekyll-github-metadata",
    "jekyll-relative-links",
    "jekyll-optional-front-matter",
    "jekyll-readme-index",
    "jekyll-default-layout",
    "jekyll-titles-from-headings",
    "jekyll-include-cache",
];

use crate::liquid::{Context, Map, Value};
use crate::site::document::Document;
use crate::site::drops::Ctx;
use crate::site::Site;

/// Tags the build provides (`link`, `post_url`) and plugins add (`feed_meta`, `gist`).
pub fn custom_tag(
    ctx: &Arc<Ctx>,
    name: &str,
    markup: &str,
    lctx: &mut Context,
) -> Option<Result<String, String>> {
    let site = &ctx.site;
    if matches!(name, "link" | "post_url") {
        // they look up pages, documents and (`link`) static files by path
        crate::site::deps::record(|| crate::site::deps::Dep::Structure);
        crate::site::deps::record(|| crate::site::deps::Dep::Statics);
    }
    match name {
        "link" => Some(links::link(site, markup, lctx)),
        "post_url" => Some(links::post_url(site, markup)),
        "feed_meta" if site.config.plugin_enabled("jekyll-feed") => Some(Ok(feed::meta_tag(site))),
        "gist" if site.config.plugin_enabled("jekyll-gist") => Some(links::gist(markup, lctx)),
        // jekyll-include-cache renders an include once per (file, parameters)
        // and reuses it on every page: the same output as `include` for the
        // includes it is meant for (those that do not read `page`)
        "include_cached" if site.config.plugin_enabled("jekyll-include-cache") => {
            Some(lctx.render_markup(&format!("{{% include {markup} %}}")))
        }
        "seo" if site.config.plugin_enabled("jekyll-seo-tag") => {
            Some(seo::render(ctx, markup, lctx))
        }
        _ => None,
    }
}

/// Hooks after a page is rendered.
pub fn post_render(site: &Site, doc: &Document, output: String) -> String {
    let mut output = output;
    if site.config.plugin_enabled("jemoji") {
        output = jemoji::post_render(site, doc, output);
    }
    if site.config.plugin_enabled("jekyll-mentions") {
        let setting = doc
            .data
            .get("jekyll-mentions")
            .or_else(|| site.config.raw.get("jekyll-mentions"));
        let is_page = matches!(
            doc.kind,
            crate::site::Kind::Page | crate::site::Kind::Generated
        );
        let permalink = doc.data.get("permalink").and_then(|p| p.as_str());
        if mentions::mentionable(
            is_page,
            doc.write,
            &doc.output_ext,
            permalink,
            doc.data.get("jekyll-mentions"),
        ) && output.contains('@')
        {
            match mentions::base_url(setting, &|k| std::env::var(k).ok()) {
                Ok(base) => output = mentions::mentionify(&output, &base),
                Err(e) => site.warn(format!("jekyll-mentions: {e} in {}", doc.relative_path)),
            }
        }
    }
    output
}

/// Generators, in Jekyll's order (normal priority first, then the lowest).
pub fn generate(site: &mut Site) -> crate::error::Result<()> {
    let plugins_dir = site.config.source.join(&site.config.plugins_dir);
    if plugins_dir.is_dir() {
        let has_ruby = walkdir::WalkDir::new(&plugins_dir)
            .into_iter()
            .filter_map(|e| e.ok())
            .any(|e| e.path().extension().map(|x| x == "rb").unwrap_or(false));
        if has_ruby {
            site.warn(format!(
                "Plugins: {} holds Ruby plugins; hyde does not run custom Ruby plugins (GitHub Pages does not either). The rest of the site is built.",
                site.config.plugins_dir
            ));
        }
    }
    // priority normal, then low
    if site.config.plugin_enabled("jekyll-redirect-from") {
        redirects::generate(site)?;
    }
    if site.config.plugin_enabled("jekyll-optional-front-matter") {
        optional_front_matter::generate(site)?;
    }
    if site.config.plugin_enabled("jekyll-readme-index") {
        readme_index::generate(site)?;
    }
    // the lowest-priority generators run in the order their plugins are listed
    let plugins = site.config.plugins.clone();
    let mut done: Vec<&str> = Vec::new();
    for p in &plugins {
        let p = p.as_str();
        if done.contains(&p) {
            continue;
        }
        done.push(p);
        match p {
            "jekyll-feed" => feed::generate(site)?,
            "jekyll-paginate" => paginate::generate(site)?,
            "jekyll-sitemap" => sitemap::generate(site)?,
            "jekyll-relative-links" => relative_links::generate(site),
            "jekyll-default-layout" => default_layout::generate(site),
            "jekyll-titles-from-headings" => titles_from_headings::generate(site),
            _ => {}
        }
    }

    // jekyll-sass-converter appends its source-map pages while rendering; they come last
    crate::sass::add_source_map_pages(site)?;
    Ok(())
}

/// A generated page's data: front-matter defaults for its path, then `data`.
pub fn page_data(site: &Site, rel: &str, data: Map) -> Map {
    let c = &site.config;
    let d = crate::site::defaults::all(&c.defaults, rel, "pages", &c.collections_dir);
    crate::utils::deep_merge(&d, &data)
}

/// Add a generated page at `dir/name` with `content`.
pub fn add_page(
    site: &mut Site,
    dir: &str,
    name: &str,
    content: String,
    data: Map,
) -> crate::error::Result<usize> {
    let rel = if dir.is_empty() {
        name.to_string()
    } else {
        format!("{}/{}", dir.trim_matches('/'), name)
    };
    let data = page_data(site, &rel, data);
    let mut doc = Document::generated(dir, name, content, data);
    crate::site::reader::assign_page_url(&mut doc, &site.config.permalink_style)?;
    Ok(site.add_generated(doc))
}

pub fn nil_layout() -> (String, Value) {
    ("layout".to_string(), Value::Nil)
}

/// Remove whitespace after `>` or `}` (and, for the sitemap, only after `>\n`), as the plugins minify their templates.
pub fn minify(template: &str, only_after_newline: bool) -> String {
    let mut out = String::with_capacity(template.len());
    let chars: Vec<char> = template.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        out.push(c);
        i += 1;
        let trigger = if only_after_newline {
            (c == '\n' && i >= 2 && chars[i - 2] == '>') || c == '}'
        } else {
            c == '>' || c == '}'
        };
        if trigger {
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
        }
    }
    out
}

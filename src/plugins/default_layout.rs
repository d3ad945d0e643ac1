//! jekyll-default-layout (GitHub Pages, always on): Markdown pages and posts
//! that name no `layout` (in front matter or defaults) get `home` (the site's
//! home page), `page` (pages), `post` (posts) or else `default`, whichever
//! layout the site has first; none of them leaves `layout` set to nil.

use crate::liquid::Value;
use crate::site::{Kind, Site};

/// The generator (priority lowest).
pub fn generate(site: &mut Site) {
    let posts = site.collections.first().cloned().unwrap_or_default();
    let ids: Vec<usize> = site.pages.iter().copied().chain(posts).collect();
    for id in ids {
        let doc = &site.docs[id];
        if !site.config.is_markdown_ext(&doc.ext) || doc.data.contains_key("layout") {
            continue;
        }
        let has = |name: &str| site.layouts.contains_key(name);
        let is_page = matches!(doc.kind, Kind::Page | Kind::Generated);
        let layout = if doc.url == "/" && has("home") {
            Some("home")
        } else if is_page && has("page") {
            Some("page")
        } else if doc.kind == Kind::Doc(0) && has("post") {
            Some("post")
        } else if has("default") {
            Some("default")
        } else {
            None
        };
        site.docs[id]
            .data
            .insert("layout".into(), layout.map(Value::from).unwrap_or_default());
    }
}

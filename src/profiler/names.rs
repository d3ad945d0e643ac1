//! The names the render table shows: Jekyll's `LiquidRenderer#normalize_path`
//! of the path each template renders under — a document's own path, a
//! layout's path, an include's (`_includes/head.html`), all relative to
//! the source.

use std::path::Path;

use crate::site::document::{Document, Kind};
use crate::site::{Layout, Site};

/// The name of document or page `doc`'s own Liquid render: a collection
/// document's path relative to the source (`_posts/2020-01-01-a.md`, its
/// `collections_dir` included); a page's `path` (its front matter's
/// `path`, else its `relative_path`: `about.md`, `feed.xml`).
pub fn document_file(site: &Site, doc: &Document) -> String {
    match doc.kind {
        Kind::Doc(_) => normalize(&site.config.source, &doc.path),
        Kind::Page | Kind::Generated => match doc.data.get("path").and_then(|p| p.as_str()) {
            Some(p) => normalize(&site.config.source, Path::new(p)),
            None => doc.relative_path.clone(),
        },
    }
}

/// The name of layout `layout`'s renders (`_layouts/default.html`; a
/// plugin's layout by the path its gem would have).
pub fn layout_file(site: &Site, layout: &Layout) -> String {
    normalize(&site.config.source, &layout.path)
}

/// `path` relative to `source` when inside it, else without its leading
/// slash. (Jekyll also shortens paths inside installed gems; hyde's only
/// template from a gem, jekyll-redirect-from's layout, is given its short
/// name already.)
fn normalize(source: &Path, path: &Path) -> String {
    if let Ok(rest) = path.strip_prefix(source) {
        if !rest.as_os_str().is_empty() {
            return rest.to_string_lossy().into_owned();
        }
    }
    let s = path.to_string_lossy();
    s.strip_prefix('/').unwrap_or(&s).to_string()
}

#[cfg(test)]
mod tests {
    use super::normalize;
    use std::path::Path;

    #[test]
    fn relative_to_the_source_else_without_the_leading_slash() {
        let src = Path::new("/site");
        assert_eq!(
            normalize(src, Path::new("/site/_layouts/a.html")),
            "_layouts/a.html"
        );
        assert_eq!(
            normalize(src, Path::new("/elsewhere/x.html")),
            "elsewhere/x.html"
        );
        assert_eq!(normalize(src, Path::new("about.md")), "about.md");
    }
}

//! jekyll-readme-index (GitHub Pages, always on): a folder's README (a
//! Markdown static file) becomes the folder's index page when the folder has
//! no index. Settings: `readme_index: {enabled, remove_originals,
//! with_frontmatter}`.

use crate::error::Result;
use crate::liquid::Value;
use crate::site::Site;

fn option(site: &Site, key: &str) -> Value {
    site.config.get("readme_index").get(key)
}

/// The generator (priority low, after optional front matter).
pub fn generate(site: &mut Site) -> Result<()> {
    if matches!(option(site, "enabled"), Value::Bool(false)) {
        return Ok(());
    }
    let cleanup = matches!(option(site, "remove_originals"), Value::Bool(true));
    let readmes: Vec<usize> = site
        .static_files
        .iter()
        .enumerate()
        .filter(|(_, f)| is_readme(site, &f.relative_path))
        .map(|(i, _)| i)
        .collect();
    let mut removed = Vec::new();
    for i in readmes {
        let url = site.static_files[i].url.clone();
        let dir = dirname(&url);
        if dir_has_index(site, &dir) {
            continue;
        }
        let permalink = format!("{dir}/");
        let (d, name) = super::optional_front_matter::split(&site.static_files[i].relative_path);
        crate::site::reader::add_page_from_file(site, &d, &name, Some(&permalink))?;
        if cleanup {
            removed.push(i);
        }
    }
    if !removed.is_empty() {
        let mut i = 0;
        site.static_files.retain(|_| {
            let keep = !removed.contains(&i);
            i += 1;
            keep
        });
    }
    if matches!(option(site, "with_frontmatter"), Value::Bool(true)) {
        let pages: Vec<usize> = site
            .pages
            .iter()
            .copied()
            .filter(|&id| is_readme(site, &format!("/{}", site.docs[id].relative_path)))
            .collect();
        for id in pages {
            let dir = dirname(&site.docs[id].url);
            if dir_has_index(site, &dir) {
                continue;
            }
            let style = site.config.permalink_style.clone();
            let doc = &mut site.docs[id];
            doc.data
                .insert("permalink".into(), Value::from(format!("{dir}/")));
            crate::site::reader::assign_page_url(doc, &style)?;
        }
    }
    Ok(())
}

/// `%r!/readme(\.md|\.markdown|...)$!i` over a path with a leading `/`.
fn is_readme(site: &Site, path: &str) -> bool {
    let lower = path.to_lowercase();
    site.config
        .markdown_ext
        .iter()
        .any(|ext| lower.ends_with(&format!("/readme{ext}")))
}

/// Ruby's `File.dirname` of a URL path.
fn dirname(url: &str) -> String {
    let trimmed = url.trim_end_matches('/');
    match trimmed.rfind('/') {
        Some(0) | None => "/".to_string(),
        Some(i) => trimmed[..i].to_string(),
    }
}

/// Whether a page or static file is the index of `dir`: its URL is
/// `dir/`, or `dir/index.html` (`.htm`, `.xhtml`, `.xml`), case-insensitive.
fn dir_has_index(site: &Site, dir: &str) -> bool {
    let mut prefix = dir.to_lowercase();
    if !prefix.ends_with('/') {
        prefix.push('/');
    }
    let is_index = |url: &str| {
        let url = url.to_lowercase();
        match url.strip_prefix(&prefix) {
            Some(rest) => {
                rest.is_empty()
                    || matches!(
                        rest,
                        "index.html" | "index.htm" | "index.xhtml" | "index.xml"
                    )
            }
            None => false,
        }
    };
    site.pages.iter().any(|&id| is_index(&site.docs[id].url))
        || site.static_files.iter().any(|f| is_index(&f.url))
}

#[cfg(test)]
mod tests {
    use super::dirname;

    #[test]
    fn dirname_as_ruby() {
        assert_eq!(dirname("/a/b/README.md"), "/a/b");
        assert_eq!(dirname("/README.md"), "/");
        assert_eq!(dirname("/a/"), "/");
    }
}

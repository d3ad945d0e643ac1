//! jekyll-optional-front-matter (GitHub Pages, always on): Markdown files
//! without front matter become pages instead of static files, except the
//! repository files it skips (README, LICENSE, ...) unless `include` names
//! them. Settings: `optional_front_matter: {enabled, remove_originals}`;
//! `require_front_matter: true` turns it off and removes the originals.

use crate::error::Result;
use crate::site::Site;

/// Case-insensitive base names left alone (give them front matter to publish them).
const SKIPPED: &[&str] = &[
    "README",
    "LICENSE",
    "LICENCE",
    "COPYING",
    "CODE_OF_CONDUCT",
    "CONTRIBUTING",
    "ISSUE_TEMPLATE",
    "PULL_REQUEST_TEMPLATE",
];

fn option(site: &Site, key: &str) -> crate::liquid::Value {
    site.config.get("optional_front_matter").get(key)
}

/// The generator (priority normal): pages appended to `site.pages` in the
/// static files' order.
pub fn generate(site: &mut Site) -> Result<()> {
    let require = site.config.get("require_front_matter").is_truthy();
    if matches!(option(site, "enabled"), crate::liquid::Value::Bool(false)) || require {
        return Ok(());
    }
    let cleanup = matches!(
        option(site, "remove_originals"),
        crate::liquid::Value::Bool(true)
    ) || require;
    let include_is_list = matches!(site.config.get("include"), crate::liquid::Value::Array(_));
    let mut turned = Vec::new();
    for (i, f) in site.static_files.iter().enumerate() {
        // a collection's files without front matter are in `site.static_files` too
        if !site.config.is_markdown_ext(&f.extname) {
            continue;
        }
        let rel = f.relative_path.trim_start_matches('/');
        let included = include_is_list
            && crate::site::entries::EntryFilter {
                config: &site.config,
            }
            .included(rel);
        if !included && SKIPPED.contains(&f.basename.to_uppercase().as_str()) {
            continue;
        }
        turned.push(i);
    }
    for &i in &turned {
        let f = &site.static_files[i];
        let (dir, name) = split(&f.relative_path);
        crate::site::reader::add_page_from_file(site, &dir, &name, None)?;
    }
    if cleanup {
        let mut i = 0;
        site.static_files.retain(|_| {
            let keep = !turned.contains(&i);
            i += 1;
            keep
        });
    }
    Ok(())
}

/// A static file's `/dir/name` as (`dir`, `name`) for the reader.
pub fn split(relative_path: &str) -> (String, String) {
    let rel = relative_path.trim_start_matches('/');
    match rel.rfind('/') {
        Some(i) => (rel[..i].to_string(), rel[i + 1..].to_string()),
        None => (String::new(), rel.to_string()),
    }
}

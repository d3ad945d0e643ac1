//! What a build error looks like to the user: the message with paths made
//! relative to the source (`_posts/x.md:3:1: ...`), for the terminal and the
//! browser overlay, and the pages the server makes itself (a miss without `404.html`, a
//! folder listing).

use std::path::Path;

use crate::liquid::html_escape;

/// The error text with the source folder prefix removed from paths.
pub fn describe(message: &str, source: &Path) -> String {
    let mut prefix = source.display().to_string();
    if !prefix.ends_with('/') {
        prefix.push('/');
    }
    message.replace(&prefix, "")
}

/// The HTML served for a miss when the site has no `404.html`.
pub fn not_found_page(path: &str) -> String {
    let path = html_escape(path);
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Not Found</title></head>\n\
         <body><h1>Not Found</h1><p><code>{path}</code> is not part of this site.</p></body></html>\n"
    )
}

/// A folder's entries as a page of links (`--show-dir-listing`), folders
/// first, then files, each in name order; hidden names are left out. The
/// site's root (`top`) has no link to a parent.
pub fn listing_page(dir: &std::path::Path, path: &str, top: bool) -> Vec<u8> {
    let mut entries: Vec<(bool, String)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| {
                    let is_dir = e.path().is_dir();
                    (!is_dir, e.file_name().to_string_lossy().into_owned())
                })
                .filter(|(_, n)| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    entries.sort();
    let title = format!("Index of {}", html_escape(path));
    let mut page = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body>\n<h1>{title}</h1>\n<ul>\n"
    );
    if !top {
        page.push_str("<li><a href=\"../\">Parent Directory</a></li>\n");
    }
    for (is_file, name) in entries {
        let slash = if is_file { "" } else { "/" };
        let href = html_escape(&crate::site::url::escape_path(&name));
        page.push_str(&format!(
            "<li><a href=\"{href}{slash}\">{}{slash}</a></li>\n",
            html_escape(&name)
        ));
    }
    page.push_str("</ul>\n</body></html>\n");
    page.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            describe(
                "YAML Exception reading /tmp/s/_posts/a.md:3:1: bad",
                Path::new("/tmp/s")
            ),
            "YAML Exception reading _posts/a.md:3:1: bad"
        );
    }

    #[test]
    fn escapes_path() {
        assert!(not_found_page("/<x>").contains("<code>/&lt;x&gt;</code>"));
    }
}

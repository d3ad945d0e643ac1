//! What a build error looks like to the user: the message with paths made
//! relative to the source (`_posts/x.md:3:1: ...`), for the terminal and the
//! browser overlay, and the page served when there is no output to show.

use std::path::Path;

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
    let path: String = path
        .chars()
        .map(|c| match c {
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '&' => "&amp;".to_string(),
            c => c.to_string(),
        })
        .collect();
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Not Found</title></head>\n\
         <body><h1>Not Found</h1><p><code>{path}</code> is not part of this site.</p></body></html>\n"
    )
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

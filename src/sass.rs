//! Sass/SCSS pages (files with front matter) compiled with grass, with the
//! site's `sass_dir` (and `sass.load_paths`) as load paths.

use crate::error::{Error, Result};
use crate::site::document::Document;
use crate::site::Site;

pub fn compile(site: &Site, doc: &Document, body: &str) -> Result<String> {
    let cfg = &site.config;
    let mut opts = grass::Options::default();
    let style = match cfg.sass_style.trim_start_matches(':') {
        "compressed" => grass::OutputStyle::Compressed,
        _ => grass::OutputStyle::Expanded,
    };
    opts = opts
        .style(style)
        .input_syntax(if doc.ext.eq_ignore_ascii_case(".sass") {
            grass::InputSyntax::Sass
        } else {
            grass::InputSyntax::Scss
        });
    if let crate::liquid::Value::Array(paths) = cfg.get("sass").get("load_paths") {
        for p in paths.iter() {
            if let Some(p) = p.as_str() {
                opts = opts.load_path(cfg.source.join(p));
            }
        }
    }
    opts = opts.load_path(cfg.source.join(&cfg.sass_dir));
    if let Some(parent) = doc.path.parent() {
        opts = opts.load_path(parent);
    }
    let mut css = grass::from_string(body.to_string(), &opts).map_err(|e| Error::Sass {
        file: doc.relative_path.clone(),
        message: e.to_string(),
    })?;
    if !css.ends_with('\n') {
        css.push('\n');
    }
    Ok(css)
}

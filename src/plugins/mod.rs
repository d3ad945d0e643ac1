//! The GitHub Pages plugins academicpages sites list, built in: each active
//! when named under `plugins` (or `gems`) in `_config.yml`.

use std::sync::Arc;

use crate::liquid::Context;
use crate::site::document::Document;
use crate::site::drops::Ctx;
use crate::site::Site;

/// Tags the build provides (`link`, `post_url`) and plugins add (`seo`, `feed_meta`, `gist`).
pub fn custom_tag(
    ctx: &Arc<Ctx>,
    name: &str,
    markup: &str,
    lctx: &mut Context,
) -> Option<Result<String, String>> {
    let _ = (ctx, markup, lctx);
    match name {
        _ => None,
    }
}

/// Hooks after a page is rendered (jemoji).
pub fn post_render(site: &Site, doc: &Document, output: String) -> String {
    let _ = (site, doc);
    output
}

/// Generators: run after reading, before rendering.
pub fn generate(site: &mut Site) -> crate::error::Result<()> {
    let _ = site;
    Ok(())
}

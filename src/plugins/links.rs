//! Jekyll's `{% link %}` and `{% post_url %}` tags, and jekyll-gist's `{% gist %}`.

use crate::liquid::Context;
use crate::site::Site;

/// Tag markup with its `{{ var }}`s rendered (Jekyll renders it as Liquid).
fn expand(markup: &str, ctx: &Context) -> Result<String, String> {
    Ok(ctx.render_markup(markup)?.trim().to_string())
}

pub fn link(site: &Site, markup: &str, ctx: &mut Context) -> Result<String, String> {
    let rel = expand(markup, ctx)?;
    let rel = rel.trim_start_matches('/');
    for d in &site.docs {
        if d.relative_path == rel
            && (d.kind == crate::site::Kind::Page
                || d.write
                || matches!(d.kind, crate::site::Kind::Doc(_)))
        {
            return Ok(crate::site::url::relative_url(&site.config.baseurl, &d.url));
        }
    }
    for f in &site.static_files {
        if f.relative_path.trim_start_matches('/') == rel {
            return Ok(crate::site::url::relative_url(&site.config.baseurl, &f.url));
        }
    }
    Err(format!("Could not find document '{rel}' in tag 'link'.\n\nMake sure the document exists and the path is correct."))
}

pub fn post_url(site: &Site, markup: &str) -> Result<String, String> {
    let name = markup.trim();
    for &i in site.posts() {
        let d = &site.docs[i];
        let stem = d.relative_path.rsplit('/').next().unwrap_or("");
        let stem = stem.strip_suffix(&d.ext).unwrap_or(stem);
        if stem == name
            || d.relative_path
                .trim_end_matches(&d.ext)
                .ends_with(&format!("/{name}"))
        {
            return Ok(crate::site::url::relative_url(&site.config.baseurl, &d.url));
        }
    }
    Err(format!("Could not find post \"{name}\" in tag 'post_url'.\n\nMake sure the post exists and the name is correct."))
}

/// `{% gist user/id [file] %}`: the script embed (no network: no noscript fallback).
pub fn gist(markup: &str, ctx: &mut Context) -> Result<String, String> {
    let m = expand(markup, ctx)?;
    let mut parts = m.split_whitespace();
    let id = parts.next().ok_or_else(|| {
        "Syntax Error in 'gist': use {% gist user/1234567 [file.rb] %}".to_string()
    })?;
    let file = parts.next();
    let src = match file {
        Some(f) => format!("https://gist.github.com/{id}.js?file={f}"),
        None => format!("https://gist.github.com/{id}.js"),
    };
    Ok(format!("<script src=\"{src}\"> </script>"))
}

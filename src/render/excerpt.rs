//! Excerpts: Jekyll's `Excerpt#extract_excerpt` (the text before the
//! separator, its open Liquid blocks closed) and the excerpt's render
//! (Liquid and conversion, no layout), once per document.

use std::sync::{Arc, LazyLock};

use regex::Regex;

use super::{convert, count, payload, SiteHost};
use crate::error::Error;
use crate::liquid;
use crate::profiler::Probe;
use crate::site::document::Document;
use crate::site::drops::Ctx;

static LIQUID_TAG: LazyLock<Regex> = LazyLock::new(|| {
    // constant pattern
    Regex::new(r"(?s)\{%-?\s*(\w+)\s*.*?-?%\}").unwrap()
});
static LINK_REF: LazyLock<Regex> = LazyLock::new(|| {
    // constant pattern
    Regex::new(r"(?m)^ {0,3}(\[[^\]]+\])(:.+)$").unwrap()
});

const BLOCK_TAGS: &[&str] = &[
    "if",
    "unless",
    "for",
    "case",
    "capture",
    "comment",
    "raw",
    "tablerow",
    "highlight",
    "ifchanged",
];

/// `Excerpt#extract_excerpt`: the text before the separator, with unclosed
/// Liquid blocks closed and the link definitions it uses appended.
pub fn excerpt_source(doc: &Document) -> Arc<str> {
    let content = &*doc.content;
    let sep = &doc.excerpt_separator;
    let (head, tail) = match content.find(sep.as_str()) {
        Some(i) if !sep.is_empty() => (&content[..i], &content[i + sep.len()..]),
        _ => return Arc::from(content),
    };
    if tail.is_empty() {
        return Arc::from(head);
    }
    let mut head = head.to_string();
    if head.contains("{%") {
        let names: Vec<String> = LIQUID_TAG
            .captures_iter(&head)
            .map(|c| c[1].to_string())
            .collect();
        for name in names.iter().rev() {
            if !BLOCK_TAGS.contains(&name.as_str()) {
                continue;
            }
            let end = Regex::new(&format!(
                r"(?s)\{{%-?\s*end{}.*?\s*-?%\}}",
                regex::escape(name)
            ));
            if end.map(|r| r.is_match(&head)).unwrap_or(true) {
                continue;
            }
            head.push_str(&format!("\n{{% end{name} %}}"));
        }
    }
    let defs: Vec<String> = LINK_REF
        .captures_iter(tail)
        .filter(|c| head.contains(&c[1]))
        .map(|c| format!("{}{}", &c[1], &c[2]))
        .collect();
    if !defs.is_empty() {
        head.push_str("\n\n");
        head.push_str(&defs.join("\n"));
    }
    Arc::from(head)
}

/// The rendered excerpt of document `id` (Liquid + conversion, no layout), once.
pub fn excerpt(ctx: &Arc<Ctx>, id: usize) -> Arc<str> {
    let doc = &ctx.site.docs[id];
    doc.excerpt
        .get_or_init(|| {
            if !ctx.site.track_deps {
                return render_excerpt(ctx, id);
            }
            let (e, deps) = crate::site::deps::capture(|| render_excerpt(ctx, id));
            let _ = doc.excerpt_deps.set(Arc::new(deps));
            e
        })
        .clone()
}

fn render_excerpt(ctx: &Arc<Ctx>, id: usize) -> Arc<str> {
    let doc = &ctx.site.docs[id];
    let src = excerpt_source(doc);
    let host = SiteHost { ctx };
    let globals = payload(ctx, ctx.excerpt_value(id), None);
    let body = if crate::utils::has_liquid_construct(&src) {
        let name = format!("{}/#excerpt", doc.relative_path);
        let probe = ctx.site.profiler.as_ref().map(|_| Probe::start());
        match liquid::parse(&src, &name, doc.body_line).and_then(|t| t.render(&globals, &host)) {
            Ok(b) => {
                if let Some(p) = probe {
                    let file = format!(
                        "{}/#excerpt",
                        crate::profiler::document_file(&ctx.site, doc)
                    );
                    count(&ctx.site, Some(p.sample(file, b.len())));
                }
                b
            }
            Err(e) => {
                ctx.site.report_error(Error::from(e).to_string());
                src.to_string()
            }
        }
    } else {
        src.to_string()
    };
    match convert(&ctx.site, doc, body) {
        Ok(b) => Arc::from(b),
        Err(e) => {
            ctx.site.report_error(e.to_string());
            Arc::from("")
        }
    }
}

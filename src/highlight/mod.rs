//! Syntax highlighting with rouge 3.30's token classes and HTML.
//!
//! CONTRACT with markdown and liquid: `find_lexer`, `highlight`
//! (plus `highlight_linenos` for `{% highlight x linenos %}`).
//!
//! rouge's regex lexers are ported as data: `tables/` is generated from the
//! installed rouge by `ruby src/highlight/gen_tables.rb && rustfmt --edition 2021
//! src/highlight/mod.rs`, with
//! each rule's Ruby regex, its token and state action, and, for Ruby blocks
//! made of plain calls (`groups`, `token`, `push`, word-list `if`s), their
//! `Op`s. `engine` runs them as rouge's `RegexLexer` does (`ruby_regex`
//! translates Onigmo syntax, `anchored` matches at the scan position,
//! `backtrack` is its fast path for the short matches rules make).
//! Lexers whose blocks need code have them ported by hand in `lexers/`
//! (listed in `HAND` in the generator); the data-only ones are in
//! `lexers/auto.rs` (`AUTO`). To add a lexer: add it to `AUTO` if
//! `SCAN=1 ruby src/highlight/gen_tables.rb` reports 0 blocks it cannot
//! read, otherwise to `LEXERS`/`HAND` with a file in `lexers/`; add a
//! fixture in tests/fixtures/highlight/<tag>/ and run its `regen.sh`.
//! Lexers rouge has that are not ported come out as escaped plain text.

mod anchored;
mod backtrack;
pub mod budget;
mod engine;
mod lexers;
mod registry;
mod ruby_regex;
mod tables;

use engine::Out;

/// Rouge's canonical lexer name for a language tag or alias
/// (`py` → `python`, `sh` → `shell`), `None` when rouge has no such lexer.
/// Case-sensitive like `Rouge::Lexer.find`; `name?opts` resolves `name`.
pub fn find_lexer(lang: &str) -> Option<&'static str> {
    let name = lang.split('?').next().unwrap_or(lang);
    registry::REGISTRY
        .binary_search_by(|(k, _)| k.as_bytes().cmp(name.as_bytes()))
        .ok()
        .map(|i| registry::REGISTRY[i].1)
}

/// The HTML rouge's `HTMLLegacy`/`HTML` formatter writes for `code` with
/// `lexer` (a name from `find_lexer`, or "plaintext"): the `<span class="k">…`
/// token spans, text HTML-escaped, without the surrounding `<pre>`/`<code>`.
/// Lexers not ported yet are treated as plaintext.
pub fn highlight(lexer: &str, code: &str) -> String {
    let mut s = String::new();
    highlight_into(lexer, code, &mut s);
    s
}

/// Code whose highlighting would take longer than its budget
/// (`budget.rs`): rouge would take minutes or hours on it too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooCostly {
    pub lexer: &'static str,
}

impl std::fmt::Display for TooCostly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "code too costly to highlight with rouge's '{}' lexer: its rules would backtrack over the rest of the code at every position (Jekyll would take minutes on it too); shorten the block, close what it opens, or mark it as another language",
            self.lexer
        )
    }
}

/// [`highlight`] appending to `html`; an error (and `html` as it was)
/// when the highlight's budget runs out.
pub fn try_highlight_into(lexer: &str, code: &str, html: &mut String) -> Result<(), TooCostly> {
    let scope = budget::enter(code.len());
    let start = html.len();
    highlight_into(lexer, code, html);
    if scope.over() {
        html.truncate(start);
        let lexer = find_lexer(lexer).unwrap_or("plaintext");
        return Err(TooCostly { lexer });
    }
    Ok(())
}

/// [`highlight`] appending to `html` (within the open budget, if any).
pub fn highlight_into(lexer: &str, code: &str, html: &mut String) {
    // spans make the HTML a few times the code (4.6 times over the
    // corpora's blocks, up to 8 for all but 2%): grow once, not again
    // halfway (a realloc copying it all)
    html.reserve(code.len().saturating_mul(8));
    let mut out = Out::appending(std::mem::take(html));
    match lexers::new(lexer) {
        Some(mut l) => l.continue_lex(code, &mut out),
        None => out.token("", code),
    }
    *html = out.finish();
}

/// What Jekyll's `{% highlight LANG linenos %}` gets from rouge's
/// `HTMLTable` formatter (gutter class `gutter`, code class `code`): the
/// line-number table around [`highlight`]'s spans.
pub fn highlight_linenos(lexer: &str, code: &str) -> String {
    let mut inner = highlight(lexer, code);
    let mut lines = code.matches('\n').count();
    if !code.ends_with('\n') {
        lines += 1;
        inner.push('\n');
    }
    let mut o = String::with_capacity(inner.len() + 200 + lines * 4);
    o.push_str(
        r#"<table class="rouge-table"><tbody><tr><td class="gutter gl"><pre class="lineno">"#,
    );
    for i in 1..=lines {
        o.push_str(&i.to_string());
        o.push('\n');
    }
    o.push_str(r#"</pre></td><td class="code"><pre>"#);
    o.push_str(&inner);
    o.push_str("</pre></td></tr></tbody></table>");
    o
}

/// Every rouge tag `highlight` handles as rouge does (besides plaintext).
pub fn ported_lexers() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = registry::REGISTRY
        .iter()
        .map(|(_, tag)| *tag)
        .filter(|tag| is_ported(tag))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Whether `lexer` is ported (otherwise `highlight` escapes it as plaintext).
pub fn is_ported(lexer: &str) -> bool {
    lexer == "plaintext" || lexers::new(lexer).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases() {
        assert_eq!(find_lexer("py"), Some("python"));
        assert_eq!(find_lexer("sh"), Some("shell"));
        assert_eq!(find_lexer("Bash"), None);
        assert_eq!(find_lexer("R"), Some("r"));
        assert_eq!(find_lexer("bib"), Some("bibtex"));
        assert_eq!(find_lexer("text"), Some("plaintext"));
        assert_eq!(find_lexer("nope"), None);
    }

    #[test]
    fn plaintext_escapes() {
        assert_eq!(highlight("plaintext", "a<b & c>"), "a&lt;b &amp; c&gt;");
    }

    /// Expected strings from rouge 3.30's `HTMLTable` as Jekyll configures it.
    #[test]
    fn linenos_table() {
        assert_eq!(
            highlight_linenos("python", "a <b>\nc"),
            "<table class=\"rouge-table\"><tbody><tr><td class=\"gutter gl\"><pre class=\"lineno\">1\n2\n</pre></td><td class=\"code\"><pre><span class=\"n\">a</span> <span class=\"o\">&lt;</span><span class=\"n\">b</span><span class=\"o\">&gt;</span>\n<span class=\"n\">c</span>\n</pre></td></tr></tbody></table>"
        );
        assert_eq!(
            highlight_linenos("python", ""),
            "<table class=\"rouge-table\"><tbody><tr><td class=\"gutter gl\"><pre class=\"lineno\">1\n</pre></td><td class=\"code\"><pre>\n</pre></td></tr></tbody></table>"
        );
    }

    #[test]
    fn all_tables_compile() {
        for name in lexers::PORTED.iter().chain(lexers::auto::TAGS) {
            let errs = lexers::compile_errors(name);
            assert!(errs.is_empty(), "{name}: {errs:#?}");
        }
    }
}

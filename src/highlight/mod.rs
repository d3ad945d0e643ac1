//! Syntax highlighting with rouge 3.30's token classes and HTML.
//!
//! CONTRACT with markdown and liquid: `find_lexer`, `highlight`.
//! This file is a stub the highlight module replaces; keep these signatures.

/// Rouge's canonical lexer name for a language tag or alias
/// (`py` → `python`, `sh` → `shell`), `None` when rouge has no such lexer.
pub fn find_lexer(lang: &str) -> Option<&'static str> {
    let _ = lang;
    None
}

/// The HTML rouge's `HTMLLegacy`/`HTML` formatter writes for `code` with
/// `lexer` (a name from `find_lexer`, or "plaintext"): the `<span class="k">…`
/// token spans, text HTML-escaped, without the surrounding `<pre>`/`<code>`.
pub fn highlight(lexer: &str, code: &str) -> String {
    let _ = lexer;
    escape(code)
}

fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            _ => o.push(c),
        }
    }
    o
}

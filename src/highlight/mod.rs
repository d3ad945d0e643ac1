//! Syntax highlighting with rouge 3.30's token classes and HTML.
//!
//! CONTRACT with markdown and liquid: `find_lexer`, `highlight`.
//! rouge's regex lexers are ported as data (`tables/`, generated from the
//! installed rouge by `gen_tables.rb`) run by `engine`, plus hand-ported
//! Ruby blocks per lexer (`lexers/`).

mod anchored;
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
    let mut out = Out::new();
    match lexers::new(lexer) {
        Some(mut l) => l.continue_lex(code, &mut out),
        None => out.token("", code),
    }
    out.finish()
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

    #[test]
    fn all_tables_compile() {
        for name in lexers::PORTED {
            let errs = lexers::compile_errors(name);
            assert!(errs.is_empty(), "{name}: {errs:#?}");
        }
    }
}

//! rouge's `Lexer.find_fancy("guess", code)` for code without a language,
//! as far as the ported lexers go: shebangs (shell, python) and doctypes
//! (html, xml); everything else guesses plaintext.

use std::sync::LazyLock;

use regex::Regex;

static SHEBANG: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\A[\t\n\x0B\x0C\r ]*#!(.*)").ok());
static SH: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\b(ba|z|k)?sh([\t\n\x0B\x0C\r ]|$)").ok());
static PY: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\bpythonw?(?:[23](?:\.[0-9]+)?)?([\t\n\x0B\x0C\r ]|$)").ok());
static DOCTYPE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?s)\A[\t\n\x0B\x0C\r ]*(?:<\?.*?\?>[\t\n\x0B\x0C\r ]*)?<!DOCTYPE[\t\n\x0B\x0C\r ]+(.+?)>")
        .ok()
});
static HTML_DT: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"(?i)\bhtml\b").ok());
static HTML_TAG: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"<[\t\n\x0B\x0C\r ]*html\b").ok());

fn cap<'t>(re: &Option<Regex>, s: &'t str) -> Option<&'t str> {
    re.as_ref()?.captures(s)?.get(1).map(|m| m.as_str())
}

fn is(re: &Option<Regex>, s: &str) -> bool {
    re.as_ref().is_some_and(|r| r.is_match(s))
}

/// The rouge tag guessed for `code`.
pub fn guess(code: &str) -> &'static str {
    if let Some(sb) = cap(&SHEBANG, code) {
        let sb = sb.split('\n').next().unwrap_or("");
        if is(&SH, sb) {
            return "shell";
        }
        if is(&PY, sb) {
            return "python";
        }
    }
    let doctype = cap(&DOCTYPE, code);
    if doctype.is_some_and(|d| is(&HTML_DT, d)) {
        return "html";
    }
    if code.starts_with("<?xml")
        && code[5..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() && c != '_')
    {
        return "xml";
    }
    if is(&HTML_TAG, code) {
        return "html";
    }
    if doctype.is_some() {
        return "xml";
    }
    "plaintext"
}

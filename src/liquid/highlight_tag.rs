//! Jekyll's `{% highlight lang [linenos] %}` output with rouge's HTML and
//! HTMLTable formatters (the token spans come from `crate::highlight`).

use std::fmt::Write;

/// Append the tag's HTML for the rendered block body `code`; an error
/// for code too costly to highlight.
pub fn render(
    lang: &str,
    linenos: bool,
    code: &str,
    out: &mut String,
) -> Result<(), crate::highlight::TooCostly> {
    // LEADING_OR_TRAILING_LINE_TERMINATORS
    let code = code
        .trim_start_matches(['\n', '\r'])
        .trim_end_matches(['\n', '\r']);
    let lexer = crate::highlight::find_lexer(lang).unwrap_or("plaintext");
    let mut html = String::new();
    crate::highlight::try_highlight_into(lexer, code, &mut html)?;
    if !html.ends_with('\n') {
        html.push('\n');
    }
    let body = if linenos {
        let lines = code.split('\n').count().max(1);
        let mut gutter = String::new();
        for i in 1..=lines {
            let _ = writeln!(gutter, "{i}");
        }
        format!(
            "<table class=\"rouge-table\"><tbody><tr><td class=\"gutter gl\"><pre class=\"lineno\">{gutter}</pre></td><td class=\"code\"><pre>{html}</pre></td></tr></tbody></table>"
        )
    } else {
        html
    };
    let body = body.strip_suffix('\n').unwrap_or(&body);
    let _ = write!(
        out,
        "<figure class=\"highlight\"><pre><code class=\"language-{}\" data-lang=\"{}\">{}</code></pre></figure>",
        lang.replace('+', "-"),
        lang,
        body
    );
    Ok(())
}

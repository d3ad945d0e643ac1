//! Code blocks and code spans with rouge's wrapper markup, as kramdown's
//! HTML converter and its rouge syntax-highlighter module write them.

use super::{escape_html_into, sp, write_attributes, Converter, Esc};
use crate::markdown::element::{Attr, El};

impl Converter<'_> {
    /// The rouge lexer for `lang` (or the default language) when rouge
    /// highlights (else `None`).
    fn lexer_for(&self, lang: Option<&str>) -> Option<&'static str> {
        if self.opts.syntax_highlighter.as_deref() != Some("rouge") {
            return None;
        }
        let lang = lang.or(self.opts.default_lang.as_deref())?;
        let base = lang.split('?').next().unwrap_or(lang);
        crate::highlight::find_lexer(base).or(match base.to_ascii_lowercase().as_str() {
            "plaintext" | "text" => Some("plaintext"),
            _ => None,
        })
    }

    fn default_lang(&self) -> Option<&str> {
        self.opts.default_lang.as_deref()
    }

    pub(super) fn convert_codeblock(&mut self, el: &El, ind: usize, out: &mut String) {
        let mut attr = el.attr.clone();
        let lang = extract_code_language_bang(&mut attr);
        let hl_lang = el.o.lang.as_deref().or(lang.as_deref());
        match self.lexer_for(hl_lang) {
            Some(lexer) => {
                add_highlighter_class(&mut attr, lang.as_deref().or(self.default_lang()));
                sp(out, ind);
                out.push_str("<div");
                write_attributes(out, &attr);
                out.push_str("><div class=\"highlight\"><pre class=\"");
                escape_html_into(out, &self.opts.css_class, Esc::Attr);
                out.push_str("\"><code>");
                self.highlight_into(lexer, &el.value, out);
                out.push_str("</code></pre></div>");
                sp(out, ind);
                out.push_str("</div>\n");
            }
            None => {
                sp(out, ind);
                out.push_str("<pre");
                write_attributes(out, &attr);
                out.push_str("><code");
                if let Some(l) = &lang {
                    let mut code_attr = Attr::new();
                    code_attr.insert("class".into(), format!("language-{l}"));
                    write_attributes(out, &code_attr);
                }
                out.push('>');
                let value = el.value.strip_suffix('\n').unwrap_or(&el.value);
                escape_html_into(out, value, Esc::All);
                out.push_str("\n</code></pre>\n");
            }
        }
    }

    pub(super) fn convert_codespan(&mut self, el: &El, out: &mut String) {
        let lang = el
            .attr
            .get("class")
            .and_then(|c| find_language(c))
            .map(|(_, _, l)| l);
        match self.lexer_for(lang) {
            Some(lexer) => {
                if el.attr.is_empty() {
                    // what `add_highlighter_class` makes of no attributes
                    // (then no language either): most code spans
                    out.push_str(r#"<code class="language-"#);
                    escape_html_into(out, self.default_lang().unwrap_or(""), Esc::Attr);
                    out.push_str(r#" highlighter-rouge">"#);
                } else {
                    let mut attr = el.attr.clone();
                    add_highlighter_class(&mut attr, lang.or(self.default_lang()));
                    out.push_str("<code");
                    write_attributes(out, &attr);
                    out.push('>');
                }
                self.highlight_into(lexer, &el.value, out);
            }
            None => {
                out.push_str("<code");
                write_attributes(out, &el.attr);
                out.push('>');
                escape_html_into(out, &el.value, Esc::All);
            }
        }
        out.push_str("</code>");
    }
}

/// Position and language of the first `\blanguage-\S+` in a class string.
fn find_language(class: &str) -> Option<(usize, usize, &str)> {
    let b = class.as_bytes();
    let mut from = 0;
    while let Some(i) = class[from..].find("language-") {
        let at = from + i;
        let boundary = at == 0 || !(b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'_');
        let start = at + "language-".len();
        let end = class[start..]
            .find(|c: char| c.is_ascii_whitespace())
            .map(|e| start + e)
            .unwrap_or(class.len());
        if boundary && end > start {
            return Some((at, end, &class[start..end]));
        }
        from = at + 1;
    }
    None
}

fn extract_code_language_bang(attr: &mut Attr) -> Option<String> {
    let class = attr.get("class")?.clone();
    let (a, b, lang) = find_language(&class)?;
    let lang = lang.to_string();
    let rest = format!("{}{}", &class[..a], &class[b..]);
    let rest = rest.trim().to_string();
    if rest.is_empty() {
        attr.shift_remove("class");
    } else {
        attr.insert("class".into(), rest);
    }
    Some(lang)
}

fn add_highlighter_class(attr: &mut Attr, lang: Option<&str>) {
    let class = format!(
        "{} highlighter-rouge",
        attr.get("class").map(String::as_str).unwrap_or("")
    );
    let mut class = class.trim_start().to_string();
    if let Some(lang) = lang {
        class = match find_language(&class) {
            Some((a, b, _)) if a == 0 || !class[..a].is_empty() => {
                // the leftmost alternative wins: `^` matches at 0 first
                if a == 0 {
                    format!("language-{lang}{}", &class[b..])
                } else {
                    format!("language-{lang} {class}")
                }
            }
            _ => format!("language-{lang} {class}"),
        };
    }
    attr.insert("class".into(), class);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class_after(class: &str, lang: &str) -> String {
        let mut a = Attr::new();
        if !class.is_empty() {
            a.insert("class".into(), class.into());
        }
        add_highlighter_class(&mut a, Some(lang));
        a.get("class").cloned().unwrap_or_default()
    }

    /// kramdown's `add_syntax_highlighter_to_class_attr`
    /// (`sub!(/\blanguage-\S+|(^)/)`), as Jekyll's pages show it.
    #[test]
    fn highlighter_class_like_kramdown() {
        assert_eq!(
            class_after("", "plaintext"),
            "language-plaintext highlighter-rouge"
        );
        assert_eq!(
            class_after("show", "python"),
            "language-python show highlighter-rouge"
        );
        assert_eq!(
            class_after("language-ruby", "ruby"),
            "language-ruby highlighter-rouge"
        );
        let mut a = Attr::new();
        a.insert("class".into(), "x language-js y".into());
        assert_eq!(extract_code_language_bang(&mut a).as_deref(), Some("js"));
        assert_eq!(a.get("class").map(String::as_str), Some("x  y"));
    }
}

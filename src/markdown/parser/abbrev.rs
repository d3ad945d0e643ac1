//! kramdown's abbreviations: `*[HTML]: …` definitions applied to text.

use super::Parser;
use crate::markdown::element::{El, T};
use crate::markdown::scanner::{LazyRe, Re, Scanner};

impl Parser {
    /// `replace_abbreviations`.
    pub(super) fn replace_abbreviations(&mut self, el: &mut El) {
        if self.abbrev_defs.is_empty() {
            return;
        }
        let mut keys: Vec<&String> = self.abbrev_defs.keys().collect();
        // Ruby's sort is not stable; ties keep definition order in practice
        keys.sort_by_key(|k| std::cmp::Reverse(k.chars().count()));
        let union = keys
            .iter()
            .map(|k| regex::escape(k))
            .collect::<Vec<_>>()
            .join("|");
        let first = self.cache.get(&format!("(?:{union})"), "");
        let last = self
            .cache
            .get(&format!(r"(?=(?:\W|^)(?:{union})(?!\w))"), "");
        replace_abbrevs_in(el, &first, &last);
    }
}

fn replace_abbrevs_in(el: &mut El, first: &Re, last: &Re) {
    let raw = el.o.content_model == Some(crate::markdown::element::Cm::Raw);
    if raw
        || !el
            .children
            .iter()
            .any(|c| c.t == T::Text && first.is_match(&c.value))
    {
        // no text to split here: the same walk, in place
        for child in el.children.iter_mut() {
            if (child.t != T::Text || raw) && !child.children.is_empty() {
                replace_abbrevs_in(child, first, last);
            }
        }
        return;
    }
    let children = std::mem::take(&mut el.children);
    let mut out = Vec::with_capacity(children.len());
    for mut child in children {
        if child.t == T::Text && !raw {
            if first.is_match(&child.value) {
                let mut sc = Scanner::new(std::mem::take(&mut child.value));
                while let Some(mut temp) = sc.scan_until(last) {
                    let abbr = match sc.scan(first) {
                        Some(a) => a,
                        None => {
                            let ws = sc.scan(&W_OR_BOL).unwrap_or_default();
                            temp.push_str(&ws);
                            sc.scan(first).unwrap_or_default()
                        }
                    };
                    out.push(El::with_value(T::Text, temp));
                    out.push(El::with_value(T::Abbreviation, abbr));
                }
                out.push(El::with_value(T::Text, sc.rest().to_string()));
            } else {
                out.push(child);
            }
        } else {
            replace_abbrevs_in(&mut child, first, last);
            out.push(child);
        }
    }
    el.children = out;
}

static W_OR_BOL: LazyRe = crate::lazy_re!(r"\W|^");

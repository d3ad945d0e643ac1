//! Footnote markers and the footnote list kramdown appends to the page.

use std::fmt::Write as _;

use super::{Converter, Esc};
use crate::markdown::element::{El, T};

impl Converter<'_> {
    pub(super) fn convert_footnote(&mut self, el: &El, out: &mut String) {
        let name = format!("{}{}", self.opts.footnote_prefix, el.o.name);
        let (number, repeat) = if let Some(&i) = self.footnotes_by_name.get(&name) {
            self.footnotes[i].3 += 1;
            (self.footnotes[i].2, format!(":{}", self.footnotes[i].3))
        } else {
            let n = self.footnote_counter;
            self.footnote_counter += 1;
            self.footnotes.push((name.clone(), el.o.name.clone(), n, 0));
            self.footnotes_by_name
                .insert(name.clone(), self.footnotes.len() - 1);
            (n, String::new())
        };
        let _ = write!(
            out,
            "<sup id=\"fnref:{name}{repeat}\" role=\"doc-noteref\"><a href=\"#fn:{name}\" class=\"footnote\" rel=\"footnote\">{number}</a></sup>"
        );
    }

    pub(super) fn footnote_content(&mut self) -> String {
        let mut ol = El::new(T::Ol);
        if self.footnote_start != 1 {
            ol.attr
                .insert("start".into(), self.footnote_start.to_string());
        }
        let backlink_text = super::escape_html(&self.opts.footnote_backlink, Esc::Text);
        let nbsp = self.named_entity_to_str("nbsp");
        let mut i = 0;
        while i < self.footnotes.len() {
            let (name, key, _, _) = self.footnotes[i].clone();
            let mut li = El::new(T::Li);
            li.attr.insert("id".into(), format!("fn:{name}"));
            li.attr.insert("role".into(), "doc-endnote".into());
            li.children = self
                .doc
                .footnotes
                .get(&key)
                .map(|f| f.content.children.clone())
                .unwrap_or_default();
            // the backlinks are added after converting nested markers, so
            // the repeat count is read after the body is converted
            let last_is_p = li.children.last().map(|c| c.t == T::P).unwrap_or(false);
            let body_path: Option<Vec<usize>> = if last_is_p || self.opts.footnote_backlink_inline {
                let mut path = Vec::new();
                let mut cur = &li;
                while let Some(last) = cur.children.last() {
                    if matches!(last.t, T::P | T::Header) {
                        break;
                    }
                    path.push(cur.children.len() - 1);
                    cur = last;
                }
                if cur.children.is_empty() {
                    None
                } else {
                    path.push(cur.children.len() - 1);
                    Some(path)
                }
            } else {
                None
            };
            let insert_space = body_path.is_some();
            let para_path = match body_path {
                Some(p) => p,
                None => {
                    li.children.push(El::new(T::P));
                    vec![li.children.len() - 1]
                }
            };
            // Ruby computes `repeat` before converting; keep that order.
            let repeat = self.footnotes[i].3;
            if !self.opts.footnote_backlink.is_empty() {
                let mut para = &mut li;
                for &k in &para_path {
                    para = &mut para.children[k];
                }
                let first = format!(
                    "{}<a href=\"#fnref:{name}\" class=\"reversefootnote\" role=\"doc-backlink\">{backlink_text}</a>",
                    if insert_space { nbsp.as_str() } else { "" }
                );
                let mut raw = El::with_value(T::Raw, first);
                raw.o.span = true;
                para.children.push(raw);
                for index in 1..=repeat {
                    let v = format!(
                        "{nbsp}<a href=\"#fnref:{name}:{index}\" class=\"reversefootnote\" role=\"doc-backlink\">{backlink_text}<sup>{}</sup></a>",
                        index + 1
                    );
                    let mut raw = El::with_value(T::Raw, v);
                    raw.o.span = true;
                    para.children.push(raw);
                }
            }
            let mut converted = String::new();
            self.convert(&li, 4, &mut converted);
            let mut raw = El::with_value(T::Raw, converted);
            raw.o.span = true;
            ol.children.push(raw);
            i += 1;
        }
        if ol.children.is_empty() {
            return String::new();
        }
        let mut out = String::from("<div class=\"footnotes\" role=\"doc-endnotes\">\n");
        self.convert(&ol, 2, &mut out);
        out.push_str("</div>\n");
        out
    }
}

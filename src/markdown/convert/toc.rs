//! kramdown's table of contents (`{:toc}`): the tree built from the
//! headers' ids, converted like a list.

use super::Converter;
use crate::markdown::element::{Attr, El, T};

impl Converter<'_> {
    pub(super) fn generate_toc_tree(&mut self, t: T, attr: &Attr) -> El {
        let mut sections = El::new(t);
        sections.attr = attr.clone();
        if !sections.attr.contains_key("id") {
            sections.attr.insert("id".into(), "markdown-toc".into());
        }
        let sid = sections.attr.get("id").cloned().unwrap_or_default();
        // Build with an explicit stack of (level, path) like kramdown.
        let toc = std::mem::take(&mut self.toc);
        let mut stack: Vec<(u8, Vec<usize>)> = Vec::new();
        for (level, id, children) in toc {
            let mut li = El::new(T::Li);
            li.o.level = level;
            let mut p = El::new(T::P);
            p.o.transparent = true;
            let mut a = El::new(T::A);
            a.attr.insert("href".into(), format!("#{id}"));
            a.attr.insert("id".into(), format!("{sid}-{id}"));
            a.children = fix_for_toc_entry(children);
            p.children.push(a);
            li.children.push(p);
            li.children.push(El::new(t));
            loop {
                match stack.last() {
                    None => {
                        sections.children.push(li);
                        stack.push((level, vec![sections.children.len() - 1]));
                        break;
                    }
                    Some((l, path)) if *l < level => {
                        let path = path.clone();
                        let parent = node_at(&mut sections, &path);
                        if let Some(sub) = parent.children.last_mut() {
                            sub.children.push(li);
                            let mut np = path;
                            np.push(parent.children.len() - 1);
                            np.push(
                                parent
                                    .children
                                    .last()
                                    .map(|s| s.children.len() - 1)
                                    .unwrap_or(0),
                            );
                            stack.push((level, np));
                        }
                        break;
                    }
                    Some(_) => {
                        if let Some((_, path)) = stack.pop() {
                            let item = node_at(&mut sections, &path);
                            if item
                                .children
                                .last()
                                .map(|c| c.children.is_empty())
                                .unwrap_or(false)
                            {
                                item.children.pop();
                            }
                        }
                    }
                }
            }
        }
        while let Some((_, path)) = stack.pop() {
            let item = node_at(&mut sections, &path);
            if item
                .children
                .last()
                .map(|c| c.children.is_empty())
                .unwrap_or(false)
            {
                item.children.pop();
            }
        }
        sections
    }
}

fn node_at<'e>(root: &'e mut El, path: &[usize]) -> &'e mut El {
    let mut cur = root;
    for &i in path {
        if i >= cur.children.len() {
            break;
        }
        cur = &mut cur.children[i];
    }
    cur
}

fn fix_for_toc_entry(mut els: Vec<El>) -> Vec<El> {
    remove_footnotes(&mut els);
    unwrap_links(els)
}

fn remove_footnotes(els: &mut Vec<El>) {
    els.retain_mut(|c| {
        remove_footnotes(&mut c.children);
        c.t != T::Footnote
    });
}

fn unwrap_links(els: Vec<El>) -> Vec<El> {
    let mut out = Vec::new();
    for mut c in els {
        c.children = unwrap_links(std::mem::take(&mut c.children));
        if c.t == T::A {
            out.extend(c.children);
        } else {
            out.push(c);
        }
    }
    out
}

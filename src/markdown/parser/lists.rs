//! kramdown's list and definition-list block parsers, with GFM task lists.

use std::sync::Arc;

use super::blocks::merge_parsed_ial;
use super::consts::*;
use super::{Parser, R};
use crate::lazy_re;
use crate::markdown::element::{El, Ial, T};
use crate::markdown::fast;
use crate::markdown::scanner::{Fast, LazyRe, Re};

static LEADING_SPACES_TABS: LazyRe = lazy_re!(r"^( *)(\t+)");

/// The first item patterns of lists (later items use `fetch_pattern`'s).
static UL_START: std::sync::LazyLock<Arc<Re>> = std::sync::LazyLock::new(|| {
    Arc::new(Re::new(&list_start_ul(), "").fast(Fast::ListMarker(0, 3)))
});
static OL_START: std::sync::LazyLock<Arc<Re>> = std::sync::LazyLock::new(|| {
    Arc::new(Re::new(&list_start_ol(), "").fast(Fast::ListMarker(1, 3)))
});
static DL_START: std::sync::LazyLock<Arc<Re>> = std::sync::LazyLock::new(|| {
    Arc::new(Re::new(&definition_list_start(), "").fast(Fast::ListMarker(2, 3)))
});

const BOX_UNCHECKED: &str =
    r#"<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" />"#;
const BOX_CHECKED: &str = r#"<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" checked="checked" />"#;

thread_local! {
    /// Per-thread memos of the per-indentation patterns (the patterns
    /// themselves are shared through `ReCache`): no lock on the hot path.
    static LINE_RES: std::cell::RefCell<foldhash::HashMap<usize, LineRes>> =
        Default::default();
    static ITEM_PATTERNS: std::cell::RefCell<foldhash::HashMap<(u8, usize), Arc<Re>>> =
        Default::default();
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ul,
    Ol,
    Dl,
}

#[derive(Clone)]
struct LineRes {
    content: Arc<Re>,
    lazy: Arc<Re>,
    /// The item's indentation (what `^ {indentation}` strips).
    indentation: usize,
}

/// Necessary for `LIST_ITEM_IAL_CHECK` (`^(IAL)?\s*\n`): a blank first
/// line or an IAL.
fn may_have_item_ial(s: &str) -> bool {
    let b = s.as_bytes();
    let first = &b[..fast::find_nl(b).unwrap_or(b.len())];
    first.iter().all(|&c| fast::is_ws(c)) || starts_with_ial(s)
}

/// Necessary for `LIST_ITEM_IAL` (`^\s*\{:…`).
fn starts_with_ial(s: &str) -> bool {
    let b = s.as_bytes();
    b[b.iter().take_while(|&&c| fast::is_ws(c)).count()..].starts_with(b"{:")
}

fn leading_spaces(s: &str) -> usize {
    s.bytes().take_while(|b| *b == b' ').count()
}

impl Parser {
    /// The three per-indentation patterns, built once per process.
    fn list_line_res(&mut self, indentation: usize) -> LineRes {
        if let Some(r) = LINE_RES.with(|m| m.borrow().get(&indentation).cloned()) {
            return r;
        }
        let r = self.build_list_line_res(indentation);
        LINE_RES.with(|m| m.borrow_mut().insert(indentation, r.clone()));
        r
    }

    fn build_list_line_res(&mut self, indentation: usize) -> LineRes {
        let content = self.cache.get_with(
            &format!(
                r"^(?:(?:\t| {{4}}){{{}}} {{{}}}|(?:\t| {{4}}){{{}}}).*\S.*\n",
                indentation / 4,
                indentation % 4,
                indentation / 4 + 1
            ),
            "",
            4,
            Some(Fast::ListContent(indentation)),
        );
        let lazy = self.cache.get_with(
            &format!(
                r"(?!^ {{0,{}}}(?:{}|{}|{})).*\S.*\n",
                indentation.min(3),
                g(&ial_block_s()),
                gs(&lazy_end_html_stop()),
                g(&lazy_end_html_start())
            ),
            "",
            4,
            Some(Fast::ListLazy(indentation.min(3))),
        );
        LineRes {
            content,
            lazy,
            indentation,
        }
    }

    /// `parse_first_list_line`.
    fn parse_first_list_line(
        &mut self,
        mut indentation: usize,
        content: &str,
    ) -> (String, usize, LineRes) {
        let mut content = content.to_string();
        if may_have_item_ial(&content) && LIST_ITEM_IAL_CHECK.is_match(&content) {
            indentation = 4;
        } else {
            while fast::leading_space_tab(&content) {
                let temp = leading_spaces(&content) + indentation;
                content = LEADING_SPACES_TABS
                    .replace_first(&content, |g| {
                        let sp = g[1].unwrap_or("");
                        let tabs = g[2].map(str::len).unwrap_or(1);
                        format!("{sp}{}", " ".repeat(4 - (temp % 4) + (tabs - 1) * 4))
                    })
                    .unwrap_or(content);
            }
            indentation += leading_spaces(&content);
        }
        let content = fast::strip_leading_ws(&content).to_string();
        let res = self.list_line_res(indentation);
        (content, indentation, res)
    }

    fn fetch_pattern(&mut self, kind: Kind, indentation: usize) -> Arc<Re> {
        let key = (kind as u8, indentation.min(4));
        if let Some(r) = ITEM_PATTERNS.with(|m| m.borrow().get(&key).cloned()) {
            return r;
        }
        let r = self.build_fetch_pattern(kind, indentation);
        ITEM_PATTERNS.with(|m| m.borrow_mut().insert(key, r.clone()));
        r
    }

    fn build_fetch_pattern(&mut self, kind: Kind, indentation: usize) -> Arc<Re> {
        let (sp, max) = match indentation {
            1 => (" {0}", 0u8),
            2 => (" {0,1}", 1),
            3 => (" {0,2}", 2),
            _ => (" {0,3}", 3),
        };
        let marker = match kind {
            Kind::Ul => "[+*-]",
            Kind::Ol => r"\d+\.",
            Kind::Dl => ":",
        };
        let k = match kind {
            Kind::Ul => 0u8,
            Kind::Ol => 1,
            Kind::Dl => 2,
        };
        self.cache.get_with(
            &format!("^({sp}{marker})({})", g(PATTERN_TAIL)),
            "",
            0,
            Some(Fast::ListMarker(k, max)),
        )
    }

    /// Strip a leading item IAL into `ial`.
    fn take_item_ial(&mut self, value: String, ial: &mut Option<Ial>) -> String {
        if !starts_with_ial(&value) {
            return value;
        }
        let mut found = None;
        let v = LIST_ITEM_IAL
            .replace_first(&value, |g| {
                found = g[1].map(str::to_string);
                String::new()
            })
            .unwrap_or(value);
        if let Some(body) = found {
            let mut parsed = Ial::default();
            self.parse_attribute_list(&body, &mut parsed);
            merge_parsed_ial(ial.get_or_insert_with(Ial::default), parsed);
        }
        v
    }

    pub(super) fn parse_list(&mut self, tree: &mut El) -> R {
        let ul = self.src.check(&LIST_START_UL);
        let kind = if ul { Kind::Ul } else { Kind::Ol };
        let mut list_start_re: Arc<Re> = if ul {
            UL_START.clone()
        } else {
            OL_START.clone()
        };
        let mut list = self.new_block_el(if ul { T::Ul } else { T::Ol });
        let mut items: Vec<(El, Vec<String>)> = Vec::new();
        let mut res: Option<LineRes> = None;
        let mut indentation = 0usize;
        let mut eob_found = false;
        let mut nested_list_found = false;
        let mut last_is_blank = false;
        while !self.src.eos() {
            if last_is_blank && self.src.check(&HR_START) {
                break;
            } else if self.src.skip(&EOB_MARKER) {
                eob_found = true;
                break;
            } else if self.src.skip(&list_start_re) {
                let g1 = self.src.group_s(1).unwrap_or_default();
                let g2 = self.src.group_s(2).unwrap_or_default();
                let mut item = El::new(T::Li);
                let (value, ind, r) = self.parse_first_list_line(g1.len(), &g2);
                indentation = ind;
                res = Some(r);
                let value = self.take_item_ial(value, &mut item.o.ial);
                list_start_re = self.fetch_pattern(kind, indentation);
                nested_list_found = fast::list_start_anywhere(&value);
                last_is_blank = false;
                items.push((item, vec![value]));
            } else if let Some(mut result) = res.as_ref().and_then(|r| {
                let c = r.content.clone();
                let l = r.lazy.clone();
                self.src.scan(&c).or_else(|| {
                    if !last_is_blank {
                        self.src.scan(&l)
                    } else {
                        None
                    }
                })
            }) {
                let Some(r) = res.as_ref() else { break };
                if let Some(x) = fast::expand_leading_tabs(&result) {
                    result = x;
                }
                let stripped = fast::strip_line_indent(&result, r.indentation);
                let indentation_found = stripped.is_some();
                if let Some(s) = stripped {
                    result = s;
                }
                if !nested_list_found && indentation_found && fast::list_start_anywhere(&result) {
                    if let Some(it) = items.last_mut() {
                        it.1.push(String::new());
                    }
                    nested_list_found = true;
                } else if nested_list_found
                    && !indentation_found
                    && fast::list_start_anywhere(&result)
                {
                    result = format!("{}{}", " ".repeat(indentation + 4), result);
                }
                if let Some(last) = items.last_mut().and_then(|it| it.1.last_mut()) {
                    last.push_str(&result);
                }
                last_is_blank = false;
            } else if let Some(result) = self.src.scan(&BLANK_LINE) {
                nested_list_found = true;
                last_is_blank = true;
                if let Some(last) = items.last_mut().and_then(|it| it.1.last_mut()) {
                    last.push_str(&result);
                }
            } else {
                break;
            }
        }

        let mut last: Option<El> = None;
        let n = items.len();
        for (idx, (mut it, values)) in items.into_iter().enumerate() {
            let mut temp = El::new(T::Temp);
            let saved_ial = self.block_ial.take();
            for val in values {
                self.parse_blocks(&mut temp, Some(val));
            }
            self.block_ial = saved_ial;
            it.children = temp.children;
            if it.children.is_empty() {
                list.children.push(it);
                continue;
            }
            let ch = &mut it.children;
            if ch[0].t == T::P && ch.len() >= 2 && ch[1].t == T::Eob && ch[0].o.ial.is_some() {
                ch.remove(1);
            }
            let is_last = idx + 1 == n;
            let cond_a = ch[0].t == T::P
                && (ch.len() < 2
                    || ch[1].t != T::Blank
                    || (is_last && ch.len() == 2 && !eob_found));
            let cond_b = !is_last
                || n == 1
                || list.children.iter().any(|cit| match cit.children.first() {
                    None => true,
                    Some(f) => f.t != T::P || f.o.transparent,
                });
            if cond_a && cond_b {
                if ch.len() > 1 && ch[1].t != T::Blank {
                    if let Some(f) = ch[0].children.first_mut() {
                        f.value.push('\n');
                    }
                }
                ch[0].o.transparent = true;
            }
            last = if ch.last().map(|l| l.t == T::Blank).unwrap_or(false) {
                ch.pop()
            } else {
                None
            };
            list.children.push(it);
        }
        self.task_list(&mut list);
        tree.children.push(list);
        if let Some(l) = last {
            if !eob_found {
                tree.children.push(l);
            }
        }
        R::Yes
    }

    /// GFM: `[ ]` / `[x]` items become checkboxes.
    fn task_list(&mut self, list: &mut El) {
        let mut is_tasklist = false;
        for li in list.children.iter_mut() {
            let Some(p) = li.children.first_mut() else {
                continue;
            };
            if p.t != T::P {
                continue;
            }
            let Some(d) = p.children.first_mut() else {
                continue;
            };
            let mut hit = false;
            if let Some(n) = fast::task_marker(&d.value, false) {
                d.value.replace_range(..n, BOX_UNCHECKED);
                hit = true;
            }
            if let Some(n) = fast::task_marker(&d.value, true) {
                d.value.replace_range(..n, BOX_CHECKED);
                hit = true;
            }
            is_tasklist = is_tasklist || hit;
            if is_tasklist {
                li.attr.insert("class".into(), "task-list-item".into());
            }
        }
        if is_tasklist {
            list.attr.insert("class".into(), "task-list".into());
        }
    }

    pub(super) fn parse_definition_list(&mut self, tree: &mut El) -> R {
        {
            let ch = &tree.children;
            let n = ch.len();
            let Some(last) = ch.last() else { return R::No };
            if (n == 1 && last.t != T::P)
                || (n >= 2
                    && last.t != T::P
                    && (last.t != T::Blank || last.value != "\n" || ch[n - 2].t != T::P))
            {
                return R::No;
            }
        }
        let mut first_as_para = false;
        let mut deflist = self.new_block_el(T::Dl);
        let Some(mut para) = tree.children.pop() else {
            return R::No;
        };
        if para.t == T::Blank {
            match tree.children.pop() {
                Some(p) => para = p,
                None => return R::No,
            }
            first_as_para = true;
        }
        let terms = para
            .children
            .first()
            .map(|c| c.value.clone())
            .unwrap_or_default();
        let mut lines: Vec<&str> = terms.split('\n').collect();
        while lines.last() == Some(&"") {
            lines.pop();
        }
        for term in lines {
            let mut el = El::new(T::Dt);
            let term = self.take_item_ial(term.to_string(), &mut el.o.ial);
            el.o.raw_text = term.clone();
            el.children.push(El::with_value(T::RawText, term));
            deflist.children.push(el);
        }
        deflist.o.ial = para.o.ial.take();

        let mut items: Vec<(El, String)> = Vec::new();
        let mut res: Option<LineRes> = None;
        let mut def_start_re: Arc<Re> = DL_START.clone();
        let mut last_is_blank = false;
        while !self.src.eos() {
            if self.src.skip(&def_start_re) {
                let g1 = self.src.group_s(1).unwrap_or_default();
                let g2 = self.src.group_s(2).unwrap_or_default();
                let mut item = El::new(T::Dd);
                item.o.first_as_para = first_as_para;
                let (value, ind, r) = self.parse_first_list_line(g1.len(), &g2);
                res = Some(r);
                let value = self.take_item_ial(value, &mut item.o.ial);
                def_start_re = self.fetch_pattern(Kind::Dl, ind);
                first_as_para = false;
                last_is_blank = false;
                items.push((item, value));
            } else if self.src.check(&EOB_MARKER) {
                break;
            } else if let Some(mut result) = res.as_ref().and_then(|r| {
                let c = r.content.clone();
                let l = r.lazy.clone();
                self.src.scan(&c).or_else(|| {
                    if !last_is_blank {
                        self.src.scan(&l)
                    } else {
                        None
                    }
                })
            }) {
                let Some(r) = res.as_ref() else { break };
                if let Some(x) = fast::expand_leading_tabs(&result) {
                    result = x;
                }
                if let Some(s) = fast::strip_line_indent(&result, r.indentation) {
                    result = s;
                }
                if let Some(it) = items.last_mut() {
                    it.1.push_str(&result);
                }
                first_as_para = false;
                last_is_blank = false;
            } else if let Some(result) = self.src.scan(&BLANK_LINE) {
                first_as_para = true;
                if let Some(it) = items.last_mut() {
                    it.1.push_str(&result);
                }
                last_is_blank = true;
            } else {
                break;
            }
        }

        let mut last: Option<El> = None;
        for (mut it, value) in items {
            self.parse_blocks(&mut it, Some(value));
            if it.children.is_empty() {
                deflist.children.push(it);
                continue;
            }
            last = if it.children.last().map(|l| l.t == T::Blank).unwrap_or(false) {
                it.children.pop()
            } else {
                None
            };
            let fap = std::mem::take(&mut it.o.first_as_para);
            let n = it.children.len();
            if let Some(first) = it.children.first_mut() {
                if first.t == T::P && !fap {
                    if n > 1 {
                        if let Some(f) = first.children.first_mut() {
                            f.value.push('\n');
                        }
                    }
                    first.o.transparent = true;
                }
            }
            deflist.children.push(it);
        }

        let n = tree.children.len();
        if n >= 1 && tree.children[n - 1].t == T::Dl {
            tree.children[n - 1].children.append(&mut deflist.children);
        } else if n >= 2 && tree.children[n - 1].t == T::Blank && tree.children[n - 2].t == T::Dl {
            tree.children.pop();
            if let Some(dl) = tree.children.last_mut() {
                dl.children.append(&mut deflist.children);
            }
        } else {
            tree.children.push(deflist);
        }
        if let Some(l) = last {
            tree.children.push(l);
        }
        R::Yes
    }
}

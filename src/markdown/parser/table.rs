//! kramdown's table block parser (`parse_table`).

use super::consts::*;
use super::{Parser, Sp, StopCheck, R};
use crate::lazy_re;
use crate::markdown::element::{Align, El, T};
use crate::markdown::scanner::{LazyRe, Scanner};

static LEADING_PIPE: LazyRe = lazy_re!(r"^\s*\|");
static CODE_SPLIT: LazyRe = lazy_re!(r"(<code.*?>.*?<\/code>)");

fn ruby_strip_empty(s: &str) -> bool {
    super::blocks::strip(s).is_empty()
}

/// Ruby `str.split(re)` keeping captured separators (as `String#split` does).
fn split_keep(s: &str, re: &crate::markdown::scanner::Re) -> Vec<String> {
    let mut out = Vec::new();
    if !s.as_bytes().contains(&b'<') || !s.contains("<code") {
        // no separator can match: the regexp needs `<code` (most rows)
        if !s.is_empty() {
            out.push(s.to_string());
        }
        return out;
    }
    let mut last = 0;
    for c in re.captures_all(s) {
        let Some((a, b)) = c[0] else { continue };
        if a == b {
            continue;
        }
        out.push(s[last..a].to_string());
        for g in c.iter().skip(1).flatten() {
            out.push(s[g.0..g.1].to_string());
        }
        last = b;
    }
    out.push(s[last..].to_string());
    // Ruby drops trailing empty strings
    while out.len() > 1 && out.last().map(|x| x.is_empty()).unwrap_or(false) {
        out.pop();
    }
    if out.len() == 1 && out[0].is_empty() {
        out.clear();
    }
    out
}

impl Parser {
    pub(super) fn parse_table(&mut self, tree: &mut El) -> R {
        if !self.after_block_boundary(tree) {
            return R::No;
        }
        let saved = self.src.pos;
        let orig_pos = self.src.pos;
        let mut table = self.new_block_el(T::Table);
        let leading_pipe = if self.src.check(&TABLE_LINE) {
            LEADING_PIPE.is_match(self.src.matched())
        } else {
            false
        };
        self.src.skip(&TABLE_SEP_LINE);

        let mut rows: Vec<El> = Vec::new();
        let mut has_footer = false;
        let mut columns = 0usize;
        let mut alignment: Vec<Align> = Vec::new();

        fn add_container(table: &mut El, rows: &mut Vec<El>, t: T, force: bool, has_footer: bool) {
            if !has_footer || t != T::Tbody || force {
                let mut cont = El::new(t);
                cont.children = std::mem::take(rows);
                table.children.push(cont);
            }
        }

        while !self.src.eos() {
            if !self.src.check(&TABLE_LINE) {
                break;
            }
            if self.src.skip(&TABLE_SEP_LINE) {
                if rows.is_empty() {
                } else if alignment.is_empty() && !has_footer {
                    add_container(&mut table, &mut rows, T::Thead, false, has_footer);
                    let g1 = self.src.group_s(1).unwrap_or_default();
                    alignment = TABLE_HSEP_ALIGN
                        .captures_all(&g1)
                        .into_iter()
                        .map(|c| {
                            let l = c[1].map(|(a, b)| b > a).unwrap_or(false);
                            let r = c[2].map(|(a, b)| b > a).unwrap_or(false);
                            match (l, r) {
                                (false, false) => Align::Default,
                                (true, false) => Align::Left,
                                (false, true) => Align::Right,
                                (true, true) => Align::Center,
                            }
                        })
                        .collect();
                } else {
                    add_container(&mut table, &mut rows, T::Tbody, false, has_footer);
                }
            } else if self.src.skip(&TABLE_FSEP_LINE) {
                if !rows.is_empty() {
                    add_container(&mut table, &mut rows, T::Tbody, true, has_footer);
                }
                has_footer = true;
            } else if self.src.skip(&TABLE_ROW_LINE) {
                let line = self.src.group_s(1).unwrap_or_default();
                let mut trow = El::new(T::Tr);
                let mut cells: Vec<String> = Vec::new();
                let push_first = |cells: &mut Vec<String>, s: &str| {
                    if let Some(l) = cells.last_mut() {
                        l.push_str(s);
                    } else {
                        cells.push(s.to_string());
                    }
                };
                let saved_src = std::mem::take(&mut self.src);
                let saved_stack = std::mem::take(&mut self.span_stack);
                for (i, part) in split_keep(&line, &CODE_SPLIT).into_iter().enumerate() {
                    if i % 2 == 1 {
                        push_first(&mut cells, &part);
                        continue;
                    }
                    self.src = Scanner::new(part);
                    let mut root = El::new(T::Root);
                    self.parse_spans(
                        &mut root,
                        None,
                        Some(&[Sp::Codespan]),
                        T::RawText,
                        &mut StopCheck::Always,
                    );
                    for c in root.children {
                        if c.t == T::RawText {
                            let pieces = split_pipes(&c.value);
                            let mut it = pieces.into_iter();
                            if let Some(f) = it.next() {
                                push_first(&mut cells, &f);
                            }
                            cells.extend(it);
                        } else {
                            let max = max_backtick_run(&c.value);
                            let delim = "`".repeat(max + 1);
                            let sp = if delim.len() > 1 { " " } else { "" };
                            let tmp = format!("{delim}{sp}{}{sp}{delim}", c.value);
                            push_first(&mut cells, &tmp);
                        }
                    }
                }
                self.src = saved_src;
                self.span_stack = saved_stack;
                if leading_pipe && cells.first().map(|c| ruby_strip_empty(c)).unwrap_or(false) {
                    cells.remove(0);
                }
                if cells.last().map(|c| ruby_strip_empty(c)).unwrap_or(false) {
                    cells.pop();
                }
                for cell in &cells {
                    let mut td = El::new(T::Td);
                    td.children
                        .push(El::with_value(T::RawText, super::blocks::strip(cell)));
                    trow.children.push(td);
                }
                columns = columns.max(cells.len());
                rows.push(trow);
            } else {
                break;
            }
        }

        if !self.before_block_boundary() {
            self.src.pos = saved;
            return R::No;
        }

        // Check that the table is not a paragraph with pipes in code spans.
        let end = self.src.pos.saturating_sub(1);
        let text = self.src.s.get(orig_pos..end).unwrap_or("").to_string();
        let saved_src = std::mem::replace(&mut self.src, Scanner::new(text));
        let saved_stack = std::mem::take(&mut self.span_stack);
        let mut root = El::new(T::Root);
        self.parse_spans(
            &mut root,
            None,
            Some(&[Sp::Codespan, Sp::SpanHtml]),
            T::RawText,
            &mut StopCheck::Always,
        );
        self.src = saved_src;
        self.span_stack = saved_stack;
        let mut pipe_on_line = false;
        for c in root.children {
            let v = c.value.clone();
            let mut lines: Vec<&str> = v.split('\n').collect();
            while lines.last() == Some(&"") {
                lines.pop();
            }
            if lines.is_empty() {
                continue;
            }
            if c.t == T::Codespan {
                if lines.len() > 2 || (lines.len() == 2 && !pipe_on_line) {
                    break;
                } else if lines.len() == 2 && pipe_on_line {
                    pipe_on_line = false;
                }
            } else {
                let first_pipe = TABLE_PIPE_CHECK_LINE.is_match(lines[0]);
                if lines.len() > 1 && !pipe_on_line && !first_pipe {
                    break;
                }
                let last_pipe = lines
                    .last()
                    .map(|l| TABLE_PIPE_CHECK_LINE.is_match(l))
                    .unwrap_or(false);
                pipe_on_line = (if lines.len() > 1 { false } else { pipe_on_line }) || last_pipe;
            }
        }
        if !pipe_on_line {
            self.src.pos = saved;
            return R::No;
        }

        if !rows.is_empty() {
            let t = if has_footer { T::Tfoot } else { T::Tbody };
            add_container(&mut table, &mut rows, t, false, has_footer);
        }
        if !table.children.iter().any(|e| e.t == T::Tbody) {
            self.warning("Found table without body - ignoring it".into());
            self.src.pos = saved;
            return R::No;
        }
        // counted before any is made: a stray run of '|' in one row would
        // otherwise pad every other row to gigabytes
        let padding: u64 = table
            .children
            .iter()
            .flat_map(|kind| &kind.children)
            .map(|row| columns.saturating_sub(row.children.len()) as u64)
            .sum();
        if !self.guard.spend_padding(padding) {
            self.src.pos = saved;
            return R::No;
        }
        for kind in table.children.iter_mut() {
            for row in kind.children.iter_mut() {
                while row.children.len() < columns {
                    row.children.push(El::new(T::Td));
                }
            }
        }
        if alignment.len() > columns {
            alignment.truncate(columns);
        } else {
            alignment.resize(columns, Align::Default);
        }
        table.o.alignment = alignment;
        tree.children.push(table);
        R::Yes
    }
}

/// `value.split(/(?<!\\)\|/, -1).map { |t| t.gsub(/\\\|/, '|') }`
fn split_pipes(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut last = 0;
    let unescape = |t: &str| {
        if t.as_bytes().contains(&b'\\') && t.contains("\\|") {
            t.replace("\\|", "|")
        } else {
            t.to_string()
        }
    };
    for a in crate::markdown::fast::unescaped_pipes(s) {
        out.push(unescape(&s[last..a]));
        last = a + 1;
    }
    out.push(unescape(&s[last..]));
    out
}

fn max_backtick_run(s: &str) -> usize {
    let mut max = 0;
    let mut cur = 0;
    for b in s.bytes() {
        if b == b'`' {
            cur += 1;
            max = max.max(cur);
        } else {
            cur = 0;
        }
    }
    max
}

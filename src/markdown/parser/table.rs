//! kramdown's table block parser (`parse_table`).

use super::consts::*;
use super::{Parser, Sp, StopCheck, R};
use crate::lazy_re;
use crate::markdown::element::{Align, El, T};
use crate::markdown::fast::{is_ws, pipe_check};
use crate::markdown::scanner::{LazyRe, Scanner};

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
    /// What `parse_spans` does with a text of `len` bytes in which none of
    /// its parsers can start: the same guard accounting, and whether the
    /// text becomes its one raw text child.
    fn spans_without_starts(&mut self, len: usize) -> bool {
        if !self.guard.enter() {
            return false;
        }
        let kept = len > 0 && self.guard.spend_scan(len);
        self.guard.leave();
        kept
    }

    /// A row's cells: its text split at unescaped pipes outside code spans
    /// and `<code>` elements (the span parse of the row, run with the
    /// scanner and span stack of the caller set aside).
    fn row_cells(&mut self, line: &str) -> Vec<String> {
        let mut cells: Vec<String> = Vec::new();
        let push_first = |cells: &mut Vec<String>, s: &str| {
            if let Some(l) = cells.last_mut() {
                l.push_str(s);
            } else {
                cells.push(s.to_string());
            }
        };
        if !line.contains('`') && !line.contains("<code") {
            // one part, and no code span can start in it
            if self.spans_without_starts(line.len()) {
                push_pipe_split(line, &mut cells);
            }
            return cells;
        }
        for (i, part) in split_keep(line, &CODE_SPLIT).into_iter().enumerate() {
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
                    push_pipe_split(&c.value, &mut cells);
                } else {
                    let max = max_backtick_run(&c.value);
                    let delim = "`".repeat(max + 1);
                    let sp = if delim.len() > 1 { " " } else { "" };
                    let tmp = format!("{delim}{sp}{}{sp}{delim}", c.value);
                    push_first(&mut cells, &tmp);
                }
            }
        }
        cells
    }

    pub(super) fn parse_table(&mut self, tree: &mut El) -> R {
        if !self.after_block_boundary(tree) {
            return R::No;
        }
        let saved = self.src.pos;
        let orig_pos = self.src.pos;
        let mut table = self.new_block_el(T::Table);
        // `/^\s*\|/` on the matched line
        let leading_pipe = self.src.check(&TABLE_LINE)
            && self.src.matched().bytes().find(|&c| !is_ws(c)) == Some(b'|');
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
                    alignment = hsep_alignment(self.src.group(1).unwrap_or("").as_bytes());
                } else {
                    add_container(&mut table, &mut rows, T::Tbody, false, has_footer);
                }
            } else if self.src.skip(&TABLE_FSEP_LINE) {
                if !rows.is_empty() {
                    add_container(&mut table, &mut rows, T::Tbody, true, has_footer);
                }
                has_footer = true;
            } else if self.src.skip(&TABLE_ROW_LINE) {
                let saved_src = std::mem::take(&mut self.src);
                let saved_stack = std::mem::take(&mut self.span_stack);
                let mut cells = self.row_cells(saved_src.group(1).unwrap_or(""));
                self.src = saved_src;
                self.span_stack = saved_stack;
                if leading_pipe && cells.first().map(|c| ruby_strip_empty(c)).unwrap_or(false) {
                    cells.remove(0);
                }
                if cells.last().map(|c| ruby_strip_empty(c)).unwrap_or(false) {
                    cells.pop();
                }
                let mut trow = El::new(T::Tr);
                trow.children.reserve_exact(cells.len());
                columns = columns.max(cells.len());
                for cell in cells {
                    let mut td = El::new(T::Td);
                    td.children = vec![El::with_value(T::RawText, strip_owned(cell))];
                    trow.children.push(td);
                }
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
        let range = orig_pos..end.max(orig_pos);
        let text = self.src.s.get(range.clone()).unwrap_or("");
        let pipe_on_line = if memchr::memchr2(b'`', b'<', text.as_bytes()).is_none() {
            // no code span or HTML can start: the text stays one raw text
            let kept = self.spans_without_starts(text.len());
            let text = self.src.s.get(range).filter(|_| kept).unwrap_or("");
            pipe_on_lines([(T::RawText, text)].into_iter())
        } else {
            let text = text.to_string();
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
            pipe_on_lines(root.children.iter().map(|c| (c.t, c.value.as_str())))
        };
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

/// `value.split(/(?<!\\)\|/, -1).map { |t| t.gsub(/\\\|/, '|') }`, the
/// first piece appended to the last cell (the row's text before it), the
/// others new cells.
fn push_pipe_split(s: &str, cells: &mut Vec<String>) {
    fn unescape_into(t: &str, out: &mut String) {
        if t.as_bytes().contains(&b'\\') && t.contains("\\|") {
            out.push_str(&t.replace("\\|", "|"));
        } else {
            out.push_str(t);
        }
    }
    let mut last = 0;
    let ends = crate::markdown::fast::unescaped_pipes(s).chain(std::iter::once(s.len()));
    for (i, a) in ends.enumerate() {
        let piece = &s[last..a];
        match cells.last_mut() {
            Some(cell) if i == 0 => unescape_into(piece, cell),
            _ => {
                let mut cell = String::with_capacity(piece.len());
                unescape_into(piece, &mut cell);
                cells.push(cell);
            }
        }
        last = a + 1;
    }
}

/// Ruby's `strip` of a cell (`blocks::strip`: ASCII whitespace and NUL,
/// so that byte positions are character boundaries), in place.
fn strip_owned(mut s: String) -> String {
    let strip = |c: &u8| is_ws(*c) || *c == 0;
    let b = s.as_bytes();
    let r = b.len() - b.iter().rev().take_while(|c| strip(c)).count();
    let l = b[..r].iter().take_while(|c| strip(c)).count();
    s.truncate(r);
    s.drain(..l);
    s
}

/// `g1.scan(TABLE_HSEP_ALIGN)` (`[ \t]?(:?)-+(:?)[ \t]?`) as alignments:
/// each match is the leftmost from where the last ended, its parts taken
/// greedily (all optional after the dashes, so nothing is given back; a
/// colon taken before a non-dash fails with or without it).
fn hsep_alignment(b: &[u8]) -> Vec<Align> {
    let mut out = Vec::new();
    let mut p = 0;
    while p < b.len() {
        let mut i = p + usize::from(matches!(b[p], b' ' | b'\t'));
        let l = b.get(i) == Some(&b':');
        i += usize::from(l);
        if b.get(i) != Some(&b'-') {
            p += 1;
            continue;
        }
        i += b[i..].iter().take_while(|&&c| c == b'-').count();
        let r = b.get(i) == Some(&b':');
        i += usize::from(r);
        i += usize::from(matches!(b.get(i), Some(b' ' | b'\t')));
        out.push(match (l, r) {
            (false, false) => Align::Default,
            (true, false) => Align::Left,
            (false, true) => Align::Right,
            (true, true) => Align::Center,
        });
        p = i;
    }
    out
}

/// Whether the table's text, as code spans and the raw text between them,
/// ends with a pipe on its line (kramdown's check that the table is not a
/// paragraph with pipes in code spans).
fn pipe_on_lines<'a>(children: impl Iterator<Item = (T, &'a str)>) -> bool {
    let mut pipe_on_line = false;
    for (t, v) in children {
        // `v.split("\n")` without its trailing empty strings
        let v = v.trim_end_matches('\n');
        if v.is_empty() {
            continue;
        }
        let b = v.as_bytes();
        let n = memchr::memchr_iter(b'\n', b).count() + 1;
        let first = &b[..memchr::memchr(b'\n', b).unwrap_or(b.len())];
        let last = &b[memchr::memrchr(b'\n', b).map_or(0, |i| i + 1)..];
        if t == T::Codespan {
            if n > 2 || (n == 2 && !pipe_on_line) {
                break;
            } else if n == 2 && pipe_on_line {
                pipe_on_line = false;
            }
        } else {
            let first_pipe = pipe_check(first);
            if n > 1 && !pipe_on_line && !first_pipe {
                break;
            }
            let last_pipe = pipe_check(last);
            pipe_on_line = (if n > 1 { false } else { pipe_on_line }) || last_pipe;
        }
    }
    pipe_on_line
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::test_strings::all_strings;

    /// The hand-written scans agree with kramdown's regexps on every short
    /// string over the characters they look at.
    #[test]
    fn hand_scans_equal_regexps() {
        let leading = crate::markdown::scanner::Re::new(r"^\s*\|", "");
        let alphabet = [' ', '\t', ':', '-', '|', '\\', 'a', '\n'];
        for s in &all_strings(&alphabet, 6) {
            let want: Vec<Align> = TABLE_HSEP_ALIGN
                .captures_all(s)
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
            assert_eq!(hsep_alignment(s.as_bytes()), want, "{s:?}");
            if !s.contains('\n') {
                assert_eq!(
                    pipe_check(s.as_bytes()),
                    TABLE_PIPE_CHECK_LINE.is_match(s),
                    "{s:?}"
                );
                let line = format!("{s}\n");
                assert_eq!(
                    line.bytes().find(|&c| !is_ws(c)) == Some(b'|'),
                    leading.is_match(&line),
                    "{s:?}"
                );
            }
        }
    }
}

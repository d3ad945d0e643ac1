//! rouge's `yaml` lexer (yml): its indentation stack and block scalars.

use std::sync::LazyLock;

use crate::highlight::engine::{Compiled, Cx, Hooks, Machine, M};
use crate::highlight::tables::yaml as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The yaml lexer's instance variables.
pub struct Yaml {
    indent_stack: Vec<i64>,
    next_indent: i64,
    block_scalar_indent: Option<i64>,
}

/// A fresh yaml lexer.
pub fn new() -> Machine<Yaml> {
    Machine::new(Yaml {
        indent_stack: vec![0],
        next_indent: 0,
        block_scalar_indent: None,
    })
}

fn size(s: &str) -> i64 {
    i64::try_from(s.chars().count()).unwrap_or(i64::MAX)
}

/// Ruby's `String#to_i` (leading sign and digits, else 0).
fn ruby_to_i(s: &str) -> i64 {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let n: i64 = digits
        .bytes()
        .take_while(u8::is_ascii_digit)
        .fold(0i64, |a, d| {
            a.saturating_mul(10).saturating_add(i64::from(d - b'0'))
        });
    if neg {
        -n
    } else {
        n
    }
}

/// `s[0...n]` and `s[n..]` of an all-ASCII-space string, clamped.
fn split_at(s: &str, n: i64) -> (&str, &str) {
    let n = usize::try_from(n.max(0)).unwrap_or(0).min(s.len());
    s.split_at(n)
}

impl Yaml {
    fn reset_indent(&mut self) {
        self.indent_stack = vec![0];
        self.next_indent = 0;
        self.block_scalar_indent = None;
    }

    fn indent(&self) -> i64 {
        self.indent_stack.last().copied().unwrap_or(0)
    }

    /// `save_indent`: (text, error) parts of the indentation `m`.
    fn save_indent<'s>(&mut self, m: &'s str) -> (&'s str, &'s str) {
        self.next_indent = size(m);
        if self.next_indent < self.indent() {
            while self.next_indent < self.indent() && self.indent_stack.len() > 1 {
                self.indent_stack.pop();
            }
            split_at(m, self.indent())
        } else {
            (m, "")
        }
    }

    fn set_indent(&mut self, m: &str, implicit: bool) {
        if self.indent() < self.next_indent {
            self.indent_stack.push(self.next_indent);
        }
        if !implicit {
            self.next_indent += size(m);
        }
    }
}

impl Hooks for Yaml {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        let m0 = m.g(0);
        match id {
            94 | 100 => {
                cx.token("nt", m0);
                cx.h.reset_indent();
                cx.push(if id == 94 {
                    t::YAML_DIRECTIVE
                } else {
                    t::TAG_DIRECTIVE
                });
            }
            107 => {
                cx.token("nn", m0);
                cx.h.reset_indent();
                cx.push(t::BLOCK_LINE);
            }
            114 => {
                let (text, err) = cx.h.save_indent(m0);
                cx.token("", text);
                cx.token("err", err);
                cx.push(t::BLOCK_LINE);
                cx.push(t::INDENTATION);
            }
            123 => {
                cx.token("", m0);
                cx.pop(2);
            }
            125 => {
                cx.token("", m0);
                cx.h.next_indent += size(m0);
            }
            131 => {
                cx.h.set_indent(m0, false);
                cx.token("pi", m0);
            }
            137 => {
                cx.token("", m0);
                cx.h.next_indent += size(m0);
                cx.pop(1);
            }
            153 => cx.push(t::PLAIN_SCALAR_IN_BLOCK_CONTEXT),
            178 => {
                cx.groups(m, &["na", "pi"]);
                cx.h.set_indent(m0, true);
            }
            184 => {
                cx.token("pi", m0);
                cx.push(t::BLOCK_SCALAR_CONTENT);
                cx.push(t::BLOCK_SCALAR_HEADER);
            }
            205 => cx.push(t::PLAIN_SCALAR_IN_FLOW_CONTEXT),
            224 => {
                let mark = cx.h.block_scalar_indent.unwrap_or(size(m0));
                let (a, b) = split_at(m0, mark);
                cx.token("", a);
                cx.token("no", b);
            }
            236 => {
                cx.token("", m0);
                let indent_size = size(m0);
                let dedent_level = cx.h.block_scalar_indent.unwrap_or(cx.h.indent());
                cx.h.block_scalar_indent.get_or_insert(indent_size);
                if indent_size < dedent_level {
                    cx.h.save_indent(m0);
                    cx.pop(1);
                    cx.push(t::INDENTATION);
                }
            }
            256 => {
                cx.h.block_scalar_indent = None;
                cx.goto(t::IGNORED_LINE);
                if m0.is_empty() {
                    return;
                }
                // `m[1] || m[2]`: group 1 always took part
                cx.h.block_scalar_indent = Some(cx.h.indent() + ruby_to_i(m.g(1)));
                cx.token("pi", m0);
            }
            310 => cx.pop(3),
            315 => {
                cx.token("", m0);
                cx.pop(1);
                if size(m0) <= cx.h.indent() {
                    cx.pop(1);
                    cx.h.save_indent(m0);
                    cx.push(t::INDENTATION);
                }
            }
            337 => {
                cx.token("", m0);
                cx.push(t::PLAIN_SCALAR_IN_BLOCK_CONTEXT_NEW_LINE);
            }
            361 => {
                cx.groups(m, &["", "m"]);
                cx.goto(t::IGNORED_LINE);
            }
            368 => {
                cx.groups(m, &["", "kt", "", "kt"]);
                cx.goto(t::IGNORED_LINE);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn to_i() {
        assert_eq!(super::ruby_to_i("2-"), 2);
        assert_eq!(super::ruby_to_i("+"), 0);
        assert_eq!(super::ruby_to_i("-3"), -3);
    }
}

//! rouge's `liquid` lexer: tags, output, filters, `raw` and `comment`.

use std::sync::LazyLock;

use crate::highlight::engine::{Compiled, Cx, Hooks, Machine, Tok, M};
use crate::highlight::tables::liquid as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The liquid lexer (no instance variables).
pub struct Liquid;

/// A fresh liquid lexer.
pub fn new() -> Machine<Liquid> {
    Machine::new(Liquid)
}

/// `case s when /'[^']*'/ ... when /"[^"]*"/ ... else other`.
fn quoted(s: Option<&str>, other: Tok) -> Tok {
    let has = |s: &str, q: char| s.find(q).is_some_and(|i| s[i + 1..].contains(q));
    match s {
        Some(s) if has(s, '\'') => "s1",
        Some(s) if has(s, '"') => "s2",
        _ => other,
    }
}

impl Hooks for Liquid {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        match id {
            15 => {
                cx.groups(m, &["p", "w"]);
                cx.push(t::TAG_OR_BLOCK);
            }
            20 => {
                cx.groups(m, &["p", "w"]);
                cx.push(t::OUTPUT);
            }
            33 | 55 => {
                cx.groups(m, &["kr", "w", "p"]);
                cx.pop(1);
            }
            39 => {
                cx.groups(m, &["nt", "w", "nv", "w", "p"]);
                cx.pop(1);
            }
            44 => {
                cx.groups(m, &["nt", "w", "p"]);
                cx.push(t::COMMENT);
            }
            49 => {
                cx.groups(m, &["nt", "w", "p"]);
                cx.push(t::RAW);
            }
            60 => {
                cx.groups(m, &["nt", "w", "p"]);
                cx.pop(1);
            }
            69 => {
                let tc = quoted(m.get(3), "na");
                cx.groups(m, &["nt", "w", tc, "w", "p", "w"]);
                cx.push(t::VARIABLE_TAG_MARKUP);
            }
            84 => {
                cx.groups(m, &["nt", "w", "nv", "w", "nt", "w"]);
                let tc = quoted(m.get(7), "nv");
                cx.token(tc, m.g(7));
                cx.token("w", m.g(8));
                cx.push(t::TAG_MARKUP);
            }
            107 => {
                cx.groups(m, &["nt", "w"]);
                cx.push(t::TAG_MARKUP);
            }
            114 | 253 => {
                cx.groups(m, &["p", "w", "nf"]);
                cx.push(t::FILTERS);
            }
            124 | 275 => cx.groups(m, &["p", "w", "nf"]),
            147 | 151 => {
                cx.token("p", m.g(0));
                cx.stack.clear();
                cx.stack.push(t::ROOT);
            }
            161 => cx.groups(m, &["na", "w", "o"]),
            231 | 242 => {
                cx.groups(m, &["p", "w", "nt", "w", "p"]);
                cx.stack.clear();
                cx.stack.push(t::ROOT);
            }
            263 => {
                cx.groups(m, &["p", "w"]);
                cx.push(t::OUTPUT_EMBED);
            }
            _ => {}
        }
    }
}

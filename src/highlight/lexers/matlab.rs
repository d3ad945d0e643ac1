//! rouge's `matlab` lexer (m): word lists and `!` shell escapes.

use std::sync::LazyLock;

use super::python::has;
use super::shell;
use crate::highlight::engine::{Compiled, Cx, Hooks, Lex, Machine, M};
use crate::highlight::tables::matlab as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The matlab lexer (no instance variables).
pub struct Matlab;

/// A fresh matlab lexer.
pub fn new() -> Machine<Matlab> {
    Machine::new(Matlab)
}

impl Hooks for Matlab {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        let m0 = m.g(0);
        match id {
            32 => cx.groups(m, &["k", "c"]),
            36 => {
                cx.token("k", m.g(1));
                shell::new().continue_lex(m.g(2), cx.out);
            }
            42 => {
                let tok = if has(t::KEYWORDS, m0) {
                    "k"
                } else if has(t::BUILTINS, m0) {
                    "nb"
                } else {
                    "n"
                };
                cx.token(tok, m0);
            }
            _ => {}
        }
    }
}

//! rouge's `python` lexer (py): its string register (prefix and delimiter
//! of the open strings), f-string interpolation and word lists.

use std::sync::LazyLock;

use crate::highlight::engine::{Compiled, Cx, Hooks, Lex, Machine, M};
use crate::highlight::tables::python as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The python lexer's instance variables.
#[derive(Default)]
pub struct Python {
    /// `StringRegister`: (lowercased prefix, delimiter) of open strings
    strings: Vec<(String, String)>,
}

/// A fresh python lexer.
pub fn new() -> Machine<Python> {
    Machine::new(Python::default())
}

pub(crate) fn has(list: &[&str], w: &str) -> bool {
    crate::highlight::engine::in_sorted(list, w)
}

impl Python {
    fn type_has(&self, c: &str) -> bool {
        self.strings.last().is_some_and(|(t, _)| t.contains(c))
    }
}

impl Hooks for Python {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        match id {
            79 => cx.groups(m, &["p", "", "sd"]),
            93 => cx.groups(m, &["kn", "", "nn", "", "kn"]),
            101 => cx.groups(m, &["kn", "", "nn"]),
            105 => {
                cx.groups(m, &["k", ""]);
                cx.push(t::FUNCNAME);
            }
            110 => {
                cx.groups(m, &["k", ""]);
                cx.push(t::CLASSNAME);
            }
            117 => {
                cx.groups(m, &["sa", "s"]);
                cx.h.strings
                    .push((m.g(1).to_lowercase(), m.g(2).to_string()));
                cx.push(t::GENERIC_STRING);
            }
            126 => {
                let w = m.g(0);
                let tok = if has(t::KEYWORDS, w) {
                    "k"
                } else if has(t::EXCEPTIONS, w) || has(t::BUILTINS, w) {
                    "nb"
                } else if has(t::BUILTINS_PSEUDO, w) {
                    "bp"
                } else {
                    "n"
                };
                cx.token(tok, w);
            }
            181 => {
                cx.token("s", m.g(0));
                if cx.h.strings.last().is_some_and(|(_, d)| d == m.g(0)) {
                    cx.h.strings.pop();
                    cx.pop(1);
                }
            }
            191 => {
                if cx.h.type_has("f") {
                    cx.token("si", m.g(0));
                    cx.push(t::GENERIC_INTERPOL);
                } else {
                    cx.token("s", m.g(0));
                }
            }
            202 => {
                let tok = if cx.h.type_has("r") { "s" } else { "se" };
                cx.token(tok, m.g(0));
                cx.pop(1);
            }
            221 => new().continue_lex(m.g(0), cx.out),
            _ => {}
        }
    }
}

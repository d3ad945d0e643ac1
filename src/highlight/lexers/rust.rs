//! rouge's `rust` lexer (rs): macro delimiter counting and builtins.

use std::sync::LazyLock;

use super::python::has;
use crate::highlight::engine::{Compiled, Cx, Hooks, Machine, M};
use crate::highlight::tables::rust as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The rust lexer's `@macro_delims` (open `]`, `)`, `}` counts).
#[derive(Default)]
pub struct Rust {
    delims: [i64; 3],
}

/// A fresh rust lexer.
pub fn new() -> Machine<Rust> {
    Machine::new(Rust::default())
}

fn slot(close: &str) -> usize {
    match close {
        "]" | "[" => 0,
        ")" | "(" => 1,
        _ => 2,
    }
}

impl Hooks for Rust {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn start(h: &mut Self, stack: &mut Vec<usize>) {
        h.delims = [0; 3];
        stack.push(t::BOL);
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        let m0 = m.g(0);
        match id {
            165 => cx.groups(m, &["nn", "p"]),
            175 => cx.token(if has(t::BUILTINS, m0) { "nb" } else { "n" }, m0),
            188 => {
                cx.h.delims[slot(m0)] += 1;
                cx.token("p", m0);
            }
            194 => {
                cx.h.delims[slot(m0)] -= 1;
                if cx.h.delims.iter().all(|d| *d == 0) {
                    cx.pop(1);
                }
                cx.token("p", m0);
            }
            _ => {}
        }
    }
}

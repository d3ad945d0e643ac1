//! rouge's `fortran` lexer: labels, FORMAT statements and word lists (lower-cased).

use std::sync::LazyLock;

use super::python::has;
use crate::highlight::engine::{Compiled, Cx, Hooks, Machine, M};
use crate::highlight::tables::fortran as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The fortran lexer (no instance variables).
pub struct Fortran;

/// A fresh fortran lexer.
pub fn new() -> Machine<Fortran> {
    Machine::new(Fortran)
}

impl Hooks for Fortran {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        match id {
            98 => {
                cx.token("w", m.g(1));
                cx.token("nl", m.g(2));
            }
            105 => {
                cx.groups(m, &["k", "w", "p"]);
                cx.push(t::FORMAT_SPEC);
            }
            139 => {
                let low = m.g(0).to_lowercase();
                let tok = if has(t::KEYWORDS, &low) {
                    "k"
                } else if has(t::TYPES, &low) {
                    "kt"
                } else if has(t::INTRINSICS, &low) {
                    "nb"
                } else {
                    "n"
                };
                cx.token(tok, m.g(0));
            }
            _ => {}
        }
    }
}

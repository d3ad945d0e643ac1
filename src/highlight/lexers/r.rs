//! rouge's `r` lexer (R, s, S): its word lists.

use std::sync::LazyLock;

use super::python::has;
use crate::highlight::engine::{Compiled, Cx, Hooks, Machine, M};
use crate::highlight::tables::r as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The r lexer (no instance variables).
pub struct R;

/// A fresh r lexer.
pub fn new() -> Machine<R> {
    Machine::new(R)
}

impl Hooks for R {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        let m0 = m.g(0);
        if id == 71 {
            let tok = if has(t::KEYWORDS, m0) {
                "k"
            } else if has(t::KEYWORD_CONSTANTS, m0) {
                "kc"
            } else if has(t::BUILTIN_CONSTANTS, m0) {
                "nb"
            } else {
                "n"
            };
            cx.token(tok, m0);
        }
    }
}

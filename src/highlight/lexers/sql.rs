//! rouge's `sql` lexer: keywords and types, compared upper-cased.

use std::sync::LazyLock;

use super::python::has;
use crate::highlight::engine::{Compiled, Cx, Hooks, Machine, M};
use crate::highlight::tables::sql as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The sql lexer (no instance variables).
pub struct Sql;

/// A fresh sql lexer.
pub fn new() -> Machine<Sql> {
    Machine::new(Sql)
}

impl Hooks for Sql {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        if id == 118 {
            let up = m.g(0).to_uppercase();
            let tok = if has(t::KEYWORDS_TYPE, &up) {
                "nb"
            } else if has(t::KEYWORDS, &up) {
                "k"
            } else {
                "n"
            };
            cx.token(tok, m.g(0));
        }
    }
}

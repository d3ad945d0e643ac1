//! rouge's `json` lexer: its one Ruby block (object keys).

use std::sync::LazyLock;

use crate::highlight::engine::{Compiled, Cx, Hooks, Machine, M};
use crate::highlight::tables::json as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The json lexer (no instance variables).
pub struct Json;

/// A fresh json lexer.
pub fn new() -> Machine<Json> {
    Machine::new(Json)
}

impl Hooks for Json {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        if id == 40 {
            cx.groups(m, &["nl", "w", "p"]);
        }
    }
}

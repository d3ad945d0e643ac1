//! rouge's `ini` lexer: its one Ruby block (`key = value` lines).

use std::sync::LazyLock;

use crate::highlight::engine::{Compiled, Cx, Hooks, Machine, M};
use crate::highlight::tables::ini as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The ini lexer (no instance variables).
pub struct Ini;

/// A fresh ini lexer.
pub fn new() -> Machine<Ini> {
    Machine::new(Ini)
}

impl Hooks for Ini {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        if id == 26 {
            cx.groups(m, &["py", "", "p"]);
            cx.push(t::VALUE);
        }
    }
}

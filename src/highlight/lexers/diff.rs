//! rouge's `diff` lexer (patch, udiff): its one Ruby block (hunk headers).

use std::sync::LazyLock;

use crate::highlight::engine::{Compiled, Cx, Hooks, Machine, M};
use crate::highlight::tables::diff as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The diff lexer (no instance variables).
pub struct Diff;

/// A fresh diff lexer.
pub fn new() -> Machine<Diff> {
    Machine::new(Diff)
}

impl Hooks for Diff {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        if id == 28 {
            cx.groups(m, &["p", ""]);
        }
    }
}

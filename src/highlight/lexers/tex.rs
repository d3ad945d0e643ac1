//! rouge's `tex` lexer (TeX, LaTeX, latex): its one Ruby block (`\verb`).

use std::sync::LazyLock;

use crate::highlight::engine::{Compiled, Cx, Hooks, Machine, M};
use crate::highlight::tables::tex as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The tex lexer (no instance variables).
pub struct Tex;

/// A fresh tex lexer.
pub fn new() -> Machine<Tex> {
    Machine::new(Tex)
}

impl Hooks for Tex {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        if id == 33 {
            cx.groups(m, &["nb", "kp", "sx", "kp"]);
        }
    }
}

//! rouge's `julia` lexer (jl): function and type declarations.

use std::sync::LazyLock;

use crate::highlight::engine::{Compiled, Cx, Hooks, Machine, M};
use crate::highlight::tables::julia as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The julia lexer (no instance variables).
pub struct Julia;

/// A fresh julia lexer.
pub fn new() -> Machine<Julia> {
    Machine::new(Julia)
}

impl Hooks for Julia {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        match id {
            198 => {
                cx.groups(m, &["k", "nf"]);
                cx.push(t::FUNCNAME);
            }
            204 => {
                cx.groups(m, &["k", "nc"]);
                cx.push(t::TYPENAME);
            }
            _ => {}
        }
    }
}

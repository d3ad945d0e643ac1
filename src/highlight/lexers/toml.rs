//! rouge's `toml` lexer: keys, inline tables and values.

use std::sync::LazyLock;

use crate::highlight::engine::{Compiled, Cx, Hooks, Machine, M};
use crate::highlight::tables::toml as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The toml lexer (no instance variables).
pub struct Toml;

/// A fresh toml lexer.
pub fn new() -> Machine<Toml> {
    Machine::new(Toml)
}

impl Hooks for Toml {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        match id {
            22 => {
                cx.groups(m, &["nn", "", "o", "", "p"]);
                cx.push(t::INLINE);
            }
            44 => {
                cx.groups(m, &["py", "", "p"]);
                cx.push(t::VALUE);
            }
            58 => cx.groups(m, &["py", "", "p"]),
            _ => {}
        }
    }
}

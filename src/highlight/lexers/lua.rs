//! rouge's `lua` lexer (default options: builtin functions highlighted):
//! names (`a.b` split), `gsub` patterns and function names.

use std::sync::LazyLock;

use super::python::has;
use crate::highlight::engine::{Compiled, Cx, Hooks, Machine, M};
use crate::highlight::tables::lua as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The lua lexer (no instance variables besides its options).
pub struct Lua;

/// A fresh lua lexer.
pub fn new() -> Machine<Lua> {
    Machine::new(Lua)
}

impl Hooks for Lua {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        let m0 = m.g(0);
        match id {
            73 => {
                if m0 == "gsub" {
                    cx.token("nb", m0);
                    cx.push(t::GSUB);
                } else if has(t::BUILTINS, m0) {
                    cx.token("nb", m0);
                } else if let Some((a, b)) = m0.split_once('.') {
                    cx.token("n", a);
                    cx.token("p", ".");
                    cx.token("n", b);
                } else {
                    cx.token("n", m0);
                }
            }
            96 => {
                cx.groups(m, &["nc", "p", "nf"]);
                cx.pop(1);
            }
            112 => {
                cx.token("sr", m0);
                cx.goto(t::REGEX_END);
            }
            133 => cx.groups(m, &["se", "sr"]),
            _ => {}
        }
    }
}

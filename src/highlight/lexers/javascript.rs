//! rouge's `javascript` lexer (js): regex literals, object literals,
//! ternaries, template strings and its word lists.

use std::sync::LazyLock;

use super::python::has;
use crate::highlight::engine::{Compiled, Cx, Hooks, Machine, M};
use crate::highlight::tables::javascript as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The javascript lexer (no instance variables).
pub struct Javascript;

/// A fresh javascript lexer.
pub fn new() -> Machine<Javascript> {
    Machine::new(Javascript)
}

impl Hooks for Javascript {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        let m0 = m.g(0);
        match id {
            46 => {
                cx.token("sr", m0);
                cx.goto(t::REGEX);
            }
            51 => {
                cx.token("p", m0);
                cx.goto(t::OBJECT);
            }
            60 => {
                cx.token("sr", m0);
                cx.goto(t::REGEX_END);
            }
            87 => {
                cx.token("err", m0);
                cx.pop(2);
            }
            160 => {
                cx.token("s2", m0);
                cx.push(t::TEMPLATE_STRING);
            }
            169 => {
                cx.token("p", m0);
                cx.push(t::TERNARY);
                cx.push(t::EXPR_START);
            }
            175 => {
                cx.groups(m, &["p", "nd"]);
                cx.push(t::EXPR_START);
            }
            182 => {
                if has(t::KEYWORDS, m0) {
                    cx.token("k", m0);
                    cx.push(t::EXPR_START);
                } else if has(t::DECLARATIONS, m0) {
                    cx.token("kd", m0);
                    cx.push(t::EXPR_START);
                } else if has(t::RESERVED, m0) {
                    cx.token("kr", m0);
                } else if has(t::CONSTANTS, m0) {
                    cx.token("kc", m0);
                } else if has(t::BUILTINS, m0) {
                    cx.token("nb", m0);
                } else {
                    cx.token("nx", m0);
                }
            }
            225 => {
                cx.token("k", m0);
                cx.goto(t::EXPR_START);
            }
            230 => cx.groups(m, &["nl", "", "p"]),
            241 => {
                cx.token("p", m0);
                let top = cx.state();
                cx.push(top);
            }
            246 => {
                cx.token("p", m0);
                cx.goto(t::STATEMENT);
            }
            251 => {
                cx.groups(m, &["na", "", "p"]);
                cx.push(t::EXPR_START);
            }
            262 => {
                cx.token("p", m0);
                cx.goto(t::EXPR_START);
            }
            _ => {}
        }
    }
}

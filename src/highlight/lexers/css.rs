//! rouge's `css` lexer: identifiers, property names and at-rule bodies.

use std::sync::LazyLock;

use super::python::has;
use crate::highlight::engine::{Compiled, Cx, Hooks, Machine, M};
use crate::highlight::tables::css as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The css lexer (no instance variables).
pub struct Css;

/// A fresh css lexer.
pub fn new() -> Machine<Css> {
    Machine::new(Css)
}

impl Hooks for Css {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        let m0 = m.g(0);
        match id {
            209 => {
                let tok = if has(t::CONSTANTS, m0) {
                    "no"
                } else if has(t::BUILTINS, m0) {
                    "nb"
                } else {
                    "n"
                };
                cx.token(tok, m0);
            }
            238 => {
                cx.token("p", m0);
                cx.pop(2);
            }
            252 => {
                let name = m.g(1);
                let tok = if has(t::ATTRIBUTES, name)
                    || t::VENDOR_PREFIXES.iter().any(|p| name.starts_with(p))
                {
                    "nl"
                } else {
                    "py"
                };
                cx.groups(m, &[tok, "", "p"]);
                cx.push(t::STANZA_VALUE);
            }
            _ => {}
        }
    }
}

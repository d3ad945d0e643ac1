//! rouge's `java` lexer: method declarations (their return types lexed again) and member access.

use std::sync::LazyLock;

use crate::highlight::engine::Lex;
use crate::highlight::engine::{Compiled, Cx, Hooks, Machine, M};
use crate::highlight::tables::java as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The java lexer (no instance variables).
pub struct Java;

/// A fresh java lexer.
pub fn new() -> Machine<Java> {
    Machine::new(Java)
}

impl Hooks for Java {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        match id {
            38 => {
                new().continue_lex(m.g(1), cx.out);
                cx.token("nf", m.g(2));
                cx.token("", m.g(3));
                cx.token("o", m.g(4));
            }
            58 => cx.groups(m, &["o", "na"]),
            _ => {}
        }
    }
}

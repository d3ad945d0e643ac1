//! rouge's `docker` lexer (dockerfile): instructions, with `RUN` lines
//! delegated to a shell lexer that keeps its state.

use std::sync::LazyLock;

use super::shell;
use crate::highlight::engine::{Compiled, Cx, Hooks, Lex, Machine, M};
use crate::highlight::tables::docker as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The docker lexer's shell lexer.
pub struct Docker {
    shell: Machine<shell::Shell>,
}

/// A fresh docker lexer.
pub fn new() -> Machine<Docker> {
    Machine::new(Docker {
        shell: shell::new(),
    })
}

impl Hooks for Docker {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn start(h: &mut Self, _stack: &mut Vec<usize>) {
        h.shell = shell::new();
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        match id {
            23 => cx.groups(m, &["k", "w", "s", "w", "k", "w", "s"]),
            27 => cx.groups(m, &["k", "w", "k", "s"]),
            31 => cx.groups(m, &["k", "s"]),
            37 => {
                cx.token("k", m.g(0));
                cx.push(t::RUN);
                cx.h.shell = shell::new();
            }
            51 => cx.h.shell.continue_lex(m.g(0), cx.out),
            _ => {}
        }
    }
}

//! rouge's `shell` lexer (sh, bash, zsh, ksh): its heredoc blocks.

use std::sync::LazyLock;

use crate::highlight::engine::{Compiled, Cx, Hooks, Machine, M};
use crate::highlight::tables::shell as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The shell lexer's instance variables.
#[derive(Default)]
pub struct Shell {
    heredoc: String,
}

/// A fresh shell lexer.
pub fn new() -> Machine<Shell> {
    Machine::new(Shell::default())
}

impl Hooks for Shell {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        match id {
            57 => cx.groups(m, &["nv", "o"]),
            67 => {
                cx.groups(m, &["o", "", "sh", "sh", "no", "sh"]);
                cx.h.heredoc = m.g(5).to_string();
                cx.push(t::HEREDOC);
            }
            82 => {
                if m.g(1) == cx.h.heredoc {
                    cx.token("no", m.g(0));
                    cx.pop(2);
                } else {
                    cx.token("sh", m.g(0));
                }
            }
            _ => {}
        }
    }
}

//! rouge's `bibtex` lexer (bib): entry types and their bodies.

use std::sync::LazyLock;

use crate::highlight::engine::{Compiled, Cx, Hooks, Machine, M};
use crate::highlight::tables::bibtex as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The bibtex lexer (no instance variables).
pub struct Bibtex;

/// A fresh bibtex lexer.
pub fn new() -> Machine<Bibtex> {
    Machine::new(Bibtex)
}

impl Hooks for Bibtex {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        let m0 = m.g(0);
        match id {
            22 => match m.g(1).to_lowercase().as_str() {
                "comment" => cx.token("c", m0),
                kind => {
                    cx.token("nc", m0);
                    cx.push(t::CLOSING_BRACE);
                    cx.push(match kind {
                        "preamble" => t::VALUE,
                        "string" => t::FIELD,
                        _ => t::COMMAND_BODY,
                    });
                    cx.push(t::OPENING_BRACE);
                }
            },
            60 => {
                cx.token("nl", m0);
                cx.pop(1);
                cx.push(t::FIELDS);
            }
            75 => {
                cx.token("na", m0);
                cx.push(t::VALUE);
                cx.push(t::EQUAL_SIGN);
            }
            _ => {}
        }
    }
}

//! rouge's `html` lexer: tags and attributes, with `<script>` delegated to
//! the javascript lexer and `<style>` to the css lexer.

use std::sync::LazyLock;

use super::{css, javascript};
use crate::highlight::engine::{Compiled, Cx, Hooks, Lex, Machine, M};
use crate::highlight::tables::html as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The html lexer's sub-lexers.
pub struct Html {
    js: Machine<javascript::Javascript>,
    css: Machine<css::Css>,
}

/// A fresh html lexer.
pub fn new() -> Machine<Html> {
    Machine::new(Html {
        js: javascript::new(),
        css: css::new(),
    })
}

impl Hooks for Html {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn start(h: &mut Self, _stack: &mut Vec<usize>) {
        h.js = javascript::new();
        h.css = css::new();
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        let m0 = m.g(0);
        match id {
            32 => {
                cx.token("nt", m0);
                cx.h.js = javascript::new();
                cx.push(t::SCRIPT_CONTENT);
                cx.push(t::TAG);
            }
            39 => {
                cx.token("nt", m0);
                cx.h.css = css::new();
                cx.push(t::STYLE_CONTENT);
                cx.push(t::TAG);
            }
            56 => {
                cx.token("nt", m0);
                cx.goto(t::TAG_END_END);
            }
            70 => {
                cx.token("nt", m0);
                cx.goto(t::TAG);
            }
            75 => cx.goto(t::TAG),
            93 => {
                cx.token("s", m0);
                cx.goto(t::DQ);
            }
            98 => {
                cx.token("s", m0);
                cx.goto(t::SQ);
            }
            117 | 123 => cx.h.js.continue_lex(m0, cx.out),
            129 | 135 => cx.h.css.continue_lex(m0, cx.out),
            _ => {}
        }
    }
}

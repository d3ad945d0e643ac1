//! rouge's `jsx` lexer (react) and `tsx`, its TypeScript variant: the
//! javascript (typescript) states with XML-like elements, whose text is
//! delegated to an html lexer that keeps its state. Everything else is in
//! the generated tables; the one Ruby block left is that delegation.

use std::sync::LazyLock;

use super::html;
use crate::highlight::engine::{Compiled, Cx, Hooks, Lex, Machine, M};
use crate::highlight::tables::{jsx as tj, tsx as tt};

static JSX: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(tj::STATES));
static TSX: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(tt::STATES));

/// The jsx lexer's html lexer (`@html`, made by its `start` block).
pub struct Jsx {
    html: Machine<html::Html>,
}

/// The tsx lexer's html lexer.
pub struct Tsx {
    html: Machine<html::Html>,
}

/// A fresh jsx lexer.
pub fn new_jsx() -> Machine<Jsx> {
    Machine::new(Jsx { html: html::new() })
}

/// A fresh tsx lexer.
pub fn new_tsx() -> Machine<Tsx> {
    Machine::new(Tsx { html: html::new() })
}

impl Hooks for Jsx {
    fn compiled() -> &'static Compiled {
        &JSX
    }

    // start { @html = HTML.new(options); push :expr_start }
    fn start(h: &mut Self, stack: &mut Vec<usize>) {
        h.html = html::new();
        stack.push(tj::EXPR_START);
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        // jsx.rb:43, `rule %r/[^<{]+/ do delegate @html end`
        if id == 43 {
            cx.h.html.continue_lex(m.g(0), cx.out);
        }
    }
}

impl Hooks for Tsx {
    fn compiled() -> &'static Compiled {
        &TSX
    }

    fn start(h: &mut Self, stack: &mut Vec<usize>) {
        h.html = html::new();
        stack.push(tt::EXPR_START);
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        // the same rule, inherited from jsx.rb:43
        if id == 10_043 {
            cx.h.html.continue_lex(m.g(0), cx.out);
        }
    }
}

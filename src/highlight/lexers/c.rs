//! rouge's `c` lexer and its subclass `cpp` (c++, cc, ...): word lists,
//! `#include` lines and function definitions (lexed again by a fresh lexer).

use std::sync::LazyLock;

use super::python::has;
use crate::highlight::engine::{Compiled, Cx, Hooks, Lex, Machine, Out, M};
use crate::highlight::tables::{c as tc, cpp as tcpp};

static C_COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(tc::STATES));
static CPP_COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(tcpp::STATES));

/// The c lexer (no instance variables).
pub struct C;
/// The cpp lexer (no instance variables).
pub struct Cpp;

/// A fresh c lexer.
pub fn new_c() -> Machine<C> {
    Machine::new(C)
}

/// A fresh cpp lexer.
pub fn new_cpp() -> Machine<Cpp> {
    Machine::new(Cpp)
}

/// What differs between the two lexers' tables.
struct Tab {
    bol: usize,
    function: usize,
    keywords: &'static [&'static str],
    keywords_type: &'static [&'static str],
    reserved: &'static [&'static str],
    builtins: &'static [&'static str],
    recurse: fn(&str, &mut Out),
}

const C_TAB: Tab = Tab {
    bol: tc::BOL,
    function: tc::FUNCTION,
    keywords: tc::KEYWORDS,
    keywords_type: tc::KEYWORDS_TYPE,
    reserved: tc::RESERVED,
    builtins: tc::BUILTINS,
    recurse: |s, out| new_c().continue_lex(s, out),
};

const CPP_TAB: Tab = Tab {
    bol: tcpp::BOL,
    function: tcpp::FUNCTION,
    keywords: tcpp::KEYWORDS,
    keywords_type: tcpp::KEYWORDS_TYPE,
    reserved: tcpp::RESERVED,
    builtins: tcpp::BUILTINS,
    recurse: |s, out| new_cpp().continue_lex(s, out),
};

/// c.rb's blocks, by line.
fn cb<H>(cx: &mut Cx<'_, H>, line: u32, m: &M<'_>, tab: &Tab) {
    let m0 = m.g(0);
    match line {
        112 => {
            let tok = if has(tab.keywords, m0) {
                "k"
            } else if has(tab.keywords_type, m0) {
                "kt"
            } else if has(tab.reserved, m0) {
                "kr"
            } else if has(tab.builtins, m0) {
                "nb"
            } else {
                "n"
            };
            cx.token(tok, m0);
        }
        136 => {
            (tab.recurse)(m.g(1), cx.out);
            cx.token("nf", m.g(2));
            (tab.recurse)(m.g(3), cx.out);
            (tab.recurse)(m.g(4), cx.out);
            cx.token("p", m.g(5));
            if m.g(5) == "{" {
                cx.push(tab.function);
            }
        }
        183 | 186 => cx.groups(m, &["cp", "", "cpf", "c1"]),
        _ => {}
    }
}

impl Hooks for C {
    fn compiled() -> &'static Compiled {
        &C_COMPILED
    }

    fn start(_h: &mut Self, stack: &mut Vec<usize>) {
        stack.push(C_TAB.bol);
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        cb(cx, id, m, &C_TAB);
    }
}

impl Hooks for Cpp {
    fn compiled() -> &'static Compiled {
        &CPP_COMPILED
    }

    fn start(_h: &mut Self, stack: &mut Vec<usize>) {
        stack.push(CPP_TAB.bol);
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        cb(cx, id.saturating_sub(10_000), m, &CPP_TAB);
    }
}

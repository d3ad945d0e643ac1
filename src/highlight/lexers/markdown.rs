//! rouge's `markdown` lexer (md, mkd): front matter delegated to yaml,
//! inline HTML to the html lexer, fenced code to the fence's language.

use std::sync::LazyLock;

use super::{guess, html, yaml, PlainLex};
use crate::highlight::engine::{Compiled, Cx, Hooks, Lex, Machine, M};
use crate::highlight::tables::markdown as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The state pushed for a fence left open (rouge builds it at run time).
const OPEN_FENCE: usize = usize::MAX;

/// The markdown lexer's instance variables.
pub struct Markdown {
    html: Machine<html::Html>,
    /// the open fence's marker and language lexer
    fence: Option<(String, Box<dyn Lex>)>,
}

/// A fresh markdown lexer.
pub fn new() -> Machine<Markdown> {
    Machine::new(Markdown {
        html: html::new(),
        fence: None,
    })
}

/// `Lexer.find_fancy(name, code) || PlainText.new(token: Str::Backtick)`.
fn sublexer(name: &str, code: &str) -> Box<dyn Lex> {
    let tag = if name.is_empty() {
        Some(guess::guess(code))
    } else {
        crate::highlight::find_lexer(name)
    };
    match tag {
        Some(tag) => super::new(tag).unwrap_or_else(|| Box::new(PlainLex("")) as Box<dyn Lex>),
        None => Box::new(PlainLex("sb")),
    }
}

fn ruby_strip(s: &str) -> &str {
    s.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r' | '\0'))
}

impl Hooks for Markdown {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn start(h: &mut Self, _stack: &mut Vec<usize>) {
        h.html = html::new();
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        let m0 = m.g(0);
        match id {
            25 => yaml::new().continue_lex(m0, cx.out),
            35 => {
                let name = ruby_strip(m.g(3));
                let mut sub = sublexer(name, m.get(5).unwrap_or(""));
                cx.token("", m.g(1));
                cx.token("p", m.g(2));
                cx.token("nl", m.g(3));
                if let Some(code) = m.get(5) {
                    sub.continue_lex(code, cx.out);
                }
                cx.token("", m.g(6));
                if m.get(7).is_some() {
                    cx.token("p", m.g(7));
                } else {
                    cx.h.fence = Some((m.g(2).to_string(), sub));
                    cx.push(OPEN_FENCE);
                }
            }
            93 => {
                cx.groups(m, &["", "p", "ss", "p", "", "p"]);
                cx.push(t::TITLE);
                cx.push(t::URL);
            }
            105 => {
                cx.groups(m, &["p", "nv", "p"]);
                cx.push(t::LINK);
            }
            123 | 124 => cx.h.html.continue_lex(m0, cx.out),
            134 => {
                cx.groups(m, &["p", "ss", "p"]);
                cx.pop(1);
            }
            139 => {
                cx.token("p", m0);
                cx.push(t::INLINE_TITLE);
                cx.push(t::INLINE_URL);
            }
            154 => {
                cx.groups(m, &["nt", "sx", "nt"]);
                cx.pop(1);
            }
            _ => {}
        }
    }

    /// `^([ \t]*)(FENCE)` closes, `^.*\n` goes to the fence's lexer.
    fn dyn_step(cx: &mut Cx<'_, Self>, _st: usize) -> Option<usize> {
        let rest = &cx.text[cx.pos..];
        if cx.pos > 0 && cx.text.as_bytes()[cx.pos - 1] != b'\n' {
            return None;
        }
        let (marker, sub) = cx.h.fence.as_mut()?;
        let ind = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        if rest[ind..].starts_with(marker.as_str()) {
            let n = ind + marker.len();
            cx.out.token("", &rest[..ind]);
            cx.out.token("p", &rest[ind..n]);
            cx.pop(1);
            return Some(n);
        }
        let line = rest.find('\n')?;
        sub.continue_lex(&rest[..=line], cx.out);
        Some(line + 1)
    }
}
